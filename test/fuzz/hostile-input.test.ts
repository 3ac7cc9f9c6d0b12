import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/databases.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { expectError } from '../helpers/contacts.ts';
import { ATTRIBUTE_NAMES, ENDPOINTS, expectNoPollution, expectSaneResponse, nastyBody, nastyHeaders, nastyId, nastyQuery, nastyString, nastyValue, snapshot } from './fuzz-support.ts';

// Bounded runs keep the suite fast; a failure prints fast-check's seed and shrunk counterexample to replay it.
const RUNS = Number(process.env.CONTACTD_FUZZ_RUNS ?? 150);
// Each run writes and snapshots the organization, so a raised CONTACTD_FUZZ_RUNS needs time in proportion.
const PROPERTY_TIMEOUT = Math.max(30_000, RUNS * 400);

describeEachDialect('hostile input never yields a 5xx, always the API error shape, and rejected requests change nothing', (dialect) => {
  let t: TestApp;
  let ids: string[] = [];
  let itemIds: string[] = [];

  const refreshIds = async () => {
    const db = t.db.database.db;
    ids = (await db.selectFrom('contacts').select('id').where('organization_id', '=', t.org.organizationId).where('archived_at', 'is', null).execute()).map((r) => r.id);
    itemIds = (await db.selectFrom('contact_emails').select('id').where('organization_id', '=', t.org.organizationId).execute()).map((r) => r.id);
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    for (let i = 0; i < 3; i += 1) {
      const res = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: `Seed${i}`, primary_email: `seed${i}@example.com`, primary_phone_number: '+14155550100' } } });
      expect(res.statusCode).toBe(201);
    }
    await refreshIds();
  });
  afterAll(async () => {
    expectNoPollution();
    const health = await t.request({ method: 'GET', url: '/api/v2/health', key: null });
    expect(health.statusCode).toBe(200);
    await t.close();
  });

  /** Sends one request and checks every invariant; a 2xx write may change data, anything else may not. */
  const probe = async (options: { method: string; url: string; body?: unknown; payload?: string; headers?: Record<string, string>; key?: string | null }) => {
    const before = options.method === 'GET' ? null : await snapshot(t);
    const headers = { ...options.headers };
    const res = await t.request({
      method: options.method as 'GET',
      url: options.url,
      ...(options.payload !== undefined ? { body: options.payload } : options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      headers,
      ...(options.key !== undefined ? { key: options.key } : {}),
    });
    const what = `${options.method} ${options.url.slice(0, 120)}`;
    expectSaneResponse(res, what);
    if (before !== null) {
      if (res.statusCode >= 400) expect(await snapshot(t), `${what} → ${res.statusCode} changed stored data`).toBe(before);
      else await refreshIds();
    }
    expectNoPollution();
    return res;
  };

  it('every endpoint with random and adversarial JSON bodies, ids and headers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ENDPOINTS), nastyId(() => ids), nastyId(() => itemIds), nastyBody, nastyHeaders, async (endpoint, id, itemId, body, headers) => {
        const contentType = headers['content-type'] ?? 'application/json';
        await probe({ method: endpoint.method, url: endpoint.path(id, itemId), ...(endpoint.method === 'GET' || endpoint.method === 'DELETE' ? {} : { body }), headers: { ...headers, 'content-type': contentType } });
      }),
      { numRuns: RUNS },
    );
  });

  it('_query with random filters, sorts, limits and cursors (SQL and LIKE metacharacters included)', async () => {
    await fc.assert(
      fc.asyncProperty(nastyQuery, async (body) => {
        await probe({ method: 'POST', url: '/api/v2/contact/_query', body });
      }),
      { numRuns: RUNS },
    );
  });

  it('raw bodies that are not JSON, are truncated, deeply nested or carry __proto__, under any content type', async () => {
    const rawBodies = fc.oneof(
      fc.constantFrom(
        '{', '}', '[', 'null', '"x"', '1', '{"attributes":', '{"attributes":{"first_name":"a"}}x', '\u0000', '\uFEFF{}',
        '[' .repeat(100_000) + ']'.repeat(100_000), '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000),
        '{"__proto__":{"polluted":true},"attributes":{}}', '{"attributes":{"__proto__":{"polluted":true}}}',
        '{"constructor":{"prototype":{"polluted":true}},"attributes":{}}', '{"attributes":{"constructor":{"prototype":{"polluted":true}}}}',
        `{"attributes":{"first_name":"${'x'.repeat(2_000_000)}"}}`, `[${'1,'.repeat(300_000)}1]`, '{"attributes":{"first_name":"\\ud800"}}',
        '{"attributes":{"first_name":"a\\u0000b"}}', '{"attributes":{"first_name":1e999}}', '{"attributes":{"first_name":"a"},"attributes":{"first_name":"b"}}',
      ),
      fc.string({ maxLength: 200, unit: 'binary' }),
      fc.json().map((j) => j.slice(0, Math.max(0, j.length - 1))),
    );
    const contentTypes = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream', 'APPLICATION/JSON', 'application/json; charset=utf-16');
    const writeEndpoints = ENDPOINTS.filter((e) => e.method === 'POST' || e.method === 'PATCH');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...writeEndpoints), rawBodies, contentTypes, async (endpoint, payload, contentType) => {
        await probe({ method: endpoint.method, url: endpoint.path(ids[0] ?? 'x', itemIds[0] ?? 'y'), payload, headers: { 'content-type': contentType } });
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });

  it('numbers where strings go and strings where numbers, booleans and lists go, on create and patch', async () => {
    const flipped = fc.record({ attributes: fc.record({
      first_name: fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.string(), { maxLength: 3 })),
      sms_consent: fc.oneof(fc.string(), fc.integer(), fc.constantFrom('true', 'false', 'yes', 1, 0)),
      contact_emails: fc.oneof(fc.string(), fc.integer(), fc.array(fc.oneof(fc.string(), fc.integer(), nastyValue), { maxLength: 3 })),
      primary_phone_number: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), nastyString),
      stage: fc.oneof(fc.integer(), nastyString, nastyValue),
      owner_user_id: fc.oneof(fc.integer(), nastyString, nastyValue),
    }, { requiredKeys: [] }) });
    await fc.assert(
      fc.asyncProperty(fc.boolean(), flipped, async (create, body) => {
        await probe(create ? { method: 'POST', url: '/api/v2/contact', body } : { method: 'PATCH', url: `/api/v2/contact/${ids[0] ?? 'x'}`, body });
      }),
      { numRuns: RUNS },
    );
  });

  it('hostile credentials: random, oversized and injected keys are a clean 401, never a lookup error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(nastyString.map((s) => s.replace(/[^\x21-\x7e]/g, 'x') || 'x'), fc.constantFrom('ctd_' + 'A'.repeat(5000), "ctd_' OR 1=1 --", 'ctd_%')), fc.boolean(), async (key, asHeader) => {
        const res = await probe({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: 'K' } }, key: null, headers: asHeader ? { 'x-api-key': key } : { authorization: `Bearer ${key}` } });
        expect(res.statusCode).toBe(401);
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });

  it('values with NUL bytes, lone surrogates and metacharacters are refused by name or stored exactly', { timeout: PROPERTY_TIMEOUT }, async () => {
    await fc.assert(
      fc.asyncProperty(nastyString, async (value) => {
        const res = await probe({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: value, department: value } } });
        if (res.statusCode === 201) {
          const id = res.json().data.id as string;
          const { attributes } = (await t.request({ method: 'GET', url: `/api/v2/contact/${id}` })).json().data;
          const stored = value.trim() === '' ? null : value.trim();
          expect(attributes.first_name.value).toBe(stored);
          expect(attributes.department.value).toBe(stored);
        } else {
          // Refused: a 422 whose every detail is about the two attributes that carried the value.
          const error = expectError(res, 422, 'validation_failed');
          expect(error.details.length).toBeGreaterThan(0);
          for (const detail of error.details) expect(['first_name', 'department'], JSON.stringify(detail)).toContain(detail.field);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('any JSON value written to any attribute is refused naming that attribute, or stored exactly as the write answered', { timeout: PROPERTY_TIMEOUT }, async () => {
    const created = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: 'Target', primary_email: `target.${dialect}@example.com` } } });
    expect(created.statusCode).toBe(201);
    const id = created.json().data.id as string;
    await refreshIds();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ATTRIBUTE_NAMES), nastyValue, async (attribute, value) => {
        const res = await probe({ method: 'PATCH', url: `/api/v2/contact/${id}`, body: { attributes: { [attribute]: value } } });
        if (res.statusCode === 200) {
          const got = await t.request({ method: 'GET', url: `/api/v2/contact/${id}` });
          expect(got.json().data).toEqual(res.json().data);
          return;
        }
        const { error } = res.json() as { error: { code: string; details: Array<{ field?: string }> } };
        // A JSON key named __proto__ or constructor.prototype is refused by the parser, before any attribute is read.
        if (res.statusCode === 400) expect(error.code).toBe('malformed_json');
        // An email (or list of emails) held by another contact.
        else if (res.statusCode === 409) expect([error.code, attribute]).toEqual(['duplicate_value', expect.stringMatching(/^(primary_email|contact_emails)$/)]);
        else {
          expect([res.statusCode, error.code]).toEqual([422, 'validation_failed']);
          expect(error.details.map((d) => d.field), JSON.stringify(error.details)).toContain(attribute);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
