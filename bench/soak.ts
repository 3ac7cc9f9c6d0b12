/**
 * `npm run soak [-- --duration 300 --keys 4 --concurrency 16 --database-url URL]`: mixed traffic from several keys
 * against contactd running as a child process; prints p50/p99 per interval, the 5xx count (must be 0) and the
 * server's RSS after warm-up and at the end (growth must stay under 10 %). Exit code 1 when either fails.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Tenancy } from '../src/domain/tenancy.ts';
import { migrate, openDatabase } from '../src/storage/database.ts';
import { SqlTenancyStore } from '../src/storage/sql-tenancy-store.ts';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '300' },
    keys: { type: 'string', default: '4' },
    concurrency: { type: 'string', default: '16' },
    interval: { type: 'string', default: '10' },
    'database-url': { type: 'string' },
  },
});
const durationS = Number(args.duration);
const keyCount = Number(args.keys);
const concurrency = Number(args.concurrency);
const intervalS = Number(args.interval);
const sqliteFile = join(tmpdir(), `contactd-soak-${randomUUID()}.sqlite`);
const databaseUrl = args['database-url'] ?? `sqlite:${sqliteFile}`;

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function main(): Promise<void> {
  // Keys are made before the server starts, directly in the database, so the soak measures only traffic.
  const database = openDatabase(databaseUrl);
  await migrate(database);
  const tenancy = new Tenancy(new SqlTenancyStore(database));
  const keys: string[] = [];
  for (let i = 0; i < keyCount; i += 1) {
    const org = await tenancy.createOrganization(`Soak ${i}`);
    const user = await tenancy.createUser(org.id, `soak${i}@example.com`, null);
    keys.push((await tenancy.createApiKey({ organizationId: org.id, userId: user.id })).key);
  }
  await database.close();

  const bin = fileURLToPath(new URL('../bin/contactd.js', import.meta.url));
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', RATE_LIMIT_READ_PER_SECOND: '100000', RATE_LIMIT_READ_BURST: '1000000', RATE_LIMIT_WRITE_PER_SECOND: '100000', RATE_LIMIT_WRITE_BURST: '1000000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`contactd exited with ${code}: ${out}`)));
  });
  const pid = child.pid as number;

  const statuses = new Map<number, number>();
  let fiveXx = 0;
  let errors = 0;
  let window: number[] = [];
  const windows: Array<{ t: number; n: number; p50: number; p99: number; rssMb: number }> = [];
  const ids: string[][] = keys.map(() => []);

  const call = async (key: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const started = performance.now();
    try {
      const res = await fetch(base + path, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      window.push(performance.now() - started);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status >= 500) {
        fiveXx += 1;
        process.stderr.write(`5xx: ${method} ${path} → ${res.status} ${text.slice(0, 200)}\n`);
      }
      return { status: res.status, text };
    } catch (error) {
      errors += 1;
      process.stderr.write(`request error: ${method} ${path}: ${String(error)}\n`);
      return { status: 0, text: '' };
    }
  };

  const hasQuery = (await call(keys[0] as string, 'POST', '/api/v2/contact/_query', {})).status !== 404;
  statuses.clear(); // the probe above is not traffic
  window = [];
  let seq = 0;
  const operation = async (k: number) => {
    const key = keys[k] as string;
    const mine = ids[k] as string[];
    const pick = () => mine[Math.floor(Math.random() * mine.length)];
    const n = (seq += 1);
    const r = Math.random();
    if (r < 0.3 || mine.length < 5) {
      const retry = Math.random() < 0.1;
      const body = { attributes: { first_name: `Soak${n}`, last_name: 'Load', primary_email: `soak.${n}.${randomUUID().slice(0, 6)}@example.com`, primary_phone_number: '+14155550100' } };
      const headers = { 'idempotency-key': randomUUID() };
      const res = await call(key, 'POST', '/api/v2/contact', body, headers);
      if (res.status === 201) mine.push((JSON.parse(res.text) as { data: { id: string } }).data.id);
      if (retry) await call(key, 'POST', '/api/v2/contact', body, headers);
      if (mine.length > 2000) mine.splice(0, 1000);
    } else if (r < 0.6) {
      await call(key, 'GET', `/api/v2/contact/${pick()}`);
    } else if (r < 0.78) {
      await call(key, 'PATCH', `/api/v2/contact/${pick()}`, { attributes: { title: `Title ${n}` } });
    } else if (r < 0.83) {
      await call(key, 'POST', `/api/v2/contact/${pick()}/attribute/contact_emails`, { email: `extra.${n}@example.com`, is_primary: false, labels: [] });
    } else if (r < 0.86) {
      const id = mine.pop();
      if (id !== undefined) await call(key, 'DELETE', `/api/v2/contact/${id}`);
    } else if (r < 0.96 && hasQuery) {
      await call(key, 'POST', '/api/v2/contact/_query', { filters: [{ field: 'last_name', operator: 'eq', value: 'Load' }], limit: 50 });
    } else {
      await call(key, 'GET', '/api/v2/_schema/contact');
    }
  };

  const startedAt = Date.now();
  const endAt = startedAt + durationS * 1000;
  const rssAtStart = rssMb(pid);
  let rssAfterWarmup = rssAtStart;
  const warmupS = Math.min(30, Math.max(intervalS, durationS / 10));
  const ticker = setInterval(() => {
    const sorted = window.sort((x, y) => x - y);
    const entry = { t: Math.round((Date.now() - startedAt) / 1000), n: sorted.length, p50: Math.round(percentile(sorted, 50) * 10) / 10, p99: Math.round(percentile(sorted, 99) * 10) / 10, rssMb: Math.round(rssMb(pid)) };
    windows.push(entry);
    if (entry.t <= warmupS + intervalS / 2) rssAfterWarmup = entry.rssMb;
    process.stdout.write(`t=${entry.t}s requests=${entry.n} p50=${entry.p50}ms p99=${entry.p99}ms rss=${entry.rssMb}MB 5xx=${fiveXx}\n`);
    window = [];
  }, intervalS * 1000);

  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      while (Date.now() < endAt) await operation(w % keyCount);
    }),
  );
  clearInterval(ticker);
  const rssAtEnd = rssMb(pid);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  if (!args['database-url']) for (const s of ['', '-wal', '-shm']) rmSync(sqliteFile + s, { force: true });

  const growth = ((rssAtEnd - rssAfterWarmup) / rssAfterWarmup) * 100;
  const total = [...statuses.values()].reduce((a, b) => a + b, 0);
  const summary = {
    date: new Date().toISOString(),
    machine: `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    database: databaseUrl.startsWith('sqlite:') ? 'sqlite' : 'postgres',
    duration_s: durationS,
    keys: keyCount,
    concurrency,
    requests: total,
    requests_per_s: Math.round(total / durationS),
    statuses: Object.fromEntries([...statuses.entries()].sort((x, y) => x[0] - y[0])),
    five_xx: fiveXx,
    transport_errors: errors,
    p99_ms_by_interval: windows.map((w) => w.p99),
    rss_mb: { at_start: Math.round(rssAtStart), after_warmup: Math.round(rssAfterWarmup), at_end: Math.round(rssAtEnd), growth_after_warmup_pct: Math.round(growth * 10) / 10 },
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  const ok = fiveXx === 0 && errors === 0 && growth < 10;
  process.stdout.write(ok ? 'SOAK PASSED\n' : 'SOAK FAILED\n');
  process.exit(ok ? 0 : 1);
}

await main();
