import { ContactdError, createContactdClient, type ContactdClient } from '../../packages/client/src/index.ts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startWebhookDelivery } from '../../src/jobs/webhook-delivery.ts';
import { SqlWebhookStore } from '../../src/storage/sql-webhook-store.ts';
import { describeEachDialect } from '../helpers/databases.ts';
import { responseValidatorFor, validatingFetch } from '../helpers/openapi-validator.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

// The webhook methods of `contactd/client` against a listening server, responses checked against the OpenAPI document.
describeEachDialect('contactd/client webhooks', (dialect) => {
  let t: TestApp;
  let client: ContactdClient;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    t = await createTestApp(dialect, { webhookAllowPrivateUrls: true });
    receiver = await startWebhookReceiver();
    const origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { key } = await t.newKey(t.org, ['contacts:write', 'webhooks:write']);
    client = createContactdClient({ baseUrl: origin, apiKey: key, fetch: validatingFetch(responseValidatorFor(t.app.swagger())) });
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  it('create → test ping → deliveries → retry → rotate → replay → patch → delete, typed end to end', async () => {
    const created = await client.createWebhook({ url: receiver.url, event_types: ['contact.created'] });
    expect(created.secret).toMatch(/^whsec_/);
    expect((await client.listWebhooks()).map((s) => s.id)).toEqual([created.id]);
    const ping = await client.testWebhook(created.id);
    // Typed as the OpenAPI document's WebhookAccepted: queued was missing from the method's type.
    expect(ping.queued).toBe(1);
    const worker = startWebhookDelivery({ store: new SqlWebhookStore(t.db.database), timeoutMs: 5000, retryScheduleMs: [], disableAfterHours: 120, allowPrivateUrls: true, autoStart: false });
    try {
      await worker.runOnce();
      await worker.idle();
    } finally {
      await worker.stop();
    }
    expect(receiver.verify(receiver.received[0] as never, created.secret)).toMatchObject({ type: 'webhook.test', id: ping.event_id });
    const deliveries = [];
    for await (const d of client.webhookDeliveries(created.id, { status: 'delivered' })) deliveries.push(d);
    expect(deliveries.map((d) => d.id)).toEqual([ping.delivery_id]);
    await client.retryWebhookDelivery(created.id, ping.delivery_id as string);
    const rotated = await client.rotateWebhookSecret(created.id);
    expect(rotated.secret).not.toBe(created.secret);
    expect(await client.replayWebhook(created.id, '2026-01-01T00:00:00Z')).toBe(0);
    expect((await client.patchWebhook(created.id, { enabled: false })).enabled).toBe(false);
    expect((await client.getWebhook(created.id)).enabled).toBe(false);
    await client.deleteWebhook(created.id);
    const error = await client.getWebhook(created.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContactdError);
    expect((error as ContactdError).code).toBe('record_not_found');
  });

  it('what the receiver gets is what the webhooks section of the OpenAPI document describes: change events and the test ping', async () => {
    receiver.received.length = 0;
    const subscription = await client.createWebhook({ url: receiver.url });
    const { contact } = await client.createContact({ first_name: 'Hooked', primary_email: `hooked-${dialect}@example.com` });
    await client.patchContact(contact.id, { title: 'CTO', contact_emails: [] });
    await client.archiveContact(contact.id);
    await client.restoreContact(contact.id);
    await client.archiveContact(contact.id);
    await client.purgeContact(contact.id);
    await client.testWebhook(subscription.id);
    const worker = startWebhookDelivery({ store: new SqlWebhookStore(t.db.database), timeoutMs: 5000, retryScheduleMs: [], disableAfterHours: 120, allowPrivateUrls: true, autoStart: false });
    try {
      // One contact's events go one at a time, in order.
      for (let round = 0; round < 8; round += 1) {
        await worker.runOnce();
        await worker.idle();
      }
    } finally {
      await worker.stop();
    }
    const types = receiver.received.map((r) => String(r.json.type));
    expect(types.slice().sort()).toEqual(['contact.archived', 'contact.archived', 'contact.created', 'contact.purged', 'contact.restored', 'contact.updated', 'webhook.test']);
    const validator = responseValidatorFor(t.app.swagger());
    for (const received of receiver.received) {
      const name = received.json.type === 'webhook.test' ? 'webhookTest' : 'contactEvent';
      expect(validator.webhookProblems(name, received.headers['content-type'], received.body), received.body).toEqual([]);
    }
    await client.deleteWebhook(subscription.id);
  });
});
