import { closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, sql, type Driver, type QueryResult, type SqliteDatabase } from 'kysely';
import { AppError, serviceUnavailable } from '../../domain/errors.ts';
import type { Schema } from '../schema.ts';
import { GuardedDriver, type DriverGuard } from './guarded-driver.ts';
import { BACKSTOP_AUTOCHECKPOINT_PAGES, CHECKPOINTER_START_WAL_BYTES, LOCK_FREE, LOCK_SERVING, LOCK_THREAD, REPORT_FOLDED_AT, REPORT_SLOTS, TEXT_INDEX_FOLD_SQL, startSqliteThread, textIndexFolder, type SqliteThread } from './sqlite-thread.ts';
import type { DialectProfile, WriteStep } from './profile.ts';

/** Thrown inside a write unit to roll it back when a guarded statement changed nothing. */
class StepChangedNothing extends Error {}

const STATEMENT_CACHE_SIZE = 500;
const OPTIMIZE_INTERVAL_MS = 60 * 60 * 1000;
/**
 * better-sqlite3 waits for a lock synchronously, freezing the event loop: SQLite itself waits only this long,
 * and longer waits happen between attempts, asynchronously (retryDelayMs), while other requests run.
 */
const SYNC_BUSY_TIMEOUT_MS = 5;
const MAX_RETRY_DELAY_MS = 25;
/**
 * How often the event loop folds the noted text-index changes into the FTS5 index, and at most how many
 * contacts per transaction: one batch writes one index segment instead of one per write (see the migration
 * 2026-12-03-0060a). Only until the SQLite thread runs (sqlite-thread.ts), which then folds in small slices
 * off the event loop, and in an in-memory database, which no other connection can open.
 */
const TEXT_INDEX_FLUSH_MS = 100;
const TEXT_INDEX_BATCH = 1000;
/** The longest the serving connection waits for the SQLite thread's write lock (a slice takes milliseconds). */
const LOCK_WAIT_LIMIT_MS = 2000;
/** The event loop folds when the thread has not looked at the noted changes for this long. */
const THREAD_FOLD_STALE_MS = 2000;

export interface SqliteOptions {
  /** Longest wait for another process's write lock (the CLI, another worker, a backup) before the request gets 503. */
  busyTimeoutMs?: number;
}

const codeOf = (error: unknown): string => String((error as { code?: unknown } | null)?.code ?? '');

/** A driver error as the fault a client sees (503 or 507), or null when it is not one. */
export function sqliteFault(error: unknown): AppError | null {
  if (error instanceof AppError) return null;
  const code = codeOf(error);
  if (code === 'SQLITE_FULL') return new AppError('insufficient_storage', 'the disk holding the database is full: nothing was written; reads keep working');
  if (code.startsWith('SQLITE_BUSY')) return serviceUnavailable('the database is locked by another process (a backup, the CLI or another server process)');
  return null;
}

/** How a statement outside a transaction waits for a lock another process holds: short pauses, off the event loop. */
function busyGuard(busyTimeoutMs: number, inTransaction: () => boolean): DriverGuard {
  return {
    translate: sqliteFault,
    mayRetry: () => !inTransaction(),
    retryDelayMs(error, attempt, waitedMs) {
      if (!codeOf(error).startsWith('SQLITE_BUSY')) return null;
      if (waitedMs >= busyTimeoutMs) throw sqliteFault(error) as AppError;
      return Math.min(MAX_RETRY_DELAY_MS, 2 ** attempt, busyTimeoutMs - waitedMs);
    },
  };
}

/** The SQLite dialect whose driver waits for locks off the event loop and turns faults into 503 and 507. */
class GuardedSqliteDialect extends SqliteDialect {
  constructor(config: ConstructorParameters<typeof SqliteDialect>[0], private readonly guard: DriverGuard) {
    super(config);
  }

  override createDriver(): Driver {
    return new GuardedDriver(super.createDriver(), this.guard);
  }
}

/**
 * Folds up to `limit` noted text-index changes (contact_search_pending) into the FTS5 index in one IMMEDIATE
 * transaction (textIndexFolder, which the SQLite thread runs too). Returns how many it folded. Prepared on
 * first use: the table exists once migrations ran.
 */
function lazyTextIndexFolder(raw: BetterSqlite3.Database): (limit: number) => number {
  let fold: ((limit: number) => number) | null = null;
  return (limit) => {
    fold ??= textIndexFolder(raw, TEXT_INDEX_FOLD_SQL);
    return fold(limit);
  };
}

/**
 * A reader's rows as objects, fetched as arrays (better-sqlite3's raw mode) and named here: the same keys
 * in the same order as better-sqlite3's own row objects (a repeated name keeps its last value, as there),
 * built faster. In the server, reading a contact's 60-column row took 36 µs as better-sqlite3's objects
 * and 27 µs this way (bench/README). The names are read again when a row's width changes (a column added
 * to a `select *` table while the server runs: better-sqlite3 re-prepares the statement).
 */
export function objectRows(statement: BetterSqlite3.Statement): (parameters: readonly unknown[]) => Array<Record<string, unknown>> {
  statement.raw(true);
  let names = statement.columns().map((c) => c.name);
  return (parameters) => {
    const rows = statement.all(...parameters) as unknown[][];
    if (rows.length > 0 && (rows[0] as unknown[]).length !== names.length) names = statement.columns().map((c) => c.name);
    return rows.map((values) => {
      const row: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i += 1) row[names[i] as string] = values[i];
      return row;
    });
  };
}

/** `sqlite:./path/file.sqlite`, `sqlite:/abs/path`, or `sqlite::memory:`. */
export function sqliteFilename(url: string): string {
  const rest = url.replace(/^sqlite:(\/\/)?/, '');
  return rest === ':memory:' || rest === '' ? ':memory:' : rest;
}

/**
 * Opens the file (or an in-memory database). `stopped` resolves once the checkpoint thread has closed its
 * own connection after Kysely's destroy() closed this one (better-sqlite3's close is synchronous, the thread's is not).
 */
export function openSqlite(url: string, options: SqliteOptions = {}): { db: Kysely<Schema>; profile: DialectProfile; stopped: () => Promise<void> } {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const filename = sqliteFilename(url);
  if (filename !== ':memory:') {
    mkdirSync(dirname(filename), { recursive: true, mode: 0o700 });
    // A new database file is its owner's alone: it holds every contact, the webhook signing secrets and the
    // cursor secret. SQLite gives the -wal and -shm files the database file's mode; an existing file keeps
    // the mode its operator chose. A file that cannot be created here is left to SQLite to report.
    try {
      closeSync(openSync(filename, 'wx', 0o600));
    } catch {
      // It exists (the usual case), or SQLite says below why it cannot be opened.
    }
  }
  const raw = new BetterSqlite3(filename);
  // Opening serves nothing yet, so here SQLite may wait out a writer itself; afterwards it waits only briefly.
  raw.pragma(`busy_timeout = ${busyTimeoutMs}`);
  // WAL lets the CLI and several server processes share the file.
  raw.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a process crash; only an OS crash or power loss can drop the last commits.
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  // A write of contacts fires the text-index triggers, so inside a transaction SQLite keeps a statement
  // journal for it; past 64 KiB (most creates touch ~20 pages) that journal spilled to a temporary file,
  // created, written and deleted per write (about 60 µs of a create's CPU). In memory it is those pages,
  // freed at the statement's end. Serving sorts nothing large (pages and export batches have a LIMIT);
  // migrations, whose index builds sort whole tables, run with temporary files (withTempFiles).
  raw.pragma('temp_store = MEMORY');
  // SQLite plans from statistics only ANALYZE gathers; without them an eq filter on an indexed column
  // loses to the index that matches ORDER BY and scans the whole organization. SQLite's advice for
  // long-lived connections: a bounded optimize on open, then periodically.
  raw.pragma('analysis_limit = 1000');
  // Best effort: statistics can wait for the next run when the file is locked or the disk is full.
  const optimize = (mask = '') => {
    try {
      raw.pragma(`optimize${mask}`);
    } catch {
      // the next interval tries again
    }
  };
  optimize(' = 0x10002');
  raw.pragma(`busy_timeout = ${SYNC_BUSY_TIMEOUT_MS}`);
  // Checkpoints and the text index's folds run on a thread of their own, started once the WAL has grown (a
  // process that only reads, an export say, never starts it: ~12 MB less); this connection's checkpoint
  // threshold is only a backstop, and it folds on the event loop only while the thread does not run.
  let thread: SqliteThread | null = null;
  let threadStopped: Promise<void> = Promise.resolve();
  // The write lock this connection and the thread share (LOCK_FREE, LOCK_SERVING, LOCK_THREAD in slot 0;
  // serving writes waiting for the thread in slot 1).
  const writeLock = new Int32Array(new SharedArrayBuffer(8));
  const takeWriteLock = () => Atomics.compareExchange(writeLock, 0, LOCK_FREE, LOCK_SERVING) === LOCK_FREE;
  const releaseWriteLock = () => {
    Atomics.store(writeLock, 0, LOCK_FREE);
    Atomics.notify(writeLock, 0);
  };
  /** Runs `then` once the thread has let go of the write lock, waiting off the event loop. */
  const afterThreadSlice = (then: () => void) => {
    // A pending waitAsync does not keep the process alive: a ref'd timer does, until the write has run.
    const alive = setTimeout(() => undefined, LOCK_WAIT_LIMIT_MS);
    const resume = () => {
      clearTimeout(alive);
      then();
    };
    const wait = Atomics.waitAsync(writeLock, 0, LOCK_THREAD);
    if (wait.async) void wait.value.then(resume);
    else setImmediate(resume);
  };
  /** Takes the write lock on this thread, waiting (synchronously: a slice lasts milliseconds) while the thread folds; throws past LOCK_WAIT_LIMIT_MS (a thread that died holding it). */
  const takeWriteLockNow = () => {
    const until = Date.now() + LOCK_WAIT_LIMIT_MS;
    while (!takeWriteLock()) {
      if (Date.now() > until) throw new Error('the SQLite thread has held the write lock too long');
      Atomics.wait(writeLock, 0, LOCK_THREAD, 50);
    }
  };
  // The thread's report (REPORT_SLOTS); the serving connection reads only REPORT_FOLDED_AT, when the thread last
  // found out whether anything is noted (ms since the epoch): a thread that cannot fold (its connection failed,
  // its statements do not prepare) leaves it stale, and the event loop folds instead.
  const threadReport = new BigInt64Array(new SharedArrayBuffer(8 * REPORT_SLOTS));
  const threadFolds = () => thread?.running() === true && Date.now() - Number(Atomics.load(threadReport, REPORT_FOLDED_AT)) < THREAD_FOLD_STALE_MS;
  if (filename !== ':memory:') raw.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`);
  const startThreadOnceWritten = () => {
    if (thread !== null || filename === ':memory:') return;
    try {
      if (statSync(`${filename}-wal`).size >= CHECKPOINTER_START_WAL_BYTES) thread = startSqliteThread(filename, { lock: writeLock, report: threadReport, foldText: true });
    } catch {
      // no WAL file yet
    }
  };
  const optimizer = setInterval(() => optimize(), OPTIMIZE_INTERVAL_MS).unref();
  const textIndex = lazyTextIndexFolder(raw);
  /** Folds a batch under the shared write lock; returns how many. */
  const foldBatch = (): number => {
    takeWriteLockNow();
    try {
      return textIndex(TEXT_INDEX_BATCH);
    } finally {
      releaseWriteLock();
    }
  };
  const foldTextIndex = () => {
    // Not while the thread folds, nor while a request's transaction is open on the connection (it would join
    // it), nor when another process holds the write lock or the schema is not migrated yet: the next tick tries again.
    if (threadFolds() || raw.inTransaction) return;
    try {
      // A full batch: more is noted (a bulk import); go on after the requests waiting meanwhile.
      if (foldBatch() === TEXT_INDEX_BATCH) setImmediate(foldTextIndex);
    } catch {
      // the next tick tries again
    }
  };
  const textIndexTimer = setInterval(() => {
    startThreadOnceWritten();
    foldTextIndex();
  }, TEXT_INDEX_FLUSH_MS).unref();
  /** Folds everything noted, a batch per transaction, on this connection; returns how many. */
  const drainTextIndex = (): number => {
    let folded = 0;
    for (let n = TEXT_INDEX_BATCH; n === TEXT_INDEX_BATCH; folded += n) n = foldBatch();
    return folded;
  };
  const guard = busyGuard(busyTimeoutMs, () => raw.inTransaction);

  // better-sqlite3 statements are reusable: keep the compiled ones instead of preparing each query again.
  const cache = new Map<string, BetterSqlite3.Statement>();
  const database: SqliteDatabase = {
    close: () => {
      clearInterval(optimizer);
      clearInterval(textIndexTimer);
      if (thread !== null) threadStopped = thread.stop();
      try {
        // Leave the index whole for whoever opens the file next (best effort: they fold what is left).
        if (!raw.inTransaction) drainTextIndex();
      } catch {
        // locked by another process or not migrated: what is noted stays noted
      }
      raw.close();
    },
    prepare: (query: string) => {
      let statement = cache.get(query);
      if (statement === undefined) {
        statement = raw.prepare(query);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
        cache.set(query, statement);
      }
      return statement as unknown as ReturnType<SqliteDatabase['prepare']>;
    },
  };
  const db = new Kysely<Schema>({ dialect: new GuardedSqliteDialect({ database }, guard) });
  // One transaction function, made once: better-sqlite3 builds its wrappers per transaction() call.
  const runSteps = raw.transaction((steps: readonly WriteStep[]) => {
    for (const step of steps) {
      const { changes } = (database.prepare(step.sql) as unknown as BetterSqlite3.Statement).run(...step.parameters);
      if (step.mustChange === true && changes === 0) throw new StepChangedNothing();
    }
  });

  /** One write's steps, committed on their own: false when a step that must change a row changed none (nothing was written). */
  async function writeAlone(steps: readonly WriteStep[]): Promise<boolean> {
    const run = (step: WriteStep, changes: number) => {
      if (step.mustChange === true && changes === 0) throw new StepChangedNothing();
    };
    const started = Date.now();
    for (let attempt = 1; ; attempt += 1) {
      if (raw.inTransaction) {
        // Another request's transaction is open on the one connection: queue behind it on Kysely's mutex.
        try {
          await profile.writeTransaction(async (trx) => {
            for (const step of steps) run(step, Number((await trx.executeQuery(CompiledQuery.raw(step.sql, [...step.parameters]))).numAffectedRows ?? 0));
          });
          return true;
        } catch (error) {
          if (error instanceof StepChangedNothing) return false;
          throw error;
        }
      }
      try {
        runSteps.immediate(steps);
        return true;
      } catch (error) {
        if (error instanceof StepChangedNothing) return false;
        // The unit rolled back whole (a lock is taken at BEGIN IMMEDIATE): wait for another process's lock
        // off the event loop and run it again, as single statements do; other faults become 503 / 507.
        const delay = guard.retryDelayMs?.(error, attempt, Date.now() - started) ?? null;
        if (delay === null) throw guard.translate(error) ?? error;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /*
   * Group commit. The writes that reach writeSteps in one turn of the event loop (under load, many requests
   * parsed in the same turn) commit together, each inside its own savepoint of one IMMEDIATE transaction: a
   * write whose step changed nothing, or that broke a constraint, rolls back alone and is answered as it
   * would have been alone. Each commit rewrites every page it touched (the contact, its indexes, the event
   * table and its index, the counter row, the text index's note) and appends them to the WAL: a group
   * shares those pages and that commit. Any other failure (the lock taken by another process, a full disk,
   * a failing commit) rolls the group back whole, and each write runs again alone, as before.
   */
  const waiting: Array<{ steps: readonly WriteStep[]; resolve: (wrote: boolean) => void; reject: (error: unknown) => void }> = [];
  const isConstraint = (error: unknown) => (error as { code?: unknown }).code?.toString().startsWith('SQLITE_CONSTRAINT') === true;
  const runGroup = raw.transaction((group: typeof waiting) => group.map((write): boolean | Error => {
    try {
      runSteps(write.steps); // nested in a transaction: a savepoint
      return true;
    } catch (error) {
      if (error instanceof StepChangedNothing) return false;
      // A constraint undoes its statement, and the savepoint the rest of this write: the group goes on.
      if (isConstraint(error) && raw.inTransaction) return error as Error;
      throw error;
    }
  }));
  // Whether the writes waiting have told the thread so (slot 1 of the lock): it starts no slice until they ran.
  let parked = false;
  function commitWaiting(): void {
    // The thread is folding a slice: wait for it off the event loop (more writes join the group meanwhile).
    if (!takeWriteLock()) {
      if (!parked) Atomics.add(writeLock, 1, 1);
      parked = true;
      return afterThreadSlice(commitWaiting);
    }
    if (parked) Atomics.sub(writeLock, 1, 1);
    parked = false;
    try {
      commitGroup(waiting.splice(0));
    } finally {
      releaseWriteLock();
    }
  }
  function commitGroup(group: typeof waiting): void {
    const alone = () => {
      for (const write of group) writeAlone(write.steps).then(write.resolve, write.reject);
    };
    if (group.length === 1 || raw.inTransaction) return alone();
    let outcomes: Array<boolean | Error>;
    try {
      outcomes = runGroup.immediate(group);
    } catch {
      return alone();
    }
    group.forEach((write, i) => {
      const outcome = outcomes[i] as boolean | Error;
      if (typeof outcome === 'boolean') write.resolve(outcome);
      else write.reject(guard.translate(outcome) ?? outcome);
    });
  }

  const profile: DialectProfile = {
    name: 'sqlite',
    async writeTransaction(fn) {
      // The driver hands out its one connection behind a mutex; IMMEDIATE takes the write lock up front
      // so two processes never deadlock upgrading a read lock.
      // Waiting for another process's lock happens in the guarded driver, which lets go of the connection meanwhile.
      return db.connection().execute(async (conn) => {
        await sql`begin immediate`.execute(conn);
        try {
          const result = await fn(conn);
          await sql`commit`.execute(conn);
          return result;
        } catch (error) {
          // SQLite has already rolled back after some errors (SQLITE_FULL): a second rollback would hide the first error.
          if (raw.inTransaction) await sql`rollback`.execute(conn);
          throw error;
        }
      });
    },
    async writeAll(build) {
      await profile.writeTransaction(async (trx) => {
        for (const statement of build(trx)) await statement.execute();
      });
    },
    writeSteps(steps) {
      return new Promise<boolean>((resolve, reject) => {
        waiting.push({ steps, resolve, reject });
        if (waiting.length === 1) setImmediate(commitWaiting);
      });
    },
    isUniqueViolation: (error) => error instanceof Error && (error as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT_UNIQUE') === true,
    isDeadlock: () => false,
    forUpdate: (query) => query,
    caseInsensitiveLike: 'like',
    prepare(text) {
      let statement: BetterSqlite3.Statement | null = null;
      let readRows: ((parameters: readonly unknown[]) => Array<Record<string, unknown>>) | null = null;
      return async (parameters): Promise<QueryResult<unknown>> => {
        const started = Date.now();
        for (let attempt = 1; ; attempt += 1) {
          // A transaction of another request is open on the one connection (it awaits between statements):
          // queue behind it on Kysely's connection mutex rather than run inside it.
          if (raw.inTransaction) return db.executeQuery(CompiledQuery.raw(text, [...parameters]));
          try {
            if (statement === null) {
              statement = raw.prepare(text);
              readRows = statement.reader ? objectRows(statement) : null;
            }
            if (readRows !== null) return { rows: readRows(parameters) };
            return { rows: [], numAffectedRows: BigInt(statement.run(...parameters).changes) };
          } catch (error) {
            // Outside a transaction a statement that found the file locked did nothing: wait off the event loop, run it again.
            const delay = guard.retryDelayMs?.(error, attempt, Date.now() - started) ?? null;
            if (delay === null) throw guard.translate(error) ?? error;
            await new Promise((resolve) => setTimeout(resolve, delay));
          }
        }
      };
    },
    listen: async () => ({ close: async () => undefined }),
    async readSnapshot(fn) {
      if (filename === ':memory:') return fn(db);
      const reader = new BetterSqlite3(filename, { readonly: true, fileMustExist: true });
      reader.pragma('busy_timeout = 5000');
      const snapshot = new Kysely<Schema>({ dialect: new SqliteDialect({ database: reader }) });
      try {
        // The snapshot is taken by the first read and held until commit; writers go on (WAL).
        await sql`begin`.execute(snapshot);
        const result = await fn(snapshot);
        await sql`commit`.execute(snapshot);
        return result;
      } finally {
        await snapshot.destroy();
      }
    },
    flushTextIndex: drainTextIndex,
    async withTempFiles(fn) {
      raw.pragma('temp_store = FILE');
      try {
        return await fn();
      } finally {
        raw.pragma('temp_store = MEMORY');
      }
    },
    async integrityCheck() {
      const rows = raw.pragma('integrity_check') as Array<{ integrity_check: string }>;
      return rows.map((r) => r.integrity_check).join('\n');
    },
  };
  return { db, profile, stopped: () => threadStopped };
}
