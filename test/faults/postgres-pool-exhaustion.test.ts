import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/database.ts';
import { POSTGRES_URL } from '../helpers/databases.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { unavailableBecause } from './support/services.ts';

const skip = unavailableBecause(POSTGRES_URL === null ? 'CONTACTD_TEST_POSTGRES_URL is not set' : null, 'the PostgreSQL pool exhaustion fault test');

// Reason: `skip` says why (no CONTACTD_TEST_POSTGRES_URL); unavailableBecause throws instead under CI=true.
describe.skipIf(skip !== null)('fault: every pooled PostgreSQL connection is busy', () => {
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  it('503 service_unavailable with Retry-After once PG_POOL_ACQUIRE_TIMEOUT_MS runs out, before the slow queries end; 200 again after', { timeout: 60_000 }, async () => {
    t = await createTestApp('postgres', { pgPoolMax: 2, pgPoolAcquireTimeoutMs: 300 });
    const created = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: 'Pooled' } } });
    expect(created.statusCode).toBe(201);
    const id = (created.json() as { data: { id: string } }).data.id;

    // Both connections of the pool run a slow query; a second connection (not from the pool) watches for them.
    const marker = `slow_${randomBytes(6).toString('hex')}`;
    let slowDone = false;
    const slow = Promise.all([1, 2].map(() => sql.raw(`select pg_sleep(8) as ${marker}`).execute(t!.db.database.db))).finally(() => {
      slowDone = true;
    });
    const watcher = openDatabase(POSTGRES_URL as string);
    try {
      await expect.poll(async () => Number((await sql<{ n: string }>`select count(*) as n from pg_stat_activity where state = 'active' and query like ${`%as ${marker}`}`.execute(watcher.db)).rows[0]?.n), { timeout: 10_000, interval: 50 }).toBe(2);
    } finally {
      await watcher.close();
    }

    const refused = await Promise.all(Array.from({ length: 4 }, () => t!.request({ method: 'GET', url: `/api/v2/contact/${id}` })));
    // Answered while both connections were still busy: the requests did not wait for a connection to come free.
    expect(slowDone).toBe(false);
    for (const res of refused) {
      expect(res.statusCode, res.body).toBe(503);
      expect(res.json()).toMatchObject({ error: { code: 'service_unavailable', message: expect.stringContaining('connection') } });
      expect(res.headers['retry-after']).toBe('1');
    }
    await slow;
    expect((await t.request({ method: 'GET', url: `/api/v2/contact/${id}` })).statusCode).toBe(200);
  });
});
