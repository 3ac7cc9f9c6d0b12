import cluster, { type Worker } from 'node:cluster';
import { askPrimaryForMetrics, clusterAggregator, offerWorkerMetrics, serveClusterMetrics } from './cluster-metrics.ts';
import { databaseOptions, type Config } from './config.ts';
import { bootstrapOnce, closeOnSignals, shutdownDeadline, startServer, superviseProcess } from './main.ts';
import { Metrics } from './metrics.ts';
import { migrate, openDatabase } from './storage/database.ts';

/** The longest pause between attempts to start a replacement worker that keeps failing to start. */
const MAX_RESTART_DELAY_MS = 30_000;

interface ListeningMessage { kind: 'contactd:listening'; url: string }

const isListening = (message: unknown): message is ListeningMessage =>
  typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === 'contactd:listening';

/**
 * `serve --workers N`: the primary migrates once (so workers never race on an empty database), forks N
 * workers that each run the HTTP server on the same port (node:cluster shares
 * it, even port 0), and once all listen creates the first organization and key if the database is empty.
 * SQLite in WAL mode and PostgreSQL are shared by the processes. SIGTERM/SIGINT on the primary reach
 * every worker, which drains like a single server; a worker that dies later is replaced (and a replacement
 * that cannot start, say while the database restarts, is tried again after 1, 2, 4 … up to 30 s). GET /metrics
 * on any worker answers for all of them, gathered through the primary (cluster-metrics.ts).
 */
export async function serveCluster(config: Config, write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Promise<void> {
  if (cluster.isWorker) return serveAsWorker(config);

  const database = openDatabase(config.databaseUrl, databaseOptions(config));
  try {
    await migrate(database);
  } catch (error) {
    await database.close();
    throw error;
  }

  let stopping = false;
  let url: string | null = null;
  let failedStarts = 0;
  const ready = new Set<Worker>();
  const aggregator = clusterAggregator();
  const fork = (): Worker => {
    const worker = cluster.fork();
    serveClusterMetrics(worker, aggregator);
    worker.on('message', (message: unknown) => {
      if (!isListening(message)) return;
      ready.add(worker);
      failedStarts = 0;
      if (url === null && ready.size === config.workers) {
        const listening = message.url;
        url = listening;
        // After listen, as with one process: a failed start never consumes the one showing of a fresh key.
        bootstrapOnce(database, config, listening, write)
          .then(() => database.close())
          .then(() => write(`contactd listening on ${listening} (${database.profile.name}, ${config.workers} workers)`))
          .catch((error: unknown) => {
            process.stderr.write(`contactd: ${error instanceof Error ? error.message : String(error)}\n`);
            stopAll('SIGTERM', 1);
          });
      }
    });
    worker.on('exit', (code, signal) => {
      const wasReady = ready.delete(worker);
      if (stopping) {
        // A serving worker whose drain ran out of SHUTDOWN_TIMEOUT_MS (or failed) makes the whole stop a failure, as with
        // one process. One still starting (a replacement) has no handler yet: the signal ends it, and nothing was in flight.
        if (wasReady && code !== 0) process.exitCode = 1;
        if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
        return;
      }
      if (!wasReady && url === null) {
        // A first start that fails (bad settings, no database) will not succeed on a retry either: stop them all and say so.
        process.stderr.write(`contactd: worker ${worker.process.pid} exited during start-up (code ${code}, signal ${signal})\n`);
        stopAll('SIGTERM', 1);
        return;
      }
      if (!wasReady) {
        // A replacement that cannot start now (the database is restarting) is tried again, less and less often.
        failedStarts += 1;
        const delay = Math.min(MAX_RESTART_DELAY_MS, 1000 * 2 ** (failedStarts - 1));
        process.stderr.write(`contactd: replacement worker ${worker.process.pid} exited during start-up (code ${code}, signal ${signal}); trying again in ${delay / 1000} s\n`);
        setTimeout(() => {
          if (!stopping) fork();
        }, delay);
        return;
      }
      process.stderr.write(`contactd: worker ${worker.process.pid} exited (code ${code}, signal ${signal}); starting a replacement\n`);
      fork();
    });
    return worker;
  };

  const stopAll = (signal: NodeJS.Signals, exitCode = 0): void => {
    if (stopping) return;
    stopping = true;
    void database.close().catch(() => undefined);
    process.exitCode = exitCode;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    if (workers.length === 0) process.exit(exitCode);
    for (const worker of workers) worker.process.kill(signal);
    // Each worker keeps its own deadline; this one is the primary's backstop, a moment later.
    shutdownDeadline(config.shutdownTimeoutMs + 2000, (message) => {
      process.stderr.write(`contactd: ${message}\n`);
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
    });
  };
  process.once('SIGTERM', () => stopAll('SIGTERM'));
  process.once('SIGINT', () => stopAll('SIGINT'));
  for (let i = 0; i < config.workers; i += 1) fork();
}

async function serveAsWorker(config: Config): Promise<void> {
  const metrics = new Metrics({ scrape: askPrimaryForMetrics() });
  offerWorkerMetrics(metrics);
  let server;
  try {
    server = await startServer(config, { migrate: false, bootstrap: false, metrics });
  } catch (error) {
    // The open IPC channel would keep a failed worker alive; without it the process exits with the error.
    cluster.worker?.disconnect();
    throw error;
  }
  closeOnSignals(server, config.shutdownTimeoutMs);
  // A worker's stop is its first signal; later ones must not end the drain with the default action: a Ctrl-C or
  // systemd's stop reaches every process of the group, and then the primary passes the signal on as well.
  process.on('SIGTERM', () => undefined);
  process.on('SIGINT', () => undefined);
  superviseProcess(server);
  process.send?.({ kind: 'contactd:listening', url: server.url } satisfies ListeningMessage);
}
