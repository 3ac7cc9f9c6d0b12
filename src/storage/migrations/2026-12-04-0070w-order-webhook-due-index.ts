import type { Kysely } from 'kysely';

/*
 * The workers' claim takes due pending deliveries in (next_attempt_at, event_sequence) order. The due index
 * held only (status, next_attempt_at), so every claim read, joined and sorted the whole group of deliveries
 * sharing the oldest next_attempt_at (a fan-out pass gives up to 1,000 the same time) to keep 64 of them.
 * With event_sequence in the index the claim reads in order and stops at its limit.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('webhook_deliveries_due_idx').execute();
  await db.schema.createIndex('webhook_deliveries_due_idx').on('webhook_deliveries').columns(['status', 'next_attempt_at', 'event_sequence']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('webhook_deliveries_due_idx').execute();
  await db.schema.createIndex('webhook_deliveries_due_idx').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();
}
