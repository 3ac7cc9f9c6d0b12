import autocannon from 'autocannon';
import type { BenchRequest } from './scenarios.ts';

export interface LoadOptions {
  connections: number;
  /** Seconds of load; ignored when amount is set. */
  duration: number;
  /** A fixed number of requests instead of a duration (smoke runs). */
  amount?: number;
}

/** One round against one server. Latencies in milliseconds, from every response (not autocannon's 1 ms buckets). */
export interface RoundResult {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Responses whose status was not the expected one, plus connection errors and timeouts. */
  failures: number;
  statusCounts: Record<string, number>;
  seconds: number;
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

/**
 * The median of the round-by-round req/s ratios a / b: each round of one server against the same round
 * of the other, run right beside it, so a slowdown of the shared machine during one pair cancels out.
 */
export function pairedRatio(a: { rounds: ReadonlyArray<{ reqPerSec: number }> }, b: { rounds: ReadonlyArray<{ reqPerSec: number }> }): number | null {
  const ratios = a.rounds.flatMap((round, i) => {
    const other = b.rounds[i]?.reqPerSec ?? 0;
    return other > 0 ? [round.reqPerSec / other] : [];
  });
  return ratios.length === 0 ? null : median(ratios);
}

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Drives `url` with `connections` keep-alive connections, each request made fresh by `next`. */
export function runLoad(url: string, headers: Record<string, string>, next: () => BenchRequest, expectedStatus: number, options: LoadOptions): Promise<RoundResult> {
  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  let unexpected = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: options.connections,
        duration: options.duration,
        ...(options.amount !== undefined ? { amount: options.amount } : {}),
        headers,
        requests: [{ setupRequest: (request) => ({ ...request, ...next() }) }],
      },
      (error, result) => {
        if (error) return reject(error);
        const sorted = Float64Array.from(latencies).sort();
        const ok = latencies.length - unexpected;
        resolve({
          reqPerSec: result.duration > 0 ? ok / result.duration : 0,
          p50Ms: percentile(sorted, 50),
          p99Ms: percentile(sorted, 99),
          requests: latencies.length,
          failures: unexpected + result.errors + result.timeouts,
          statusCounts,
          seconds: result.duration,
        });
      },
    );
    // autocannon passes the client first; @types/autocannon leaves it out, hence the plain EventEmitter view.
    (instance as NodeJS.EventEmitter).on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
      statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1;
      if (statusCode !== expectedStatus) unexpected += 1;
    });
  });
}
