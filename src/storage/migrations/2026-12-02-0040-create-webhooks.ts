import type { Kysely } from 'kysely';
import { textType } from './column-types.ts';

/**
 * Webhook subscriptions and their deliveries. A subscription carries its own cursor over the
 * organization's event sequence (fan-out turns each event after it into a delivery row); a delivery is
 * claimed by one process at a time through claimed_until (a lease: a crashed process's claim runs out).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const text = textType(db);
  await db.schema
    .createTable('webhook_subscriptions')
    .addColumn('organization_id', text, (c) => c.notNull().references('organizations.organization_id'))
    .addColumn('id', text, (c) => c.notNull())
    .addColumn('url', text, (c) => c.notNull())
    // JSON arrays; null is every event type / any attribute.
    .addColumn('event_types', text)
    .addColumn('attributes', text)
    .addColumn('description', text)
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('disabled_reason', text)
    .addColumn('secret', text, (c) => c.notNull())
    // After a rotation the old secret signs too (a second signature) until previous_secret_expires_at.
    .addColumn('previous_secret', text)
    .addColumn('previous_secret_expires_at', text)
    // Every event with a sequence up to this one has been fanned out into deliveries (or filtered out).
    .addColumn('cursor_sequence', 'bigint', (c) => c.notNull())
    // The first failed attempt since the last delivered one: the clock of automatic disabling.
    .addColumn('failing_since', text)
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('updated_at', text, (c) => c.notNull())
    .addPrimaryKeyConstraint('webhook_subscriptions_pk', ['organization_id', 'id'])
    .execute();
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('organization_id', text, (c) => c.notNull())
    .addColumn('id', text, (c) => c.notNull())
    .addColumn('subscription_id', text, (c) => c.notNull())
    .addColumn('event_id', text, (c) => c.notNull())
    // The event's sequence and contact: one contact's deliveries go out in sequence order. Null for a test ping.
    .addColumn('event_sequence', 'bigint')
    .addColumn('record_id', text)
    // Only a test ping stores its body; an event's body is rendered from the change log at each attempt,
    // so a purge's scrubbing reaches deliveries not yet made.
    .addColumn('payload', text)
    .addColumn('status', text, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', text)
    .addColumn('last_attempt_at', text)
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', text)
    .addColumn('claimed_until', text)
    .addColumn('claim_token', text)
    .addColumn('created_at', text, (c) => c.notNull())
    .addPrimaryKeyConstraint('webhook_deliveries_pk', ['organization_id', 'id'])
    .execute();
  // The deliveries log (newest first per subscription) and the per-contact ordering check.
  await db.schema.createIndex('webhook_deliveries_subscription_idx').on('webhook_deliveries').columns(['organization_id', 'subscription_id', 'id']).execute();
  await db.schema.createIndex('webhook_deliveries_order_idx').on('webhook_deliveries').columns(['organization_id', 'subscription_id', 'record_id', 'event_sequence']).execute();
  // The workers' claim scans due pending deliveries across organizations (like retention, a whole-server job).
  await db.schema.createIndex('webhook_deliveries_due_idx').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('webhook_deliveries').execute();
  await db.schema.dropTable('webhook_subscriptions').execute();
}
