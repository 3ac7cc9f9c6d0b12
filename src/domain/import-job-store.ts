import type { ImportMatchKey } from './contact-import.ts';

export type ImportJobStatus = 'queued' | 'running' | 'completed' | 'failed';
export type ImportFormat = 'csv' | 'ndjson';

export interface ImportCounts { rows: number; created: number; updated: number; failed: number }

/** An import job as stored (POST /api/v2/contact/_import). */
export interface ImportJob {
  organizationId: string;
  id: string;
  userId: string;
  apiKeyId: string | null;
  requestId: string | null;
  status: ImportJobStatus;
  format: ImportFormat;
  matchKey: ImportMatchKey | null;
  /** The `map` option as given ("Column=api_name,..."), or null. */
  columnMap: string | null;
  dryRun: boolean;
  ignoreUnknownColumns: boolean;
  sizeBytes: number;
  /** Input lines before this one are done; 0 before the first batch. */
  nextLine: number;
  counts: ImportCounts;
  attempts: number;
  error: { code: string; message: string } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** One line of the error report: one problem of one input row. */
export interface ImportErrorLine { line: number; column: string; code: string; message: string; raw: string }

/** A job held by one runner: its token must still hold the claim for anything it writes to land. */
export interface ClaimedImportJob { job: ImportJob; claimToken: string }

/**
 * What commits with one batch of an import, in the batch's own transaction: the line to resume from, the
 * counts after the batch and its error lines. Guarded by the claim token and the line the batch started
 * from, so a runner that lost its claim commits nothing (the batch rolls back with it).
 */
export interface ImportCheckpoint {
  organizationId: string;
  jobId: string;
  claimToken: string;
  fromLine: number;
  nextLine: number;
  counts: ImportCounts;
  errors: ImportErrorLine[];
  /** The claim is renewed to this time by every checkpoint. */
  claimedUntil: string;
}

/** The port storage implements for import jobs. */
export interface ImportJobStore {
  /** Stores the job (status queued) and its uploaded file in one transaction. */
  create(job: ImportJob, file: Buffer): Promise<void>;
  find(organizationId: string, id: string): Promise<ImportJob | null>;
  /** The uploaded file, one stored chunk at a time (bounded memory). */
  chunks(organizationId: string, id: string): AsyncIterable<Buffer>;
  /** The error report in line order, batchSize lines at a time. */
  errorLines(organizationId: string, id: string, batchSize: number, onBatch: (lines: ImportErrorLine[]) => Promise<void>): Promise<void>;
  /** Claims the oldest queued job, or a running one whose claim ran out (its process died); null when none. */
  claimNext(now: string, claimedUntil: string, claimToken: string): Promise<ClaimedImportJob | null>;
  /** Extends the claim; false when it is no longer ours. */
  renew(claim: ClaimedImportJob, claimedUntil: string): Promise<boolean>;
  /** A checkpoint in its own transaction (a dry run commits no contacts with it). Throws when the claim is lost. */
  checkpoint(checkpoint: ImportCheckpoint): Promise<void>;
  /**
   * A dry run resumed after a restart starts over: its counts, error report and line back to the start (a
   * dry run wrote nothing, and what its earlier batches would have created is not remembered across a
   * restart). Throws when the claim is lost.
   */
  restartDryRun(claim: ClaimedImportJob): Promise<void>;
  /** Gives the claim back (a graceful stop): the job stays running and the next claim resumes it. */
  release(claim: ClaimedImportJob): Promise<void>;
  /** Ends the job (completed, or failed with an error) and deletes its uploaded file; false when the claim was lost. */
  finish(claim: ClaimedImportJob, status: 'completed' | 'failed', at: string, error: { code: string; message: string } | null): Promise<boolean>;
}
