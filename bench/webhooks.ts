/**
 * `npm run bench:webhooks -- [options]`: the webhook delivery benchmark, on SQLite (and PostgreSQL with
 * BENCH_DATABASE_URL). Against `contactd serve` as a child process and a local receiver that answers 204 at once:
 * - PATCH throughput without subscriptions and with 3 active ones, in alternating rounds of the same run
 *   (the ratio is the median of the round pairs; target ≥ 0.85);
 * - delivery throughput: a backlog of events for a disabled subscription, then re-enabled, timed until the
 *   receiver has them all (target ≥ 1,000 deliveries/s on SQLite);
 * - commit → delivery latency: sequential PATCHes, from the 200 to the receiver's arrival (target p50 ≤ 50 ms).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { createBenchDatabase, type BenchDialect } from './bench-database.ts';
import { median, percentile, runLoad } from './load.ts';
import { startServer } from './server-process.ts';

const CONTACTD_BIN = fileURLToPath(new URL('../bin/contactd.js', import.meta.url));

export interface WebhookBenchOptions {
  dialects: BenchDialect[];
  postgresUrl: string | null;
  contacts: number;
  connections: number;
  /** Seconds per PATCH round; ignored with amount. */
  duration: number;
  amount?: number;
  rounds: number;
  /** Events in the delivery-throughput backlog. */
  backlog: number;
  /** Sequential PATCHes timed for latency. */
  latencySamples: number;
  /** A folder for contactd's V8 CPU profiles (--cpu-prof), or null. */
  cpuProfDir?: string | null;
  log: (line: string) => void;
}

export interface WebhookBenchReport {
  dialect: BenchDialect;
  patchWithout: number[];
  patchWith: number[];
  /** Median of with / without per round pair. */
  patchRatio: number;
  deliveriesPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Deliveries the receiver got during the PATCH-with rounds (they are real work, not just queued). */
  deliveredDuringPatch: number;
}

interface Receiver {
  url: string;
  /** Arrival time (ms, performance.now) of each delivery, by "record_id:version" and subscription path. */
  arrivals: Map<string, number>;
  count(path: string): number;
  waitFor(path: string, n: number, timeoutMs: number): Promise<number>;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const arrivals = new Map<string, number>();
  const counts = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const now = performance.now();
      const path = request.url ?? '/';
      counts.set(path, (counts.get(path) ?? 0) + 1);
      try {
        const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { record_id: string; version: number };
        arrivals.set(`${path}:${event.record_id}:${event.version}`, now);
      } catch {
        // a test ping or a broken body: counted only
      }
      response.statusCode = 204;
      response.end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    arrivals,
    count: (path) => counts.get(path) ?? 0,
    waitFor: async (path, n, timeoutMs) => {
      const deadline = performance.now() + timeoutMs;
      while ((counts.get(path) ?? 0) < n) {
        if (performance.now() > deadline) throw new Error(`the receiver got ${counts.get(path) ?? 0} of ${n} deliveries at ${path} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 2));
      }
      return performance.now();
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export async function runWebhookBench(options: WebhookBenchOptions): Promise<WebhookBenchReport[]> {
  const reports: WebhookBenchReport[] = [];
  const receiver = await startReceiver();
  try {
    for (const dialect of options.dialects) {
      options.log(`webhooks bench on ${dialect}: seeding ${options.contacts} contacts`);
      const db = await createBenchDatabase(dialect, options.contacts, options.postgresUrl, options.log);
      const unlimited = { RATE_LIMIT_READ_PER_SECOND: '1000000', RATE_LIMIT_READ_BURST: '10000000', RATE_LIMIT_WRITE_PER_SECOND: '1000000', RATE_LIMIT_WRITE_BURST: '10000000' };
      const env = { ...process.env, ...unlimited, DATABASE_URL: db.url, LOG_LEVEL: 'warn', HOST: '127.0.0.1', WEBHOOK_ALLOW_PRIVATE_URLS: 'true' };
      const profile = options.cpuProfDir == null ? [] : ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`];
      const server = await startServer('contactd', process.execPath, [...profile, CONTACTD_BIN, 'serve', '--port', '0'], env, /contactd listening on (http:\/\/\S+)/);
      try {
        const headers = { authorization: `Bearer ${db.key}`, 'content-type': 'application/json' };
        const api = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> => {
          const res = await fetch(server.url + path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
          const text = await res.text();
          return { status: res.status, json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
        };
        const subscribe = async (path: string, enabled = true): Promise<string> => {
          const res = await api('POST', '/api/v2/webhook', { url: receiver.url + path, enabled });
          if (res.status !== 201) throw new Error(`subscribing failed: ${res.status} ${JSON.stringify(res.json)}`);
          return (res.json.data as { id: string }).id;
        };
        let n = 0;
        const nextPatch = () => {
          n += 1;
          return { method: 'PATCH' as const, path: `/api/v2/contact/${db.ids[n % db.ids.length]}`, body: JSON.stringify({ attributes: { title: `T${n}` } }) };
        };
        const load = { connections: options.connections, duration: options.duration, ...(options.amount !== undefined ? { amount: options.amount } : {}) };

        // PATCH without, then with 3 active subscriptions, round after round.
        const patchWithout: number[] = [];
        const patchWith: number[] = [];
        let deliveredDuringPatch = 0;
        for (let round = 1; round <= options.rounds; round += 1) {
          const without = await runLoad(server.url, headers, nextPatch, 200, load);
          const paths = [1, 2, 3].map((i) => `/${dialect}/patch-r${round}-s${i}`);
          const ids = await Promise.all(paths.map((p) => subscribe(p)));
          const withSubs = await runLoad(server.url, headers, nextPatch, 200, load);
          const deliveredThisRound = paths.reduce((sum, p) => sum + receiver.count(p), 0);
          deliveredDuringPatch += deliveredThisRound;
          for (const id of ids) await api('DELETE', `/api/v2/webhook/${id}`);
          patchWithout.push(without.reqPerSec);
          patchWith.push(withSubs.reqPerSec);
          options.log(`  round ${round}: PATCH ${without.reqPerSec.toFixed(0)} req/s without, ${withSubs.reqPerSec.toFixed(0)} with 3 subscriptions (${deliveredThisRound} of their ${withSubs.requests * 3} deliveries made during the round)`);
        }
        const patchRatio = median(patchWith.map((w, i) => w / (patchWithout[i] as number)));

        // Delivery throughput: a backlog for a disabled subscription, then enabled.
        // Paths per dialect: the receiver serves every dialect's run, and counts by path.
        const backlogId = await subscribe(`/${dialect}/backlog`, false);
        await runLoad(server.url, headers, nextPatch, 200, { connections: options.connections, duration: 1, amount: options.backlog });
        const enabledAt = performance.now();
        await api('PATCH', `/api/v2/webhook/${backlogId}`, { enabled: true });
        const doneAt = await receiver.waitFor(`/${dialect}/backlog`, options.backlog, 300_000);
        const deliveriesPerSecond = options.backlog / ((doneAt - enabledAt) / 1000);
        await api('DELETE', `/api/v2/webhook/${backlogId}`);
        options.log(`  delivery throughput: ${options.backlog} deliveries in ${((doneAt - enabledAt) / 1000).toFixed(2)} s = ${deliveriesPerSecond.toFixed(0)}/s`);

        // Commit → delivery latency, one PATCH at a time.
        await subscribe(`/${dialect}/latency`);
        const latencies: number[] = [];
        for (let i = 0; i < options.latencySamples; i += 1) {
          const id = db.ids[i % db.ids.length] as string;
          const res = await fetch(`${server.url}/api/v2/contact/${id}`, { method: 'PATCH', headers, body: JSON.stringify({ attributes: { title: `L${i}` } }) });
          const answeredAt = performance.now();
          const version = Number(/\d+/.exec(res.headers.get('etag') ?? '')?.[0]);
          await res.arrayBuffer();
          const key = `/${dialect}/latency:${id}:${version}`;
          const deadline = answeredAt + 30_000;
          while (!receiver.arrivals.has(key) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 1));
          const arrived = receiver.arrivals.get(key);
          if (arrived === undefined) throw new Error(`event ${key} never arrived`);
          latencies.push(Math.max(0, arrived - answeredAt));
        }
        const sorted = Float64Array.from(latencies).sort();
        const report: WebhookBenchReport = { dialect, patchWithout, patchWith, patchRatio, deliveriesPerSecond, latencyP50Ms: percentile(sorted, 50), latencyP99Ms: percentile(sorted, 99), deliveredDuringPatch };
        options.log(`  commit → delivery latency over ${latencies.length}: p50 ${report.latencyP50Ms.toFixed(1)} ms, p99 ${report.latencyP99Ms.toFixed(1)} ms`);
        reports.push(report);
      } finally {
        await server.stop();
        await db.drop();
      }
    }
  } finally {
    await receiver.close();
  }
  return reports;
}

export function formatWebhookReport(reports: readonly WebhookBenchReport[]): string {
  const lines = ['| dialect | PATCH without | PATCH with 3 subscriptions | ratio (target ≥ 0.85) | deliveries/s (target ≥ 1,000 on SQLite) | commit→delivery p50 (target ≤ 50 ms) | p99 |', '|---|---|---|---|---|---|---|'];
  for (const r of reports) {
    lines.push(`| ${r.dialect} | ${median(r.patchWithout).toFixed(0)} | ${median(r.patchWith).toFixed(0)} | ${r.patchRatio.toFixed(2)} | ${r.deliveriesPerSecond.toFixed(0)} | ${r.latencyP50Ms.toFixed(1)} ms | ${r.latencyP99Ms.toFixed(1)} ms |`);
  }
  return lines.join('\n');
}

const int = (min: number) => (raw: string): number => {
  const value = Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(value) || value < min) throw new InvalidArgumentError(`expected an integer >= ${min}`);
  return value;
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const program = new Command('npm run bench:webhooks --')
    .description('Webhook delivery throughput, PATCH throughput with 3 subscriptions against without, and commit → delivery latency.')
    .option('--contacts <n>', 'contacts seeded', int(1), 10_000)
    .option('--connections <n>', 'concurrent connections of the PATCH load', int(1), 64)
    .option('--duration <seconds>', 'length of one PATCH round', int(1), 10)
    .option('--amount <n>', 'a fixed number of PATCHes per round instead of --duration (smoke runs)', int(1))
    .option('--rounds <n>', 'round pairs (without / with subscriptions)', int(1), 3)
    .option('--backlog <n>', 'events in the delivery-throughput backlog', int(1), 20_000)
    .option('--latency-samples <n>', 'sequential PATCHes timed for latency', int(1), 200)
    .option('--cpu-prof <dir>', 'write V8 CPU profiles of contactd there (summarise with bench/profile-summary.ts)')
    .parse();
  const cli = program.opts<{ contacts: number; connections: number; duration: number; amount?: number; rounds: number; backlog: number; latencySamples: number; cpuProf?: string }>();
  const postgresUrl = process.env.BENCH_DATABASE_URL || null;
  const reports = await runWebhookBench({ ...cli, cpuProfDir: cli.cpuProf ?? null, dialects: postgresUrl === null ? ['sqlite'] : ['sqlite', 'postgres'], postgresUrl, log: (line) => process.stdout.write(`${line}\n`) });
  process.stdout.write(`\n${formatWebhookReport(reports)}\n`);
}
