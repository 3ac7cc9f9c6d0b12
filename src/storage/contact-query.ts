import { sql, type Compilable, type Kysely, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { ContactQueryPlan, FilterCondition, FilterNode, FilterScalar, KeysetValues, SortKey } from '../domain/contact-query.ts';
import { codePoints } from '../domain/text-fold.ts';
import type { DialectProfile } from './dialects/profile.ts';
import { TEXT_INDEX_LINE_BITS } from './dialects/sqlite-thread.ts';
import { CUSTOM_PART, FOLDED_COLUMNS, IN_SEARCH_TEXT, searchNeedles } from './search-text.ts';
import type { ContactRow, Schema } from './schema.ts';
import { CONTACT_COLUMNS, CONTACT_READ_COLUMNS, contactRowFromArray, fromContactRow, fullContactRowFromArray } from './contact-row.ts';
import type { Contact } from '../domain/contact.ts';
import { CONTACT_CATALOG } from '../domain/catalog/contact-catalog.ts';
import { CUSTOM_TYPE_SPECS, SEARCHED_CUSTOM_TYPES } from '../domain/catalog/custom-attribute.ts';
import type { ContactCatalog } from '../domain/catalog/organization-catalog.ts';

type Db = Kysely<Schema>;
type Condition = RawBuilder<SqlBool>;
export type DialectName = DialectProfile['name'];

/**
 * List attributes live in their own tables (the catalog says which); a condition on one asks whether some
 * item satisfies it. folded: whether the item table has a `<column>_folded` column (src/storage/search-text.ts).
 */
const LIST_TABLES: Record<string, { table: string; column: string; folded: boolean }> = Object.fromEntries(
  CONTACT_CATALOG.flatMap((a) => (a.storage.kind === 'list' ? [[a.apiName, { table: a.storage.table, column: a.storage.valueColumn, folded: a.storage.table === 'contact_emails' }]] : [])),
);
const FOLDED = new Set(FOLDED_COLUMNS);

/** Columns declared NOT NULL: they need no null handling in predicates or ORDER BY. */
const NOT_NULL = new Set(CONTACT_CATALOG.filter((a) => a.storage.kind === 'column' && a.storage.notNull).map((a) => a.apiName as string));

/** Boolean columns (stored 0/1): a null sorts as -1, below both. */
const BOOLEAN_COLUMNS = new Set(CONTACT_CATALOG.filter((a) => a.storage.kind === 'column' && a.storage.encoding === 'boolean').map((a) => a.apiName as string));

const TRUE: Condition = sql<SqlBool>`1 = 1`;
const FALSE: Condition = sql<SqlBool>`1 = 0`;

const stored = (v: FilterScalar | null): string | number | null => (typeof v === 'boolean' ? (v ? 1 : 0) : v);

/** A custom attribute's storage: its definition id and the side-table columns its filters and sort read. */
function customStorage(field: string, catalog: ContactCatalog) {
  const def = catalog.get(field);
  if (def?.isCustom !== true || def.definition === null) return null;
  const spec = CUSTOM_TYPE_SPECS[def.definition.valueType];
  return { attributeId: def.definition.id, filterColumn: spec.filterColumn, sortColumn: spec.sortColumn };
}

function all(parts: Condition[]): Condition {
  if (parts.length === 0) return TRUE;
  return parts.length === 1 ? (parts[0] as Condition) : sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

function any(parts: Condition[]): Condition {
  if (parts.length === 0) return FALSE;
  return parts.length === 1 ? (parts[0] as Condition) : sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}

/** LIKE pattern for a match of already-folded text, with %, _ and \ escaped so user input is literal. */
export function likePattern(operator: 'contains' | 'starts_with' | 'ends_with', needle: string): string {
  const escaped = needle.replace(/[\\%_]/g, (c) => `\\${c}`);
  return operator === 'contains' ? `%${escaped}%` : operator === 'starts_with' ? `${escaped}%` : `%${escaped}`;
}

/** GLOB pattern for text containing needle (SQLite: search_text and the needle are folded already, GLOB compares them as they are); *, ? and [ are literal. */
export function globContains(needle: string): string {
  return `*${needle.replace(/[*?[]/g, (c) => `[${c}]`)}*`;
}

/** PostgreSQL: at most this many of a needle's trigram windows become conditions of their own. */
const MAX_WINDOWS = 16;

/**
 * A needle's distinct three-character windows made of ASCII letters and digits, in order, at most
 * MAX_WINDOWS of them spread over the needle. pg_trgm takes each such window for exactly one trigram, the
 * window itself, whatever the database's locale (it splits words at other characters by the locale).
 */
export function trigramWindows(needle: string): string[] {
  const windows: string[] = [];
  for (let i = 0; i + TRIGRAM <= needle.length; i += 1) {
    const window = needle.slice(i, i + TRIGRAM);
    if (/^[a-z0-9]{3}$/.test(window) && !windows.includes(window)) windows.push(window);
  }
  if (windows.length <= MAX_WINDOWS) return windows;
  return Array.from({ length: MAX_WINDOWS }, (_, k) => windows[Math.round((k * (windows.length - 1)) / (MAX_WINDOWS - 1))] as string);
}

/** PostgreSQL: whether a needle looks rare to the planner (SearchTextSample); a page's text query is built for it. */
export type Rarity = (needle: string) => boolean;

/**
 * A page's text needles: each is a group of texts any one of which search_text must hold (a search token and
 * its other spellings, see tokenNeedles; a filter's value alone). Every group must be held.
 */
export type NeedleGroup = readonly string[];

/** SQLite: search_text holds one of the group's texts (GLOB on the row). */
const globHolds = (text: RawBuilder<unknown>, group: NeedleGroup): Condition => any(group.map((n) => sql<SqlBool>`${text} glob ${globContains(n)}`));

/**
 * PostgreSQL: contacts whose search_text contains one needle of every group, found through pg_trgm's GIN index (LIKE,
 * rechecked on the row); the planner weighs it against the other indexes from its statistics.
 *
 * A needle that looks rare (see SearchTextSample) is asked for one window at a time, with the whole needle
 * checked by strpos on the rows found: the GIN scan then leapfrogs between the windows' posting lists
 * instead of walking the candidates of one of them, checking the others at each. At 1M contacts
 * `contains 'ast523456'` read 478 index pages as one LIKE (7.5 ms) and about 0.9 ms as seven (bench/README).
 */
function searchTextHolds(groups: readonly NeedleGroup[], rare: Rarity): Condition {
  return all(groups.map((group) => any(group.map((n) => {
    const windows = rare(n) ? trigramWindows(n) : [];
    if (windows.length < 2) return sql<SqlBool>`contacts.search_text like ${likePattern('contains', n)} escape '\\'`;
    return all([...windows.map((w) => sql<SqlBool>`contacts.search_text like ${`%${w}%`}`), sql<SqlBool>`strpos(contacts.search_text, ${n}) > 0`]);
  }))));
}

/** The shortest needle a trigram index can look up. */
const TRIGRAM = 3;

/** The positive comparison on one value expression; NULL (never true) when the value is null. */
function compare(column: RawBuilder<unknown>, c: FilterCondition, folded: RawBuilder<unknown> = sql`lower(${column})`): Condition {
  const [a, b] = c.values.map(stored);
  switch (c.operator) {
    case 'eq': return sql<SqlBool>`${column} = ${a}`;
    case 'in': return c.values.length === 0 ? FALSE : sql<SqlBool>`${column} in (${sql.join(c.values.map(stored))})`;
    // Both sides folded: the value by the parser, the column by `folded` (see src/storage/search-text.ts).
    case 'contains':
    case 'starts_with':
    case 'ends_with': return sql<SqlBool>`${folded} like ${likePattern(c.operator, c.values[0] as string)} escape '\\'`;
    case 'gt': return sql<SqlBool>`${column} > ${a}`;
    case 'gte': return sql<SqlBool>`${column} >= ${a}`;
    case 'lt': return sql<SqlBool>`${column} < ${a}`;
    case 'lte': return sql<SqlBool>`${column} <= ${a}`;
    case 'between': return sql<SqlBool>`${column} between ${a} and ${b}`;
    case 'exists': return sql<SqlBool>`${column} is not null`;
  }
}

/** `coalesce(x_folded, lower(x))`: the folded text of a column that has a folded copy. */
const foldedOf = (column: string): RawBuilder<unknown> => sql`coalesce(${sql.ref(`${column}_folded`)}, lower(${sql.ref(column)}))`;

/**
 * A positive contains / starts_with / ends_with on an attribute whose text search_text holds implies that
 * search_text contains the value: that necessary condition lets the text index find the candidates.
 */
function indexedNeedle(c: FilterCondition): string | null {
  if (!['contains', 'starts_with', 'ends_with'].includes(c.operator) || !IN_SEARCH_TEXT.has(c.field)) return null;
  const needle = c.values[0] as string;
  // search_text holds a text's U+0003 as a space (see searchDocument): a needle with one is not in it as written.
  return codePoints(needle) >= TRIGRAM && !needle.includes(CUSTOM_PART) ? needle : null;
}

/**
 * PostgreSQL: how search_text is asked to hold a needle through the text index, given which needles look
 * rare; null on SQLite, whose text index drives the whole query instead (see selected).
 */
type TextIndexed = ((needle: string) => Condition) | null;

function textIndexed(c: FilterCondition, indexed: TextIndexed): Condition | null {
  const needle = indexed === null ? null : indexedNeedle(c);
  return needle === null || indexed === null ? null : indexed(needle);
}

/** One condition, already in the polarity it is used with; never NULL, so NOT and OR stay two-valued. */
function condition(c: FilterCondition, negate: boolean, organizationId: string, catalog: ContactCatalog, text: TextIndexed): Condition {
  const negated = c.negated !== negate;
  const custom = customStorage(c.field, catalog);
  if (custom !== null) {
    // Custom values live in the side table, one row per value: the same "some row matches" IN as a list.
    // Text values compare folded (value_folded when folding changes more than ASCII case), as standard text columns do.
    const folded = custom.filterColumn === 'value_text' ? sql`coalesce(v.value_folded, lower(v.value_text))` : undefined;
    const match = c.operator === 'exists' || custom.filterColumn === null ? TRUE : compare(sql.ref(`v.${custom.filterColumn}`), c, folded);
    const holders = sql`(select v.contact_id from contact_custom_values as v where v.organization_id = ${organizationId} and v.attribute_id = ${custom.attributeId} and ${match})`;
    return negated ? sql<SqlBool>`contacts.id not in ${holders}` : sql<SqlBool>`contacts.id in ${holders}`;
  }
  const indexed = negated ? null : textIndexed(c, text);
  const list = LIST_TABLES[c.field];
  if (list !== undefined) {
    // An uncorrelated IN lets both planners start from the item index ((organization_id, email) etc.)
    // instead of probing every contact; contact_id is never null, so NOT IN is exact.
    const item = sql.ref(`i.${list.column}`);
    const match = c.operator === 'exists' ? TRUE : compare(item, c, list.folded ? foldedOf(`i.${list.column}`) : undefined);
    const holders = sql`(select i.contact_id from ${sql.table(list.table)} as i where i.organization_id = ${organizationId} and ${match})`;
    if (negated) return sql<SqlBool>`contacts.id not in ${holders}`;
    return all([...(indexed === null ? [] : [indexed]), sql<SqlBool>`contacts.id in ${holders}`]);
  }
  const column = sql.ref(`contacts.${c.field}`);
  const folded = FOLDED.has(c.field) ? foldedOf(`contacts.${c.field}`) : undefined;
  if (!negated) return all([...(indexed === null ? [] : [indexed]), compare(column, c, folded)]);
  if (c.operator === 'exists') return NOT_NULL.has(c.field) ? FALSE : sql<SqlBool>`${column} is null`;
  return NOT_NULL.has(c.field) ? sql<SqlBool>`not (${compare(column, c, folded)})` : sql<SqlBool>`(${column} is null or not (${compare(column, c, folded)}))`;
}

/** Compiles the filter tree, pushing `not` down to the conditions (negation normal form). */
export function compileFilter(node: FilterNode, organizationId: string, catalog: ContactCatalog, text: TextIndexed, negate = false): Condition {
  switch (node.kind) {
    case 'condition': return condition(node, negate, organizationId, catalog, text);
    case 'not': return compileFilter(node.child, organizationId, catalog, text, !negate);
    case 'and': {
      const parts = node.children.map((child) => compileFilter(child, organizationId, catalog, text, negate));
      return negate ? any(parts) : all(parts);
    }
    case 'or': {
      const parts = node.children.map((child) => compileFilter(child, organizationId, catalog, text, negate));
      return negate ? all(parts) : any(parts);
    }
  }
}

/*
 * Sort order: text byte-wise, false before true, the same on both dialects. A standard attribute's null is
 * smallest (first in asc, last in desc); a custom attribute's null comes last in either direction, so the
 * first pages of a sort by it come straight from the side table's index (see pageParts). A nullable key
 * sorts as coalesce(column, sentinel) with a sentinel beyond every stored value (text is never stored
 * empty: an empty write clears it), so keys are never NULL: the keyset predicate stays a plain range the
 * (expression) indexes serve in either direction, at any depth.
 */

/** The SQL a sort key orders by, matching the expression indexes of the query-indexes migration. */
export function sortExpression(key: SortKey, catalog: ContactCatalog): RawBuilder<unknown> {
  const { field } = key;
  const custom = customStorage(field, catalog);
  if (custom !== null && custom.sortColumn !== null) {
    // A scalar custom value is the side-table row at position 0; no row sorts as null (the sentinel).
    const value = sql`(select v.${sql.raw(custom.sortColumn)} from contact_custom_values as v where v.organization_id = contacts.organization_id and v.attribute_id = ${custom.attributeId} and v.contact_id = contacts.id and v.position = 0)`;
    return sql`coalesce(${value}, ${sortSentinel(key, catalog)})`;
  }
  const column = sql.ref(`contacts.${field}`);
  if (NOT_NULL.has(field)) return column;
  return BOOLEAN_COLUMNS.has(field) ? sql`coalesce(${column}, -1)` : sql`coalesce(${column}, '')`;
}

/** The greatest code point: text starting with it sorts after every other text. */
const LAST_TEXT = '\u{10FFFF}';

/** The value a null sorts as: below every stored value of a standard field; past every value of a custom one, in the key's direction. */
function sortSentinel(key: SortKey, catalog: ContactCatalog): string | number {
  const custom = customStorage(key.field, catalog);
  if (custom !== null) {
    const last = key.direction === 'asc';
    // Infinity, not Number.MAX_VALUE: stored numbers are finite but may be ±MAX_VALUE, which an unset value would tie with.
    return custom.sortColumn === 'value_number' ? (last ? Infinity : -Infinity) : (last ? LAST_TEXT : '');
  }
  return BOOLEAN_COLUMNS.has(key.field) ? -1 : '';
}

const sortValue = (key: SortKey, v: FilterScalar | null, catalog: ContactCatalog): string | number => (v === null ? sortSentinel(key, catalog) : (stored(v) as string | number));

type Expression = (key: SortKey) => RawBuilder<unknown>;
type KeyValue = (key: SortKey, v: FilterScalar | null) => string | number;

const term = (expression: RawBuilder<unknown>, key: SortKey): RawBuilder<unknown> => (key.direction === 'asc' ? sql`${expression} asc` : sql`${expression} desc`);

function orderTerm(key: SortKey, catalog: ContactCatalog): RawBuilder<unknown> {
  return term(sortExpression(key, catalog), key);
}

/** Rows strictly after the cursor position in the plan's order (keyset pagination; never OFFSET). */
export function compileAfter(sort: SortKey[], values: KeysetValues, catalog: ContactCatalog): Condition {
  return keysetAfter(sort, values, (key) => sortExpression(key, catalog), (key, v) => sortValue(key, v, catalog));
}

function keysetAfter(sort: SortKey[], values: KeysetValues, expression: Expression, valueOf: KeyValue): Condition {
  const branches = sort.map((key, i) => {
    const beyond = key.direction === 'asc' ? sql`>` : sql`<`;
    const equal = sort.slice(0, i).map((k, j) => sql<SqlBool>`${expression(k)} = ${valueOf(k, values[j] ?? null)}`);
    return all([...equal, sql<SqlBool>`${expression(key)} ${beyond} ${valueOf(key, values[i] ?? null)}`]);
  });
  // A redundant bound on the first key lets the index start the scan at the cursor, not at the beginning.
  const [first] = sort;
  if (first === undefined) return FALSE;
  const bound = sql<SqlBool>`${expression(first)} ${first.direction === 'asc' ? sql`>=` : sql`<=`} ${valueOf(first, values[0] ?? null)}`;
  return sort.length === 1 ? any(branches) : all([bound, any(branches)]);
}

/**
 * The needles search_text must hold for a page's candidates: every search token, and the value of every
 * top-level positive contains / starts_with / ends_with of three or more characters on an attribute
 * search_text holds (search_text holding it is then a necessary condition). SQLite looks up those without a
 * line break in its text index (indexedTextNeedles) and checks them all on search_text.
 */
export function textNeedles(plan: ContactQueryPlan): NeedleGroup[] {
  const needles: NeedleGroup[] = searchNeedles(plan);
  if (plan.filter.kind === 'and') {
    for (const child of plan.filter.children) {
      const needle = child.kind === 'condition' && !child.negated ? indexedNeedle(child) : null;
      if (needle !== null) needles.push([needle]);
    }
  }
  return needles;
}

const contactsOnly = (db: Db) => db.selectFrom('contacts');

/**
 * The ids of the live searched custom attributes when the organization has archived ones, else null.
 * search_text keeps an archived attribute's values (archiving rewrites no contact), so then each token must
 * also be found in the standard part of search_text or in a live attribute's value.
 */
function liveSearchedIds(catalog: ContactCatalog): string[] | null {
  if (!catalog.definitions.some((d) => d.archivedAt !== null && SEARCHED_CUSTOM_TYPES.has(d.valueType))) return null;
  return catalog.definitions.filter((d) => d.archivedAt === null && SEARCHED_CUSTOM_TYPES.has(d.valueType)).map((d) => d.id);
}

/** A token (one of its needles) found in search_text's standard part (before U+0003) or in the value of one of the live attributes. */
function notOnlyArchived(dialect: DialectName, group: NeedleGroup, live: string[]): Condition {
  const matches = (text: RawBuilder<unknown>): Condition => (dialect === 'postgres'
    ? any(group.map((needle) => sql<SqlBool>`${text} like ${likePattern('contains', needle)} escape '\\'`))
    : globHolds(text, group));
  const standard = dialect === 'postgres'
    ? sql`split_part(contacts.search_text, chr(3), 1)`
    : sql`substr(contacts.search_text, 1, instr(contacts.search_text || char(3), char(3)) - 1)`;
  if (live.length === 0) return matches(standard);
  const values = sql<SqlBool>`exists (select 1 from contact_custom_values as s where s.organization_id = contacts.organization_id and s.contact_id = contacts.id and s.attribute_id in (${sql.join(live)}) and ${matches(sql.ref('s.search_text'))})`;
  return sql<SqlBool>`(${matches(standard)} or ${values})`;
}

/**
 * What the store learned of a page's text needles before building it. SQLite: the text index's hits, read
 * once. `rowids` is the JSON array (as SQLite wrote it, never parsed here) of the contacts whose indexed
 * text holds every trigram of every needle (a superset: each is checked against its search_text); null
 * when there are at least the bound of them and the page walks the sort order instead. PostgreSQL: which
 * needles look rare to the planner (`rare`, see searchTextHolds); null: none.
 */
export type TextHits = { rowids: string } | { rare: Rarity } | null;

const NONE_RARE: Rarity = () => false;

/**
 * Contact rows come back packed: the columns as one JSON array per row, as text (SQLite's `json_array`,
 * PostgreSQL's `json_build_array(…)::text`), unpacked by storedRow. The drivers build a row object of 48–60
 * members per row, which cost more than JSON.parse of the same values: on SQLite an export's page read took
 * about half the CPU per row packed (100k rows, same run) and a GET's row 10.5 against 15.5 µs; with pg a
 * contact read by id 18–22 against 40–53 µs of Node CPU, and 36–46 against 65–83 µs from query to row
 * (bench/README). Every column is text or integer on both databases, so the JSON values are the driver's own:
 * strings, numbers and nulls. PostgreSQL takes at most 100 arguments to a function (a test holds
 * CONTACT_COLUMNS within that).
 */
const packed = (dialect: DialectName, columns: ReadonlyArray<keyof ContactRow>) => {
  const values = sql.join(columns.map((c) => sql.ref(`contacts.${c}`)));
  return (dialect === 'postgres' ? sql<string>`json_build_array(${values})::text` : sql<string>`json_array(${values})`).as('packed');
};
const PACKED = {
  sqlite: { read: packed('sqlite', CONTACT_READ_COLUMNS), every: packed('sqlite', CONTACT_COLUMNS) },
  postgres: { read: packed('postgres', CONTACT_READ_COLUMNS), every: packed('postgres', CONTACT_COLUMNS) },
} as const;

/** The select list of a packed contact row: the read columns (CONTACT_READ_COLUMNS) or every column (CONTACT_COLUMNS, what a write reads). */
export const packedColumns = (dialect: DialectName, columns: 'every' | 'read') => PACKED[dialect][columns];

/** Contacts selected packed, typed as the ContactRow storedRow unpacks each row into. */
export const selectPacked = (from: SelectQueryBuilder<Schema, 'contacts', object>, dialect: DialectName, columns: 'every' | 'read') =>
  from.select(packedColumns(dialect, columns)) as unknown as SelectQueryBuilder<Schema, 'contacts', ContactRow>;

/** A packed row (see packedColumns) as the ContactRow of its columns ('every': CONTACT_COLUMNS, 'read': CONTACT_READ_COLUMNS). */
export function storedRow(read: ContactRow, columns: 'every' | 'read'): ContactRow {
  const values = JSON.parse((read as unknown as { packed: string }).packed) as unknown[];
  return columns === 'every' ? fullContactRowFromArray(values) : contactRowFromArray(values);
}

/** The contact a packed row of the read columns holds. */
export function contactOfRow(row: ContactRow): Contact {
  return fromContactRow(storedRow(row, 'read'));
}

/**
 * The organization's contacts the plan's filters and search select: their read columns, packed (see packedColumns).
 *
 * SQLite's planner knows nothing of how many contacts the FTS5 table will find, and left to itself walks
 * the sort index probing a materialized list of every hit: 39 ms for a search with 24 hits among 100k
 * contacts. So the caller decides (SqlContactStore reads the hits up to a bound first, textHitRowids):
 * with `textHits` the page starts from those rowids (CROSS JOIN fixes the loop order) and sorts them, 2 ms
 * there; otherwise, for a needle most contacts hold, the sort index is walked and search_text checked on
 * each row, the first page found after a few rows (4 ms where the hits-first plan sorts 100k rows in 420 ms).
 * The rowids are passed in rather than looked up again: the look-up, not the page, is what grows with
 * the organization (posting lists of common trigrams), so doing it once halves a text query's index work.
 */
function selected(db: Db, dialect: DialectName, organizationId: string, plan: ContactQueryPlan, textHits: TextHits) {
  const needles = dialect === 'sqlite' ? textNeedles(plan) : [];
  const rowids = textHits !== null && 'rowids' in textHits ? textHits.rowids : null;
  const driven = rowids !== null && needles.length > 0;
  const rare = textHits !== null && 'rare' in textHits ? textHits.rare : NONE_RARE;
  const indexed: TextIndexed = dialect === 'postgres' ? (needle) => searchTextHolds([[needle]], rare) : null;
  // The candidates, read once by textHitRowids: the index's hits and the contacts whose text changed since it
  // was last folded into the index, each checked against its search_text below.
  const hits = sql`(select value as contact_rowid from json_each(${rowids ?? '[]'}))`;
  const from = driven ? (db.selectFrom(hits.as('hits')).crossJoin('contacts') as unknown as ReturnType<typeof contactsOnly>) : contactsOnly(db);
  let query = selectPacked(from, dialect, 'read').where('contacts.organization_id', '=', organizationId);
  if (driven) {
    query = query.where(sql<SqlBool>`contacts.rowid = hits.contact_rowid`);
    for (const group of needles) query = query.where(globHolds(sql.ref('contacts.search_text'), group));
  }
  if (!plan.includeArchived) query = query.where('contacts.archived_at', 'is', null);
  const tokens = searchNeedles(plan);
  if (tokens.length > 0) {
    if (dialect === 'postgres') query = query.where(searchTextHolds(tokens, rare));
    else if (!driven) for (const group of tokens) query = query.where(globHolds(sql.ref('contacts.search_text'), group));
    const live = liveSearchedIds(plan.catalog);
    if (live !== null) for (const group of tokens) query = query.where(notOnlyArchived(dialect, group, live));
  }
  if (plan.filter.kind !== 'and' || plan.filter.children.length > 0) query = query.where(compileFilter(plan.filter, organizationId, plan.catalog, indexed));
  return query;
}

/** The SELECT of one page's contact rows (exported so tests can EXPLAIN it). */
export function pageQuery(db: Db, dialect: DialectName, organizationId: string, plan: ContactQueryPlan, textHits: TextHits = null) {
  let query = selected(db, dialect, organizationId, plan, textHits);
  if (plan.after !== null) query = query.where(compileAfter(plan.sort, plan.after, plan.catalog));
  for (const key of plan.sort) query = query.orderBy(orderTerm(key, plan.catalog));
  return query.limit(plan.limit);
}

/** One SELECT of a page, given how many rows are still wanted. */
export type PagePart = (limit: number) => Compilable<ContactRow>;

/**
 * The SELECTs of one page, to run in order until the page is full. Usually one. A sort led by a custom
 * attribute is two, so that no step sorts the whole organization: first the contacts with a value, in the
 * order of the side table's (organization, attribute, value, contact) index; then those without one (a
 * custom null comes last in either direction) in the order of the remaining keys. The cursor says which
 * part it is in: a null first key is in the second, anything else in the first.
 */
export function pageParts(db: Db, dialect: DialectName, organizationId: string, plan: ContactQueryPlan, textHits: TextHits = null): PagePart[] {
  const [first, ...rest] = plan.sort;
  const custom = first === undefined ? null : customStorage(first.field, plan.catalog);
  if (first === undefined || custom === null || custom.sortColumn === null) return [(limit) => pageQuery(db, dialect, organizationId, { ...plan, limit }, textHits)];
  const { catalog, after } = plan;
  const column = custom.sortColumn;
  // SQLite's hits drive only the one-part page; PostgreSQL's rare needles shape both parts.
  const partHits = textHits !== null && 'rare' in textHits ? textHits : null;
  // In the part with values the first key is the side-table column, and id its contact_id (equal through the join, and in the index).
  const valueExpression: Expression = (key) => (key.field === first.field ? sql.ref(`v.${column}`) : key.field === 'id' ? sql.ref('v.contact_id') : sortExpression(key, catalog));
  const withValues = (fromCursor: boolean): PagePart => (limit) => {
    let query = selected(db, dialect, organizationId, plan, partHits)
      .innerJoin('contact_custom_values as v', (join) => join.onRef('v.organization_id', '=', 'contacts.organization_id').onRef('v.contact_id', '=', 'contacts.id'))
      .where('v.attribute_id', '=', custom.attributeId);
    if (fromCursor) {
      const valueOf: KeyValue = (key, v) => (key.field === first.field ? (stored(v) as string | number) : sortValue(key, v, catalog));
      const [second] = rest;
      // Sorted by the value then id one way (the usual case: id takes the direction of the key before it): one
      // row comparison on the index's last two columns, so the scan starts at the cursor even among many
      // contacts sharing its value (the OR form starts at the value and reads every tie before the cursor).
      query = query.where(rest.length === 1 && second?.field === 'id' && second.direction === first.direction
        ? sql<SqlBool>`(${valueExpression(first)}, ${valueExpression(second)}) ${first.direction === 'asc' ? sql`>` : sql`<`} (${valueOf(first, (after as KeysetValues)[0] ?? null)}, ${valueOf(second, (after as KeysetValues)[1] ?? null)})`
        : keysetAfter(plan.sort, after as KeysetValues, valueExpression, valueOf));
    }
    for (const key of plan.sort) query = query.orderBy(term(valueExpression(key), key));
    return query.limit(limit);
  };
  const withoutValue = (fromCursor: boolean): PagePart => (limit) => {
    let query = selected(db, dialect, organizationId, plan, partHits)
      .where(sql<SqlBool>`not exists (select 1 from contact_custom_values as v where v.organization_id = contacts.organization_id and v.attribute_id = ${custom.attributeId} and v.contact_id = contacts.id)`);
    if (fromCursor) query = query.where(compileAfter(rest, (after as KeysetValues).slice(1), catalog));
    for (const key of rest) query = query.orderBy(orderTerm(key, catalog));
    return query.limit(limit);
  };
  if (after === null) return [withValues(false), withoutValue(false)];
  return after[0] === null ? [withoutValue(true)] : [withValues(true), withoutValue(false)];
}

/**
 * SQLite: the needles a text query can look up in the text index, the one with the most trigrams (most
 * likely the fewest hits) first: those without a line break (the index holds each line of search_text as a
 * row of its own, and a needle with a line break is in no one line). The page checks every needle on
 * search_text itself (see selected), so these only narrow the candidates.
 */
export function indexedTextNeedles(needles: readonly NeedleGroup[]): NeedleGroup[] {
  const shortest = (group: NeedleGroup) => Math.min(...group.map(codePoints));
  return needles.filter((group) => group.every((needle) => !needle.includes('\n'))).sort((a, b) => shortest(b) - shortest(a));
}

/**
 * SQLite: the FTS5 MATCH expression for a needle (three characters or more): every trigram of it, quoted;
 * for a group of needles, any one of them (OR).
 */
export function textIndexMatch(group: NeedleGroup): string {
  const one = (needle: string) => {
    const chars = Array.from(needle);
    const trigrams = new Set<string>();
    for (let i = 0; i + TRIGRAM <= chars.length; i += 1) trigrams.add(chars.slice(i, i + TRIGRAM).join(''));
    return [...trigrams].map((t) => `"${t.replaceAll('"', '""')}"`).join(' AND ');
  };
  return group.length === 1 ? one(group[0] as string) : group.map((n) => `(${one(n)})`).join(' OR ');
}

/**
 * SQLite: the candidates of a text query, counted up to `bound`, and their rowids as one JSON array: the
 * contacts one of whose lines holds every trigram of the first needle (an FTS5 MATCH reads only the index;
 * GLOB would read each row's text; the index's rowid is the contact's × TEXT_INDEX_LINE_SLOTS + the line's
 * index, migration 2026-12-07-0080), and, for each further needle, one of whose lines holds its trigrams
 * (each such needle's hits read whole, which is why the caller asks first with the first needle alone and
 * adds the others only when it alone finds `bound`), together with the contacts whose text changed since
 * it was last folded into the index (contact_search_pending, see the migration 2026-12-03-0060a). Both in one
 * statement, so in one snapshot: read apart, a fold committed between the two reads (the SQLite thread's, or
 * the event loop's) moved a contact from the notes into the index after the index was read, and the search
 * missed it. The count reaches `bound` when either part does (each is read up to it), and the page then
 * walks the sort order.
 */
export function textHitRowids(db: Db, needles: readonly NeedleGroup[], bound: number) {
  const [first, ...rest] = needles.map(textIndexMatch);
  if (first === undefined) throw new Error('textHitRowids needs a needle');
  const contact = sql`rowid >> ${sql.lit(TEXT_INDEX_LINE_BITS)}`;
  const also = rest.map((match) => sql` and ${contact} in (select ${contact} from contact_search where contact_search match ${match})`);
  return sql<{ hits: number; rowids: string }>`select count(*) as hits, json_group_array(rowid) as rowids from (
    select rowid from (select distinct ${contact} as rowid from contact_search where contact_search match ${first}${sql.join(also, sql``)} limit ${bound})
    union select rowid from (select contact_rowid as rowid from contact_search_pending limit ${bound}))`;
}
