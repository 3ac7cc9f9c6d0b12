import { sql } from 'kysely';
import { afterEach, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { openDatabase } from '../../src/storage/database.ts';
import { describeEachDialect } from '../helpers/databases.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

describeEachDialect('start-up with events still queued (PostgreSQL numbers committed events after the write)', (dialect) => {
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  // SQLite numbers each event in its write: nothing is ever queued, so there is nothing to number at start.
  it('a server starts and serves while the queued events cannot be numbered yet (a large backlog after a bulk import), and numbers them once it can', { timeout: 60_000 }, async () => {
    t = await createTestApp(dialect);
    const created = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: 'Queued' } } });
    expect(created.statusCode, created.body).toBe(201);
    const events = async () => Number((await sql<{ n: string | number }>`select count(*) as n from contact_events where organization_id = ${t!.org.organizationId}`.execute(t!.db.database.db)).rows[0]?.n);
    await vi.waitFor(async () => expect(await events()).toBe(1));
    if (dialect === 'sqlite') return;

    // Another session holds the organization's counter row: numbering waits for it, as behind a long backlog.
    const locker = openDatabase(t.db.url);
    let release = () => undefined as void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked = () => undefined as void;
    const holding = new Promise<void>((resolve) => (locked = resolve));
    const holder = locker.db.transaction().execute(async (trx) => {
      await sql`select last_sequence from event_sequences where organization_id = ${t!.org.organizationId} for update`.execute(trx);
      locked();
      await released;
    });
    try {
      await holding;
      // A write commits (its event queued) but cannot be numbered while the row is held.
      const second = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: 'Behind' } } });
      expect(second.statusCode, second.body).toBe(201);
      // A second server on the same database: its start-up sweep would wait on the row.
      const other = await buildApp({ config: t.config, database: t.db.database });
      try {
        const ready = await Promise.race([other.ready().then(() => 'ready'), new Promise((resolve) => setTimeout(() => resolve('still starting'), 5_000))]);
        expect(ready).toBe('ready');
        const health = await other.inject({ method: 'GET', url: '/api/v2/health' });
        expect(health.statusCode).toBe(200);
        expect(await events()).toBe(1);
        release();
        await holder;
        await vi.waitFor(async () => expect(await events()).toBe(2), { timeout: 10_000 });
      } finally {
        await other.close();
      }
    } finally {
      release();
      await holder.catch(() => undefined);
      await locker.close();
    }
  });
});
