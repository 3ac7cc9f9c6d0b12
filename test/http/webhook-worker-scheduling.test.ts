import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { BUSY_CLAIM_BATCH, CLAIM_BATCH, startWebhookDelivery, type ApiActivity, type WebhookDeliveryJob, type WebhookDeliveryOptions } from '../../src/jobs/webhook-delivery.ts';
import { Metrics } from '../../src/metrics.ts';
import { SqlWebhookStore } from '../../src/storage/sql-webhook-store.ts';
import { createContact, patchContact } from '../helpers/contacts.ts';
import { describeEachDialect } from '../helpers/databases.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { resetWebhookTest, startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

const until = async (condition: () => boolean, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describeEachDialect('webhook worker scheduling: woken by commits, giving way to the API', (dialect) => {
  let t: TestApp;
  let key: string;
  let receiver: WebhookReceiver;
  let worker: WebhookDeliveryJob | null = null;

  beforeAll(async () => {
    t = await createTestApp(dialect, { webhookAllowPrivateUrls: true });
    key = (await t.newKey(t.org, ['contacts:write', 'webhooks:write'])).key;
    receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    await worker?.stop();
    worker = null;
    await resetWebhookTest(t, key, receiver);
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  const subscribe = async (): Promise<void> => {
    const res = await t.request({ method: 'POST', url: '/api/v2/webhook', body: { url: receiver.url }, key });
    expect(res.statusCode, res.body).toBe(201);
  };
  const start = (extra: Partial<WebhookDeliveryOptions> = {}): WebhookDeliveryJob => {
    worker = startWebhookDelivery({ store: new SqlWebhookStore(t.db.database), timeoutMs: 5000, retryScheduleMs: [1000], disableAfterHours: 120, allowPrivateUrls: true, ...extra });
    return worker;
  };

  it('buildApp calls onCommit with the organization after a write commits its event (the worker wakes on it)', async () => {
    const commits: string[] = [];
    const app = await buildApp({ config: t.config, database: t.db.database, onCommit: (organizationId) => commits.push(organizationId) });
    try {
      const res = await app.inject({ method: 'POST', url: '/api/v2/contact', headers: { authorization: `Bearer ${t.org.key}`, 'content-type': 'application/json' }, payload: { attributes: { first_name: 'Woken' } } });
      expect(res.statusCode, res.body).toBe(201);
      await until(() => commits.length > 0);
      expect(commits).toContain(t.org.organizationId);
    } finally {
      await app.close();
    }
  });

  it('wake() delivers a new event at once, without waiting for the poll', async () => {
    await subscribe();
    const job = start({ pollIntervalMs: 600_000 });
    await job.runOnce();
    await job.idle();
    const contact = await createContact(t, { first_name: 'Now' });
    job.wake();
    await until(() => receiver.received.some((r) => r.json.record_id === contact.id), 5000);
  });

  it('a wake() while a pass runs is not lost: another pass follows it at once, without waiting for the poll', async () => {
    await subscribe();
    const store = new SqlWebhookStore(t.db.database);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let read = (): void => undefined;
    const hasRead = new Promise<void>((resolve) => (read = resolve));
    let gated = true;
    // The first pass has read (nothing new) and is still running when the commit and its wake() come.
    const fanOut: typeof store.fanOut = async (...args) => {
      const made = await SqlWebhookStore.prototype.fanOut.apply(store, args);
      if (gated) {
        gated = false;
        read();
        await gate;
      }
      return made;
    };
    const job = start({ store: Object.assign(store, { fanOut }), pollIntervalMs: 600_000 });
    await hasRead;
    const contact = await createContact(t, { first_name: 'Meanwhile' });
    job.wake();
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await until(() => receiver.received.some((r) => r.json.record_id === contact.id), 5000);
  });

  it('while requests are in flight a pass claims at most BUSY_CLAIM_BATCH and the next waits for the API to be idle', async () => {
    await subscribe();
    const contacts = await Promise.all(Array.from({ length: 8 }, () => createContact(t, { first_name: 'Busy' })));
    // Five events per contact: 40 due deliveries, more than one busy batch.
    for (let round = 0; round < 4; round += 1) for (const c of contacts) expect((await patchContact(t, c.id, { title: `R${round}` })).statusCode).toBe(200);
    let inFlight = 1;
    const idleCallbacks: Array<() => void> = [];
    const api: ApiActivity = { inFlight: () => inFlight, whenIdle: (callback) => (inFlight === 0 ? callback() : idleCallbacks.push(callback)) };
    start({ yieldTo: api, busyPassIntervalMs: 600_000 });
    // Per contact, one at a time: the first pass can claim only 8 (the first event of each contact).
    await until(() => receiver.received.length === 8);
    // Their completions would start the next passes at once; while busy they wait for the API.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received).toHaveLength(8);
    expect(idleCallbacks).toHaveLength(1);
    inFlight = 0;
    for (const callback of idleCallbacks.splice(0)) callback();
    await until(() => receiver.received.length === 40);
    // In order per contact.
    for (const c of contacts) {
      const versions = receiver.received.filter((r) => r.json.record_id === c.id).map((r) => r.json.version as number);
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
    }
  });

  it(`a busy pass claims no more than ${BUSY_CLAIM_BATCH} deliveries`, async () => {
    await subscribe();
    const contacts = await Promise.all(Array.from({ length: BUSY_CLAIM_BATCH + 8 }, () => createContact(t, { first_name: 'Many' })));
    const api: ApiActivity = { inFlight: () => 1, whenIdle: () => undefined };
    start({ yieldTo: api, busyPassIntervalMs: 600_000 });
    await until(() => receiver.received.length === BUSY_CLAIM_BATCH);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received).toHaveLength(BUSY_CLAIM_BATCH);
    expect(contacts).toHaveLength(BUSY_CLAIM_BATCH + 8);
    // Only as many events became deliveries (rows) as the pass could claim: the rest wait behind the cursor.
    expect(await worker?.queueDepth()).toBe(0);
    expect((await t.request({ method: 'GET', url: '/metrics', key: null })).body).toMatch(/^contactd_webhook_delivery_lag_seconds [0-9.e-]+$/m);
  });

  const deliveryRows = async (): Promise<number> => Number((await t.db.database.db.selectFrom('webhook_deliveries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const manual = (extra: Partial<WebhookDeliveryOptions> = {}): WebhookDeliveryJob => start({ autoStart: false, ...extra });

  it('deliveries already made are claimed first: events become deliveries when those run short, not while they fill the claim', async () => {
    await subscribe();
    // Distinct contacts: nothing waits behind an earlier event of its contact.
    const create = async (n: number, name: string): Promise<void> => {
      for (let i = 0; i < n; i += 1) await createContact(t, { first_name: `${name}${i}` });
    };
    await create(2 * CLAIM_BATCH + 10, 'First');
    const job = manual({ fanOutIntervalMs: 600_000 });
    // Nothing made yet: the claim comes up short, so the pass fans out every event, then claims a batch.
    expect(await job.runOnce()).toBe(CLAIM_BATCH);
    await job.idle();
    expect(await deliveryRows()).toBe(2 * CLAIM_BATCH + 10);
    // More than a batch made and due: the pass claims a batch of them and leaves the 10 new events in the change log.
    await create(10, 'Later');
    expect(await job.runOnce()).toBe(CLAIM_BATCH);
    await job.idle();
    expect(await deliveryRows()).toBe(2 * CLAIM_BATCH + 10);
    // 10 made and due, fewer than a batch: claimed, then the 10 new events are fanned out and claimed too.
    expect(await job.runOnce()).toBe(20);
    await job.idle();
    expect(await deliveryRows()).toBe(2 * CLAIM_BATCH + 20);
    expect(receiver.received).toHaveLength(2 * CLAIM_BATCH + 20);
    expect(await job.queueDepth()).toBe(0);
  });

  it(`while claims stay full, events are still fanned out every fanOutIntervalMs, ${BUSY_CLAIM_BATCH} per subscription`, async () => {
    await subscribe();
    for (let i = 0; i < 2 * CLAIM_BATCH; i += 1) await createContact(t, { first_name: `Full${i}` });
    const job = manual({ fanOutIntervalMs: 0 });
    expect(await job.runOnce()).toBe(CLAIM_BATCH);
    await job.idle();
    expect(await deliveryRows()).toBe(2 * CLAIM_BATCH);
    for (let i = 0; i < BUSY_CLAIM_BATCH + 8; i += 1) await createContact(t, { first_name: `Starved${i}` });
    expect(await job.runOnce()).toBe(CLAIM_BATCH);
    await job.idle();
    expect(await deliveryRows()).toBe(2 * CLAIM_BATCH + BUSY_CLAIM_BATCH);
  });

  it('while requests are in flight, outcomes finishing close together share one transaction', async () => {
    await subscribe();
    const store = new SqlWebhookStore(t.db.database);
    const batches: number[] = [];
    const recordAttempts: typeof store.recordAttempts = async (attempts) => {
      batches.push(attempts.length);
      return SqlWebhookStore.prototype.recordAttempts.call(store, attempts);
    };
    const contacts = 16;
    for (let i = 0; i < contacts; i += 1) await createContact(t, { first_name: `Together${i}` });
    const job = manual({ yieldTo: { inFlight: () => 1, whenIdle: () => undefined }, store: Object.assign(store, { recordAttempts }) });
    expect(await job.runOnce()).toBe(contacts);
    await job.idle();
    expect(receiver.received).toHaveLength(contacts);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(contacts);
    // Recorded as each finished, that was one transaction per outcome, or nearly.
    expect(batches.length).toBeLessThanOrEqual(3);
    expect(await job.queueDepth()).toBe(0);
  });

  it('with no enabled subscription a pass is one query and commits start none until the next look; then deliveries go as usual', async () => {
    const store = new SqlWebhookStore(t.db.database);
    const calls = { looks: 0, claims: 0, fanOuts: 0 };
    const counted = Object.assign(store, {
      hasEnabledSubscription: async () => {
        calls.looks += 1;
        return SqlWebhookStore.prototype.hasEnabledSubscription.call(store);
      },
      claimDue: async (...args: Parameters<SqlWebhookStore['claimDue']>) => {
        calls.claims += 1;
        return SqlWebhookStore.prototype.claimDue.apply(store, args);
      },
      fanOut: async (...args: Parameters<SqlWebhookStore['fanOut']>) => {
        calls.fanOuts += 1;
        return SqlWebhookStore.prototype.fanOut.apply(store, args);
      },
    });
    const job = start({ store: counted, unsubscribedCheckIntervalMs: 600_000 });
    await until(() => calls.looks === 1);
    for (let i = 0; i < 10; i += 1) {
      await createContact(t, { first_name: `Unwatched${i}` });
      job.wake();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls).toEqual({ looks: 1, claims: 0, fanOuts: 0 });

    // runOnce() always looks: now there is a subscription, and its events go out; wakes start passes again.
    await subscribe();
    const first = await createContact(t, { first_name: 'Watched' });
    expect(await job.runOnce()).toBe(1);
    await until(() => receiver.received.some((r) => r.json.record_id === first.id));
    const second = await createContact(t, { first_name: 'Woken' });
    job.wake();
    await until(() => receiver.received.some((r) => r.json.record_id === second.id));
    expect(receiver.received.map((r) => r.json.record_id)).toEqual([first.id, second.id]);
  });

  it('a subscription made while the worker is quiet gets its events at the next look, without a wake', async () => {
    const store = new SqlWebhookStore(t.db.database);
    let looks = 0;
    const counted = Object.assign(store, {
      hasEnabledSubscription: async () => {
        looks += 1;
        return SqlWebhookStore.prototype.hasEnabledSubscription.call(store);
      },
    });
    start({ store: counted, unsubscribedCheckIntervalMs: 200 });
    await until(() => looks >= 1);
    await subscribe();
    const contact = await createContact(t, { first_name: 'Later' });
    await until(() => receiver.received.some((r) => r.json.record_id === contact.id), 5000);
  });

  it('outcomes recorded together keep each delivery its own status code, attempt time and a 500 its retry', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v2/webhook', body: { url: receiver.url }, key });
    const subscriptionId = (res.json().data as { id: string }).id;
    const contacts = await Promise.all(Array.from({ length: 12 }, () => createContact(t, { first_name: 'Own' })));
    const codes = new Map(contacts.map((c, i) => [c.id, [200, 201, 204, 500][i % 4] as number]));
    receiver.behave((received, response) => {
      response.statusCode = codes.get(received.json.record_id as string) ?? 204;
      response.end();
    });
    const job = start({ pollIntervalMs: 600_000 });
    await job.runOnce();
    await job.idle();
    expect(receiver.received).toHaveLength(12);
    const log = await t.request({ method: 'GET', url: `/api/v2/webhook/${subscriptionId}/deliveries`, key });
    const rows = log.json().data as Array<{ event_id: string; status: string; attempts: number; last_status_code: number; last_attempt_at: string; next_attempt_at: string | null }>;
    expect(rows).toHaveLength(12);
    for (const received of receiver.received) {
      const row = rows.find((r) => r.event_id === received.json.id);
      const code = codes.get(received.json.record_id as string) as number;
      expect(row).toMatchObject({ attempts: 1, last_status_code: code, status: code === 500 ? 'pending' : 'delivered' });
      expect(row?.next_attempt_at === null).toBe(code !== 500);
      expect(Math.abs(Date.parse(row?.last_attempt_at as string) - Number(received.headers['webhook-timestamp']) * 1000)).toBeLessThan(5000);
    }
  });

  it('Metrics counts requests in flight for the worker and calls back once the last one ends', () => {
    const metrics = new Metrics();
    const calls: string[] = [];
    metrics.whenIdle(() => calls.push('idle at once'));
    metrics.requestStarted();
    metrics.requestStarted();
    expect(metrics.inFlight()).toBe(2);
    metrics.whenIdle(() => calls.push('after the last'));
    metrics.requestEnded();
    expect(calls).toEqual(['idle at once']);
    metrics.requestEnded();
    expect(calls).toEqual(['idle at once', 'after the last']);
    expect(metrics.inFlight()).toBe(0);
  });
});
