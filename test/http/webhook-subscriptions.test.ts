import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forbiddenAddressReason, webhookUrlRefusal } from '../../src/domain/webhook-url.ts';
import { detailsOf, expectError } from '../helpers/contacts.ts';
import { describeEachDialect } from '../helpers/databases.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

interface WireSubscription {
  id: string;
  url: string;
  event_types: string[] | null;
  attributes: string[] | null;
  description: string | null;
  enabled: boolean;
  disabled_reason: string | null;
  created_at: string;
  updated_at: string;
  secret?: string;
}

describeEachDialect('webhook subscriptions API', (dialect) => {
  let t: TestApp;
  let key: string;
  let readKey: string;
  beforeAll(async () => {
    t = await createTestApp(dialect, { webhookAllowPrivateUrls: true });
    key = (await t.newKey(t.org, ['contacts:write', 'webhooks:write'])).key;
    readKey = (await t.newKey(t.org, ['webhooks:read'])).key;
  });
  afterAll(async () => t.close());

  const create = async (body: Record<string, unknown>): Promise<WireSubscription> => {
    const res = await t.request({ method: 'POST', url: '/api/v2/webhook', body, key });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { data: WireSubscription }).data;
  };

  it('201 with a whsec_ secret shown once; GET and list never show it', async () => {
    const created = await create({ url: 'https://example.com/hooks', description: 'CRM sync' });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created).toMatchObject({ url: 'https://example.com/hooks', event_types: null, attributes: null, description: 'CRM sync', enabled: true, disabled_reason: null });
    const got = await t.request({ method: 'GET', url: `/api/v2/webhook/${created.id}`, key: readKey });
    expect(got.statusCode).toBe(200);
    expect(got.json().data).not.toHaveProperty('secret');
    expect(got.json().data.id).toBe(created.id);
    const list = await t.request({ method: 'GET', url: '/api/v2/webhook', key: readKey });
    expect(list.statusCode).toBe(200);
    const listed = (list.json() as { data: WireSubscription[] }).data;
    expect(listed.map((s) => s.id)).toContain(created.id);
    for (const s of listed) expect(s).not.toHaveProperty('secret');
  });

  it('description: at most 1000 characters counted as code points (1000 emoji fit, 1001 do not)', async () => {
    expect((await create({ url: 'https://example.com/d', description: '😀'.repeat(1000) })).description).toBe('😀'.repeat(1000));
    const res = await t.request({ method: 'POST', url: '/api/v2/webhook', body: { url: 'https://example.com/d', description: 'é'.repeat(1001) }, key });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.details[0]).toMatchObject({ code: 'field_value_invalid', field: 'description' });
  });

  it('201 with event_types and attributes filters, which PATCH changes and null clears', async () => {
    const created = await create({ url: 'https://example.com/a', event_types: ['contact.updated', 'contact.created'], attributes: ['title', 'first_name'] });
    expect(created.event_types).toEqual(['contact.updated', 'contact.created']);
    expect(created.attributes).toEqual(['title', 'first_name']);
    const res = await t.request({ method: 'PATCH', url: `/api/v2/webhook/${created.id}`, body: { attributes: null, description: 'x', enabled: false }, key });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data).toMatchObject({ attributes: null, event_types: ['contact.updated', 'contact.created'], description: 'x', enabled: false });
  });

  it("attributes may name the organization's live custom attributes; an archived one, or another organization's, is 422", async () => {
    const admin = (await t.newKey(t.org, ['schema:write'])).key;
    const define = async (apiName: string): Promise<void> => {
      const res = await t.request({ method: 'POST', url: '/api/v2/_schema/contact/attributes', body: { api_name: apiName, display_name: apiName, value_type: 'string' }, key: admin });
      expect(res.statusCode, res.body).toBe(201);
    };
    await define('wh_tier');
    await define('wh_gone');
    expect((await t.request({ method: 'DELETE', url: '/api/v2/_schema/contact/attributes/wh_gone', key: admin })).statusCode).toBe(204);
    const created = await create({ url: 'https://example.com/custom', attributes: ['title', 'wh_tier'] });
    expect(created.attributes).toEqual(['title', 'wh_tier']);
    const patched = await t.request({ method: 'PATCH', url: `/api/v2/webhook/${created.id}`, body: { attributes: ['wh_tier'] }, key });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().data.attributes).toEqual(['wh_tier']);
    const archived = await t.request({ method: 'POST', url: '/api/v2/webhook', body: { url: 'https://example.com/x', attributes: ['wh_gone'] }, key });
    expectError(archived, 422, 'validation_failed');
    expect(detailsOf(archived).map((d) => d.field)).toEqual(['attributes']);
    const otherKey = (await t.newKey(await t.newOrg(), ['webhooks:write'])).key;
    const elsewhere = await t.request({ method: 'POST', url: '/api/v2/webhook', body: { url: 'https://example.com/x', attributes: ['wh_tier'] }, key: otherKey });
    expectError(elsewhere, 422, 'validation_failed');
  });

  it('422 for a missing, non-URL, non-http(s) or credential-carrying url, unknown event types and attributes, and unknown members, all in one answer', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v2/webhook', body: { event_types: ['contact.exploded'], attributes: ['display_name', 'nope'], enabled: 'yes', extra: 1 }, key });
    expectError(res, 422, 'validation_failed');
    const details = detailsOf(res);
    expect(details.map((d) => d.field).sort()).toEqual(['attributes', 'enabled', 'event_types', 'extra', 'url']);
    expect(details.find((d) => d.field === 'url')?.code).toBe('field_required_missing');
    expect(res.json().error.details.find((d: { field?: string }) => d.field === 'url')?.message).toBe('url must be an http or https URL, got nothing');
    expect(details.find((d) => d.field === 'extra')?.code).toBe('unknown_field');
    for (const url of ['not a url', 'ftp://example.com/x', 'javascript:alert(1)', 'https://user:pw@example.com/', `https://example.com/${'a'.repeat(2100)}`, 42, 'https://example.com:0/hook', 'http://93.184.215.14:00/']) {
      const bad = await t.request({ method: 'POST', url: '/api/v2/webhook', body: { url }, key });
      expectError(bad, 422, 'validation_failed');
      expect(detailsOf(bad)[0]).toMatchObject({ code: 'field_value_invalid', field: 'url' });
    }
    for (const eventTypes of [[], 'contact.created', [1]]) {
      const bad = await t.request({ method: 'POST', url: '/api/v2/webhook', body: { url: 'https://example.com', event_types: eventTypes }, key });
      expectError(bad, 422, 'validation_failed');
    }
  });

  it('422 (not 500) for an event_types or attributes item nested 100,000 arrays deep, or 100 KB long, on create and PATCH', async () => {
    const created = await create({ url: 'https://example.com/deep' });
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const long = JSON.stringify('x'.repeat(100_000));
    for (const member of ['event_types', 'attributes']) {
      for (const item of [deep, long]) {
        const body = `{"url":"https://example.com/deep","${member}":[${item}]}`;
        for (const [method, url] of [['POST', '/api/v2/webhook'], ['PATCH', `/api/v2/webhook/${created.id}`]] as const) {
          const res = await t.request({ method, url, body, key });
          const error = expectError(res, 422, 'validation_failed');
          expect(error.details[0]).toMatchObject({ code: 'field_value_invalid', field: member });
          expect(res.body.length, `${method} ${member}`).toBeLessThan(2000);
        }
      }
    }
    expect((await t.request({ method: 'GET', url: `/api/v2/webhook/${created.id}`, key })).json().data).toMatchObject({ event_types: null, attributes: null });
  });

  it('422 at PATCH to a URL on port 0; nothing changed', async () => {
    const created = await create({ url: 'https://example.com/port' });
    const res = await t.request({ method: 'PATCH', url: `/api/v2/webhook/${created.id}`, body: { url: 'https://example.com:0/port' }, key });
    expect(expectError(res, 422, 'validation_failed').details[0]).toMatchObject({ code: 'field_value_invalid', field: 'url', message: 'url must not use port 0' });
    expect((await t.request({ method: 'GET', url: `/api/v2/webhook/${created.id}`, key })).json().data.url).toBe('https://example.com/port');
  });

  it('422 (never 500) for a NUL character or a lone surrogate in url or description, on create and PATCH; nothing stored', async () => {
    const created = await create({ url: 'https://example.com/text', description: 'kept' });
    for (const bad of ['a\u0000b', 'a\ud800b']) {
      for (const body of [{ url: `https://example.com/${bad}` }, { url: 'https://example.com/d', description: bad }]) {
        const posted = await t.request({ method: 'POST', url: '/api/v2/webhook', body, key });
        expectError(posted, 422, 'validation_failed');
        expect(detailsOf(posted)[0]).toMatchObject({ code: 'field_value_invalid', field: Object.keys(body).at(-1) });
        const patched = await t.request({ method: 'PATCH', url: `/api/v2/webhook/${created.id}`, body, key });
        expectError(patched, 422, 'validation_failed');
      }
    }
    const got = await t.request({ method: 'GET', url: `/api/v2/webhook/${created.id}`, key });
    expect(got.json().data).toMatchObject({ url: 'https://example.com/text', description: 'kept' });
  });

  it('422 for a url holding a space or a control character (the parser would call another URL than the one stored); nothing stored', async () => {
    const created = await create({ url: 'https://example.com/kept' });
    for (const url of ['https://example.com/a\u0001b', 'https://example.com/a b', ' https://example.com/lead', 'https://example.com/tab\there', 'https://example.com/nl\n', 'https://example.com/\u0085']) {
      const posted = await t.request({ method: 'POST', url: '/api/v2/webhook', body: { url }, key });
      expect(expectError(posted, 422, 'validation_failed').details[0], JSON.stringify(url)).toMatchObject({ code: 'field_value_invalid', field: 'url' });
      expectError(await t.request({ method: 'PATCH', url: `/api/v2/webhook/${created.id}`, body: { url }, key }), 422, 'validation_failed');
    }
    expect((await t.request({ method: 'GET', url: `/api/v2/webhook/${created.id}`, key })).json().data.url).toBe('https://example.com/kept');
  });

  it('404 record_not_found for an unknown, malformed or other organization\'s subscription, on every route', async () => {
    const other = await t.newOrg('Other');
    const otherKey = (await t.newKey(other, ['webhooks:write'])).key;
    const mine = await create({ url: 'https://example.com/mine' });
    for (const id of [randomUUID(), 'not-a-uuid', mine.id]) {
      const k = id === mine.id ? otherKey : key;
      for (const [method, suffix, body] of [['GET', '', undefined], ['PATCH', '', { description: 'x' }], ['DELETE', '', undefined], ['POST', '/_rotate_secret', undefined], ['POST', '/_test', undefined], ['GET', '/deliveries', undefined], ['POST', '/_replay', { since: '2026-01-01T00:00:00Z' }], ['POST', `/deliveries/${randomUUID()}/_retry`, undefined]] as const) {
        const res = await t.request({ method, url: `/api/v2/webhook/${id}${suffix}`, body, key: k });
        expectError(res, 404, 'record_not_found');
      }
    }
    const retryUnknown = await t.request({ method: 'POST', url: `/api/v2/webhook/${mine.id}/deliveries/${randomUUID()}/_retry`, key });
    expectError(retryUnknown, 404, 'record_not_found');
  });

  it('204 on DELETE, then 404', async () => {
    const created = await create({ url: 'https://example.com/gone' });
    // Like the other bodiless verbs, DELETE refuses a body rather than ignoring it (a client that meant another id); {} is fine.
    expectError(await t.request({ method: 'DELETE', url: `/api/v2/webhook/${created.id}`, body: { id: randomUUID() }, key }), 422, 'validation_failed');
    expect((await t.request({ method: 'GET', url: `/api/v2/webhook/${created.id}`, key })).statusCode).toBe(200);
    const del = await t.request({ method: 'DELETE', url: `/api/v2/webhook/${created.id}`, key });
    expect(del.statusCode).toBe(204);
    expectError(await t.request({ method: 'GET', url: `/api/v2/webhook/${created.id}`, key }), 404, 'record_not_found');
  });

  it('403 permission_denied: webhooks:read cannot write, contacts keys cannot read, webhooks:write implies read', async () => {
    expectError(await t.request({ method: 'POST', url: '/api/v2/webhook', body: { url: 'https://example.com' }, key: readKey }), 403, 'permission_denied');
    expectError(await t.request({ method: 'GET', url: '/api/v2/webhook' }), 403, 'permission_denied');
    expect((await t.request({ method: 'GET', url: '/api/v2/webhook', key })).statusCode).toBe(200);
  });

  it('200 on _rotate_secret with a new secret; 422 on a bad deliveries status or cursor', async () => {
    const created = await create({ url: 'https://example.com/r' });
    const res = await t.request({ method: 'POST', url: `/api/v2/webhook/${created.id}/_rotate_secret`, key });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data.secret).toMatch(/^whsec_/);
    expect(res.json().data.secret).not.toBe(created.secret);
    expectError(await t.request({ method: 'GET', url: `/api/v2/webhook/${created.id}/deliveries?status=lost`, key }), 422, 'validation_failed');
    expectError(await t.request({ method: 'GET', url: `/api/v2/webhook/${created.id}/deliveries?stauts=failed`, key }), 422, 'validation_failed');
    expectError(await t.request({ method: 'GET', url: `/api/v2/webhook/${created.id}/deliveries?cursor=zzz`, key }), 422, 'validation_failed');
    // Cursors are opaque: a delivery id, or a UUID, is not one (webhook-delivery.test.ts pages with real ones).
    const ping = await t.request({ method: 'POST', url: `/api/v2/webhook/${created.id}/_test`, key });
    for (const cursor of [randomUUID(), ping.json().data.delivery_id]) {
      const bad = await t.request({ method: 'GET', url: `/api/v2/webhook/${created.id}/deliveries?cursor=${cursor}`, key });
      expectError(bad, 422, 'validation_failed');
      expect(detailsOf(bad)).toEqual([{ code: 'invalid_cursor', field: 'cursor' }]);
    }
    expectError(await t.request({ method: 'POST', url: `/api/v2/webhook/${created.id}/_replay`, body: { since: 'yesterday' }, key }), 422, 'validation_failed');
    expectError(await t.request({ method: 'POST', url: `/api/v2/webhook/${created.id}/_replay`, body: {}, key }), 422, 'validation_failed');
    const bodiless = await t.request({ method: 'POST', url: `/api/v2/webhook/${created.id}/_replay`, key });
    expect(expectError(bodiless, 422, 'validation_failed').message).toBe('the body must be {"since": "<ISO-8601 timestamp>"}, got nothing');
    // The timestamp rules of contact values: a day past the month's end, hour 24 or no time zone is 422, not moved.
    for (const since of ['2026-02-31T00:00:00Z', '2026-12-01T24:00:00Z', '2026-12-01T00:00:00', '2026-12-01T00:61:00Z']) {
      const bad = await t.request({ method: 'POST', url: `/api/v2/webhook/${created.id}/_replay`, body: { since }, key });
      expectError(bad, 422, 'validation_failed');
      expect(detailsOf(bad)[0], since).toMatchObject({ code: 'field_value_invalid', field: 'since' });
    }
    expect((await t.request({ method: 'POST', url: `/api/v2/webhook/${created.id}/_replay`, body: { since: '2026-12-01T00:00:00+02:00' }, key })).statusCode).toBe(202);
    // The bodiless verbs refuse a body instead of ignoring it; {} or nothing is fine.
    expectError(await t.request({ method: 'POST', url: `/api/v2/webhook/${created.id}/_test`, body: { url: 'x' }, key }), 422, 'validation_failed');
    expectError(await t.request({ method: 'POST', url: `/api/v2/webhook/${created.id}/_rotate_secret`, body: [1], key }), 422, 'validation_failed');
    expect((await t.request({ method: 'POST', url: `/api/v2/webhook/${created.id}/_test`, body: {}, key })).statusCode).toBe(202);
  });
});

describe('webhook URLs pointing inside the network are refused', () => {
  let t: TestApp;
  let key: string;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    key = (await t.newKey(t.org, ['webhooks:write'])).key;
  });
  afterAll(async () => t.close());

  it.each([
    'http://127.0.0.1:8080/x', 'http://localhost/x', 'http://10.1.2.3/', 'http://172.16.0.1/', 'http://192.168.1.1/', 'http://169.254.169.254/latest/meta-data/',
    'http://100.100.100.200/', 'http://0.0.0.0/', 'http://[::1]/', 'http://[::ffff:127.0.0.1]/', 'http://[::ffff:a9fe:a9fe]/', 'http://[fe80::1]/', 'http://[fd00:ec2::254]/', 'http://[64:ff9b::7f00:1]/',
    // IPv4-compatible IPv6 (::a.b.c.d, deprecated): ipaddr.js calls these unicast.
    'http://[::7f00:1]/', 'http://[::a9fe:a9fe]/', 'http://[::a00:1]/',
  ])('422 at create and at PATCH for %s', async (url) => {
    const res = await t.request({ method: 'POST', url: '/api/v2/webhook', body: { url }, key });
    expectError(res, 422, 'validation_failed');
    expect(detailsOf(res)[0]).toMatchObject({ code: 'field_value_invalid', field: 'url' });
    expect(res.json().error.details[0].message).toMatch(/public addresses|not allowed/);
  });

  it('422 for a host name that resolves inside the network, without saying which address: the refusal must not map the internal DNS', async () => {
    for (const url of ['http://localhost:8080/x', 'http://LOCALHOST/']) {
      const res = await t.request({ method: 'POST', url: '/api/v2/webhook', body: { url }, key });
      expectError(res, 422, 'validation_failed');
      const { message } = res.json().error.details[0] as { message: string };
      expect(message).toMatch(/^url's host localhost resolves to an address that is not public/);
      for (const address of ['127.0.0.1', '::1', 'is a loopback address']) expect(res.body, url).not.toContain(address);
    }
    // An address the client wrote itself is named, with its range.
    const literal = await t.request({ method: 'POST', url: '/api/v2/webhook', body: { url: 'http://10.1.2.3/' }, key });
    expect(literal.json().error.details[0].message).toMatch(/10\.1\.2\.3 is a private address/);
  });

  it('422 at PATCH to a private URL; a public one is accepted', async () => {
    const ok = await t.request({ method: 'POST', url: '/api/v2/webhook', body: { url: 'https://93.184.215.14/hook' }, key });
    expect(ok.statusCode, ok.body).toBe(201);
    const res = await t.request({ method: 'PATCH', url: `/api/v2/webhook/${ok.json().data.id}`, body: { url: 'http://127.0.0.2/' }, key });
    expectError(res, 422, 'validation_failed');
  });

  it('classifies addresses: public unicast passes, every internal range is refused (IPv4, IPv6, IPv4-mapped)', async () => {
    for (const ok of ['93.184.215.14', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8']) expect(forbiddenAddressReason(ok)).toBeNull();
    for (const bad of ['127.0.0.1', '10.0.0.1', '172.31.255.255', '192.168.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fc00::1', '::ffff:10.0.0.1', '::ffff:169.254.169.254', '64:ff9b::a00:1', 'ff02::1']) {
      expect(forbiddenAddressReason(bad), bad).not.toBeNull();
    }
    expect(await webhookUrlRefusal('http://127.0.0.1/', true)).toBeNull();
    expect(await webhookUrlRefusal('http://no-such-host.invalid/', false)).toMatch(/does not resolve/);
  });
});
