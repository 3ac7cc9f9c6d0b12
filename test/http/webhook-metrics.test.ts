import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Contact } from '../../src/domain/contact.ts';
import { pendingEvent } from '../../src/domain/contact-events.ts';
import { startWebhookDelivery } from '../../src/jobs/webhook-delivery.ts';
import { appendInTransaction } from '../../src/storage/event-append.ts';
import { SqlWebhookStore } from '../../src/storage/sql-webhook-store.ts';
import { createContact, patchContact } from '../helpers/contacts.ts';
import { describeEachDialect } from '../helpers/databases.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { answer, startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

const HOUR = 3_600_000;

/** The value of an unlabelled sample line, or null when the text has none. */
function sample(text: string, name: string): number | null {
  const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return match === null ? null : Number(match[1]);
}

describeEachDialect('GET /metrics: webhook queue depth and delivery lag', (dialect) => {
  let t: TestApp;
  let key: string;
  let receiver: WebhookReceiver;
  // The app's and the worker's clock: tests move it instead of waiting.
  let clock = Date.now();
  const now = () => clock;

  beforeAll(async () => {
    t = await createTestApp(dialect, { webhookAllowPrivateUrls: true }, { now });
    key = (await t.newKey(t.org, ['contacts:write', 'webhooks:write'])).key;
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  const gauges = async (): Promise<{ depth: number | null; lag: number | null; text: string }> => {
    const res = await t.request({ method: 'GET', url: '/metrics', key: null });
    expect(res.statusCode).toBe(200);
    return { depth: sample(res.body, 'contactd_webhook_queue_depth'), lag: sample(res.body, 'contactd_webhook_delivery_lag_seconds'), text: res.body };
  };

  it('0 and 0 when caught up; the lag counts events not yet fanned out, then due deliveries (held ones too), not retries before their time', async () => {
    const idle = await gauges();
    expect(idle.text).toContain('# TYPE contactd_webhook_queue_depth gauge');
    expect(idle.text).toContain('# TYPE contactd_webhook_delivery_lag_seconds gauge');
    expect(idle).toMatchObject({ depth: 0, lag: 0 });

    const res = await t.request({ method: 'POST', url: '/api/v2/webhook', body: { url: receiver.url }, key });
    expect(res.statusCode, res.body).toBe(201);
    const subscriptionId = (res.json().data as { id: string }).id;
    clock = Date.now();
    const contact = await createContact(t, { first_name: 'Lag' });
    expect((await patchContact(t, contact.id, { title: 'Two' })).statusCode).toBe(200);
    // Two events committed, no worker yet: nothing queued, but delivery is behind the feed by the events' age.
    clock += 60_000;
    const behind = await gauges();
    expect(behind.depth).toBe(0);
    expect(behind.lag).toBeGreaterThanOrEqual(59);
    expect(behind.lag).toBeLessThan(70);

    // A worker fans them out and tries the first; the receiver fails it, so both stay queued (the second waits
    // behind the first: one contact's events in order) and the first retries in an hour.
    receiver.behave(answer(500));
    const worker = startWebhookDelivery({
      store: new SqlWebhookStore(t.db.database), timeoutMs: 5000, retryScheduleMs: [HOUR], disableAfterHours: 120, allowPrivateUrls: true, now, autoStart: false,
    });
    try {
      expect(await worker.runOnce()).toBe(1);
      await worker.idle();
      expect(receiver.received).toHaveLength(1);
      const queued = await gauges();
      expect(queued.depth).toBe(2);
      expect(await worker.queueDepth()).toBe(2);
      // The first waits for its retry time (not owed yet); the second is due but held behind it, so it counts.
      expect(queued.lag).toBeGreaterThanOrEqual(0);
      expect(queued.lag).toBeLessThan(5);

      // Two hours on, the retry is an hour overdue, and the second event, held behind it, has waited two hours.
      clock += 2 * HOUR;
      const overdue = await gauges();
      expect(overdue.depth).toBe(2);
      expect(overdue.lag).toBeGreaterThanOrEqual(7200);
      expect(overdue.lag).toBeLessThan(7210);

      // Delivered: caught up again.
      receiver.behave(answer(204));
      for (let i = 0; i < 10 && (await worker.runOnce()) > 0; i += 1) await worker.idle();
      expect(receiver.received).toHaveLength(3);
      expect(await gauges()).toMatchObject({ depth: 0, lag: 0 });

      // A disabled subscription's deliveries are not owed: they leave the queue depth.
      expect((await patchContact(t, contact.id, { title: 'Three' })).statusCode).toBe(200);
      receiver.behave(answer(500));
      expect(await worker.runOnce()).toBe(1);
      await worker.idle();
      expect((await gauges()).depth).toBe(1);
      expect((await t.request({ method: 'PATCH', url: `/api/v2/webhook/${subscriptionId}`, body: { enabled: false }, key })).statusCode).toBe(200);
      expect(await gauges()).toMatchObject({ depth: 0, lag: 0 });
    } finally {
      await worker.stop();
    }
  });
});

describeEachDialect('GET /metrics: event feed lag', (dialect) => {
  let t: TestApp;
  let clock = Date.now();
  const now = () => clock;
  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { now });
  });
  afterAll(async () => t.close());

  const lag = async (): Promise<number | null> => {
    const res = await t.request({ method: 'GET', url: '/metrics', key: null });
    expect(res.statusCode).toBe(200);
    return sample(res.body, 'contactd_event_feed_lag_seconds');
  };

  it('0 while every committed event is in the feed; a committed event not numbered yet counts from when it occurred, until a read numbers it', async () => {
    const contact = await createContact(t, { first_name: 'Feed' });
    expect(await lag()).toBe(0);
    // A committed event nobody numbered (its process died between the commit and the sequencer's run): only
    // PostgreSQL queues events; SQLite numbers them in the write, so there the feed is never behind.
    const event = pendingEvent({
      organizationId: t.org.organizationId, type: 'contact.updated', recordId: contact.id, version: 2,
      actor: { userId: t.org.userId, apiKeyId: null, requestId: null, source: 'SYSTEM' }, occurredAt: new Date(clock).toISOString(), changes: {},
    });
    await t.db.database.db.transaction().execute((trx) => appendInTransaction(trx, dialect, [{ event, contact: contact as unknown as Contact, idempotent: null }]));
    clock += 90_000;
    const behind = await lag();
    if (dialect === 'postgres') {
      expect(behind).toBeGreaterThanOrEqual(89);
      expect(behind).toBeLessThan(120);
    } else {
      expect(behind).toBe(0);
    }
    // A feed read numbers what is queued before it reads.
    const feed = await t.request({ method: 'POST', url: '/api/v2/event/_query', body: { record_id: contact.id } });
    expect(feed.statusCode, feed.body).toBe(200);
    expect(feed.json().data.map((e: { version: number }) => e.version)).toEqual([1, 2]);
    expect(await lag()).toBe(0);
  });
});
