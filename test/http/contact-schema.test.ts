import { afterAll, beforeAll, expect, it } from 'vitest';
import { CONTACT_CATALOG } from '../../src/domain/catalog/contact-catalog.ts';
import { ALL_FILTER_OPERATORS } from '../../src/domain/catalog/filter-operators.ts';
import { describeEachDialect } from '../helpers/databases.ts';
import { createContact, detailsOf, expectError } from '../helpers/contacts.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

const VALUE_TYPES = [
  'uuid', 'timestamp', 'string', 'email', 'phone_number', 'boolean', 'enum', 'address', 'contact_stage', 'record_reference',
  'contact_email', 'contact_phone_number', 'created_source_form_submission_details',
];

describeEachDialect('GET /api/v2/_schema/contact', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('200 {data: schema} listing every catalog attribute, in order, with the catalog\'s flags', async () => {
    const { key } = await t.newKey(t.org, ['contacts:read']);
    const res = await t.request({ method: 'GET', url: '/api/v2/_schema/contact', key });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body)).toEqual(['data']);
    const schema = body.data;
    expect(Object.keys(schema)).toEqual(['api_name', 'display_name', 'is_custom', 'is_junction', 'supports_custom_fields', 'description', 'attributes', 'relationships']);
    expect(schema).toMatchObject({ api_name: 'contact', display_name: 'Contact', is_custom: false, is_junction: false, supports_custom_fields: true, relationships: [] });
    expect(schema.attributes).toHaveLength(CONTACT_CATALOG.length);
    CONTACT_CATALOG.forEach((def, index) => {
      expect(schema.attributes[index], def.apiName).toEqual({
        api_name: def.apiName,
        display_name: def.displayName,
        is_creatable: def.isCreatable,
        is_updatable: def.isUpdatable,
        type_info: { is_array: def.isList, value_type: def.valueType },
        description: def.description,
        is_required_on_create: def.isRequiredOnCreate,
        is_unique: def.isUnique,
        is_custom: false,
        is_sortable: def.isSortable,
        is_filterable: def.isFilterable,
        filter_operators: def.filterOperators,
      });
    });
  });

  it('200 with a catalog that covers the documented catalog: 46 attributes, every value type, sensible flags', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v2/_schema/contact' });
    const attributes = res.json().data.attributes as Array<Record<string, unknown> & { api_name: string; type_info: { value_type: string; is_array: boolean }; filter_operators: string[]; description: string }>;
    expect(attributes).toHaveLength(46);
    expect(new Set(attributes.map((a) => a.type_info.value_type))).toEqual(new Set(VALUE_TYPES));
    expect(attributes.filter((a) => a.type_info.is_array).map((a) => a.api_name)).toEqual(['participant_user_id_list', 'contact_emails', 'contact_phone_numbers']);
    const byName = new Map(attributes.map((a) => [a.api_name, a]));
    expect(byName.get('display_name')).toMatchObject({ is_creatable: false, is_updatable: false });
    expect(byName.get('primary_email')).toMatchObject({ is_unique: true, is_creatable: true, is_updatable: true });
    expect(byName.get('stage')!.description).toMatch(/api_name, id or display value/);
    for (const a of attributes) {
      expect(a.description.length, a.api_name).toBeGreaterThan(10);
      expect(a.filter_operators.every((op) => ALL_FILTER_OPERATORS.includes(op as never)), a.api_name).toBe(true);
      if (!a.is_filterable) expect(a.filter_operators, a.api_name).toEqual([]);
    }
  });

  it('422 details match the schema: every attribute not creatable or updatable is refused with that code', async () => {
    const schema = (await t.request({ method: 'GET', url: '/api/v2/_schema/contact' })).json().data;
    const attrs = schema.attributes as Array<{ api_name: string; is_creatable: boolean; is_updatable: boolean }>;
    const all = Object.fromEntries(attrs.map((a) => [a.api_name, null]));
    const create = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { ...all, first_name: 'A' } } });
    expectError(create, 422, 'validation_failed');
    expect(detailsOf(create).filter((d) => d.code === 'field_not_creatable').map((d) => d.field)).toEqual(attrs.filter((a) => !a.is_creatable).map((a) => a.api_name));
    const c = await createContact(t);
    const patch = await t.request({ method: 'PATCH', url: `/api/v2/contact/${c.id}`, body: { attributes: all } });
    expectError(patch, 422, 'validation_failed');
    expect(detailsOf(patch).filter((d) => d.code === 'field_not_updatable').map((d) => d.field)).toEqual(attrs.filter((a) => !a.is_updatable).map((a) => a.api_name));
  });

  it('401 unauthenticated without a key', async () => {
    expectError(await t.request({ method: 'GET', url: '/api/v2/_schema/contact', key: null }), 401, 'unauthenticated');
  });
});
