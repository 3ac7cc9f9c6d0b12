import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * How often the checkpointer thread copies committed WAL frames into the database file. A pass with
 * nothing to copy costs a few system calls.
 */
export const CHECKPOINT_INTERVAL_MS = 20;

/**
 * The serving connection's own checkpoint threshold (`wal_autocheckpoint`, in pages) while a checkpointer
 * thread runs: a backstop. The WAL starts over only when a write begins with every frame already copied;
 * under steady writes the thread rarely wins that race, so the WAL grows until this many pages (16 MiB),
 * when the commit that crosses it checkpoints the few frames the thread has not copied yet and the next
 * write starts the WAL over.
 */
export const BACKSTOP_AUTOCHECKPOINT_PAGES = 4000;

/**
 * The thread starts once the WAL file has reached this size (checked every 100 ms): a process that only
 * reads (an export, a read-only tool) never starts it, which keeps its ~12 MB out of that process's memory.
 */
export const CHECKPOINTER_START_WAL_BYTES = 1024 * 1024;

/**
 * The thread's code, CommonJS evaluated in a worker: its own connection to the file, a PASSIVE checkpoint
 * (never waits for readers or writers; a pass another process's checkpoint holds up just tries again next
 * time) every interval, and a clean close when asked.
 */
const THREAD_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.module);
let db = null;
try {
  db = new Database(workerData.filename, { fileMustExist: true });
  db.pragma('busy_timeout = 0');
} catch {}
const timer = setInterval(() => {
  try {
    if (db !== null) db.pragma('wal_checkpoint(PASSIVE)');
  } catch {}
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  try {
    if (db !== null) db.close();
  } catch {}
  parentPort.close();
});
`;

/** How long stop() waits for the thread to close its connection before terminating it. */
const STOP_WAIT_MS = 5000;

export interface Checkpointer {
  /**
   * Stops the thread; resolves once it has closed its connection and ended, so that whoever closes the
   * database knows the file is no longer open (a filesystem unmounted right after, a file deleted).
   */
  stop(): Promise<void>;
}

/**
 * Moves WAL checkpoints off the event loop. Every commit that leaves the WAL at `wal_autocheckpoint`
 * pages (1,000 by default) copies the WAL's pages into the database file inside that commit, fsyncs
 * included: in a PATCH-heavy server that was a third of each write transaction's time on the one
 * JavaScript thread (bench/README). A worker thread with its own connection checkpoints instead, while
 * the serving connection keeps a high threshold as a backstop (BACKSTOP_AUTOCHECKPOINT_PAGES).
 * Connections in the same process share SQLite's file locks, so the thread is safe beside them.
 */
export function startCheckpointer(filename: string, intervalMs = CHECKPOINT_INTERVAL_MS): Checkpointer {
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { filename, module, intervalMs } });
  // A failing thread only means the serving connection's backstop checkpoints alone.
  worker.on('error', () => undefined);
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    stop: () => {
      // Held while it stops: awaiting its exit must keep a process alive whose other work is done (the CLI).
      worker.ref();
      worker.postMessage('stop');
      const timer = setTimeout(() => void worker.terminate(), STOP_WAIT_MS).unref();
      return exited.finally(() => clearTimeout(timer));
    },
  };
}
