import type { ValueCodec, ValueType } from '../values/value-codec.ts';
import { uuidCodec } from '../values/uuid.ts';
import { timestampCodec } from '../values/timestamp.ts';
import { stringCodec } from '../values/string.ts';
import { emailCodec } from '../values/email.ts';
import { phoneNumberCodec } from '../values/phone-number.ts';
import { booleanCodec } from '../values/boolean.ts';
import { enumCodec } from '../values/enum.ts';
import { addressCodec } from '../values/address.ts';
import { contactStageCodec } from '../values/contact-stage.ts';
import { recordReferenceCodec, type ReferenceTarget } from '../values/record-reference.ts';
import { contactEmailCodec } from '../values/contact-email.ts';
import { contactPhoneNumberCodec } from '../values/contact-phone-number.ts';
import { formSubmissionDetailsCodec } from '../values/form-submission-details.ts';
import { OPERATORS_BY_VALUE_TYPE, type FilterOperator } from './filter-operators.ts';
import type { CustomAttribute } from './custom-attribute.ts';

/**
 * Where an attribute's value is stored, read by storage (row mapping, query compiler, selected columns):
 * a column of `contacts` under its api_name (as text, a 0/1 boolean or JSON text; NOT NULL or not); a
 * list in its own item table, mirrored as a JSON column of the row; or the custom-value side table.
 */
export type AttributeStorage =
  | { readonly kind: 'column'; readonly encoding: 'plain' | 'boolean' | 'json'; readonly notNull: boolean }
  | { readonly kind: 'list'; readonly table: 'contact_emails' | 'contact_phone_numbers' | 'contact_participants'; readonly valueColumn: string; readonly jsonColumn: string }
  | { readonly kind: 'custom' };

/** One contact attribute: the single statement of its type, writability, filterability, storage and meaning. */
export interface AttributeDef {
  readonly apiName: string;
  readonly displayName: string;
  readonly valueType: ValueType;
  readonly isList: boolean;
  readonly isCreatable: boolean;
  readonly isUpdatable: boolean;
  /** Whether a write may send null to clear it (lists clear with [] or null). */
  readonly isNullable: boolean;
  readonly isRequiredOnCreate: boolean;
  readonly isUnique: boolean;
  readonly isSortable: boolean;
  readonly isFilterable: boolean;
  readonly filterOperators: readonly FilterOperator[];
  /** Whether `_query` `search` looks for its tokens in this attribute's text (every item of a list). */
  readonly isSearchable: boolean;
  /** For record references: the record type they point at. */
  readonly referenceTarget: ReferenceTarget | null;
  readonly description: string;
  /** False for the standard attributes; custom attributes carry their definition. */
  readonly isCustom: boolean;
  readonly definition: CustomAttribute | null;
  readonly storage: AttributeStorage;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each row's codec has its own value types
  readonly codec: ValueCodec<any, any>;
}

export const ENRICH_STATUSES = ['PENDING', 'ENRICHED', 'NOT_FOUND', 'FAILED'] as const;
export const CREATED_SOURCES = ['API', 'CSV_IMPORT', 'FORM', 'UI'] as const;

type Kind = 'server' | 'writable';
type ListStorage = Omit<Extract<AttributeStorage, { kind: 'list' }>, 'kind'>;
type Options<R extends boolean> = Partial<Pick<AttributeDef, 'isNullable' | 'isUnique' | 'isSortable' | 'isFilterable' | 'isSearchable' | 'referenceTarget' | 'displayName'>> & {
  filterOperators?: readonly FilterOperator[];
  /** A list: its item table (see AttributeStorage); listAttr sets it. */
  list?: ListStorage;
  /** A NOT NULL column: the value is never null. */
  notNull?: R;
};

/**
 * A standard catalog row, typed with what the Contact type is derived from: its name, the stored form
 * of its values, whether it is a list and whether it is never null. The phantom `stored` carries the type only.
 */
export interface StandardAttribute<N extends string = string, S = unknown, L extends boolean = boolean, R extends boolean = boolean> extends AttributeDef {
  readonly apiName: N;
  readonly isList: L;
  readonly stored?: { value: S; notNull: R };
}

const JSON_VALUE_TYPES: readonly ValueType[] = ['address', 'created_source_form_submission_details'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the input type is the codec's own; only the stored type matters here
function attr<const N extends string, S, R extends boolean = false>(apiName: N, codec: ValueCodec<any, S>, kind: Kind, description: string, options: Options<R> = {}): StandardAttribute<N, S, false, R> {
  const isList = options.list !== undefined;
  const storage: AttributeStorage = options.list !== undefined
    ? { kind: 'list', ...options.list }
    : { kind: 'column', encoding: codec.valueType === 'boolean' ? 'boolean' : JSON_VALUE_TYPES.includes(codec.valueType) ? 'json' : 'plain', notNull: options.notNull === true };
  const objectValued = ['address', 'created_source_form_submission_details', 'contact_stage'].includes(codec.valueType);
  const isFilterable = options.isFilterable ?? true;
  return {
    apiName,
    displayName: options.displayName ?? apiName.split('_').map((w) => (w === 'id' ? 'ID' : w === 'url' ? 'URL' : w[0]!.toUpperCase() + w.slice(1))).join(' '),
    valueType: codec.valueType,
    isList: isList as false,
    isCreatable: kind === 'writable',
    isUpdatable: kind === 'writable',
    isNullable: options.isNullable ?? true,
    isRequiredOnCreate: false,
    isUnique: options.isUnique ?? false,
    isSortable: options.isSortable ?? (!isList && !objectValued),
    isFilterable,
    filterOperators: isFilterable ? (options.filterOperators ?? OPERATORS_BY_VALUE_TYPE[codec.valueType]) : [],
    isSearchable: options.isSearchable ?? false,
    referenceTarget: options.referenceTarget ?? null,
    description,
    isCustom: false,
    definition: null,
    storage,
    codec,
  };
}

/** A list attribute: its values live in an item table, mirrored as a JSON column of the contact row. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as for attr
function listAttr<const N extends string, S>(apiName: N, codec: ValueCodec<any, S>, kind: Kind, description: string, list: ListStorage, options: Options<false> = {}): StandardAttribute<N, S, true, false> {
  return { ...attr(apiName, codec, kind, description, { ...options, list }), isList: true };
}

const name255 = stringCodec(255);
/** display_name: first_name, a space and last_name (each up to 255 characters), so up to 511; never written by a client. */
const derivedName = stringCodec(2 * 255 + 1);
const url2048 = stringCodec(2048);
const userRef = recordReferenceCodec('user');
const teamRef = recordReferenceCodec('team');
const enrichStatus = enumCodec(ENRICH_STATUSES);
const activity = <const N extends string>(apiName: N, what: string) =>
  attr(apiName, timestampCodec, 'server', `When ${what} last happened with this contact; derived from activities, null until one exists.`);

/**
 * Every standard contact attribute, in response order (the order of Reevo's example record). The Contact
 * type and the contact row's columns are derived from these rows: a new standard attribute is one row
 * here and one migration adding its column.
 */
export const CONTACT_CATALOG = [
  attr('id', uuidCodec, 'server', 'The contact id, a UUID (version 7) minted on create.', { isNullable: false, notNull: true }),
  attr('organization_id', uuidCodec, 'server', 'The organization that owns the contact: the calling API key\'s organization.', { isNullable: false, isFilterable: false, isSortable: false, notNull: true }),
  attr('created_at', timestampCodec, 'server', 'When the contact was created (server clock, UTC).', { isNullable: false, notNull: true }),
  attr('updated_at', timestampCodec, 'server', 'When the contact last changed; every successful write moves it forward.', { isNullable: false, notNull: true }),
  attr('display_name', derivedName, 'server', 'Derived: first_name and last_name joined by a space and trimmed, else primary_email. Never writable.', { isSearchable: true }),
  attr('stage', contactStageCodec, 'writable', 'The contact stage. Write its api_name, id or display value (case-insensitive); read as {id, display_value, api_name, color}. New contacts get the organization\'s default stage. Filter by api_name or id.', { isNullable: false }),
  attr('created_by_user_id', userRef, 'server', 'The user whose API key created the contact.', { referenceTarget: 'user' }),
  listAttr('participant_user_id_list', userRef, 'writable', 'Users taking part in the contact. A write replaces the whole list; null or [] clears it. Filters match any listed user.', { table: 'contact_participants', valueColumn: 'user_id', jsonColumn: 'participant_user_ids_json' }, { referenceTarget: 'user' }),
  attr('first_name', name255, 'writable', 'Given name; trimmed, at most 255 characters; an empty string clears it. A new contact needs at least one of first_name, last_name, primary_email or an item of contact_emails (422 field_required_missing otherwise).', { isSearchable: true }),
  attr('last_name', name255, 'writable', 'Family name; trimmed, at most 255 characters; an empty string clears it.', { isSearchable: true }),
  attr('middle_name', name255, 'writable', 'Middle name; trimmed, at most 255 characters; an empty string clears it.', { isSearchable: true }),
  attr('title', name255, 'writable', 'Job title; trimmed, at most 255 characters; an empty string clears it.', { isSearchable: true }),
  attr('department', name255, 'writable', 'Department; trimmed, at most 255 characters; an empty string clears it.', { isSearchable: true }),
  attr('primary_email', emailCodec, 'writable', 'The primary item of contact_emails, trimmed, lower-cased and in Unicode NFC. Setting an address already listed makes it primary; a new address is added as primary and the old primary stays as a secondary; null removes the primary item and promotes the oldest remaining one. Unique among live contacts of the organization.', { isUnique: true }),
  attr('primary_phone_number', phoneNumberCodec, 'writable', 'The primary item of contact_phone_numbers in E.164 (+14155551234); numbers without a + country prefix use the server\'s default region. Same primary rules as primary_email.'),
  attr('sms_consent', booleanCodec, 'writable', 'Whether the contact agreed to SMS; JSON true or false only.'),
  attr('address', addressCodec, 'writable', 'Postal address {street_one, street_two, city, state, country, zip_code}, all optional strings (trimmed, at most 255 characters). A write replaces the whole object; an object with no field set, or null, clears it.'),
  listAttr('contact_emails', contactEmailCodec, 'writable', 'All email addresses of the contact, items {id, email, is_primary, labels} with labels among PERSONAL, WORK, MOBILE, in the order they were added. A write replaces the list (items may be bare strings; an item keeps its id when it names it or re-sends the same address); with no item marked primary the first becomes primary; more than one primary, or the same address twice, is invalid; a primary_email in the same write must agree with the item marked primary. Whenever the primary item goes away (primary_email null, is_primary false, DELETE of the item) the oldest remaining item, the first in list order, becomes primary; the only item cannot be un-primaried (422). Each address belongs to at most one live contact of the organization (409 duplicate_value with existing_contact_id). Filters match any item.', { table: 'contact_emails', valueColumn: 'email', jsonColumn: 'emails_json' }, { isUnique: true, isSearchable: true }),
  listAttr('contact_phone_numbers', contactPhoneNumberCodec, 'writable', 'All phone numbers of the contact in E.164, items {id, phone_number, is_primary, labels}. Same list and primary rules as contact_emails; a number may appear on several contacts. Filters match any item.', { table: 'contact_phone_numbers', valueColumn: 'phone_number', jsonColumn: 'phone_numbers_json' }, { isSearchable: true }),
  attr('linkedin_url', url2048, 'writable', 'LinkedIn profile URL; at most 2048 characters.', { displayName: 'LinkedIn URL' }),
  attr('zoominfo_url', url2048, 'writable', 'ZoomInfo profile URL; at most 2048 characters.', { displayName: 'ZoomInfo URL' }),
  attr('x_url', url2048, 'writable', 'X (Twitter) profile URL; at most 2048 characters.', { displayName: 'X URL' }),
  attr('facebook_url', url2048, 'writable', 'Facebook profile URL; at most 2048 characters.', { displayName: 'Facebook URL' }),
  attr('owner_user_id', userRef, 'writable', 'The owning user: a UUID, {"related_record_id": uuid}, {"related_record_match": {"email": "..."}} or the read envelope; must be a user of the organization (else target_record_not_found).', { referenceTarget: 'user' }),
  attr('owner_team_id', teamRef, 'writable', 'The owning team: a UUID, {"related_record_id": uuid} or {"related_record_match": {"name": "..."}} (case-insensitive; several matches are ambiguous_match); must be a team of the organization.', { referenceTarget: 'team' }),
  attr('updated_by_user_id', userRef, 'server', 'The user whose API key made the last change.', { referenceTarget: 'user' }),
  attr('archived_by_user_id', userRef, 'server', 'The user whose API key archived the contact; null while live.', { referenceTarget: 'user' }),
  attr('created_source', enumCodec(CREATED_SOURCES), 'server', 'How the contact was made: API for records created through this API (CSV_IMPORT, FORM and UI are reserved).'),
  attr('created_source_form_submission_details', formSubmissionDetailsCodec, 'server', 'The form submission that created the contact, or null.', { isFilterable: false }),
  attr('phone_enriched_at', timestampCodec, 'server', 'When an enrichment source last set phone data; null until then.'),
  attr('email_enriched_at', timestampCodec, 'server', 'When an enrichment source last set email data; null until then.'),
  attr('email_enrich_status', enrichStatus, 'server', 'Email enrichment status; null until enrichment runs.'),
  attr('phone_number_enrich_status', enrichStatus, 'server', 'Phone enrichment status; null until enrichment runs.'),
  activity('last_activity_at', 'any activity'),
  activity('last_voice_call', 'a voice call'),
  activity('last_meeting', 'a meeting'),
  activity('last_global_thread', 'an email thread'),
  activity('last_engaged_at', 'an engagement'),
  activity('last_outreached_at', 'an outreach'),
  activity('last_inbound_meeting_at', 'an inbound meeting'),
  activity('last_inbound_voice_call_at', 'an inbound voice call'),
  activity('last_inbound_global_thread_at', 'an inbound email thread'),
  activity('last_outbound_meeting_at', 'an outbound meeting'),
  activity('last_outbound_voice_call_at', 'an outbound voice call'),
  activity('last_outbound_global_thread_at', 'an outbound email thread'),
  attr('archived_at', timestampCodec, 'server', 'When the contact was archived (DELETE); null while live. Archived contacts are left out of _query unless a filter names archived_at.'),
] as const satisfies readonly AttributeDef[];

type StandardRow = (typeof CONTACT_CATALOG)[number];

/** Each standard attribute's value as the domain holds it: stored form, an array for lists, null when unset unless NOT NULL. */
export type StandardValues = {
  -readonly [A in StandardRow as A['apiName']]: A extends { readonly isList: true; readonly stored?: { value: infer S } } ? S[]
    : A extends { readonly stored?: { value: infer S; notNull: true } } ? S
      : A extends { readonly stored?: { value: infer S } } ? S | null
        : never;
};

export const CATALOG_BY_NAME: ReadonlyMap<string, AttributeDef> = new Map(CONTACT_CATALOG.map((a) => [a.apiName, a]));
