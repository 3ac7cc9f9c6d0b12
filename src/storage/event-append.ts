import { sql, type Kysely, type OperationNodeSource, type RawBuilder } from 'kysely';
import type { PendingEvent } from '../domain/contact-events.ts';
import type { IdempotentWrite } from '../domain/contact-store.ts';
import type { Contact } from '../domain/contact.ts';
import type { ContactEventRow, Schema } from './schema.ts';
import type { WriteStep } from './dialects/profile.ts';
import { multiRowInserts } from './bulk-insert.ts';

/** The channel every contactd process LISTENs on (PostgreSQL); the payload is the organization id. */
export const EVENTS_CHANNEL = 'contactd_events';

/** One write's event and, when the request carries a key, its idempotent response (rendered from contact). */
export interface EventAppend {
  event: PendingEvent;
  contact: Contact;
  idempotent: IdempotentWrite | null;
}

/** A queued event (PostgreSQL): the event without its sequence (a literal: a rest copy per event takes V8's slow path). */
function queueRow(event: PendingEvent): Omit<ContactEventRow, 'sequence'> {
  return {
    organization_id: event.organizationId,
    id: event.id,
    type: event.type,
    occurred_at: event.occurredAt,
    record_type: event.recordType,
    record_id: event.recordId,
    version: event.version,
    actor_user_id: event.actor.userId,
    actor_api_key_id: event.actor.apiKeyId,
    source: event.actor.source,
    request_id: event.actor.requestId,
    changes: event.changesJson,
    changed_attributes: event.changedAttributes.length === 0 ? '' : `,${event.changedAttributes.join(',')},`,
  };
}

export function eventRow(event: PendingEvent, sequence: number): ContactEventRow {
  // The queued row plus its number, set by assignment (a spread adding it would take V8's slow path).
  const row = queueRow(event) as ContactEventRow;
  row.sequence = sequence;
  return row;
}

/**
 * SQLite: takes n sequence numbers of the organization's counter row, as the write's last statement.
 * SQLite writers are serial, so numbers are visible in commit order. (PostgreSQL writers queue their
 * events instead and the sequencer numbers them: see event-sequencer.ts.)
 */
function takeSequences(trx: Kysely<Schema>, organizationId: string, n: number) {
  return sql<{ last_sequence: number | string }>`insert into event_sequences (organization_id, last_sequence) values (${organizationId}, ${n})
    on conflict (organization_id) do update set last_sequence = event_sequences.last_sequence + ${n} returning last_sequence`.execute(trx);
}

function completeIdempotent(trx: Kysely<Schema>, organizationId: string, idempotent: IdempotentWrite, contact: Contact) {
  const response = idempotent.response(contact);
  return trx
    .updateTable('idempotency_keys')
    .set({ state: 'completed', status_code: response.statusCode, response_headers: JSON.stringify(response.headers), response_body: response.body, contact_id: contact.id })
    .where('organization_id', '=', organizationId)
    .where('key', '=', idempotent.claim.key)
    .where('claim_id', '=', idempotent.claim.claimId)
    .execute();
}

const EVENT_COLUMNS = 'id, type, occurred_at, record_type, record_id, version, actor_user_id, actor_api_key_id, source, request_id, changes, changed_attributes';

/**
 * SQLite: the tail of a write unit as plain statements, run with the write in one synchronous transaction:
 * the counter taken for all appends, each event numbered from it, each idempotent response stored.
 */
export function sqliteEventSteps(appends: readonly EventAppend[]): WriteStep[] {
  const organizationId = (appends[0] as EventAppend).event.organizationId;
  const steps: WriteStep[] = [{
    sql: 'insert into event_sequences (organization_id, last_sequence) values (?, ?) on conflict (organization_id) do update set last_sequence = event_sequences.last_sequence + excluded.last_sequence',
    parameters: [organizationId, appends.length],
  }];
  appends.forEach((a, i) => {
    const e = queueRow(a.event);
    steps.push({
      sql: `insert into contact_events (organization_id, sequence, ${EVENT_COLUMNS}) select ?, last_sequence - ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? from event_sequences where organization_id = ?`,
      parameters: [e.organization_id, appends.length - 1 - i, e.id, e.type, e.occurred_at, e.record_type, e.record_id, e.version, e.actor_user_id, e.actor_api_key_id, e.source, e.request_id, e.changes, e.changed_attributes, e.organization_id],
      mustChange: true,
    });
  });
  for (const a of appends) {
    if (a.idempotent === null) continue;
    const response = a.idempotent.response(a.contact);
    steps.push({
      sql: "update idempotency_keys set state = 'completed', status_code = ?, response_headers = ?, response_body = ?, contact_id = ? where organization_id = ? and key = ? and claim_id = ?",
      parameters: [response.statusCode, JSON.stringify(response.headers), response.body, a.contact.id, organizationId, a.idempotent.claim.key, a.idempotent.claim.claimId],
    });
  }
  return steps;
}

/**
 * Appends the events of writes already made in trx (one organization), with their idempotent responses, as
 * the transaction's last statements. SQLite numbers them here; PostgreSQL queues them for the sequencer
 * (whose batch NOTIFYs other processes once they are numbered).
 */
export async function appendInTransaction(trx: Kysely<Schema>, dialect: 'sqlite' | 'postgres', appends: readonly EventAppend[]): Promise<void> {
  const organizationId = (appends[0] as EventAppend).event.organizationId;
  if (dialect === 'sqlite') {
    const { rows } = await takeSequences(trx, organizationId, appends.length);
    const first = Number(rows[0]?.last_sequence) - appends.length + 1;
    await trx.insertInto('contact_events').values(appends.map((a, i) => eventRow(a.event, first + i))).execute();
  } else {
    await trx.insertInto('contact_event_queue').values(appends.map((a) => queueRow(a.event))).execute();
  }
  for (const a of appends) if (a.idempotent !== null) await completeIdempotent(trx, organizationId, a.idempotent, a.contact);
}

/** How many values oneStatementWriteValues gives: the event's 13, and 6 more with an idempotent response. */
export const oneStatementWriteArity = (idempotent: boolean): number => (idempotent ? 19 : 13);

/**
 * The values oneStatementWriteOf binds for an append, in its order: the queued event's 13 columns, then
 * (with an idempotent response) its status, headers, body, the contact id, the key and the claim.
 */
export function oneStatementWriteValues(append: EventAppend): unknown[] {
  const e = queueRow(append.event);
  const values: unknown[] = [e.organization_id, e.id, e.type, e.occurred_at, e.record_type, e.record_id, e.version, e.actor_user_id, e.actor_api_key_id, e.source, e.request_id, e.changes, e.changed_attributes];
  if (append.idempotent !== null) {
    const response = append.idempotent.response(append.contact);
    values.push(response.statusCode, JSON.stringify(response.headers), response.body, append.contact.id, append.idempotent.claim.key, append.idempotent.claim.claimId);
  }
  return values;
}

/**
 * PostgreSQL, one statement for a whole write: `writes` are data-modifying WITH queries that each return a
 * row (the first returns one row exactly when the write happened, e.g. a version-guarded UPDATE); the
 * event is queued only when the first wrote, then the idempotent response follows. `values` are
 * oneStatementWriteValues' (or markers standing for them: every one is a plain bound value, so the
 * statement can be prepared once per shape). Its rows are [{id}] or [] when nothing was written.
 */
export function oneStatementWriteOf(writes: readonly OperationNodeSource[], values: readonly unknown[], idempotent: boolean): RawBuilder<{ id: string }> {
  const v = (i: number) => sql`cast(${values[i]} as text)`;
  const ctes = writes.map((w, i) => sql`${sql.id(`w${i}`)} as (${w})`);
  // Counting each later write's rows makes them run to completion first (a unique violation aborts it all).
  const after = writes.slice(1).map((_, i) => sql` and (select count(*) from ${sql.id(`w${i + 1}`)}) >= 0`);
  const parts = [
    ...ctes,
    sql`ev as (insert into contact_event_queue (organization_id, id, type, occurred_at, record_type, record_id, version, actor_user_id, actor_api_key_id, source, request_id, changes, changed_attributes)
      select ${v(0)}, ${v(1)}, ${v(2)}, ${v(3)}, ${v(4)}, ${v(5)}, cast(${values[6]} as integer),
        ${v(7)}, ${v(8)}, ${v(9)}, ${v(10)}, ${v(11)}, ${v(12)} from w0 where true${sql.join(after, sql``)} returning id)`,
  ];
  if (idempotent) {
    parts.push(sql`idem as (update idempotency_keys set state = 'completed', status_code = cast(${values[13]} as integer), response_headers = ${v(14)},
      response_body = ${v(15)}, contact_id = ${v(16)}
      where organization_id = ${v(0)} and key = ${v(17)} and claim_id = ${v(18)} and exists (select 1 from ev))`);
  }
  return sql<{ id: string }>`with ${sql.join(parts)} select id from ev`;
}

/** oneStatementWriteOf for one append, with its values. */
export function oneStatementWrite(writes: readonly OperationNodeSource[], append: EventAppend): RawBuilder<{ id: string }> {
  return oneStatementWriteOf(writes, oneStatementWriteValues(append), append.idempotent !== null);
}

/**
 * A bulk write's events (one organization, no idempotent responses), appended in trx with multi-row
 * INSERTs: SQLite takes the counter once for all of them and numbers them in order; PostgreSQL queues them
 * for the sequencer (numbered after commit, in queue order), as every write does, and NOTIFYs at commit.
 */
export async function appendManyInTransaction(trx: Kysely<Schema>, dialect: 'sqlite' | 'postgres', events: readonly PendingEvent[]): Promise<void> {
  const organizationId = events[0]?.organizationId;
  if (organizationId === undefined) return;
  if (dialect === 'sqlite') {
    const { rows } = await takeSequences(trx, organizationId, events.length);
    const first = Number(rows[0]?.last_sequence) - events.length + 1;
    for (const statement of multiRowInserts(dialect, 'contact_events', events.map((e, i) => eventRow(e, first + i)))) await trx.executeQuery(statement);
    return;
  }
  for (const statement of multiRowInserts(dialect, 'contact_event_queue', events.map(queueRow))) await trx.executeQuery(statement);
  // A bulk write may come from a process with no sequencer (`contactd import`): servers number its events
  // when this wakes them. One NOTIFY per batch of many events, not per write.
  await sql`select pg_notify(${EVENTS_CHANNEL}, ${organizationId})`.execute(trx);
}
