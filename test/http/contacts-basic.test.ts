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
});
