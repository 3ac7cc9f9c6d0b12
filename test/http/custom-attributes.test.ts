import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { openDatabase } from '../../src/storage/database.ts';
import { CONTACT_CATALOG } from '../../src/domain/catalog/contact-catalog.ts';
import { describeEachDialect } from '../helpers/databases.ts';
import { createContact, detailsOf, expectError, expectUnchanged, getContact, patchContact, uniqueEmail } from '../helpers/contacts.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

const BASE = '/api/v2/_schema/contact/attributes';

describeEachDialect('custom attributes: definitions and values', (dialect) => {
  let t: TestApp;
  let admin: string;
  let n = 0;
  /** A fresh api_name per call, so tests in one organization never collide. */
  const name = (prefix: string): string => `${prefix}_${(n += 1)}`;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = (await t.newKey(t.org, ['contacts:read', 'contacts:write', 'schema:write'])).key;
  });
  afterAll(async () => t.close());

  const define = (body: Record<string, unknown>, key = admin): Promise<LightMyRequestResponse> => t.request({ method: 'POST', url: BASE, body, key });
  async function defined(body: Record<string, unknown>): Promise<Record<string, unknown> & { api_name: string; id: string; options: Array<{ id: string; api_name: string }> }> {
    const res = await define(body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().data;
  }
  const schemaAttributes = async (query = ''): Promise<Array<Record<string, unknown> & { api_name: string }>> =>
    (await t.request({ method: 'GET', url: `/api/v2/_schema/contact${query}` })).json().data.attributes;

  it('201 {data: definition}; _schema lists it after the standard attributes with is_custom: true', async () => {
    const apiName = name('lead_score');
    const res = await define({ api_name: apiName, display_name: ' Lead score ', value_type: 'number', description: 'How hot' });
    expect(res.statusCode, res.body).toBe(201);
    const data = res.json().data;
    expect(data).toMatchObject({
      api_name: apiName, display_name: 'Lead score', is_creatable: true, is_updatable: true, type_info: { is_array: false, value_type: 'number' },
      description: 'How hot', is_required_on_create: false, is_unique: false, is_custom: true, is_sortable: true, is_filterable: true,
      filter_operators: ['eq', 'ne', 'in', 'not_in', 'exists', 'not_exists', 'gt', 'gte', 'lt', 'lte', 'between'], options: [], archived_at: null,
    });
    const attributes = await schemaAttributes();
    expect(attributes.slice(0, CONTACT_CATALOG.length).every((a) => a.is_custom === false)).toBe(true);
    expect(attributes.at(-1)).toEqual(data);
  });

  it('a record carries every live custom attribute after the standard ones: null / [] when unset, the written value after POST and PATCH', async () => {
    const score = name('score');
    const tags = name('tags');
    await defined({ api_name: score, display_name: 'Score', value_type: 'number' });
    await defined({ api_name: tags, display_name: 'Tags', value_type: 'string', is_array: true });
    const plain = await createContact(t);
    const keys = Object.keys(plain.attributes);
    expect(keys.slice(0, CONTACT_CATALOG.length)).toEqual(CONTACT_CATALOG.map((d) => d.apiName));
    expect(keys.slice(-2)).toEqual([score, tags]);
    expect(plain.attributes[score as never]).toEqual({ value: null, value_type: 'number' });
    expect(plain.attributes[tags as never]).toEqual([]);

    const c = await createContact(t, { [score]: 42.5, [tags]: ['a', { value: 'b', value_type: 'string' }] });
    expect(c.attributes[score as never]).toEqual({ value: 42.5, value_type: 'number' });
    expect(c.attributes[tags as never]).toEqual([{ value: 'a', value_type: 'string' }, { value: 'b', value_type: 'string' }]);
    const patched = await patchContact(t, c.id, { [score]: { value: -1, value_type: 'number' }, [tags]: null });
    expect(patched.statusCode, patched.body).toBe(200);
    const read = (await getContact(t, c.id)).data;
    expect(read.attributes[score as never]).toEqual({ value: -1, value_type: 'number' });
    expect(read.attributes[tags as never]).toEqual([]);
    expect(read.attributes.first_name.value).toBe('Test');
  });

  it('an empty or blank string in a string list is no item (as an empty string clears a scalar): never an item whose value is null', async () => {
    const words = name('words');
    await defined({ api_name: words, display_name: 'Words', value_type: 'string', is_array: true });
    const c = await createContact(t, { [words]: ['', 'a', '  ', { value: '', value_type: 'string' }, ' b '] });
    expect(c.attributes[words as never]).toEqual([{ value: 'a', value_type: 'string' }, { value: 'b', value_type: 'string' }]);
    expect((await patchContact(t, c.id, { [words]: ['', ' '] })).statusCode).toBe(200);
    expect((await getContact(t, c.id)).data.attributes[words as never]).toEqual([]);
    const holders = await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: { filters: [{ field: 'id', operator: 'eq', value: c.id }, { field: words, operator: 'exists' }] } });
    expect(holders.json().data).toEqual([]);
  });

  it('an attribute named like a member of Object.prototype (constructor) reads as unset until written: create, PATCH, clear, _query, export, events', async () => {
    const org = await t.newOrg('Prototype names');
    const key = (await t.newKey(org, ['contacts:read', 'contacts:write', 'schema:write'])).key;
    const as = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: Record<string, unknown>) => t.request({ method, url, ...(body === undefined ? {} : { body }), key });
    expect((await as('POST', BASE, { api_name: 'constructor', display_name: 'Constructor', value_type: 'string' })).statusCode).toBe(201);
    const created = await as('POST', '/api/v2/contact', { attributes: { first_name: 'Unset' } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().data.attributes.constructor).toEqual({ value: null, value_type: 'string' });
    const id = created.json().data.id as string;
    const set = await as('PATCH', `/api/v2/contact/${id}`, { attributes: { constructor: 'Bob' } });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().data.attributes.constructor).toEqual({ value: 'Bob', value_type: 'string' });
    const found = await as('POST', '/api/v2/contact/_query', { filters: [{ field: 'constructor', operator: 'eq', value: 'Bob' }] });
    expect(found.json().data.map((c: { id: string }) => c.id)).toEqual([id]);
    const cleared = await as('PATCH', `/api/v2/contact/${id}`, { attributes: { constructor: null, title: 'T' } });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json().data.attributes.constructor).toEqual({ value: null, value_type: 'string' });
    expect((await as('GET', `/api/v2/contact/${id}`)).json().data.attributes.constructor).toEqual({ value: null, value_type: 'string' });
    const exported = await as('POST', '/api/v2/contact/_export', { format: 'ndjson' });
    expect(exported.statusCode).toBe(200);
    expect(exported.body.trim().split('\n').map((l) => JSON.parse(l).attributes.constructor.value)).toEqual([null]);
    const events = (await as('POST', '/api/v2/event/_query', { record_id: id })).json().data as Array<{ changes: Record<string, unknown> }>;
    expect(events.map((e) => Object.keys(e.changes).includes('constructor'))).toEqual([false, true, true]);
  });

  it('every value type parses its forms and renders its envelope', async () => {
    const names = {
      s: name('s'), lt: name('lt'), num: name('num'), b: name('b'), ts: name('ts'), d: name('d'), e: name('e'),
      p: name('p'), u: name('u'), sel: name('sel'), multi: name('multi'), cur: name('cur'), ref: name('ref'),
    };
    await defined({ api_name: names.s, display_name: 'S', value_type: 'string' });
    await defined({ api_name: names.lt, display_name: 'LT', value_type: 'long_text' });
    await defined({ api_name: names.num, display_name: 'N', value_type: 'number' });
    await defined({ api_name: names.b, display_name: 'B', value_type: 'boolean' });
    await defined({ api_name: names.ts, display_name: 'TS', value_type: 'timestamp' });
    await defined({ api_name: names.d, display_name: 'D', value_type: 'date' });
    await defined({ api_name: names.e, display_name: 'E', value_type: 'email' });
    await defined({ api_name: names.p, display_name: 'P', value_type: 'phone_number' });
    await defined({ api_name: names.u, display_name: 'U', value_type: 'url' });
    const sel = await defined({ api_name: names.sel, display_name: 'Sel', value_type: 'select', options: [{ api_name: 'saas', display_value: 'SaaS', color: '#00f' }, { api_name: 'retail', display_value: 'Retail' }] });
    await defined({ api_name: names.multi, display_name: 'Multi', value_type: 'select', is_array: true, options: [{ api_name: 'x', display_value: 'X' }, { api_name: 'y', display_value: 'Y' }] });
    await defined({ api_name: names.cur, display_name: 'Cur', value_type: 'currency' });
    await defined({ api_name: names.ref, display_name: 'Ref', value_type: 'record_reference' });
    const [saas, retail] = sel.options;
    const c = await createContact(t, {
      [names.s]: '  hello ', [names.lt]: 'long '.repeat(200), [names.num]: 3, [names.b]: false, [names.ts]: '2024-05-01T12:00:00+02:00',
      [names.d]: '2024-02-29', [names.e]: ' Someone@Example.COM ', [names.p]: '(415) 555-2671', [names.u]: 'https://example.com/x?y=1',
      [names.sel]: 'SaaS', [names.multi]: ['y', 'X', 'y'], [names.cur]: { amount: '0012.50', currency_code: 'usd' },
      [names.ref]: { related_record_match: { email: t.org.userEmail } },
    });
    const a = c.attributes as unknown as Record<string, unknown>;
    expect(a[names.s]).toEqual({ value: 'hello', value_type: 'string' });
    expect(a[names.lt]).toEqual({ value: 'long '.repeat(200).trim(), value_type: 'long_text' });
    expect(a[names.num]).toEqual({ value: 3, value_type: 'number' });
    expect(a[names.b]).toEqual({ value: false, value_type: 'boolean' });
    expect(a[names.ts]).toEqual({ value: '2024-05-01T10:00:00.000Z', value_type: 'timestamp' });
    expect(a[names.d]).toEqual({ value: '2024-02-29', value_type: 'date' });
    expect(a[names.e]).toEqual({ value: 'someone@example.com', value_type: 'email' });
    expect(a[names.p]).toEqual({ value: '+14155552671', value_type: 'phone_number' });
    expect(a[names.u]).toEqual({ value: 'https://example.com/x?y=1', value_type: 'url' });
    expect(a[names.sel]).toEqual({ value: { id: saas!.id, api_name: 'saas', display_value: 'SaaS', color: '#00f' }, value_type: 'select' });
    expect((a[names.multi] as Array<{ value: { api_name: string } }>).map((e) => e.value.api_name)).toEqual(['y', 'x']);
    expect(a[names.cur]).toEqual({ value: { amount: '12.5', currency_code: 'USD' }, value_type: 'currency' });
    expect(a[names.ref]).toEqual({ value: { related_record_id: t.org.userId, related_record_type: 'user' }, value_type: 'record_reference' });
    // A select is written by id as well, and by the read envelope.
    const byId = await patchContact(t, c.id, { [names.sel]: { value: { id: retail!.id }, value_type: 'select' } });
    expect(byId.statusCode, byId.body).toBe(200);
    expect((byId.json().data.attributes[names.sel] as { value: { api_name: string } }).value.api_name).toBe('retail');
  });

  it('422 for a select option read form edited in one member only (api_name changed, id kept) or with an unknown member, changing nothing', async () => {
    const sel = name('plan');
    await defined({ api_name: sel, display_name: 'Plan', value_type: 'select', options: [{ api_name: 'free', display_value: 'Free' }, { api_name: 'pro', display_value: 'Pro' }] });
    const c = await createContact(t, { first_name: 'Planned', [sel]: 'free' });
    const free = (c.attributes as Record<string, { value: { id: string; api_name: string; display_value: string; color: string | null } }>)[sel]!.value;
    for (const value of [{ ...free, api_name: 'pro' }, { id: free.id, display_value: 'Pro' }, { api_name: 'pro', label: 'Pro' }]) {
      const res = await expectUnchanged(t, c.id, () => patchContact(t, c.id, { [sel]: { value, value_type: 'select' } }));
      expectError(res, 422, 'validation_failed');
      expect(detailsOf(res)).toEqual([{ code: 'field_value_invalid', field: sel }]);
    }
    const pro = await patchContact(t, c.id, { [sel]: { api_name: 'pro', display_value: 'PRO' } });
    expect(pro.statusCode, pro.body).toBe(200);
    expect((pro.json().data.attributes[sel] as { value: { api_name: string } }).value.api_name).toBe('pro');
  });

  it('422 field_value_invalid for a write of the wrong type or an unknown option, every problem at once, nothing changed', async () => {
    const num = name('num');
    const d = name('d');
    const sel = name('sel');
    const u = name('u');
    const cur = name('cur');
    const ts = name('ts');
    await defined({ api_name: num, display_name: 'N', value_type: 'number' });
    await defined({ api_name: d, display_name: 'D', value_type: 'date' });
    await defined({ api_name: ts, display_name: 'T', value_type: 'timestamp' });
    await defined({ api_name: sel, display_name: 'S', value_type: 'select', options: [{ api_name: 'a', display_value: 'A' }] });
    await defined({ api_name: u, display_name: 'U', value_type: 'url' });
    await defined({ api_name: cur, display_name: 'C', value_type: 'currency' });
    const c = await createContact(t);
    const res = await expectUnchanged(t, c.id, () => patchContact(t, c.id, {
      [num]: '12', [d]: '2023-02-29', [sel]: 'nope', [u]: 'ftp://example.com', [cur]: { amount: 12, currency_code: 'USD' }, [ts]: '2024-02-30T00:00:00Z', title: 'ok',
    }));
    expectError(res, 422, 'validation_failed');
    expect(detailsOf(res)).toEqual([num, d, sel, u, cur, ts].map((field) => ({ code: 'field_value_invalid', field })));
    // A day past the month's end or an hour of 24 is refused, not rolled over.
    for (const bad of ['2023-02-29T12:00:00Z', '2024-04-31T00:00:00+02:00', '2024-05-01T24:00:00Z']) expect(detailsOf(await patchContact(t, c.id, { [ts]: bad }))).toEqual([{ code: 'field_value_invalid', field: ts }]);
    const envelope = await patchContact(t, c.id, { [num]: { value: 1, value_type: 'string' } });
    expect(detailsOf(envelope)).toEqual([{ code: 'field_value_invalid', field: num }]);
  });

  it('is_required_on_create: 422 field_required_missing on a create without it; PATCH may leave it alone', async () => {
    const req = name('req');
    await defined({ api_name: req, display_name: 'Req', value_type: 'string' });
    const c = await createContact(t);
    const patched = await t.request({ method: 'PATCH', url: `${BASE}/${req}`, body: { is_required_on_create: true }, key: admin });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().data.is_required_on_create).toBe(true);
    const missing = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: 'No' } } });
    expectError(missing, 422, 'validation_failed');
    expect(detailsOf(missing)).toEqual([{ code: 'field_required_missing', field: req }]);
    expect((await patchContact(t, c.id, { title: 'fine' })).statusCode).toBe(200);
    await createContact(t, { [req]: 'given' });
    expect((await t.request({ method: 'PATCH', url: `${BASE}/${req}`, body: { is_required_on_create: false }, key: admin })).statusCode).toBe(200);
  });

  it('409 duplicate_value for a standard api_name or one used before (archived or not)', async () => {
    const res = await define({ api_name: 'first_name', display_name: 'X', value_type: 'string' });
    expect(expectError(res, 409, 'duplicate_value').details[0]).toMatchObject({ field: 'api_name' });
    const reused = name('reused');
    await defined({ api_name: reused, display_name: 'R', value_type: 'string' });
    expectError(await define({ api_name: reused, display_name: 'R2', value_type: 'number' }), 409, 'duplicate_value');
    expect((await t.request({ method: 'DELETE', url: `${BASE}/${reused}`, key: admin })).statusCode).toBe(204);
    expectError(await define({ api_name: reused, display_name: 'R3', value_type: 'string' }), 409, 'duplicate_value');
  });

  it('422 for each bad definition, and a rejected definition changes nothing', async () => {
    const before = await schemaAttributes('?include_archived=true');
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ api_name: 'Bad-Name', display_name: 'X', value_type: 'string' }, 'field_value_invalid', 'api_name'],
      [{ api_name: '1abc', display_name: 'X', value_type: 'string' }, 'field_value_invalid', 'api_name'],
      [{ api_name: `a${'b'.repeat(63)}`, display_name: 'X', value_type: 'string' }, 'field_value_invalid', 'api_name'],
      [{ display_name: 'X', value_type: 'string' }, 'field_required_missing', 'api_name'],
      [{ api_name: name('x'), display_name: 'X', value_type: 'color' }, 'field_value_invalid', 'value_type'],
      [{ api_name: name('x'), display_name: 'X', value_type: 'string', options: [{ api_name: 'a', display_value: 'A' }] }, 'field_value_invalid', 'options'],
      [{ api_name: name('x'), display_name: 'X', value_type: 'select' }, 'field_value_invalid', 'options'],
      [{ api_name: name('x'), display_name: 'X', value_type: 'select', options: [{ api_name: 'a', display_value: 'A' }, { api_name: 'a', display_value: 'B' }] }, 'field_value_invalid', 'options'],
      [{ api_name: name('x'), display_name: 'X', value_type: 'string', is_array: true, is_unique: true }, 'field_value_invalid', 'is_unique'],
      [{ api_name: name('x'), display_name: 'X', value_type: 'boolean', is_unique: true }, 'field_value_invalid', 'is_unique'],
      [{ api_name: name('x'), display_name: 'X', value_type: 'select', is_unique: true, options: [{ api_name: 'a', display_value: 'A' }] }, 'field_value_invalid', 'is_unique'],
      [{ api_name: name('x'), display_name: '', value_type: 'string' }, 'field_value_invalid', 'display_name'],
      [{ api_name: name('x'), display_name: 'X', value_type: 'string', is_array: 'yes' }, 'field_value_invalid', 'is_array'],
      [{ api_name: name('x'), display_name: 'X', value_type: 'string', colour: 'red' }, 'unknown_field', 'colour'],
    ];
    for (const [body, code, field] of cases) {
      const res = await define(body);
      expectError(res, 422, 'validation_failed');
      expect(detailsOf(res), JSON.stringify(body)).toContainEqual({ code, field });
    }
    expect(await schemaAttributes('?include_archived=true')).toEqual(before);
  });

  it('PATCH changes display_name, description and options; api_name and value_type are 422 field_not_updatable', async () => {
    const sel = name('sel');
    const created = await defined({ api_name: sel, display_name: 'Sel', value_type: 'select', options: [{ api_name: 'a', display_value: 'A' }] });
    const res = await t.request({ method: 'PATCH', url: `${BASE}/${sel}`, key: admin, body: { display_name: 'Selection', description: 'd', options: [{ id: created.options[0]!.id, display_value: 'Alpha', color: 'red' }, { api_name: 'b', display_value: 'B' }] } });
    expect(res.statusCode, res.body).toBe(200);
    const data = res.json().data;
    expect(data).toMatchObject({ display_name: 'Selection', description: 'd' });
    expect(data.options).toEqual([{ id: created.options[0]!.id, api_name: 'a', display_value: 'Alpha', color: 'red' }, { id: expect.any(String), api_name: 'b', display_value: 'B', color: null }]);
    const immutable = await t.request({ method: 'PATCH', url: `${BASE}/${sel}`, key: admin, body: { api_name: 'other', value_type: 'string' } });
    expectError(immutable, 422, 'validation_failed');
    expect(detailsOf(immutable)).toEqual([{ code: 'field_not_updatable', field: 'api_name' }, { code: 'field_not_updatable', field: 'value_type' }]);
    const dropped = await t.request({ method: 'PATCH', url: `${BASE}/${sel}`, key: admin, body: { options: [{ api_name: 'b', display_value: 'B' }] } });
    expect(detailsOf(dropped)).toEqual([{ code: 'field_value_invalid', field: 'options' }]);
    // An id that is not a string names no option, even beside the api_name of one.
    for (const id of [5, true, {}, 'not-an-option-id', created.options[1]?.id ?? '01a24f3c-0000-7000-8000-000000000000']) {
      const badId = await t.request({ method: 'PATCH', url: `${BASE}/${sel}`, key: admin, body: { options: [{ id, api_name: 'a', display_value: 'Alpha' }, { api_name: 'b', display_value: 'B' }] } });
      expect(detailsOf(badId), JSON.stringify(id)).toEqual([{ code: 'field_value_invalid', field: 'options' }]);
    }
    expectError(await t.request({ method: 'PATCH', url: `${BASE}/no_such_thing`, key: admin, body: { display_name: 'x' } }), 404, 'record_not_found');
  });

  it('422 for an option display_value that is another option\'s api_name (a value written so could never mean it), on create and on PATCH', async () => {
    const crossed = await define({ api_name: name('crossed'), display_name: 'Crossed', value_type: 'select', options: [{ api_name: 'gold', display_value: 'Silver' }, { api_name: 'silver', display_value: 'Gold' }] });
    expectError(crossed, 422, 'validation_failed');
    expect(crossed.json().error.details).toEqual([expect.objectContaining({ code: 'field_value_invalid', field: 'options', path: '/options/0' })]);
    const sel = name('tier');
    const created = await defined({ api_name: sel, display_name: 'Tier', value_type: 'select', options: [{ api_name: 'gold', display_value: 'Gold' }] });
    // A new option whose api_name is an existing option's display value, and an existing option renamed to another's api_name.
    const added = await t.request({ method: 'PATCH', url: `${BASE}/${sel}`, key: admin, body: { options: [{ id: created.options[0]!.id, display_value: 'Silver' }, { api_name: 'silver', display_value: 'Argent' }] } });
    expectError(added, 422, 'validation_failed');
    const fine = await t.request({ method: 'PATCH', url: `${BASE}/${sel}`, key: admin, body: { options: [{ id: created.options[0]!.id, display_value: 'Gold' }, { api_name: 'silver', display_value: 'Silver' }] } });
    expect(fine.statusCode, fine.body).toBe(200);
    const c = await createContact(t, { [sel]: 'SILVER' });
    expect(((await getContact(t, c.id)).data.attributes as Record<string, unknown>)[sel]).toMatchObject({ value: { api_name: 'silver' } });
  });

  it('archive: gone from records, _schema (unless include_archived), writes and filters; restore brings it and its values back', async () => {
    const arch = name('arch');
    await defined({ api_name: arch, display_name: 'Arch', value_type: 'string' });
    const c = await createContact(t, { [arch]: 'kept' });
    expect((await t.request({ method: 'DELETE', url: `${BASE}/${arch}`, key: admin })).statusCode).toBe(204);
    expect((await t.request({ method: 'DELETE', url: `${BASE}/${arch}`, key: admin })).statusCode).toBe(204);
    const read = (await getContact(t, c.id)).data;
    expect(Object.keys(read.attributes)).not.toContain(arch);
    expect((await schemaAttributes()).map((a) => a.api_name)).not.toContain(arch);
    // Listed as it now is: no write, filter or sort takes it until it is restored.
    expect((await schemaAttributes('?include_archived=true')).find((a) => a.api_name === arch)).toMatchObject({
      archived_at: expect.any(String), is_creatable: false, is_updatable: false, is_filterable: false, is_sortable: false, filter_operators: [],
    });
    expect((await schemaAttributes('?include_archived=false')).map((a) => a.api_name)).not.toContain(arch);
    // Anything but true or false is refused, not read as false.
    for (const query of ['?include_archived=1', '?include_archived=TRUE', '?include_archived=', '?include_archived=true&include_archived=false']) {
      const bad = await t.request({ method: 'GET', url: `/api/v2/_schema/contact${query}` });
      expect(expectError(bad, 422, 'validation_failed').details, query).toEqual([expect.objectContaining({ code: 'field_value_invalid', field: 'include_archived', path: '/include_archived' })]);
    }
    const misspelt = await t.request({ method: 'GET', url: '/api/v2/_schema/contact?include_archived=true&archived=true' });
    expect(expectError(misspelt, 422, 'validation_failed').details).toEqual([expect.objectContaining({ code: 'unknown_field', field: 'archived' })]);
    const write = await patchContact(t, c.id, { [arch]: 'new' });
    expectError(write, 422, 'validation_failed');
    expect(detailsOf(write)).toEqual([{ code: 'unknown_field', field: arch }]);
    const filter = await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: { filters: [{ field: arch, operator: 'eq', value: 'kept' }] } });
    expect(detailsOf(filter)).toEqual([{ code: 'invalid_filter_field', field: arch }]);
    const sorted = await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: { sort: [{ field: arch, direction: 'asc' }] } });
    expect(detailsOf(sorted)).toEqual([{ code: 'unsortable_field', field: arch }]);
    // Writes, filters and sorts say the same thing of it: archived, not unknown.
    for (const [res, use] of [[write, 'write it'], [filter, 'filter on it'], [sorted, 'sort on it']] as const) {
      expect((res.json() as { error: { details: Array<{ message: string }> } }).error.details[0]?.message).toBe(`${arch} is an archived custom attribute; restore it to ${use}`);
    }
    const restored = await t.request({ method: 'POST', url: `${BASE}/${arch}/_restore`, key: admin });
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json().data).toMatchObject({ archived_at: null, is_creatable: true, is_updatable: true, is_filterable: true, is_sortable: true });
    expect((await schemaAttributes()).find((a) => a.api_name === arch)?.filter_operators).toContain('eq');
    expect((await getContact(t, c.id)).data.attributes[arch as never]).toEqual({ value: 'kept', value_type: 'string' });
    expectError(await t.request({ method: 'POST', url: `${BASE}/${arch}/_restore`, key: admin }), 409, 'record_not_archived');
  });

  it('204 / 200 for an archive and a restore that carry Content-Type: application/json and no body, as every bodiless write', async () => {
    const bare = name('bare');
    await defined({ api_name: bare, display_name: 'Bare', value_type: 'string' });
    const json = { 'content-type': 'application/json' };
    const archived = await t.request({ method: 'DELETE', url: `${BASE}/${bare}`, key: admin, headers: json });
    expect(archived.statusCode, archived.body).toBe(204);
    const restored = await t.request({ method: 'POST', url: `${BASE}/${bare}/_restore`, key: admin, headers: json });
    expect(restored.statusCode, restored.body).toBe(200);
  });

  it('concurrent definition changes never undo one another: an archive answered 204 stays archived, and options added side by side all stay', async () => {
    for (let round = 0; round < 4; round += 1) {
      const raced = name('raced');
      await defined({ api_name: raced, display_name: 'Raced', value_type: 'string' });
      const [, archived] = await Promise.all([
        t.request({ method: 'PATCH', url: `${BASE}/${raced}`, key: admin, body: { description: 'first' } }),
        t.request({ method: 'DELETE', url: `${BASE}/${raced}`, key: admin }),
        t.request({ method: 'PATCH', url: `${BASE}/${raced}`, key: admin, body: { description: 'second' } }),
      ]);
      expect(archived.statusCode).toBe(204);
      expect((await schemaAttributes('?include_archived=true')).find((a) => a.api_name === raced), `round ${round}`).toMatchObject({ archived_at: expect.any(String) });
    }
    const sel = name('grown');
    await defined({ api_name: sel, display_name: 'Grown', value_type: 'select', options: [{ api_name: 'a', display_value: 'A' }] });
    const added = await Promise.all(['b', 'c', 'd', 'e'].map((o) => t.request({ method: 'PATCH', url: `${BASE}/${sel}`, key: admin, body: { options: [{ api_name: 'a', display_value: 'A' }, { api_name: o, display_value: o.toUpperCase() }] } })));
    // Each PATCH lists the options it keeps: one that another PATCH added first is 422 (options are never removed), never dropped.
    const kept = ['b', 'c', 'd', 'e'].filter((_, i) => added[i]!.statusCode === 200);
    for (const res of added) expect([200, 422]).toContain(res.statusCode);
    const options = (await schemaAttributes()).find((a) => a.api_name === sel)!.options as Array<{ api_name: string }>;
    expect(options.map((o) => o.api_name).sort()).toEqual(['a', ...kept].sort());
    expect(kept.length).toBeGreaterThan(0);
  });

  // PostgreSQL only: SQLite has one write lock for the whole file, so no table can be locked alone.
  if (dialect === 'postgres') it('defining, changing, archiving and restoring never touch the contacts table: all succeed while another session holds it exclusively locked', async () => {
    const locker = openDatabase(t.db.url);
    try {
      const apiName = name('while_locked');
      await locker.db.transaction().execute(async (trx) => {
        await sql`lock table contacts in access exclusive mode`.execute(trx);
        expect((await define({ api_name: apiName, display_name: 'Locked', value_type: 'number', is_unique: true })).statusCode).toBe(201);
        expect((await t.request({ method: 'PATCH', url: `${BASE}/${apiName}`, key: admin, body: { display_name: 'Still locked' } })).statusCode).toBe(200);
        expect((await t.request({ method: 'DELETE', url: `${BASE}/${apiName}`, key: admin })).statusCode).toBe(204);
        expect((await t.request({ method: 'POST', url: `${BASE}/${apiName}/_restore`, key: admin })).statusCode).toBe(200);
      });
    } finally {
      await locker.close();
    }
  });

  it('403 permission_denied without schema:write (a contacts:write key); 401 without a key', async () => {
    const res = await define({ api_name: name('x'), display_name: 'X', value_type: 'string' }, t.org.key);
    expect(expectError(res, 403, 'permission_denied').details[0]).toMatchObject({ missing_permission: 'schema:write' });
    expectError(await t.request({ method: 'POST', url: BASE, body: {}, key: null }), 401, 'unauthenticated');
  });

  it('contacts of another organization never see this organization\'s custom attributes', async () => {
    const secret = name('secret');
    await defined({ api_name: secret, display_name: 'Secret', value_type: 'string' });
    const other = await t.newOrg('Other');
    const res = await t.request({ method: 'POST', url: '/api/v2/contact', key: other.key, body: { attributes: { first_name: 'O', [secret]: 'x' } } });
    expect(detailsOf(res)).toEqual([{ code: 'unknown_field', field: secret }]);
    const c = await createContact(t, { primary_email: uniqueEmail() }, other.key);
    expect(Object.keys(c.attributes)).toHaveLength(CONTACT_CATALOG.length);
  });
});
