import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/databases.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

describeEachDialect('contact create and seed PATCH', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('200 for the seed PATCH: the full record with the title changed and updated_at bumped', async () => {
    const created = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: 'Sarah', last_name: 'Lee', primary_email: 'sarah@example.com' } } });
    expect(created.statusCode).toBe(201);
    const before = created.json().data;
    const res = await t.request({ method: 'PATCH', url: `/api/v2/contact/${before.id}`, body: { attributes: { title: 'Chief Technology Officer' } } });
    expect(res.statusCode).toBe(200);
    const after = res.json().data;
    expect(after.attributes.title).toEqual({ value: 'Chief Technology Officer', value_type: 'string' });
    expect(after.updated_at > before.updated_at).toBe(true);
    expect(after.attributes.updated_by_user_id.value).toEqual({ related_record_id: t.org.userId, related_record_type: 'user' });
    expect(res.headers.etag).toBe('W/"2"');
    for (const name of Object.keys(before.attributes)) {
      if (['title', 'updated_at'].includes(name)) continue;
      expect(after.attributes[name], name).toEqual(before.attributes[name]);
    }
  });

  it('GET with If-None-Match: 304 without a body while the version it names is current, 200 once the contact changed', async () => {
    const created = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: 'Cached', primary_email: 'cached@example.com' } } });
    const id = created.json().data.id;
    const get = (ifNoneMatch: string) => t.request({ method: 'GET', url: `/api/v2/contact/${id}`, headers: { 'if-none-match': ifNoneMatch } });
    for (const header of ['W/"1"', '"1"', 'W/"7", W/"1"', '*']) {
      const res = await get(header);
      expect(res.statusCode, header).toBe(304);
      expect(res.body, header).toBe('');
      expect(res.headers.etag, header).toBe('W/"1"');
      expect(res.headers['ratelimit-remaining'], header).toBeDefined();
    }
    for (const header of ['W/"2"', 'W/"01"', 'garbage', '']) {
      const res = await get(header);
      expect(res.statusCode, header).toBe(200);
      expect(res.json().data.id, header).toBe(id);
    }
    await t.request({ method: 'PATCH', url: `/api/v2/contact/${id}`, body: { attributes: { title: 'Changed' } } });
    const changed = await get('W/"1"');
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).toBe('W/"2"');
    expect(changed.json().data.attributes.title.value).toBe('Changed');
    expect((await get('W/"2"')).statusCode).toBe(304);
    // Another organization's contact stays a 404, whatever the header says.
    const other = await t.newOrg('Elsewhere');
    const foreign = await t.request({ method: 'GET', url: `/api/v2/contact/${id}`, key: other.key, headers: { 'if-none-match': '*' } });
    expect(foreign.statusCode).toBe(404);
  });
});
