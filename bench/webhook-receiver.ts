/**
 * The webhook bench's receiver: a process of its own that answers every POST with 204 at once and counts
 * what arrived, by path. A process rather than a server in the bench's own: the bench's event loop also
 * drives the PATCH load (autocannon), and a receiver there would slow the load generator whenever
 * deliveries arrive, counting the receiver's work against the API. (A real receiver is another program,
 * usually on another machine; here it still shares the machine's cores.)
 * Arrival times are process.hrtime (CLOCK_MONOTONIC, the same clock in every process), in milliseconds.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

/** Milliseconds on the system's monotonic clock: comparable between the bench and the receiver process. */
export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;

export interface Receiver {
  url: string;
  /** Deliveries that arrived at path so far. */
  count(path: string): Promise<number>;
  /** The arrival time (monotonicMs) of the n-th delivery at path; rejects after timeoutMs. */
  waitFor(path: string, n: number, timeoutMs: number): Promise<number>;
  /** The arrival time (monotonicMs) of the event `record_id`, `version` at path; rejects after timeoutMs. */
  arrival(path: string, recordId: string, version: number, timeoutMs: number): Promise<number>;
  close(): Promise<void>;
}

type Question =
  | { op: 'count'; path: string }
  | { op: 'waitFor'; path: string; n: number; timeoutMs: number }
  | { op: 'arrival'; key: string; timeoutMs: number };
type Ask = Question & { id: number };
type Answer = { id: number; value: number } | { id: number; error: string };

/** Starts the receiver process; resolves once it listens on loopback. */
export async function startReceiver(): Promise<Receiver> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, { resolve: (value: number) => void; reject: (error: Error) => void }>();
  let next = 0;
  const url = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the receiver process exited (code ${code})`)));
    child.once('message', (message) => resolve((message as { url: string }).url));
  });
  child.on('message', (message) => {
    const answer = message as Answer;
    const waiter = pending.get(answer.id);
    if (waiter === undefined) return;
    pending.delete(answer.id);
    if ('error' in answer) waiter.reject(new Error(answer.error));
    else waiter.resolve(answer.value);
  });
  const ask = (question: Question): Promise<number> => new Promise((resolve, reject) => {
    next += 1;
    pending.set(next, { resolve, reject });
    child.send({ ...question, id: next });
  });
  return {
    url,
    count: (path) => ask({ op: 'count', path }),
    waitFor: (path, n, timeoutMs) => ask({ op: 'waitFor', path, n, timeoutMs }),
    arrival: (path, recordId, version, timeoutMs) => ask({ op: 'arrival', key: `${path}:${recordId}:${version}`, timeoutMs }),
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The receiver process itself: the HTTP server, and answers to the bench over IPC. */
async function runReceiver(): Promise<void> {
  const send = (message: unknown) => process.send?.(message);
  // Per path: arrival times in order (the n-th delivery's time is times[n - 1]); per event: its arrival time.
  const times = new Map<string, number[]>();
  const arrivals = new Map<string, number>();
  // Questions not answerable yet, checked again at each arrival.
  let waiting: Array<{ ask: Ask; deadline: number }> = [];
  const answerable = (ask: Ask): number | undefined => {
    if (ask.op === 'count') return times.get(ask.path)?.length ?? 0;
    if (ask.op === 'waitFor') return times.get(ask.path)?.[ask.n - 1];
    return arrivals.get(ask.key);
  };
  const unanswered = (ask: Ask): string => (ask.op === 'waitFor' ? `the receiver got ${times.get(ask.path)?.length ?? 0} of ${ask.n} deliveries at ${ask.path} within ${ask.timeoutMs} ms`
    : ask.op === 'arrival' ? `event ${ask.key} did not arrive within ${ask.timeoutMs} ms` : 'unanswered');
  const settle = () => {
    if (waiting.length === 0) return;
    const now = monotonicMs();
    waiting = waiting.filter(({ ask, deadline }) => {
      const value = answerable(ask);
      if (value !== undefined) send({ id: ask.id, value });
      else if (now > deadline) send({ id: ask.id, error: unanswered(ask) });
      else return true;
      return false;
    });
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const now = monotonicMs();
      const path = request.url ?? '/';
      let list = times.get(path);
      if (list === undefined) times.set(path, (list = []));
      list.push(now);
      try {
        const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { record_id: string; version: number };
        arrivals.set(`${path}:${event.record_id}:${event.version}`, now);
      } catch {
        // a test ping or a broken body: counted only
      }
      response.statusCode = 204;
      response.end();
      settle();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // Deadlines of unanswered questions.
  setInterval(settle, 100).unref();
  process.on('message', (message) => {
    const ask = message as Ask;
    const value = answerable(ask);
    if (value !== undefined) send({ id: ask.id, value });
    else waiting.push({ ask, deadline: monotonicMs() + ('timeoutMs' in ask ? ask.timeoutMs : 0) });
  });
  process.once('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
  // The bench went away without closing: do not outlive it.
  process.once('disconnect', () => process.exit(0));
  send({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runReceiver();
