import { sql, type QueryResult } from 'kysely';
import type { Database } from './database.ts';
import { EVENTS_CHANNEL } from './event-append.ts';
import type { CommitListener } from './sql-contact-store.ts';

/** How many events a process moves out of the queue between its vacuums of the queue. */
export const QUEUE_VACUUM_ROWS = 2000;
/**
 * Most events one batch moves: a backlog (a million events a bulk `contactd import` queued) is numbered in
 * statements that each end well within PG_QUERY_TIMEOUT_MS and hold the counter row briefly.
 */
export const SEQUENCE_BATCH_ROWS = 10_000;

const EVENT_COLUMNS = 'id, type, occurred_at, record_type, record_id, version, actor_user_id, actor_api_key_id, source, request_id, changes, changed_attributes';

/**
 * One batch, one statement ($1: the organization, $2: most rows): lock the counter row (a concurrent batch
 * waits; READ COMMITTED then sees its committed counter), move the oldest queued rows committed so far, up to
 * $2 (rows another batch already moved are skipped), number them after the counter in queue order, advance the counter, NOTIFY
 * (other processes' long polls and webhook workers: delivered at commit). `n` is how many it moved.
 */
const SEQUENCE_BATCH_SQL = `with
  cur as (select last_sequence from event_sequences where organization_id = $1 for update),
  moved as (delete from contact_event_queue where organization_id = $1
    and queue_id in (select queue_id from contact_event_queue where organization_id = $1 order by queue_id limit $2)
    and exists (select 1 from cur) returning *),
  numbered as (select moved.*, (select last_sequence from cur) + row_number() over (order by queue_id) as seq from moved),
  ins as (insert into contact_events (organization_id, sequence, ${EVENT_COLUMNS}) select organization_id, seq, ${EVENT_COLUMNS} from numbered returning sequence),
  upd as (update event_sequences set last_sequence = (select max(sequence) from ins) where organization_id = $1 and exists (select 1 from ins) returning 1),
  note as (select pg_notify('${EVENTS_CHANNEL}', cast($1 as text)) from ins limit 1)
  select (select count(*) from ins) as n, (select count(*) from upd) as u, (select count(*) from note) as notified`;

/**
 * Numbers committed events. SQLite numbers them in the write itself (writers are serial), so this only
 * passes the commit on. PostgreSQL writes queue their events (contact_event_queue) in the write's own
 * statement; this moves committed queue rows into contact_events in batches, each batch numbered under
 * the organization's counter row lock, so batches commit one after another and readers see sequences
 * strictly in commit order. Writers never wait on each other's commits; only sequencing batches do.
 * Every write triggers a run after its commit (runs of one organization coalesce), every reader runs one
 * before reading when the queue is not empty, and the server sweeps the queue at start (after a crash).
 * Only a batch NOTIFYs, not the writes: a transaction that NOTIFYs takes a database-wide lock from its
 * commit until the commit is flushed, so writes that NOTIFY commit one flush at a time.
 * Every row of the queue is inserted and deleted within moments, and each batch's DELETE walks the
 * organization's index entries, dead ones included, until a VACUUM removes them: 1.1 ms and 357 pages for
 * an empty queue after 124,000 events, measured where autovacuum is off (and under steady writes it lags
 * where it is on). So the process vacuums the queue itself after every QUEUE_VACUUM_ROWS rows it moved.
 */
export class EventSequencer implements CommitListener {
  private readonly runs = new Map<string, { again: boolean; done: Promise<void> }>();
  /** The batch statement, prepared (named) on first use: parsed and planned once per pooled connection. */
  private batch: ((parameters: readonly unknown[]) => Promise<QueryResult<unknown>>) | null = null;
  private closed = false;
  private movedSinceVacuum = 0;
  private vacuuming: Promise<void> | null = null;

  constructor(
    private readonly database: Database,
    private readonly listener: CommitListener | null = null,
    private readonly onError: (error: unknown) => void = () => undefined,
    private readonly vacuumEveryRows = QUEUE_VACUUM_ROWS,
    private readonly batchRows = SEQUENCE_BATCH_ROWS,
  ) {}

  committed(organizationId: string): void {
    if (this.closed) return;
    if (this.database.profile.name === 'sqlite') {
      this.listener?.committed(organizationId);
      return;
    }
    this.sequence(organizationId).catch(this.onError);
  }

  /** Resolves once every event of the organization committed before the call is numbered. */
  sequence(organizationId: string): Promise<void> {
    if (this.database.profile.name === 'sqlite') return Promise.resolve();
    const running = this.runs.get(organizationId);
    if (running !== undefined) {
      // The pass in flight may have read before our commit: it runs once more before resolving.
      running.again = true;
      return running.done;
    }
    const run = { again: false, done: Promise.resolve() };
    run.done = (async () => {
      try {
        do {
          run.again = false;
          const moved = await this.once(organizationId);
          if (moved > 0) {
            this.listener?.committed(organizationId);
            this.movedSinceVacuum += moved;
            if (this.movedSinceVacuum >= this.vacuumEveryRows) this.vacuumQueue();
          }
          // A full batch may have left more behind it.
          if (moved >= this.batchRows) run.again = true;
        } while (run.again);
      } finally {
        this.runs.delete(organizationId);
      }
    })();
    this.runs.set(organizationId, run);
    return run.done;
  }

  /** Stops starting runs after commits and waits for those in flight, so the database can close under none (the queue keeps the rest). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.runs.values()].map((run) => run.done).concat(this.vacuuming ?? []));
  }

  /** Like sequence, but first a cheap look whether anything is queued (readers call it before every read). */
  async flush(organizationId: string): Promise<void> {
    if (this.database.profile.name === 'sqlite') return;
    const queued = await this.database.db.selectFrom('contact_event_queue').select('queue_id').where('organization_id', '=', organizationId).limit(1).execute();
    if (queued.length > 0) await this.sequence(organizationId);
  }

  /** Numbers whatever is queued for every organization (at start: a process may have died before its run). */
  async sweep(): Promise<void> {
    if (this.database.profile.name === 'sqlite') return;
    const orgs = await this.database.db.selectFrom('contact_event_queue').select('organization_id').distinct().execute();
    for (const { organization_id } of orgs) await this.sequence(organization_id);
  }

  /** One batch (SEQUENCE_BATCH_SQL); how many events it moved. */
  private async once(organizationId: string): Promise<number> {
    this.batch ??= this.database.profile.prepare(SEQUENCE_BATCH_SQL);
    const { rows } = await this.batch([organizationId, this.batchRows]);
    return Number((rows[0] as { n?: string } | undefined)?.n ?? 0);
  }

  /**
   * Vacuums the queue in the background, one vacuum at a time. Its lock (SHARE UPDATE EXCLUSIVE) blocks
   * neither writes nor batches; it does not wait for a lock another vacuum holds (skip_locked), and does not
   * truncate the emptied table, which would take a lock every write's INSERT waits for.
   */
  private vacuumQueue(): void {
    if (this.vacuuming !== null || this.closed) return;
    this.movedSinceVacuum = 0;
    this.vacuuming = sql`vacuum (skip_locked, truncate false) contact_event_queue`.execute(this.database.db)
      .then(() => undefined, this.onError)
      .finally(() => {
        this.vacuuming = null;
      });
  }
}
