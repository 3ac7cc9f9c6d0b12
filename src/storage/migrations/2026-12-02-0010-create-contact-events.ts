import { sql, type Kysely } from 'kysely';
import { isPostgres, textType } from './column-types.ts';

/**
 * The change log: one row per successful write, numbered per organization by a counter row. SQLite takes
 * the number in the write's transaction (writers are serial there anyway); PostgreSQL writes the event
 * into contact_event_queue with the write and a sequencer numbers committed queue rows in batches, so an
 * organization's writes never wait on each other's commits (see docs/events.md).
 * Stored idempotent responses remember the contact they carry, so a purge can drop them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const text = textType(db);
  await db.schema
    .createTable('contact_events')
    .addColumn('organization_id', text, (c) => c.notNull().references('organizations.organization_id'))
    .addColumn('sequence', 'bigint', (c) => c.notNull())
    .addColumn('id', text, (c) => c.notNull())
    .addColumn('type', text, (c) => c.notNull())
    .addColumn('occurred_at', text, (c) => c.notNull())
    .addColumn('record_type', text, (c) => c.notNull())
    .addColumn('record_id', text, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('actor_user_id', text)
    .addColumn('actor_api_key_id', text)
    .addColumn('source', text, (c) => c.notNull())
    .addColumn('request_id', text)
    // The changes as rendered JSON, and their attribute names as ",a,b," for history's attribute= filter.
    .addColumn('changes', text, (c) => c.notNull())
    .addColumn('changed_attributes', text, (c) => c.notNull())
    .addPrimaryKeyConstraint('contact_events_pk', ['organization_id', 'sequence'])
    .execute();
  await db.schema.createIndex('contact_events_record_idx').on('contact_events').columns(['organization_id', 'record_id', 'sequence']).execute();
  await db.schema
    .createTable('event_sequences')
    .addColumn('organization_id', text, (c) => c.notNull().primaryKey().references('organizations.organization_id'))
    .addColumn('last_sequence', 'bigint', (c) => c.notNull())
    // Retention has deleted every event up to and including this sequence: older cursors are expired.
    .addColumn('purged_through', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  if (isPostgres(db)) {
    await sql`create table contact_event_queue (
      organization_id text collate "C" not null references organizations (organization_id),
      queue_id bigserial not null,
      id text collate "C" not null, type text collate "C" not null, occurred_at text collate "C" not null,
      record_type text collate "C" not null, record_id text collate "C" not null, version integer not null,
      actor_user_id text collate "C", actor_api_key_id text collate "C", source text collate "C" not null,
      request_id text collate "C", changes text collate "C" not null, changed_attributes text collate "C" not null,
      primary key (organization_id, queue_id))`.execute(db);
    await sql`insert into event_sequences (organization_id, last_sequence) select organization_id, 0 from organizations`.execute(db);
  }
  await db.schema.alterTable('idempotency_keys').addColumn('contact_id', text).execute();
  await db.schema.createIndex('idempotency_keys_contact_idx').on('idempotency_keys').columns(['organization_id', 'contact_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('idempotency_keys_contact_idx').execute();
  await db.schema.alterTable('idempotency_keys').dropColumn('contact_id').execute();
  if (isPostgres(db)) await db.schema.dropTable('contact_event_queue').execute();
  await db.schema.dropTable('event_sequences').execute();
  await db.schema.dropTable('contact_events').execute();
}
