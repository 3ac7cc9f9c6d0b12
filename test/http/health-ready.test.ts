import { afterEach, expect, it } from 'vitest';
import { serviceUnavailable } from '../../src/domain/errors.ts';
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
    (database as { ping: () => Promise<void> }).ping = () => Promise.reject(serviceUnavailable('the database is unreachable or restarting'));
    try {
      const res = await t.request({ method: 'GET', url: '/api/v2/health/ready', key: null });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.json()).toMatchObject({ error: { code: 'service_unavailable', details: [{ code: 'service_unavailable', field: 'database', message: 'database: the database is unreachable or restarting' }] } });
      expect((await t.request({ method: 'GET', url: '/api/v2/health', key: null })).statusCode).toBe(200);
    } finally {
      (database as { ping: () => Promise<void> }).ping = ping;
    }
  });

  it('503 whose details never quote a driver\'s own words (no key is needed to read them): hosts, users and database names stay in the log', async () => {
    t = await createTestApp(dialect);
    const { database } = t.db;
    const ping = database.ping;
    // What node-postgres rejects with when pg_hba.conf refuses a new connection (SQLSTATE 28000), which postgresFault leaves as it is.
    const refusal = Object.assign(new Error('no pg_hba.conf entry for host "10.20.30.40", user "contactd_prod", database "crm_main", no encryption'), { code: '28000' });
    (database as { ping: () => Promise<void> }).ping = () => Promise.reject(refusal);
    try {
      const res = await t.request({ method: 'GET', url: '/api/v2/health/ready', key: null });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ error: { code: 'service_unavailable', message: 'not ready: database unavailable', details: [{ code: 'service_unavailable', field: 'database', message: 'database: it failed with an error the server has logged' }] } });
      for (const secret of ['10.20.30.40', 'contactd_prod', 'crm_main', 'pg_hba']) expect(res.body).not.toContain(secret);
    } finally {
      (database as { ping: () => Promise<void> }).ping = ping;
    }
  });
});
