import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { Tenancy } from '../../src/domain/tenancy.ts';
import { SqlTenancyStore } from '../../src/storage/sql-tenancy-store.ts';
import { describeEachDialect, openTestDatabase } from '../helpers/databases.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

const MISSING_ID = '01a21db6-0000-7000-8000-000000000000';

/** The API error shape, with the request id equal to the x-request-id header. */
function expectError(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number, code: string): { message: string; details: unknown[] } {
  expect(res.statusCode).toBe(status);
  const body = res.json() as { error: { code: string; message: string; request_id: string; details: unknown[] } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(Array.isArray(body.error.details)).toBe(true);
  expect(body.error.request_id).toMatch(/^req_[0-9a-f]{32}$/);
  expect(res.headers['x-request-id']).toBe(body.error.request_id);
  return body.error;
}

describeEachDialect('HTTP basics', (dialect) => {
  let t: TestApp;
  let small: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    small = await createTestApp(dialect, { bodyLimitBytes: 1024 });
  });
  afterAll(async () => {
    await t.close();
    await small.close();
  });

  it('200 {"data":{"status":"healthy"}} for GET /api/v2/health without a key', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v2/health', key: null });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ data: { status: 'healthy' } });
    expect(res.headers['x-request-id']).toMatch(/^req_[0-9a-f]{32}$/);
  });

  it('200 for health even with a bad key (health needs no auth)', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v2/health', key: 'ctd_not-a-key' });
    expect(res.statusCode).toBe(200);
  });

  it('x-request-id differs per request and ignores a client-sent one', async () => {
    const a = await t.request({ method: 'GET', url: '/api/v2/health', key: null, headers: { 'x-request-id': 'client-chosen' } });
    const b = await t.request({ method: 'GET', url: '/api/v2/health', key: null });
    expect(a.headers['x-request-id']).not.toBe('client-chosen');
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });

  it('404 route_not_found for an unknown path, with or without a key', async () => {
    const error = expectError(await t.request({ method: 'GET', url: '/api/v2/nothing-here?x=1' }), 404, 'route_not_found');
    expect(error.message).toContain('/api/v2/nothing-here');
    expect(error.message).not.toContain('x=1');
    expectError(await t.request({ method: 'GET', url: '/', key: null }), 404, 'route_not_found');
  });

  it('404 route_not_found quotes at most the first 120 characters of a long path', async () => {
    const long = `/api/v2/${'x'.repeat(8000)}`;
    const error = expectError(await t.request({ method: 'GET', url: long }), 404, 'route_not_found');
    expect(error.message).toBe(`no route GET ${long.slice(0, 120)}…`);
  });

  it('404 route_not_found in the API error shape for a badly percent-encoded path', async () => {
    const error = expectError(await t.request({ method: 'GET', url: '/api/v2/contact/%E0%A4%A' }), 404, 'route_not_found');
    expect(error.message).toMatch(/percent-encoded/);
  });

  it('404 route_not_found in the API error shape for an over-long path segment', async () => {
    expectError(await t.request({ method: 'GET', url: `/api/v2/contact/${'a'.repeat(500)}` }), 404, 'route_not_found');
  });

  it('404 route_not_found for a method the path does not serve', async () => {
    expectError(await t.request({ method: 'PUT', url: '/api/v2/health', key: null }), 404, 'route_not_found');
  });

  it('404 route_not_found in the API error shape for an unknown path whose first segment starts with _', async () => {
    for (const url of ['/_foo', '/_', '/api/v2/_unknown']) expectError(await t.request({ method: 'GET', url, key: null }), 404, 'route_not_found');
  });

  it('404 route_not_found for a verb segment (_query, _assert, …) where a contact id would go: such segments are never ids, with or without a key', async () => {
    const cases: Array<[string, string]> = [
      ['GET', '/api/v2/contact/_query'], ['PATCH', '/api/v2/contact/_assert'], ['DELETE', '/api/v2/contact/_batch'],
      ['GET', '/api/v2/contact/_query/history'], ['POST', '/api/v2/contact/_export/_restore'], ['POST', '/api/v2/contact/_assert/_purge'],
      ['POST', '/api/v2/contact/_query/attribute/contact_emails'], ['DELETE', '/api/v2/contact/_query/attribute/contact_phone_numbers/01a252f3-a1ea-730d-bbd4-8fd70c5c9fc6'],
    ];
    for (const [method, url] of cases) {
      for (const key of [undefined, null]) {
        const body = ['PATCH', 'POST'].includes(method) ? { attributes: { title: 'x' } } : undefined;
        const error = expectError(await t.request({ method: method as 'GET', url, key, ...(body === undefined ? {} : { body }) }), 404, 'route_not_found');
        expect(error.message).toBe(`no route ${method} ${url}`);
      }
    }
  });

  it('400 malformed_json for a body that is not JSON', async () => {
    const error = expectError(await t.request({ method: 'POST', url: '/api/v2/contact', body: '{"attributes": {"first_name": ' }), 400, 'malformed_json');
    expect(error.message).toMatch(/not valid JSON/);
  });

  it('400 malformed_json for an empty body sent as application/json', async () => {
    expectError(await t.request({ method: 'POST', url: '/api/v2/contact', body: '', headers: { 'content-type': 'application/json' } }), 400, 'malformed_json');
  });

  it('400 malformed_json (not 500) for a body with a __proto__ key', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v2/contact', body: '{"attributes": {"first_name": "A"}, "__proto__": {"admin": true}}' });
    expectError(res, 400, 'malformed_json');
    const nested = await t.request({ method: 'POST', url: '/api/v2/contact', body: '{"attributes": {"__proto__": {"first_name": "A"}}}' });
    expectError(nested, 400, 'malformed_json');
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('400 malformed_json for a JSON body whose bytes are not UTF-8; nothing is stored (a written U+FFFD is kept)', async () => {
    const send = (bytes: Buffer) => t.app.inject({ method: 'POST', url: '/api/v2/contact', headers: { authorization: `Bearer ${t.org.key}`, 'content-type': 'application/json' }, payload: bytes });
    const body = (name: Buffer) => Buffer.concat([Buffer.from('{"attributes": {"first_name": "'), name, Buffer.from('", "last_name": "Utf8Probe"}}')]);
    // Latin-1 "Ä", an encoded surrogate (CESU-8), an overlong "/", a truncated sequence.
    for (const bad of [Buffer.from([0xc4]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xc0, 0xaf]), Buffer.from([0xe2, 0x82])]) {
      const error = expectError(await send(body(bad)), 400, 'malformed_json');
      expect(error.message, bad.toString('hex')).toMatch(/UTF-8/);
    }
    const query = await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: { filters: [{ field: 'last_name', operator: 'eq', value: 'Utf8Probe' }] } });
    expect(query.json().data).toEqual([]);
    const kept = await send(body(Buffer.from('\ufffd', 'utf8')));
    expect(kept.statusCode, kept.body).toBe(201);
    expect(kept.json().data.attributes.first_name.value).toBe('\ufffd');
  });

  it('400 malformed_json naming the member for a body that repeats a member name in one object; nothing is stored', async () => {
    const cases: Array<[string, string]> = [
      ['{"attributes": {"first_name": "A", "last_name": "DupProbe", "first_name": "B"}}', '/attributes/first_name'],
      ['{"attributes": {"last_name": "DupProbe"}, "attributes": {"first_name": "B"}}', '/attributes'],
      ['{"attributes": {"last_name": "DupProbe", "address": {"city": "X", "c\\u0069ty": "Y"}}}', '/attributes/address/city'],
      ['{"attributes": {"last_name": "DupProbe", "contact_emails": [{"email": "a@dup.example"}, {"email": "b@dup.example", "labels": [], "email": "c@dup.example"}]}}', '/attributes/contact_emails/1/email'],
    ];
    for (const [body, pointer] of cases) {
      const error = expectError(await t.request({ method: 'POST', url: '/api/v2/contact', body }), 400, 'malformed_json');
      expect(error.message, body).toContain(pointer);
    }
    // The same name in different objects, in arrays and as a string value is no repetition.
    const fine = await t.request({ method: 'POST', url: '/api/v2/contact', body: '{"attributes": {"last_name": "DupProbe", "first_name": "first_name", "address": {"city": "a"}, "contact_emails": [{"email": "d@dup.example", "labels": ["WORK"]}, {"email": "e@dup.example", "labels": ["WORK"]}]}}' });
    expect(fine.statusCode, fine.body).toBe(201);
    const stored = await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: { filters: [{ field: 'last_name', operator: 'eq', value: 'DupProbe' }] } });
    expect(stored.json().data.map((c: { id: string }) => c.id)).toEqual([fine.json().data.id]);
  });

  it('400 malformed_json (not 500) for a body with constructor.prototype', async () => {
    expectError(await t.request({ method: 'POST', url: '/api/v2/contact', body: '{"attributes": {"constructor": {"prototype": {"x": 1}}}}' }), 400, 'malformed_json');
  });

  it('413 payload_too_large for a body over BODY_LIMIT_BYTES', async () => {
    const error = expectError(await small.request({ method: 'POST', url: '/api/v2/contact', key: small.org.key, body: { attributes: { first_name: 'x'.repeat(2000) } } }), 413, 'payload_too_large');
    expect(error.message).toContain('1024');
  });

  it('201 for a body just under BODY_LIMIT_BYTES (the limit is the only thing that 413 is about)', async () => {
    const res = await small.request({ method: 'POST', url: '/api/v2/contact', key: small.org.key, body: `{"attributes": {"first_name": "Under"}}${' '.repeat(900)}` });
    expect(res.statusCode).toBe(201);
  });

  it('415 unsupported_media_type for a text/plain body', async () => {
    const error = expectError(await t.request({ method: 'POST', url: '/api/v2/contact', body: '{"attributes": {}}', headers: { 'content-type': 'text/plain' } }), 415, 'unsupported_media_type');
    expect(error.message).toContain('application/json');
  });

  it('415 unsupported_media_type for a form-encoded body', async () => {
    expectError(await t.request({ method: 'POST', url: '/api/v2/contact', body: 'first_name=A', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported_media_type');
  });

  it('201 for application/json with a charset parameter', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v2/contact', body: '{"attributes": {"first_name": "Charset"}}', headers: { 'content-type': 'application/json; charset=utf-8' } });
    expect(res.statusCode).toBe(201);
  });

  it('401 before the body is looked at: an unauthenticated malformed body is refused as unauthenticated', async () => {
    expectError(await t.request({ method: 'POST', url: '/api/v2/contact', key: null, body: '{oops' }), 401, 'unauthenticated');
  });
});

describeEachDialect('HTTP 500', (dialect) => {
  it('500 internal_error with no driver, SQL or stack text when the database is gone', async () => {
    const t = await createTestApp(dialect);
    try {
      await t.db.destroy();
      const res = await t.request({ method: 'GET', url: `/api/v2/contact/${MISSING_ID}` });
      const error = expectError(res, 500, 'internal_error');
      expect(error.details).toEqual([]);
      expect(error.message).toContain(res.headers['x-request-id'] as string);
      expect(res.body).not.toMatch(/sqlite|postgres|pool|driver|destroyed|select|kysely|Error:|\bat .+:\d+/i);
    } finally {
      await t.app.close();
    }
  });
});

describeEachDialect('HTTP request log', (dialect) => {
  const lines: Array<Record<string, unknown>> = [];
  let raw = '';
  let app: Awaited<ReturnType<typeof buildApp>>;
  let key: string;
  let organizationId: string;
  let destroy: () => Promise<void>;
  beforeAll(async () => {
    const db = await openTestDatabase(dialect);
    destroy = db.destroy;
    const tenancy = new Tenancy(new SqlTenancyStore(db.database));
    const org = await tenancy.createOrganization('Logs');
    const user = await tenancy.createUser(org.id, 'log@example.com', null);
    key = (await tenancy.createApiKey({ organizationId: org.id, userId: user.id })).key;
    organizationId = org.id;
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        raw += chunk.toString();
        for (const line of chunk.toString().split('\n').filter((l) => l !== '')) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    app = await buildApp({ config: loadConfig({}, { databaseUrl: db.url, keyCacheTtlMs: 0 }), database: db.database, logger: { level: 'info', stream } });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await destroy();
  });

  it('one line per request with method, route, status, duration_ms, request_id and organization_id; never the key', async () => {
    const ok = await app.inject({ method: 'POST', url: '/api/v2/contact', headers: { authorization: `Bearer ${key}` }, payload: { attributes: { first_name: 'Logged' } } });
    expect(ok.statusCode).toBe(201);
    const denied = await app.inject({ method: 'GET', url: `/api/v2/contact/${MISSING_ID}`, headers: { 'x-api-key': `${key}x` } });
    expect(denied.statusCode).toBe(401);
    const missing = await app.inject({ method: 'GET', url: '/no/such/route' });
    expect(missing.statusCode).toBe(404);
    const badUrl = await app.inject({ method: 'GET', url: '/api/v2/contact/%E0%A4%A' });
    expect(badUrl.statusCode).toBe(404);

    const requests = lines.filter((l) => l.msg === 'request');
    expect(requests).toHaveLength(4);
    expect(requests[3]).toMatchObject({ method: 'GET', status: 404, request_id: badUrl.headers['x-request-id'], organization_id: null });
    expect(requests[0]).toMatchObject({ method: 'POST', route: '/api/v2/contact', status: 201, request_id: ok.headers['x-request-id'], organization_id: organizationId });
    expect(requests[1]).toMatchObject({ method: 'GET', route: '/api/v2/contact/:contact_id', status: 401, request_id: denied.headers['x-request-id'], organization_id: null });
    expect(requests[2]).toMatchObject({ method: 'GET', status: 404, request_id: missing.headers['x-request-id'] });
    for (const line of requests) expect(typeof line.duration_ms).toBe('number');
    expect(raw).not.toContain(key);
    expect(raw).not.toContain(key.slice(4));
  });
});
