import type { Kysely } from 'kysely';
import { isPostgres, textType } from './column-types.ts';

/**
 * Import jobs (POST /api/v2/contact/_import): the job, its uploaded file in chunks, and its error report.
 * The job row carries the line to resume from and the counts, written in the transaction that commits each
 * batch's contacts (so a restart resumes exactly after the last committed batch), and a claim that is a
 * lease (claimed_until) with a token, like webhook deliveries: a crashed process's claim runs out.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const text = textType(db);
  await db.schema
    .createTable('import_jobs')
    .addColumn('organization_id', text, (c) => c.notNull().references('organizations.organization_id'))
    .addColumn('id', text, (c) => c.notNull())
    // Who started it: the job writes as this user and key, with source CSV_IMPORT.
    .addColumn('user_id', text, (c) => c.notNull())
    .addColumn('api_key_id', text)
    .addColumn('request_id', text)
    .addColumn('status', text, (c) => c.notNull())
    .addColumn('format', text, (c) => c.notNull())
    .addColumn('match_key', text)
    .addColumn('column_map', text)
    .addColumn('dry_run', 'integer', (c) => c.notNull())
    .addColumn('ignore_unknown_columns', 'integer', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    // Input lines before this one are done (committed, or reported as errors); 0 before the first batch.
    .addColumn('next_line', 'bigint', (c) => c.notNull())
    .addColumn('rows', 'bigint', (c) => c.notNull())
    .addColumn('created', 'bigint', (c) => c.notNull())
    .addColumn('updated', 'bigint', (c) => c.notNull())
    .addColumn('failed', 'bigint', (c) => c.notNull())
    // Claims since the last committed batch: a job that keeps dying without progress is failed, not retried forever.
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('error_code', text)
    .addColumn('error_message', text)
    .addColumn('claim_token', text)
    .addColumn('claimed_until', text)
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('started_at', text)
    .addColumn('finished_at', text)
    .addPrimaryKeyConstraint('import_jobs_pk', ['organization_id', 'id'])
    .execute();
  // The runners claim the oldest unclaimed job of every organization (a whole-server job, like webhook delivery).
  await db.schema.createIndex('import_jobs_claim_idx').on('import_jobs').columns(['status', 'created_at']).execute();
  await db.schema
    .createTable('import_job_chunks')
    .addColumn('organization_id', text, (c) => c.notNull())
    .addColumn('job_id', text, (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data', isPostgres(db) ? 'bytea' : 'blob', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_job_chunks_pk', ['organization_id', 'job_id', 'seq'])
    .execute();
  await db.schema
    .createTable('import_job_errors')
    .addColumn('organization_id', text, (c) => c.notNull())
    .addColumn('job_id', text, (c) => c.notNull())
    .addColumn('line', 'bigint', (c) => c.notNull())
    // A row with several problems has one report line per problem, in order.
    .addColumn('detail', 'integer', (c) => c.notNull())
    .addColumn('column_name', text, (c) => c.notNull())
    .addColumn('code', text, (c) => c.notNull())
    .addColumn('message', text, (c) => c.notNull())
    .addColumn('raw', text, (c) => c.notNull())
    .addPrimaryKeyConstraint('import_job_errors_pk', ['organization_id', 'job_id', 'line', 'detail'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('import_job_errors').execute();
  await db.schema.dropTable('import_job_chunks').execute();
  await db.schema.dropTable('import_jobs').execute();
}
