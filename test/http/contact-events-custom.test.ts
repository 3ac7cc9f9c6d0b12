import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createContact, patchContact } from '../helpers/contacts.ts';
import { describeEachDialect } from '../helpers/databases.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

interface WireEvent {
  type: string;
  version: number;
  changes: Record<string, { previous: unknown; current: unknown }>;
}

const BASE = '/api/v2/_schema/contact/attributes';

describeEachDialect('change events and custom attributes', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    const { key } = await t.newKey(t.org, ['schema:write']);
    for (const body of [
      { api_name: 'lead_score', display_name: 'Lead score', value_type: 'number' },
      { api_name: 'account_ref', display_name: 'Account reference', value_type: 'string', is_unique: true },
      { api_name: 'segments', display_name: 'Segments', value_type: 'select', is_array: true, options: [{ api_name: 'smb', display_value: 'SMB' }, { api_name: 'ent', display_value: 'Enterprise' }] },
    ]) expect((await t.request({ method: 'POST', url: BASE, body, key })).statusCode).toBe(201);
  });
  afterAll(async () => t.close());

  const eventsOf = async (recordId: string): Promise<WireEvent[]> => {
    const res = await t.request({ method: 'POST', url: '/api/v2/event/_query', body: { record_id: recordId, limit: 1000 } });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { data: WireEvent[] }).data;
  };
  const restore = (id: string) => t.request({ method: 'POST', url: `/api/v2/contact/${id}/_restore` });
  const archive = async (id: string) => expect((await t.request({ method: 'DELETE', url: `/api/v2/contact/${id}` })).statusCode).toBe(204);

  it('a create names the custom values it set; a PATCH of one names it with previous and current envelopes as GET renders them; history filters by it', async () => {
    const contact = await createContact(t, { lead_score: 87, account_ref: `REF-${randomUUID()}`, segments: ['smb'] });
    const [created] = await eventsOf(contact.id);
    expect(created).toMatchObject({ type: 'contact.created', version: 1 });
    expect(created!.changes.lead_score).toEqual({ previous: null, current: { value: 87, value_type: 'number' } });
    expect(created!.changes.account_ref).toEqual({ previous: null, current: contact.attributes['account_ref' as never] });
    expect(created!.changes.segments).toEqual({ previous: null, current: contact.attributes['segments' as never] });

    const patched = await patchContact(t, contact.id, { lead_score: 92, segments: ['smb', 'ent'] });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await patchContact(t, contact.id, { title: 'Only standard' })).statusCode).toBe(200);
    const [, updated, standardOnly] = await eventsOf(contact.id);
    expect(updated).toMatchObject({ type: 'contact.updated', version: 2 });
    expect(Object.keys(updated!.changes).sort()).toEqual(['lead_score', 'segments']);
    expect(updated!.changes.lead_score).toEqual({ previous: { value: 87, value_type: 'number' }, current: { value: 92, value_type: 'number' } });
    expect(updated!.changes.segments!.previous).toEqual(contact.attributes['segments' as never]);
    expect(updated!.changes.segments!.current).toEqual(patched.json().data.attributes.segments);
    expect((updated!.changes.segments!.current as unknown[])).toHaveLength(2);
    expect(Object.keys(standardOnly!.changes)).toEqual(['title']);

    const history = await t.request({ method: 'GET', url: `/api/v2/contact/${contact.id}/history?attribute=lead_score` });
    expect(history.statusCode, history.body).toBe(200);
    expect((history.json() as { data: WireEvent[] }).data.map((e) => e.version)).toEqual([2, 1]);

    // Clearing a custom value names it with current null.
    expect((await patchContact(t, contact.id, { lead_score: null })).statusCode).toBe(200);
    const cleared = (await eventsOf(contact.id)).at(-1)!;
    expect(cleared.changes).toEqual({ lead_score: { previous: { value: 92, value_type: 'number' }, current: { value: null, value_type: 'number' } } });
  });

  it('history attribute= names one attribute exactly: x_url does not match the changes of xsurl (LIKE\'s _ is escaped)', async () => {
    const org = await t.newOrg('History names');
    const key = (await t.newKey(org, ['contacts:read', 'contacts:write', 'schema:write'])).key;
    // x_url is a standard attribute; xsurl a custom one whose name x_url matches as a LIKE pattern.
    for (const apiName of ['xsurl']) {
      const defined = await t.request({ method: 'POST', url: '/api/v2/_schema/contact/attributes', body: { api_name: apiName, display_name: apiName, value_type: 'string' }, key });
      expect(defined.statusCode, defined.body).toBe(201);
    }
    const created = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: 'H' } }, key });
    const id = created.json().data.id as string;
    expect((await t.request({ method: 'PATCH', url: `/api/v2/contact/${id}`, body: { attributes: { xsurl: 'a' } }, key })).statusCode).toBe(200);
    expect((await t.request({ method: 'PATCH', url: `/api/v2/contact/${id}`, body: { attributes: { x_url: 'https://x.com/someone' } }, key })).statusCode).toBe(200);
    const versionsOf = async (attribute: string) => ((await t.request({ method: 'GET', url: `/api/v2/contact/${id}/history?attribute=${attribute}`, key })).json() as { data: WireEvent[] }).data.map((e) => e.version);
    expect(await versionsOf('x_url')).toEqual([3]);
    expect(await versionsOf('xsurl')).toEqual([2]);
  });

  it('restore rechecks unique custom values: 409 duplicate_value naming the live holder (nothing changes, no event), 200 once the value is free again', async () => {
    const ref = `REF-${randomUUID()}`;
    const old = await createContact(t, { account_ref: ref });
    await archive(old.id);
    const successor = await createContact(t, { account_ref: ref });

    const taken = await restore(old.id);
    expect(taken.statusCode, taken.body).toBe(409);
    expect(taken.json().error.code).toBe('duplicate_value');
    expect(taken.json().error.details[0]).toMatchObject({ field: 'account_ref', existing_contact_id: successor.id });
    const still = await t.request({ method: 'GET', url: `/api/v2/contact/${old.id}` });
    expect(still.json().data.attributes.archived_at.value).not.toBeNull();
    expect(still.headers.etag).toBe('W/"2"');
    expect((await eventsOf(old.id)).map((e) => e.type)).toEqual(['contact.created', 'contact.archived']);

    expect((await patchContact(t, successor.id, { account_ref: null })).statusCode).toBe(200);
    const back = await restore(old.id);
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().data.attributes.account_ref).toEqual({ value: ref, value_type: 'string' });
    // The restored contact holds the value again: it is enforced and found by a filter.
    const again = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: 'Third', account_ref: ref } } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.details[0]).toMatchObject({ field: 'account_ref', existing_contact_id: old.id });
    const found = await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: { filters: [{ field: 'account_ref', operator: 'eq', value: ref }] } });
    expect(found.json().data.map((c: { id: string }) => c.id)).toEqual([old.id]);
  });

  it('restore meeting the value of an archived unique attribute: 409 duplicate_value names that attribute and its holder', async () => {
    const org = await t.newOrg('Archived unique');
    const key = (await t.newKey(org, ['contacts:read', 'contacts:write', 'schema:write'])).key;
    const as = (method: 'POST' | 'DELETE', url: string, body?: Record<string, unknown>) => t.request({ method, url, ...(body === undefined ? {} : { body }), key });
    expect((await as('POST', '/api/v2/_schema/contact/attributes', { api_name: 'cid', display_name: 'CID', value_type: 'string', is_unique: true })).statusCode).toBe(201);
    const a = (await as('POST', '/api/v2/contact', { attributes: { first_name: 'A', cid: 'X1' } })).json().data.id as string;
    expect((await as('DELETE', `/api/v2/contact/${a}`)).statusCode).toBe(204);
    const b = (await as('POST', '/api/v2/contact', { attributes: { first_name: 'B', cid: 'X1' } })).json().data.id as string;
    expect((await as('DELETE', '/api/v2/_schema/contact/attributes/cid')).statusCode).toBe(204);
    const taken = await as('POST', `/api/v2/contact/${a}/_restore`);
    expect(taken.statusCode, taken.body).toBe(409);
    expect(taken.json().error.details).toEqual([expect.objectContaining({ code: 'duplicate_value', field: 'cid', existing_contact_id: b })]);
  });

  it('purge deletes the contact\'s custom value rows and empties the custom changes of its events', async () => {
    const marker = `PURGE-${randomUUID()}`;
    const contact = await createContact(t, { account_ref: marker, lead_score: 5 });
    await archive(contact.id);
    const { db } = t.db.database;
    expect(await db.selectFrom('contact_custom_values').select('contact_id').where('contact_id', '=', contact.id).execute()).not.toHaveLength(0);
    expect((await t.request({ method: 'POST', url: `/api/v2/contact/${contact.id}/_purge` })).statusCode).toBe(204);
    expect(await db.selectFrom('contact_custom_values').select('contact_id').where('contact_id', '=', contact.id).execute()).toEqual([]);
    for (const table of ['contacts', 'contact_custom_values', 'contact_events'] as const) {
      expect(JSON.stringify(await db.selectFrom(table).selectAll().execute()), table).not.toContain(marker);
    }
    for (const e of await eventsOf(contact.id)) expect(e.changes).toEqual({});
  });
});
