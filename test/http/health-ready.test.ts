import { afterEach, expect, it } from 'vitest';
import { MemoryRateLimiter, type RateLimiter } from '../../src/domain/rate-limiter.ts';
import { describeEachDialect } from '../helpers/databases.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

describeEachDialect('GET /api/v2/health/ready', (dialect) => {
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  it('200 ready with the database checked, without an API key', async () => {
    t = await createTestApp(dialect);
    const res = await t.request({ method: 'GET', url: '/api/v2/health/ready', key: null });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ data: { status: 'ready', checks: { database: 'ok' } } });
  });

  it('200 ready with redis reported unavailable: rate limits fall back to memory, so a lost Redis does not take the server out', async () => {
    const down: RateLimiter = Object.assign(new MemoryRateLimiter(), { ping: () => Promise.reject(new Error('the Redis connection is reconnecting')) });
    t = await createTestApp(dialect, {}, { rateLimiter: down });
    const res = await t.request({ method: 'GET', url: '/api/v2/health/ready', key: null });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ data: { status: 'ready', checks: { database: 'ok', redis: 'unavailable' } } });
  });

  it('503 service_unavailable with Retry-After and a detail naming the database when it does not answer', async () => {
    t = await createTestApp(dialect);
    const { database } = t.db;
    const ping = database.ping;
    (database as { ping: () => Promise<void> }).ping = () => Promise.reject(new Error('connection refused'));
    try {
      const res = await t.request({ method: 'GET', url: '/api/v2/health/ready', key: null });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.json()).toMatchObject({ error: { code: 'service_unavailable', details: [{ code: 'service_unavailable', field: 'database', message: 'database: connection refused' }] } });
      expect((await t.request({ method: 'GET', url: '/api/v2/health', key: null })).statusCode).toBe(200);
    } finally {
      (database as { ping: () => Promise<void> }).ping = ping;
    }
  });
});
