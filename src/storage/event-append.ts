import { sql, type Kysely, type OperationNodeSource, type RawBuilder } from 'kysely';
import type { PendingEvent } from '../domain/contact-events.ts';
import type { IdempotentWrite } from '../domain/contact-store.ts';
import type { Contact } from '../domain/contact.ts';
import type { ContactEventRow, Schema } from './schema.ts';

/** The channel every contactd process LISTENs on (PostgreSQL); the payload is the organization id. */
export const EVENTS_CHANNEL = 'contactd_events';

/** One write's event and, when the request carries a key, its idempotent response (rendered from contact). */
export interface EventAppend {
  event: PendingEvent;
  contact: Contact;
  idempotent: IdempotentWrite | null;
}

export function eventRow(event: PendingEvent, sequence: number): ContactEventRow {
  return {
    organization_id: event.organizationId,
    sequence,
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

/**
 * Takes n sequence numbers of the organization's counter row. It must be the last lock a write takes: the
 * row lock is held to commit, so an organization's writes commit one after another in sequence order and a
 * reader that saw N never later meets a smaller number. Taking it last keeps that window short and makes
 * every write lock contacts before the counter, so two writes never wait on each other in a cycle.
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

/**
 * Appends the events of writes already made in trx (one organization), with their idempotent responses, as
 * the transaction's last statements. Returns the first sequence. On PostgreSQL the NOTIFY goes out at commit.
 */
export async function appendInTransaction(trx: Kysely<Schema>, dialect: 'sqlite' | 'postgres', appends: readonly EventAppend[]): Promise<number> {
  const organizationId = (appends[0] as EventAppend).event.organizationId;
  const { rows } = await takeSequences(trx, organizationId, appends.length);
  const first = Number(rows[0]?.last_sequence) - appends.length + 1;
  await trx.insertInto('contact_events').values(appends.map((a, i) => eventRow(a.event, first + i))).execute();
  for (const a of appends) if (a.idempotent !== null) await completeIdempotent(trx, organizationId, a.idempotent, a.contact);
  if (dialect === 'postgres') await sql`select pg_notify(${EVENTS_CHANNEL}, ${organizationId})`.execute(trx);
  return first;
}

/**
 * PostgreSQL, one statement for a whole write: `writes` are data-modifying WITH queries that each return a
 * row (the first returns one row exactly when the write happened, e.g. a version-guarded UPDATE); the
 * counter is taken only after all of them ran and only when the first wrote, then the event, the idempotent
 * response and the NOTIFY follow. Returns the statement; its rows are [{sequence}] or [] when nothing was written.
 */
export function oneStatementWrite(writes: readonly OperationNodeSource[], append: EventAppend): RawBuilder<{ sequence: number | string }> {
  const e = eventRow(append.event, 0);
  const org = e.organization_id;
  const ctes = writes.map((w, i) => sql`${sql.id(`w${i}`)} as (${w})`);
  // Counting each later write's rows makes them run to completion before the counter is taken.
  const after = writes.slice(1).map((_, i) => sql` and (select count(*) from ${sql.id(`w${i + 1}`)}) >= 0`);
  const text = (v: string | null) => sql`cast(${v} as text)`;
  const parts = [
    ...ctes,
    sql`seq as (insert into event_sequences (organization_id, last_sequence) select ${text(org)}, 1 from w0 where true${sql.join(after, sql``)}
      on conflict (organization_id) do update set last_sequence = event_sequences.last_sequence + 1 returning last_sequence)`,
    sql`ev as (insert into contact_events (organization_id, sequence, id, type, occurred_at, record_type, record_id, version, actor_user_id, actor_api_key_id, source, request_id, changes, changed_attributes)
      select ${text(org)}, last_sequence, ${text(e.id)}, ${text(e.type)}, ${text(e.occurred_at)}, ${text(e.record_type)}, ${text(e.record_id)}, cast(${e.version} as integer),
        ${text(e.actor_user_id)}, ${text(e.actor_api_key_id)}, ${text(e.source)}, ${text(e.request_id)}, ${text(e.changes)}, ${text(e.changed_attributes)} from seq returning sequence)`,
  ];
  if (append.idempotent !== null) {
    const response = append.idempotent.response(append.contact);
    parts.push(sql`idem as (update idempotency_keys set state = 'completed', status_code = cast(${response.statusCode} as integer), response_headers = ${text(JSON.stringify(response.headers))},
      response_body = ${text(response.body)}, contact_id = ${text(append.contact.id)}
      where organization_id = ${text(org)} and key = ${text(append.idempotent.claim.key)} and claim_id = ${text(append.idempotent.claim.claimId)} and exists (select 1 from ev))`);
  }
  return sql<{ sequence: number | string }>`with ${sql.join(parts)} select sequence, pg_notify(${EVENTS_CHANNEL}, ${text(org)}) from ev`;
}
