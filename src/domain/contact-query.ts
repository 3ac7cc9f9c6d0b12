import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { AttributeDef } from './catalog/contact-catalog.ts';
import { CUSTOM_TYPE_SPECS } from './catalog/custom-attribute.ts';
import type { ContactCatalog } from './catalog/organization-catalog.ts';
import { ALL_FILTER_OPERATORS, type FilterOperator } from './catalog/filter-operators.ts';
import type { Contact } from './contact.ts';
import type { ErrorDetail } from './errors.ts';
import { isUuid } from './ids.ts';
import type { ContactStage } from './stages.ts';
import { findStage } from './values/contact-stage.ts';
import { normalizeEmail } from './values/email.ts';
import { normalizePhoneNumber, phoneDigits, phoneNumberProblem } from './values/phone-number.ts';
import { codePoints, foldText, foldedWords, searchTokens } from './text-fold.ts';
import { parseTimestamp, subMillisecondDigits } from './values/timestamp.ts';
import { charactersOver, checkStorableText, describe, isPlainObject, type ParseContext } from './values/value-codec.ts';

export const MAX_FILTER_DEPTH = 4;
export const MAX_SORT_FIELDS = 3;
export const DEFAULT_QUERY_LIMIT = 50;
export const MAX_QUERY_LIMIT = 500;
export const MAX_IN_VALUES = 1000;
export const MAX_FILTER_STRING = 2048;
/** Bounds on one query's size, well inside both databases' limits on bound parameters. */
export const MAX_FILTER_CONDITIONS = 200;
export const MAX_FILTER_VALUES = 5000;
/** The longest `search` text, in characters (code points). */
export const MAX_SEARCH_LENGTH = 200;

/** A filter value in stored form: strings (ids, timestamps, text), booleans, or numbers (custom number and currency amounts). */
export type FilterScalar = string | boolean | number;

/** The positive operators; ne, not_in and not_exists are their exact negations (`negated: true`). */
export type BaseOperator = 'eq' | 'in' | 'contains' | 'starts_with' | 'ends_with' | 'gt' | 'gte' | 'lt' | 'lte' | 'between' | 'exists';

/**
 * One condition. Every condition is two-valued: a missing value (null scalar, empty list) never
 * satisfies a positive operator, so its negation (ne, not_in, not_exists, or `not`) always matches it.
 * For list attributes a positive operator means "some item satisfies it".
 */
export interface FilterCondition {
  kind: 'condition';
  field: string;
  operator: BaseOperator;
  negated: boolean;
  /** eq/contains/…/gt: one value; in: any number; between: [low, high]; exists: none. contains,
   * starts_with and ends_with take it folded (src/domain/text-fold.ts). */
  values: FilterScalar[];
}
export type FilterNode =
  | FilterCondition
  | { kind: 'and'; children: FilterNode[] }
  | { kind: 'or'; children: FilterNode[] }
  | { kind: 'not'; child: FilterNode };

export type SortDirection = 'asc' | 'desc';
export interface SortKey { field: string; direction: SortDirection }

/** A cursor position: the last row's sort key values, id last. */
export type KeysetValues = Array<string | boolean | number | null>;

/** What storage needs to run one page of a contact query. */
export interface ContactQueryPlan {
  /** The top-level filters ANDed together. */
  filter: FilterNode;
  /** True when a filter names archived_at; archived contacts are left out otherwise. */
  includeArchived: boolean;
  /** The requested sort keys followed by id (same direction as the last key) as the tie-breaker. */
  sort: SortKey[];
  limit: number;
  /** Rows strictly after this position in sort order, or null for the first page. */
  after: KeysetValues | null;
  /** The folded `search` tokens a contact must hold (each also as its phone digits, see tokenNeedles); empty without a search. */
  search: string[];
  /**
   * Phone numbers written in groups (`+44 20 7946 0958`): a contact holds such a run of tokens when it holds
   * every token, or the run's digits as one number. Their tokens are in no `search` entry of their own.
   */
  phoneRuns: PhoneRun[];
  /** The organization's catalog the fields were resolved in (custom attributes' storage comes from it). */
  catalog: ContactCatalog;
}

const NEGATIONS: Partial<Record<FilterOperator, BaseOperator>> = { ne: 'eq', not_in: 'in', not_exists: 'exists' };
const TEXT_MATCH = new Set<FilterOperator>(['contains', 'starts_with', 'ends_with']);
const GROUP_KEYS = ['and', 'or', 'not'] as const;
const CONDITION_KEYS = ['field', 'operator', 'value'];
const TOP_LEVEL_KEYS = ['filters', 'search', 'sort', 'limit', 'cursor'];

/** Ascii-only case folding: what both databases' lower() does on our byte-collated columns. */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/** Byte-wise (UTF-8) comparison, the order of SQLite's BINARY and PostgreSQL's "C" collation. */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

interface ParseState {
  details: ErrorDetail[];
  stages: ContactStage[];
  ctx: ParseContext;
  catalog: ContactCatalog;
  namesArchived: boolean;
  conditions: number;
  values: number;
}

/**
 * A contains / starts_with / ends_with fragment of a phone number: phone numbers are stored in E.164, so a
 * fragment written with punctuation is compared as its digits (`555-0132` as `5550132`, `+1 (415)` as
 * `+1415`); any other text folded, as written.
 */
function phoneFragment(s: string): string {
  return phoneDigits(s.trim()) ?? foldText(s.trim());
}

/** Parses one filter value for an attribute and operator into stored form, or returns a message. */
function parseScalar(def: AttributeDef, operator: FilterOperator, raw: unknown, state: ParseState, bound?: 'gte' | 'lte'): FilterScalar | { error: string } {
  const textMatch = TEXT_MATCH.has(operator);
  const str = (): string | { error: string } => {
    if (typeof raw !== 'string') return { error: `expected a string, got ${describe(raw)}` };
    const bad = checkStorableText(raw);
    if (bad !== null) return { error: `the string ${bad}` };
    // Characters are code points, as stored values are counted: a value that could be written can be filtered on.
    const over = charactersOver(raw, MAX_FILTER_STRING);
    if (over !== null) return { error: `at most ${MAX_FILTER_STRING} characters, got ${over}` };
    return raw;
  };
  if (textMatch && def.isCustom) {
    // Fragments fold fully (src/domain/text-fold.ts), as the stored custom text does (value_folded).
    const s = str();
    if (typeof s !== 'string') return s;
    return def.valueType === 'email' ? foldText(s.trim()) : def.valueType === 'phone_number' ? phoneFragment(s) : foldText(s);
  }
  switch (def.valueType) {
    case 'uuid':
    case 'record_reference':
      return isUuid(raw) ? raw.toLowerCase() : { error: `expected a UUID, got ${describe(raw)}` };
    case 'url':
      if (textMatch) return str();
    // falls through: a whole URL is compared as the codec stores it
    case 'number':
    case 'date':
    case 'select':
    case 'currency': {
      const parsed = def.codec.parse(raw, state.ctx);
      if (!parsed.ok) return { error: parsed.message };
      const indexed = CUSTOM_TYPE_SPECS[def.valueType].index(parsed.value);
      return def.valueType === 'number' ? (indexed.number as number) : (indexed.text as string);
    }
    case 'timestamp': {
      const t = parseTimestamp(raw);
      if (t === null) return { error: `expected an ISO-8601 timestamp with a time zone (e.g. 2024-05-01T12:00:00Z) or a date, got ${describe(raw)}` };
      const finer = subMillisecondDigits(raw as string);
      if (finer === null) return t;
      // Stored timestamps are whole milliseconds, t the value's millisecond: a stored one is below the value
      // when it is at most t, and at least the value when it is past t; none equals it.
      const base = bound ?? NEGATIONS[operator] ?? operator;
      if (base === 'lt' || base === 'gte') return new Date(Date.parse(t) + 1).toISOString();
      if (base === 'gt' || base === 'lte') return t;
      return `${t.slice(0, -1)}${finer}Z`;
    }
    case 'string': {
      const s = str();
      return textMatch && typeof s === 'string' ? foldText(s) : s;
    }
    case 'email':
    case 'contact_email': {
      const s = str();
      if (typeof s !== 'string') return s;
      // A fragment is trimmed, as stored emails are, and folded.
      if (textMatch) return foldText(s.trim());
      return normalizeEmail(s) ?? { error: `not a valid email address: ${JSON.stringify(s.slice(0, 100))} (use contains / starts_with / ends_with for fragments)` };
    }
    case 'phone_number':
    case 'contact_phone_number': {
      const s = str();
      if (typeof s !== 'string') return s;
      if (textMatch) return phoneFragment(s);
      return normalizePhoneNumber(s, state.ctx.defaultPhoneRegion) ?? { error: `${phoneNumberProblem(s, state.ctx.defaultPhoneRegion)}; use contains for fragments` };
    }
    case 'boolean':
      return typeof raw === 'boolean' ? raw : { error: `expected true or false, got ${describe(raw)}` };
    case 'enum': {
      const parsed = def.codec.parse(raw, state.ctx);
      return parsed.ok ? (parsed.value as string) : { error: parsed.message };
    }
    case 'contact_stage': {
      if (typeof raw !== 'string') return { error: `expected a stage api_name or id, got ${describe(raw)}` };
      const stage = findStage(state.stages, raw.trim());
      return stage?.id ?? { error: `unknown stage ${JSON.stringify(raw.slice(0, 100))}; this organization's stages are ${state.stages.map((s) => s.apiName).join(', ')}` };
    }
    default:
      return { error: `${def.valueType} attributes take no value` };
  }
}

function parseCondition(raw: Record<string, unknown>, path: string, state: ParseState): FilterCondition | null {
  const { details } = state;
  let ok = true;
  for (const key of Object.keys(raw)) {
    if (!CONDITION_KEYS.includes(key)) {
      details.push({ code: 'unknown_field', field: key, path: `${path}/${key}`, message: `unknown filter member ${JSON.stringify(key)}; a filter is {"field", "operator", "value"} or a group {"and": [...]}, {"or": [...]}, {"not": {...}}` });
      ok = false;
    }
  }
  const field = raw.field;
  const def = typeof field === 'string' ? state.catalog.get(field) : undefined;
  if (def === undefined || !def.isFilterable) {
    const message = typeof field !== 'string'
      ? `a filter needs "field": the api_name of a contact attribute, got ${describe(field)}`
      : def === undefined ? state.catalog.unknownName(field, 'filter on it') : `${field} is not filterable`;
    details.push({ code: 'invalid_filter_field', ...(typeof field === 'string' ? { field } : {}), path: `${path}/field`, message });
    ok = false;
  }
  if (def?.apiName === 'archived_at') state.namesArchived = true;
  const operator = raw.operator;
  if (typeof operator !== 'string' || !(ALL_FILTER_OPERATORS as readonly string[]).includes(operator)) {
    details.push({ code: 'invalid_filter_operator', ...(typeof field === 'string' ? { field } : {}), path: `${path}/operator`, message: `unknown operator ${describe(operator)}; operators are ${ALL_FILTER_OPERATORS.join(', ')}` });
    return null;
  }
  const op = operator as FilterOperator;
  if (def === undefined || !def.isFilterable) return null;
  if (!def.filterOperators.includes(op)) {
    details.push({ code: 'invalid_filter_operator', field: def.apiName, path: `${path}/operator`, message: `${def.apiName} (${def.valueType}) does not support ${op}; it supports ${def.filterOperators.join(', ')}` });
    return null;
  }
  const valuePath = `${path}/value`;
  const fail = (message: string): null => {
    details.push({ code: 'invalid_filter_value', field: def.apiName, path: valuePath, message: `${def.apiName} ${op}: ${message}` });
    return null;
  };
  const base = NEGATIONS[op] ?? (op as BaseOperator);
  const negated = NEGATIONS[op] !== undefined;
  const value = raw.value;
  let values: FilterScalar[];
  if (base === 'exists') {
    if (value !== undefined && value !== null) return fail('takes no value');
    values = [];
  } else if (base === 'in' || base === 'between') {
    if (!Array.isArray(value)) return fail(base === 'in' ? 'expected an array of values' : 'expected [low, high]');
    if (base === 'in' && value.length > MAX_IN_VALUES) return fail(`at most ${MAX_IN_VALUES} values`);
    if (base === 'between' && value.length !== 2) return fail(`expected exactly two values [low, high], got ${value.length}`);
    values = [];
    for (const [index, item] of value.entries()) {
      // between's values are bounds: the low one as gte, the high one as lte.
      const parsed = parseScalar(def, op, item, state, base === 'between' ? (index === 0 ? 'gte' : 'lte') : undefined);
      if (typeof parsed === 'object') {
        details.push({ code: 'invalid_filter_value', field: def.apiName, path: `${valuePath}/${index}`, message: `${def.apiName} ${op}: ${parsed.error}` });
        ok = false;
      } else values.push(parsed);
    }
    if (!ok) return null;
    // Timestamps compare by their milliseconds: bounds within one millisecond, rounded apart above, select nothing rather than fail.
    const [low, high] = def.valueType === 'timestamp' ? (value as unknown[]).map(parseTimestamp) : values;
    if (base === 'between' && (typeof low === 'number' ? low > (high as number) : compareBytes(low as string, high as string) > 0)) return fail('low is greater than high');
  } else {
    if (value === undefined) return fail('a value is required');
    const parsed = parseScalar(def, op, value, state);
    if (typeof parsed === 'object') return fail(parsed.error);
    values = [parsed];
  }
  state.values += values.length;
  return ok ? { kind: 'condition', field: def.apiName, operator: base, negated, values } : null;
}

/** depth: how many groups enclose this node (0 at the top level). */
function parseNode(raw: unknown, path: string, depth: number, state: ParseState): FilterNode | null {
  if (!isPlainObject(raw)) {
    state.details.push({ code: 'invalid_filter_value', path, message: `a filter must be an object, got ${describe(raw)}` });
    return null;
  }
  const groupKey = GROUP_KEYS.find((k) => Object.hasOwn(raw, k));
  if (groupKey === undefined) {
    state.conditions += 1;
    return parseCondition(raw, path, state);
  }
  if (Object.keys(raw).length !== 1) {
    state.details.push({ code: 'invalid_filter_value', path, message: `a group has exactly one member (${groupKey}); got ${Object.keys(raw).join(', ')}` });
    return null;
  }
  if (depth >= MAX_FILTER_DEPTH) {
    state.details.push({ code: 'filter_depth_exceeded', path, message: `filter groups nest at most ${MAX_FILTER_DEPTH} deep` });
    return null;
  }
  const inner = raw[groupKey];
  if (groupKey === 'not') {
    const child = parseNode(inner, `${path}/not`, depth + 1, state);
    return child === null ? null : { kind: 'not', child };
  }
  if (!Array.isArray(inner) || inner.length === 0) {
    state.details.push({ code: 'invalid_filter_value', path: `${path}/${groupKey}`, message: `"${groupKey}" takes a non-empty array of filters` });
    return null;
  }
  const children = inner.map((c, i) => parseNode(c, `${path}/${groupKey}/${i}`, depth + 1, state));
  return children.every((c) => c !== null) ? { kind: groupKey, children: children as FilterNode[] } : null;
}

/** A phone number written in groups, as a search finds it: every token of the run, or its digits (a + in front when the first group has one). */
export interface PhoneRun {
  tokens: string[];
  digits: string;
}

/** The fewest digits of a run of groups read as one phone number too (a subscriber number of seven digits). */
const MIN_RUN_DIGITS = 7;

/**
 * The runs of two or more consecutive phone groups among the folded tokens (in their order, repeats kept)
 * with seven digits or more, and the tokens outside every run.
 */
function phoneRunsOf(ordered: readonly string[]): { runs: PhoneRun[]; plain: string[] } {
  const runs: PhoneRun[] = [];
  const plain: string[] = [];
  for (let i = 0; i < ordered.length; ) {
    let end = i;
    // A group is written like a phone number (digits and + ( ) - . / only, with a digit); the run's number is read
    // as one written with spaces is, a + kept when one comes before its first digit.
    while (end < ordered.length && phoneDigits(ordered[end]!) !== null) end += 1;
    const group = ordered.slice(i, end);
    const number = group.length >= 2 ? phoneDigits(group.join(' ')) : null;
    if (number !== null && number.replace('+', '').length >= MIN_RUN_DIGITS) {
      runs.push({ tokens: [...new Set(group)], digits: number });
      i = end;
    } else {
      plain.push(ordered[i]!);
      i += 1;
    }
  }
  return { runs, plain };
}

interface ParsedSearch {
  /** Every distinct token, which binds a cursor to the search. */
  tokens: string[];
  search: string[];
  phoneRuns: PhoneRun[];
}

/** The folded tokens of a `search` member (none when it is absent), or a detail saying why it is refused. */
function parseSearch(raw: unknown, details: ErrorDetail[]): ParsedSearch {
  const none: ParsedSearch = { tokens: [], search: [], phoneRuns: [] };
  if (raw === undefined || raw === null) return none;
  const fail = (message: string): ParsedSearch => {
    details.push({ code: 'field_value_invalid', field: 'search', path: '/search', message: `search: ${message}` });
    return none;
  };
  if (typeof raw !== 'string') return fail(`expected a string, got ${describe(raw)}`);
  const bad = checkStorableText(raw);
  if (bad !== null) return fail(`the text ${bad}`);
  if (codePoints(raw) > MAX_SEARCH_LENGTH) return fail(`at most ${MAX_SEARCH_LENGTH} characters, got ${codePoints(raw)}`);
  if (/\p{Cc}/u.test(raw)) return fail('control characters (tab, newline, U+0000-U+001F, U+007F-U+009F) are not allowed');
  if (raw.trim() === '') return fail('empty or only whitespace; leave search out to match every contact');
  const tokens = searchTokens(raw);
  if (tokens.length === 0) return fail('nothing to look for once case and accents are folded away');
  const { runs, plain } = phoneRunsOf(foldedWords(raw));
  return { tokens, search: [...new Set(plain)], phoneRuns: runs };
}

export interface ParsedQuery {
  plan: ContactQueryPlan;
  /** Binds a cursor to the organization, filters and sort (not the limit, so page size may change). */
  fingerprint: string;
}

/** Parses a _query body against the catalog; every problem found is returned in details. */
export function parseQuery(body: unknown, organizationId: string, stages: ContactStage[], ctx: ParseContext, cursorSecret: string, catalog: ContactCatalog): { query: ParsedQuery | null; details: ErrorDetail[] } {
  const state: ParseState = { details: [], stages, ctx, catalog, namesArchived: false, conditions: 0, values: 0 };
  const { details } = state;
  const input = body === undefined || body === null ? {} : body;
  if (!isPlainObject(input)) {
    details.push({ code: 'field_value_invalid', path: '', message: 'the body must be a JSON object {"filters", "sort", "limit", "cursor"}' });
    return { query: null, details };
  }
  for (const key of Object.keys(input)) {
    if (!TOP_LEVEL_KEYS.includes(key)) details.push({ code: 'unknown_field', field: key, path: `/${key}`, message: `unknown member ${JSON.stringify(key)}; a query has ${TOP_LEVEL_KEYS.join(', ')}` });
  }

  const children: FilterNode[] = [];
  const filters = input.filters ?? [];
  if (!Array.isArray(filters)) details.push({ code: 'invalid_filter_value', path: '/filters', message: '"filters" must be an array of filters (ANDed together)' });
  else filters.forEach((f, i) => {
    const node = parseNode(f, `/filters/${i}`, 0, state);
    if (node !== null) children.push(node);
  });

  const search = parseSearch(input.search, details);

  if (state.conditions > MAX_FILTER_CONDITIONS || state.values > MAX_FILTER_VALUES) {
    details.push({ code: 'invalid_filter_value', path: '/filters', message: `a query has at most ${MAX_FILTER_CONDITIONS} conditions and ${MAX_FILTER_VALUES} values in all; this one has ${state.conditions} and ${state.values}` });
  }

  const sort: SortKey[] = [];
  const rawSort = input.sort ?? [];
  if (!Array.isArray(rawSort)) details.push({ code: 'unsortable_field', path: '/sort', message: '"sort" must be an array of {"field", "direction"}' });
  else {
    if (rawSort.length > MAX_SORT_FIELDS) details.push({ code: 'sort_too_many_fields', path: '/sort', message: `at most ${MAX_SORT_FIELDS} sort fields, got ${rawSort.length}` });
    rawSort.forEach((s, i) => {
      const path = `/sort/${i}`;
      if (!isPlainObject(s)) return details.push({ code: 'unsortable_field', path, message: `a sort entry is {"field", "direction"}, got ${describe(s)}` });
      const extra = Object.keys(s).filter((k) => k !== 'field' && k !== 'direction');
      if (extra.length > 0) details.push({ code: 'unknown_field', path: `${path}/${extra[0]}`, message: `unknown sort member ${JSON.stringify(extra[0])}; a sort entry is {"field", "direction"}` });
      const def = typeof s.field === 'string' ? catalog.get(s.field) : undefined;
      if (def === undefined || !def.isSortable) {
        const message = typeof s.field !== 'string'
          ? `a sort entry needs "field": the api_name of a contact attribute, got ${describe(s.field)}`
          : def === undefined ? catalog.unknownName(s.field, 'sort on it') : `${def.apiName} is not sortable`;
        details.push({ code: 'unsortable_field', ...(typeof s.field === 'string' ? { field: s.field } : {}), path: `${path}/field`, message });
      } else if (sort.some((k) => k.field === def.apiName)) {
        details.push({ code: 'unsortable_field', field: def.apiName, path: `${path}/field`, message: `${def.apiName} is sorted on twice` });
      }
      const direction = s.direction ?? 'asc';
      if (direction !== 'asc' && direction !== 'desc') details.push({ code: 'field_value_invalid', path: `${path}/direction`, message: `direction is "asc" or "desc", got ${describe(s.direction)}` });
      if (def !== undefined && def.isSortable) sort.push({ field: def.apiName, direction: direction === 'desc' ? 'desc' : 'asc' });
    });
  }
  if (sort.length === 0) sort.push({ field: 'created_at', direction: 'asc' });
  if (sort.at(-1)?.field !== 'id') sort.push({ field: 'id', direction: (sort.at(-1) as SortKey).direction });
  // id is unique, so keys after it never decide anything.
  sort.splice(sort.findIndex((k) => k.field === 'id') + 1);

  let limit = DEFAULT_QUERY_LIMIT;
  if (input.limit !== undefined && input.limit !== null) {
    if (typeof input.limit !== 'number' || !Number.isInteger(input.limit) || input.limit < 1 || input.limit > MAX_QUERY_LIMIT) {
      details.push({ code: 'field_value_invalid', field: 'limit', path: '/limit', message: `limit is an integer from 1 to ${MAX_QUERY_LIMIT}, got ${describe(input.limit)}` });
    } else limit = input.limit;
  }

  const filter: FilterNode = { kind: 'and', children };
  // A search's runs depend on the order of its words, which the distinct tokens lose: they are bound too, when there are any
  // (a search without runs binds what it always did, so cursors issued before runs existed go on).
  const q = search.phoneRuns.length === 0 ? search.tokens : { t: search.tokens, r: search.phoneRuns.map((run) => run.digits) };
  const fingerprint = createHash('sha256').update(JSON.stringify({ o: organizationId, f: filter, s: sort, q })).digest('base64url').slice(0, 22);
  let after: KeysetValues | null = null;
  if (input.cursor !== undefined && input.cursor !== null) {
    const decoded = decodeCursor(input.cursor, cursorSecret);
    if (decoded === null) {
      details.push({ code: 'invalid_cursor', field: 'cursor', path: '/cursor', message: 'the cursor is not one this server issued (or it was altered); start again without a cursor' });
    } else if (details.length === 0) {
      if (decoded.fingerprint !== fingerprint || !keysFit(decoded.keys, sort, catalog)) {
        details.push({ code: 'invalid_cursor', field: 'cursor', path: '/cursor', message: 'the cursor belongs to a query with other filters or sort; send the same filters and sort as the request that returned it' });
      } else after = decoded.keys;
    }
  }
  if (details.length > 0) return { query: null, details };
  return { query: { plan: { filter, includeArchived: state.namesArchived, sort, limit, after, catalog, search: search.search, phoneRuns: search.phoneRuns }, fingerprint }, details };
}

/** The JSON type a sort key's stored values have. */
function keyType(def: AttributeDef | undefined): 'boolean' | 'number' | 'string' {
  if (def?.isCustom === true) return CUSTOM_TYPE_SPECS[def.definition!.valueType].sortColumn === 'value_number' ? 'number' : 'string';
  return def?.valueType === 'boolean' ? 'boolean' : 'string';
}

function keysFit(keys: KeysetValues, sort: SortKey[], catalog: ContactCatalog): boolean {
  if (keys.length !== sort.length) return false;
  return sort.every((k, i) => {
    const v = keys[i];
    if (k.field === 'id') return typeof v === 'string';
    return v === null || typeof v === keyType(catalog.get(k.field));
  });
}

/** A sort key's value on a contact, in the form the database orders it by. */
export function sortKeyValue(contact: Contact, field: string, catalog: ContactCatalog): string | boolean | number | null {
  const def = catalog.get(field);
  if (def?.isCustom !== true) return ((contact as unknown as Record<string, unknown>)[field] ?? null) as string | boolean | null;
  const value = contact.custom[field];
  if (value === undefined || value === null) return null;
  const indexed = CUSTOM_TYPE_SPECS[def.definition!.valueType].index(value);
  return CUSTOM_TYPE_SPECS[def.definition!.valueType].sortColumn === 'value_number' ? indexed.number : indexed.text;
}

const CURSOR_CONTEXT = 'contactd.contact-query-cursor.v1.';

/** The most characters a sortable value holds: a URL attribute (standard ones 2048 characters, custom ones 2048 bytes). */
const MAX_SORT_VALUE_CHARACTERS = 2048;

/**
 * The longest cursor this server issues; a longer string is refused before its HMAC is computed. Its payload is
 * JSON of the fingerprint and up to MAX_SORT_FIELDS sort values and the id, and a character of a value takes at
 * most 6 bytes there (a control character is written \u00XX): under 37,000 bytes, base64url of it under 49,400
 * characters. (At 8192, the cursor of a sort by long URLs was refused: its second page was invalid_cursor.)
 */
const MAX_CURSOR_LENGTH = Math.ceil(((MAX_SORT_FIELDS * (MAX_SORT_VALUE_CHARACTERS * 6 + 3) + 128) * 4) / 3) + 1 + 43;

function sign(payload: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(CURSOR_CONTEXT + payload).digest();
}

/** The cursor after a row: base64url(JSON {f, k}) "." base64url(HMAC-SHA256). Signed, not encrypted. */
export function encodeCursor(fingerprint: string, contact: Contact, sort: SortKey[], secret: string, catalog: ContactCatalog): string {
  const keys = sort.map((k) => sortKeyValue(contact, k.field, catalog));
  const payload = Buffer.from(JSON.stringify({ f: fingerprint, k: keys })).toString('base64url');
  return `${payload}.${sign(payload, secret).toString('base64url')}`;
}

export function decodeCursor(raw: unknown, secret: string): { fingerprint: string; keys: KeysetValues } | null {
  if (typeof raw !== 'string' || raw.length > MAX_CURSOR_LENGTH) return null;
  const [payload, signature, ...rest] = raw.split('.');
  if (payload === undefined || signature === undefined || rest.length > 0) return null;
  const expected = sign(payload, secret);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    if (!isPlainObject(parsed) || typeof parsed.f !== 'string' || !Array.isArray(parsed.k)) return null;
    return { fingerprint: parsed.f, keys: parsed.k as KeysetValues };
  } catch {
    return null;
  }
}
