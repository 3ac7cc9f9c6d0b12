import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newBootstrapKey, startChildServer, type ChildServer } from '../helpers/child-server.ts';
import { describeEachDialect, openTestDatabase, POSTGRES_URL, type TestDatabase } from '../helpers/databases.ts';
import { answer, startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

const api = async (server: ChildServer, key: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> => {
  const res = await fetch(server.url + path, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
};

const deliveriesOf = async (server: ChildServer, key: string, id: string): Promise<Array<{ status: string; attempts: number }>> => {
  const all: Array<{ status: string; attempts: number }> = [];
  let cursor: string | null = null;
  do {
    const page = await api(server, key, 'GET', `/api/v2/webhook/${id}/deliveries${cursor === null ? '' : `?cursor=${cursor}`}`);
    all.push(...(page.json.data as Array<{ status: string; attempts: number }>));
    cursor = page.json.next_cursor as string | null;
  } while (cursor !== null);
  return all;
};

describeEachDialect('webhooks across a kill -9', (dialect) => {
  const children: ChildServer[] = [];
  let testDb: TestDatabase | null = null;
  let receiver: WebhookReceiver | null = null;
  const file = join(tmpdir(), `contactd-webhook-crash-${randomUUID()}.sqlite`);
  afterAll(async () => {
    for (const c of children) await c.kill();
    await receiver?.close();
    await testDb?.destroy();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  });

  it('a delivery in flight when the process is killed is sent again after restart, with the same webhook-id, and then recorded delivered', { timeout: 120_000 }, async () => {
    testDb = await openTestDatabase(dialect, { sqliteFile: file, migrate: false });
    receiver = await startWebhookReceiver();
    const key = newBootstrapKey();
    // A short timeout makes the dead process's claim run out soon (its lease is the timeout plus 2 s).
    const env = { DATABASE_URL: testDb.url, CONTACTD_BOOTSTRAP_API_KEY: key, WEBHOOK_ALLOW_PRIVATE_URLS: 'true', WEBHOOK_TIMEOUT_MS: '1000', WEBHOOK_RETRY_SCHEDULE: '1s' };
    const first = await startChildServer(env);
    children.push(first);
    // The receiver takes the first request and never answers it: the attempt is in flight when the process dies.
    let gotFirst: () => void = () => undefined;
    const firstArrived = new Promise<void>((resolve) => {
      gotFirst = resolve;
    });
    receiver.behave(() => gotFirst());
    const sub = await api(first, key, 'POST', '/api/v2/webhook', { url: receiver.url });
    expect(sub.status).toBe(201);
    const subId = (sub.json.data as { id: string }).id;
    const created = await api(first, key, 'POST', '/api/v2/contact', { attributes: { first_name: 'Crash' } });
    expect(created.status).toBe(201);
    await firstArrived;
    await first.kill('SIGKILL');

    receiver.behave(answer(200));
    const second = await startChildServer(env);
    children.push(second);
    await expect.poll(async () => (await deliveriesOf(second, key, subId)).map((d) => d.status), { timeout: 30_000, interval: 200 }).toEqual(['delivered']);
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]?.headers['webhook-id']).toBe(receiver.received[0]?.headers['webhook-id']);
    expect(receiver.received[1]?.json.record_id).toBe((created.json.data as { id: string }).id);
  });
});

describe.runIf(POSTGRES_URL !== null)('webhooks with two server processes on PostgreSQL', () => {
  const children: ChildServer[] = [];
  let testDb: TestDatabase | null = null;
  let receiver: WebhookReceiver | null = null;
  afterAll(async () => {
    for (const c of children) await c.kill();
    await receiver?.close();
    await testDb?.destroy();
  });

  it('each delivery attempt is made by one process: every event arrives exactly once (and a retried one exactly twice)', { timeout: 120_000 }, async () => {
    testDb = await openTestDatabase('postgres');
    receiver = await startWebhookReceiver();
    const key = newBootstrapKey();
    const env = { DATABASE_URL: testDb.url, CONTACTD_BOOTSTRAP_API_KEY: key, WEBHOOK_ALLOW_PRIVATE_URLS: 'true', WEBHOOK_RETRY_SCHEDULE: '1s' };
    const servers = [await startChildServer(env), await startChildServer(env)];
    children.push(...servers);
    // The first attempt of every tenth contact's events fails: those are retried once.
    const seen = new Set<string>();
    receiver.behave((got, response) => {
      const id = got.headers['webhook-id'] as string;
      const first = !seen.has(id);
      seen.add(id);
      response.statusCode = first && (got.json.changes as { first_name?: { current: { value: string } } }).first_name?.current.value.endsWith('0') ? 500 : 200;
      response.end();
    });
    const sub = await api(servers[0] as ChildServer, key, 'POST', '/api/v2/webhook', { url: receiver.url, event_types: ['contact.created'] });
    expect(sub.status).toBe(201);
    const subId = (sub.json.data as { id: string }).id;
    const count = 60;
    await Promise.all(Array.from({ length: count }, (_, i) => api(servers[i % 2] as ChildServer, key, 'POST', '/api/v2/contact', { attributes: { first_name: `P${i}` } })));
    await expect.poll(async () => (await deliveriesOf(servers[1] as ChildServer, key, subId)).filter((d) => d.status === 'delivered').length, { timeout: 60_000, interval: 250 }).toBe(count);
    const perId = new Map<string, number>();
    for (const r of receiver.received) perId.set(r.headers['webhook-id'] as string, (perId.get(r.headers['webhook-id'] as string) ?? 0) + 1);
    expect(perId.size).toBe(count);
    const retried = [...perId.values()].filter((n) => n === 2).length;
    expect(retried).toBe(6);
    expect([...perId.values()].every((n) => n === 1 || n === 2)).toBe(true);
    const log = await deliveriesOf(servers[0] as ChildServer, key, subId);
    expect(log.filter((d) => d.attempts === 2)).toHaveLength(6);
    expect(log.filter((d) => d.attempts === 1)).toHaveLength(count - 6);
  });
});
