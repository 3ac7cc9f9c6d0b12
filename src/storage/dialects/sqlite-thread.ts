import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';

/**
 * How often the SQLite thread copies committed WAL frames into the database file, and folds the noted
 * text-index changes into the FTS5 index. A pass with nothing to do costs a few system calls and one
 * read of an empty table.
 */
export const THREAD_INTERVAL_MS = 20;

/**
 * The serving connection's own checkpoint threshold (`wal_autocheckpoint`, in pages) while the thread
 * runs: a backstop. The WAL starts over only when a write begins with every frame already copied;
 * under steady writes the thread rarely wins that race, so the WAL grows until this many pages (16 MiB),
 * when the commit that crosses it checkpoints the few frames the thread has not copied yet (and syncs the
 * database file, where the thread has synced the pages it copied already) and the next write starts the WAL
 * over.
 */
export const BACKSTOP_AUTOCHECKPOINT_PAGES = 4000;

/**
 * The thread starts once the WAL file has reached this size (checked every 100 ms): a process that only
 * reads (an export, a read-only tool) never starts it, which keeps its ~12 MB out of that process's memory.
 */
export const CHECKPOINTER_START_WAL_BYTES = 1024 * 1024;

/**
 * At most how many contacts the thread folds into the text index per transaction: some 20-50 µs each (the
 * changed lines' old trigrams deleted, the new ones added), so a write of the serving connection waits a few
 * milliseconds at most behind a slice (FTS5's merges at a slice's commit aside, bench/README).
 */
export const THREAD_FOLD_SLICE = 64;

/**
 * What the thread reports through a BigInt64Array over a SharedArrayBuffer of REPORT_SLOTS slots: when it
 * last looked at the noted text-index changes (ms since the epoch), how many times it synced the database
 * file, and how many checkpoint passes it has finished (so a reader can tell "no sync in the last N passes"
 * from "no pass yet", whatever the disk's speed).
 */
export const REPORT_FOLDED_AT = 0;
export const REPORT_SYNCS = 1;
export const REPORT_PASSES = 2;
export const REPORT_SLOTS = 3;

/**
 * The text index (FTS5, contentless, migration 2026-12-07-0080) holds one row per line of a contact's
 * search_text: rowid = the contact's rowid × TEXT_INDEX_LINE_SLOTS + the line's index, the lines from the
 * last slot on in one row. A search token never holds a line break, so it is found within one row (a
 * `contains` value that does is not looked up in the index); and a write that changes one text in place (a
 * PATCH of the title) rewrites the rows of the lines that changed (the title's and the word starts'), not the
 * trigrams of the whole document: FTS5 can only delete a row by tokenizing the text it was given again, so
 * the fold's cost is the trigrams of what it deletes and adds. Lines are compared by position: a text added
 * or removed (an attribute set or cleared, an email added) shifts, and so rewrites, the lines after it.
 * Contact rowids must stay below 2^43 (rowid × 1,024 + 1,023 within JavaScript's exact integers); SQLite
 * assigns them counting up from 1.
 */
export const TEXT_INDEX_LINE_BITS = 10;
export const TEXT_INDEX_LINE_SLOTS = 2 ** TEXT_INDEX_LINE_BITS;

/**
 * The statements that fold noted text-index changes (contact_search_pending) into the FTS5 index, shared by
 * the serving connection (an in-memory database, the drain at close, before the thread runs) and the thread:
 * for each noted contact, the lines of the text the index holds (indexed_text) that differ from its current
 * search_text (none if it no longer exists) are deleted and the current ones added; the notes folded are deleted.
 */
export const TEXT_INDEX_FOLD_SQL = {
  noted: 'select p.contact_rowid, p.indexed_text, c.search_text from contact_search_pending p left join contacts c on c.rowid = p.contact_rowid order by p.contact_rowid limit ?',
  remove: "insert into contact_search(contact_search, rowid, line) values ('delete', ?, ?)",
  add: 'insert into contact_search(rowid, line) values (?, ?)',
  done: 'delete from contact_search_pending where contact_rowid <= ?',
  any: 'select exists(select 1 from contact_search_pending) as any',
  slots: TEXT_INDEX_LINE_SLOTS,
} as const;

/**
 * Prepares, on `db`, the fold of up to `limit` noted changes in one IMMEDIATE transaction; it returns how
 * many it folded. The one implementation for both connections: the thread evaluates this function's own
 * source (toString), so it refers to nothing outside itself and names no inner function (under tsx, which
 * keeps function names, a named inner function's source calls a `__name` helper of the module;
 * test/storage/sqlite-text-thread.test.ts checks the source as tsx compiles it).
 */
export function textIndexFolder(db: BetterSqlite3.Database, sql: typeof TEXT_INDEX_FOLD_SQL): (limit: number) => number {
  const noted = db.prepare(sql.noted);
  const remove = db.prepare(sql.remove);
  const add = db.prepare(sql.add);
  const done = db.prepare(sql.done);
  const slots = sql.slots;
  const transaction = db.transaction((n: number) => {
    const rows = noted.all(n) as Array<{ contact_rowid: number; indexed_text: string | null; search_text: string | null }>;
    for (const row of rows) {
      // Each text's index rows: its lines, those from the last slot on joined in one. (Written out twice rather
      // than as an inner function: tsx names inner functions with a helper the thread's copy would not have.)
      const before = row.indexed_text === null ? [] : row.indexed_text.split('\n');
      if (before.length > slots) before.push(before.splice(slots - 1).join('\n'));
      const after = row.search_text === null ? [] : row.search_text.split('\n');
      if (after.length > slots) after.push(after.splice(slots - 1).join('\n'));
      const base = row.contact_rowid * slots;
      for (let i = 0; i < before.length || i < after.length; i += 1) {
        const old = before[i];
        const now = after[i];
        if (old === now) continue;
        // An empty line has no row (it has no trigrams).
        if (old !== undefined && old !== '') remove.run(base + i, old);
        if (now !== undefined && now !== '') add.run(base + i, now);
      }
    }
    const last = rows.at(-1);
    if (last !== undefined) done.run(last.contact_rowid);
    return rows.length;
  });
  return (n) => transaction.immediate(n);
}

/**
 * The write lock the serving connection and the thread share inside the process (an Int32Array over a
 * SharedArrayBuffer): slot 0 holds who writes (0 nobody, 1 the serving connection, 2 the thread), slot 1
 * how many writes of the serving connection wait for the thread to let go. The thread takes it only for a
 * slice and never while a serving write waits; the serving connection takes it without blocking and, when
 * the thread holds it, waits off the event loop (Atomics.waitAsync) instead of in SQLite's busy handler,
 * which sleeps on the one JavaScript thread. Other processes are kept out by SQLite's own lock, as before.
 */
export const LOCK_FREE = 0;
export const LOCK_SERVING = 1;
export const LOCK_THREAD = 2;

/**
 * The thread's code, CommonJS evaluated in a worker: its own connection to the file, a PASSIVE checkpoint
 * (never waits for readers or writers; a pass another process's checkpoint holds up just tries again next
 * time) every interval; when folding, the noted text-index changes in slices of its own IMMEDIATE
 * transactions; a clean close when asked.
 *
 * After a checkpoint that copied pages, the thread syncs the database file itself (fdatasync on a file
 * descriptor of its own). A PASSIVE checkpoint that copies only part of the WAL (writers keep adding to it)
 * leaves the pages it wrote unsynced; the checkpoint that finally copies all of it syncs them all at once.
 * That was the serving connection's backstop checkpoint, inside a commit on the event loop: 16 MiB of
 * pages synced every ~200 ms under steady PATCHes, a 10-20 ms stall of every request then (the PATCH p99
 * at 8 connections, bench/README). Synced as they are copied, little is left for it.
 */
const THREAD_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { closeSync, fdatasyncSync, openSync } = require('node:fs');
const Database = require(workerData.module);
const { lock, report, fold: sql, slice } = workerData;
let db = null;
let file = null;
try {
  db = new Database(workerData.filename, { fileMustExist: true });
  // Never waits for a lock in SQLite: a write lock another process holds means trying again next pass.
  db.pragma('busy_timeout = 0');
  file = openSync(workerData.filename, 'r');
} catch {
  // Without a connection the thread does nothing: it ends, and the serving connection does its work.
  process.exit(0);
}
let folder = null;
let foldFailedAt = 0;
${textIndexFolder.toString()}
function prepareFolder() {
  const any = db.prepare(sql.any).pluck();
  return { any: () => any.get() === 1, fold: textIndexFolder(db, sql) };
}
let stopping = false;
/** The thread committed a fold since its last sync (data_version counts other connections' commits only). */
let committedSinceSync = false;
/** Folds a slice; returns whether more may be noted. */
function foldSlice() {
  if (Atomics.load(lock, 1) > 0) return true;
  if (Atomics.compareExchange(lock, 0, ${LOCK_FREE}, ${LOCK_THREAD}) !== ${LOCK_FREE}) return true;
  try {
    const folded = folder.fold(slice);
    if (folded > 0) committedSinceSync = true;
    return folded === slice;
  } finally {
    Atomics.store(lock, 0, ${LOCK_FREE});
    Atomics.notify(lock, 0);
  }
}
let folding = false;
function foldPass() {
  if (db === null || stopping || folding || Date.now() - foldFailedAt < 1000) return;
  try {
    if (folder === null) folder = prepareFolder();
    const noted = folder.any();
    Atomics.store(report, ${REPORT_FOLDED_AT}, BigInt(Date.now()));
    if (!noted) return;
  } catch {
    // Not migrated yet, or the table is gone: prepare again in a second.
    folder = null;
    foldFailedAt = Date.now();
    return;
  }
  folding = true;
  const next = () => {
    let more = false;
    try {
      more = !stopping && foldSlice();
      // Still folding (a backlog of many slices): the serving connection leaves it to the thread.
      Atomics.store(report, ${REPORT_FOLDED_AT}, BigInt(Date.now()));
    } catch {
      // Locked by another process (busy), or a fault: the next pass tries again.
    }
    // Between slices the thread's own event loop runs (a stop message), and a serving write that waits goes first.
    if (more) setTimeout(next, Atomics.load(lock, 1) > 0 ? 1 : 0);
    else folding = false;
  };
  next();
}
/**
 * What the last pass saw: how many frames of the WAL were copied, and the file's data_version, which other
 * connections' commits change. Both are needed: a write that starts the WAL over may leave as many frames
 * in it as there were before (the same write again), so the count alone can miss new pages.
 */
let copied = 0;
let version = -1;
const timer = setInterval(() => {
  try {
    if (db !== null) {
      const [result] = db.pragma('wal_checkpoint(PASSIVE)');
      const seen = db.pragma('data_version', { simple: true });
      if (result.checkpointed > 0 && (result.checkpointed !== copied || seen !== version || committedSinceSync)) {
        fdatasyncSync(file);
        Atomics.add(report, ${REPORT_SYNCS}, 1n);
      }
      copied = result.checkpointed;
      version = seen;
      committedSinceSync = false;
      Atomics.add(report, ${REPORT_PASSES}, 1n);
    }
  } catch {}
  if (workerData.foldText) foldPass();
}, workerData.intervalMs);
parentPort.on('message', () => {
  stopping = true;
  clearInterval(timer);
  try {
    if (db !== null) db.close();
    if (file !== null) closeSync(file);
  } catch {}
  parentPort.close();
});
`;

/** How long stop() waits for the thread to close its connection before terminating it. */
const STOP_WAIT_MS = 5000;

export interface SqliteThread {
  /**
   * Stops the thread; resolves once it has closed its connection and ended, so that whoever closes the
   * database knows the file is no longer open (a filesystem unmounted right after, a file deleted).
   */
  stop(): Promise<void>;
  /** Whether the thread is still running (it folds the text index while it does). */
  running(): boolean;
}

export interface SqliteThreadOptions {
  /** The shared write lock (see LOCK_FREE). */
  lock: Int32Array;
  /** What the thread reports (REPORT_SLOTS slots: REPORT_FOLDED_AT, REPORT_SYNCS). */
  report: BigInt64Array;
  /** Fold the text index too. */
  foldText: boolean;
  intervalMs?: number;
}

/**
 * Moves WAL checkpoints and the text index's folds off the event loop, to a worker thread with its own
 * connection. Every commit that leaves the WAL at `wal_autocheckpoint` pages (1,000 by default) copies the
 * WAL's pages into the database file inside that commit, fsyncs included: in a PATCH-heavy server that was
 * a third of each write transaction's time on the one JavaScript thread (bench/README); the serving
 * connection keeps a high threshold as a backstop (BACKSTOP_AUTOCHECKPOINT_PAGES). The text index's fold
 * (tens of µs per contact written) ran on the event loop every 100 ms, up to 1,000 contacts at once, and
 * the slowest requests waited behind it. Connections in the same process share SQLite's file locks, so the
 * thread is safe beside them.
 */
export function startSqliteThread(filename: string, options: SqliteThreadOptions): SqliteThread {
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(THREAD_SOURCE, {
    eval: true,
    workerData: { filename, module, intervalMs: options.intervalMs ?? THREAD_INTERVAL_MS, lock: options.lock, report: options.report, fold: TEXT_INDEX_FOLD_SQL, slice: THREAD_FOLD_SLICE, foldText: options.foldText },
  });
  let alive = true;
  // A failing thread only means the serving connection's backstop checkpoints, and the event loop folds, alone.
  worker.on('error', () => undefined);
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => {
    alive = false;
    // A thread that ended inside a slice (terminated) lets go of the lock it held.
    if (Atomics.compareExchange(options.lock, 0, LOCK_THREAD, LOCK_FREE) === LOCK_THREAD) Atomics.notify(options.lock, 0);
    resolve();
  }));
  return {
    running: () => alive,
    stop: () => {
      // Held while it stops: awaiting its exit must keep a process alive whose other work is done (the CLI).
      worker.ref();
      worker.postMessage('stop');
      const timer = setTimeout(() => void worker.terminate(), STOP_WAIT_MS).unref();
      return exited.finally(() => clearTimeout(timer));
    },
  };
}
