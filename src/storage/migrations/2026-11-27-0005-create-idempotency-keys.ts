import type { Kysely } from 'kysely';
import { textType } from './column-types.ts';

/** Stored responses for Idempotency-Key retries; the primary key decides which of two racing requests runs. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const text = textType(db);
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('organization_id', text, (c) => c.notNull().references('organizations.organization_id'))
    .addColumn('key', text, (c) => c.notNull())
    .addColumn('fingerprint', text, (c) => c.notNull())
    .addColumn('state', text, (c) => c.notNull())
    .addColumn('claim_id', text, (c) => c.notNull())
    .addColumn('claimed_at', text, (c) => c.notNull())
    .addColumn('expires_at', text, (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('response_headers', text)
    .addColumn('response_body', text)
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['organization_id', 'key'])
    .execute();
  // The purge deletes per organization by expiry.
  await db.schema.createIndex('idempotency_keys_expires_at_idx').on('idempotency_keys').columns(['organization_id', 'expires_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('idempotency_keys').execute();
}
