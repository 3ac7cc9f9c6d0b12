import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/databases.ts';
import { createContact, expectError, expectUnchanged, getContact, patchContact, uniqueEmail } from '../helpers/contacts.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

// If-Match and If-None-Match on writes (RFC 9110 section 13.1): on _assert they pick update-only or create-only.
describeEachDialect('conditional writes', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  const assert = (body: unknown, headers: Record<string, string> = {}) => t.request({ method: 'POST', url: '/api/v2/contact/_assert', body: body as object, headers });
  const countByEmail = async (email: string): Promise<number> => {
    const res = await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: { filters: [{ field: 'contact_emails', operator: 'eq', value: email }] } });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().data as unknown[]).length;
  };
  const eventsOf = async (id: string): Promise<number> => {
    const res = await t.request({ method: 'GET', url: `/api/v2/contact/${id}/history` });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().data as unknown[]).length;
  };

  it('_assert with If-Match: 200 when the matched contact is at a named version; 412 with current_etag, changing nothing, when it is not', async () => {
    const email = uniqueEmail('ifmatch');
    const c = await createContact(t, { first_name: 'Ima', primary_email: email });
    const stale = await expectUnchanged(t, c.id, () => assert({ match: { primary_email: email }, attributes: { title: 'Stale' } }, { 'if-match': 'W/"5"' }));
    expect(expectError(stale, 412, 'precondition_failed').details[0]).toMatchObject({ current_etag: 'W/"1"' });
    // An empty attributes object writes nothing, and still answers the precondition.
    expectError(await assert({ match: { primary_email: email }, attributes: {} }, { 'if-match': 'W/"5"' }), 412, 'precondition_failed');
    const ok = await assert({ match: { primary_email: email }, attributes: { title: 'Current' } }, { 'if-match': 'W/"9", W/"1"' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().meta).toEqual({ action: 'updated' });
    expect(ok.headers.etag).toBe('W/"2"');
    const any = await assert({ match: { id: c.id }, attributes: { title: 'Any' } }, { 'if-match': '*' });
    expect(any.statusCode, any.body).toBe(200);
    expect(await eventsOf(c.id)).toBe(3);
  });

  it('412 when _assert has If-Match (even *) and nothing matches: update-only, so nothing is created', async () => {
    for (const header of ['*', 'W/"1"']) {
      const email = uniqueEmail('nomatch');
      const res = await assert({ match: { primary_email: email }, attributes: { first_name: 'Never' } }, { 'if-match': header });
      const error = expectError(res, 412, 'precondition_failed');
      expect(error.details[0]).not.toHaveProperty('current_etag');
      expect(await countByEmail(email)).toBe(0);
    }
  });

  it('_assert with If-None-Match: * creates when nothing matches and is 412 naming the contact, changing nothing, when one does', async () => {
    const email = uniqueEmail('create-only');
    const created = await assert({ match: { primary_email: email }, attributes: { first_name: 'Once' } }, { 'if-none-match': '*' });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().data.id as string;
    const again = await expectUnchanged(t, id, () => assert({ match: { primary_email: email }, attributes: { first_name: 'Twice' } }, { 'if-none-match': '*' }));
    expect(expectError(again, 412, 'precondition_failed').details[0]).toMatchObject({ existing_contact_id: id, current_etag: 'W/"1"' });
    expect(await countByEmail(email)).toBe(1);
    expect(await eventsOf(id)).toBe(1);
  });

  it('_assert with a malformed If-None-Match never updates the contact it matches (412), and still creates when none matches', async () => {
    const email = uniqueEmail('typo');
    const c = await createContact(t, { first_name: 'Typo', primary_email: email });
    for (const header of ['"*"', '* ,', 'garbage']) {
      expectError(await expectUnchanged(t, c.id, () => assert({ match: { primary_email: email }, attributes: { title: 'overwritten' } }, { 'if-none-match': header })), 412, 'precondition_failed');
    }
    const fresh = await assert({ match: { primary_email: uniqueEmail('typo-new') }, attributes: { first_name: 'New' } }, { 'if-none-match': 'garbage' });
    expect(fresh.statusCode, fresh.body).toBe(201);
  });

  it('concurrent create-only asserts of one email: exactly one 201, the others 412 naming it', async () => {
    const email = uniqueEmail('race');
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => assert({ match: { primary_email: email }, attributes: { first_name: `Racer${i}` } }, { 'if-none-match': '*' })));
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses).toEqual([201, 412, 412, 412, 412, 412, 412, 412]);
    const winner = answers.find((a) => a.statusCode === 201)!.json().data.id as string;
    for (const lost of answers.filter((a) => a.statusCode === 412)) expect(lost.json().error.details[0].existing_contact_id).toBe(winner);
    expect(await countByEmail(email)).toBe(1);
    expect(await eventsOf(winner)).toBe(1);
  });

  it('PATCH, DELETE and item writes refuse the versions If-None-Match names (412, nothing changed) and go on otherwise', async () => {
    const c = await createContact(t, { first_name: 'Inm' });
    for (const header of ['*', 'W/"1"', 'W/"7", "1"']) {
      expectError(await expectUnchanged(t, c.id, () => patchContact(t, c.id, { title: 'never' }, { 'if-none-match': header })), 412, 'precondition_failed');
    }
    expectError(await expectUnchanged(t, c.id, () => t.request({ method: 'DELETE', url: `/api/v2/contact/${c.id}`, headers: { 'if-none-match': '*' } })), 412, 'precondition_failed');
    expectError(await expectUnchanged(t, c.id, () => t.request({ method: 'POST', url: `/api/v2/contact/${c.id}/attribute/contact_emails`, headers: { 'if-none-match': 'W/"1"' }, body: { email: uniqueEmail() } })), 412, 'precondition_failed');
    // A list that names no version (malformed, or a tag contactd never sends) fails safe: 412.
    for (const header of ['garbage', '"*"', '*, W/"1"', 'W/"01"']) {
      expectError(await expectUnchanged(t, c.id, () => patchContact(t, c.id, { title: 'never' }, { 'if-none-match': header })), 412, 'precondition_failed');
    }
    // Another version refuses nothing.
    const other = await patchContact(t, c.id, { title: 'Two' }, { 'if-none-match': 'W/"3", W/"4"' });
    expect(other.statusCode, other.body).toBe(200);
    expect((await getContact(t, c.id)).etag).toBe('W/"2"');
  });

  it('If-None-Match is part of an idempotent request: the same key with another If-None-Match is 422 idempotency_key_reused', async () => {
    const key = randomUUID();
    const email = uniqueEmail('idem');
    const send = (headers: Record<string, string>) => assert({ match: { primary_email: email }, attributes: { first_name: 'Idem' } }, { 'idempotency-key': key, ...headers });
    expect((await send({ 'if-none-match': '*' })).statusCode).toBe(201);
    const replay = await send({ 'if-none-match': '*' });
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expectError(await send({}), 422, 'idempotency_key_reused');
  });

  it('the OpenAPI document lists If-Match and If-None-Match on _assert and PATCH, and 412 on _assert', async () => {
    const doc = (await t.request({ method: 'GET', url: '/api/v2/openapi.json', key: null })).json();
    for (const [path, method] of [['/api/v2/contact/_assert', 'post'], ['/api/v2/contact/{contact_id}', 'patch']] as const) {
      const names = (doc.paths[path][method].parameters as Array<{ name: string; in: string }>).filter((p) => p.in === 'header').map((p) => p.name.toLowerCase());
      expect(names, path).toEqual(expect.arrayContaining(['if-match', 'if-none-match']));
    }
    expect(doc.paths['/api/v2/contact/_assert'].post.responses).toHaveProperty('412');
  });
});
