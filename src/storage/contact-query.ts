import { sql, type Compilable, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { asciiLower, type ContactQueryPlan, type FilterCondition, type FilterNode, type FilterScalar, type KeysetValues, type SortKey } from '../domain/contact-query.ts';
import type { ContactRow, Schema } from './schema.ts';
import { CONTACT_COLUMNS } from './contact-row.ts';
import { CONTACT_CATALOG } from '../domain/catalog/contact-catalog.ts';
import { CUSTOM_TYPE_SPECS } from '../domain/catalog/custom-attribute.ts';
import type { ContactCatalog } from '../domain/catalog/organization-catalog.ts';

type Db = Kysely<Schema>;
type Condition = RawBuilder<SqlBool>;

/** List attributes live in their own tables (the catalog says which); a condition on one asks whether some item satisfies it. */
const LIST_TABLES: Record<string, { table: string; column: string }> = Object.fromEntries(
  CONTACT_CATALOG.flatMap((a) => (a.storage.kind === 'list' ? [[a.apiName, { table: a.storage.table, column: a.storage.valueColumn }]] : [])),
);

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

/** LIKE pattern for a case-insensitive match: ASCII-folded, with %, _ and \ escaped so user input is literal. */
export function likePattern(operator: 'contains' | 'starts_with' | 'ends_with', needle: string): string {
  const escaped = asciiLower(needle).replace(/[\\%_]/g, (c) => `\\${c}`);
  return operator === 'contains' ? `%${escaped}%` : operator === 'starts_with' ? `${escaped}%` : `%${escaped}`;
}

/** The positive comparison on one value expression; NULL (never true) when the value is null. */
function compare(column: RawBuilder<unknown>, c: FilterCondition): Condition {
  const [a, b] = c.values.map(stored);
  switch (c.operator) {
    case 'eq': return sql<SqlBool>`${column} = ${a}`;
    case 'in': return c.values.length === 0 ? FALSE : sql<SqlBool>`${column} in (${sql.join(c.values.map(stored))})`;
    // lower() folds ASCII only on both dialects (byte collation), the documented case-insensitivity.
    case 'contains':
    case 'starts_with':
    case 'ends_with': return sql<SqlBool>`lower(${column}) like ${likePattern(c.operator, c.values[0] as string)} escape '\\'`;
    case 'gt': return sql<SqlBool>`${column} > ${a}`;
    case 'gte': return sql<SqlBool>`${column} >= ${a}`;
    case 'lt': return sql<SqlBool>`${column} < ${a}`;
    case 'lte': return sql<SqlBool>`${column} <= ${a}`;
    case 'between': return sql<SqlBool>`${column} between ${a} and ${b}`;
    case 'exists': return sql<SqlBool>`${column} is not null`;
  }
}

/** One condition, already in the polarity it is used with; never NULL, so NOT and OR stay two-valued. */
function condition(c: FilterCondition, negate: boolean, organizationId: string, catalog: ContactCatalog): Condition {
  const negated = c.negated !== negate;
  const custom = customStorage(c.field, catalog);
  if (custom !== null) {
    // Custom values live in the side table, one row per value: the same "some row matches" IN as a list.
    const match = c.operator === 'exists' || custom.filterColumn === null ? TRUE : compare(sql.ref(`v.${custom.filterColumn}`), c);
    const holders = sql`(select v.contact_id from contact_custom_values as v where v.organization_id = ${organizationId} and v.attribute_id = ${custom.attributeId} and ${match})`;
    return negated ? sql<SqlBool>`contacts.id not in ${holders}` : sql<SqlBool>`contacts.id in ${holders}`;
  }
  const list = LIST_TABLES[c.field];
  if (list !== undefined) {
    // An uncorrelated IN lets both planners start from the item index ((organization_id, email) etc.)
    // instead of probing every contact; contact_id is never null, so NOT IN is exact.
    const item = sql.ref(`i.${list.column}`);
    const match = c.operator === 'exists' ? TRUE : compare(item, c);
    const holders = sql`(select i.contact_id from ${sql.table(list.table)} as i where i.organization_id = ${organizationId} and ${match})`;
    return negated ? sql<SqlBool>`contacts.id not in ${holders}` : sql<SqlBool>`contacts.id in ${holders}`;
  }
  const column = sql.ref(`contacts.${c.field}`);
  if (!negated) return compare(column, c);
  if (c.operator === 'exists') return NOT_NULL.has(c.field) ? FALSE : sql<SqlBool>`${column} is null`;
  return NOT_NULL.has(c.field) ? sql<SqlBool>`not (${compare(column, c)})` : sql<SqlBool>`(${column} is null or not (${compare(column, c)}))`;
}

/** Compiles the filter tree, pushing `not` down to the conditions (negation normal form). */
export function compileFilter(node: FilterNode, organizationId: string, catalog: ContactCatalog, negate = false): Condition {
  switch (node.kind) {
    case 'condition': return condition(node, negate, organizationId, catalog);
    case 'not': return compileFilter(node.child, organizationId, catalog, !negate);
    case 'and': {
      const parts = node.children.map((child) => compileFilter(child, organizationId, catalog, negate));
      return negate ? any(parts) : all(parts);
    }
    case 'or': {
      const parts = node.children.map((child) => compileFilter(child, organizationId, catalog, negate));
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
    return custom.sortColumn === 'value_number' ? (last ? Number.MAX_VALUE : -Number.MAX_VALUE) : (last ? LAST_TEXT : '');
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

/** The organization's contacts the plan's filters select, with every column named. */
function selected(db: Db, organizationId: string, plan: ContactQueryPlan) {
  // Named columns, not *: a column added while servers run leaves the prepared statement's result type unchanged.
  let query = db.selectFrom('contacts').select(CONTACT_COLUMNS.map((c) => `contacts.${c}` as const)).where('contacts.organization_id', '=', organizationId);
  if (!plan.includeArchived) query = query.where('contacts.archived_at', 'is', null);
  if (plan.filter.kind !== 'and' || plan.filter.children.length > 0) query = query.where(compileFilter(plan.filter, organizationId, plan.catalog));
  return query;
}

/** The SELECT of one page's contact rows (exported so tests can EXPLAIN it). */
export function pageQuery(db: Db, organizationId: string, plan: ContactQueryPlan) {
  let query = selected(db, organizationId, plan);
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
export function pageParts(db: Db, organizationId: string, plan: ContactQueryPlan): PagePart[] {
  const [first, ...rest] = plan.sort;
  const custom = first === undefined ? null : customStorage(first.field, plan.catalog);
  if (first === undefined || custom === null || custom.sortColumn === null) return [(limit) => pageQuery(db, organizationId, { ...plan, limit })];
  const { catalog, after } = plan;
  const column = custom.sortColumn;
  // In the part with values the first key is the side-table column, and id its contact_id (equal through the join, and in the index).
  const valueExpression: Expression = (key) => (key.field === first.field ? sql.ref(`v.${column}`) : key.field === 'id' ? sql.ref('v.contact_id') : sortExpression(key, catalog));
  const withValues = (fromCursor: boolean): PagePart => (limit) => {
    let query = selected(db, organizationId, plan)
      .innerJoin('contact_custom_values as v', (join) => join.onRef('v.organization_id', '=', 'contacts.organization_id').onRef('v.contact_id', '=', 'contacts.id'))
      .where('v.attribute_id', '=', custom.attributeId);
    if (fromCursor) query = query.where(keysetAfter(plan.sort, after as KeysetValues, valueExpression, (key, v) => (key.field === first.field ? (stored(v) as string | number) : sortValue(key, v, catalog))));
    for (const key of plan.sort) query = query.orderBy(term(valueExpression(key), key));
    return query.limit(limit);
  };
  const withoutValue = (fromCursor: boolean): PagePart => (limit) => {
    let query = selected(db, organizationId, plan)
      .where(sql<SqlBool>`not exists (select 1 from contact_custom_values as v where v.organization_id = contacts.organization_id and v.attribute_id = ${custom.attributeId} and v.contact_id = contacts.id)`);
    if (fromCursor) query = query.where(compileAfter(rest, (after as KeysetValues).slice(1), catalog));
    for (const key of rest) query = query.orderBy(orderTerm(key, catalog));
    return query.limit(limit);
  };
  if (after === null) return [withValues(false), withoutValue(false)];
  return after[0] === null ? [withoutValue(true)] : [withValues(true), withoutValue(false)];
}
