/**
 * `npm run bench:webhooks -- [options]`: the webhook delivery benchmark, on SQLite (and PostgreSQL with
 * BENCH_DATABASE_URL). Against `contactd serve` as a child process and a local receiver that answers 204 at once:
 * - PATCH throughput without subscriptions and with 3 active ones, in alternating rounds of the same run
 *   (the ratio is the median of the round pairs; target ≥ 0.85);
 * - delivery throughput: a backlog of events for a disabled subscription, then re-enabled, timed until the
 *   receiver has them all (target ≥ 1,000 deliveries/s on SQLite);
 * - commit → delivery latency: sequential PATCHes, from the 200 to the receiver's arrival (target p50 ≤ 50 ms).
 */
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { createBenchDatabase, type BenchDialect } from './bench-database.ts';
import { median, percentile, runLoad } from './load.ts';
import { startServer } from './server-process.ts';
import { monotonicMs, startReceiver } from './webhook-receiver.ts';

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
  /** Seconds of untimed PATCH load without and with subscriptions before the rounds (JIT, caches); 0 for none. */
  warmup?: number;
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

        // Each kind of round (without / with 3 active subscriptions) runs as its own load; with subscriptions they
        // exist for that round only, and deleting them drops the deliveries still queued, so no round inherits
        // another's backlog.
        const patchRound = async (kind: 'without' | 'with', label: string, seconds = options.duration) => {
          // A moment for the previous round's tail (attempts in flight, their outcomes) to finish, alike for both kinds.
          await new Promise((resolve) => setTimeout(resolve, 1000));
          const paths = kind === 'with' ? [1, 2, 3].map((i) => `/${dialect}/patch-${label}-s${i}`) : [];
          const ids = await Promise.all(paths.map((p) => subscribe(p)));
          const result = await runLoad(server.url, headers, nextPatch, 200, { ...load, duration: seconds });
          let delivered = 0;
          for (const p of paths) delivered += await receiver.count(p);
          for (const id of ids) await api('DELETE', `/api/v2/webhook/${id}`);
          return { result, delivered };
        };
        if ((options.warmup ?? 0) > 0) {
          options.log(`  warming up: ${options.warmup} s of PATCH load without, then with 3 subscriptions (not counted)`);
          await patchRound('without', 'warmup', options.warmup);
          await patchRound('with', 'warmup', options.warmup);
        }
        // Round pairs alternate their order (without first, then with first, ...), so a drift of the machine or of
        // the database over the run does not always favour the same kind.
        const patchWithout: number[] = [];
        const patchWith: number[] = [];
        let deliveredDuringPatch = 0;
        for (let round = 1; round <= options.rounds; round += 1) {
          const order: Array<'without' | 'with'> = round % 2 === 1 ? ['without', 'with'] : ['with', 'without'];
          const results: Partial<Record<'without' | 'with', Awaited<ReturnType<typeof patchRound>>>> = {};
          for (const kind of order) results[kind] = await patchRound(kind, `r${round}`);
          const without = (results.without as Awaited<ReturnType<typeof patchRound>>).result;
          const withSubs = results.with as Awaited<ReturnType<typeof patchRound>>;
          deliveredDuringPatch += withSubs.delivered;
          patchWithout.push(without.reqPerSec);
          patchWith.push(withSubs.result.reqPerSec);
          options.log(`  round ${round} (${order.join(' first, then ')}): PATCH ${without.reqPerSec.toFixed(0)} req/s without, ${withSubs.result.reqPerSec.toFixed(0)} with 3 subscriptions (${withSubs.delivered} of their ${withSubs.result.requests * 3} deliveries made during the round)`);
        }
        const patchRatio = median(patchWith.map((w, i) => w / (patchWithout[i] as number)));

        // Delivery throughput: a backlog for a disabled subscription, then enabled.
        // Paths per dialect: the receiver serves every dialect's run, and counts by path.
        const backlogId = await subscribe(`/${dialect}/backlog`, false);
        await runLoad(server.url, headers, nextPatch, 200, { connections: options.connections, duration: 1, amount: options.backlog });
        const enabledAt = monotonicMs();
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
          const answeredAt = monotonicMs();
          const version = Number(/\d+/.exec(res.headers.get('etag') ?? '')?.[0]);
          await res.arrayBuffer();
          const arrived = await receiver.arrival(`/${dialect}/latency`, id, version, 30_000);
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
    .option('--rounds <n>', 'round pairs (without / with subscriptions, alternating which goes first)', int(1), 3)
    .option('--warmup <seconds>', 'untimed PATCH load without and with subscriptions before the rounds (0: none)', int(0), 3)
    .option('--dialect <name>', 'only this dialect (sqlite or postgres); default SQLite, then PostgreSQL when BENCH_DATABASE_URL is set')
    .option('--backlog <n>', 'events in the delivery-throughput backlog', int(1), 20_000)
    .option('--latency-samples <n>', 'sequential PATCHes timed for latency', int(1), 200)
    .option('--cpu-prof <dir>', 'write V8 CPU profiles of contactd there (summarise with bench/profile-summary.ts)')
    .parse();
  const { dialect, cpuProf, ...cli } = program.opts<{ contacts: number; connections: number; duration: number; amount?: number; rounds: number; warmup: number; backlog: number; latencySamples: number; cpuProf?: string; dialect?: string }>();
  const postgresUrl = process.env.BENCH_DATABASE_URL || null;
  if (dialect !== undefined && dialect !== 'sqlite' && dialect !== 'postgres') program.error(`--dialect: expected sqlite or postgres, not ${dialect}`);
  if (dialect === 'postgres' && postgresUrl === null) program.error('--dialect postgres needs BENCH_DATABASE_URL');
  const dialects: BenchDialect[] = dialect === 'sqlite' || dialect === 'postgres' ? [dialect] : postgresUrl === null ? ['sqlite'] : ['sqlite', 'postgres'];
  const reports = await runWebhookBench({ ...cli, cpuProfDir: cpuProf ?? null, dialects, postgresUrl, log: (line) => process.stdout.write(`${line}\n`) });
  process.stdout.write(`\n${formatWebhookReport(reports)}\n`);
}
