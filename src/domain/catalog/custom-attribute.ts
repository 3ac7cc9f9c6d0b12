import type { ErrorDetail } from '../errors.ts';
import { newId } from '../ids.ts';
import { booleanCodec } from '../values/boolean.ts';
import { currencyCodec, type Money } from '../values/currency.ts';
import { dateCodec } from '../values/date.ts';
import { emailCodec } from '../values/email.ts';
import { numberCodec } from '../values/number.ts';
import { phoneNumberCodec } from '../values/phone-number.ts';
import { recordReferenceCodec } from '../values/record-reference.ts';
import { selectCodec, type SelectOption } from '../values/select.ts';
import { stringCodec } from '../values/string.ts';
import { timestampCodec } from '../values/timestamp.ts';
import { urlCodec } from '../values/url.ts';
import { charactersOver, checkStorableText, describe, isPlainObject, type ValueCodec } from '../values/value-codec.ts';
import { CATALOG_BY_NAME } from './contact-catalog.ts';

export const CUSTOM_VALUE_TYPES = [
  'string', 'long_text', 'number', 'boolean', 'timestamp', 'date', 'email', 'phone_number', 'url', 'select', 'currency', 'record_reference',
] as const;
export type CustomValueType = (typeof CUSTOM_VALUE_TYPES)[number];

/** The custom value types `search` looks in (the contract: string, email and url). */
export const SEARCHED_CUSTOM_TYPES: ReadonlySet<CustomValueType> = new Set<CustomValueType>(['string', 'email', 'url']);

/** An organization's own contact attribute, as defined through the _schema attributes API. */
export interface CustomAttribute {
  readonly organizationId: string;
  readonly id: string;
  readonly apiName: string;
  readonly displayName: string;
  readonly valueType: CustomValueType;
  readonly isArray: boolean;
  readonly isUnique: boolean;
  readonly isRequiredOnCreate: boolean;
  readonly description: string;
  readonly options: readonly SelectOption[];
  readonly archivedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A value as the side table indexes it: `text` and `number` for filters and sorts, `unique` the form uniqueness compares. */
export interface IndexedValue { text: string | null; number: number | null; unique: string }

export const MAX_CUSTOM_STRING = 255;
export const MAX_LONG_TEXT = 65_536;
export const MAX_OPTIONS = 500;

/**
 * What each custom value type is: its codec, which side-table column its filters and its sort read, and
 * whether it may be unique. The one statement of these facts; the query compiler and storage read it.
 */
export interface CustomTypeSpec {
  codec(options: readonly SelectOption[]): ValueCodec<unknown, unknown>;
  /** The side-table column equality/text/range filters compare; null: only exists / not_exists. */
  readonly filterColumn: 'value_text' | 'value_number' | null;
  /** The column a sort orders by; null: not sortable. */
  readonly sortColumn: 'value_text' | 'value_number' | null;
  readonly uniqueAllowed: boolean;
  index(stored: unknown): IndexedValue;
}

const text = (s: unknown): IndexedValue => ({ text: s as string, number: null, unique: s as string });
const textType = (codec: ValueCodec<unknown, unknown>): CustomTypeSpec => ({ codec: () => codec, filterColumn: 'value_text', sortColumn: 'value_text', uniqueAllowed: true, index: text });

export const CUSTOM_TYPE_SPECS: Record<CustomValueType, CustomTypeSpec> = {
  string: textType(stringCodec(MAX_CUSTOM_STRING) as ValueCodec<unknown, unknown>),
  // Long text is not indexed (values up to 64 KiB exceed what a B-tree entry holds): exists / not_exists only.
  long_text: { codec: () => stringCodec(MAX_LONG_TEXT, 'long_text') as ValueCodec<unknown, unknown>, filterColumn: null, sortColumn: null, uniqueAllowed: false, index: () => ({ text: null, number: null, unique: '' }) },
  number: { codec: () => numberCodec as ValueCodec<unknown, unknown>, filterColumn: 'value_number', sortColumn: 'value_number', uniqueAllowed: true, index: (n) => ({ text: null, number: n as number, unique: String(n) }) },
  boolean: { codec: () => booleanCodec as ValueCodec<unknown, unknown>, filterColumn: 'value_number', sortColumn: 'value_number', uniqueAllowed: false, index: (b) => ({ text: null, number: b === true ? 1 : 0, unique: String(b) }) },
  timestamp: textType(timestampCodec as ValueCodec<unknown, unknown>),
  date: textType(dateCodec as ValueCodec<unknown, unknown>),
  email: textType(emailCodec as ValueCodec<unknown, unknown>),
  phone_number: textType(phoneNumberCodec as ValueCodec<unknown, unknown>),
  url: textType(urlCodec as ValueCodec<unknown, unknown>),
  select: { codec: (options) => selectCodec(options) as ValueCodec<unknown, unknown>, filterColumn: 'value_text', sortColumn: null, uniqueAllowed: false, index: text },
  // Equality on the whole value ("USD 12.5"); sorts order by the amount.
  currency: {
    codec: () => currencyCodec as ValueCodec<unknown, unknown>,
    filterColumn: 'value_text',
    sortColumn: 'value_number',
    uniqueAllowed: true,
    index: (m) => {
      const { amount, currency_code } = m as Money;
      return { text: `${currency_code} ${amount}`, number: Number(amount), unique: `${currency_code} ${amount}` };
    },
  },
  record_reference: { codec: () => recordReferenceCodec('user') as ValueCodec<unknown, unknown>, filterColumn: 'value_text', sortColumn: 'value_text', uniqueAllowed: true, index: text },
};

const API_NAME = /^[a-z][a-z0-9_]{0,62}$/;
const CREATE_MEMBERS = ['api_name', 'display_name', 'value_type', 'is_array', 'is_unique', 'is_required_on_create', 'description', 'options'];
const PATCHABLE = ['display_name', 'description', 'is_required_on_create', 'options'];
const IMMUTABLE = ['api_name', 'value_type', 'is_array', 'is_unique'];

function detail(code: ErrorDetail['code'], field: string, message: string, path = `/${field}`): ErrorDetail {
  return { code, field, path, message };
}

function parseText(raw: unknown, field: string, max: number, details: ErrorDetail[], required: boolean): string | undefined {
  if (raw === undefined || raw === null) {
    if (required) details.push(detail('field_required_missing', field, `${field} is required`));
    return raw === null && !required ? '' : undefined;
  }
  if (typeof raw !== 'string') {
    details.push(detail('field_value_invalid', field, `${field} must be a string, got ${describe(raw)}`));
    return undefined;
  }
  const value = raw.trim();
  const bad = checkStorableText(value);
  if (bad !== null) details.push(detail('field_value_invalid', field, `${field} ${bad}`));
  else if (required && value === '') details.push(detail('field_value_invalid', field, `${field} must not be empty`));
  else if (charactersOver(value, max) !== null) details.push(detail('field_value_invalid', field, `${field} must be at most ${max} characters`));
  else return value;
  return undefined;
}

function parseFlag(raw: unknown, field: string, details: ErrorDetail[]): boolean | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'boolean') {
    details.push(detail('field_value_invalid', field, `${field} must be true or false, got ${describe(raw)}`));
    return undefined;
  }
  return raw;
}

/** Options of a select: new ones get an id; `existing` (on PATCH) keeps each named option's id and must all stay. */
function parseOptions(raw: unknown, details: ErrorDetail[], existing: readonly SelectOption[] = []): SelectOption[] | undefined {
  const fail = (message: string, path = '/options'): undefined => {
    details.push(detail('field_value_invalid', 'options', message, path));
    return undefined;
  };
  if (!Array.isArray(raw) || raw.length === 0) return fail(`options must be a non-empty array of {"api_name", "display_value", "color"?}, got ${describe(raw)}`);
  if (raw.length > MAX_OPTIONS) return fail(`at most ${MAX_OPTIONS} options, got ${raw.length}`);
  const options: SelectOption[] = [];
  /** api_names of the options this change adds or gives a new display value. */
  const touched = new Set<string>();
  for (const [i, o] of raw.entries()) {
    const path = `/options/${i}`;
    if (!isPlainObject(o)) return fail(`an option is {"api_name", "display_value", "color"?}, got ${describe(o)}`, path);
    const extra = Object.keys(o).filter((k) => !['id', 'api_name', 'display_value', 'color'].includes(k));
    if (extra.length > 0) return fail(`unknown option member(s) ${extra.map((k) => JSON.stringify(k)).join(', ')}`, path);
    if (o.id !== undefined && o.id !== null && typeof o.id !== 'string') return fail(`option id must be the string id of an existing option, got ${describe(o.id)}`, path);
    // An option named by id is that option or none: an unknown id is not saved by a matching api_name.
    const previous = typeof o.id === 'string' ? existing.find((e) => e.id === (o.id as string).toLowerCase()) : existing.find((e) => e.apiName === o.api_name);
    if (o.id !== undefined && o.id !== null && previous === undefined) return fail(`no option with id ${describe(o.id)}; new options are sent without an id`, path);
    const apiName = o.api_name ?? previous?.apiName;
    if (typeof apiName !== 'string' || !API_NAME.test(apiName)) return fail(`option api_name must match ^[a-z][a-z0-9_]{0,62}$, got ${describe(o.api_name)}`, path);
    if (previous !== undefined && apiName !== previous.apiName) return fail(`option api_name is immutable (${previous.apiName})`, path);
    const displayValue = typeof o.display_value === 'string' ? o.display_value.trim() : previous?.displayValue;
    if (typeof displayValue !== 'string' || displayValue === '' || charactersOver(displayValue, 255) !== null || checkStorableText(displayValue) !== null) {
      return fail(`option display_value must be a non-empty string of at most 255 characters, got ${describe(o.display_value)}`, path);
    }
    if (o.color !== undefined && o.color !== null && (typeof o.color !== 'string' || o.color.length > 32 || checkStorableText(o.color) !== null)) return fail(`option color must be a string of at most 32 characters, got ${describe(o.color)}`, path);
    const color = o.color === undefined ? (previous?.color ?? null) : (o.color as string | null);
    if (options.some((x) => x.apiName === apiName)) return fail(`option api_name ${apiName} is listed twice`, path);
    if (options.some((x) => x.displayValue.toLowerCase() === displayValue.toLowerCase())) return fail(`option display_value ${JSON.stringify(displayValue)} is listed twice`, path);
    options.push({ id: previous?.id ?? newId(), apiName, displayValue, color });
    if (previous === undefined || previous.displayValue !== displayValue) touched.add(apiName);
  }
  // A value names an option by id, api_name or display value, in that order: a display value that is another
  // option's api_name could never be written. Refused where this change makes such a pair (a pair already
  // stored does not block other changes).
  for (const [i, o] of options.entries()) {
    const other = options.find((x) => x !== o && x.apiName === o.displayValue.toLowerCase());
    if (other !== undefined && (touched.has(o.apiName) || touched.has(other.apiName))) {
      return fail(`option display_value ${JSON.stringify(o.displayValue)} is the api_name of option ${other.apiName}: a value written as ${JSON.stringify(o.displayValue)} would mean that option`, `/options/${i}`);
    }
  }
  const dropped = existing.filter((e) => !options.some((o) => o.id === e.id));
  if (dropped.length > 0) return fail(`options cannot be removed (values may hold them): keep ${dropped.map((d) => d.apiName).join(', ')}`);
  return options;
}

function unknownMembers(body: Record<string, unknown>, allowed: string[], details: ErrorDetail[]): void {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key) && !IMMUTABLE.includes(key)) details.push(detail('unknown_field', key, `${JSON.stringify(key)} is not a member of an attribute definition; allowed: ${allowed.join(', ')}`));
  }
}

/** Validates a create body (every problem in details); standard names are checked here, reuse by storage. */
export function parseCustomAttribute(body: unknown, organizationId: string, now: string): { attribute: CustomAttribute | null; details: ErrorDetail[]; standardName: boolean } {
  const details: ErrorDetail[] = [];
  if (!isPlainObject(body)) return { attribute: null, details: [detail('field_value_invalid', '', 'the body must be a JSON object {"api_name", "display_name", "value_type", ...}', '')], standardName: false };
  unknownMembers(body, CREATE_MEMBERS, details);
  const apiName = body.api_name;
  let standardName = false;
  if (apiName === undefined || apiName === null) details.push(detail('field_required_missing', 'api_name', 'api_name is required'));
  else if (typeof apiName !== 'string' || !API_NAME.test(apiName)) details.push(detail('field_value_invalid', 'api_name', `api_name must match ^[a-z][a-z0-9_]{0,62}$ (lower case, digits, underscores; a letter first), got ${describe(apiName)}`));
  else if (CATALOG_BY_NAME.has(apiName)) standardName = true;
  const displayName = parseText(body.display_name, 'display_name', 255, details, true);
  const valueType = body.value_type;
  if (valueType === undefined || valueType === null) details.push(detail('field_required_missing', 'value_type', 'value_type is required'));
  else if (typeof valueType !== 'string' || !(CUSTOM_VALUE_TYPES as readonly string[]).includes(valueType)) {
    details.push(detail('field_value_invalid', 'value_type', `unknown value_type ${describe(valueType)}; one of ${CUSTOM_VALUE_TYPES.join(', ')}`));
  }
  const isArray = parseFlag(body.is_array, 'is_array', details) ?? false;
  const isUnique = parseFlag(body.is_unique, 'is_unique', details) ?? false;
  const isRequired = parseFlag(body.is_required_on_create, 'is_required_on_create', details) ?? false;
  const description = parseText(body.description, 'description', 2000, details, false) ?? '';
  const type = CUSTOM_VALUE_TYPES.find((t) => t === valueType);
  let options: SelectOption[] = [];
  if (type === 'select') options = parseOptions(body.options, details) ?? [];
  else if (body.options !== undefined && body.options !== null) details.push(detail('field_value_invalid', 'options', `options are for select attributes only, not ${describe(valueType)}`));
  if (isUnique && type !== undefined && (isArray || !CUSTOM_TYPE_SPECS[type].uniqueAllowed)) {
    details.push(detail('field_value_invalid', 'is_unique', isArray ? 'a list (is_array) cannot be unique' : `a ${type} attribute cannot be unique (not for boolean, select, long_text or lists)`));
  }
  if (details.length > 0 || type === undefined || displayName === undefined || typeof apiName !== 'string') return { attribute: null, details, standardName };
  return {
    attribute: { organizationId, id: newId(), apiName, displayName, valueType: type, isArray, isUnique, isRequiredOnCreate: isRequired, description, options, archivedAt: null, createdAt: now, updatedAt: now },
    details,
    standardName,
  };
}

/** Validates a PATCH body against the current definition and returns the changed definition. */
export function patchCustomAttribute(current: CustomAttribute, body: unknown, now: string): { attribute: CustomAttribute | null; details: ErrorDetail[] } {
  const details: ErrorDetail[] = [];
  if (!isPlainObject(body)) return { attribute: null, details: [detail('field_value_invalid', '', 'the body must be a JSON object', '')] };
  unknownMembers(body, PATCHABLE, details);
  for (const key of IMMUTABLE) {
    if (Object.hasOwn(body, key)) details.push(detail('field_not_updatable', key, `${key} cannot be changed once an attribute is defined; define a new attribute instead`));
  }
  if (Object.keys(body).length === 0) details.push(detail('field_required_missing', '', `name at least one of ${PATCHABLE.join(', ')}`, ''));
  const next = { ...current, updatedAt: now } as { -readonly [K in keyof CustomAttribute]: CustomAttribute[K] };
  if (Object.hasOwn(body, 'display_name')) next.displayName = parseText(body.display_name, 'display_name', 255, details, true) ?? current.displayName;
  if (Object.hasOwn(body, 'description')) next.description = parseText(body.description, 'description', 2000, details, false) ?? '';
  if (Object.hasOwn(body, 'is_required_on_create')) next.isRequiredOnCreate = parseFlag(body.is_required_on_create, 'is_required_on_create', details) ?? current.isRequiredOnCreate;
  if (Object.hasOwn(body, 'options')) {
    if (current.valueType !== 'select') details.push(detail('field_value_invalid', 'options', `options are for select attributes only, not ${current.valueType}`));
    else next.options = parseOptions(body.options, details, current.options) ?? current.options;
  }
  return details.length > 0 ? { attribute: null, details } : { attribute: next, details };
}
