import { CONTACT_CATALOG, type AttributeDef } from '../../domain/catalog/contact-catalog.ts';
import { CUSTOM_VALUE_TYPES, MAX_OPTIONS, SEARCHED_CUSTOM_TYPES } from '../../domain/catalog/custom-attribute.ts';
import { customAttributeDef } from '../../domain/catalog/organization-catalog.ts';
import { ALL_FILTER_OPERATORS } from '../../domain/catalog/filter-operators.ts';
import { MAX_MATCH_EMAILS } from '../../domain/contacts.ts';
import { DEFAULT_QUERY_LIMIT, MAX_FILTER_CONDITIONS, MAX_FILTER_DEPTH, MAX_FILTER_VALUES, MAX_IN_VALUES, MAX_QUERY_LIMIT, MAX_SEARCH_LENGTH, MAX_SORT_FIELDS } from '../../domain/contact-query.ts';
import { ITEM_LABELS } from '../../domain/values/contact-item.ts';
import { VALUE_SCHEMAS, readEnvelope, selectOption, writeValue, type JsonSchema } from './value-schemas.ts';

// Every shared wire schema has an $id; routes point at them with `{$ref: '<Id>#'}` and the OpenAPI
// document lists them under components.schemas. All of them are generated from the catalog.

const flags = (def: AttributeDef): string =>
  def.isCreatable && def.isUpdatable ? 'Writable on create and PATCH.' : def.isCreatable ? 'Writable on create only.' : 'Read-only: set by the server.';

/** A stand-in row per custom value type and list-ness: what any custom attribute of that type looks like on the wire. */
const CUSTOM_SHAPES: AttributeDef[] = CUSTOM_VALUE_TYPES.flatMap((valueType) => [false, true].map((isArray) => customAttributeDef({
  organizationId: '', id: '', apiName: `custom_${valueType}`, displayName: valueType, valueType, isArray, isUnique: false, isRequiredOnCreate: false,
  description: '', options: [], archivedAt: null, createdAt: '', updatedAt: '',
})));

const SEE_SCHEMA = 'Which custom attributes an organization has, with each one\'s value_type, is_array and options, is listed by GET /api/v2/_schema/contact (is_custom: true).';

/** Any custom attribute's value in a record: an envelope, or a list of envelopes, typed by the value-type union. */
export const CUSTOM_ATTRIBUTE_VALUE_SCHEMA: JsonSchema = {
  $id: 'CustomAttributeValue',
  description: `A custom attribute of the organization, after the standard attributes: an envelope {value, value_type} (value null when unset), or for a list (is_array) an array of envelopes ([] when unset). ${SEE_SCHEMA}`,
  anyOf: [
    { anyOf: CUSTOM_SHAPES.filter((d) => !d.isList).map(readEnvelope), title: 'scalar' },
    { type: 'array', items: { anyOf: CUSTOM_SHAPES.filter((d) => d.isList).map(readEnvelope) }, title: 'list' },
  ],
};

/** What a write accepts for any custom attribute. */
export const CUSTOM_ATTRIBUTE_INPUT_SCHEMA: JsonSchema = {
  $id: 'CustomAttributeInput',
  description: `A value for a custom attribute: raw or as the read envelope, null to clear; an array for a list (is_array). string ≤ 255 characters, long_text ≤ 65536, number a finite JSON number, date YYYY-MM-DD, url an absolute http(s) URL, select an option's api_name, id or display value, currency {amount: "<decimal string>", currency_code: "<ISO 4217>"}, record_reference a user (UUID, {related_record_id} or {related_record_match: {email}}). A value of the wrong type or an unknown option is 422 field_value_invalid; an archived attribute is 422 unknown_field. ${SEE_SCHEMA}`,
  anyOf: [
    ...new Map(CUSTOM_SHAPES.filter((d) => !d.isList).map((d) => [d.valueType, writeValue(d)])).values(),
    { type: 'array', items: { anyOf: CUSTOM_SHAPES.filter((d) => d.isList).map((d) => (writeValue(d).items as JsonSchema)) } },
  ],
};

export const CONTACT_RECORD_SCHEMA: JsonSchema = {
  $id: 'ContactRecord',
  type: 'object',
  description: 'A contact. Every catalog attribute is always present, as a value envelope {value, value_type}; an unset scalar has value null, an unset list is []. Attributes come in catalog order: the standard ones listed here, then the organization\'s live custom attributes (see CustomAttributeValue and GET /api/v2/_schema/contact).',
  properties: {
    id: { type: 'string', format: 'uuid' },
    created_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
    attributes: {
      type: 'object',
      properties: Object.fromEntries(
        CONTACT_CATALOG.map((def) => {
          const description = `${def.description} ${flags(def)}`;
          return [def.apiName, def.isList ? { type: 'array', items: readEnvelope(def), description } : { ...readEnvelope(def), description }];
        }),
      ),
      required: CONTACT_CATALOG.map((def) => def.apiName),
      additionalProperties: { $ref: 'CustomAttributeValue#' },
    },
    record_type: { type: 'string', const: 'contact' },
  },
  required: ['id', 'created_at', 'updated_at', 'attributes', 'record_type'],
  additionalProperties: false,
};

function writeAttributes(id: string, mode: 'create' | 'update', description: string, minProperties = 1): JsonSchema {
  const writable = CONTACT_CATALOG.filter((def) => (mode === 'create' ? def.isCreatable : def.isUpdatable));
  return {
    $id: id,
    type: 'object',
    description,
    properties: Object.fromEntries(writable.map((def) => [def.apiName, writeValue(def)])),
    ...(minProperties > 0 ? { minProperties } : {}),
    additionalProperties: { $ref: 'CustomAttributeInput#' },
  };
}

export const CONTACT_CREATE_ATTRIBUTES_SCHEMA = writeAttributes(
  'ContactCreateAttributes',
  'create',
  'The attributes of a new contact. Each may be a raw value or the read envelope {value, value_type}. At least one of first_name, last_name, primary_email or contact_emails is required. Any other attribute (display_name, ids, timestamps, activity fields) is 422 field_not_creatable; an unknown name is unknown_field.',
);

export const CONTACT_PATCH_ATTRIBUTES_SCHEMA = writeAttributes(
  'ContactPatchAttributes',
  'update',
  'The attributes to change: an omitted attribute is untouched, a value sets it, null clears it (nullable attributes only), a list replaces the whole list. At least one attribute. display_name and server-set attributes are 422 field_not_updatable.',
);

export const CONTACT_ASSERT_ATTRIBUTES_SCHEMA = writeAttributes(
  'ContactAssertAttributes',
  'create',
  'Applied on create when nothing matches (create rules), or with PATCH semantics to the one match; may be empty, which changes nothing on a match.',
  0,
);

export const CONTACT_CREATE_BODY_SCHEMA: JsonSchema = {
  $id: 'ContactCreateBody',
  type: 'object',
  properties: { attributes: { $ref: 'ContactCreateAttributes#' } },
  required: ['attributes'],
  additionalProperties: false,
  description: 'Only "attributes": any other top-level member (relationships included) is 422 unknown_field.',
  examples: [{ attributes: { first_name: 'Sarah', last_name: 'Lee', primary_email: 'sarah@example.com', title: { value: 'CTO', value_type: 'string' }, stage: 'working' } }],
};

export const CONTACT_PATCH_BODY_SCHEMA: JsonSchema = {
  $id: 'ContactPatchBody',
  type: 'object',
  properties: { attributes: { $ref: 'ContactPatchAttributes#' } },
  required: ['attributes'],
  additionalProperties: false,
  description: 'Only "attributes": any other top-level member (relationships included) is 422 unknown_field.',
  examples: [{ attributes: { title: 'Chief Technology Officer', middle_name: null } }],
};

export const CONTACT_RESPONSE_SCHEMA: JsonSchema = {
  $id: 'ContactResponse',
  type: 'object',
  properties: { data: { $ref: 'ContactRecord#' } },
  required: ['data'],
  additionalProperties: false,
};

const defOf = (name: string): AttributeDef => CONTACT_CATALOG.find((d) => d.apiName === name) as AttributeDef;

function itemSchemas(list: 'contact_emails' | 'contact_phone_numbers', noun: 'Email' | 'PhoneNumber', field: 'email' | 'phone_number'): JsonSchema[] {
  const def = defOf(list);
  const fieldDescription = field === 'email' ? 'The address; trimmed, lower-cased, in Unicode NFC, unique among the organization\'s live contacts.' : 'The number; stored in E.164, numbers without a + prefix use DEFAULT_PHONE_REGION.';
  const properties = {
    [field]: { type: 'string', description: fieldDescription },
    is_primary: { type: 'boolean', description: 'true makes this item primary (and the primary_* attribute follows); false on the primary item promotes another one.' },
    labels: { type: 'array', items: { type: 'string', enum: [...ITEM_LABELS] }, description: `Labels among ${ITEM_LABELS.join(', ')}; the list replaces the item's labels.` },
  };
  return [
    { $id: `Contact${noun}`, ...VALUE_SCHEMAS[def.valueType].read(def) },
    { $id: `Contact${noun}Input`, type: 'object', properties, required: [field], additionalProperties: false, description: 'A new item; the first item of a list is always primary. No member may be null (422).' },
    { $id: `Contact${noun}Patch`, type: 'object', properties, minProperties: 1, additionalProperties: false, description: 'Partial: omitted members are untouched; no member may be null (422).' },
    {
      $id: `Contact${noun}ItemResponse`,
      type: 'object',
      properties: { data: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, envelope: { $ref: `Contact${noun}#` } }, required: ['id', 'envelope'], additionalProperties: false } },
      required: ['data'],
      additionalProperties: false,
    },
  ];
}

const filterableNames = CONTACT_CATALOG.filter((d) => d.isFilterable).map((d) => d.apiName);
const sortableNames = CONTACT_CATALOG.filter((d) => d.isSortable).map((d) => d.apiName);
const searchableNames = CONTACT_CATALOG.filter((d) => d.isSearchable).map((d) => d.apiName);

/** The `_query` filter language; recursive through QueryFilter. */
export const QUERY_FILTER_SCHEMA: JsonSchema = {
  $id: 'QueryFilter',
  description: `A condition {field, operator, value} or a group {and: [...]}, {or: [...]}, {not: filter}. Groups nest at most ${MAX_FILTER_DEPTH} deep (filter_depth_exceeded); a query has at most ${MAX_FILTER_CONDITIONS} conditions and ${MAX_FILTER_VALUES} values (at most ${MAX_IN_VALUES} in one in / not_in). Which operators an attribute takes is listed per attribute in GET /api/v2/_schema/contact (filter_operators).`,
  anyOf: [
    {
      type: 'object',
      title: 'condition',
      properties: {
        field: { anyOf: [{ type: 'string', enum: filterableNames }, { type: 'string', pattern: '^[a-z][a-z0-9_]{0,62}$', description: 'A live custom attribute\'s api_name.' }] },
        operator: { type: 'string', enum: [...ALL_FILTER_OPERATORS], description: 'eq, ne; in, not_in (value: array); contains, starts_with, ends_with (strings, case-insensitive); gt, gte, lt, lte; between (value: [low, high], inclusive); exists, not_exists (no value). Emails compare after normalization; phone numbers in E.164 (eq and in parse the value; a contains, starts_with or ends_with fragment written with punctuation, e.g. "555-0132", compares by its digits); stage by api_name or id; references by UUID; contact_emails / contact_phone_numbers match any item.' },
        value: { description: 'Omitted for exists / not_exists; an array for in, not_in and between.' },
      },
      required: ['field', 'operator'],
      additionalProperties: false,
    },
    { type: 'object', title: 'and', properties: { and: { type: 'array', items: { $ref: 'QueryFilter#' } } }, required: ['and'], additionalProperties: false },
    { type: 'object', title: 'or', properties: { or: { type: 'array', items: { $ref: 'QueryFilter#' } } }, required: ['or'], additionalProperties: false },
    { type: 'object', title: 'not', properties: { not: { $ref: 'QueryFilter#' } }, required: ['not'], additionalProperties: false },
  ],
};

export const QUERY_REQUEST_SCHEMA: JsonSchema = {
  $id: 'ContactQueryRequest',
  type: 'object',
  description: 'All members optional: {} lists live contacts, oldest first.',
  properties: {
    filters: { type: 'array', items: { $ref: 'QueryFilter#' }, description: 'ANDed together. Archived contacts are left out unless a filter names archived_at.' },
    search: {
      type: 'string',
      minLength: 1,
      maxLength: MAX_SEARCH_LENGTH,
      description: [
        'Free text, ANDed with filters: split on whitespace into tokens, and a contact matches when every token is found inside one of its searchable texts:',
        `${searchableNames.join(', ')} (every email and every phone number, in E.164, so "555 0132" finds +14155550132),`,
        `and the values of live custom attributes of type ${[...SEARCHED_CUSTOM_TYPES].map((t) => `\`${t}\``).join(', ')} (each item of a list).`,
        'A token made only of digits and + ( ) - . / with at least three digits (a phone number as people write it: "555-0132", "(415)", "415.555.0132") is also found as its digits, with a leading + kept ("5550132", "415", "4155550132"); two or more such groups in a row, with seven digits or more in all, are also found as their digits together ("+44 20 7946 0958" finds +442079460958).',
        'Case- and accent-insensitive (text is folded: NFKD, full case folding, combining marks removed; É = e, ß = ss, Σ = ς = σ).',
        'A token of one or two characters matches only at the start of a word (the start of a text, or after a character that is neither letter nor digit); longer tokens match anywhere.',
        '%, _, \\ and * are ordinary characters. Results follow sort and page with cursors; the cursor is bound to the search text.',
        `422 field_value_invalid for an empty or whitespace-only text, more than ${MAX_SEARCH_LENGTH} characters, or control characters.`,
      ].join(' '),
    },
    sort: {
      type: 'array',
      maxItems: MAX_SORT_FIELDS,
      items: { type: 'object', properties: { field: { anyOf: [{ type: 'string', enum: sortableNames }, { type: 'string', pattern: '^[a-z][a-z0-9_]{0,62}$', description: 'A sortable custom attribute\'s api_name (is_sortable in _schema).' }] }, direction: { type: 'string', enum: ['asc', 'desc'], default: 'asc' } }, required: ['field'], additionalProperties: false },
      description: `At most ${MAX_SORT_FIELDS} fields (sort_too_many_fields). Default created_at asc; ties are always broken by id, so pages are stable.`,
    },
    limit: { type: 'integer', minimum: 1, maximum: MAX_QUERY_LIMIT, default: DEFAULT_QUERY_LIMIT },
    cursor: { type: ['string', 'null'], description: 'The next_cursor of the previous page. Opaque and bound to the filters and sort that made it (invalid_cursor otherwise); pages by keyset, so every page costs the same.' },
  },
  additionalProperties: false,
};

export const QUERY_RESPONSE_SCHEMA: JsonSchema = {
  $id: 'ContactQueryResponse',
  type: 'object',
  properties: {
    data: { type: 'array', items: { $ref: 'ContactRecord#' } },
    next_cursor: { type: ['string', 'null'], description: 'Pass it as cursor (with the same filters and sort) for the next page; null on the last page.' },
  },
  required: ['data', 'next_cursor'],
  additionalProperties: false,
};

export const ASSERT_REQUEST_SCHEMA: JsonSchema = {
  $id: 'ContactAssertRequest',
  type: 'object',
  description: 'Upsert: no contact matches → create (attributes as on POST); one matches → PATCH semantics; several → 409 ambiguous_match with candidate_ids.',
  properties: {
    match: {
      type: 'object',
      description: 'Exactly one key: id, primary_email, contact_emails (matches any of a contact\'s emails, not only the primary), or the api_name of a unique custom attribute (is_unique: true) with a value of its type. Only live contacts match.',
      properties: {
        id: { type: 'string', format: 'uuid', description: 'Matches the contact with this id; a new contact never takes it (ids are minted).' },
        primary_email: { type: 'string', description: 'Matches the contact whose primary email this is.' },
        contact_emails: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: MAX_MATCH_EMAILS }], description: `Matches a contact holding any of these (one address, or 1 to ${MAX_MATCH_EMAILS}) among any of its emails.` },
      },
      minProperties: 1,
      maxProperties: 1,
      additionalProperties: { description: 'A unique custom attribute\'s value (raw or envelope); a contact created by the _assert takes it.' },
    },
    attributes: { $ref: 'ContactAssertAttributes#' },
  },
  required: ['match', 'attributes'],
  additionalProperties: false,
};

export const ASSERT_RESPONSE_SCHEMA: JsonSchema = {
  $id: 'ContactAssertResponse',
  type: 'object',
  properties: {
    data: { $ref: 'ContactRecord#' },
    meta: { type: 'object', properties: { action: { type: 'string', enum: ['created', 'updated'] } }, required: ['action'], additionalProperties: false },
  },
  required: ['data', 'meta'],
  additionalProperties: false,
};

/** The members a custom attribute adds to its _schema entry. */
const CUSTOM_ONLY_PROPERTIES: Record<string, JsonSchema> = {
  id: { type: 'string', format: 'uuid', description: 'Custom attributes only: the definition id.' },
  options: { type: 'array', items: selectOption, description: 'Custom attributes only: the options of a select ([] otherwise).' },
  archived_at: { type: ['string', 'null'], format: 'date-time', description: 'Custom attributes only: when it was archived; null while live.' },
  created_at: { type: 'string', format: 'date-time', description: 'Custom attributes only.' },
  updated_at: { type: 'string', format: 'date-time', description: 'Custom attributes only.' },
};

const definitionProperties: Record<string, JsonSchema> = {
  display_name: { type: 'string', minLength: 1, maxLength: 255, description: 'Shown to people; trimmed.' },
  description: { type: ['string', 'null'], maxLength: 2000 },
  is_required_on_create: { type: 'boolean', default: false, description: 'A new contact must set it (422 field_required_missing otherwise).' },
  options: {
    type: 'array',
    minItems: 1,
    maxItems: MAX_OPTIONS,
    description: 'select only. New options get an id; api_names and display values (case-insensitively) are distinct.',
    items: {
      type: 'object',
      properties: {
        id: { type: 'string', format: 'uuid', description: 'PATCH only: names an existing option to change.' },
        api_name: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,62}$' },
        display_value: { type: 'string', minLength: 1, maxLength: 255 },
        color: { type: ['string', 'null'], maxLength: 32 },
      },
      additionalProperties: false,
    },
  },
};

export const CUSTOM_ATTRIBUTE_CREATE_BODY_SCHEMA: JsonSchema = {
  $id: 'CustomAttributeCreateBody',
  type: 'object',
  properties: {
    api_name: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,62}$', description: 'Immutable; not a standard attribute, never used before in the organization (archived or not): 409 duplicate_value.' },
    ...definitionProperties,
    value_type: { type: 'string', enum: [...CUSTOM_VALUE_TYPES], description: 'Immutable. record_reference points at users.' },
    is_array: { type: 'boolean', default: false, description: 'Immutable. A list of values (a multi-select for select).' },
    is_unique: { type: 'boolean', default: false, description: 'Immutable. Unique among the organization\'s live contacts, and an _assert match key; not for boolean, select, long_text or lists.' },
  },
  required: ['api_name', 'display_name', 'value_type'],
  additionalProperties: false,
  examples: [{ api_name: 'lead_score', display_name: 'Lead score', value_type: 'number' }, { api_name: 'industry', display_name: 'Industry', value_type: 'select', options: [{ api_name: 'saas', display_value: 'SaaS', color: '#3366ff' }] }],
};

export const CUSTOM_ATTRIBUTE_PATCH_BODY_SCHEMA: JsonSchema = {
  $id: 'CustomAttributePatchBody',
  type: 'object',
  properties: definitionProperties,
  minProperties: 1,
  additionalProperties: false,
  description: 'Only display_name, description, is_required_on_create and options change; api_name, value_type, is_array and is_unique are 422 field_not_updatable.',
};

export const CUSTOM_ATTRIBUTE_RESPONSE_SCHEMA: JsonSchema = {
  $id: 'CustomAttributeResponse',
  type: 'object',
  properties: {
    data: {
      type: 'object',
      description: 'The definition as GET /api/v2/_schema/contact lists it.',
      properties: {
        api_name: { type: 'string' },
        display_name: { type: 'string' },
        is_creatable: { type: 'boolean' },
        is_updatable: { type: 'boolean' },
        type_info: { type: 'object', properties: { is_array: { type: 'boolean' }, value_type: { type: 'string', enum: [...CUSTOM_VALUE_TYPES] } }, required: ['is_array', 'value_type'], additionalProperties: false },
        description: { type: 'string' },
        is_required_on_create: { type: 'boolean' },
        is_unique: { type: 'boolean' },
        is_custom: { type: 'boolean', const: true },
        is_sortable: { type: 'boolean' },
        is_filterable: { type: 'boolean' },
        filter_operators: { type: 'array', items: { type: 'string', enum: [...ALL_FILTER_OPERATORS] } },
        ...CUSTOM_ONLY_PROPERTIES,
      },
      required: ['id', 'api_name', 'display_name', 'is_creatable', 'is_updatable', 'type_info', 'description', 'is_required_on_create', 'is_unique', 'is_custom', 'is_sortable', 'is_filterable', 'filter_operators', 'options', 'archived_at', 'created_at', 'updated_at'],
      additionalProperties: false,
    },
  },
  required: ['data'],
  additionalProperties: false,
};

export const OBJECT_SCHEMA_RESPONSE_SCHEMA: JsonSchema = {
  $id: 'ObjectSchemaResponse',
  type: 'object',
  properties: {
    data: {
      type: 'object',
      properties: {
        api_name: { type: 'string' },
        display_name: { type: 'string' },
        is_custom: { type: 'boolean' },
        is_junction: { type: 'boolean' },
        supports_custom_fields: { type: 'boolean' },
        description: { type: 'string' },
        attributes: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              api_name: { type: 'string' },
              display_name: { type: 'string' },
              is_creatable: { type: 'boolean' },
              is_updatable: { type: 'boolean' },
              type_info: { type: 'object', properties: { is_array: { type: 'boolean' }, value_type: { type: 'string' } }, required: ['is_array', 'value_type'] },
              description: { type: 'string' },
              is_required_on_create: { type: 'boolean' },
              is_unique: { type: 'boolean' },
              is_custom: { type: 'boolean' },
              is_sortable: { type: 'boolean' },
              is_filterable: { type: 'boolean' },
              filter_operators: { type: 'array', items: { type: 'string', enum: [...ALL_FILTER_OPERATORS] } },
              ...CUSTOM_ONLY_PROPERTIES,
            },
            required: ['api_name', 'display_name', 'is_creatable', 'is_updatable', 'type_info', 'description', 'is_required_on_create', 'is_unique', 'is_custom', 'is_sortable', 'is_filterable', 'filter_operators'],
          },
        },
        relationships: { type: 'array', items: {} },
      },
      required: ['api_name', 'display_name', 'is_custom', 'is_junction', 'supports_custom_fields', 'description', 'attributes', 'relationships'],
    },
  },
  required: ['data'],
};

/** Every shared schema, registered with app.addSchema so routes can $ref them. */
export const WIRE_SCHEMAS: readonly JsonSchema[] = [
  CUSTOM_ATTRIBUTE_VALUE_SCHEMA,
  CUSTOM_ATTRIBUTE_INPUT_SCHEMA,
  CONTACT_RECORD_SCHEMA,
  CONTACT_RESPONSE_SCHEMA,
  CONTACT_CREATE_ATTRIBUTES_SCHEMA,
  CONTACT_PATCH_ATTRIBUTES_SCHEMA,
  CONTACT_ASSERT_ATTRIBUTES_SCHEMA,
  CONTACT_CREATE_BODY_SCHEMA,
  CONTACT_PATCH_BODY_SCHEMA,
  ...itemSchemas('contact_emails', 'Email', 'email'),
  ...itemSchemas('contact_phone_numbers', 'PhoneNumber', 'phone_number'),
  QUERY_FILTER_SCHEMA,
  QUERY_REQUEST_SCHEMA,
  QUERY_RESPONSE_SCHEMA,
  ASSERT_REQUEST_SCHEMA,
  ASSERT_RESPONSE_SCHEMA,
  OBJECT_SCHEMA_RESPONSE_SCHEMA,
  CUSTOM_ATTRIBUTE_CREATE_BODY_SCHEMA,
  CUSTOM_ATTRIBUTE_PATCH_BODY_SCHEMA,
  CUSTOM_ATTRIBUTE_RESPONSE_SCHEMA,
];
