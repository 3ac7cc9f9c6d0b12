import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { childPids, startServer, type ServerProcess } from '../../bench/server-process.ts';
import { CONTACTD, CONTACTD_ENTRY } from '../helpers/cli.ts';
import { describeEachDialect, openTestDatabase, type TestDatabase } from '../helpers/databases.ts';

const KEY = 'ctd_serve_workers_test_key_0123456789';

/** One request on a connection of its own, so node:cluster hands each to the next worker. */
function call(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: { data: { id: string } } }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(`${url}${path}`, {
      method,
      agent: false,
      headers: { authorization: `Bearer ${KEY}`, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) },
    }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as { data: { id: string } } }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** The node:cluster workers of a primary (not the esbuild service that tsx starts). */
const workerPids = (pid: number): number[] =>
  childPids(pid).filter((child) => existsSync(`/proc/${child}/cmdline`) && readFileSync(`/proc/${child}/cmdline`, 'utf8').includes(CONTACTD_ENTRY));

const processGone = (pid: number): Promise<void> =>
  new Promise((resolve) => {
    const poll = setInterval(() => {
      if (!existsSync(`/proc/${pid}`)) {
        clearInterval(poll);
        resolve();
      }
    }, 50);
  });

describeEachDialect('contactd serve --workers', (dialect) => {
  let dir: string;
  let db: TestDatabase;
  let server: ServerProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'contactd-workers-'));
    // The primary migrates: the database starts empty.
    db = await openTestDatabase(dialect, { sqliteFile: join(dir, 'shared.sqlite'), migrate: false });
    const env = { PATH: process.env.PATH ?? '', DATABASE_URL: db.url, LOG_LEVEL: 'warn', CONTACTD_BOOTSTRAP_API_KEY: KEY };
    server = await startServer('contactd --workers 2', process.execPath, [...CONTACTD, 'serve', '--port', '0', '--workers', '2'], env, /contactd listening on (http:\/\/\S+) \(\w+, 2 workers\)/);
  });
  afterAll(async () => {
    await server?.stop();
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('200 from every worker: a contact created through one connection reads back through fresh ones', async () => {
    expect(workerPids(server.pid)).toHaveLength(2);
    const created = await call(server.url, 'POST', '/api/v2/contact', { attributes: { first_name: 'Ada', primary_email: `ada.${dialect}@example.com` } });
    expect(created.status).toBe(201);
    const reads = await Promise.all(Array.from({ length: 6 }, () => call(server.url, 'GET', `/api/v2/contact/${created.json.data.id}`)));
    for (const read of reads) {
      expect(read.status).toBe(200);
      expect(read.json.data.id).toBe(created.json.data.id);
    }
  });

  it('200 from /metrics on every worker, each answer combining both workers', async () => {
    const scrape = async (): Promise<string> => {
      const res = await fetch(`${server.url}/metrics`, { headers: { connection: 'close' } });
      expect(res.status).toBe(200);
      return res.text();
    };
    const healthCount = (text: string): number => Number(/^contactd_http_request_duration_seconds_count\{[^}]*route="\/api\/v2\/health"[^}]*\} (\d+)$/m.exec(text)?.[1] ?? 0);
    const before = healthCount(await scrape());
    for (let i = 0; i < 6; i += 1) expect((await call(server.url, 'GET', '/api/v2/health')).status).toBe(200);
    for (let i = 0; i < 4; i += 1) {
      const text = await scrape();
      expect(text).toMatch(/^contactd_server_processes 2$/m);
      expect(healthCount(text)).toBe(before + 6);
      if (dialect === 'postgres') expect(text).toMatch(/^contactd_db_pool_max_connections 20$/m);
    }
  });

  it('503 service_unavailable with Retry-After, not 500, from /metrics while a worker does not answer the primary', { timeout: 60_000 }, async () => {
    const [stuck] = workerPids(server.pid);
    // A worker whose event loop is stuck: alive, connected, silent.
    process.kill(stuck as number, 'SIGSTOP');
    try {
      // Connections go to either worker; the stuck one never answers, so each try has its own deadline.
      let answer: Response | null = null;
      for (let i = 0; i < 6 && answer === null; i += 1) {
        answer = await fetch(`${server.url}/metrics`, { headers: { connection: 'close' }, signal: AbortSignal.timeout(9000) }).catch(() => null);
      }
      expect(answer).not.toBeNull();
      const res = answer as Response;
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('service_unavailable');
    } finally {
      process.kill(stuck as number, 'SIGCONT');
    }
  });

  it('replaces a worker that dies, and keeps serving', async () => {
    const [victim] = workerPids(server.pid);
    process.kill(victim as number, 'SIGKILL');
    await processGone(victim as number);
    await expect.poll(() => workerPids(server.pid).filter((p) => p !== victim).length, { timeout: 30_000, interval: 100 }).toBe(2);
    expect((await call(server.url, 'GET', '/api/v2/health')).status).toBe(200);
  });

  it('exits 0 on SIGTERM, stopping every worker', async () => {
    const workers = workerPids(server.pid);
    expect(await server.stop()).toBe(0);
    for (const pid of workers) await processGone(pid);
    expect(workers.every((pid) => !existsSync(`/proc/${pid}`))).toBe(true);
  });
});

it('exits 1 naming the problem when --workers asks to share an in-memory SQLite database', async () => {
  const child = spawn(process.execPath, [...CONTACTD, 'serve', '--workers', '2'], { env: { PATH: process.env.PATH ?? '', DATABASE_URL: 'sqlite::memory:' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(code).toBe(1);
  expect(stderr).toMatch(/in-memory SQLite database is private to one process/);
});
