import { sql, type Kysely } from 'kysely';
import type { AttributeDef } from '../domain/catalog/contact-catalog.ts';
import type { ContactCatalog } from '../domain/catalog/organization-catalog.ts';
import type { Contact } from '../domain/contact.ts';
import type { ContactQueryPlan } from '../domain/contact-query.ts';
import type { ContactStore } from '../domain/contact-store.ts';
import { AppError } from '../domain/errors.ts';
import type { ContactStage } from '../domain/stages.ts';
import type { ContactItem } from '../domain/values/contact-item.ts';
import type { Database } from './database.ts';
import type { WriteStatement } from './dialects/profile.ts';
import { CONTACT_COLUMNS, changedColumns, changedCustom, fromContactRow, toContactRow, toCustomValueRows, toItemRows } from './contact-row.ts';
import { pageParts } from './contact-query.ts';
import { preparedQuery, statementCache, type PreparedQuery } from './prepared-query.ts';
import type { ContactRow, Schema } from './schema.ts';
import { toStage } from './sql-tenancy-store.ts';

type Db = Kysely<Schema>;

/** A contact is one row: its lists are JSON columns of it (migration 0006). */
function contactQuery(db: Db, organizationId: string, id: string) {
  // Named columns, not *: PostgreSQL refuses to run a prepared SELECT * after a column was added ("cached plan must not change result type").
  return db.selectFrom('contacts').select(CONTACT_COLUMNS).where('organization_id', '=', organizationId).where('id', '=', id);
}

const sameItems = (a: ContactItem[], b: ContactItem[]): boolean =>
  a === b || (a.length === b.length && a.every((x, i) => {
    const y = b[i] as ContactItem;
    return x.id === y.id && x.value === y.value && x.isPrimary === y.isPrimary && x.labels.join() === y.labels.join();
  }));

type ListTable = 'contact_emails' | 'contact_phone_numbers' | 'contact_participants';

/** The INSERT of a contact's rows of one list table, or none when the list is empty. */
function listInsert(db: Db, contact: Contact, table: ListTable): WriteStatement[] {
  if (table === 'contact_participants') {
    const rows = contact.participant_user_id_list.map((user_id, position) => ({ organization_id: contact.organization_id, contact_id: contact.id, position, user_id }));
    return rows.length === 0 ? [] : [db.insertInto(table).values(rows)];
  }
  if (table === 'contact_emails') {
    const rows = toItemRows(contact, contact.contact_emails).map(({ value, ...r }) => ({ ...r, email: value }));
    return rows.length === 0 ? [] : [db.insertInto(table).values(rows)];
  }
  const rows = toItemRows(contact, contact.contact_phone_numbers).map(({ value, ...r }) => ({ ...r, phone_number: value }));
  return rows.length === 0 ? [] : [db.insertInto(table).values(rows)];
}

/** Replaces a contact's rows of one list table. */
async function rewriteList(db: Db, contact: Contact, table: ListTable): Promise<void> {
  await db.deleteFrom(table).where('organization_id', '=', contact.organization_id).where('contact_id', '=', contact.id).execute();
  for (const statement of listInsert(db, contact, table)) await statement.execute();
}

const LIST_TABLES: readonly ListTable[] = ['contact_emails', 'contact_phone_numbers', 'contact_participants'];

/** The INSERT of a contact's side-table rows for the given custom attributes, or none. */
function customInsert(db: Db, contact: Contact, defs: readonly AttributeDef[]): WriteStatement[] {
  const rows = toCustomValueRows(contact, defs);
  return rows.length === 0 ? [] : [db.insertInto('contact_custom_values').values(rows)];
}

/** What a write changes besides the contact row: list tables, custom value rows, and whether the contact's liveness flips. */
interface SideChanges { lists: ListTable[]; custom: AttributeDef[]; liveChanged: boolean }

function sideChanges(current: Contact, next: Contact, catalog: ContactCatalog): SideChanges {
  const custom = changedCustom(current, next).map((name) => catalog.get(name)).filter((d): d is AttributeDef => d?.isCustom === true);
  return { lists: changedLists(current, next), custom, liveChanged: (current.archived_at === null) !== (next.archived_at === null) };
}

const touchesSideTables = (c: SideChanges): boolean => c.lists.length > 0 || c.custom.length > 0 || c.liveChanged;

/** Optimistic attempts before an update takes the row lock: only a contact written by many clients at once needs it. */
const OPTIMISTIC_ATTEMPTS = 3;

/** Distinct column sets whose UPDATE is kept prepared; rarer ones are built per call. */
const MAX_PREPARED_UPDATES = 256;

/** Distinct _query shapes (filter tree, sort, cursor or not) whose SELECT is kept prepared. */
const MAX_PREPARED_QUERIES = 256;

/** The child tables whose rows must be rewritten to go from current to next. */
function changedLists(current: Contact, next: Contact): ListTable[] {
  const archivedChanged = (current.archived_at === null) !== (next.archived_at === null);
  const lists: ListTable[] = [];
  if (archivedChanged || !sameItems(current.contact_emails, next.contact_emails)) lists.push('contact_emails');
  if (archivedChanged || !sameItems(current.contact_phone_numbers, next.contact_phone_numbers)) lists.push('contact_phone_numbers');
  if (current.participant_user_id_list.join() !== next.participant_user_id_list.join()) lists.push('contact_participants');
  return lists;
}

export class SqlContactStore implements ContactStore {
  private readonly stageCache = new Map<string, Promise<ContactStage[]>>();
  private readonly contactById: PreparedQuery<ContactRow, [organizationId: string, id: string]>;

  /** The guarded UPDATE for each set of changed columns seen, up to a bound (a PATCH changes few columns). */
  private readonly updates = new Map<string, PreparedQuery<unknown, unknown[]>>();

  private readonly runPage: ReturnType<typeof statementCache>;

  constructor(private readonly database: Database) {
    this.runPage = statementCache(database, MAX_PREPARED_QUERIES);
    this.contactById = preparedQuery(database, 2, (organizationId: string, id: string) => contactQuery(database.db, organizationId, id));
  }

  /** `update contacts set <columns> where organization_id, id and version match`, prepared once per column set. */
  private updateStatement(columns: string[]): PreparedQuery<unknown, unknown[]> {
    const key = columns.join();
    const cached = this.updates.get(key);
    if (cached !== undefined) return cached;
    const build = (...values: unknown[]) => this.database.db
      .updateTable('contacts')
      .set(Object.fromEntries(columns.map((column, i) => [column, values[i]])))
      .where('organization_id', '=', values[columns.length] as string)
      .where('id', '=', values[columns.length + 1] as string)
      .where('version', '=', values[columns.length + 2] as number);
    // Past the bound, a column set is built per call and never becomes a statement the database keeps.
    if (this.updates.size >= MAX_PREPARED_UPDATES) return (executor, ...values) => executor.executeQuery(build(...values).compile());
    const statement = preparedQuery<unknown, unknown[]>(this.database, columns.length + 3, build);
    this.updates.set(key, statement);
    return statement;
  }

  /**
   * Updates the changed columns of the contact row, guarded by the version that was read, then rewrites
   * the changed lists. False when another write got there first (nothing was changed).
   */
  private async writeIfCurrent(db: Db, current: Contact, next: Contact, side: SideChanges): Promise<boolean> {
    const changed = changedColumns(toContactRow(current), toContactRow(next));
    const columns = Object.keys(changed);
    const values = [...Object.values(changed), current.organization_id, current.id, current.version];
    const result = await this.updateStatement(columns)(db, ...values);
    if (Number(result.numAffectedRows) !== 1) return false;
    for (const list of side.lists) await rewriteList(db, next, list);
    await this.rewriteCustom(db, next, side);
    return true;
  }

  /** Replaces the side-table rows of the changed custom attributes; archiving or restoring the contact flips every row's live flag. */
  private async rewriteCustom(db: Db, next: Contact, side: SideChanges): Promise<void> {
    const scoped = () => db.deleteFrom('contact_custom_values').where('organization_id', '=', next.organization_id).where('contact_id', '=', next.id);
    if (side.liveChanged) {
      await db.updateTable('contact_custom_values').set({ live: next.archived_at === null ? 1 : 0 }).where('organization_id', '=', next.organization_id).where('contact_id', '=', next.id).execute();
    }
    if (side.custom.length === 0) return;
    await scoped().where('attribute_id', 'in', side.custom.map((d) => d.definition!.id)).execute();
    for (const statement of customInsert(db, next, side.custom)) await statement.execute();
  }

  /** Reads through db, or through a transaction when given one. */
  private async load(organizationId: string, id: string, executor: Db = this.database.db): Promise<Contact | null> {
    const [row] = (await this.contactById(executor, organizationId, id)).rows;
    return row === undefined ? null : fromContactRow(row);
  }

  findById(organizationId: string, id: string): Promise<Contact | null> {
    return this.load(organizationId, id);
  }

  async insert(contact: Contact, catalog: ContactCatalog): Promise<Contact> {
    // The contact row, its list rows and its custom value rows in one write: on PostgreSQL one round trip.
    await this.guard(() => contact, catalog, () => this.database.profile.writeAll((db) => [
      db.insertInto('contacts').values(toContactRow(contact)),
      ...LIST_TABLES.flatMap((table) => listInsert(db, contact, table)),
      ...customInsert(db, contact, catalog.custom),
    ]));
    return contact;
  }

  /**
   * Optimistic read-modify-write: read without locks, then write only if the stored version is still the
   * one read (else read again). A write that touches only the contact row is one UPDATE and needs no
   * explicit transaction; list changes add their rows in one. After a few lost races it takes the lock.
   */
  async update(organizationId: string, id: string, mutate: (current: Contact) => Contact, catalog: ContactCatalog): Promise<Contact> {
    const { db, profile } = this.database;
    for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt += 1) {
      const current = await this.load(organizationId, id);
      if (current === null) throw new AppError('record_not_found', `no contact ${id}`);
      const next = mutate(current);
      if (next === current) return current;
      const side = sideChanges(current, next, catalog);
      const written = await this.guard(() => next, catalog, () =>
        !touchesSideTables(side) ? this.writeIfCurrent(db, current, next, side) : profile.writeTransaction((trx) => this.writeIfCurrent(trx, current, next, side)));
      if (written) return next;
    }
    let locked: Contact | null = null;
    return this.guard(() => locked, catalog, () => profile.writeTransaction(async (trx) => {
      // Lock first, then read in a new statement: a locking read that waited sees the new row but would
      // see the lists as of its own start (PostgreSQL READ COMMITTED).
      await profile.forUpdate(trx.selectFrom('contacts').select('id').where('organization_id', '=', organizationId).where('id', '=', id)).execute();
      const current = await this.load(organizationId, id, trx);
      if (current === null) throw new AppError('record_not_found', `no contact ${id}`);
      const next = mutate(current);
      locked = next;
      if (next !== current) await this.writeIfCurrent(trx, current, next, sideChanges(current, next, catalog));
      return next;
    }));
  }

  /** Runs a write, turning a unique violation into duplicate_value for the contact being written. */
  private async guard<T>(written: () => Contact | null, catalog: ContactCatalog, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      const contact = written();
      throw contact === null ? error : await this.translate(error, contact, catalog);
    }
  }

  /** Turns a unique violation into duplicate_value naming the contact that holds the value (an email or a unique custom value). */
  private async translate(error: unknown, contact: Contact, catalog: ContactCatalog): Promise<unknown> {
    if (!this.database.profile.isUniqueViolation(error)) return error;
    const custom = await this.customHolders(contact, catalog);
    if (custom.length > 0) return new AppError('duplicate_value', custom.length === 1 ? custom[0]!.message : `${custom.length} values already belong to other contacts`, custom);
    const emails = contact.contact_emails.map((e) => e.value);
    const holders = emails.length === 0 ? [] : await this.database.db
      .selectFrom('contact_emails')
      .select(['email', 'contact_id'])
      .where('organization_id', '=', contact.organization_id)
      .where('live', '=', 1)
      .where('email', 'in', emails)
      .where('contact_id', '!=', contact.id)
      .execute();
    if (holders.length === 0) {
      // The holder let go of the email (archived, or changed its list) between the failed write and the look-up
      // above: name the contact that held it last; only a holder whose email row is gone cannot be named.
      const last = emails.length === 0 ? undefined : await this.database.db
        .selectFrom('contact_emails')
        .innerJoin('contacts', (join) => join.onRef('contacts.organization_id', '=', 'contact_emails.organization_id').onRef('contacts.id', '=', 'contact_emails.contact_id'))
        .select(['contact_emails.email', 'contact_emails.contact_id'])
        .where('contact_emails.organization_id', '=', contact.organization_id)
        .where('contact_emails.email', 'in', emails)
        .where('contact_emails.contact_id', '!=', contact.id)
        .orderBy('contacts.updated_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      const message = last === undefined ? 'an email of this contact belongs to another contact' : `${last.email} belonged to contact ${last.contact_id} when this write was made; it may be free now, so the write can be retried`;
      return new AppError('duplicate_value', message, [{ code: 'duplicate_value', field: 'contact_emails', message, ...(last === undefined ? {} : { value: last.email, existing_contact_id: last.contact_id }) }]);
    }
    const details = holders.map((h) => ({
      code: 'duplicate_value' as const,
      field: h.email === contact.primary_email ? 'primary_email' : 'contact_emails',
      message: `${h.email} already belongs to contact ${h.contact_id}`,
      value: h.email,
      existing_contact_id: h.contact_id,
    }));
    return new AppError('duplicate_value', details.length === 1 ? details[0]!.message : `${details.length} emails already belong to other contacts`, details);
  }

  /** duplicate_value details for the contact's unique custom values that another live contact holds. */
  private async customHolders(contact: Contact, catalog: ContactCatalog) {
    const rows = toCustomValueRows(contact, catalog.custom.filter((d) => d.isUnique));
    if (rows.length === 0) return [];
    const holders = await this.database.db
      .selectFrom('contact_custom_values')
      .select(['attribute_id', 'unique_value', 'contact_id'])
      .where('organization_id', '=', contact.organization_id)
      .where('live', '=', 1)
      .where('contact_id', '!=', contact.id)
      .where((eb) => eb.or(rows.map((r) => eb.and([eb('attribute_id', '=', r.attribute_id), eb('unique_value', '=', r.unique_value)]))))
      .execute();
    return holders.map((h) => {
      const def = catalog.custom.find((d) => d.definition!.id === h.attribute_id) as AttributeDef;
      return {
        code: 'duplicate_value' as const,
        field: def.apiName,
        path: `/attributes/${def.apiName}`,
        message: `${def.apiName} ${h.unique_value as string} already belongs to contact ${h.contact_id}`,
        value: contact.custom[def.apiName],
        existing_contact_id: h.contact_id,
      };
    });
  }

  /** One page of a contact query; each row carries its lists (migration 0006). */
  async query(organizationId: string, plan: ContactQueryPlan): Promise<Contact[]> {
    const rows: ContactRow[] = [];
    for (const part of pageParts(this.database.db, organizationId, plan)) {
      if (rows.length >= plan.limit) break;
      rows.push(...((await this.runPage(part(plan.limit - rows.length).compile())).rows as ContactRow[]));
    }
    return rows.map(fromContactRow);
  }

  stages(organizationId: string): Promise<ContactStage[]> {
    // Stages never change after an organization is created, so every process may keep them.
    let stages = this.stageCache.get(organizationId);
    if (stages === undefined) {
      stages = this.database.db.selectFrom('contact_stages').selectAll().where('organization_id', '=', organizationId).orderBy('position').execute().then((rows) => rows.map(toStage));
      stages.catch(() => this.stageCache.delete(organizationId));
      this.stageCache.set(organizationId, stages);
    }
    return stages;
  }

  async existingUserIds(organizationId: string, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.database.db.selectFrom('users').select('id').where('organization_id', '=', organizationId).where('id', 'in', ids).execute();
    return new Set(rows.map((r) => r.id));
  }

  async existingTeamIds(organizationId: string, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.database.db.selectFrom('teams').select('id').where('organization_id', '=', organizationId).where('id', 'in', ids).execute();
    return new Set(rows.map((r) => r.id));
  }

  async userIdsByEmail(organizationId: string, emails: string[]): Promise<Map<string, string[]>> {
    if (emails.length === 0) return new Map();
    const rows = await this.database.db.selectFrom('users').select(['id', 'email']).where('organization_id', '=', organizationId).where('email', 'in', emails).execute();
    return groupBy(rows.map((r) => [r.email, r.id]));
  }

  async teamIdsByName(organizationId: string, names: string[]): Promise<Map<string, string[]>> {
    if (names.length === 0) return new Map();
    const lower = [...new Set(names.map((n) => n.toLowerCase()))];
    const rows = await this.database.db.selectFrom('teams').select(['id', 'name']).where('organization_id', '=', organizationId).where(sql<string>`lower(name)`, 'in', lower).execute();
    return groupBy(rows.map((r) => [r.name.toLowerCase(), r.id]));
  }
}

function groupBy(pairs: Array<[string, string]>): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [k, v] of pairs) map.set(k, [...(map.get(k) ?? []), v]);
  return map;
}
