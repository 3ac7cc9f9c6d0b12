import { randomUUID } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { MemoryRateLimiter } from '../../src/domain/rate-limiter.ts';
import { RedisRateLimiter } from '../../src/storage/redis-rate-limiter.ts';
import { describeWhenAvailable } from '../helpers/backends.ts';
import { describeEachDialect } from '../helpers/databases.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/** .ci/run sets this; without it the Redis-backed limiter tests cannot run. */
const REDIS_URL = process.env.CONTACTD_TEST_REDIS_URL ?? null;

const tight = { rateLimitWritePerSecond: 0.001, rateLimitWriteBurst: 3, rateLimitReadPerSecond: 0.001, rateLimitReadBurst: 5 };

describeEachDialect('rate limiting per API key', (dialect) => {
  let t: TestApp;
  let now = 1_000_000;
  beforeAll(async () => {
    t = await createTestApp(dialect, tight, { rateLimiter: new MemoryRateLimiter(() => now) });
  });
  afterAll(async () => t.close());

  const count = async (): Promise<number> =>
    Number((await t.db.database.db.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('2xx with RateLimit-Limit/Remaining/Reset on every write until the burst is spent, then 429 rate_limited with Retry-After', async () => {
    const remaining: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const res = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: `R${i}` } } });
      expect(res.statusCode).toBe(201);
      expect(res.headers['ratelimit-limit']).toBe('3');
      expect(Number(res.headers['ratelimit-reset'])).toBeGreaterThan(0);
      remaining.push(String(res.headers['ratelimit-remaining']));
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const before = await count();
    const refused = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: 'Over' } } });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error).toMatchObject({ code: 'rate_limited', request_id: expect.any(String), details: expect.any(Array) });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    expect(await count()).toBe(before);
  });

  it('200 for reads while writes are limited: reads have their own bucket, and 404s carry the headers too', async () => {
    const res = await t.request({ method: 'GET', url: `/api/v2/contact/${randomUUID()}` });
    expect(res.statusCode).toBe(404);
    expect(res.headers['ratelimit-limit']).toBe('5');
    expect(res.headers['ratelimit-remaining']).toBe('4');
  });

  it('200 for GETs of webhooks while writes are limited: every GET (any :read permission) spends the read bucket', async () => {
    const key = await t.newKey(t.org, ['contacts:write', 'webhooks:read']);
    for (let i = 0; i < 3; i += 1) expect((await t.request({ method: 'POST', url: '/api/v2/contact', key: key.key, body: { attributes: { first_name: `W${i}` } } })).statusCode).toBe(201);
    expect((await t.request({ method: 'POST', url: '/api/v2/contact', key: key.key, body: { attributes: { first_name: 'Over' } } })).statusCode).toBe(429);
    const list = await t.request({ method: 'GET', url: '/api/v2/webhook', key: key.key });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.headers['ratelimit-limit']).toBe('5');
    expect(list.headers['ratelimit-remaining']).toBe('4');
  });

  it('201 for another key of the same organization: buckets are per key', async () => {
    const other = await t.newKey(t.org, ['contacts:read', 'contacts:write']);
    const res = await t.request({ method: 'POST', url: '/api/v2/contact', key: other.key, body: { attributes: { first_name: 'Other' } } });
    expect(res.statusCode).toBe(201);
  });

  it('201 again once the bucket has refilled', async () => {
    now += 1000 / tight.rateLimitWritePerSecond;
    const res = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: 'Later' } } });
    expect(res.statusCode).toBe(201);
  });

  it('403 for a read-only key writing still carries the rate-limit headers', async () => {
    const readOnly = await t.newKey(t.org, ['contacts:read']);
    const res = await t.request({ method: 'POST', url: '/api/v2/contact', key: readOnly.key, body: { attributes: { first_name: 'No' } } });
    expect(res.statusCode).toBe(403);
    expect(res.headers['ratelimit-limit']).toBe('3');
    expect(res.headers['ratelimit-remaining']).toBe('2');
  });

  it('401 without rate-limit headers: only authenticated responses carry them', async () => {
    const res = await t.request({ method: 'GET', url: `/api/v2/contact/${randomUUID()}`, key: 'ctd_not_a_real_key_at_all_000000' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['ratelimit-limit']).toBeUndefined();
  });
});

// Without CONTACTD_TEST_REDIS_URL there is no Redis to share buckets through.
describeWhenAvailable('rate limiting shared through Redis', REDIS_URL === null ? 'CONTACTD_TEST_REDIS_URL is not set (redis://…)' : null, () => {
  let t: TestApp;
  const limiters: RedisRateLimiter[] = [];
  beforeAll(async () => {
    t = await createTestApp('sqlite', { ...tight, rateLimitWriteBurst: 4 });
  });
  afterAll(async () => {
    await t.close();
    for (const l of limiters) await l.close();
  });

  it('429 on the fifth write when four went through two apps sharing one Redis bucket', async () => {
    const prefix = `contactd-test:${randomUUID()}:`;
    const apps: FastifyInstance[] = [];
    for (let i = 0; i < 2; i += 1) {
      const limiter = new RedisRateLimiter(REDIS_URL as string, { keyPrefix: prefix });
      limiters.push(limiter);
      apps.push(await buildApp({ config: t.config, database: t.db.database, rateLimiter: limiter }));
    }
    const post = (i: number) =>
      (apps[i % 2] as FastifyInstance).inject({ method: 'POST', url: '/api/v2/contact', headers: { authorization: `Bearer ${t.org.key}`, 'content-type': 'application/json' }, payload: JSON.stringify({ attributes: { first_name: `S${i}` } }) });
    const statuses: number[] = [];
    const remaining: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const res = await post(i);
      statuses.push(res.statusCode);
      remaining.push(String(res.headers['ratelimit-remaining']));
    }
    expect(statuses).toEqual([201, 201, 201, 201, 429]);
    expect(remaining).toEqual(['3', '2', '1', '0', '0']);
    for (const app of apps) await app.close();
  });

  it('buildApp uses Redis when REDIS_URL is configured', async () => {
    const config = loadConfig({ REDIS_URL: REDIS_URL as string }, { databaseUrl: t.db.url, logLevel: 'silent', keyCacheTtlMs: 0, ...tight, rateLimitWriteBurst: 2 });
    const a = await buildApp({ config, database: t.db.database });
    const b = await buildApp({ config, database: t.db.database });
    const newKey = await t.newKey(t.org, ['contacts:read', 'contacts:write']); // a fresh key id, so a fresh bucket
    const post = (app: typeof a) =>
      app.inject({ method: 'POST', url: '/api/v2/contact', headers: { authorization: `Bearer ${newKey.key}`, 'content-type': 'application/json' }, payload: '{"attributes":{"first_name":"X"}}' });
    expect([(await post(a)).statusCode, (await post(b)).statusCode, (await post(a)).statusCode]).toEqual([201, 201, 429]);
    await a.close();
    await b.close();
  });
});

describe('rate limiting when Redis is unreachable', () => {
  it('falls back to per-process buckets and reports it instead of failing requests', async () => {
    const failures: unknown[] = [];
    const limiter = new RedisRateLimiter('redis://127.0.0.1:1', { keyPrefix: `x:${randomUUID()}:`, onFallback: (e) => failures.push(e) });
    try {
      const policy = { ratePerSecond: 0.001, burst: 2 };
      const decisions = [await limiter.take('k', policy), await limiter.take('k', policy), await limiter.take('k', policy)];
      expect(decisions.map((d) => d.allowed)).toEqual([true, true, false]);
      expect(failures.length).toBe(1);
    } finally {
      await limiter.close();
    }
  });

  it('a Redis that accepts connections but never answers delays at most one request by about 1 s, not every request', async () => {
    // A hung Redis (or one behind a stalled network path): TCP connects, no reply ever comes.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const failures: unknown[] = [];
    const limiter = new RedisRateLimiter(`redis://127.0.0.1:${port}`, { keyPrefix: `x:${randomUUID()}:`, onFallback: (e) => failures.push(e) });
    try {
      const policy = { ratePerSecond: 0.001, burst: 100 };
      const startedAt = Date.now();
      // What one request does: the failed-authentication peek, then the take.
      for (let i = 0; i < 6; i += 1) {
        await limiter.peek('auth', policy);
        expect((await limiter.take('k', policy)).allowed).toBe(true);
      }
      // Each command waiting out its 1 s timeout made every request about 2 s slower.
      expect(Date.now() - startedAt).toBeLessThan(2500);
      expect(failures.length).toBe(1);
    } finally {
      await limiter.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
