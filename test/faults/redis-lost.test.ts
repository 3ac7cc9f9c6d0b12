import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { ownRedisUnavailable, startOwnRedis, unavailableBecause, type OwnRedis } from './support/services.ts';

const skip = unavailableBecause(ownRedisUnavailable(), 'the Redis fault test');
const BURST = 1000;

// Reason: `skip` says why (no redis-server to start a Redis of its own); unavailableBecause throws instead under CI=true.
describe.skipIf(skip !== null)('fault: Redis goes away and comes back', () => {
  let redis: OwnRedis;
  let t: TestApp;
  let probe: Redis;

  beforeAll(async () => {
    redis = await startOwnRedis();
    // Reads refill so slowly that each request visibly takes one token from whichever bucket answers.
    t = await createTestApp('sqlite', { redisUrl: redis.url, rateLimitReadPerSecond: 0.001, rateLimitReadBurst: BURST });
    probe = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => 200 });
    probe.on('error', () => undefined);
  });
  afterAll(async () => {
    probe?.disconnect();
    await t?.close();
    await redis?.destroy();
  });

  const read = () => t.request({ method: 'GET', url: '/api/v2/_schema/contact' });
  const remaining = async () => {
    const res = await read();
    expect(res.statusCode).toBe(200);
    return Number(res.headers['ratelimit-remaining']);
  };
  /** The buckets kept in Redis right now. */
  const bucketsInRedis = async () => (await probe.keys('contactd:rl:*')).length;
  const ready = async () => (await t.request({ method: 'GET', url: '/api/v2/health/ready', key: null }));

  it('buckets live in Redis; while it is gone requests still pass (process memory) and readiness reports it; once it is back the buckets move back to Redis', { timeout: 60_000 }, async () => {
    await probe.connect();
    expect(await remaining()).toBe(BURST - 1);
    expect(await remaining()).toBe(BURST - 2);
    expect(await bucketsInRedis()).toBe(1);
    expect((await ready()).json()).toEqual({ data: { status: 'ready', checks: { database: 'ok', redis: 'ok' } } });

    await redis.stop();
    // Fail open: every request is still served, from this process's own buckets.
    for (let i = 0; i < 5; i += 1) expect(await remaining()).toBeGreaterThanOrEqual(BURST - 8);
    const during = await ready();
    expect(during.statusCode).toBe(200);
    expect(during.json()).toEqual({ data: { status: 'ready', checks: { database: 'ok', redis: 'unavailable' } } });

    // A new, empty Redis on the same address: the limiter reconnects by itself and uses it again.
    await redis.start();
    const startedAt = Date.now();
    await expect.poll(async () => {
      await read();
      return bucketsInRedis();
    }, { timeout: 15_000, interval: 200 }).toBe(1);
    process.stdout.write(`redis figures: ${JSON.stringify({ buckets_back_in_redis_after_start_ms: Date.now() - startedAt })}\n`);
    const inRedis = Number((await probe.hget((await probe.keys('contactd:rl:*'))[0] as string, 'tokens')));
    // The next request takes its token from that Redis bucket.
    expect(await remaining()).toBe(Math.floor(inRedis) - 1);
    expect((await ready()).json()).toEqual({ data: { status: 'ready', checks: { database: 'ok', redis: 'ok' } } });
  });
});
