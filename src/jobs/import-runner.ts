import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { parseColumnMap } from '../domain/contact-import.ts';
import { DryRunMemory, type Actor, type Contacts, type ImportOutcome } from '../domain/contacts.ts';
import { AppError } from '../domain/errors.ts';
import type { ClaimedImportJob, ImportCheckpoint, ImportCounts, ImportErrorLine, ImportJobStore } from '../domain/import-job-store.ts';
import { readImportRows, reportedLine, tallyBatch, type ImportRow } from '../domain/import-reader.ts';

/** How often an idle runner looks for a job (a job created in this process is started at once). */
export const IMPORT_POLL_INTERVAL_MS = 500;
/** A job claimed this many times without committing a batch is failed instead of retried forever. */
export const MAX_IMPORT_ATTEMPTS = 5;

export interface ImportRunner {
  /** Looks for a job now (called when this process stores one). */
  poke(): void;
  /** Resolves when no job is being run. */
  idle(): Promise<void>;
  /** Stops after the batch in flight commits, gives the claim back; resolves when done. */
  stop(): Promise<void>;
}

export interface ImportRunnerOptions {
  store: ImportJobStore;
  contacts: Contacts;
  batchRows: number;
  claimMs: number;
  now?: () => number;
  pollIntervalMs?: number;
  onError?: (error: unknown) => void;
}

class StopRequested extends Error {}

/**
 * The import job runner (POST /api/v2/contact/_import), the one background job of server-side imports.
 * - Starts: main.ts starts it in every `contactd serve` process (unless IMPORT_WORKER=false), and
 *   `contactd worker` runs it too. Several processes on one database share the jobs; each runs one job at a time.
 * - Claims: the oldest queued job, or a running one whose claim ran out, with a token and a lease
 *   (claimed_until = now + IMPORT_CLAIM_MS), renewed by every committed batch and by a timer meanwhile.
 * - Work: it reads the stored file through the same reader as `contactd import` (src/domain/import-reader.ts),
 *   skipping lines before the job's next_line, and writes IMPORT_BATCH_ROWS rows per transaction through
 *   Contacts.importRows (every change an event with source CSV_IMPORT). The batch's checkpoint (next_line,
 *   counts, its error lines) commits in that same transaction, guarded by the token and the line the batch
 *   started from: a batch is either fully in (contacts, events, progress, errors) or not at all.
 * - Stops: on SIGTERM the server's close() calls stop(): the batch in flight commits, the claim is given back,
 *   and the next start (or another process) resumes at once.
 * - After a crash: the dead process's claim runs out after IMPORT_CLAIM_MS; the job is claimed again and resumes
 *   after its last committed batch, so no row is written twice. A job claimed MAX_IMPORT_ATTEMPTS times without
 *   committing a batch is failed (internal_error) rather than retried forever.
 */
export function startImportRunner(options: ImportRunnerOptions): ImportRunner {
  const { store, contacts } = options;
  const now = options.now ?? Date.now;
  const pollMs = options.pollIntervalMs ?? IMPORT_POLL_INTERVAL_MS;
  const onError = options.onError ?? (() => undefined);
  const iso = (offsetMs = 0) => new Date(now() + offsetMs).toISOString();
  let stopping = false;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let again = false;

  const runJob = async (claim: ClaimedImportJob): Promise<void> => {
    const { job, claimToken } = claim;
    if (job.attempts > MAX_IMPORT_ATTEMPTS) {
      await store.finish(claim, 'failed', iso(), { code: 'internal_error', message: `the job was interrupted ${MAX_IMPORT_ATTEMPTS} times without progress` });
      return;
    }
    const actor: Actor = { organizationId: job.organizationId, userId: job.userId, apiKeyId: job.apiKeyId, requestId: job.requestId, source: 'CSV_IMPORT' };
    // A dry run remembers what its earlier batches would have created (DryRunMemory), in this process only:
    // one resumed after a restart starts over, so that its counts and report answer as the real import would.
    if (job.dryRun && job.nextLine > 0) {
      await store.restartDryRun(claim);
      Object.assign(job, { nextLine: 0, counts: { rows: 0, created: 0, updated: 0, failed: 0 } });
    }
    const counts: ImportCounts = { ...job.counts };
    let fromLine = job.nextLine;
    let rows: ImportRow[] = [];
    let errors: ImportErrorLine[] = [];
    let lastLine = 0;
    let pendingItems = 0;
    const dryRun = job.dryRun ? new DryRunMemory() : null;
    // A batch can take a while; the claim must not run out under it.
    let lost = false;
    const heartbeat = setInterval(() => {
      store.renew(claim, iso(options.claimMs)).then((ok) => { if (!ok) lost = true; }, onError);
    }, Math.max(250, Math.floor(options.claimMs / 3)));
    heartbeat.unref();

    const flush = async () => {
      if (pendingItems === 0) return;
      const batch = rows;
      const batchErrors = errors;
      const nextLine = lastLine + 1;
      rows = [];
      errors = [];
      pendingItems = 0;
      const checkpointFor = (outcomes: ImportOutcome[]): ImportCheckpoint => {
        const { counts: after, lines } = tallyBatch(counts, batchErrors, batch, outcomes);
        return { organizationId: job.organizationId, jobId: job.id, claimToken, fromLine, nextLine, counts: after, errors: lines.map(reportedLine), claimedUntil: iso(options.claimMs) };
      };
      let checkpoint: ImportCheckpoint | null = null;
      const record = (outcomes: ImportOutcome[]) => (checkpoint = checkpointFor(outcomes));
      if (job.dryRun) {
        await store.checkpoint(record(batch.length === 0 ? [] : await contacts.importRows(actor, batch, dryRun)));
      } else {
        await contacts.importRows(actor, batch, null, record);
      }
      const done = checkpoint as ImportCheckpoint | null;
      if (done === null) throw new Error('the import batch committed no checkpoint');
      Object.assign(counts, done.counts);
      fromLine = nextLine;
    };

    try {
      const { attributes: catalog } = await contacts.catalog(job.organizationId);
      const input = Readable.from(store.chunks(job.organizationId, job.id));
      const items = readImportRows(input, {
        format: job.format,
        map: parseColumnMap(job.columnMap ?? undefined),
        catalog,
        matchKey: job.matchKey ?? undefined,
        ignoreUnknownColumns: job.ignoreUnknownColumns,
        resumeFrom: job.nextLine,
        unknownColumnsHint: 'map them with the map query parameter or pass ignore_unknown_columns=true',
      });
      for await (const item of items) {
        if ('failure' in item) errors.push({ line: item.line, raw: item.raw, ...item.failure });
        else rows.push(item);
        pendingItems += 1;
        lastLine = item.line;
        if (pendingItems >= options.batchRows) {
          await flush();
          // SQLite's driver is synchronous, so a batch never waits on I/O: let the requests queued meanwhile in.
          await new Promise((resolve) => setImmediate(resolve));
          if (stopping || lost) throw new StopRequested();
        }
      }
      await flush();
      await store.finish(claim, 'completed', iso(), null);
    } catch (error) {
      if (error instanceof StopRequested) {
        if (!lost) await store.release(claim);
        return;
      }
      if (error instanceof AppError) {
        // The file itself is refused (its header names unknown columns now, a CSV record too long): the job fails, its committed batches stay.
        await store.finish(claim, 'failed', iso(), { code: error.code, message: `${error.message} (stopped at input line ${fromLine === 0 ? 1 : fromLine})` });
        return;
      }
      // The database or a bug: the claim is given back and the job is tried again.
      await store.release(claim).catch(() => undefined);
      throw error;
    } finally {
      clearInterval(heartbeat);
    }
  };

  const pass = async (): Promise<void> => {
    while (!stopping) {
      const claim = await store.claimNext(iso(), iso(options.claimMs), randomUUID());
      if (claim === null) return;
      await runJob(claim);
    }
  };

  const schedule = (delayMs: number) => {
    if (stopping) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(tick, delayMs);
    timer.unref();
  };
  const tick = () => {
    timer = null;
    if (running !== null) {
      again = true;
      return;
    }
    running = pass()
      .catch((error: unknown) => onError(error))
      .finally(() => {
        running = null;
        const soon = again;
        again = false;
        schedule(soon ? 0 : pollMs);
      });
  };
  schedule(0);

  return {
    poke: () => {
      if (running !== null) again = true;
      else schedule(0);
    },
    idle: async () => {
      while (running !== null) await running;
    },
    stop: async () => {
      stopping = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
