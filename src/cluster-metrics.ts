import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry, type PrometheusContentType } from 'prom-client';
import { serviceUnavailable } from './domain/errors.ts';
import type { Metrics } from './metrics.ts';

/**
 * GET /metrics under `serve --workers N`. Connections go to any worker, and each worker counts only its own
 * requests, so a per-process answer would jump between N different series. Instead the worker that is asked
 * sends a request to the primary, the primary gathers every worker's metrics over the cluster IPC channel with
 * prom-client's AggregatorRegistry (histograms and counters summed, gauges as each metric says), and the
 * answer goes back the same way: every scrape describes the whole server.
 */

interface ScrapeRequest { kind: 'contactd:metrics-request'; id: number }
interface ScrapeAnswer { kind: 'contactd:metrics-answer'; id: number; text?: string; error?: string }

const isScrapeRequest = (message: unknown): message is ScrapeRequest =>
  typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === 'contactd:metrics-request';
const isScrapeAnswer = (message: unknown): message is ScrapeAnswer =>
  typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === 'contactd:metrics-answer';

/** More than prom-client's own 5 s wait for the workers, so its error (not ours) names a stuck worker. */
const ANSWER_TIMEOUT_MS = 7000;

/** Primary: answers one worker's scrape requests with the combined metrics of all workers. */
export function serveClusterMetrics(worker: Worker, aggregator: AggregatorRegistry<PrometheusContentType>): void {
  worker.on('message', (message: unknown) => {
    if (!isScrapeRequest(message)) return;
    aggregator.clusterMetrics().then(
      (text: string) => worker.isConnected() && worker.send({ kind: 'contactd:metrics-answer', id: message.id, text } satisfies ScrapeAnswer),
      (error: unknown) => worker.isConnected() && worker.send({ kind: 'contactd:metrics-answer', id: message.id, error: error instanceof Error ? error.message : String(error) } satisfies ScrapeAnswer),
    );
  });
}

/** Primary: the registry that asks the workers; create it before forking. */
export function clusterAggregator(): AggregatorRegistry<PrometheusContentType> {
  return new AggregatorRegistry();
}

/** Worker: answers the primary's requests with this worker's metrics. Call before the server starts. */
export function offerWorkerMetrics(metrics: Metrics): void {
  AggregatorRegistry.setRegistries(metrics.registries());
  // Constructing one sets up this worker's listener for the primary's requests.
  new AggregatorRegistry();
}

/** Worker: a scrape function that asks the primary for every worker's metrics combined. */
export function askPrimaryForMetrics(): () => Promise<string> {
  const pending = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();
  let nextId = 0;
  process.on('message', (message: unknown) => {
    if (!isScrapeAnswer(message)) return;
    const waiting = pending.get(message.id);
    if (waiting === undefined) return;
    pending.delete(message.id);
    clearTimeout(waiting.timer);
    if (message.text !== undefined) waiting.resolve(message.text);
    // A worker that does not report (its event loop stuck) fails the whole combined answer: a 503 to retry, not a 500.
    else waiting.reject(serviceUnavailable(`the metrics of every worker could not be gathered (${message.error ?? 'no answer'}); retry the scrape`, 5));
  });
  return () => {
    const send = process.send?.bind(process);
    if (!cluster.isWorker || send === undefined) return Promise.reject(new Error('cluster metrics asked for outside a cluster worker'));
    const id = nextId++;
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(serviceUnavailable('the metrics of every worker could not be gathered (the primary did not answer in time); retry the scrape', 5));
      }, ANSWER_TIMEOUT_MS);
      pending.set(id, { resolve, reject, timer });
      send({ kind: 'contactd:metrics-request', id } satisfies ScrapeRequest);
    });
  };
}
