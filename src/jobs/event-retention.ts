import type { EventStore } from '../domain/event-store.ts';

/** How often the purge runs; each run deletes in batches along the primary key, so a backlog costs no long lock. */
export const EVENT_RETENTION_INTERVAL_MS = 10 * 60 * 1000;

export interface EventRetentionJob {
  /** One purge now (the timer's work); resolves with how many events it deleted. */
  runOnce(): Promise<number>;
  /** Stops the timer and waits for a run in progress to finish. */
  stop(): Promise<void>;
}

/**
 * The change log's retention, the one background job of the events feature.
 * - Starts: main.ts starts it beside the HTTP server (every serving process; runs are idempotent, so
 *   several processes on one database only repeat each other's deletes). It runs once at start, then
 *   every interval; the timer never keeps the process alive.
 * - Work: deletes every event that occurred more than retentionDays ago, oldest first, and records per
 *   organization the last deleted sequence, so a cursor before it answers 410 cursor_expired.
 * - Stops: on SIGTERM the server's close() calls stop(), which clears the timer and awaits a running batch.
 * - After a crash: a batch is one transaction (delete + purged_through), so nothing is half done; the next
 *   start simply runs again.
 */
export function startEventRetention(options: {
  store: EventStore;
  retentionDays: number;
  intervalMs?: number;
  now?: () => number;
  onError?: (error: unknown) => void;
}): EventRetentionJob {
  const now = options.now ?? Date.now;
  let running: Promise<number> | null = null;
  let stopped = false;
  const runOnce = (): Promise<number> => {
    if (running !== null) return running;
    const cutoff = new Date(now() - options.retentionDays * 86_400_000).toISOString();
    running = options.store.purgeOlderThan(cutoff).finally(() => {
      running = null;
    });
    return running;
  };
  const tick = () => {
    if (stopped) return;
    runOnce().catch((error: unknown) => options.onError?.(error));
  };
  const timer = setInterval(tick, options.intervalMs ?? EVENT_RETENTION_INTERVAL_MS);
  timer.unref();
  tick();
  return {
    runOnce,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => 0);
    },
  };
}
