import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { Metrics } from '../../src/metrics.ts';
import { describeEachDialect, openTestDatabase } from '../helpers/databases.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/** The value of one sample line (`name{labels} value`), or null when the text has no such line. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | null {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null || match[1] !== name) continue;
    const present = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => present[k] === v)) return Number(match[3]);
  }
  return null;
}

describeEachDialect('GET /metrics', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  const scrape = async (): Promise<string> => {
    const res = await t.request({ method: 'GET', url: '/metrics', key: null });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    return res.body;
  };

  it('200 with request durations labelled by route pattern and status, never by the raw URL', async () => {
    const id = randomUUID();
    expect((await t.request({ method: 'GET', url: `/api/v2/contact/${id}` })).statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url: `/api/v2/contact/${id}` })).statusCode).toBe(404);
    const created = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: 'Metric' } } });
    expect(created.statusCode).toBe(201);
    const text = await scrape();
    expect(sample(text, 'contactd_http_request_duration_seconds_count', { method: 'GET', route: '/api/v2/contact/:contact_id', status_code: '404' })).toBe(2);
    expect(sample(text, 'contactd_http_request_duration_seconds_count', { method: 'POST', route: '/api/v2/contact', status_code: '201' })).toBe(1);
    expect(sample(text, 'contactd_http_request_duration_seconds_bucket', { method: 'POST', route: '/api/v2/contact', status_code: '201', le: '+Inf' })).toBe(1);
    expect(text).toContain('# TYPE contactd_http_request_duration_seconds histogram');
    expect(text).not.toContain(id);
  });

  it('200 with unknown paths under one "unmatched" route and refused requests counted by their status', async () => {
    for (const path of ['/wp-login.php', `/nope/${randomUUID()}`]) expect((await t.request({ method: 'GET', url: path, key: null })).statusCode).toBe(404);
    expect((await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: {}, key: 'ctd_wrong_key_for_metrics_0000000' })).statusCode).toBe(401);
    const text = await scrape();
    expect(sample(text, 'contactd_http_request_duration_seconds_count', { method: 'GET', route: 'unmatched', status_code: '404' })).toBe(2);
    expect(sample(text, 'contactd_http_request_duration_seconds_count', { method: 'POST', route: '/api/v2/contact/_query', status_code: '401' })).toBe(1);
    expect(text).not.toContain('wp-login');
  });

  it('200 counting requests refused before routing (bad percent-encoding, an over-long path segment) under "unmatched"', async () => {
    const unmatched = (text: string) => sample(text, 'contactd_http_request_duration_seconds_count', { method: 'GET', route: 'unmatched', status_code: '404' }) ?? 0;
    const before = unmatched(await scrape());
    expect((await t.request({ method: 'GET', url: '/api/v2/contact/%E0%A4%A', key: null })).statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url: `/api/v2/contact/${'x'.repeat(300)}`, key: null })).statusCode).toBe(404);
    expect(unmatched(await scrape())).toBe(before + 2);
  });

  it('200 with the version, in-flight requests (the scrape itself) and the process metrics', async () => {
    const text = await scrape();
    expect(text).toMatch(/^contactd_info\{version="\d+\.\d+\.\d+[^"]*"\} 1$/m);
    expect(sample(text, 'contactd_http_requests_in_flight')).toBe(1);
    expect(sample(text, 'contactd_server_processes')).toBe(1);
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
      expect(sample(text, name), name).toBeGreaterThanOrEqual(0);
    }
  });

  if (dialect === 'postgres') {
    it('200 with the PostgreSQL pool: its maximum, open, idle connections and waiting queries', async () => {
      const text = await scrape();
      expect(sample(text, 'contactd_db_pool_max_connections')).toBe(10);
      expect(sample(text, 'contactd_db_pool_connections')).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'contactd_db_pool_idle_connections')).toBeGreaterThanOrEqual(0);
      expect(sample(text, 'contactd_db_pool_waiting_requests')).toBe(0);
      expect(sample(text, 'contactd_sqlite_database_bytes')).toBeNull();
    });
  } else {
    it('200 without pool gauges for SQLite, which has one connection and no pool', async () => {
      const text = await scrape();
      expect(sample(text, 'contactd_db_pool_connections')).toBeNull();
    });
  }
});

describe('GET /metrics for a SQLite file', () => {
  it('200 with the sizes of the database file and its write-ahead log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'contactd-metrics-'));
    const db = await openTestDatabase('sqlite', { sqliteFile: join(dir, 'm.sqlite') });
    try {
      const app = await buildApp({ config: loadConfig({}, { databaseUrl: db.url, logLevel: 'silent' }), database: db.database });
      const res = await app.inject({ method: 'GET', url: '/metrics' });
      expect(sample(res.body, 'contactd_sqlite_database_bytes')).toBeGreaterThan(0);
      expect(sample(res.body, 'contactd_sqlite_wal_bytes')).toBeGreaterThanOrEqual(0);
      await app.close();
    } finally {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('GET /metrics in flight', () => {
  it('200 counting a request whose body is still arriving, and not counting it once its client has gone', async () => {
    const t = await createTestApp('sqlite');
    try {
      const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = new URL(address);
      const inFlight = async () => sample(await (await fetch(`${address}/metrics`)).text(), 'contactd_http_requests_in_flight');
      expect(await inFlight()).toBe(1);
      const socket = connect(Number(port), '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.write(`POST /api/v2/contact HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${t.org.key}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"attri`);
      await expect.poll(inFlight, { timeout: 5000, interval: 20 }).toBe(2);
      socket.destroy();
      await expect.poll(inFlight, { timeout: 5000, interval: 20 }).toBe(1);
    } finally {
      await t.close();
    }
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  const token = 'metrics-token-0123456789abcdef';
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { metricsToken: token, authFailureLimitPerMinute: 3 });
  });
  afterAll(async () => t.close());

  it('401 unauthenticated in the error shape without a token, and with a wrong one', async () => {
    const none = await t.request({ method: 'GET', url: '/metrics', key: null });
    expect(none.statusCode).toBe(401);
    expect(none.json().error).toMatchObject({ code: 'unauthenticated', request_id: expect.any(String), message: expect.stringContaining('METRICS_TOKEN') });
    const wrong = await t.request({ method: 'GET', url: '/metrics', key: `${token}x`, remoteAddress: '192.0.2.80' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('unauthenticated');
    expect(wrong.body).not.toContain('contactd_');
  });

  it('200 with the token as a Bearer credential; an API key is no metrics token', async () => {
    const res = await t.request({ method: 'GET', url: '/metrics', key: token });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('contactd_http_request_duration_seconds');
    expect((await t.request({ method: 'GET', url: '/metrics', key: t.org.key })).statusCode).toBe(401);
  });

  it('429 rate_limited with Retry-After after 3 wrong tokens from one address, the right token included', async () => {
    const address = '192.0.2.81';
    for (let i = 0; i < 3; i += 1) expect((await t.request({ method: 'GET', url: '/metrics', key: `wrong-token-${i}-xxxxxxxx`, remoteAddress: address })).statusCode).toBe(401);
    const refused = await t.request({ method: 'GET', url: '/metrics', key: token, remoteAddress: address });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await t.request({ method: 'GET', url: '/metrics', key: token, remoteAddress: '192.0.2.82' })).statusCode).toBe(200);
  });
});

describe('gauges that features register', () => {
  it('200 with a registered gauge read at each scrape, labelled readings, and a failing read not failing the scrape', async () => {
    const db = await openTestDatabase('sqlite');
    const metrics = new Metrics();
    let lag = 1.5;
    metrics.registerGauge({ name: 'contactd_test_lag_seconds', help: 'A lag.', aggregation: 'max', read: () => lag });
    metrics.registerGauge({ name: 'contactd_test_queue_depth', help: 'A queue.', labelNames: ['state'], read: async () => [{ labels: { state: 'pending' }, value: 4 }, { labels: { state: 'failed' }, value: 1 }] });
    metrics.registerGauge({ name: 'contactd_test_broken', help: 'Cannot be read.', read: () => { throw new Error('unreadable'); } });
    const app = await buildApp({ config: loadConfig({}, { databaseUrl: db.url, logLevel: 'silent' }), database: db.database, metrics });
    try {
      const first = await app.inject({ method: 'GET', url: '/metrics' });
      expect(first.statusCode).toBe(200);
      expect(sample(first.body, 'contactd_test_lag_seconds')).toBe(1.5);
      expect(sample(first.body, 'contactd_test_queue_depth', { state: 'pending' })).toBe(4);
      expect(sample(first.body, 'contactd_test_queue_depth', { state: 'failed' })).toBe(1);
      expect(sample(first.body, 'contactd_test_broken')).toBe(0);
      lag = 7;
      expect(sample((await app.inject({ method: 'GET', url: '/metrics' })).body, 'contactd_test_lag_seconds')).toBe(7);
      expect(() => metrics.registerGauge({ name: 'contactd_test_lag_seconds', help: 'Again.', read: () => 0 })).toThrow();
    } finally {
      await app.close();
      await db.destroy();
    }
  });
});
