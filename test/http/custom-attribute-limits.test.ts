import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/databases.ts';
import { detailsOf, expectError } from '../helpers/contacts.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

const BASE = '/api/v2/_schema/contact/attributes';

describeEachDialect('CUSTOM_ATTRIBUTES_MAX', (dialect) => {
  let t: TestApp;
  let key: string;
  beforeAll(async () => {
    t = await createTestApp(dialect, { customAttributesMax: 3 });
    key = (await t.newKey(t.org, ['schema:write'])).key;
  });
  afterAll(async () => t.close());

  const define = (apiName: string) => t.request({ method: 'POST', url: BASE, key, body: { api_name: apiName, display_name: apiName, value_type: 'string' } });

  it('422 limit_exceeded for the attribute past the limit; archived ones do not count until restored', async () => {
    for (const name of ['a1', 'a2', 'a3']) expect((await define(name)).statusCode).toBe(201);
    const over = await define('a4');
    expectError(over, 422, 'validation_failed');
    expect(detailsOf(over)).toEqual([{ code: 'limit_exceeded', field: 'api_name' }]);
    expect((await t.request({ method: 'DELETE', url: `${BASE}/a1`, key })).statusCode).toBe(204);
    expect((await define('a4')).statusCode).toBe(201);
    const restore = await t.request({ method: 'POST', url: `${BASE}/a1/_restore`, key });
    expectError(restore, 422, 'validation_failed');
    expect(detailsOf(restore)).toEqual([{ code: 'limit_exceeded', field: 'api_name' }]);
    const schema = (await t.request({ method: 'GET', url: '/api/v2/_schema/contact' })).json().data.attributes as Array<{ api_name: string; is_custom: boolean }>;
    expect(schema.filter((a) => a.is_custom).map((a) => a.api_name)).toEqual(['a2', 'a3', 'a4']);
  });

  it('concurrent definitions never pass the limit together', async () => {
    const other = await t.newOrg('Racing');
    const { key: otherKey } = await t.newKey(other, ['schema:write']);
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) =>
      t.request({ method: 'POST', url: BASE, key: otherKey, body: { api_name: `r${i}`, display_name: `r${i}`, value_type: 'number' } })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 201, 201, 422, 422, 422]);
  });

  it('another organization has its own limit', async () => {
    const other = await t.newOrg('Fresh');
    const { key: otherKey } = await t.newKey(other, ['schema:write']);
    expect((await t.request({ method: 'POST', url: BASE, key: otherKey, body: { api_name: 'a1', display_name: 'a1', value_type: 'string' } })).statusCode).toBe(201);
  });
});
