import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/databases.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

type Envelope = { value: unknown };
type Record_ = { id: string; updated_at: string; attributes: { [name: string]: Envelope & Envelope[] } & Record<'primary_email' | 'first_name' | 'title' | 'last_name' | 'contact_emails', Envelope & Envelope[]> };

describeEachDialect('_assert', (dialect) => {
  let t: TestApp;
  const assert = (body: unknown) => t.request({ method: 'POST', url: '/api/v2/contact/_assert', body: body as object });
  const create = async (attributes: Record<string, unknown>): Promise<Record_> => {
    const res = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().data;
  };
  const emailsOf = (r: Record_) => (r.attributes.contact_emails as unknown as Array<{ value: { email: string; is_primary: boolean } }>).map((e) => e.value.email);
  const countByEmail = async (email: string, includeArchived = false): Promise<number> => {
    const filters = [{ field: 'contact_emails', operator: 'eq', value: email }, ...(includeArchived ? [{ or: [{ field: 'archived_at', operator: 'exists' }, { field: 'archived_at', operator: 'not_exists' }] }] : [])];
    const res = await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: { filters } });
    return res.json().data.length;
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('201 created with the matched primary_email on the new contact, meta.action "created" and an ETag', async () => {
    const res = await assert({ match: { primary_email: ' New.Person@Example.com ' }, attributes: { first_name: 'New' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().meta).toEqual({ action: 'created' });
    expect(res.headers.etag).toBe('W/"1"');
    const data = res.json().data as Record_;
    expect(data.attributes.primary_email.value).toBe('new.person@example.com');
    expect(data.attributes.first_name.value).toBe('New');
  });

  it('200 updated with PATCH semantics when primary_email matches: named attributes change, others stay', async () => {
    const existing = await create({ first_name: 'Sarah', last_name: 'Lee', title: 'CTO', primary_email: 'sarah@example.com' });
    const res = await assert({ match: { primary_email: 'SARAH@example.com' }, attributes: { title: 'CEO', department: null } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().meta).toEqual({ action: 'updated' });
    expect(res.headers.etag).toBe('W/"2"');
    const data = res.json().data as Record_;
    expect(data.id).toBe(existing.id);
    expect(data.attributes.title.value).toBe('CEO');
    expect(data.attributes.last_name.value).toBe('Lee');
  });

  it('200 updated when contact_emails matches a secondary email of an existing contact', async () => {
    const existing = await create({ first_name: 'Multi', contact_emails: ['main@example.com', 'second@example.com'] });
    const res = await assert({ match: { contact_emails: 'Second@Example.com' }, attributes: { last_name: 'Mail' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data.id).toBe(existing.id);
    expect(res.json().data.attributes.display_name.value).toBe('Multi Mail');
    // primary_email matches only the primary: the secondary address finds nothing and its create collides.
    const byPrimary = await assert({ match: { primary_email: 'second@example.com' }, attributes: { first_name: 'Other' } });
    expect(byPrimary.statusCode, byPrimary.body).toBe(409);
    expect(byPrimary.json().error.code).toBe('duplicate_value');
    expect(byPrimary.json().error.details[0].existing_contact_id).toBe(existing.id);
  });

  it('200 updated when id matches; 201 with a new id when the id matches nothing', async () => {
    const existing = await create({ first_name: 'ById' });
    const res = await assert({ match: { id: existing.id.toUpperCase() }, attributes: { title: 'Found' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data.id).toBe(existing.id);
    const missing = '00000000-0000-7000-8000-000000000001';
    const created = await assert({ match: { id: missing }, attributes: { first_name: 'Fresh' } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().data.id).not.toBe(missing);
  });

  it('409 ambiguous_match listing both candidate ids when the match emails belong to two contacts', async () => {
    const a = await create({ first_name: 'A', primary_email: 'amb-a@example.com' });
    const b = await create({ first_name: 'B', contact_emails: ['amb-b0@example.com', 'amb-b@example.com'] });
    const res = await assert({ match: { contact_emails: ['amb-a@example.com', 'amb-b@example.com'] }, attributes: { title: 'Which?' } });
    expect(res.statusCode, res.body).toBe(409);
    const error = res.json().error;
    expect(error.code).toBe('ambiguous_match');
    expect([...error.details[0].candidate_ids].sort()).toEqual([a.id, b.id].sort());
    for (const id of [a.id, b.id]) {
      const get = await t.request({ method: 'GET', url: `/api/v2/contact/${id}` });
      expect(get.json().data.attributes.title.value).toBeNull();
    }
  });

  it('201 created when the only contact with the email is archived (archived contacts never match)', async () => {
    const old = await create({ first_name: 'Gone', primary_email: 'gone@example.com' });
    expect((await t.request({ method: 'DELETE', url: `/api/v2/contact/${old.id}` })).statusCode).toBe(204);
    const res = await assert({ match: { contact_emails: 'gone@example.com' }, attributes: { first_name: 'Back' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().data.id).not.toBe(old.id);
    expect(emailsOf(res.json().data)).toEqual(['gone@example.com']);
  });

  it('201 keeps a written primary_email primary and adds the matched email as a secondary', async () => {
    const res = await assert({ match: { primary_email: 'matched@example.com' }, attributes: { primary_email: 'written@example.com' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().data.attributes.primary_email.value).toBe('written@example.com');
    expect(emailsOf(res.json().data).sort()).toEqual(['matched@example.com', 'written@example.com']);
  });

  it('201 keeps a contact_emails item marked is_primary primary and adds the matched email as a secondary', async () => {
    const [matched, marked, other] = ['marked-match@example.com', 'marked-primary@example.com', 'marked-other@example.com'];
    const res = await assert({ match: { primary_email: matched }, attributes: { first_name: 'X', contact_emails: [{ email: other }, { email: marked, is_primary: true }] } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().data.attributes.primary_email.value).toBe(marked);
    const items = res.json().data.attributes.contact_emails as Array<{ value: { email: string; is_primary: boolean } }>;
    expect(items.filter((i) => i.value.is_primary).map((i) => i.value.email)).toEqual([marked]);
    expect(emailsOf(res.json().data).sort()).toEqual([marked, matched, other].sort());
  });

  it('201 with the matched email primary when the attributes clear primary_email (null): a new contact has no primary to clear', async () => {
    const res = await assert({ match: { primary_email: 'cleared-match@example.com' }, attributes: { primary_email: null } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().data.attributes.primary_email.value).toBe('cleared-match@example.com');
    expect(res.json().data.attributes.display_name.value).toBe('cleared-match@example.com');
    const list = await assert({ match: { contact_emails: ['cleared-a@example.com', 'cleared-b@example.com'] }, attributes: { title: 'CTO', primary_email: null } });
    expect(list.statusCode, list.body).toBe(201);
    expect(list.json().data.attributes.primary_email.value).toBe('cleared-a@example.com');
    expect(emailsOf(list.json().data)).toEqual(['cleared-a@example.com', 'cleared-b@example.com']);
    // On a match the null clears the primary, with PATCH semantics.
    const updated = await assert({ match: { contact_emails: 'cleared-b@example.com' }, attributes: { primary_email: null } });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(emailsOf(updated.json().data)).toEqual(['cleared-b@example.com']);
  });

  it('422 when the matched email would make a new contact\'s 100 written emails 101, creating nothing', async () => {
    const written = Array.from({ length: 100 }, (_, i) => `full-assert-${i}@example.com`);
    const res = await assert({ match: { primary_email: 'full-assert-match@example.com' }, attributes: { contact_emails: written } });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.details).toEqual([expect.objectContaining({ code: 'field_value_invalid', field: 'contact_emails', path: '/attributes/contact_emails' })]);
    expect(await countByEmail('full-assert-0@example.com')).toBe(0);
  });

  it('409 duplicate_value pointing at the match or the attribute that wrote an email another contact holds', async () => {
    const holder = await create({ first_name: 'Holder', contact_emails: ['held-primary@example.com', 'held-secondary@example.com'] });
    // Matched by primary_email, the address is another contact's secondary: the create meets it.
    const matched = await assert({ match: { primary_email: 'held-secondary@example.com' }, attributes: { first_name: 'X' } });
    expect(matched.statusCode, matched.body).toBe(409);
    expect(matched.json().error.details).toEqual([expect.objectContaining({ code: 'duplicate_value', field: 'primary_email', path: '/match/primary_email', existing_contact_id: holder.id })]);
    const written = await assert({ match: { primary_email: 'fresh-for-dup@example.com' }, attributes: { contact_emails: ['held-primary@example.com'] } });
    expect(written.statusCode, written.body).toBe(409);
    expect(written.json().error.details).toEqual([expect.objectContaining({ code: 'duplicate_value', field: 'contact_emails', path: '/attributes/contact_emails', existing_contact_id: holder.id })]);
  });

  it('200 with nothing changed for an empty attributes object on a match; 201 creating the bare contact otherwise', async () => {
    const existing = await create({ first_name: 'Same', primary_email: 'same@example.com' });
    const res = await assert({ match: { primary_email: 'same@example.com' }, attributes: {} });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers.etag).toBe('W/"1"');
    expect(res.json().data.updated_at).toBe(existing.updated_at);
    const fresh = await assert({ match: { primary_email: 'bare@example.com' }, attributes: {} });
    expect(fresh.statusCode, fresh.body).toBe(201);
  });

  it('422 listing match and attribute problems together', async () => {
    const cases: Array<[unknown, string[]]> = [
      [{ attributes: { first_name: 'X' } }, ['field_required_missing /match']],
      [{ match: 'x@example.com', attributes: { first_name: 'X' } }, ['field_value_invalid /match']],
      [{ match: {}, attributes: { first_name: 'X' } }, ['field_value_invalid /match']],
      [{ match: { primary_email: 'a@example.com', id: '00000000-0000-7000-8000-000000000001' }, attributes: { first_name: 'X' } }, ['field_value_invalid /match']],
      [{ match: { email: 'a@example.com' }, attributes: { first_name: 'X' } }, ['unknown_field /match/email']],
      [{ match: { id: 'nope' }, attributes: { display_name: 'X', sms_consent: 'yes' } }, ['field_value_invalid /match/id', 'field_not_updatable /attributes/display_name', 'field_value_invalid /attributes/sms_consent']],
      [{ match: { contact_emails: ['ok@example.com', 'bad'] }, attributes: { first_name: 'X' } }, ['field_value_invalid /match/contact_emails']],
      [{ match: { primary_email: 'a@example.com' }, attributes: { first_name: 'X' }, relationships: {} }, ['unknown_field /relationships']],
      [{ match: { id: '00000000-0000-7000-8000-000000000002' }, attributes: { title: 'No name' } }, ['field_required_missing /attributes']],
    ];
    for (const [body, expected] of cases) {
      const res = await assert(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(res.json().error.details.map((d: { code: string; path: string }) => `${d.code} ${d.path}`), JSON.stringify(body)).toEqual(expected);
    }
  });

  it('10 concurrent _assert calls for the same new email create exactly one contact; the others update it', async () => {
    const email = 'race@example.com';
    // Over real sockets: injected requests run one after another, which would never race.
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const results = await Promise.all(Array.from({ length: 10 }, async (_, i) => {
      const res = await fetch(`${base}/api/v2/contact/_assert`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.org.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ match: { primary_email: email }, attributes: { title: `T${i}` } }),
      });
      return { status: res.status, body: (await res.json()) as { data: { id: string } } };
    }));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses, JSON.stringify(results.map((r) => r.body))).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    const ids = new Set(results.map((r) => r.body.data.id));
    expect(ids.size).toBe(1);
    expect(await countByEmail(email, true)).toBe(1);
    const final = await t.request({ method: 'GET', url: `/api/v2/contact/${[...ids][0]}` });
    expect(final.headers.etag).toBe('W/"10"');
  });
});
