import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/databases.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

// Every t.request() checks its response against the OpenAPI document; this file walks each route
// through its success and error responses so the document is held to all of them.
describeEachDialect('every route answers as the OpenAPI document says', (dialect) => {
  let t: TestApp;
  let id: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    const res = await t.request({
      method: 'POST',
      url: '/api/v2/contact',
      body: {
        attributes: {
          first_name: 'Sarah',
          last_name: { value: 'Lee', value_type: 'string' },
          primary_email: 'Sarah@Example.com',
          contact_phone_numbers: [{ phone_number: '+1 415 555 1234', labels: ['work'] }],
          address: { city: 'Oakland' },
          owner_user_id: { related_record_match: { email: t.org.userEmail } },
          participant_user_id_list: [t.org.userId],
          sms_consent: true,
          stage: 'working',
        },
      },
    });
    expect(res.statusCode).toBe(201);
    id = res.json().data.id;
  });
  afterAll(async () => t.close());

  it('200 for health and the schema, 200 and 201 for reads and writes of a fully populated contact', async () => {
    expect((await t.request({ method: 'GET', url: '/api/v2/health', key: null })).statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/v2/_schema/contact' })).statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: `/api/v2/contact/${id}` })).statusCode).toBe(200);
    const patched = await t.request({ method: 'PATCH', url: `/api/v2/contact/${id}`, body: { attributes: { title: 'CTO', address: null, stage: { value: 'customer', value_type: 'contact_stage' } } } });
    expect(patched.statusCode).toBe(200);
  });

  it('201, 200 and 204 for the email and phone item routes', async () => {
    for (const [list, field, value] of [['contact_emails', 'email', 'second@example.com'], ['contact_phone_numbers', 'phone_number', '+442071838750']] as const) {
      const added = await t.request({ method: 'POST', url: `/api/v2/contact/${id}/attribute/${list}`, body: { [field]: value, labels: ['WORK'] } });
      expect(added.statusCode).toBe(201);
      const itemId = added.json().data.id;
      const patched = await t.request({ method: 'PATCH', url: `/api/v2/contact/${id}/attribute/${list}/${itemId}`, body: { is_primary: true } });
      expect(patched.statusCode).toBe(200);
      expect((await t.request({ method: 'DELETE', url: `/api/v2/contact/${id}/attribute/${list}/${itemId}` })).statusCode).toBe(204);
    }
  });

  it('422 with every problem listed, 400 for malformed JSON, 415 for a non-JSON body', async () => {
    const invalid = await t.request({ method: 'PATCH', url: `/api/v2/contact/${id}`, body: { attributes: { display_name: 'X', first_name: 7, nope: 1 }, relationships: {} } });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().error.details).toHaveLength(4);
    expect((await t.request({ method: 'POST', url: '/api/v2/contact', body: '{"attributes":', headers: { 'content-type': 'application/json' } })).statusCode).toBe(400);
    expect((await t.request({ method: 'POST', url: '/api/v2/contact', body: '<contact/>', headers: { 'content-type': 'application/xml' } })).statusCode).toBe(415);
  });

  it('401 without a key, 403 with a read-only key on a write', async () => {
    expect((await t.request({ method: 'GET', url: `/api/v2/contact/${id}`, key: null })).statusCode).toBe(401);
    const { key } = await t.newKey(t.org, ['contacts:read']);
    const denied = await t.request({ method: 'PATCH', url: `/api/v2/contact/${id}`, key, body: { attributes: { title: 'x' } } });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.details[0].missing_permission).toBe('contacts:write');
  });

  it('404 for a malformed or unknown contact id and for an unknown route', async () => {
    expect((await t.request({ method: 'GET', url: '/api/v2/contact/not-a-uuid' })).statusCode).toBe(404);
    expect((await t.request({ method: 'PATCH', url: `/api/v2/contact/${crypto.randomUUID()}`, body: { attributes: { title: 'x' } } })).statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url: '/api/v2/contacts' })).json().error.code).toBe('route_not_found');
  });

  it('409 duplicate_value keeps existing_contact_id in the detail; 412 keeps current_etag', async () => {
    const duplicate = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { primary_email: 'sarah@example.com' } } });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.details[0].existing_contact_id).toBe(id);
    const stale = await t.request({ method: 'PATCH', url: `/api/v2/contact/${id}`, headers: { 'if-match': 'W/"1"' }, body: { attributes: { title: 'x' } } });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().error.details[0].current_etag).toMatch(/^W\/"\d+"$/);
  });

  it('204 on archive, then 409 record_archived on PATCH and 200 on GET with archived_at set', async () => {
    expect((await t.request({ method: 'DELETE', url: `/api/v2/contact/${id}` })).statusCode).toBe(204);
    expect((await t.request({ method: 'PATCH', url: `/api/v2/contact/${id}`, body: { attributes: { title: 'x' } } })).statusCode).toBe(409);
    const archived = await t.request({ method: 'GET', url: `/api/v2/contact/${id}` });
    expect(archived.json().data.attributes.archived_at.value).not.toBeNull();
  });
});

// The database refusing to grow (SQLite's max_page_count gives the same SQLITE_FULL as a full disk) reaches every
// kind of write, not only contact writes: each must answer a 507 the document declares.
describe('507 insufficient_storage on every kind of write, as the OpenAPI document says', () => {
  let t: TestApp;
  let key: string;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { webhookAllowPrivateUrls: true });
    key = (await t.newKey(t.org, ['contacts:write', 'webhooks:write', 'schema:write'])).key;
    const { rows } = await sql<{ page_count: number }>`PRAGMA page_count`.execute(t.db.database.db);
    await sql.raw(`PRAGMA max_page_count = ${rows[0]?.page_count ?? 0}`).execute(t.db.database.db);
  });
  afterAll(async () => t.close());

  const untilRefused = async (body: (i: number) => Record<string, unknown>, url: string) => {
    for (let i = 0; i < 200; i += 1) {
      const res = await t.request({ method: 'POST', url, key, body: body(i) });
      if (res.statusCode !== 201) return res;
    }
    throw new Error(`${url} never ran out of room`);
  };

  it('507 from POST /api/v2/webhook and POST /api/v2/_schema/contact/attributes when the database cannot grow', async () => {
    const webhook = await untilRefused(() => ({ url: `http://127.0.0.1:9/${'x'.repeat(1500)}` }), '/api/v2/webhook');
    expect([webhook.statusCode, webhook.json().error.code]).toEqual([507, 'insufficient_storage']);
    const attribute = await untilRefused((i) => ({ api_name: `full_${i}`, display_name: `Full ${i}`, value_type: 'string', description: 'd'.repeat(1900) }), '/api/v2/_schema/contact/attributes');
    expect([attribute.statusCode, attribute.json().error.code]).toEqual([507, 'insufficient_storage']);
  });
});
