import type { AttributeDef } from '../../domain/catalog/contact-catalog.ts';
import { MAX_LIST_ITEMS } from '../../domain/contact-write.ts';
import { ADDRESS_FIELDS } from '../../domain/values/address.ts';
import { ITEM_LABELS } from '../../domain/values/contact-item.ts';
import { FORM_SUBMISSION_FIELDS } from '../../domain/values/form-submission-details.ts';
import type { ValueType } from '../../domain/values/value-codec.ts';
import { MAX_LONG_TEXT } from '../../domain/catalog/custom-attribute.ts';
import { MAX_URL_BYTES } from '../../domain/values/url.ts';

/** A JSON Schema (2020-12, the OpenAPI 3.1 dialect) as plain data. */
export type JsonSchema = { [keyword: string]: unknown };

/** How one value_type travels: the envelope `value` on read, and the raw values a write accepts. */
export interface ValueSchemas {
  /** The non-null payload inside a read envelope. */
  read(def: AttributeDef): JsonSchema;
  /** The raw (un-enveloped) value a write accepts; the envelope form wraps this. */
  write(def: AttributeDef): JsonSchema;
}

const uuid: JsonSchema = { type: 'string', format: 'uuid' };
const nullableString: JsonSchema = { type: ['string', 'null'] };
const labels: JsonSchema = { type: 'array', items: { type: 'string', enum: [...ITEM_LABELS] }, uniqueItems: true, description: `Labels among ${ITEM_LABELS.join(', ')} (written case-insensitively).` };
const textLimits = (def: AttributeDef): JsonSchema => (def.codec.constraints?.maxLength !== undefined ? { maxLength: def.codec.constraints.maxLength } : {});
const objectOf = (fields: readonly string[], description: string): JsonSchema => ({
  type: 'object',
  description,
  properties: Object.fromEntries(fields.map((f) => [f, nullableString])),
  required: [...fields],
  additionalProperties: false,
});

function item(field: 'email' | 'phone_number', fieldSchema: JsonSchema): ValueSchemas {
  return {
    read: () => ({
      type: 'object',
      properties: { id: uuid, [field]: fieldSchema, is_primary: { type: 'boolean' }, labels },
      required: ['id', field, 'is_primary', 'labels'],
      additionalProperties: false,
    }),
    write: () => ({
      anyOf: [
        { type: 'string', description: `A bare ${field === 'email' ? 'address' : 'number'}: no labels, primary only if it is the first item.` },
        {
          type: 'object',
          properties: {
            id: { ...uuid, description: 'An existing item\'s id keeps that item (and its id).' },
            [field]: { type: 'string' },
            is_primary: { type: 'boolean' },
            labels,
          },
          required: [field],
          additionalProperties: false,
        },
      ],
    }),
  };
}

/** An option of a select attribute, as reads render it. */
export const selectOption: JsonSchema = {
  type: 'object',
  properties: { id: uuid, api_name: { type: 'string' }, display_value: { type: 'string' }, color: { type: ['string', 'null'] } },
  required: ['id', 'api_name', 'display_value', 'color'],
  additionalProperties: false,
};
const money: JsonSchema = {
  type: 'object',
  properties: { amount: { type: 'string', pattern: '^-?[0-9]{1,15}(\\.[0-9]{1,6})?$' }, currency_code: { type: 'string', pattern: '^[A-Za-z]{3}$' } },
  required: ['amount', 'currency_code'],
  additionalProperties: false,
};

// idn-email: local parts may be UTF-8 (josé@example.com), which the ASCII-only `email` format rejects.
const emailAddress: JsonSchema = { type: 'string', format: 'idn-email', description: 'Lower-cased, in Unicode NFC; the local part may be UTF-8.' };
const e164: JsonSchema = { type: 'string', pattern: '^\\+[1-9][0-9]{1,14}$', description: 'E.164, e.g. +14155551234.' };

/** One entry per value_type; the Record type makes the compiler demand an entry for every new one. */
export const VALUE_SCHEMAS: Record<ValueType, ValueSchemas> = {
  uuid: { read: () => uuid, write: () => uuid },
  timestamp: {
    read: () => ({ type: 'string', format: 'date-time', description: 'UTC with a Z suffix and milliseconds.' }),
    write: () => ({ type: 'string', description: 'ISO 8601 date or date-time with a zone (Z or an offset); stored in UTC.' }),
  },
  string: {
    read: (def) => ({ type: 'string', ...textLimits(def) }),
    write: (def) => ({ type: 'string', ...textLimits(def), description: 'Trimmed; an empty string clears the attribute.' }),
  },
  email: {
    read: () => emailAddress,
    write: () => ({ type: 'string', description: 'Trimmed, lower-cased and put in Unicode NFC before it is checked and stored.' }),
  },
  phone_number: {
    read: () => e164,
    write: () => ({ type: 'string', description: 'Any format a phone library can parse; without a + country prefix the server\'s DEFAULT_PHONE_REGION applies.' }),
  },
  boolean: { read: () => ({ type: 'boolean' }), write: () => ({ type: 'boolean', description: 'JSON true or false only.' }) },
  enum: {
    read: (def) => ({ type: 'string', ...(def.codec.constraints?.enum ? { enum: [...def.codec.constraints.enum] } : {}) }),
    write: (def) => ({ type: 'string', ...(def.codec.constraints?.enum ? { enum: [...def.codec.constraints.enum] } : {}) }),
  },
  address: {
    read: () => objectOf(ADDRESS_FIELDS, 'A postal address; absent parts are null.'),
    write: () => ({
      type: 'object',
      description: 'Replaces the whole stored address; omitted parts become null.',
      properties: Object.fromEntries(ADDRESS_FIELDS.map((f) => [f, { type: ['string', 'null'], maxLength: 255 }])),
      additionalProperties: false,
    }),
  },
  contact_stage: {
    read: () => ({
      type: 'object',
      properties: { id: uuid, display_value: { type: 'string' }, api_name: { type: 'string' }, color: { type: 'string' } },
      required: ['id', 'display_value', 'api_name', 'color'],
      additionalProperties: false,
    }),
    write: () => ({
      anyOf: [
        { type: 'string', minLength: 1, description: 'The stage api_name, id or display value (case-insensitive).' },
        { type: 'object', description: 'The read form; its id, api_name or display_value names the stage. Those given must all name the same stage, and no other member is taken (422).', additionalProperties: false, properties: { id: { type: 'string' }, api_name: { type: 'string' }, display_value: { type: 'string' }, color: { type: 'string' } } },
      ],
    }),
  },
  record_reference: {
    read: (def) => ({
      type: 'object',
      properties: { related_record_id: uuid, related_record_type: { type: 'string', const: def.referenceTarget ?? 'user' } },
      required: ['related_record_id', 'related_record_type'],
      additionalProperties: false,
    }),
    write: (def) => ({
      anyOf: [
        { ...uuid, description: `The ${def.referenceTarget ?? 'record'} id.` },
        { type: 'object', properties: { related_record_id: uuid, related_record_type: { type: 'string' } }, required: ['related_record_id'], additionalProperties: false, description: 'By id (the read form); no other member, and not with related_record_match (422).' },
        {
          type: 'object',
          properties: {
            related_record_match: def.referenceTarget === 'team'
              ? { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false, description: 'Matches the team by exact name.' }
              : { type: 'object', properties: { email: { type: 'string' } }, required: ['email'], additionalProperties: false, description: 'Matches the user by email.' },
          },
          required: ['related_record_match'],
          additionalProperties: false,
        },
      ],
    }),
  },
  contact_email: item('email', emailAddress),
  contact_phone_number: item('phone_number', e164),
  created_source_form_submission_details: {
    read: () => objectOf(FORM_SUBMISSION_FIELDS, 'The form submission that created the contact.'),
    write: () => objectOf(FORM_SUBMISSION_FIELDS, 'Set by form capture only.'),
  },
  long_text: {
    read: () => ({ type: 'string', maxLength: MAX_LONG_TEXT }),
    write: () => ({ type: 'string', maxLength: MAX_LONG_TEXT, description: 'Trimmed; an empty string clears the attribute.' }),
  },
  number: { read: () => ({ type: 'number' }), write: () => ({ type: 'number', description: 'A finite JSON number.' }) },
  date: { read: () => ({ type: 'string', format: 'date' }), write: () => ({ type: 'string', format: 'date', description: 'A calendar date YYYY-MM-DD.' }) },
  url: {
    read: () => ({ type: 'string', description: 'An absolute http(s) URL.' }),
    write: () => ({ type: 'string', description: `An absolute http or https URL, at most ${MAX_URL_BYTES} bytes; stored as written (trimmed).` }),
  },
  select: {
    read: () => selectOption,
    write: () => ({
      anyOf: [
        { type: 'string', minLength: 1, description: 'The option api_name, id or display value (case-insensitive).' },
        { type: 'object', description: 'The read form; its id, api_name or display_value names the option. Those given must all name the same option, and no other member is taken (422).', additionalProperties: false, properties: { id: { type: 'string' }, api_name: { type: 'string' }, display_value: { type: 'string' }, color: { type: ['string', 'null'] } } },
      ],
    }),
  },
  currency: {
    read: () => money,
    write: () => ({ ...money, description: 'Amount as a decimal string (at most 15 integer and 6 fraction digits; stored without leading or trailing zeros), currency_code an ISO 4217 code (upper-cased).' }),
  },
};

/** The read envelope `{value, value_type}` of one attribute (list attributes: of one item). */
export function readEnvelope(def: AttributeDef): JsonSchema {
  const payload = VALUE_SCHEMAS[def.valueType].read(def);
  return {
    type: 'object',
    properties: {
      value: def.isList ? payload : { anyOf: [payload, { type: 'null' }] },
      value_type: { type: 'string', const: def.valueType },
    },
    required: ['value', 'value_type'],
    additionalProperties: false,
  };
}

/** What a write accepts for one attribute: the raw value or the envelope form, null when clearable, arrays for lists. */
export function writeValue(def: AttributeDef): JsonSchema {
  const raw = VALUE_SCHEMAS[def.valueType].write(def);
  const envelope: JsonSchema = {
    type: 'object',
    description: 'The read envelope form; its value_type must be this attribute\'s.',
    properties: { value: def.isList || !def.isNullable ? raw : { anyOf: [raw, { type: 'null' }] }, value_type: { type: 'string', const: def.valueType } },
    required: ['value', 'value_type'],
    additionalProperties: false,
  };
  const one: JsonSchema = { anyOf: [raw, envelope] };
  if (def.isList) return { description: def.description, type: ['array', 'null'], items: one, maxItems: MAX_LIST_ITEMS };
  return { description: def.description, anyOf: def.isNullable ? [raw, envelope, { type: 'null' }] : [raw, envelope] };
}
