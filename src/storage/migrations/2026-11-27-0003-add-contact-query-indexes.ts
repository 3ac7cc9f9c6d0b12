import { sql, type Kysely } from 'kysely';

/**
 * Indexes for _query, chosen from EXPLAIN (bench/explain-contact-queries.ts): without them sorting on
 * these attributes sorts the organization's whole table for every page, and filtering by owner or stage
 * scans it. A nullable sort key is ordered as coalesce(column, '') (null smallest; text is never stored
 * empty), so its index is on that expression and serves asc and desc keyset pages at any depth.
 */
const INDEXES: ReadonlyArray<{ name: string; columns: string }> = [
  { name: 'contacts_last_name_idx', columns: `"organization_id", (coalesce("last_name", '')), "id"` },
  { name: 'contacts_display_name_idx', columns: `"organization_id", (coalesce("display_name", '')), "id"` },
  { name: 'contacts_last_activity_at_idx', columns: `"organization_id", (coalesce("last_activity_at", '')), "id"` },
  { name: 'contacts_owner_user_created_idx', columns: '"organization_id", "owner_user_id", "created_at", "id"' },
  { name: 'contacts_stage_created_idx', columns: '"organization_id", "stage", "created_at", "id"' },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const index of INDEXES) await sql.raw(`create index "${index.name}" on "contacts" (${index.columns})`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of INDEXES) await db.schema.dropIndex(index.name).execute();
}
