import { parse } from 'csv-parse/sync';
import { CONTACT_CATALOG, type AttributeDef } from './catalog/contact-catalog.ts';
import { AppError } from './errors.ts';
import { unwrapEnvelope } from './contact-write.ts';
import { checkStorableText, isPlainObject } from './values/value-codec.ts';

/** Lists are split on this in CSV cells (an export joins them with it). */
export const LIST_SEPARATOR = ';';
/**
 * An export prefixes a quote to a cell starting with a formula character (=, +, -, @, tab, CR or their
 * fullwidth forms), or with quotes and then one, so that a spreadsheet never runs it; import takes one
 * quote off such a cell again (src/http/export-format.ts, csvCell).
 */
/** The characters a spreadsheet may start a formula with (csv-stringify's escape_formulas set, fullwidth forms included). */
export const FORMULA_START_CHARACTERS = ['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'] as const;
/** A regular expression character class of them. */
export const FORMULA_START_CLASS = `[${FORMULA_START_CHARACTERS.map((c) => (c === '-' ? '\\-' : c)).join('')}]`;
const QUOTED_FORMULA = new RegExp(`^'(?='*${FORMULA_START_CLASS})`);

/** A cell as it was before an export protected it against formula injection. */
export const unquoteFormula = (cell: string): string => (QUOTED_FORMULA.test(cell) ? cell.slice(1) : cell);

/** The standard match keys an import may upsert by, as _assert takes them; a unique custom attribute is one too. */
export const IMPORT_MATCH_KEYS = ['primary_email', 'contact_emails'] as const;
/** primary_email, contact_emails, or the api_name of a live unique custom attribute. */
export type ImportMatchKey = string;

/** Why an import cannot upsert by this key over the organization's attributes, or null when it can. */
export function importMatchProblem(key: string, attributes: readonly AttributeDef[]): string | null {
  if ((IMPORT_MATCH_KEYS as readonly string[]).includes(key)) return null;
  if (attributes.some((d) => d.isCustom && d.isUnique && d.apiName === key)) return null;
  const unique = attributes.filter((d) => d.isCustom && d.isUnique).map((d) => d.apiName);
  return `match is one of ${[...IMPORT_MATCH_KEYS, ...unique].join(', ')} (primary_email, contact_emails or a unique custom attribute), got ${JSON.stringify(key)}`;
}

/** What one input column becomes: an attribute to write, or nothing (a server-set attribute, as an export carries). */
export interface ImportColumn {
  header: string;
  def: AttributeDef | null;
}

/** `--map "Column=api_name,Other=api_name"`. */
export function parseColumnMap(text: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  if (text === undefined || text.trim() === '') return map;
  // Stored with an import job: PostgreSQL refuses a NUL in text, and no column name can hold one.
  const bad = checkStorableText(text);
  if (bad !== null) throw new AppError('validation_failed', `--map ${bad}`);
  // The pairs are one CSV record, so a pair whose column holds a comma is quoted: "Last, First=last_name".
  let pairs: string[];
  try {
    pairs = (parse(text, { relax_quotes: true, ltrim: true, rtrim: true, relax_column_count: true }) as string[][]).flat();
  } catch (error) {
    throw new AppError('validation_failed', `--map takes "Column=api_name" pairs separated by commas (quote a pair whose column has a comma: "Last, First=last_name"): ${error instanceof Error ? error.message : String(error)}`);
  }
  for (const pair of pairs) {
    const at = pair.lastIndexOf('=');
    const column = pair.slice(0, Math.max(at, 0)).trim();
    const apiName = pair.slice(at + 1).trim();
    // Both sides named: "Column=" would map the column to no attribute and report it as unknown.
    if (at < 0 || column === '' || apiName === '') throw new AppError('validation_failed', `--map takes "Column=api_name" pairs separated by commas, got ${JSON.stringify(pair)}`);
    map.set(column.toLowerCase(), apiName);
  }
  return map;
}

/** Each attribute list's names (api_name and display name, lower case), built once per list. */
const namesOf = new WeakMap<readonly AttributeDef[], Map<string, AttributeDef>>();
function byNameIn(attributes: readonly AttributeDef[]): Map<string, AttributeDef> {
  let byName = namesOf.get(attributes);
  if (byName === undefined) {
    byName = new Map();
    // api_names first and never displaced (an export's columns are api_names): a display name only names
    // an attribute when no api_name, and no earlier display name, is that text.
    for (const def of attributes) byName.set(def.apiName.toLowerCase(), def);
    for (const def of attributes) if (!byName.has(def.displayName.toLowerCase())) byName.set(def.displayName.toLowerCase(), def);
    namesOf.set(attributes, byName);
  }
  return byName;
}

/** A column naming an attribute an earlier column names already: one of the two values would be dropped. */
export interface DuplicateColumn { header: string; earlier: string; apiName: string }

/** The message of a duplicate column (the file's refusal, or an NDJSON line's error). */
export const duplicateColumnMessage = (d: DuplicateColumn): string => `the columns ${JSON.stringify(d.earlier)} and ${JSON.stringify(d.header)} both name ${d.apiName}: keep one, or map one elsewhere`;

/**
 * Maps header names to attributes: --map first, then api_name or display name, case-insensitively.
 * Server-set attributes (id, timestamps, display_name, …, what an export carries) are read and skipped.
 * attributes: the organization's catalog (standard, then its live custom attributes).
 * Returns the columns, the headers that name no attribute, and those that name a writable attribute an
 * earlier header names too.
 */
export function resolveColumns(headers: readonly string[], map: ReadonlyMap<string, string>, attributes: readonly AttributeDef[] = CONTACT_CATALOG): { columns: ImportColumn[]; unknown: string[]; duplicates: DuplicateColumn[] } {
  const byName = byNameIn(attributes);
  const unknown: string[] = [];
  const duplicates: DuplicateColumn[] = [];
  const firstHeader = new Map<string, string>();
  const columns = headers.map((raw) => {
    const header = raw.trim();
    const target = map.get(header.toLowerCase()) ?? header;
    const def = byName.get(target.toLowerCase());
    if (def === undefined) {
      unknown.push(header);
      return { header, def: null };
    }
    if (!def.isCreatable) return { header, def: null };
    const earlier = firstHeader.get(def.apiName);
    if (earlier === undefined) firstHeader.set(def.apiName, header);
    else duplicates.push({ header, earlier, apiName: def.apiName });
    return { header, def };
  });
  return { columns, unknown, duplicates };
}

const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/** "12.50 USD" or "USD 12.50" (either order, any spacing). */
const MONEY = /^(?:([A-Za-z]{3})\s*([+-]?[\d.]+)|([+-]?[\d.]+)\s*([A-Za-z]{3}))$/;
/** Value types whose write takes a JSON object, which a CSV cell carries as JSON text (as an export writes it). */
const OBJECT_TYPES = new Set(['address', 'created_source_form_submission_details', 'currency']);

/**
 * One CSV cell as the raw value a write takes, coerced per value type from its text: booleans
 * (true/false/yes/no/y/n/1/0), numbers, currency ("12.50 USD" or JSON), JSON objects, lists split on ";".
 * Dates, timestamps and the other text types pass as text. Text that does not coerce passes as is, so the
 * write reports it with the type's own message.
 */
export function coerceCell(def: AttributeDef, cell: string): unknown {
  const text = unquoteFormula(cell);
  if (def.isList) {
    // A list an item of which holds the separator is exported as a JSON array of the items' texts.
    const items = text.startsWith('[') ? jsonStrings(text) : null;
    if (items !== null) return items.map((s) => coerceScalar(def, s));
    return text.split(LIST_SEPARATOR).map((s) => s.trim()).filter((s) => s !== '').map((s) => coerceScalar(def, s));
  }
  return coerceScalar(def, text);
}

/** A JSON array of strings, or null when the text is not one. */
function jsonStrings(text: string): string[] | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) && parsed.every((i) => typeof i === 'string') ? (parsed as string[]) : null;
  } catch {
    return null;
  }
}

function coerceScalar(def: AttributeDef, text: string): unknown {
  const trimmed = text.trim();
  if (def.valueType === 'boolean') {
    const lower = trimmed.toLowerCase();
    return TRUE.has(lower) ? true : FALSE.has(lower) ? false : text;
  }
  if (def.valueType === 'number') return NUMBER.test(trimmed) ? Number(trimmed) : text;
  if (OBJECT_TYPES.has(def.valueType) && trimmed.startsWith('{')) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      return text;
    }
  }
  if (def.valueType === 'currency') {
    const m = MONEY.exec(trimmed);
    if (m !== null) return { amount: m[2] ?? m[3], currency_code: (m[1] ?? m[4] ?? '').toUpperCase() };
    return text;
  }
  if (def.valueType === 'date' || def.valueType === 'timestamp') return trimmed;
  return text;
}

/** A CSV row's attributes: empty cells are left out (an import never clears a value). */
export function csvRowAttributes(columns: readonly ImportColumn[], cells: readonly string[]): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  columns.forEach((column, i) => {
    const cell = cells[i];
    if (column.def === null || cell === undefined || cell.trim() === '') return;
    attributes[column.def.apiName] = coerceCell(column.def, cell);
  });
  return attributes;
}

/** A read envelope's value as a write takes it (an export's NDJSON re-imports as it was rendered). */
function writable(def: AttributeDef, value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  if (def.valueType === 'contact_stage' || def.valueType === 'select') return value.api_name;
  if (def.valueType === 'record_reference') return value.related_record_id ?? value;
  if (def.valueType === 'contact_email') return { email: value.email, is_primary: value.is_primary, labels: value.labels };
  if (def.valueType === 'contact_phone_number') return { phone_number: value.phone_number, is_primary: value.is_primary, labels: value.labels };
  return value;
}

/**
 * A value as the write takes it: a read envelope unwrapped, its read shape made writable. An envelope the write
 * refuses (another value_type than the attribute's, another member) is passed on as it is, so the row fails with
 * the write's field_value_invalid as POST does, instead of its value being written under the wrong type.
 */
function fromEnvelope(def: AttributeDef, raw: unknown): { value: unknown; refused: boolean } {
  if (!isPlainObject(raw) || !Object.hasOwn(raw, 'value_type')) return { value: raw, refused: false };
  const unwrapped = unwrapEnvelope(raw, def.valueType);
  return 'error' in unwrapped ? { value: raw, refused: true } : { value: raw.value, refused: false };
}

const writableItem = (def: AttributeDef, item: unknown): unknown => {
  const { value, refused } = fromEnvelope(def, item);
  return refused ? value : writable(def, value);
};

/**
 * An NDJSON object's attributes: `{"attributes": {...}}` (a record as GET or an export renders it) or a
 * flat object of columns. Keys map like CSV headers (duplicates included); server-set ones are skipped;
 * nulls are left out.
 */
export function ndjsonAttributes(object: Record<string, unknown>, map: ReadonlyMap<string, string>, catalog: readonly AttributeDef[] = CONTACT_CATALOG): { attributes: Record<string, unknown>; unknown: string[]; duplicates: DuplicateColumn[] } {
  const source = isPlainObject(object.attributes) ? object.attributes : object;
  const { columns, unknown, duplicates } = resolveColumns(Object.keys(source), map, catalog);
  const attributes: Record<string, unknown> = {};
  const values = Object.values(source);
  columns.forEach((column, i) => {
    if (column.def === null) return;
    const def = column.def;
    const { value: raw, refused } = fromEnvelope(def, values[i]);
    if (raw === null || raw === undefined || (Array.isArray(raw) && raw.length === 0)) return;
    attributes[def.apiName] = refused ? raw : Array.isArray(raw) ? raw.map((item) => writableItem(def, item)) : writable(def, raw);
  });
  // A top-level record's own members (id, created_at, record_type) are not columns.
  const ownMembers = new Set(['id', 'created_at', 'updated_at', 'record_type']);
  return { attributes, unknown: unknown.filter((u) => !ownMembers.has(u)), duplicates };
}

/** The _assert match of a row for --match, or null when the row has no value for it. */
export function rowMatch(key: ImportMatchKey, attributes: Record<string, unknown>): Record<string, unknown> | null {
  if (!(IMPORT_MATCH_KEYS as readonly string[]).includes(key)) return attributes[key] === undefined ? null : { [key]: attributes[key] };
  if (key === 'primary_email') {
    const email = attributes.primary_email ?? (Array.isArray(attributes.contact_emails) ? emailOf(attributes.contact_emails[0]) : undefined);
    return typeof email === 'string' ? { primary_email: email } : null;
  }
  const emails = [attributes.primary_email, ...(Array.isArray(attributes.contact_emails) ? attributes.contact_emails.map(emailOf) : [])].filter((e): e is string => typeof e === 'string');
  return emails.length === 0 ? null : { contact_emails: [...new Set(emails)].slice(0, 20) };
}

const emailOf = (item: unknown): unknown => (isPlainObject(item) ? item.email : item);
