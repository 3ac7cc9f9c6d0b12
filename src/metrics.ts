import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from './storage/database.ts';
import { sqliteFilename } from './storage/dialects/sqlite.ts';

/** How `serve --workers N` combines the workers' values of a gauge into one. */
export type GaugeAggregation = 'sum' | 'max' | 'min' | 'first';

/** One reading of a gauge: a plain number, or one value per label set. */
export type GaugeReading = number | ReadonlyArray<{ labels: Readonly<Record<string, string>>; value: number }>;

export interface GaugeSpec {
  /** Prometheus name, `contactd_` first, unit last (`contactd_event_feed_lag_seconds`). */
  name: string;
  help: string;
  labelNames?: readonly string[];
  /**
   * With several worker processes: `sum` for what each process holds (its connections, its queue claims),
   * `max` (or `first`) for one shared quantity every process measures alike (a lag read from the database).
   */
  aggregation?: GaugeAggregation;
  /** Read on every scrape; a failed read leaves the gauge at its last value and is not fatal to the scrape. */
  read(): GaugeReading | Promise<GaugeReading>;
}

// As in app.ts: read at run time, since Node 20 warns that JSON modules are experimental.
const packageVersion = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

// Process metrics (CPU, memory, event loop, GC) belong to the process, not to an app: one registry per process,
// so the PerformanceObservers behind them are set up once however many apps a process builds (tests build many).
let processRegistry: Registry | null = null;
function processMetrics(): Registry {
  if (processRegistry === null) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export interface MetricsOptions {
  /**
   * Where a scrape's text comes from. By default this process's own metrics; a `serve --workers N` worker asks
   * the primary, which gathers and combines every worker's (see cluster-metrics.ts).
   */
  scrape?: () => Promise<string>;
}

/**
 * The metrics one contactd process serves on GET /metrics. Features add their gauges with registerGauge;
 * the HTTP request metrics are fed by http/request-metrics.ts, the database gauges by observeDatabase.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly contentType: string = this.registry.contentType;
  readonly requestDuration = new Histogram({
    name: 'contactd_http_request_duration_seconds',
    help: 'Time from receiving a request to finishing its response, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  readonly requestsInFlight = new Gauge({
    name: 'contactd_http_requests_in_flight',
    help: 'Requests received and not yet answered (or abandoned by their client).',
    registers: [this.registry],
  });
  private readonly scrapeText: () => Promise<string>;
  private inFlightCount = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(options: MetricsOptions = {}) {
    new Gauge({ name: 'contactd_info', help: 'Always 1; the version label says which contactd answers.', labelNames: ['version'] as const, aggregator: 'first', registers: [this.registry] }).set({ version: packageVersion }, 1);
    new Gauge({ name: 'contactd_server_processes', help: 'Server processes this answer combines: 1, or N under serve --workers N.', registers: [this.registry] }).set(1);
    this.scrapeText = options.scrape ?? (() => this.render());
  }

  /** A request arrived (http/request-metrics.ts). */
  requestStarted(): void {
    this.inFlightCount += 1;
    this.requestsInFlight.inc();
  }

  /** A request was answered or abandoned; the last one out wakes whoever waits for an idle API (the webhook worker). */
  requestEnded(): void {
    this.inFlightCount = Math.max(0, this.inFlightCount - 1);
    this.requestsInFlight.dec();
    if (this.inFlightCount > 0 || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const waiter of waiters) waiter();
  }

  /** Requests of this process received and not yet answered. */
  inFlight(): number {
    return this.inFlightCount;
  }

  /** Calls back once when no request is in flight: at once when none is, else when the last one ends. */
  whenIdle(callback: () => void): void {
    if (this.inFlightCount === 0) callback();
    else this.idleWaiters.push(callback);
  }

  /** Adds a gauge read at every scrape. Names must be unique; registering one twice throws. */
  registerGauge(spec: GaugeSpec): void {
    const { read } = spec;
    new Gauge({
      name: spec.name,
      help: spec.help,
      labelNames: spec.labelNames ?? [],
      aggregator: spec.aggregation ?? 'sum',
      registers: [this.registry],
      async collect() {
        let reading: GaugeReading;
        try {
          reading = await read();
        } catch {
          return; // one unreadable gauge keeps its last value rather than failing every other metric
        }
        if (typeof reading === 'number') {
          this.set(reading);
          return;
        }
        this.reset();
        for (const { labels, value } of reading) this.set(labels, value);
      },
    });
  }

  /** PostgreSQL: the pool's connections; SQLite (one connection per process, no pool): the sizes of its files. */
  observeDatabase(database: Database, databaseUrl: string): void {
    const pool = database.profile.poolStats;
    if (pool !== undefined) {
      this.registerGauge({ name: 'contactd_db_pool_max_connections', help: 'Most connections the database pool may open (PG_POOL_MAX).', read: () => pool().max });
      this.registerGauge({ name: 'contactd_db_pool_connections', help: 'Connections the database pool holds open, idle or in use.', read: () => pool().total });
      this.registerGauge({ name: 'contactd_db_pool_idle_connections', help: 'Open connections of the pool waiting for a query.', read: () => pool().idle });
      this.registerGauge({ name: 'contactd_db_pool_waiting_requests', help: 'Queries waiting for a connection because every one is busy.', read: () => pool().waiting });
    }
    const file = database.profile.name === 'sqlite' ? sqliteFilename(databaseUrl) : ':memory:';
    if (file !== ':memory:') {
      const size = (path: string): number => statSync(path, { throwIfNoEntry: false })?.size ?? 0;
      this.registerGauge({ name: 'contactd_sqlite_database_bytes', help: 'Size of the SQLite database file.', aggregation: 'max', read: () => size(file) });
      this.registerGauge({ name: 'contactd_sqlite_wal_bytes', help: 'Size of the SQLite write-ahead log (checkpoints fold it back into the database file).', aggregation: 'max', read: () => size(`${file}-wal`) });
    }
  }

  /** The registries this process contributes: its app's metrics and the process metrics. */
  registries(): Registry[] {
    return [processMetrics(), this.registry];
  }

  /** This process's metrics in the Prometheus text format. */
  render(): Promise<string> {
    return Registry.merge(this.registries()).metrics();
  }

  /** What GET /metrics answers: this process's metrics, or with workers every worker's combined. */
  scrape(): Promise<string> {
    return this.scrapeText();
  }
}
