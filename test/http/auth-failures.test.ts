import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { MemoryRateLimiter } from '../../src/domain/rate-limiter.ts';
import { clientAddressKey } from '../../src/http/auth-failures.ts';
import { RedisRateLimiter } from '../../src/storage/redis-rate-limiter.ts';
import { describeWhenAvailable } from '../helpers/backends.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

const REDIS_URL = process.env.CONTACTD_TEST_REDIS_URL ?? null;

const WRONG_KEY = 'ctd_not_a_real_key_at_all_000000';

describe('failed API key checks limited per client address', () => {
  let t: TestApp;
  let now = 5_000_000;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { authFailureLimitPerMinute: 3 }, { rateLimiter: new MemoryRateLimiter(() => now) });
  });
  afterAll(async () => t.close());

  const read = (remoteAddress: string, key: string | null = t.org.key, headers: Record<string, string> = {}) =>
    t.request({ method: 'POST', url: '/api/v2/contact/_query', body: {}, key, remoteAddress, headers });

  it('429 rate_limited with Retry-After after 3 wrong keys from one address, for wrong and right keys alike', async () => {
    const address = '192.0.2.10';
    for (let i = 0; i < 3; i += 1) {
      const res = await read(address, `${WRONG_KEY}${i}`);
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('unauthenticated');
    }
    const wrong = await read(address, WRONG_KEY);
    expect(wrong.statusCode).toBe(429);
    expect(wrong.json().error).toMatchObject({ code: 'rate_limited', request_id: expect.any(String), details: [{ code: 'rate_limited', limit: 3, retry_after_seconds: 20 }] });
    expect(wrong.headers['retry-after']).toBe('20');
    // The right key is refused too: otherwise a guesser would see a hit as the one answer that is not 429.
    const right = await read(address);
    expect(right.statusCode).toBe(429);
    expect(right.json().error.code).toBe('rate_limited');
  });

  it('200 for the same key from another address while the first is limited', async () => {
    expect((await read('192.0.2.11')).statusCode).toBe(200);
  });

  it('200 once the window has refilled one attempt, and 429 again after one more failure', async () => {
    const address = '192.0.2.10';
    now += 20_000;
    expect((await read(address)).statusCode).toBe(200);
    expect((await read(address, WRONG_KEY)).statusCode).toBe(401);
    expect((await read(address)).statusCode).toBe(429);
    now += 60_000;
    expect((await read(address)).statusCode).toBe(200);
  });

  it('200 after many successful requests: only failures count', async () => {
    const address = '192.0.2.12';
    for (let i = 0; i < 10; i += 1) expect((await read(address)).statusCode).toBe(200);
    for (let i = 0; i < 2; i += 1) expect((await read(address, WRONG_KEY)).statusCode).toBe(401);
    expect((await read(address)).statusCode).toBe(200);
  });

  it('401 every time for requests with no key at all: nothing is being guessed, so they do not count', async () => {
    const address = '192.0.2.13';
    for (let i = 0; i < 5; i += 1) expect((await read(address, null)).statusCode).toBe(401);
    expect((await read(address)).statusCode).toBe(200);
  });

  it('429 for revoked keys too: a revoked key is a failed check', async () => {
    const address = '192.0.2.14';
    const revoked = await t.newKey(t.org, ['contacts:read']);
    await t.tenancy.revokeApiKey(revoked.id);
    for (let i = 0; i < 3; i += 1) expect((await read(address, revoked.key)).statusCode).toBe(401);
    expect((await read(address, revoked.key)).statusCode).toBe(429);
  });

  it('429 across one IPv6 /64: its addresses share one count, another /64 does not', async () => {
    for (const suffix of ['1', '2', '3']) expect((await read(`2001:db8:aa:1::${suffix}`, WRONG_KEY)).statusCode).toBe(401);
    expect((await read('2001:db8:aa:1:ffff::9')).statusCode).toBe(429);
    expect((await read('2001:db8:aa:2::1')).statusCode).toBe(200);
  });

  it('200 when only X-Forwarded-For changes: without TRUST_PROXY the header does not decide the address', async () => {
    const address = '192.0.2.15';
    for (let i = 0; i < 3; i += 1) expect((await read(address, WRONG_KEY, { 'x-forwarded-for': `198.51.100.${i}` })).statusCode).toBe(401);
    expect((await read(address, t.org.key, { 'x-forwarded-for': '198.51.100.99' })).statusCode).toBe(429);
  });
});

describe('failed API key checks behind a trusted proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { authFailureLimitPerMinute: 2, trustProxy: ['127.0.0.1'] });
  });
  afterAll(async () => t.close());

  it('429 for the client X-Forwarded-For names, 200 for another client behind the same proxy', async () => {
    const viaProxy = (client: string, key: string) =>
      t.request({ method: 'GET', url: `/api/v2/contact/${randomUUID()}`, key, remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': client } });
    expect((await viaProxy('203.0.113.7', WRONG_KEY)).statusCode).toBe(401);
    expect((await viaProxy('203.0.113.7', WRONG_KEY)).statusCode).toBe(401);
    expect((await viaProxy('203.0.113.7', t.org.key)).statusCode).toBe(429);
    expect((await viaProxy('203.0.113.8', t.org.key)).statusCode).toBe(404);
  });
});

describe('failed API key checks with the limit off', () => {
  it('401 on every wrong key and 200 after them when AUTH_FAILURE_LIMIT_PER_MINUTE is 0', async () => {
    const t = await createTestApp('sqlite', { authFailureLimitPerMinute: 0 });
    try {
      for (let i = 0; i < 20; i += 1) expect((await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: {}, key: WRONG_KEY })).statusCode).toBe(401);
      expect((await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: {} })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});

// Without CONTACTD_TEST_REDIS_URL there is no Redis to share the counts through.
describeWhenAvailable('failed API key checks counted through Redis', REDIS_URL === null ? 'CONTACTD_TEST_REDIS_URL is not set (redis://…)' : null, () => {
  let t: TestApp;
  const apps: FastifyInstance[] = [];
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });
  afterAll(async () => t.close());

  it('429 on the third app request when two failures went through two apps sharing one Redis', async () => {
    const config = loadConfig({ REDIS_URL: REDIS_URL as string }, { databaseUrl: t.db.url, logLevel: 'silent', keyCacheTtlMs: 0, authFailureLimitPerMinute: 2 });
    const prefix = `contactd-test:${randomUUID()}:`;
    for (let i = 0; i < 2; i += 1) {
      const limiter = new RedisRateLimiter(REDIS_URL as string, { keyPrefix: prefix });
      const app = await buildApp({ config, database: t.db.database, rateLimiter: limiter });
      app.addHook('onClose', async () => limiter.close());
      apps.push(app);
    }
    const query = (i: number, key: string) =>
      (apps[i % 2] as FastifyInstance).inject({ method: 'POST', url: '/api/v2/contact/_query', remoteAddress: '192.0.2.50', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, payload: '{}' });
    expect((await query(0, t.org.key)).statusCode).toBe(200);
    expect((await query(0, WRONG_KEY)).statusCode).toBe(401);
    expect((await query(1, WRONG_KEY)).statusCode).toBe(401);
    const refused = await query(0, t.org.key);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });
});

describe('clientAddressKey', () => {
  it('keeps IPv4, unwraps IPv4-mapped IPv6, and cuts IPv6 to its /64', () => {
    expect(clientAddressKey('192.0.2.1')).toBe('192.0.2.1');
    expect(clientAddressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(clientAddressKey('2001:db8:0:1:2:3:4:5')).toBe('2001:db8:0:1::/64');
    expect(clientAddressKey('2001:0db8:0000:0001::5')).toBe('2001:db8:0:1::/64');
    expect(clientAddressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientAddressKey('::1')).toBe('0:0:0:0::/64');
    expect(clientAddressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});
