import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/databases.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

type Detail = { code: string; path?: string; field?: string; message: string };

describeEachDialect('_query validation', (dialect) => {
  let t: TestApp;
  const query = (body: unknown, key?: string) => t.request({ method: 'POST', url: '/api/v2/contact/_query', body: body as object, ...(key === undefined ? {} : { key }) });
  const detailsOf = async (body: unknown): Promise<Detail[]> => {
    const res = await query(body);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.code).toBe('validation_failed');
    return res.json().error.details as Detail[];
  };
  const codes = (details: Detail[]) => details.map((d) => `${d.code} ${d.path}`);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    for (let i = 0; i < 3; i += 1) {
      const res = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: `Q${i}`, primary_email: `q${i}@example.com` } } });
      expect(res.statusCode).toBe(201);
    }
  });
  afterAll(async () => t.close());

  it('200 with the first 50 contacts by created_at for an empty body, and for no body at all', async () => {
    for (const body of [{}, undefined]) {
      const res = await query(body);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().data.map((r: { attributes: { first_name: { value: string } } }) => r.attributes.first_name.value)).toEqual(['Q0', 'Q1', 'Q2']);
      expect(res.json().next_cursor).toBeNull();
    }
  });

  it('422 invalid_filter_field for an unknown attribute, a non-filterable one and a missing field', async () => {
    const details = await detailsOf({ filters: [
      { field: 'favourite_colour', operator: 'eq', value: 'red' },
      { field: 'organization_id', operator: 'eq', value: '00000000-0000-7000-8000-000000000000' },
      { operator: 'exists' },
    ] });
    expect(codes(details)).toEqual(['invalid_filter_field /filters/0/field', 'invalid_filter_field /filters/1/field', 'invalid_filter_field /filters/2/field']);
  });

  it('422 invalid_filter_operator for an unknown operator and one the attribute does not support', async () => {
    const details = await detailsOf({ filters: [
      { field: 'first_name', operator: 'like', value: 'a' },
      { field: 'sms_consent', operator: 'gt', value: true },
      { field: 'address', operator: 'contains', value: 'Paris' },
    ] });
    expect(codes(details)).toEqual(['invalid_filter_operator /filters/0/operator', 'invalid_filter_operator /filters/1/operator', 'invalid_filter_operator /filters/2/operator']);
    expect(details[1]?.message).toContain('eq, ne, exists, not_exists');
  });

  it('422 invalid_filter_value for values of the wrong type, shape or content, each at its own path', async () => {
    const details = await detailsOf({ filters: [
      { field: 'created_at', operator: 'gt', value: 'yesterday' },
      { field: 'id', operator: 'eq', value: 'not-a-uuid' },
      { field: 'primary_email', operator: 'eq', value: 'not an email' },
      { field: 'stage', operator: 'eq', value: 'no_such_stage' },
      { field: 'first_name', operator: 'in', value: 'Ann' },
      { field: 'first_name', operator: 'in', value: ['Ann', 7] },
      { field: 'created_at', operator: 'between', value: ['2025-01-01T00:00:00Z'] },
      { field: 'created_at', operator: 'between', value: ['2025-01-01T00:00:00Z', '2024-01-01T00:00:00Z'] },
      { field: 'first_name', operator: 'exists', value: 'x' },
      { field: 'first_name', operator: 'eq' },
      { field: 'sms_consent', operator: 'eq', value: 'true' },
      { field: 'email_enrich_status', operator: 'eq', value: 'DONE' },
      { field: 'owner_user_id', operator: 'eq', value: { related_record_id: 'x' } },
      { field: 'contact_phone_numbers', operator: 'eq', value: 'call me' },
      { field: 'first_name', operator: 'contains', value: 'bad\ud800' },
      'not an object',
      { or: [] },
    ] });
    expect(codes(details)).toEqual([
      'invalid_filter_value /filters/0/value',
      'invalid_filter_value /filters/1/value',
      'invalid_filter_value /filters/2/value',
      'invalid_filter_value /filters/3/value',
      'invalid_filter_value /filters/4/value',
      'invalid_filter_value /filters/5/value/1',
      'invalid_filter_value /filters/6/value',
      'invalid_filter_value /filters/7/value',
      'invalid_filter_value /filters/8/value',
      'invalid_filter_value /filters/9/value',
      'invalid_filter_value /filters/10/value',
      'invalid_filter_value /filters/11/value',
      'invalid_filter_value /filters/12/value',
      'invalid_filter_value /filters/13/value',
      'invalid_filter_value /filters/14/value',
      'invalid_filter_value /filters/15',
      'invalid_filter_value /filters/16/or',
    ]);
    expect(details[3]?.message).toContain('working');
  });

  it('200 for a filter string of 2048 characters counted as code points (a stored URL of emoji is found); 422 at 2049', async () => {
    // In an organization of its own: the other tests count this one's contacts.
    const own = await t.newOrg('Long values');
    const url = `https://example.com/${'😀'.repeat(2028)}`;
    const created = await t.request({ method: 'POST', url: '/api/v2/contact', key: own.key, body: { attributes: { first_name: 'Emoji', linkedin_url: url } } });
    expect(created.statusCode, created.body).toBe(201);
    const found = await query({ filters: [{ field: 'linkedin_url', operator: 'eq', value: url }] }, own.key);
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json().data.map((c: { id: string }) => c.id)).toEqual([created.json().data.id]);
    expect(codes(await detailsOf({ filters: [{ field: 'linkedin_url', operator: 'eq', value: `${url}x` }] }))).toEqual(['invalid_filter_value /filters/0/value']);
    expect(codes(await detailsOf({ filters: [{ field: 'title', operator: 'contains', value: 'x'.repeat(2049) }] }))).toEqual(['invalid_filter_value /filters/0/value']);
  });

  it('200 for groups nested 4 deep; 422 filter_depth_exceeded at the fifth', async () => {
    const leaf = { field: 'first_name', operator: 'eq', value: 'Q1' };
    const four = { and: [{ or: [{ not: { and: [leaf] } }] }] };
    const ok = await query({ filters: [four] });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().data).toHaveLength(2);
    const details = await detailsOf({ filters: [{ and: [{ or: [{ not: { and: [{ or: [leaf] }] } }] }] }] });
    expect(codes(details)).toEqual(['filter_depth_exceeded /filters/0/and/0/or/0/not/and/0']);
  });

  it('422 sort_too_many_fields for four sort fields, and unsortable_field for lists, objects, unknown and repeated fields', async () => {
    const details = await detailsOf({ sort: [{ field: 'first_name' }, { field: 'last_name' }, { field: 'title' }, { field: 'department' }] });
    expect(codes(details)).toEqual(['sort_too_many_fields /sort']);
    const more = await detailsOf({ sort: [{ field: 'contact_emails' }, { field: 'address' }, { field: 'nope' }] });
    expect(codes(more)).toEqual(['unsortable_field /sort/0/field', 'unsortable_field /sort/1/field', 'unsortable_field /sort/2/field']);
    // An unknown name is said as a filter says it; a missing field is asked for.
    expect(more[2]?.message).toBe('"nope" is not a contact attribute (see GET /api/v2/_schema/contact)');
    const noField = await detailsOf({ sort: [{ direction: 'asc' }] });
    expect(noField[0]?.message).toMatch(/^a sort entry needs "field"/);
    const twice = await detailsOf({ sort: [{ field: 'title' }, { field: 'title', direction: 'desc' }] });
    expect(codes(twice)).toEqual(['unsortable_field /sort/1/field']);
    const direction = await detailsOf({ sort: [{ field: 'title', direction: 'up' }] });
    expect(codes(direction)).toEqual(['field_value_invalid /sort/0/direction']);
  });

  it('422 field_value_invalid for a limit of 0, 501 or 2.5, and unknown_field for an unknown member', async () => {
    for (const limit of [0, 501, 2.5, '10']) expect(codes(await detailsOf({ limit }))).toEqual(['field_value_invalid /limit']);
    expect(codes(await detailsOf({ filter: [] }))).toEqual(['unknown_field /filter']);
  });

  it('422 invalid_cursor for garbage, a tampered cursor, and a cursor reused with other filters or sort; 200 with a new limit', async () => {
    const body = { filters: [{ field: 'first_name', operator: 'starts_with', value: 'q' }], limit: 1 };
    const first = await query(body);
    expect(first.statusCode).toBe(200);
    const cursor = first.json().next_cursor as string;
    expect(typeof cursor).toBe('string');

    const [payload, signature] = cursor.split('.') as [string, string];
    const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString());
    decoded.k[1] = '00000000-0000-7000-8000-000000000000';
    const tampered = `${Buffer.from(JSON.stringify(decoded)).toString('base64url')}.${signature}`;
    for (const bad of ['garbage', tampered, `${payload}.${signature.slice(0, -2)}AA`, 42]) {
      expect(codes(await detailsOf({ ...body, cursor: bad }))).toEqual(['invalid_cursor /cursor']);
    }
    expect(codes(await detailsOf({ ...body, filters: [], cursor }))).toEqual(['invalid_cursor /cursor']);
    expect(codes(await detailsOf({ ...body, sort: [{ field: 'created_at', direction: 'desc' }], cursor }))).toEqual(['invalid_cursor /cursor']);

    const bigger = await query({ ...body, limit: 10, cursor });
    expect(bigger.statusCode, bigger.body).toBe(200);
    expect(bigger.json().data).toHaveLength(2);
  });

  it('422 invalid_cursor for a cursor from another organization running the same query', async () => {
    const body = { limit: 1 };
    const cursor = (await query(body)).json().next_cursor as string;
    const other = await t.newOrg('Other');
    await t.request({ method: 'POST', url: '/api/v2/contact', key: other.key, body: { attributes: { first_name: 'O' } } });
    const res = await query({ ...body, cursor }, other.key);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.map((d: Detail) => d.code)).toEqual(['invalid_cursor']);
  });

  it('422 listing every problem together: field, operator, value, depth, sort and cursor', async () => {
    const details = await detailsOf({
      filters: [
        { field: 'nope', operator: 'eq', value: 1 },
        { field: 'first_name', operator: 'between', value: 'x' },
        { field: 'title', operator: 'around', value: 'x' },
        { not: { not: { not: { not: { not: { field: 'title', operator: 'exists' } } } } } },
      ],
      sort: [{ field: 'title' }, { field: 'address' }, { field: 'last_name' }, { field: 'first_name' }],
      cursor: 'nope',
    });
    expect(new Set(details.map((d) => d.code))).toEqual(new Set([
      'invalid_filter_field', 'invalid_filter_value', 'invalid_filter_operator', 'filter_depth_exceeded', 'sort_too_many_fields', 'unsortable_field', 'invalid_cursor',
    ]));
  });

  it('422 invalid_filter_value at /filters for more than 200 conditions or 5000 values in all (never a database error)', async () => {
    const leaf = { field: 'first_name', operator: 'eq', value: 'x' };
    expect(codes(await detailsOf({ filters: [{ or: Array.from({ length: 201 }, () => leaf) }] }))).toEqual(['invalid_filter_value /filters']);
    const many = { field: 'first_name', operator: 'in', value: Array.from({ length: 1000 }, (_, i) => `v${i}`) };
    expect(codes(await detailsOf({ filters: Array.from({ length: 6 }, () => many) }))).toEqual(['invalid_filter_value /filters']);
    const atLimit = await query({ filters: [{ or: Array.from({ length: 196 }, () => leaf) }, ...Array.from({ length: 4 }, () => many)] });
    expect(atLimit.statusCode, atLimit.body).toBe(200);
  });

  it('403 for a key without contacts:read', async () => {
    const { key } = await t.newKey(t.org, []);
    const res = await query({}, key);
    expect(res.statusCode).toBe(403);
  });
});

describe('_query cursor secret', () => {
  it('200 for a cursor from another app instance sharing the database (the generated secret is stored once)', async () => {
    const t = await createTestApp('sqlite');
    try {
      await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: 'A' } } });
      await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: 'B' } } });
      const cursor = (await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: { limit: 1 } })).json().next_cursor;
      const { buildApp } = await import('../../src/app.ts');
      const second = await buildApp({ config: t.config, database: t.db.database });
      const res = await second.inject({ method: 'POST', url: '/api/v2/contact/_query', headers: { authorization: `Bearer ${t.org.key}`, 'content-type': 'application/json' }, payload: JSON.stringify({ limit: 1, cursor }) });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().data[0].attributes.first_name.value).toBe('B');
      const configured = await buildApp({ config: { ...t.config, cursorSecret: 'a-configured-secret-of-enough-length' }, database: t.db.database });
      const rejected = await configured.inject({ method: 'POST', url: '/api/v2/contact/_query', headers: { authorization: `Bearer ${t.org.key}`, 'content-type': 'application/json' }, payload: JSON.stringify({ limit: 1, cursor }) });
      expect(rejected.statusCode).toBe(422);
      await second.close();
      await configured.close();
    } finally {
      await t.close();
    }
  });
});
