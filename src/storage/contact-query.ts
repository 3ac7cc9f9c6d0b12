import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { asciiLower, type ContactQueryPlan, type FilterCondition, type FilterNode, type FilterScalar, type KeysetValues, type SortKey } from '../domain/contact-query.ts';
import type { Contact } from '../domain/contact.ts';
import type { DialectProfile } from './dialects/profile.ts';
import { fromContactRow } from './contact-row.ts';
import type { ContactEmailRow, ContactParticipantRow, ContactPhoneNumberRow, Schema } from './schema.ts';

type Db = Kysely<Schema>;
type Condition = RawBuilder<SqlBool>;

/** List attributes live in their own tables; a condition on one asks whether some item satisfies it. */
const LIST_TABLES: Record<string, { table: string; column: string }> = {
  contact_emails: { table: 'contact_emails', column: 'email' },
  contact_phone_numbers: { table: 'contact_phone_numbers', column: 'phone_number' },
  participant_user_id_list: { table: 'contact_participants', column: 'user_id' },
};

/** Columns declared NOT NULL: they need no null handling in predicates or ORDER BY. */
const NOT_NULL = new Set(['id', 'created_at', 'updated_at']);

const TRUE: Condition = sql<SqlBool>`1 = 1`;
const FALSE: Condition = sql<SqlBool>`1 = 0`;

const stored = (v: FilterScalar | null): string | number | null => (typeof v === 'boolean' ? (v ? 1 : 0) : v);

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
function condition(c: FilterCondition, negate: boolean): Condition {
  const negated = c.negated !== negate;
  const list = LIST_TABLES[c.field];
  if (list !== undefined) {
    const item = sql.ref(`i.${list.column}`);
    const match = c.operator === 'exists' ? TRUE : compare(item, c);
    const exists = sql<SqlBool>`exists (select 1 from ${sql.table(list.table)} as i where i.organization_id = contacts.organization_id and i.contact_id = contacts.id and ${match})`;
    return negated ? sql<SqlBool>`not ${exists}` : exists;
  }
  const column = sql.ref(`contacts.${c.field}`);
  if (!negated) return compare(column, c);
  if (c.operator === 'exists') return NOT_NULL.has(c.field) ? FALSE : sql<SqlBool>`${column} is null`;
  return NOT_NULL.has(c.field) ? sql<SqlBool>`not (${compare(column, c)})` : sql<SqlBool>`(${column} is null or not (${compare(column, c)}))`;
}

/** Compiles the filter tree, pushing `not` down to the conditions (negation normal form). */
export function compileFilter(node: FilterNode, negate = false): Condition {
  switch (node.kind) {
    case 'condition': return condition(node, negate);
    case 'not': return compileFilter(node.child, !negate);
    case 'and': {
      const parts = node.children.map((child) => compileFilter(child, negate));
      return negate ? any(parts) : all(parts);
    }
    case 'or': {
      const parts = node.children.map((child) => compileFilter(child, negate));
      return negate ? all(parts) : any(parts);
    }
  }
}

/*
 * Sort order: text byte-wise, false before true, and NULL smallest — first in asc, last in desc — on
 * both dialects (SQLite's default; spelled out for PostgreSQL, whose indexes are built to match).
 */
function orderTerm(key: SortKey, profile: DialectProfile): RawBuilder<unknown> {
  const column = sql.ref(`contacts.${key.field}`);
  const nulls = profile.name === 'postgres' && !NOT_NULL.has(key.field) ? (key.direction === 'asc' ? sql` nulls first` : sql` nulls last`) : sql``;
  return key.direction === 'asc' ? sql`${column} asc${nulls}` : sql`${column} desc${nulls}`;
}

/** Rows strictly after the cursor position in the plan's order (keyset pagination; never OFFSET). */
export function compileAfter(sort: SortKey[], values: KeysetValues): Condition {
  const column = (k: SortKey) => sql.ref(`contacts.${k.field}`);
  const same = (k: SortKey, v: FilterScalar | null): Condition => (v === null ? sql<SqlBool>`${column(k)} is null` : sql<SqlBool>`${column(k)} = ${stored(v)}`);
  const beyond = (k: SortKey, v: FilterScalar | null): Condition | null => {
    if (k.direction === 'asc') return v === null ? sql<SqlBool>`${column(k)} is not null` : sql<SqlBool>`${column(k)} > ${stored(v)}`;
    if (v === null) return null;
    return NOT_NULL.has(k.field) ? sql<SqlBool>`${column(k)} < ${stored(v)}` : sql<SqlBool>`(${column(k)} < ${stored(v)} or ${column(k)} is null)`;
  };
  const branches: Condition[] = [];
  sort.forEach((key, i) => {
    const step = beyond(key, values[i] ?? null);
    if (step !== null) branches.push(all([...sort.slice(0, i).map((k, j) => same(k, values[j] ?? null)), step]));
  });
  // A redundant bound on the first key lets the index start the scan at the cursor, not at the beginning.
  const [first] = sort;
  const firstValue = values[0] ?? null;
  if (first === undefined || firstValue === null) return any(branches);
  const col = column(first);
  const bound = first.direction === 'asc'
    ? sql<SqlBool>`${col} >= ${stored(firstValue)}`
    : NOT_NULL.has(first.field) ? sql<SqlBool>`${col} <= ${stored(firstValue)}` : sql<SqlBool>`(${col} <= ${stored(firstValue)} or ${col} is null)`;
  return all([bound, any(branches)]);
}

/** One page of a contact query, loaded with its lists in three batched queries. */
export async function queryContacts(db: Db, profile: DialectProfile, organizationId: string, plan: ContactQueryPlan): Promise<Contact[]> {
  let query = db.selectFrom('contacts').selectAll('contacts').where('contacts.organization_id', '=', organizationId);
  if (!plan.includeArchived) query = query.where('contacts.archived_at', 'is', null);
  query = query.where(compileFilter(plan.filter));
  if (plan.after !== null) query = query.where(compileAfter(plan.sort, plan.after));
  for (const key of plan.sort) query = query.orderBy(orderTerm(key, profile));
  const rows = await query.limit(plan.limit).execute();
  if (rows.length === 0) return [];

  const ids = rows.map((r) => r.id);
  const [emails, phones, participants] = await Promise.all([
    db.selectFrom('contact_emails').selectAll().where('organization_id', '=', organizationId).where('contact_id', 'in', ids).orderBy('contact_id').orderBy('position').execute(),
    db.selectFrom('contact_phone_numbers').selectAll().where('organization_id', '=', organizationId).where('contact_id', 'in', ids).orderBy('contact_id').orderBy('position').execute(),
    db.selectFrom('contact_participants').selectAll().where('organization_id', '=', organizationId).where('contact_id', 'in', ids).orderBy('contact_id').orderBy('position').execute(),
  ]);
  const byContact = <R extends { contact_id: string }>(items: R[]): Map<string, R[]> => {
    const map = new Map<string, R[]>();
    for (const item of items) map.set(item.contact_id, [...(map.get(item.contact_id) ?? []), item]);
    return map;
  };
  const e = byContact<ContactEmailRow>(emails);
  const p = byContact<ContactPhoneNumberRow>(phones);
  const u = byContact<ContactParticipantRow>(participants);
  return rows.map((row) => fromContactRow(row, e.get(row.id) ?? [], p.get(row.id) ?? [], u.get(row.id) ?? []));
}
