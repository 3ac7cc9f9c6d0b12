import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { describeEachDialect } from '../helpers/databases.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

const MISSING_ID = '01a21db6-0000-7000-8000-000000000000';
const contactUrl = `/api/v2/contact/${MISSING_ID}`;

type Res = Awaited<ReturnType<TestApp['request']>>;
function errorOf(res: Res): { code: string; message: string; request_id: string; details: Array<Record<string, unknown>> } {
  return (res.json() as { error: ReturnType<typeof errorOf> }).error;
}

describeEachDialect('authentication and permissions', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('401 unauthenticated naming the missing key when none is sent', async () => {
    const res = await t.request({ method: 'GET', url: contactUrl, key: null });
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).code).toBe('unauthenticated');
    expect(errorOf(res).message).toMatch(/no API key/);
    expect(errorOf(res).request_id).toBe(res.headers['x-request-id']);
  });

  it('401 unauthenticated for an Authorization header that is not Bearer', async () => {
    const res = await t.request({ method: 'GET', url: contactUrl, key: null, headers: { authorization: `Basic ${Buffer.from(`user:${t.org.key}`).toString('base64')}` } });
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).message).toMatch(/no API key/);
  });

  it('401 unauthenticated saying the key is unknown', async () => {
    const res = await t.request({ method: 'GET', url: contactUrl, key: `${t.org.key}x` });
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).code).toBe('unauthenticated');
    expect(errorOf(res).message).toMatch(/not recognised/);
  });

  it('401 unauthenticated saying the key has expired', async () => {
    const { key } = await t.newKey(t.org, ['contacts:read', 'contacts:write'], { expiresAt: new Date(Date.now() - 1000).toISOString() });
    const res = await t.request({ method: 'GET', url: contactUrl, key });
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).message).toMatch(/expired/);
  });

  it('401 unauthenticated saying the key has been revoked', async () => {
    const { id, key } = await t.newKey(t.org, ['contacts:read']);
    expect((await t.request({ method: 'GET', url: contactUrl, key })).statusCode).toBe(404);
    await t.tenancy.revokeApiKey(id);
    const res = await t.request({ method: 'GET', url: contactUrl, key });
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).message).toMatch(/revoked/);
  });

  it('401 messages for missing, unknown, expired and revoked keys are all different', async () => {
    const expired = await t.newKey(t.org, ['contacts:read'], { expiresAt: new Date(Date.now() - 1000).toISOString() });
    const revoked = await t.newKey(t.org, ['contacts:read']);
    await t.tenancy.revokeApiKey(revoked.id);
    const messages = await Promise.all([null, 'ctd_unknown', expired.key, revoked.key].map(async (key) => errorOf(await t.request({ method: 'GET', url: contactUrl, key })).message));
    expect(new Set(messages).size).toBe(4);
  });

  it('404 (authenticated) with Authorization: Bearer, in any case of the scheme', async () => {
    for (const scheme of ['Bearer', 'bearer']) {
      const res = await t.request({ method: 'GET', url: contactUrl, key: null, headers: { authorization: `${scheme} ${t.org.key}` } });
      expect(res.statusCode, scheme).toBe(404);
      expect(errorOf(res).code).toBe('record_not_found');
    }
  });

  it('404 (authenticated) with X-Api-Key', async () => {
    const res = await t.request({ method: 'GET', url: contactUrl, key: null, headers: { 'x-api-key': t.org.key } });
    expect(res.statusCode).toBe(404);
    expect(errorOf(res).code).toBe('record_not_found');
  });

  it('201 with X-Api-Key on a write', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v2/contact', key: null, headers: { 'x-api-key': t.org.key }, body: { attributes: { first_name: 'ViaHeader' } } });
    expect(res.statusCode).toBe(201);
  });

  it('403 permission_denied naming contacts:write when a read-only key writes', async () => {
    const { key } = await t.newKey(t.org, ['contacts:read']);
    const res = await t.request({ method: 'POST', url: '/api/v2/contact', key, body: { attributes: { first_name: 'Nope' } } });
    expect(res.statusCode).toBe(403);
    const error = errorOf(res);
    expect(error.code).toBe('permission_denied');
    expect(error.message).toContain('contacts:write');
    expect(error.details).toHaveLength(1);
    expect(error.details[0]).toMatchObject({ code: 'permission_denied', missing_permission: 'contacts:write' });
    expect(JSON.stringify(error.details)).toContain('contacts:write');
  });

  it('404 (allowed) when a read-only key reads', async () => {
    const { key } = await t.newKey(t.org, ['contacts:read']);
    expect((await t.request({ method: 'GET', url: contactUrl, key })).statusCode).toBe(404);
  });

  it('404 (allowed) when a write-only key reads: write implies read', async () => {
    const { key } = await t.newKey(t.org, ['contacts:write']);
    expect((await t.request({ method: 'GET', url: contactUrl, key })).statusCode).toBe(404);
  });

  it('403 for a read-only key on PATCH and DELETE too', async () => {
    const created = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: 'Guarded' } } });
    const id = (created.json() as { data: { id: string } }).data.id;
    const { key } = await t.newKey(t.org, ['contacts:read']);
    expect((await t.request({ method: 'PATCH', url: `/api/v2/contact/${id}`, key, body: { attributes: { title: 'x' } } })).statusCode).toBe(403);
    expect((await t.request({ method: 'DELETE', url: `/api/v2/contact/${id}`, key })).statusCode).toBe(403);
    const after = await t.request({ method: 'GET', url: `/api/v2/contact/${id}`, key });
    expect(after.statusCode).toBe(200);
    expect((after.json() as { data: { attributes: { title: { value: unknown } } } }).data.attributes.title.value).toBeNull();
  });
});

describeEachDialect('revocation and expiry with the key cache on', (dialect) => {
  let t: TestApp;
  const ttl = loadConfig({}).keyCacheTtlMs;
  // The app's injectable clock: the verifier's cache and expiry read it, so no test waits for real time.
  let clock = Date.parse('2030-06-01T12:00:00.000Z');
  beforeAll(async () => {
    t = await createTestApp(dialect, { keyCacheTtlMs: ttl }, { now: () => clock });
  });
  afterAll(async () => t.close());

  it('the default cache TTL keeps refusal within 5 s', () => {
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5000);
  });

  it('401 revoked once the cache TTL has passed, though the key was cached when it was revoked', async () => {
    const { id, key } = await t.newKey(t.org, ['contacts:read', 'contacts:write']);
    expect((await t.request({ method: 'GET', url: contactUrl, key })).statusCode).toBe(404);
    await t.tenancy.revokeApiKey(id);
    clock += ttl - 1;
    expect((await t.request({ method: 'GET', url: contactUrl, key })).statusCode, 'still cached just inside the TTL').toBe(404);
    clock += 1;
    const res = await t.request({ method: 'GET', url: contactUrl, key });
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).message).toMatch(/revoked/);
  });

  it('401 expired as soon as the expiry passes, even for a cached key', async () => {
    const expiresAt = new Date(clock + 60_000).toISOString();
    const { key } = await t.newKey(t.org, ['contacts:read'], { expiresAt });
    expect((await t.request({ method: 'GET', url: contactUrl, key })).statusCode).toBe(404);
    clock = Date.parse(expiresAt) - 1;
    expect((await t.request({ method: 'GET', url: contactUrl, key })).statusCode, 'one millisecond before the expiry').toBe(404);
    clock += 1;
    const res = await t.request({ method: 'GET', url: contactUrl, key });
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).message).toMatch(/expired/);
  });
});
