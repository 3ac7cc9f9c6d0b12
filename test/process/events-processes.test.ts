import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { newBootstrapKey, startChildServer, type ChildServer } from '../helpers/child-server.ts';
import { describeEachDialect, openTestDatabase, type TestDatabase } from '../helpers/databases.ts';

interface EventPage {
  data: Array<{ sequence: number; type: string; record_id: string; version: number }>;
  next_cursor: string;
}

describeEachDialect('change events across server processes', (dialect) => {
  const file = join(tmpdir(), `contactd-events-${randomUUID()}.sqlite`);
  const key = newBootstrapKey();
  let db: TestDatabase;
  let a: ChildServer;
  let b: ChildServer;
  const children: ChildServer[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await openTestDatabase(dialect, { sqliteFile: file, migrate: false });
    env = { DATABASE_URL: db.url, CONTACTD_BOOTSTRAP_API_KEY: key };
    a = await startChildServer(env);
    b = await startChildServer(env);
    children.push(a, b);
  }, 120_000);
  afterAll(async () => {
    for (const c of children) await c.kill();
    await db?.destroy();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  });

  const call = (server: ChildServer, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(server.url + path, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  // The wait is 30 s and the test's own limit 20 s: only a wake-up from the other process's commit can pass it.
  it('a long poll on one process is answered by a write committed through another', { timeout: 20_000 }, async () => {
    const now = (await (await call(a, 'POST', '/api/v2/event/_query', { cursor: 'now' })).json()) as EventPage;
    const polling = call(a, 'POST', '/api/v2/event/_query', { cursor: now.next_cursor, wait_seconds: 30 });
    await new Promise((r) => setTimeout(r, 300));
    const created = await call(b, 'POST', '/api/v2/contact', { attributes: { first_name: 'Across' } });
    expect(created.status).toBe(201);
    const id = ((await created.json()) as { data: { id: string } }).data.id;
    const res = await polling;
    expect(res.status).toBe(200);
    expect(((await res.json()) as EventPage).data.map((e) => [e.type, e.record_id])).toEqual([['contact.created', id]]);
  });

  it('a process killed between a create\'s commit and its answer: the retry with the same Idempotency-Key replays it, no second contact', { timeout: 120_000 }, async () => {
    const faulty = await startChildServer({ ...env, CONTACTD_TEST_FAULT: 'exit-after-commit' });
    children.push(faulty);
    const marker = `Killed${randomUUID().slice(0, 8)}`;
    const idempotencyKey = randomUUID();
    const body = { attributes: { first_name: marker } };
    const lost = await call(faulty, 'POST', '/api/v2/contact', body, { 'idempotency-key': idempotencyKey }).catch((error: unknown) => error);
    expect(lost).toBeInstanceOf(Error);
    await faulty.kill();
    expect(faulty.process.signalCode).toBe('SIGKILL');

    const retry = await call(a, 'POST', '/api/v2/contact', body, { 'idempotency-key': idempotencyKey });
    expect(retry.status, await retry.clone().text()).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const id = ((await retry.json()) as { data: { id: string } }).data.id;
    const found = await call(a, 'POST', '/api/v2/contact/_query', { filters: [{ field: 'first_name', operator: 'eq', value: marker }] });
    expect(((await found.json()) as { data: Array<{ id: string }> }).data.map((c) => c.id)).toEqual([id]);
    const events = (await (await call(a, 'POST', '/api/v2/event/_query', { record_id: id })).json()) as EventPage;
    expect(events.data.map((e) => [e.type, e.version])).toEqual([['contact.created', 1]]);
  });

  it('EVENT_RETENTION_DAYS: a server starting with it deletes the older events at once; a cursor before them is 410 cursor_expired', { timeout: 120_000 }, async () => {
    const before = ((await (await call(a, 'POST', '/api/v2/event/_query', { cursor: 'now' })).json()) as EventPage).next_cursor;
    const old = await call(a, 'POST', '/api/v2/contact', { attributes: { first_name: 'Old' } });
    expect(old.status).toBe(201);
    // Read the feed once (PostgreSQL numbers queued events first), then age every event so far by three days.
    expect((await call(a, 'POST', '/api/v2/event/_query', { limit: 1000 })).status).toBe(200);
    await db.database.db.updateTable('contact_events').set({ occurred_at: new Date(Date.now() - 3 * 86_400_000).toISOString() }).execute();
    const fresh = await call(a, 'POST', '/api/v2/contact', { attributes: { first_name: 'Fresh' } });
    const freshId = ((await fresh.json()) as { data: { id: string } }).data.id;
    const retaining = await startChildServer({ ...env, EVENT_RETENTION_DAYS: '2' });
    children.push(retaining);
    // The purge runs at start: the feed then begins with the fresh contact's event.
    await expect.poll(async () => ((await (await call(retaining, 'POST', '/api/v2/event/_query', {})).json()) as EventPage).data.map((e) => e.record_id), { timeout: 20_000 }).toEqual([freshId]);
    const expired = await call(retaining, 'POST', '/api/v2/event/_query', { cursor: before });
    expect(expired.status).toBe(410);
    expect(await expired.json()).toMatchObject({ error: { code: 'cursor_expired' } });
  });
});
