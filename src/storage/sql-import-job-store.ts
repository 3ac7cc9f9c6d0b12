import type { Kysely } from 'kysely';
import { AppError } from '../domain/errors.ts';
import type { ImportMatchKey } from '../domain/contact-import.ts';
import type { ClaimedImportJob, ImportCheckpoint, ImportErrorLine, ImportFormat, ImportJob, ImportJobStatus, ImportJobStore } from '../domain/import-job-store.ts';
import type { Database } from './database.ts';
import type { ImportJobRow, Schema } from './schema.ts';

type Db = Kysely<Schema>;

/** The uploaded file is stored in chunks of this size, so the runner reads it back with bounded memory. */
const CHUNK_BYTES = 1024 * 1024;
/** Error lines per INSERT: 8 columns each stays far below both dialects' parameter limits. */
const INSERT_CHUNK = 500;

function fromRow(row: ImportJobRow): ImportJob {
  return {
    organizationId: row.organization_id,
    id: row.id,
    userId: row.user_id,
    apiKeyId: row.api_key_id,
    requestId: row.request_id,
    status: row.status as ImportJobStatus,
    format: row.format as ImportFormat,
    matchKey: row.match_key as ImportMatchKey | null,
    columnMap: row.column_map,
    dryRun: Number(row.dry_run) === 1,
    ignoreUnknownColumns: Number(row.ignore_unknown_columns) === 1,
    sizeBytes: Number(row.size_bytes),
    nextLine: Number(row.next_line),
    counts: { rows: Number(row.rows), created: Number(row.created), updated: Number(row.updated), failed: Number(row.failed) },
    attempts: Number(row.attempts),
    error: row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? '' },
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/**
 * Writes a batch's checkpoint in the transaction trx (the one committing the batch's contacts, or its own for
 * a dry run): guarded by the claim token and the line the batch started from, so a runner that lost its
 * claim, or a second runner on the same batch, throws here and its whole transaction rolls back.
 */
export async function writeImportCheckpoint(trx: Db, checkpoint: ImportCheckpoint): Promise<void> {
  const { counts } = checkpoint;
  // The job writes as the key that started it: once that key is revoked, no further batch commits (its
  // transaction rolls back with this refusal), as no request with the key is honoured any more.
  const key = await trx.selectFrom('import_jobs as j')
    .innerJoin('api_keys as k', (join) => join.onRef('k.organization_id', '=', 'j.organization_id').onRef('k.id', '=', 'j.api_key_id'))
    .select('k.revoked_at').where('j.organization_id', '=', checkpoint.organizationId).where('j.id', '=', checkpoint.jobId).executeTakeFirst();
  if (key !== undefined && key.revoked_at !== null) {
    throw new AppError('unauthenticated', `the API key that started this import was revoked (${key.revoked_at}): the job stopped, and the batches committed before the revocation stay`);
  }
  const result = await trx
    .updateTable('import_jobs')
    .set({ next_line: checkpoint.nextLine, rows: counts.rows, created: counts.created, updated: counts.updated, failed: counts.failed, attempts: 0, claimed_until: checkpoint.claimedUntil })
    .where('organization_id', '=', checkpoint.organizationId)
    .where('id', '=', checkpoint.jobId)
    .where('claim_token', '=', checkpoint.claimToken)
    .where('next_line', '=', checkpoint.fromLine)
    .where('status', '=', 'running')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new Error(`import job ${checkpoint.jobId}: the claim was lost; the batch is rolled back`);
  const rows = checkpoint.errors.map((e, i) => ({
    organization_id: checkpoint.organizationId,
    job_id: checkpoint.jobId,
    line: e.line,
    // Lines of one row are numbered in order; rows never repeat (the checkpoint guard).
    detail: i - checkpoint.errors.findIndex((f) => f.line === e.line),
    column_name: e.column,
    code: e.code,
    message: e.message,
    raw: e.raw,
  }));
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await trx.insertInto('import_job_errors').values(rows.slice(i, i + INSERT_CHUNK)).execute();
}

export class SqlImportJobStore implements ImportJobStore {
  constructor(private readonly database: Database) {}

  async create(job: ImportJob, file: Buffer): Promise<void> {
    await this.database.profile.writeTransaction(async (trx) => {
      await trx.insertInto('import_jobs').values({
        organization_id: job.organizationId,
        id: job.id,
        user_id: job.userId,
        api_key_id: job.apiKeyId,
        request_id: job.requestId,
        status: job.status,
        format: job.format,
        match_key: job.matchKey,
        column_map: job.columnMap,
        dry_run: job.dryRun ? 1 : 0,
        ignore_unknown_columns: job.ignoreUnknownColumns ? 1 : 0,
        size_bytes: job.sizeBytes,
        next_line: 0,
        rows: 0,
        created: 0,
        updated: 0,
        failed: 0,
        attempts: 0,
        error_code: null,
        error_message: null,
        claim_token: null,
        claimed_until: null,
        created_at: job.createdAt,
        started_at: null,
        finished_at: null,
      }).execute();
      for (let at = 0, seq = 0; at < file.length; at += CHUNK_BYTES, seq += 1) {
        await trx.insertInto('import_job_chunks').values({ organization_id: job.organizationId, job_id: job.id, seq, data: file.subarray(at, at + CHUNK_BYTES) }).execute();
      }
    });
  }

  async find(organizationId: string, id: string): Promise<ImportJob | null> {
    const row = await this.database.db.selectFrom('import_jobs').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
    return row === undefined ? null : fromRow(row);
  }

  async *chunks(organizationId: string, id: string): AsyncIterable<Buffer> {
    for (let seq = 0; ; seq += 1) {
      const row = await this.database.db.selectFrom('import_job_chunks').select('data').where('organization_id', '=', organizationId).where('job_id', '=', id).where('seq', '=', seq).executeTakeFirst();
      if (row === undefined) return;
      yield Buffer.from(row.data);
    }
  }

  async errorLines(organizationId: string, id: string, batchSize: number, onBatch: (lines: ImportErrorLine[]) => Promise<void>): Promise<void> {
    let after: { line: number; detail: number } | null = null;
    for (;;) {
      let query = this.database.db
        .selectFrom('import_job_errors')
        .select(['line', 'detail', 'column_name', 'code', 'message', 'raw'])
        .where('organization_id', '=', organizationId)
        .where('job_id', '=', id);
      if (after !== null) {
        const { line, detail } = after;
        query = query.where((eb) => eb.or([eb('line', '>', line), eb.and([eb('line', '=', line), eb('detail', '>', detail)])]));
      }
      const rows = await query.orderBy('line').orderBy('detail').limit(batchSize).execute();
      if (rows.length === 0) return;
      await onBatch(rows.map((r) => ({ line: Number(r.line), column: r.column_name, code: r.code, message: r.message, raw: r.raw })));
      const last = rows[rows.length - 1] as (typeof rows)[number];
      after = { line: Number(last.line), detail: Number(last.detail) };
      if (rows.length < batchSize) return;
    }
  }

  async claimNext(now: string, claimedUntil: string, claimToken: string): Promise<ClaimedImportJob | null> {
    const db = this.database.db;
    // Another process may take the candidate between the look and the guarded update: look again.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const candidate = await db
        .selectFrom('import_jobs')
        .select(['organization_id', 'id'])
        .where('status', 'in', ['queued', 'running'])
        .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)])).orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
      if (candidate === undefined) return null;
      const claimed = await this.database.profile.writeTransaction(async (trx) => {
        const result = await trx
          .updateTable('import_jobs')
          .set((eb) => ({ status: 'running', claim_token: claimToken, claimed_until: claimedUntil, attempts: eb('attempts', '+', 1), started_at: eb.fn.coalesce('started_at', eb.val(now)) }))
          .where('organization_id', '=', candidate.organization_id)
          .where('id', '=', candidate.id)
          .where('status', 'in', ['queued', 'running'])
          .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) return null;
        return trx.selectFrom('import_jobs').selectAll().where('organization_id', '=', candidate.organization_id).where('id', '=', candidate.id).executeTakeFirstOrThrow();
      });
      if (claimed !== null) return { job: fromRow(claimed), claimToken };
    }
    return null;
  }

  async renew(claim: ClaimedImportJob, claimedUntil: string): Promise<boolean> {
    const result = await this.database.db
      .updateTable('import_jobs')
      .set({ claimed_until: claimedUntil })
      .where('organization_id', '=', claim.job.organizationId)
      .where('id', '=', claim.job.id)
      .where('claim_token', '=', claim.claimToken)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async checkpoint(checkpoint: ImportCheckpoint): Promise<void> {
    await this.database.profile.writeTransaction((trx) => writeImportCheckpoint(trx, checkpoint));
  }

  async restartDryRun(claim: ClaimedImportJob): Promise<void> {
    const { organizationId, id } = claim.job;
    await this.database.profile.writeTransaction(async (trx) => {
      const result = await trx
        .updateTable('import_jobs')
        .set({ next_line: 0, rows: 0, created: 0, updated: 0, failed: 0 })
        .where('organization_id', '=', organizationId)
        .where('id', '=', id)
        .where('claim_token', '=', claim.claimToken)
        .where('dry_run', '=', 1)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw new Error(`import job ${id}: the claim was lost before the dry run started over`);
      await trx.deleteFrom('import_job_errors').where('organization_id', '=', organizationId).where('job_id', '=', id).execute();
    });
  }

  async release(claim: ClaimedImportJob): Promise<void> {
    await this.database.db
      .updateTable('import_jobs')
      .set({ claimed_until: null, claim_token: null })
      .where('organization_id', '=', claim.job.organizationId)
      .where('id', '=', claim.job.id)
      .where('claim_token', '=', claim.claimToken)
      .execute();
  }

  async finish(claim: ClaimedImportJob, status: 'completed' | 'failed', at: string, error: { code: string; message: string } | null): Promise<boolean> {
    const { organizationId, id } = claim.job;
    return this.database.profile.writeTransaction(async (trx) => {
      const result = await trx
        .updateTable('import_jobs')
        .set({ status, finished_at: at, error_code: error?.code ?? null, error_message: error?.message ?? null, claim_token: null, claimed_until: null })
        .where('organization_id', '=', organizationId)
        .where('id', '=', id)
        .where('claim_token', '=', claim.claimToken)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      // The file is not needed any more; the job and its error report stay.
      await trx.deleteFrom('import_job_chunks').where('organization_id', '=', organizationId).where('job_id', '=', id).execute();
      return true;
    });
  }
}
