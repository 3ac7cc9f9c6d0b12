import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/databases.ts';
import { createContact, detailsOf, expectError, expectUnchanged, getContact, patchContact } from '../helpers/contacts.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

const BASE = '/api/v2/_schema/contact/attributes';

describeEachDialect('unique custom attributes', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    const { key } = await t.newKey(t.org, ['schema:write']);
    for (const body of [
      { api_name: 'customer_id', display_name: 'Customer id', value_type: 'string', is_unique: true },
      { api_name: 'account_no', display_name: 'Account number', value_type: 'number', is_unique: true },
      { api_name: 'nickname', display_name: 'Nickname', value_type: 'string' },
      { api_name: 'account_manager', display_name: 'Account manager', value_type: 'record_reference', is_unique: true },
    ]) expect((await t.request({ method: 'POST', url: BASE, body, key })).statusCode).toBe(201);
  });
  afterAll(async () => t.close());

  const post = (attributes: Record<string, unknown>) => t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: 'U', ...attributes } } });

  it('409 duplicate_value with existing_contact_id when another live contact holds the value, on POST and PATCH; nothing changes', async () => {
    const a = await createContact(t, { customer_id: 'CUST-1', account_no: 7 });
    const dup = await post({ customer_id: 'CUST-1' });
    expect(expectError(dup, 409, 'duplicate_value').details).toEqual([expect.objectContaining({ code: 'duplicate_value', field: 'customer_id', existing_contact_id: a.id })]);
    const b = await createContact(t, { customer_id: 'CUST-2' });
    const res = await expectUnchanged(t, b.id, () => patchContact(t, b.id, { account_no: 7.0, title: 'x' }));
    expect(expectError(res, 409, 'duplicate_value').details[0]).toMatchObject({ field: 'account_no', existing_contact_id: a.id });
    // Values of other case, or of a non-unique attribute, are free.
    expect((await post({ customer_id: 'cust-1', nickname: 'same' })).statusCode).toBe(201);
    expect((await post({ nickname: 'same' })).statusCode).toBe(201);
  });

  it('an archived contact frees its unique values; the holder may change its own value', async () => {
    const a = await createContact(t, { customer_id: 'FREE-1' });
    expect((await patchContact(t, a.id, { customer_id: 'FREE-1', title: 'same value again' })).statusCode).toBe(200);
    expect((await t.request({ method: 'DELETE', url: `/api/v2/contact/${a.id}` })).statusCode).toBe(204);
    const b = await createContact(t, { customer_id: 'FREE-1' });
    expect(b.attributes['customer_id' as never]).toEqual({ value: 'FREE-1', value_type: 'string' });
    expect((await patchContact(t, b.id, { customer_id: null })).statusCode).toBe(200);
    expect((await post({ customer_id: 'FREE-1' })).statusCode).toBe(201);
  });

  it('10 concurrent creates with one unique value: one 201, nine 409 naming the winner', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => post({ last_name: `Race${i}`, customer_id: 'RACE-1' })));
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([201, ...Array(9).fill(409)]);
    const winner = results.find((r) => r.statusCode === 201)!.json().data.id as string;
    for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().error.details[0]).toMatchObject({ field: 'customer_id', existing_contact_id: winner });
    const found = await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: { filters: [{ field: 'customer_id', operator: 'eq', value: 'RACE-1' }] } });
    expect(found.json().data.map((c: { id: string }) => c.id)).toEqual([winner]);
  });

  it('10 concurrent PATCHes of 10 contacts to one unique value: one 200, nine 409', async () => {
    const contacts = await Promise.all(Array.from({ length: 10 }, () => createContact(t)));
    const results = await Promise.all(contacts.map((c) => patchContact(t, c.id, { account_no: 4242 })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, ...Array(9).fill(409)]);
    const holders = await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: { filters: [{ field: 'account_no', operator: 'eq', value: 4242 }] } });
    expect(holders.json().data).toHaveLength(1);
  });

  it('_assert matches by a unique custom attribute: creates with the matched value, then updates that contact', async () => {
    const created = await t.request({ method: 'POST', url: '/api/v2/contact/_assert', body: { match: { customer_id: 'ASSERT-1' }, attributes: { first_name: 'Asserted' } } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().data.attributes.customer_id).toEqual({ value: 'ASSERT-1', value_type: 'string' });
    const updated = await t.request({ method: 'POST', url: '/api/v2/contact/_assert', body: { match: { customer_id: { value: 'ASSERT-1', value_type: 'string' } }, attributes: { title: 'Updated' } } });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json().data.id).toBe(created.json().data.id);
    expect((await getContact(t, created.json().data.id)).data.attributes.title.value).toBe('Updated');
  });

  it('_assert by a unique custom attribute whose attributes write it another value: 422 when it would create, PATCH semantics when it matches', async () => {
    const assert = (attributes: Record<string, unknown>) => t.request({ method: 'POST', url: '/api/v2/contact/_assert', body: { match: { customer_id: 'ASSERT-OTHER' }, attributes } });
    const refused = expectError(await assert({ first_name: 'Mismatch', customer_id: 'ASSERT-ELSE' }), 422, 'validation_failed');
    expect(refused.details).toEqual([expect.objectContaining({ code: 'field_value_invalid', field: 'customer_id', path: '/attributes/customer_id' })]);
    for (const value of ['ASSERT-OTHER', 'ASSERT-ELSE']) {
      const holders = await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: { filters: [{ field: 'customer_id', operator: 'eq', value }] } });
      expect(holders.json().data, value).toEqual([]);
    }
    // The same value written beside the match is no conflict; once a contact holds it, a new value is a PATCH.
    const created = await assert({ first_name: 'Match', customer_id: 'ASSERT-OTHER' });
    expect(created.statusCode, created.body).toBe(201);
    const renamed = await assert({ customer_id: 'ASSERT-RENAMED' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json().data.attributes.customer_id.value).toBe('ASSERT-RENAMED');
    // A number compares numerically: 5 and 5.0 are one value.
    const numeric = await t.request({ method: 'POST', url: '/api/v2/contact/_assert', body: { match: { account_no: 5 }, attributes: { first_name: 'Five', account_no: 5.0 } } });
    expect(numeric.statusCode, numeric.body).toBe(201);
    // In a _batch, the operation alone is refused.
    const batch = await t.request({ method: 'POST', url: '/api/v2/contact/_batch', body: { operations: [
      { op: 'assert', match: { customer_id: 'ASSERT-BATCH' }, attributes: { first_name: 'B', customer_id: 'ASSERT-NOT' } },
      { op: 'create', attributes: { first_name: 'Fine' } },
    ] } });
    expect(batch.json().data.map((r: { status: number }) => r.status)).toEqual([422, 201]);
  });

  it('10 concurrent _asserts on one new unique value make exactly one contact', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) =>
      t.request({ method: 'POST', url: '/api/v2/contact/_assert', body: { match: { account_no: 99 }, attributes: { first_name: `Racer${i}` } } })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.json().data.id)).size).toBe(1);
  });

  it('_assert matches by a unique user reference written as a write names it (id or email match): creates with the user, then updates that contact', async () => {
    const assert = (match: unknown, attributes: Record<string, unknown>) => t.request({ method: 'POST', url: '/api/v2/contact/_assert', body: { match: { account_manager: match }, attributes } });
    const created = await assert(t.org.userId.toUpperCase(), { first_name: 'Managed' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().data.attributes.account_manager).toEqual({ value: { related_record_id: t.org.userId, related_record_type: 'user' }, value_type: 'record_reference' });
    const byEmail = await assert({ related_record_match: { email: t.org.userEmail } }, { title: 'By email' });
    expect(byEmail.statusCode, byEmail.body).toBe(200);
    expect(byEmail.json().data.id).toBe(created.json().data.id);
    const byEnvelope = await assert({ value: { related_record_id: t.org.userId, related_record_type: 'user' }, value_type: 'record_reference' }, { title: 'By envelope' });
    expect(byEnvelope.statusCode, byEnvelope.body).toBe(200);
    expect(byEnvelope.json().data.id).toBe(created.json().data.id);
    // A reference to no user of the organization matches nothing and cannot be created: 422, as a write of it is.
    const stranger = await assert(t.org.organizationId, { first_name: 'Nobody' });
    expect(expectError(stranger, 422, 'validation_failed').details).toEqual([expect.objectContaining({ code: 'target_record_not_found', field: 'account_manager', path: '/match/account_manager' })]);
  });

  it('422 unknown_field when _assert matches by a custom attribute that is not unique; field_value_invalid for a bad value', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v2/contact/_assert', body: { match: { nickname: 'x' }, attributes: {} } });
    expectError(res, 422, 'validation_failed');
    expect(detailsOf(res)).toEqual([{ code: 'unknown_field', field: 'nickname' }]);
    const bad = await t.request({ method: 'POST', url: '/api/v2/contact/_assert', body: { match: { account_no: 'seven' }, attributes: {} } });
    expect(detailsOf(bad)).toEqual([{ code: 'field_value_invalid', field: 'account_no' }]);
    // A read envelope of another value_type is refused, as it is in attributes.
    const mistyped = await t.request({ method: 'POST', url: '/api/v2/contact/_assert', body: { match: { customer_id: { value: 'CUST-1', value_type: 'number' } }, attributes: { first_name: 'M' } } });
    expect(expectError(mistyped, 422, 'validation_failed').details).toEqual([expect.objectContaining({ code: 'field_value_invalid', field: 'customer_id', path: '/match/customer_id' })]);
    const extra = await t.request({ method: 'POST', url: '/api/v2/contact/_assert', body: { match: { customer_id: { value: 'CUST-1', value_type: 'string', other: 1 } }, attributes: { first_name: 'M' } } });
    expect(detailsOf(extra)).toEqual([{ code: 'field_value_invalid', field: 'customer_id' }]);
  });
});
