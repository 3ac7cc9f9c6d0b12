import type { EventSignal, EventSubscription } from '../domain/event-store.ts';
import type { Database } from './database.ts';
import { EVENTS_CHANNEL } from './event-append.ts';
import type { CommitListener } from './sql-contact-store.ts';

/**
 * SQLite has no notifications: a waiting long poll also re-reads this often, which is how commits of other
 * processes on the same file reach it (this process's own commits wake it at once).
 */
const SQLITE_POLL_MS = 100;
/** PostgreSQL delivers NOTIFY at commit; the slow poll only covers a LISTEN connection that was lost. */
const POSTGRES_POLL_MS = 5000;

interface Waiter {
  organizationId: string;
  woken: boolean;
  wake: (() => void) | null;
}

/**
 * Wakes long polls when events commit: this process's writes tell it directly (CommitListener), other
 * processes' through PostgreSQL LISTEN/NOTIFY (the sequencer's batch NOTIFYs once it has numbered their
 * events; delivered at commit) or, on SQLite, a short poll while anyone waits. Nothing runs while nobody
 * waits; close() ends the LISTEN.
 */
export class DatabaseEventSignal implements EventSignal, CommitListener {
  private readonly waiters = new Set<Waiter>();
  private poller: NodeJS.Timeout | null = null;
  private listening: Promise<{ close(): Promise<void> } | null> | null = null;
  private closed = false;

  constructor(private readonly database: Database, private readonly onError: (error: unknown) => void = () => undefined) {}

  get openSubscriptions(): number {
    return this.waiters.size;
  }

  committed(organizationId: string): void {
    for (const waiter of this.waiters) {
      if (waiter.organizationId !== organizationId) continue;
      waiter.woken = true;
      waiter.wake?.();
    }
  }

  subscribe(organizationId: string): EventSubscription {
    const waiter: Waiter = { organizationId, woken: false, wake: null };
    this.waiters.add(waiter);
    this.start();
    const close = () => {
      waiter.wake?.();
      this.waiters.delete(waiter);
      if (this.waiters.size === 0 && this.poller !== null) {
        clearInterval(this.poller);
        this.poller = null;
      }
    };
    return {
      wait: (ms, signal) => new Promise<void>((resolve) => {
        if (waiter.woken || signal.aborted) {
          resolve();
          return;
        }
        const timer = setTimeout(done, ms);
        signal.addEventListener('abort', done, { once: true });
        function done() {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          waiter.wake = null;
          resolve();
        }
        waiter.wake = done;
      }),
      close,
    };
  }

  private start(): void {
    if (this.closed) return;
    const postgres = this.database.profile.name === 'postgres';
    if (this.poller === null) {
      // A poll tick wakes every waiter; each re-reads its own feed.
      this.poller = setInterval(() => {
        for (const waiter of this.waiters) {
          waiter.woken = true;
          waiter.wake?.();
        }
      }, postgres ? POSTGRES_POLL_MS : SQLITE_POLL_MS);
      this.poller.unref();
    }
    if (postgres && this.listening === null) {
      this.listening = this.database.profile.listen(EVENTS_CHANNEL, (organizationId) => this.committed(organizationId), (error) => {
        // Reconnect on the next wait; meanwhile the slow poll covers.
        this.onError(error);
        this.listening = null;
      }).catch((error: unknown) => {
        this.onError(error);
        this.listening = null;
        return null;
      });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiters) waiter.wake?.();
    if (this.poller !== null) clearInterval(this.poller);
    this.poller = null;
    const listener = await this.listening;
    await listener?.close();
  }
}
