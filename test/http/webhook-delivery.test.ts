import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { startWebhookDelivery, type WebhookDeliveryJob } from '../../src/jobs/webhook-delivery.ts';
import { SqlEventStore } from '../../src/storage/sql-event-store.ts';
import { SqlWebhookStore } from '../../src/storage/sql-webhook-store.ts';
import { createContact, patchContact, uniqueEmail } from '../helpers/contacts.ts';
import { describeEachDialect } from '../helpers/databases.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { answer, resetWebhookTest, startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

interface WireDelivery { id: string; event_id: string; status: string; attempts: number; last_status_code: number | null; last_error: string | null; next_attempt_at: string | null }

const SECOND = 1000;
const HOUR = 3_600_000;

describeEachDialect('webhook delivery to a real receiver on loopback', (dialect) => {
  let t: TestApp;
  let key: string;
  let receiver: WebhookReceiver;
  let worker: WebhookDeliveryJob | null = null;
  // The worker's clock runs ahead of the real one by offset: tests move it instead of waiting for retry delays.
  let offset = 0;

  beforeAll(async () => {
    t = await createTestApp(dialect, { webhookAllowPrivateUrls: true });
    key = (await t.newKey(t.org, ['contacts:write', 'webhooks:write'])).key;
    receiver = await startWebhookReceiver();
  });
  // Each test's subscriptions are its own, so its clock may start again at the real time.
  beforeEach(() => {
    offset = 0;
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

  const startWorker = (options: { timeoutMs?: number; schedule?: number[]; disableAfterHours?: number; allowPrivateUrls?: boolean } = {}): WebhookDeliveryJob => {
    worker = startWebhookDelivery({
      store: new SqlWebhookStore(t.db.database),
      timeoutMs: options.timeoutMs ?? 5000,
      retryScheduleMs: options.schedule ?? [SECOND, 2 * SECOND],
      disableAfterHours: options.disableAfterHours ?? 120,
      allowPrivateUrls: options.allowPrivateUrls ?? true,
      now: () => Date.now() + offset,
      autoStart: false,
    });
    return worker;
  };
  /** Passes until one starts nothing, each waiting for its attempts. */
  const drain = async (job: WebhookDeliveryJob): Promise<void> => {
    for (let i = 0; i < 200; i += 1) {
      const started = await job.runOnce();
      await job.idle();
      if (started === 0) return;
    }
    throw new Error('the worker never ran out of work');
  };
  const subscribe = async (body: Record<string, unknown> = {}): Promise<{ id: string; secret: string }> => {
    const res = await t.request({ method: 'POST', url: '/api/v2/webhook', body: { url: receiver.url, ...body }, key });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().data as { id: string; secret: string };
  };
  const deliveries = async (id: string, query = ''): Promise<WireDelivery[]> => {
    const res = await t.request({ method: 'GET', url: `/api/v2/webhook/${id}/deliveries${query}`, key });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().data as WireDelivery[];
  };
  const feedEvents = async (recordId: string): Promise<Array<Record<string, unknown>>> => {
    const res = await t.request({ method: 'POST', url: '/api/v2/event/_query', body: { record_id: recordId, limit: 1000 } });
    return res.json().data as Array<Record<string, unknown>>;
  };
  const ofRecord = (recordId: string): ReceivedWebhook[] => receiver.received.filter((r) => r.json.record_id === recordId);

  it('delivers the event JSON signed per Standard Webhooks: verified with standardwebhooks, webhook-id = event id', async () => {
    const job = startWorker();
    const sub = await subscribe();
    const contact = await createContact(t, { first_name: 'Ada', primary_email: uniqueEmail() });
    await drain(job);
    expect(receiver.received).toHaveLength(1);
    const [got] = receiver.received as [ReceivedWebhook];
    expect(receiver.verify(got, sub.secret)).toEqual(got.json);
    expect(() => receiver.verify(got, 'whsec_' + Buffer.alloc(32, 1).toString('base64'))).toThrow();
    const [event] = await feedEvents(contact.id);
    expect(got.json).toEqual(event);
    expect(got.headers['webhook-id']).toBe(got.json.id);
    expect(got.headers['content-type']).toBe('application/json');
    expect(Math.abs(Number(got.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    const [delivery] = await deliveries(sub.id, '?status=delivered');
    expect(delivery).toMatchObject({ event_id: got.json.id, status: 'delivered', attempts: 1, last_status_code: 204, last_error: null, next_attempt_at: null });
  });

  it('retries a 500 on the schedule with the same webhook-id, then is delivered', async () => {
    const job = startWorker({ schedule: [10 * SECOND, 20 * SECOND] });
    const sub = await subscribe();
    receiver.behave(answer(500));
    await createContact(t, { first_name: 'Retry' });
    await drain(job);
    expect(receiver.received).toHaveLength(1);
    let [pending] = await deliveries(sub.id, '?status=pending');
    expect(pending).toMatchObject({ attempts: 1, last_status_code: 500, last_error: 'HTTP 500' });
    const delay = Date.parse(pending?.next_attempt_at as string) - Number(receiver.received[0]?.headers['webhook-timestamp']) * 1000;
    expect(delay).toBeGreaterThanOrEqual(10 * SECOND);
    expect(delay).toBeLessThan(12 * SECOND);
    offset += 9 * SECOND;
    await drain(job);
    expect(receiver.received).toHaveLength(1);
    offset += SECOND;
    receiver.behave(answer(200));
    await drain(job);
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]?.headers['webhook-id']).toBe(receiver.received[0]?.headers['webhook-id']);
    expect(receiver.verify(receiver.received[1] as ReceivedWebhook, sub.secret)).toBeTruthy();
    [pending] = await deliveries(sub.id);
    expect(pending).toMatchObject({ status: 'delivered', attempts: 2, last_status_code: 200 });
  });

  it('a receiver that never answers times out, is retried, and the delivery is failed when the schedule is spent', async () => {
    const job = startWorker({ timeoutMs: 300, schedule: [SECOND] });
    const sub = await subscribe();
    receiver.behave(() => undefined);
    await createContact(t, { first_name: 'Slow' });
    await drain(job);
    let [delivery] = await deliveries(sub.id);
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, last_status_code: null, last_error: 'no answer within 300 ms' });
    offset += SECOND;
    await drain(job);
    [delivery] = await deliveries(sub.id);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 2, next_attempt_at: null });
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[0]?.headers['webhook-id']).toBe(receiver.received[1]?.headers['webhook-id']);
    expect((await deliveries(sub.id, '?status=failed'))).toHaveLength(1);
    expect((await deliveries(sub.id, '?status=pending'))).toHaveLength(0);
  });

  it('one contact\'s events arrive in sequence order under concurrent writes; a contact whose receiver fails does not hold up others', async () => {
    const job = startWorker({ schedule: [SECOND, SECOND, SECOND] });
    await subscribe();
    const contacts = await Promise.all([0, 1, 2, 3].map((i) => createContact(t, { first_name: `P${i}` })));
    const blocked = contacts[0]?.id as string;
    await drain(job);
    receiver.received.length = 0;
    // The blocked contact's events fail at their first attempt.
    const seen = new Set<string>();
    receiver.behave((got, response) => {
      const first = !seen.has(got.json.id as string);
      seen.add(got.json.id as string);
      response.statusCode = got.json.record_id === blocked && first ? 503 : 200;
      response.end();
    });
    await Promise.all(contacts.flatMap((c) => [1, 2, 3, 4, 5].map((n) => patchContact(t, c.id, { title: `T${n}` }))));
    await drain(job);
    // Others are all delivered while the blocked contact's first event waits for its retry, its later ones behind it.
    for (const c of contacts.slice(1)) expect(ofRecord(c.id)).toHaveLength(5);
    expect(ofRecord(blocked)).toHaveLength(1);
    offset += SECOND;
    for (let i = 0; i < 6; i += 1) {
      await drain(job);
      offset += SECOND;
    }
    for (const c of contacts) {
      const sequences = ofRecord(c.id).filter((r, i, all) => all.findIndex((o) => o.json.id === r.json.id) === i).map((r) => r.json.sequence as number);
      expect(sequences).toHaveLength(5);
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    }
    // Each blocked event: first attempt refused, second delivered; never a later event before an earlier one's delivery.
    const blockedArrivals = ofRecord(blocked).map((r) => r.json.sequence as number);
    expect(blockedArrivals).toEqual([...blockedArrivals].sort((a, b) => a - b));
  });

  it('attributes filter: a contact.updated only when a named attribute changed; other types and event_types filter', async () => {
    const job = startWorker();
    await subscribe({ attributes: ['title'] });
    const onlyArchived = await subscribe({ event_types: ['contact.archived'] });
    void onlyArchived;
    const c = await createContact(t, { first_name: 'Filter' });
    await patchContact(t, c.id, { first_name: 'Other' });
    const titled = await patchContact(t, c.id, { title: 'CEO' });
    expect(titled.statusCode).toBe(200);
    await t.request({ method: 'DELETE', url: `/api/v2/contact/${c.id}` });
    await drain(job);
    const types = ofRecord(c.id).map((r) => (r.json.type === 'contact.updated' ? `${r.json.type}:${Object.keys(r.json.changes as object).join(',')}` : r.json.type)).sort();
    // The attributes subscription: created, the title update (not the first_name one), archived; the event_types one: archived only.
    expect(types).toEqual(['contact.archived', 'contact.archived', 'contact.created', 'contact.updated:title']);
  });

  it('attributes filter on a custom attribute: a contact.updated only when that custom value changed', async () => {
    const admin = (await t.newKey(t.org, ['schema:write'])).key;
    const defined = await t.request({ method: 'POST', url: '/api/v2/_schema/contact/attributes', body: { api_name: 'dl_tier', display_name: 'Tier', value_type: 'string' }, key: admin });
    expect(defined.statusCode, defined.body).toBe(201);
    const job = startWorker();
    await subscribe({ attributes: ['dl_tier'] });
    const c = await createContact(t, { first_name: 'Custom' });
    expect((await patchContact(t, c.id, { first_name: 'Other' })).statusCode).toBe(200);
    const tiered = await patchContact(t, c.id, { dl_tier: 'gold' });
    expect(tiered.statusCode, tiered.body).toBe(200);
    await drain(job);
    const types = ofRecord(c.id).map((r) => (r.json.type === 'contact.updated' ? `${r.json.type}:${Object.keys(r.json.changes as object).join(',')}` : r.json.type)).sort();
    expect(types).toEqual(['contact.created', 'contact.updated:dl_tier']);
  });

  it('disables a subscription whose attempts all failed for WEBHOOK_DISABLE_AFTER_HOURS, with disabled_reason; PATCH enabled: true re-enables and delivers', async () => {
    const job = startWorker({ schedule: [HOUR, HOUR, HOUR, HOUR], disableAfterHours: 2 });
    const sub = await subscribe();
    receiver.behave(answer(500));
    await createContact(t, { first_name: 'Down' });
    await drain(job);
    offset += HOUR;
    await drain(job);
    let got = (await t.request({ method: 'GET', url: `/api/v2/webhook/${sub.id}`, key })).json().data;
    expect(got.enabled).toBe(true);
    offset += HOUR;
    await drain(job);
    got = (await t.request({ method: 'GET', url: `/api/v2/webhook/${sub.id}`, key })).json().data;
    expect(got.enabled).toBe(false);
    expect(got.disabled_reason).toMatch(/every delivery attempt failed for 2 hours; last error: HTTP 500/);
    const attempts = receiver.received.length;
    offset += HOUR;
    await createContact(t, { first_name: 'WhileDisabled' });
    await drain(job);
    expect(receiver.received).toHaveLength(attempts);
    receiver.behave(answer(200));
    const patched = await t.request({ method: 'PATCH', url: `/api/v2/webhook/${sub.id}`, body: { enabled: true }, key });
    expect(patched.json().data).toMatchObject({ enabled: true, disabled_reason: null });
    await drain(job);
    const names = receiver.received.slice(attempts).map((r) => (r.json.changes as { first_name: { current: { value: string } } }).first_name.current.value);
    expect(names).toEqual(['Down', 'WhileDisabled']);
  });

  it('_test on a disabled subscription: 202, held like any delivery, sent once the subscription is enabled again', async () => {
    const job = startWorker();
    const sub = await subscribe();
    expect((await t.request({ method: 'PATCH', url: `/api/v2/webhook/${sub.id}`, body: { enabled: false }, key })).statusCode).toBe(200);
    const before = receiver.received.length;
    const ping = await t.request({ method: 'POST', url: `/api/v2/webhook/${sub.id}/_test`, key });
    expect(ping.statusCode, ping.body).toBe(202);
    await drain(job);
    expect(receiver.received).toHaveLength(before);
    expect((await t.request({ method: 'PATCH', url: `/api/v2/webhook/${sub.id}`, body: { enabled: true }, key })).statusCode).toBe(200);
    await drain(job);
    expect(receiver.received.slice(before).map((r) => r.json.type)).toEqual(['webhook.test']);
  });

  it('a successful attempt restarts the failure clock: failures with a success between them do not disable', async () => {
    const job = startWorker({ schedule: [HOUR, HOUR, HOUR], disableAfterHours: 2 });
    const sub = await subscribe();
    receiver.behave(answer(500));
    await createContact(t, { first_name: 'A' });
    await drain(job);
    offset += HOUR;
    receiver.behave(answer(200));
    await drain(job);
    receiver.behave(answer(500));
    offset += 2 * HOUR;
    await createContact(t, { first_name: 'B' });
    await drain(job);
    expect((await t.request({ method: 'GET', url: `/api/v2/webhook/${sub.id}`, key })).json().data.enabled).toBe(true);
  });

  it('PATCH enabled: true on a subscription that is still enabled does not restart the failure clock (a sync tool sending every member)', async () => {
    const job = startWorker({ schedule: [HOUR, HOUR, HOUR, HOUR], disableAfterHours: 2 });
    const sub = await subscribe();
    receiver.behave(answer(500));
    await createContact(t, { first_name: 'Clock' });
    await drain(job);
    offset += HOUR;
    const patched = await t.request({ method: 'PATCH', url: `/api/v2/webhook/${sub.id}`, body: { url: receiver.url, enabled: true, description: 'synced' }, key });
    expect(patched.statusCode, patched.body).toBe(200);
    await drain(job);
    offset += HOUR;
    await drain(job);
    const got = (await t.request({ method: 'GET', url: `/api/v2/webhook/${sub.id}`, key })).json().data;
    expect(got.enabled).toBe(false);
    expect(got.disabled_reason).toMatch(/every delivery attempt failed for 2 hours/);
    // Re-enabling a disabled one does restart it: the next failure alone does not disable it again.
    expect((await t.request({ method: 'PATCH', url: `/api/v2/webhook/${sub.id}`, body: { enabled: true }, key })).json().data).toMatchObject({ enabled: true, disabled_reason: null });
    offset += HOUR;
    await drain(job);
    expect(receiver.received.length).toBeGreaterThan(3);
    expect((await t.request({ method: 'GET', url: `/api/v2/webhook/${sub.id}`, key })).json().data.enabled).toBe(true);
  });

  it('202 _replay re-sends every matching retained event since the time, with the same webhook-ids', async () => {
    const job = startWorker();
    const sub = await subscribe();
    const before = new Date(Date.now() - 1000).toISOString();
    const c = await createContact(t, { first_name: 'Replay' });
    await patchContact(t, c.id, { title: 'X' });
    await drain(job);
    const firstIds = ofRecord(c.id).map((r) => r.headers['webhook-id']);
    expect(firstIds).toHaveLength(2);
    const res = await t.request({ method: 'POST', url: `/api/v2/webhook/${sub.id}/_replay`, body: { since: before }, key });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json().data.queued).toBeGreaterThanOrEqual(2);
    await drain(job);
    const again = ofRecord(c.id).map((r) => r.headers['webhook-id']);
    expect(again.slice(2)).toEqual(firstIds);
    const future = await t.request({ method: 'POST', url: `/api/v2/webhook/${sub.id}/_replay`, body: { since: new Date(Date.now() + HOUR).toISOString() }, key });
    expect(future.json().data.queued).toBe(0);
  });

  it('202 _replay does not double an event whose delivery is still pending (waiting for a retry): it is sent once more, not twice', async () => {
    const job = startWorker({ schedule: [10 * SECOND] });
    const sub = await subscribe();
    const before = new Date().toISOString();
    receiver.behave(answer(503));
    const failing = await createContact(t, { first_name: 'Pending' });
    await drain(job);
    expect(await deliveries(sub.id, '?status=pending')).toHaveLength(1);
    receiver.behave(answer(200));
    const delivered = await createContact(t, { first_name: 'Delivered' });
    await drain(job);
    const res = await t.request({ method: 'POST', url: `/api/v2/webhook/${sub.id}/_replay`, body: { since: before }, key });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json().data.queued).toBe(1);
    offset += 10 * SECOND;
    await drain(job);
    expect(ofRecord(failing.id)).toHaveLength(2);
    expect(ofRecord(delivered.id)).toHaveLength(2);
    expect(await deliveries(sub.id, '?status=pending')).toHaveLength(0);
  });

  it('202 _test sends a signed webhook.test whatever the filters; 202 _retry re-sends a failed delivery', async () => {
    const job = startWorker({ schedule: [] });
    const sub = await subscribe({ event_types: ['contact.purged'] });
    const res = await t.request({ method: 'POST', url: `/api/v2/webhook/${sub.id}/_test`, key });
    expect(res.statusCode, res.body).toBe(202);
    receiver.behave(answer(410));
    await drain(job);
    expect(receiver.received).toHaveLength(1);
    const ping = receiver.received[0] as ReceivedWebhook;
    expect(receiver.verify(ping, sub.secret)).toMatchObject({ type: 'webhook.test', webhook_id: sub.id, id: res.json().data.event_id });
    const [failed] = await deliveries(sub.id, '?status=failed');
    expect(failed).toMatchObject({ id: res.json().data.delivery_id, attempts: 1, last_status_code: 410 });
    receiver.behave(answer(200));
    const retry = await t.request({ method: 'POST', url: `/api/v2/webhook/${sub.id}/deliveries/${failed?.id}/_retry`, key });
    expect(retry.statusCode, retry.body).toBe(202);
    await drain(job);
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]?.headers['webhook-id']).toBe(ping.headers['webhook-id']);
    expect((await deliveries(sub.id))[0]).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('202 _retry of a delivery whose attempt is in flight: the attempt\'s outcome does not overwrite it, the delivery is sent again', async () => {
    const job = startWorker({ schedule: [] });
    const sub = await subscribe();
    const held: Array<(status: number) => void> = [];
    receiver.behave((_received, response) => held.push((status) => {
      response.statusCode = status;
      response.end();
    }));
    const contact = await createContact(t, { first_name: 'InFlight' });
    await job.runOnce();
    await expect.poll(() => held.length).toBe(1);
    const [delivery] = await deliveries(sub.id);
    expect(delivery).toMatchObject({ status: 'pending', attempts: 0 });
    const retry = await t.request({ method: 'POST', url: `/api/v2/webhook/${sub.id}/deliveries/${delivery?.id}/_retry`, key });
    expect(retry.statusCode, retry.body).toBe(202);
    // The attempt in flight fails; with no retries left it would have made the delivery failed.
    receiver.behave(answer(200));
    held[0]?.(500);
    await job.idle();
    await drain(job);
    expect(ofRecord(contact.id)).toHaveLength(2);
    expect((await deliveries(sub.id))[0]).toMatchObject({ id: delivery?.id, status: 'delivered', last_status_code: 200 });
  });

  it('after _rotate_secret both secrets verify for 24 h (two signatures), then only the new one', async () => {
    const job = startWorker();
    const sub = await subscribe();
    const rotated = await t.request({ method: 'POST', url: `/api/v2/webhook/${sub.id}/_rotate_secret`, key });
    const secret = rotated.json().data.secret as string;
    await createContact(t, { first_name: 'Rotated' });
    await drain(job);
    const got = receiver.received[0] as ReceivedWebhook;
    expect((got.headers['webhook-signature'] as string).split(' ')).toHaveLength(2);
    expect(receiver.verify(got, secret)).toBeTruthy();
    expect(receiver.verify(got, sub.secret)).toBeTruthy();
    offset += 25 * HOUR;
    // standardwebhooks refuses timestamps 5 minutes off its own clock: check the header, not verify().
    await createContact(t, { first_name: 'Later' });
    await drain(job);
    expect((receiver.received[1]?.headers['webhook-signature'] as string).split(' ')).toHaveLength(1);
  });

  it('deliveries log pages newest first with next_cursor', async () => {
    const job = startWorker();
    const sub = await subscribe();
    const c = await createContact(t, { first_name: 'Many' });
    for (let i = 0; i < 54; i += 1) await patchContact(t, c.id, { title: `T${i}` });
    await drain(job);
    const first = await t.request({ method: 'GET', url: `/api/v2/webhook/${sub.id}/deliveries`, key });
    const page1 = first.json() as { data: WireDelivery[]; next_cursor: string };
    expect(page1.data).toHaveLength(50);
    const second = await t.request({ method: 'GET', url: `/api/v2/webhook/${sub.id}/deliveries?cursor=${page1.next_cursor}`, key });
    const page2 = second.json() as { data: WireDelivery[]; next_cursor: string | null };
    expect(page2.data).toHaveLength(5);
    expect(page2.next_cursor).toBeNull();
    const all = [...page1.data, ...page2.data].map((d) => d.id);
    expect(new Set(all).size).toBe(55);
    expect(all).toEqual([...all].sort().reverse());
    // The cursor pages on after the delivery it points at is gone (retention, a purge).
    await t.db.database.db.deleteFrom('webhook_deliveries').where('id', '=', (page1.data[49] as WireDelivery).id).execute();
    const afterRetention = await t.request({ method: 'GET', url: `/api/v2/webhook/${sub.id}/deliveries?cursor=${page1.next_cursor}`, key });
    expect(afterRetention.statusCode, afterRetention.body).toBe(200);
    expect((afterRetention.json() as { data: WireDelivery[] }).data.map((d) => d.id)).toEqual(page2.data.map((d) => d.id));
    // It pages this subscription only, and only as the server wrote it.
    const other = await subscribe();
    const tampered = `${page1.next_cursor.slice(0, 10)}${page1.next_cursor[10] === 'A' ? 'B' : 'A'}${page1.next_cursor.slice(11)}`;
    for (const [id, cursor] of [[other.id, page1.next_cursor], [sub.id, tampered]] as const) {
      const bad = await t.request({ method: 'GET', url: `/api/v2/webhook/${id}/deliveries?cursor=${encodeURIComponent(cursor)}`, key });
      expect(bad.statusCode, bad.body).toBe(422);
      expect(bad.json().error.details).toEqual([expect.objectContaining({ code: 'invalid_cursor', field: 'cursor' })]);
    }
  });

  it('a purge before the attempt reaches the delivery: the body is rendered from the change log as it is then (changes scrubbed)', async () => {
    const job = startWorker();
    await subscribe({ event_types: ['contact.created'] });
    const c = await createContact(t, { first_name: 'Erase', primary_email: uniqueEmail('erase') });
    await t.request({ method: 'DELETE', url: `/api/v2/contact/${c.id}` });
    expect((await t.request({ method: 'POST', url: `/api/v2/contact/${c.id}/_purge` })).statusCode).toBe(204);
    await drain(job);
    const [created] = ofRecord(c.id);
    expect(created?.json).toMatchObject({ type: 'contact.created', changes: {} });
    expect(created?.body).not.toContain('Erase');
  });

  it('a purge also removes what the receiver answered about the contact from the deliveries log (last_error)', async () => {
    const job = startWorker({ schedule: [] });
    const sub = await subscribe({ event_types: ['contact.created'] });
    // A receiver that refuses and quotes what it got, as many do ("unknown lead ...").
    receiver.behave((received, response) => {
      response.statusCode = 422;
      const changes = received.json.changes as Record<string, { current: { value: unknown } }>;
      response.end(`unknown lead ${String(changes.first_name?.current.value)} <${String(changes.primary_email?.current.value)}>`);
    });
    const c = await createContact(t, { first_name: 'Forgetme', primary_email: uniqueEmail('forgetme') });
    await drain(job);
    const [failed] = await deliveries(sub.id);
    expect(failed?.last_error).toContain('Forgetme');
    await t.request({ method: 'DELETE', url: `/api/v2/contact/${c.id}` });
    expect((await t.request({ method: 'POST', url: `/api/v2/contact/${c.id}/_purge` })).statusCode).toBe(204);
    const res = await t.request({ method: 'GET', url: `/api/v2/webhook/${sub.id}/deliveries`, key });
    expect(res.body).not.toContain('Forgetme');
    expect(res.body).not.toContain('forgetme');
    expect(res.json().data[0]).toMatchObject({ id: failed?.id, status: 'failed', last_status_code: 422, last_error: 'HTTP 422' });
  });

  it('a purge while an attempt is in flight: the receiver\'s answer about the contact arriving after it is not kept either', async () => {
    const job = startWorker({ schedule: [] });
    const sub = await subscribe({ event_types: ['contact.created'] });
    const held: Array<() => void> = [];
    receiver.behave((received, response) => held.push(() => {
      const changes = received.json.changes as Record<string, { current: { value: unknown } }>;
      response.statusCode = 422;
      response.end(`unknown lead ${String(changes.first_name?.current.value)}`);
    }));
    const c = await createContact(t, { first_name: 'Latecomer' });
    await job.runOnce();
    await expect.poll(() => held.length).toBe(1);
    await t.request({ method: 'DELETE', url: `/api/v2/contact/${c.id}` });
    expect((await t.request({ method: 'POST', url: `/api/v2/contact/${c.id}/_purge` })).statusCode).toBe(204);
    held[0]?.();
    await job.idle();
    const res = await t.request({ method: 'GET', url: `/api/v2/webhook/${sub.id}/deliveries`, key });
    expect(res.body).not.toContain('Latecomer');
    expect(res.json().data[0]).toMatchObject({ status: 'failed', attempts: 1, last_status_code: 422, last_error: 'HTTP 422' });
  });

  it('a purge also removes the receiver\'s answer about the contact from the disabled_reason it caused', async () => {
    const job = startWorker({ schedule: [HOUR, HOUR], disableAfterHours: 1 });
    const sub = await subscribe({ event_types: ['contact.created'] });
    receiver.behave((received, response) => {
      const changes = received.json.changes as Record<string, { current: { value: unknown } }>;
      response.statusCode = 422;
      response.end(`unknown lead ${String(changes.first_name?.current.value)}`);
    });
    const c = await createContact(t, { first_name: 'Disabler' });
    await drain(job);
    offset += HOUR;
    await drain(job);
    const disabled = (await t.request({ method: 'GET', url: `/api/v2/webhook/${sub.id}`, key })).json().data;
    expect(disabled.enabled).toBe(false);
    expect(disabled.disabled_reason).toMatch(/last error: HTTP 422: unknown lead Disabler$/);
    await t.request({ method: 'DELETE', url: `/api/v2/contact/${c.id}` });
    expect((await t.request({ method: 'POST', url: `/api/v2/contact/${c.id}/_purge` })).statusCode).toBe(204);
    const after = (await t.request({ method: 'GET', url: `/api/v2/webhook/${sub.id}`, key })).json().data;
    expect(after).toMatchObject({ enabled: false });
    expect(after.disabled_reason).toMatch(/every delivery attempt failed for 1 hours; last error: HTTP 422$/);
  });

  it('retention keeps the failed delivery a disabled subscription\'s reason quotes, so a later purge still removes the quote', async () => {
    // One retry: the attempt that disables the subscription is also the delivery's last (failed, so retention may prune it).
    const job = startWorker({ schedule: [HOUR], disableAfterHours: 1 });
    const sub = await subscribe({ event_types: ['contact.created'] });
    receiver.behave((received, response) => {
      const changes = received.json.changes as Record<string, { current: { value: unknown } }>;
      response.statusCode = 422;
      response.end(`unknown lead ${String(changes.first_name?.current.value)}`);
    });
    const c = await createContact(t, { first_name: 'Outlaster' });
    await drain(job);
    offset += HOUR;
    await drain(job);
    const [quoted] = await deliveries(sub.id);
    expect(quoted).toMatchObject({ status: 'failed', last_error: 'HTTP 422: unknown lead Outlaster' });
    const disabled = (await t.request({ method: 'GET', url: `/api/v2/webhook/${sub.id}`, key })).json().data;
    expect(disabled.disabled_reason).toMatch(/last error: HTTP 422: unknown lead Outlaster$/);
    // The subscription stays disabled past the retention: the job prunes deliveries made before its cutoff.
    await new SqlEventStore(t.db.database).purgeOlderThan(new Date(Date.now() + HOUR).toISOString());
    await t.request({ method: 'DELETE', url: `/api/v2/contact/${c.id}` });
    expect((await t.request({ method: 'POST', url: `/api/v2/contact/${c.id}/_purge` })).statusCode).toBe(204);
    const after = (await t.request({ method: 'GET', url: `/api/v2/webhook/${sub.id}`, key })).json().data;
    expect(after.disabled_reason).not.toContain('Outlaster');
    expect(after.disabled_reason).toMatch(/last error: HTTP 422$/);
  });

  it('a receiver answering with a NUL byte or broken UTF-8 is recorded like any failure (PostgreSQL cannot store a NUL in text)', async () => {
    const errors: unknown[] = [];
    worker = startWebhookDelivery({
      store: new SqlWebhookStore(t.db.database), timeoutMs: 5000, retryScheduleMs: [], disableAfterHours: 120, allowPrivateUrls: true,
      now: () => Date.now() + offset, autoStart: false, onError: (error) => errors.push(error),
    });
    const sub = await subscribe();
    receiver.behave((_received, response) => {
      response.statusCode = 400;
      response.end(Buffer.from([0x62, 0x61, 0x64, 0x00, 0x20, 0xe2, 0x82, 0x0a, 0x21]));
    });
    await createContact(t, { first_name: 'Nul' });
    await drain(worker);
    expect(errors).toEqual([]);
    const [failed] = await deliveries(sub.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, last_status_code: 400 });
    expect(failed?.last_error).toMatch(/^HTTP 400: bad/);
    expect(failed?.last_error).not.toContain('\u0000');
  });

  it('a receiver\'s answer quoted in last_error is cut at 200 characters, never inside one (an emoji stays whole or goes)', async () => {
    const job = startWorker({ schedule: [] });
    const sub = await subscribe();
    // 199 letters then emoji: a cut at 200 UTF-16 units, or at the first chunk's 200 bytes, falls inside one.
    const answer = `${'a'.repeat(199)}${'😀'.repeat(60)}`;
    receiver.behave((_received, response) => {
      response.statusCode = 400;
      response.end(answer);
    });
    await createContact(t, { first_name: 'Emoji' });
    await drain(job);
    const [failed] = await deliveries(sub.id);
    expect(failed?.last_error).toBe(`HTTP 400: ${'a'.repeat(199)}😀`);
    // Whitespace squeezed after the cut: the 800 bytes kept may end inside a character before 200 are quoted.
    receiver.behave((_received, response) => {
      response.statusCode = 500;
      response.end(`${' '.repeat(798)}😀 ok`);
    });
    await createContact(t, { first_name: 'Spaces' });
    await drain(job);
    const [second] = await deliveries(sub.id);
    expect(second?.last_error).toBe('HTTP 500');
  });

  it('stopping (SIGTERM) aborts an attempt in flight and gives its claim back at once: another worker sends it, no attempt counted', async () => {
    const first = startWorker({ timeoutMs: 10_000 });
    const sub = await subscribe();
    let arrived: () => void = () => undefined;
    const inFlight = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    receiver.behave(() => arrived());
    await createContact(t, { first_name: 'Stop' });
    await first.runOnce();
    await inFlight;
    await first.stop();
    expect((await deliveries(sub.id))[0]).toMatchObject({ status: 'pending', attempts: 0 });
    receiver.behave(answer(200));
    const second = startWorker();
    await drain(second);
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]?.headers['webhook-id']).toBe(receiver.received[0]?.headers['webhook-id']);
    expect((await deliveries(sub.id))[0]).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('redirects are not followed, a huge body is cut off, a hanging receiver does not hold up another subscription', async () => {
    const hanging = await startWebhookReceiver();
    hanging.behave(() => undefined);
    try {
      const job = startWorker({ timeoutMs: 2000 });
      const slow = await t.request({ method: 'POST', url: '/api/v2/webhook', body: { url: hanging.url }, key });
      const sub = await subscribe();
      receiver.behave((got, response) => {
        const name = (got.json.changes as { first_name: { current: { value: string } } }).first_name.current.value;
        if (name === 'Hop') {
          response.writeHead(302, { location: hanging.url });
          response.end();
          return;
        }
        response.writeHead(200);
        response.end(Buffer.alloc(5 * 1024 * 1024, 'x'));
      });
      await createContact(t, { first_name: 'Hop' });
      await createContact(t, { first_name: 'Big' });
      // One pass starts every attempt; the fast receiver's answers are recorded while the hanging one holds its own.
      await job.runOnce();
      await expect.poll(async () => (await deliveries(sub.id)).filter((d) => d.attempts > 0).length, { timeout: 10_000 }).toBe(2);
      const log = await deliveries(sub.id);
      expect(log.find((d) => d.status === 'delivered')).toMatchObject({ last_status_code: 200, last_error: null });
      expect(log.find((d) => d.status === 'pending')).toMatchObject({ last_status_code: 302, last_error: 'HTTP 302: redirects are not followed' });
      // The slow subscription's attempts are still in flight: nothing recorded for them yet.
      expect((await deliveries(slow.json().data.id)).every((d) => d.attempts === 0)).toBe(true);
      await job.idle();
      // The redirect's target was never called by the redirect (only the slow subscription's own deliveries reached it).
      expect(hanging.received).toHaveLength(2);
      for (const d of await deliveries(slow.json().data.id)) expect(d).toMatchObject({ attempts: 1, last_error: 'no answer within 2000 ms' });
    } finally {
      await hanging.close();
    }
  });

  it('refuses at delivery time a URL that now resolves to a private address (checked after DNS)', async () => {
    const job = startWorker({ allowPrivateUrls: false, schedule: [] });
    const sub = await subscribe();
    await t.request({ method: 'POST', url: `/api/v2/webhook/${sub.id}/_test`, key });
    const res = await t.request({ method: 'PATCH', url: `/api/v2/webhook/${sub.id}`, body: { url: receiver.url.replace('127.0.0.1', 'localhost') }, key });
    expect(res.statusCode).toBe(200);
    await t.request({ method: 'POST', url: `/api/v2/webhook/${sub.id}/_test`, key });
    await drain(job);
    expect(receiver.received).toHaveLength(0);
    const log = await deliveries(sub.id, '?status=failed');
    expect(log).toHaveLength(2);
    // Both attempts are made after the PATCH, to localhost; the log does not say which address it resolved to.
    expect(log.map((d) => d.last_error)).toEqual(Array(2).fill('refused: localhost resolves to an address that is not public (loopback, private, link-local or another reserved range)'));
  });
});
