import { sql, type SqlBool } from 'kysely';
import type { ContactEvent, EventSource, EventType } from '../domain/contact-events.ts';
import type { EventStore, FeedFilter } from '../domain/event-store.ts';
import type { Database } from './database.ts';
import { likePattern } from './contact-query.ts';
import type { ContactEventRow } from './schema.ts';
import { EventSequencer } from './event-sequencer.ts';

/** Events deleted per statement by retention, so a large backlog never holds a long lock. */
const RETENTION_BATCH = 1000;

export function fromEventRow(row: ContactEventRow): ContactEvent {
  return {
    id: row.id,
    organizationId: row.organization_id,
    sequence: Number(row.sequence),
    type: row.type as EventType,
    occurredAt: row.occurred_at,
    recordType: 'contact',
    recordId: row.record_id,
    version: Number(row.version),
    actor: { userId: row.actor_user_id, apiKeyId: row.actor_api_key_id, requestId: row.request_id, source: row.source as EventSource },
    changesJson: row.changes,
    changedAttributes: row.changed_attributes === '' ? [] : row.changed_attributes.slice(1, -1).split(','),
  };
}

/** The change log's reads and retention; its writes go with the contact writes (event-append.ts). */
export class SqlEventStore implements EventStore {
  constructor(private readonly database: Database, private readonly sequencer: EventSequencer = new EventSequencer(database)) {}

  async after(organizationId: string, afterSequence: number, filter: FeedFilter, limit: number, through: number | null = null): Promise<ContactEvent[]> {
    // Pages by the primary key (organization_id, sequence), or the record index with record_id: never OFFSET.
    let query = this.database.db.selectFrom('contact_events').selectAll().where('organization_id', '=', organizationId).where('sequence', '>', afterSequence);
    if (through !== null) query = query.where('sequence', '<=', through);
    if (filter.recordId !== null) query = query.where('record_id', '=', filter.recordId);
    if (filter.types !== null) query = query.where('type', 'in', filter.types);
    const rows = await query.orderBy('sequence').limit(limit).execute();
    return rows.map(fromEventRow);
  }

  async bounds(organizationId: string): Promise<{ lastSequence: number; purgedThrough: number }> {
    // Read-after-write: whatever committed before this read is numbered first (PostgreSQL).
    await this.sequencer.flush(organizationId);
    const row = await this.database.db.selectFrom('event_sequences').select(['last_sequence', 'purged_through']).where('organization_id', '=', organizationId).executeTakeFirst();
    return { lastSequence: Number(row?.last_sequence ?? 0), purgedThrough: Number(row?.purged_through ?? 0) };
  }

  /**
   * When the oldest committed event not yet in the feed occurred (PostgreSQL's queue, in queue order; SQLite
   * numbers events in the write, so never), or null when the feed is caught up. Across organizations.
   */
  async oldestQueued(): Promise<string | null> {
    if (this.database.profile.name !== 'postgres') return null;
    const row = await this.database.db.selectFrom('contact_event_queue').select('occurred_at').orderBy('queue_id').limit(1).executeTakeFirst();
    return row?.occurred_at ?? null;
  }

  async purgedThrough(organizationId: string): Promise<number> {
    const row = await this.database.db.selectFrom('event_sequences').select('purged_through').where('organization_id', '=', organizationId).executeTakeFirst();
    return Number(row?.purged_through ?? 0);
  }

  async history(organizationId: string, recordId: string, attribute: string | null, beforeSequence: number | null, limit: number): Promise<ContactEvent[]> {
    await this.sequencer.flush(organizationId);
    let query = this.database.db.selectFrom('contact_events').selectAll().where('organization_id', '=', organizationId).where('record_id', '=', recordId);
    if (beforeSequence !== null) query = query.where('sequence', '<', beforeSequence);
    // The delimited list matches the name exactly once LIKE's wildcards in it (`_` in most names) are escaped.
    if (attribute !== null) query = query.where(sql<SqlBool>`changed_attributes like ${likePattern('contains', `,${attribute},`)} escape '\\'`);
    const rows = await query.orderBy('sequence', 'desc').limit(limit).execute();
    return rows.map(fromEventRow);
  }

  /**
   * Deletes, oldest first, the events that occurred before cutoff, in batches along the primary key (no
   * index on time needed: sequence order is commit order), and records how far it got so older cursors
   * answer cursor_expired.
   */
  async purgeOlderThan(cutoffIso: string): Promise<number> {
    const { db, profile } = this.database;
    const orgs = await db.selectFrom('event_sequences').select('organization_id').execute();
    let purged = 0;
    for (const { organization_id } of orgs) {
      for (;;) {
        const oldest = await db.selectFrom('contact_events').select(['sequence', 'occurred_at']).where('organization_id', '=', organization_id).orderBy('sequence').limit(RETENTION_BATCH).execute();
        const expired = oldest.findIndex((e) => e.occurred_at >= cutoffIso);
        const count = expired === -1 ? oldest.length : expired;
        if (count === 0) break;
        const through = Number((oldest[count - 1] as { sequence: number | string }).sequence);
        await profile.writeTransaction(async (trx) => {
          await trx.deleteFrom('contact_events').where('organization_id', '=', organization_id).where('sequence', '<=', through).execute();
          await trx.updateTable('event_sequences').set({ purged_through: through }).where('organization_id', '=', organization_id).where('purged_through', '<', through).execute();
        });
        purged += count;
        if (count < RETENTION_BATCH) break;
      }
      await this.pruneDeliveries(organization_id, cutoffIso);
    }
    return purged;
  }

  /**
   * The webhook deliveries log keeps as long as the change log: delivered and failed deliveries made before
   * the cutoff go (their events are gone, so they could not be retried or replayed anyway); pending ones stay
   * for the sender to finish. Along the primary key: delivery ids are UUIDv7, so those made before the cutoff
   * sort before the smallest id of its millisecond. A delivery whose answer a disabled subscription's
   * disabled_reason quotes stays while the reason does: a purge of its contact finds the quote through it.
   */
  private async pruneDeliveries(organizationId: string, cutoffIso: string): Promise<void> {
    const { db, profile } = this.database;
    const boundary = uuidv7Floor(Date.parse(cutoffIso));
    const position = profile.name === 'postgres' ? 'strpos' : 'instr';
    for (;;) {
      const doomed = db.selectFrom('webhook_deliveries as d').select('d.id').where('d.organization_id', '=', organizationId).where('d.id', '<', boundary)
        .where('d.status', '<>', 'pending')
        .where((eb) => eb.not(eb.exists(eb.selectFrom('webhook_subscriptions as s').select(sql.lit(1).as('one'))
          .whereRef('s.organization_id', '=', 'd.organization_id').whereRef('s.id', '=', 'd.subscription_id')
          .where('d.last_error', 'is not', null).where(sql<number>`${sql.raw(position)}(${sql.ref('s.disabled_reason')}, ${sql.ref('d.last_error')})`, '>', 0))))
        .orderBy('d.id').limit(RETENTION_BATCH);
      const result = await db.deleteFrom('webhook_deliveries').where('organization_id', '=', organizationId).where('id', 'in', doomed).executeTakeFirst();
      if (Number(result.numDeletedRows) < RETENTION_BATCH) return;
    }
  }
}

/** The smallest UUIDv7 (as text) of a millisecond: every id made before it sorts below. */
export function uuidv7Floor(ms: number): string {
  const hex = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7000-8000-000000000000`;
}
