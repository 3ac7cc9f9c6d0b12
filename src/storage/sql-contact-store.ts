import { sql, type Compilable, type CompiledQuery, type Kysely, type OperationNodeSource, type QueryResult, type SqlBool } from 'kysely';
import type { AttributeDef } from '../domain/catalog/contact-catalog.ts';
import type { CustomAttribute } from '../domain/catalog/custom-attribute.ts';
import { customAttributeDef, type ContactCatalog } from '../domain/catalog/organization-catalog.ts';
import type { Contact } from '../domain/contact.ts';
import { sortKeyValue, type ContactQueryPlan } from '../domain/contact-query.ts';
import type { PendingEvent } from '../domain/contact-events.ts';
import type { ContactUnitOfWork, WriteEffects } from '../domain/contact-store.ts';
import type { Claim, StoredResponse } from '../domain/idempotency.ts';
import type { ImportCheckpoint } from '../domain/import-job-store.ts';
import { AppError, serviceUnavailable } from '../domain/errors.ts';
import type { ContactStage } from '../domain/stages.ts';
import type { ContactItem } from '../domain/values/contact-item.ts';
import type { Database } from './database.ts';
import type { WriteStatement, WriteStep } from './dialects/profile.ts';
import { changedColumns, changedColumnsAfter, changedCustom, fromContactRow, toContactRow, toCustomValueRows, toEmailRows, toPhoneRows } from './contact-row.ts';
import { contactOfRow, indexedTextNeedles, pageParts, selectPacked, storedRow, textHitRowids, textNeedles, type DialectName, type NeedleGroup, type TextHits } from './contact-query.ts';
import { SearchTextSample } from './search-text-sample.ts';
import { preparedQuery, statementCache, type PreparedQuery } from './prepared-query.ts';
import type { ContactCustomValueRow, ContactRow, Schema } from './schema.ts';
import { toStage } from './sql-tenancy-store.ts';
import { writeImportCheckpoint } from './sql-import-job-store.ts';
import { appendInTransaction, appendManyInTransaction, oneStatementWrite, oneStatementWriteArity, oneStatementWriteOf, oneStatementWriteValues, sqliteEventSteps, type EventAppend } from './event-append.ts';
import { multiRowInserts } from './bulk-insert.ts';

/** Told after every commit that appended events, so this process's long polls wake without a round trip. */
export interface CommitListener {
  committed(organizationId: string): void;
}

type Db = Kysely<Schema>;

/**
 * The row each loaded contact was read from: a write compares the new row with what is stored rather than
 * with the current contact encoded again (the JSON, search document and folded copies cost a PATCH ~10 µs).
 */
const loadedRows = new WeakMap<Contact, ContactRow>();

/** The columns a write of next over current must set: derived from current's loaded row where there is one (see changedColumnsAfter). */
function changedRow(current: Contact, next: Contact, definitions: ContactCatalog['definitions']): Partial<ContactRow> {
  const stored = loadedRows.get(current);
  return stored === undefined
    ? changedColumns(toContactRow(current, definitions), toContactRow(next, definitions))
    : changedColumnsAfter(stored, current, next, definitions);
}

/**
 * One contact by id (a contact is one row: its lists are JSON columns of it, migration 0006), packed into
 * one JSON array (see packedColumns): every column (what a write reads: it compares the new row with it)
 * or only the read columns (what an answer is built from).
 */
function contactQuery(db: Db, dialect: DialectName, columns: 'every' | 'read', organizationId: string, id: string) {
  return selectPacked(db.selectFrom('contacts'), dialect, columns).where('organization_id', '=', organizationId).where('id', '=', id);
}

const sameItems = (a: ContactItem[], b: ContactItem[]): boolean =>
  a === b || (a.length === b.length && a.every((x, i) => {
    const y = b[i] as ContactItem;
    return x.id === y.id && x.value === y.value && x.isPrimary === y.isPrimary && x.labels.join() === y.labels.join();
  }));

type ListTable = 'contact_emails' | 'contact_phone_numbers' | 'contact_participants';

/** A built statement as a step of a write unit. */
const step = (statement: Compilable): WriteStep => {
  const { sql: text, parameters } = statement.compile();
  return { sql: text, parameters };
};

/** The INSERT of a contact's rows of one list table, or none when the list is empty. */
function listInsert(db: Db, contact: Contact, table: ListTable): WriteStatement[] {
  if (table === 'contact_participants') {
    const rows = contact.participant_user_id_list.map((user_id, position) => ({ organization_id: contact.organization_id, contact_id: contact.id, position, user_id }));
    return rows.length === 0 ? [] : [db.insertInto(table).values(rows)];
  }
  if (table === 'contact_emails') {
    const rows = toEmailRows(contact);
    return rows.length === 0 ? [] : [db.insertInto(table).values(rows)];
  }
  const rows = toPhoneRows(contact);
  return rows.length === 0 ? [] : [db.insertInto(table).values(rows)];
}

/** Replaces a contact's rows of one list table. */
async function rewriteList(db: Db, contact: Contact, table: ListTable): Promise<void> {
  await db.deleteFrom(table).where('organization_id', '=', contact.organization_id).where('contact_id', '=', contact.id).execute();
  for (const statement of listInsert(db, contact, table)) await statement.execute();
}

/** The INSERT of a contact's side-table rows for the given custom attributes, or none. */
function customInsert(db: Db, contact: Contact, defs: readonly AttributeDef[]): WriteStatement[] {
  const rows = toCustomValueRows(contact, defs);
  return rows.length === 0 ? [] : [db.insertInto('contact_custom_values').values(rows)];
}

/** What a write changes besides the contact row: list tables, custom value rows, and whether the contact's liveness flips. */
interface SideChanges { lists: ListTable[]; custom: AttributeDef[]; liveChanged: boolean; definitions: readonly CustomAttribute[] }

function sideChanges(current: Contact, next: Contact, catalog: ContactCatalog): SideChanges {
  const custom = changedCustom(current, next).map((name) => catalog.get(name)).filter((d): d is AttributeDef => d?.isCustom === true);
  return { lists: changedLists(current, next), custom, liveChanged: (current.archived_at === null) !== (next.archived_at === null), definitions: catalog.definitions };
}

/** The side-table columns with their PostgreSQL types, in insert order. */
const CUSTOM_VALUE_COLUMNS = [
  ['organization_id', 'text'], ['contact_id', 'text'], ['attribute_id', 'text'], ['position', 'integer'], ['value_text', 'text'],
  ['value_number', 'double precision'], ['unique_value', 'text'], ['live', 'integer'], ['search_text', 'text'], ['value_folded', 'text'],
] as const;

/** The columns of a side-table row after its key (organization, contact, attribute, position). */
const CUSTOM_VALUE_FIELDS = CUSTOM_VALUE_COLUMNS.slice(4).map(([c]) => c);

/** A side-table row replaced in place: its key and the columns whose value changed. */
interface InPlace { row: ContactCustomValueRow; changed: ReadonlyArray<(typeof CUSTOM_VALUE_FIELDS)[number]> }

/**
 * How a write brings the changed custom attributes' rows from current to next. An attribute with as many
 * items before as after (a single value replaced: the usual PATCH) is updated in place, setting only the
 * columns whose value changed, so SQLite rewrites only the indexes holding them (a number's sort index, not
 * the key, text and unique indexes) and PostgreSQL updates one row rather than deleting and inserting; one
 * whose item count changes is rewritten (its rows deleted and inserted again). The rows before are derived
 * from current, as every write stores them.
 */
function customChanges(current: Contact, next: Contact, defs: readonly AttributeDef[]): { inPlace: InPlace[]; rewritten: AttributeDef[] } {
  const inPlace: InPlace[] = [];
  const rewritten: AttributeDef[] = [];
  for (const def of defs) {
    const before = toCustomValueRows(current, [def]);
    const after = toCustomValueRows(next, [def]);
    if (before.length === 0 || before.length !== after.length) {
      rewritten.push(def);
      continue;
    }
    after.forEach((row, i) => {
      const old = before[i] as ContactCustomValueRow;
      const changed = CUSTOM_VALUE_FIELDS.filter((c) => row[c] !== old[c]);
      if (changed.length > 0) inPlace.push({ row, changed });
    });
  }
  return { inPlace, rewritten };
}

/** The UPDATE of a value replaced in place: its changed columns, by its key. */
const inPlaceUpdate = (db: Db, { row, changed }: InPlace) => db.updateTable('contact_custom_values')
  .set(Object.fromEntries(changed.map((c) => [c, row[c]])))
  .where('organization_id', '=', row.organization_id).where('contact_id', '=', row.contact_id).where('attribute_id', '=', row.attribute_id).where('position', '=', row.position);

/** How customRewrite's statements come out: Kysely statements, or SQLite write steps. */
interface RewriteAs<T> {
  statement(statement: WriteStatement): T;
  inPlace(change: InPlace): T;
}

const asStatements = (db: Db): RewriteAs<WriteStatement> => ({ statement: (s) => s, inPlace: (change) => inPlaceUpdate(db, change) });

/** The SQL text of an in-place side-row UPDATE per set of changed columns (SQLite steps), compiled once: building it with Kysely cost a custom PATCH ~3 % of its CPU. */
const inPlaceTexts = new Map<string, string>();

function inPlaceStep(db: Db, change: InPlace): WriteStep {
  const { row, changed } = change;
  const parameters = [...changed.map((c) => row[c]), row.organization_id, row.contact_id, row.attribute_id, row.position];
  const key = changed.join();
  let text = inPlaceTexts.get(key);
  if (text === undefined) {
    const compiled = inPlaceUpdate(db, change).compile();
    // The parameters above must be the compiled statement's, in its order.
    if (compiled.parameters.length !== parameters.length || compiled.parameters.some((p, i) => p !== parameters[i])) throw new Error(`in-place update parameters out of order: ${compiled.sql}`);
    text = compiled.sql;
    inPlaceTexts.set(key, text);
  }
  return { sql: text, parameters };
}

const asSqliteSteps = (db: Db): RewriteAs<WriteStep> => ({ statement: step, inPlace: (change) => inPlaceStep(db, change) });

/**
 * The statements that bring a contact's custom value rows from current to next (see customChanges); archiving
 * or restoring flips every row's live flag first (a restore meets the unique index again).
 */
function customRewrite<T>(db: Db, current: Contact, next: Contact, side: SideChanges, as: RewriteAs<T>): T[] {
  const out: T[] = [];
  if (side.liveChanged) {
    out.push(as.statement(db.updateTable('contact_custom_values').set({ live: next.archived_at === null ? 1 : 0 }).where('organization_id', '=', next.organization_id).where('contact_id', '=', next.id)));
  }
  const { inPlace, rewritten } = customChanges(current, next, side.custom);
  for (const change of inPlace) out.push(as.inPlace(change));
  if (rewritten.length === 0) return out;
  out.push(as.statement(db.deleteFrom('contact_custom_values').where('organization_id', '=', next.organization_id).where('contact_id', '=', next.id).where('attribute_id', 'in', rewritten.map((d) => d.definition!.id))));
  for (const statement of customInsert(db, next, rewritten)) out.push(as.statement(statement));
  return out;
}

/**
 * PostgreSQL, as WITH queries of one statement after the guarded UPDATE `w0`, each only when w0 updated the
 * contact: the values replaced in place updated (see customChanges); the rewritten attributes' rows upserted
 * by (contact, attribute, position) and their rows past the new length deleted. Upsert rather than
 * delete-and-insert: the queries of one statement share a snapshot, so an insert would meet the row its
 * sibling deletes.
 */
function customUpsert(db: Db, current: Contact, next: Contact, defs: readonly AttributeDef[]): OperationNodeSource[] {
  if (defs.length === 0) return [];
  const guard = sql<SqlBool>`exists (select 1 from w0)`;
  const { inPlace, rewritten } = customChanges(current, next, defs);
  const writes: OperationNodeSource[] = inPlace.map((change) => inPlaceUpdate(db, change).where(guard).returning('organization_id'));
  if (rewritten.length === 0) return writes;
  const rows = toCustomValueRows(next, rewritten);
  const count = (def: AttributeDef) => rows.filter((r) => r.attribute_id === def.definition!.id).length;
  const beyond = rewritten.map((def) => sql`(attribute_id = ${def.definition!.id} and position >= ${count(def)})`);
  writes.push(sql`delete from contact_custom_values where organization_id = ${next.organization_id} and contact_id = ${next.id} and (${sql.join(beyond, sql` or `)}) and ${guard} returning organization_id`);
  if (rows.length > 0) {
    const columns = sql.join(CUSTOM_VALUE_COLUMNS.map(([c]) => sql.ref(c)));
    const tuples = rows.map((row) => sql`(${sql.join(CUSTOM_VALUE_COLUMNS.map(([c, type]) => sql`cast(${row[c]} as ${sql.raw(type)})`))})`);
    const updates = sql.join(CUSTOM_VALUE_FIELDS.map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`));
    writes.push(sql`insert into contact_custom_values (${columns}) select * from (values ${sql.join(tuples)}) as t where ${guard}
      on conflict (organization_id, contact_id, attribute_id, position) do update set ${updates} returning organization_id`);
  }
  return writes;
}

const LIST_TABLES: readonly ListTable[] = ['contact_emails', 'contact_phone_numbers', 'contact_participants'];

/** Values per IN list of a bulk look-up: far below either dialect's bound-parameter limit. */
const LOOKUP_CHUNK = 5000;

/** Optimistic attempts before an update takes the row lock: only a contact written by many clients at once needs it. */
const OPTIMISTIC_ATTEMPTS = 3;
/** Runs of a unit of work PostgreSQL rolls back to break a deadlock, before it answers 503. */
const UNIT_ATTEMPTS = 5;

/** Distinct column sets whose UPDATE is kept prepared; rarer ones are built per call. */
const MAX_PREPARED_UPDATES = 256;

/**
 * SQLite: below this many text-index hits a page starts from the hits and sorts them; from it on, it walks
 * the sort order checking the text. Sorting 2,000 rows costs about what walking to the 50th of 2,000 hits
 * in a million contacts does (~25,000 rows).
 */
const TEXT_DRIVEN_HITS = 2000;

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

export class SqlContactStore implements ContactUnitOfWork {
  /** A write's read of the contact it changes (every column), and findById's (the read columns). */
  private readonly contactById: PreparedQuery<ContactRow, [organizationId: string, id: string]>;
  private readonly contactReadById: PreparedQuery<ContactRow, [organizationId: string, id: string]>;

  /** The guarded UPDATE for each set of changed columns seen, up to a bound (a PATCH changes few columns). */
  private readonly updates = new Map<string, PreparedQuery<unknown, unknown[]>>();

  private readonly runPage: ReturnType<typeof statementCache>;
  /** PostgreSQL one-statement writes, prepared per SQL shape (column set, list sizes) so they are parsed and planned once per connection. */
  private readonly runWrite: ReturnType<typeof statementCache>;
  /** The guarded UPDATE's SQL text per changed-column set (SQLite write units), bounded like the prepared ones. */
  private readonly updateTexts = new Map<string, string>();
  /** PostgreSQL PATCH statements (guarded UPDATE, queued event, idempotent response), one per column set and with or without a response. */
  private readonly patches = new Map<string, PreparedQuery<{ id: string }, unknown[]>>();

  /** Set by a store of a unit of work: every read and write goes through this one transaction. */
  private readonly trx: Db | null;
  private savepoints = 0;
  /** In a unit of work: whether a write happened (the listener is told once the unit commits). */
  private wrote = false;
  private readonly stageCache: Map<string, Promise<ContactStage[]>>;
  /** PostgreSQL: the planner's sample of search_text, which tells a text query's rare needles; null on SQLite. */
  private readonly textSample: SearchTextSample | null;

  /** textDrivenHits: where SQLite switches from starting at the text index's hits to walking the sort order (tests set it). */
  constructor(
    private readonly database: Database,
    private readonly listener: CommitListener | null = null,
    private readonly textDrivenHits = TEXT_DRIVEN_HITS,
    unit: { trx: Db; stageCache: Map<string, Promise<ContactStage[]>>; textSample: SearchTextSample | null } | null = null,
  ) {
    this.trx = unit?.trx ?? null;
    this.stageCache = unit?.stageCache ?? new Map();
    this.textSample = unit !== null ? unit.textSample : database.profile.name === 'postgres' ? new SearchTextSample(database.db) : null;
    this.runPage = statementCache(database, MAX_PREPARED_QUERIES);
    this.runWrite = statementCache(database, MAX_PREPARED_UPDATES);
    this.contactById = preparedQuery(database, 2, (organizationId: string, id: string) => contactQuery(database.db, database.profile.name, 'every', organizationId, id));
    this.contactReadById = preparedQuery(database, 2, (organizationId: string, id: string) => contactQuery(database.db, database.profile.name, 'read', organizationId, id));
  }

  /** `update contacts set <columns> where organization_id, id and version match`, the values in that order. */
  private guardedUpdate(columns: string[], values: readonly unknown[]) {
    return this.database.db
      .updateTable('contacts')
      .set(Object.fromEntries(columns.map((column, i) => [column, values[i]])))
      .where('organization_id', '=', values[columns.length] as string)
      .where('id', '=', values[columns.length + 1] as string)
      .where('version', '=', values[columns.length + 2] as number);
  }

  /**
   * A statement of one shape, prepared once and kept in `cache` under `key`. Past the bound, a shape is
   * built per call and never becomes a statement the database keeps.
   */
  private preparedPerShape<Row>(cache: Map<string, PreparedQuery<Row, unknown[]>>, key: string, arity: number, build: (...values: unknown[]) => Compilable<Row>): PreparedQuery<Row, unknown[]> {
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    if (cache.size >= MAX_PREPARED_UPDATES) return (executor, ...values) => executor.executeQuery(build(...values).compile());
    const statement = preparedQuery<Row, unknown[]>(this.database, arity, build);
    cache.set(key, statement);
    return statement;
  }

  /** The guarded UPDATE of a set of changed columns (values, then organization, id and version), prepared once per set. */
  private updateStatement(columns: string[]): PreparedQuery<unknown, unknown[]> {
    return this.preparedPerShape(this.updates, columns.join(), columns.length + 3, (...values) => this.guardedUpdate(columns, values));
  }

  /**
   * PostgreSQL: the one-statement PATCH of a set of changed columns (oneStatementWriteOf over the guarded
   * UPDATE), prepared once per set and per idempotent or not: values, then organization, id and version,
   * then oneStatementWriteValues.
   */
  private patchStatement(columns: string[], idempotent: boolean): PreparedQuery<{ id: string }, unknown[]> {
    const n = columns.length;
    return this.preparedPerShape(this.patches, `${idempotent ? 'i' : '-'}${columns.join()}`, n + 3 + oneStatementWriteArity(idempotent), (...values) => ({
      compile: () => oneStatementWriteOf([this.guardedUpdate(columns, values).returning('id')], values.slice(n + 3), idempotent).compile(this.database.db),
    }));
  }

  /** The guarded UPDATE's SQL for a set of changed columns (values, then organization, id and version), compiled once per set. */
  private updateSql(columns: string[]): string {
    const key = columns.join();
    let text = this.updateTexts.get(key);
    if (text === undefined) {
      text = this.database.db.updateTable('contacts').set(Object.fromEntries(columns.map((c) => [c, null]))).where('organization_id', '=', '').where('id', '=', '').where('version', '=', 0).compile().sql;
      if (this.updateTexts.size < MAX_PREPARED_UPDATES) this.updateTexts.set(key, text);
    }
    return text;
  }

  /**
   * Updates the changed columns of the contact row, guarded by the version that was read, then rewrites
   * the changed lists and custom value rows. False when another write got there first (nothing was changed).
   */
  private async writeIfCurrent(db: Db, current: Contact, next: Contact, side: SideChanges): Promise<boolean> {
    const changed = changedRow(current, next, side.definitions);
    const columns = Object.keys(changed);
    const values = [...Object.values(changed), current.organization_id, current.id, current.version];
    const result = await this.updateStatement(columns)(db, ...values);
    if (Number(result.numAffectedRows) !== 1) return false;
    for (const list of side.lists) await rewriteList(db, next, list);
    for (const statement of customRewrite(db, current, next, side, asStatements(db))) await statement.execute();
    return true;
  }

  /** The database, or the unit of work's transaction. */
  private get executor(): Db {
    return this.trx ?? this.database.db;
  }

  /**
   * Runs fn with a store whose reads and writes share one transaction (a _batch): it commits when fn
   * resolves and rolls back when it throws. Each write of the unit is a savepoint of it, so a write that
   * fails leaves nothing behind while the unit goes on.
   */
  async unitOfWork<T>(organizationId: string, fn: (unit: ContactUnitOfWork) => Promise<T>): Promise<T> {
    if (this.trx !== null) throw new Error('a unit of work does not nest');
    const { profile } = this.database;
    // A unit locks contacts one by one as it writes them, so two units writing the same contacts in another
    // order can deadlock on PostgreSQL; the victim was rolled back whole, and runs again once the other committed.
    for (let attempt = 1; ; attempt += 1) {
      let unit: SqlContactStore | null = null;
      try {
        const result = await profile.writeTransaction(async (trx) => {
          unit = new SqlContactStore(this.database, null, this.textDrivenHits, { trx, stageCache: this.stageCache, textSample: this.textSample });
          return fn(unit);
        });
        if ((unit as SqlContactStore | null)?.wrote === true) this.listener?.committed(organizationId);
        return result;
      } catch (error) {
        if (!profile.isDeadlock(error)) throw error;
        if (attempt >= UNIT_ATTEMPTS) throw serviceUnavailable('concurrent writes kept locking the same contacts in another order (a deadlock); nothing was written');
      }
    }
  }

  /** In a unit of work: stores the idempotent response of the whole unit, committing with it. */
  async storeResponse(claim: Claim, response: StoredResponse): Promise<void> {
    if (this.trx === null) throw new Error('storeResponse belongs to a unit of work');
    await this.trx
      .updateTable('idempotency_keys')
      .set({ state: 'completed', status_code: response.statusCode, response_headers: JSON.stringify(response.headers), response_body: response.body, contact_id: null })
      .where('organization_id', '=', claim.organizationId)
      .where('key', '=', claim.key)
      .where('claim_id', '=', claim.claimId)
      .execute();
  }

  /** In a unit of work: an import job's checkpoint, committing with the batch it records. */
  async saveImportCheckpoint(checkpoint: ImportCheckpoint): Promise<void> {
    if (this.trx === null) throw new Error('saveImportCheckpoint belongs to a unit of work');
    await writeImportCheckpoint(this.trx, checkpoint);
  }

  /** In a unit of work: row locks on the contacts, taken in id order (PostgreSQL locks as the sorted rows come). */
  async lockContacts(organizationId: string, ids: readonly string[]): Promise<void> {
    if (this.trx === null) throw new Error('lockContacts belongs to a unit of work');
    // SQLite's unit holds the database's one write lock already: nothing to order, no statement to spend.
    if (this.database.profile.name === 'sqlite') return;
    const sorted = [...new Set(ids)].sort();
    for (let start = 0; start < sorted.length; start += LOOKUP_CHUNK) {
      const chunk = sorted.slice(start, start + LOOKUP_CHUNK);
      await this.database.profile.forUpdate(this.trx.selectFrom('contacts').select('id').where('organization_id', '=', organizationId).where('id', 'in', chunk).orderBy('id')).execute();
    }
  }

  /** In a unit of work: one write as a savepoint; a failure rolls back to it and is translated like any write's. */
  private async savepoint<T>(written: () => Contact | null, catalog: ContactCatalog, work: (trx: Db) => Promise<T>): Promise<T> {
    const trx = this.trx as Db;
    this.savepoints += 1;
    const name = sql.raw(`write_${this.savepoints}`);
    await sql`savepoint ${name}`.execute(trx);
    try {
      const result = await work(trx);
      await sql`release savepoint ${name}`.execute(trx);
      return result;
    } catch (error) {
      // PostgreSQL refuses every statement after an error until the rollback; then the look-up can run.
      await sql`rollback to savepoint ${name}`.execute(trx);
      await sql`release savepoint ${name}`.execute(trx);
      const contact = written();
      throw contact === null ? error : await this.translate(error, contact, catalog);
    }
  }

  private async insertInUnit(contact: Contact, catalog: ContactCatalog, effects: WriteEffects): Promise<Contact> {
    const { profile } = this.database;
    await this.savepoint(() => contact, catalog, async (trx) => {
      await trx.insertInto('contacts').values(toContactRow(contact, catalog.definitions)).execute();
      for (const table of LIST_TABLES) for (const statement of listInsert(trx, contact, table)) await statement.execute();
      for (const statement of customInsert(trx, contact, catalog.custom)) await statement.execute();
      await appendInTransaction(trx, profile.name, [{ event: effects.event(null, contact), contact, idempotent: effects.idempotent }]);
    });
    this.wrote = true;
    return contact;
  }

  private async updateInUnit(organizationId: string, id: string, mutate: (current: Contact) => Contact, catalog: ContactCatalog, effects: WriteEffects): Promise<Contact> {
    const { profile } = this.database;
    let next: Contact | null = null;
    return this.savepoint(() => next, catalog, async (trx) => {
      await profile.forUpdate(trx.selectFrom('contacts').select('id').where('organization_id', '=', organizationId).where('id', '=', id)).execute();
      const current = await this.load(organizationId, id, trx);
      if (current === null) throw new AppError('record_not_found', `no contact ${id}`);
      const changed = mutate(current);
      if (changed === current) return current;
      next = changed;
      await this.writeIfCurrent(trx, current, changed, sideChanges(current, changed, catalog));
      await appendInTransaction(trx, profile.name, [{ event: effects.event(current, changed), contact: changed, idempotent: effects.idempotent }]);
      this.wrote = true;
      return changed;
    });
  }

  /** Reads through db, or through a transaction when given one. */
  private async load(organizationId: string, id: string, executor: Db = this.executor): Promise<Contact | null> {
    const [read] = (await this.contactById(executor, organizationId, id)).rows;
    if (read === undefined) return null;
    const row = storedRow(read, 'every');
    const contact = fromContactRow(row);
    loadedRows.set(contact, row);
    return contact;
  }

  /**
   * A contact to answer with, not to write over: only the columns it is built from (no search text or
   * folded copies), and no loaded row kept (see load).
   */
  async findById(organizationId: string, id: string): Promise<Contact | null> {
    const [row] = (await this.contactReadById(this.executor, organizationId, id)).rows;
    return row === undefined ? null : contactOfRow(row);
  }

  async insert(contact: Contact, catalog: ContactCatalog, effects: WriteEffects): Promise<Contact> {
    if (this.trx !== null) return this.insertInUnit(contact, catalog, effects);
    const { db, profile } = this.database;
    const append: EventAppend = { event: effects.event(null, contact), contact, idempotent: effects.idempotent };
    const sideRows = (): WriteStatement[] => [...LIST_TABLES.flatMap((table) => listInsert(db, contact, table)), ...customInsert(db, contact, catalog.custom)];
    await this.guard(() => contact, catalog, async () => {
      if (profile.name === 'postgres') {
        // The contact row, its list and custom value rows, the queued event and the idempotent response: one round trip.
        const writes = [
          db.insertInto('contacts').values(toContactRow(contact, catalog.definitions)).returning('id'),
          ...sideRows().map((w) => sql`${w} returning organization_id`),
        ];
        await this.runWrite(oneStatementWrite(writes, append).compile(db));
        return;
      }
      // SQLite: the rows, the counter, the event and the response in one synchronous transaction.
      const rows = [db.insertInto('contacts').values(toContactRow(contact, catalog.definitions)), ...sideRows()].map(step);
      await profile.writeSteps([...rows, ...sqliteEventSteps([append])]);
    });
    this.listener?.committed(contact.organization_id);
    return contact;
  }

  async insertMany(contacts: readonly Contact[], catalog: ContactCatalog, events: readonly PendingEvent[]): Promise<boolean> {
    const first = contacts[0];
    if (first === undefined) return true;
    const { profile } = this.database;
    const dialect = profile.name;
    const write = async (trx: Db): Promise<void> => {
      // The contacts rows first (the list and custom value rows refer to them), each table in multi-row INSERTs.
      const statements = [
        ...multiRowInserts(dialect, 'contacts', contacts.map((c) => toContactRow(c, catalog.definitions))),
        ...multiRowInserts(dialect, 'contact_emails', contacts.flatMap(toEmailRows)),
        ...multiRowInserts(dialect, 'contact_phone_numbers', contacts.flatMap(toPhoneRows)),
        ...multiRowInserts(dialect, 'contact_participants', contacts.flatMap((c) => c.participant_user_id_list.map((user_id, position) => ({ organization_id: c.organization_id, contact_id: c.id, position, user_id })))),
        ...multiRowInserts(dialect, 'contact_custom_values', contacts.flatMap((c) => toCustomValueRows(c, catalog.custom))),
      ];
      for (const statement of statements) await trx.executeQuery(statement);
      await appendManyInTransaction(trx, dialect, events);
    };
    try {
      if (this.trx === null) await profile.writeTransaction(write);
      else await this.savepoint(() => null, catalog, write);
    } catch (error) {
      if (profile.isUniqueViolation(error)) return false;
      throw error;
    }
    if (this.trx === null) this.listener?.committed(first.organization_id);
    else this.wrote = true;
    return true;
  }

  async conflicting(organizationId: string, contacts: readonly Contact[], catalog: ContactCatalog): Promise<Set<number>> {
    const found = new Set<number>();
    const byEmail = new Map<string, number[]>();
    contacts.forEach((c, i) => {
      for (const item of c.contact_emails) byEmail.set(item.value, [...(byEmail.get(item.value) ?? []), i]);
    });
    const emails = [...byEmail.keys()];
    for (let start = 0; start < emails.length; start += LOOKUP_CHUNK) {
      const rows = await this.executor.selectFrom('contact_emails').select('email').where('organization_id', '=', organizationId).where('live', '=', 1).where('email', 'in', emails.slice(start, start + LOOKUP_CHUNK)).execute();
      for (const { email } of rows) for (const i of byEmail.get(email) ?? []) found.add(i);
    }
    const unique = catalog.custom.filter((d) => d.isUnique);
    if (unique.length === 0) return found;
    const byValue = new Map<string, number[]>();
    contacts.forEach((c, i) => {
      for (const row of toCustomValueRows(c, unique)) {
        const key = `${row.attribute_id}\u0000${String(row.unique_value)}`;
        byValue.set(key, [...(byValue.get(key) ?? []), i]);
      }
    });
    const values = [...new Set([...byValue.keys()].map((k) => k.slice(k.indexOf('\u0000') + 1)))];
    for (let start = 0; start < values.length; start += LOOKUP_CHUNK) {
      const rows = await this.executor.selectFrom('contact_custom_values').select(['attribute_id', 'unique_value']).where('organization_id', '=', organizationId).where('live', '=', 1).where('unique_value', 'in', values.slice(start, start + LOOKUP_CHUNK)).execute();
      for (const row of rows) for (const i of byValue.get(`${row.attribute_id}\u0000${String(row.unique_value)}`) ?? []) found.add(i);
    }
    return found;
  }

  /** One attempt at writing next over current: false when another write got there first (nothing was written). */
  private async tryWrite(current: Contact, next: Contact, catalog: ContactCatalog, effects: WriteEffects): Promise<boolean> {
    const { db, profile } = this.database;
    const side = sideChanges(current, next, catalog);
    const append: EventAppend = { event: effects.event(current, next), contact: next, idempotent: effects.idempotent };
    if (profile.name === 'postgres' && side.lists.length === 0 && !side.liveChanged) {
      // The guarded UPDATE, the changed custom value rows, the counter, the event and the idempotent response as one statement.
      const changed = changedRow(current, next, catalog.definitions);
      const custom = customUpsert(db, current, next, side.custom);
      if (custom.length === 0) {
        const statement = this.patchStatement(Object.keys(changed), append.idempotent !== null);
        const { rows } = await statement(db, ...Object.values(changed), current.organization_id, current.id, current.version, ...oneStatementWriteValues(append));
        return rows.length === 1;
      }
      const update = db.updateTable('contacts').set(changed).where('organization_id', '=', current.organization_id).where('id', '=', current.id).where('version', '=', current.version).returning('id');
      const { rows } = await this.runWrite(oneStatementWrite([update, ...custom], append).compile(db));
      return rows.length === 1;
    }
    if (profile.name === 'sqlite') {
      // The guarded UPDATE (nothing is written unless it matched), the list and custom value rows and the event tail, synchronously.
      const changed = changedRow(current, next, catalog.definitions);
      const update: WriteStep = { sql: this.updateSql(Object.keys(changed)), parameters: [...Object.values(changed), current.organization_id, current.id, current.version], mustChange: true };
      const listSteps = side.lists.flatMap((table) => [
        step(db.deleteFrom(table).where('organization_id', '=', next.organization_id).where('contact_id', '=', next.id)),
        ...listInsert(db, next, table).map(step),
      ]);
      return profile.writeSteps([update, ...listSteps, ...customRewrite(db, current, next, side, asSqliteSteps(db)), ...sqliteEventSteps([append])]);
    }
    return profile.writeTransaction(async (trx) => {
      if (!(await this.writeIfCurrent(trx, current, next, side))) return false;
      await appendInTransaction(trx, profile.name, [append]);
      return true;
    });
  }

  /**
   * Optimistic read-modify-write: read without locks, then write only if the stored version is still the
   * one read (else read again); the event and the idempotent response commit with the write. After a few
   * lost races it takes the row lock.
   */
  async update(organizationId: string, id: string, mutate: (current: Contact) => Contact, catalog: ContactCatalog, effects: WriteEffects): Promise<Contact> {
    if (this.trx !== null) return this.updateInUnit(organizationId, id, mutate, catalog, effects);
    const { profile } = this.database;
    for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt += 1) {
      const current = await this.load(organizationId, id);
      if (current === null) throw new AppError('record_not_found', `no contact ${id}`);
      const next = mutate(current);
      if (next === current) return current;
      if (await this.guard(() => next, catalog, () => this.tryWrite(current, next, catalog, effects))) {
        this.listener?.committed(organizationId);
        return next;
      }
    }
    let locked: Contact | null = null;
    let wrote = false;
    const result = await this.guard(() => locked, catalog, () => profile.writeTransaction(async (trx) => {
      // Lock first, then read in a new statement: a locking read that waited sees the new row but would
      // see the lists as of its own start (PostgreSQL READ COMMITTED).
      await profile.forUpdate(trx.selectFrom('contacts').select('id').where('organization_id', '=', organizationId).where('id', '=', id)).execute();
      const current = await this.load(organizationId, id, trx);
      if (current === null) throw new AppError('record_not_found', `no contact ${id}`);
      const next = mutate(current);
      locked = next;
      if (next !== current) {
        await this.writeIfCurrent(trx, current, next, sideChanges(current, next, catalog));
        await appendInTransaction(trx, profile.name, [{ event: effects.event(current, next), contact: next, idempotent: effects.idempotent }]);
        wrote = true;
      }
      return next;
    }));
    if (wrote) this.listener?.committed(organizationId);
    return result;
  }

  async purge(organizationId: string, id: string, check: (current: Contact) => void, event: (current: Contact) => PendingEvent): Promise<void> {
    if (this.trx !== null) throw new Error('purge is not part of a unit of work');
    const { profile } = this.database;
    await profile.writeTransaction(async (trx) => {
      await profile.forUpdate(trx.selectFrom('contacts').select('id').where('organization_id', '=', organizationId).where('id', '=', id)).execute();
      const current = await this.load(organizationId, id, trx);
      if (current === null) throw new AppError('record_not_found', `no contact ${id}`);
      check(current);
      // The text of its unique custom values (a crm_id, say), read before they go: an import row matched by
      // one, or refused for another column, carries it in its raw row without an email.
      const uniqueTexts = await trx.selectFrom('contact_custom_values').select('value_text').where('organization_id', '=', organizationId)
        .where('contact_id', '=', id).where('unique_value', 'is not', null).where('value_text', 'is not', null).execute();
      for (const table of [...LIST_TABLES, 'contact_custom_values'] as const) await trx.deleteFrom(table).where('organization_id', '=', organizationId).where('contact_id', '=', id).execute();
      await trx.deleteFrom('contacts').where('organization_id', '=', organizationId).where('id', '=', id).execute();
      // Ids, types, times and versions stay; the values go.
      // The queue first (PostgreSQL): a sequencer moving its rows either finishes first (this UPDATE waits for
      // it, and the next statement sees the moved rows) or waits for this commit and moves the scrubbed rows.
      // Events first could miss rows a sequencer moved between the two statements.
      if (profile.name === 'postgres') await trx.updateTable('contact_event_queue').set({ changes: '{}', changed_attributes: '' }).where('organization_id', '=', organizationId).where('record_id', '=', id).execute();
      await trx.updateTable('contact_events').set({ changes: '{}', changed_attributes: '' }).where('organization_id', '=', organizationId).where('record_id', '=', id).execute();
      // Responses keyed to the contact, and any other that names it: a 409 duplicate_value of another write
      // carries its value with its id (existing_contact_id), a _batch response its record. The id is the stored
      // contact's (a UUID: no LIKE wildcards).
      await trx.deleteFrom('idempotency_keys').where('organization_id', '=', organizationId)
        .where((eb) => eb.or([eb('contact_id', '=', id), eb('response_body', 'like', `%${id}%`)]))
        .execute();
      // The deliveries log keeps the start of each receiver's answer, which may quote the event it refused
      // ("unknown lead Sarah"): for the contact's deliveries only the status stays (redirects' notes are ours),
      // also where a subscription's disabled_reason quotes it.
      const answered = await trx.selectFrom('webhook_deliveries').select(['subscription_id', 'last_error', 'last_status_code']).distinct()
        // By subscription: the (organization_id, subscription_id, record_id, ...) index finds the contact's rows.
        .where('organization_id', '=', organizationId).where('subscription_id', 'in', trx.selectFrom('webhook_subscriptions').select('id').where('organization_id', '=', organizationId))
        .where('record_id', '=', id).where('last_status_code', 'is not', null).where((eb) => eb.or([eb('last_status_code', '<', 300), eb('last_status_code', '>=', 400)]))
        .where('last_error', 'is not', null).execute();
      for (const { subscription_id, last_error, last_status_code } of answered) {
        const status = `HTTP ${last_status_code}`;
        if (last_error === status) continue;
        await trx.updateTable('webhook_deliveries').set({ last_error: status })
          .where('organization_id', '=', organizationId).where('subscription_id', '=', subscription_id).where('record_id', '=', id).where('last_error', '=', last_error).execute();
        await trx.updateTable('webhook_subscriptions').set({ disabled_reason: sql<string>`replace(disabled_reason, ${`: ${last_error}`}, ${`: ${status}`})` })
          .where('organization_id', '=', organizationId).where('id', '=', subscription_id).where('disabled_reason', 'is not', null).execute();
      }
      // Import error reports: a refused row that names the contact (its id in the message, e.g. a duplicate
      // value's holder) or carries one of its emails or unique custom values (the raw row as uploaded) goes too.
      const uniqueValues = [...new Set(uniqueTexts.map((row) => (row.value_text as string).toLowerCase()))].filter((value) => value !== '');
      await deleteImportErrorsNaming(trx, profile.name, organizationId, id, current.contact_emails.map((e) => e.value.toLowerCase()), uniqueValues);
      await appendInTransaction(trx, profile.name, [{ event: event(current), contact: current, idempotent: null }]);
    });
    this.listener?.committed(organizationId);
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
    const holders = emails.length === 0 ? [] : await this.executor
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
      const last = emails.length === 0 ? undefined : await this.executor
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
      return new AppError('duplicate_value', message, [{ code: 'duplicate_value', field: 'contact_emails', path: '/attributes/contact_emails', message, ...(last === undefined ? {} : { value: last.email, existing_contact_id: last.contact_id }) }]);
    }
    // The use case points each detail at the member of its request that wrote the email (see pointDuplicates).
    const details = holders.map((h) => ({
      code: 'duplicate_value' as const,
      field: h.email === contact.primary_email ? 'primary_email' : 'contact_emails',
      path: `/attributes/${h.email === contact.primary_email ? 'primary_email' : 'contact_emails'}`,
      message: `${h.email} already belongs to contact ${h.contact_id}`,
      value: h.email,
      existing_contact_id: h.contact_id,
    }));
    return new AppError('duplicate_value', details.length === 1 ? details[0]!.message : `${details.length} emails already belong to other contacts`, details);
  }

  /** duplicate_value details for the contact's unique custom values that another live contact holds. */
  private async customHolders(contact: Contact, catalog: ContactCatalog) {
    // Archived attributes too: their values stay stored and unique among live contacts (a restore can meet one).
    const unique = catalog.definitions.map(customAttributeDef).filter((d) => d.isUnique);
    const rows = toCustomValueRows(contact, unique);
    if (rows.length === 0) return [];
    const holders = await this.executor
      .selectFrom('contact_custom_values')
      .select(['attribute_id', 'unique_value', 'contact_id'])
      .where('organization_id', '=', contact.organization_id)
      .where('live', '=', 1)
      .where('contact_id', '!=', contact.id)
      .where((eb) => eb.or(rows.map((r) => eb.and([eb('attribute_id', '=', r.attribute_id), eb('unique_value', '=', r.unique_value)]))))
      .execute();
    return holders.map((h) => {
      const def = unique.find((d) => d.definition!.id === h.attribute_id) as AttributeDef;
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
    const trx = this.trx;
    // In a unit of work the page reads through its transaction (it sees the unit's own writes).
    const run = trx !== null ? (compiled: CompiledQuery) => trx.executeQuery(compiled) : this.runPage;
    return this.readPage(trx ?? this.database.db, run, organizationId, plan);
  }

  /** One page read through db by run: SQLite first reads the text-index hits to choose its plan. */
  private async readPage(db: Db, run: (compiled: CompiledQuery) => Promise<QueryResult<unknown>>, organizationId: string, plan: ContactQueryPlan): Promise<Contact[]> {
    const { profile } = this.database;
    let textHits: TextHits = null;
    if (this.textSample !== null && (plan.search.length > 0 || plan.phoneRuns.length > 0 || plan.filter.kind !== 'and' || plan.filter.children.length > 0)) textHits = { rare: await this.textSample.rarity() };
    if (profile.name === 'sqlite') {
      // Few hits: start from them; many: walk the sort order (see selected in contact-query.ts).
      const needles = indexedTextNeedles(textNeedles(plan));
      if (needles.length > 0) {
        const hits = async (some: readonly NeedleGroup[]) => (await run(textHitRowids(db, some, this.textDrivenHits).compile(db))).rows[0] as { hits: number; rowids: string } | undefined;
        // The first needle alone (its hits read up to the bound); when it finds that many, the others narrow them (their hits read whole).
        let found = await hits(needles.slice(0, 1));
        if (found !== undefined && Number(found.hits) >= this.textDrivenHits && needles.length > 1) found = await hits(needles);
        if (found !== undefined && Number(found.hits) < this.textDrivenHits) textHits = { rowids: found.rowids };
      }
    }
    const rows: ContactRow[] = [];
    for (const part of pageParts(db, profile.name, organizationId, plan, textHits)) {
      if (rows.length >= plan.limit) break;
      rows.push(...((await run(part(plan.limit - rows.length).compile())).rows as ContactRow[]));
    }
    return rows.map((row) => contactOfRow(row));
  }

  async exportBatches(organizationId: string, plan: ContactQueryPlan, batchSize: number, onBatch: (contacts: Contact[]) => Promise<void>): Promise<void> {
    await this.database.profile.readSnapshot(async (snapshot) => {
      // PostgreSQL: pages walk the (organization_id, created_at, id) index in order. Right after a bulk import
      // the statistics still say the table is empty, and the planner sorted every remaining row for each page
      // (151 ms against 0.8 ms a page at 50k rows: an export quadratic in its size).
      if (this.database.profile.name === 'postgres') await sql`set local enable_sort = off`.execute(snapshot);
      const read = (after: ContactQueryPlan['after']) => this.readPage(snapshot, (compiled) => snapshot.executeQuery(compiled), organizationId, { ...plan, limit: batchSize, after });
      let next = read(plan.after);
      for (;;) {
        const contacts = await next;
        const last = contacts.at(-1);
        const more = contacts.length === batchSize && last !== undefined;
        // The next batch is read while this one is rendered and written (PostgreSQL runs it meanwhile): at most two batches are held.
        if (more) {
          next = read(plan.sort.map((k) => sortKeyValue(last, k.field, plan.catalog)));
          next.catch(() => undefined); // awaited on the next turn; if onBatch throws first, the export's own error is the one reported
        }
        if (contacts.length > 0) await onBatch(contacts);
        if (!more) return;
      }
    });
  }

  stages(organizationId: string): Promise<ContactStage[]> {
    // Stages never change after an organization is created, so every process may keep them.
    let stages = this.stageCache.get(organizationId);
    if (stages === undefined) {
      stages = this.executor.selectFrom('contact_stages').selectAll().where('organization_id', '=', organizationId).orderBy('position').execute().then((rows) => rows.map(toStage));
      stages.catch(() => this.stageCache.delete(organizationId));
      this.stageCache.set(organizationId, stages);
    }
    return stages;
  }

  async existingUserIds(organizationId: string, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.executor.selectFrom('users').select('id').where('organization_id', '=', organizationId).where('id', 'in', ids).execute();
    return new Set(rows.map((r) => r.id));
  }

  async existingTeamIds(organizationId: string, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.executor.selectFrom('teams').select('id').where('organization_id', '=', organizationId).where('id', 'in', ids).execute();
    return new Set(rows.map((r) => r.id));
  }

  async userIdsByEmail(organizationId: string, emails: string[]): Promise<Map<string, string[]>> {
    if (emails.length === 0) return new Map();
    const rows = await this.executor.selectFrom('users').select(['id', 'email']).where('organization_id', '=', organizationId).where('email', 'in', emails).execute();
    return groupBy(rows.map((r) => [r.email, r.id]));
  }

  async teamIdsByName(organizationId: string, names: string[]): Promise<Map<string, string[]>> {
    if (names.length === 0) return new Map();
    const wanted = new Set(names.map((n) => n.toLowerCase()));
    // Compared here, not with SQL lower(): that folds only ASCII on SQLite (and PostgreSQL's C locale), so
    // "Équipe" would not match even as written. An organization has few teams.
    const rows = await this.executor.selectFrom('teams').select(['id', 'name']).where('organization_id', '=', organizationId).execute();
    return groupBy(rows.filter((r) => wanted.has(r.name.toLowerCase())).map((r) => [r.name.toLowerCase(), r.id]));
  }
}

function groupBy(pairs: Array<[string, string]>): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [k, v] of pairs) map.set(k, [...(map.get(k) ?? []), v]);
  return map;
}

/** The text with its JSON \uXXXX escapes read (a pair of escaped surrogates makes one character). */
function unescapeJsonUnicode(text: string): string {
  return text.includes('\\u') ? text.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

/**
 * Deletes the import error report rows whose message names the contact id or whose raw row or message carries
 * one of its (lower-case) emails, or one of its unique custom values as a whole cell or JSON string, in any letter case. SQL's lower() folds ASCII letters only (SQLite, and
 * PostgreSQL under the C locale), so the query matches each run of other characters of an email as any text
 * and the candidates it finds are confirmed with JavaScript's lower-casing (`Émile@…` carries `émile@…`).
 */
async function deleteImportErrorsNaming(trx: Kysely<Schema>, dialect: DialectName, organizationId: string, id: string, emails: readonly string[], uniqueValues: readonly string[]): Promise<void> {
  const position = dialect === 'postgres' ? 'strpos' : 'instr';
  // A run of other characters, with the ASCII letter before it, is any text: lower-casing can lengthen a
  // character (İ is i + U+0307 once lower-cased), so the row may hold fewer characters than the email.
  const asciiPattern = (email: string) => `%${email.replace(/[\\%_]/g, (x) => `\\${x}`).replace(/[a-z]?[^\p{ASCII}]+/gu, '%')}%`;
  const candidates = await trx.selectFrom('import_job_errors').select(['job_id', 'line', 'detail', 'raw', 'message']).where('organization_id', '=', organizationId)
    .where((eb) => eb.or([
      eb(sql<number>`${sql.raw(position)}(${eb.ref('message')}, ${id})`, '>', 0),
      ...[...emails, ...uniqueValues].flatMap((email) => [
        eb(sql<string>`lower(${eb.ref('raw')})`, 'like', sql<string>`${asciiPattern(email)} escape '\\'`),
        eb(sql<string>`lower(${eb.ref('message')})`, 'like', sql<string>`${asciiPattern(email)} escape '\\'`),
      ]),
    ]))
    .execute();
  // An NDJSON line may write a character as a JSON escape (Python's json.dumps writes É as \u00c9 by default):
  // the email is looked for in the row as uploaded and with those escapes read.
  const texts = (row: { raw: string; message: string }) => [row.raw, unescapeJsonUnicode(row.raw), row.message].map((text) => text.toLowerCase());
  // A unique custom value may be short ("7"): it counts as a whole cell or JSON string (or a ;-list item), not inside another value.
  const wholeValues = uniqueValues.map((value) => new RegExp(`(?:^|[\\s,;:"\\[])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=$|[\\s,;"\\]}])`, 'u'));
  const doomed = candidates.filter((row) => row.message.includes(id) || texts(row).some((text) => emails.some((email) => text.includes(email)) || wholeValues.some((value) => value.test(text))));
  for (let i = 0; i < doomed.length; i += 500) {
    await trx.deleteFrom('import_job_errors').where('organization_id', '=', organizationId)
      .where((eb) => eb(eb.refTuple('job_id', 'line', 'detail'), 'in', doomed.slice(i, i + 500).map((row) => eb.tuple(row.job_id, row.line, row.detail))))
      .execute();
  }
}
