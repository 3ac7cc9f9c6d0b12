import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/databases.ts';
import { createContact, expectError, expectUnchanged, getContact, patchContact, uniqueEmail } from '../helpers/contacts.ts';
import { createTestApp, type TestApp, type TestOrg } from '../helpers/test-app.ts';

describeEachDialect('DELETE /api/v2/contact/{contact_id} (archive)', (dialect) => {
  let t: TestApp;
  let other: TestOrg;
  let archiver: { id: string; key: string };
  beforeAll(async () => {
    t = await createTestApp(dialect);
    other = await t.newOrg('Other Org');
    const user = await t.tenancy.createUser(t.org.organizationId, uniqueEmail('archiver'), 'Archiver');
    const { key } = await t.tenancy.createApiKey({ organizationId: t.org.organizationId, userId: user.id });
    archiver = { id: user.id, key };
  });
  afterAll(async () => t.close());

  const archive = (id: string, headers: Record<string, string> = {}, key?: string) => t.request({ method: 'DELETE', url: `/api/v2/contact/${id}`, headers, key });

  it('204 archives: GET still 200 with archived_at and archived_by_user_id set, updated_at and version bumped', async () => {
    const c = await createContact(t, { primary_email: uniqueEmail() });
    const res = await archive(c.id, {}, archiver.key);
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(res.headers.etag).toBe('W/"2"');
    const { data, etag } = await getContact(t, c.id);
    expect(etag).toBe('W/"2"');
    expect(data.attributes.archived_at.value).toBe(data.updated_at);
    expect(data.updated_at > c.updated_at).toBe(true);
    expect(data.attributes.archived_by_user_id.value).toEqual({ related_record_id: archiver.id, related_record_type: 'user' });
    expect(data.attributes.updated_by_user_id.value).toEqual({ related_record_id: archiver.id, related_record_type: 'user' });
    for (const name of ['first_name', 'primary_email', 'contact_emails', 'stage', 'created_by_user_id'] as const) {
      expect(data.attributes[name], name).toEqual(c.attributes[name]);
    }
  });

  it('204 for a DELETE that carries Content-Type: application/json and no body', async () => {
    const c = await createContact(t, { primary_email: uniqueEmail() });
    const json = { 'content-type': 'application/json' };
    const itemId = c.attributes.contact_emails[0]!.value.id as string;
    expect((await t.request({ method: 'DELETE', url: `/api/v2/contact/${c.id}/attribute/contact_emails/${itemId}`, headers: json })).statusCode).toBe(204);
    expect((await archive(c.id, json)).statusCode).toBe(204);
    expect((await getContact(t, c.id)).data.attributes.archived_at.value).not.toBeNull();
  });

  it('204 and 200 for the bodiless writes (DELETE, _restore, _purge) when the empty body comes chunked under Content-Type: application/json', async () => {
    const c = await createContact(t, { contact_emails: [uniqueEmail(), uniqueEmail()] });
    const itemId = c.attributes.contact_emails[1]!.value.id as string;
    // What a client streaming its (empty) body, or a proxy re-framing it, sends: no Content-Length, a zero-size chunked body.
    const chunkedEmpty = (method: 'DELETE' | 'POST', url: string) => t.app.inject({
      method, url, payload: Readable.from([]),
      headers: { authorization: `Bearer ${t.org.key}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    });
    const base = `/api/v2/contact/${c.id}`;
    expect((await chunkedEmpty('DELETE', `${base}/attribute/contact_emails/${itemId}`)).statusCode).toBe(204);
    expect((await chunkedEmpty('DELETE', base)).statusCode).toBe(204);
    const restored = await chunkedEmpty('POST', `${base}/_restore`);
    expect(restored.statusCode, restored.body).toBe(200);
    expect((await chunkedEmpty('DELETE', base)).statusCode).toBe(204);
    expect((await chunkedEmpty('POST', `${base}/_purge`)).statusCode).toBe(204);
    expectError(await t.request({ method: 'GET', url: base }), 404, 'record_not_found');
    // A body-taking write still says that an empty JSON body is not JSON.
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v2/contact/${(await createContact(t)).id}`, payload: Readable.from([]), headers: { authorization: `Bearer ${t.org.key}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' } });
    expectError(patched, 400, 'malformed_json');
  });

  it('204 again for an already archived contact, changing nothing', async () => {
    const c = await createContact(t);
    expect((await archive(c.id)).statusCode).toBe(204);
    const before = await getContact(t, c.id);
    const again = await archive(c.id);
    expect(again.statusCode).toBe(204);
    expect(again.headers.etag).toBe('W/"2"');
    const after = await getContact(t, c.id);
    expect(after.data).toEqual(before.data);
    expect(after.etag).toBe(before.etag);
  });

  it('409 record_archived for PATCH and every sub-resource write on an archived contact, changing nothing', async () => {
    const c = await createContact(t, { primary_email: uniqueEmail(), primary_phone_number: '+14155552671' });
    expect((await archive(c.id)).statusCode).toBe(204);
    const emailId = c.attributes.contact_emails[0]!.value.id as string;
    const phoneId = c.attributes.contact_phone_numbers[0]!.value.id as string;
    const base = `/api/v2/contact/${c.id}/attribute`;
    for (const attempt of [
      () => patchContact(t, c.id, { title: 'Ghost' }),
      () => t.request({ method: 'POST', url: `${base}/contact_emails`, body: { email: uniqueEmail() } }),
      () => t.request({ method: 'PATCH', url: `${base}/contact_emails/${emailId}`, body: { labels: ['WORK'] } }),
      () => t.request({ method: 'DELETE', url: `${base}/contact_emails/${emailId}` }),
      () => t.request({ method: 'POST', url: `${base}/contact_phone_numbers`, body: { phone_number: '+14155552672' } }),
      () => t.request({ method: 'PATCH', url: `${base}/contact_phone_numbers/${phoneId}`, body: { is_primary: true } }),
      () => t.request({ method: 'DELETE', url: `${base}/contact_phone_numbers/${phoneId}` }),
    ]) {
      expectError(await expectUnchanged(t, c.id, attempt), 409, 'record_archived');
    }
  });

  it('201 for a new contact claiming an archived contact\'s email; the archived one still shows it', async () => {
    const email = uniqueEmail('reused');
    const old = await createContact(t, { contact_emails: [uniqueEmail(), email] });
    expect((await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { primary_email: email } } })).statusCode).toBe(409);
    expect((await archive(old.id)).statusCode).toBe(204);
    const fresh = await createContact(t, { primary_email: email });
    expect(fresh.attributes.primary_email.value).toBe(email);
    const stillThere = await getContact(t, old.id);
    expect(stillThere.data.attributes.contact_emails).toEqual(old.attributes.contact_emails);
    // A live contact claiming it now collides with the new holder, not the archived one.
    const third = await createContact(t);
    const error = expectError(await patchContact(t, third.id, { primary_email: email }), 409, 'duplicate_value');
    expect(error.details[0]).toMatchObject({ existing_contact_id: fresh.id });
  });

  it('412 precondition_failed on a stale If-Match, changing nothing; 204 on the current one', async () => {
    const c = await createContact(t);
    expect((await patchContact(t, c.id, { title: 'v2' })).statusCode).toBe(200);
    expectError(await expectUnchanged(t, c.id, () => archive(c.id, { 'if-match': 'W/"1"' })), 412, 'precondition_failed');
    expect((await archive(c.id, { 'if-match': 'W/"2"' })).statusCode).toBe(204);
    expect((await getContact(t, c.id)).etag).toBe('W/"3"');
  });

  it('404 record_not_found archiving another organization\'s contact, which stays live', async () => {
    const theirs = await createContact(t, {}, other.key);
    expectError(await archive(theirs.id), 404, 'record_not_found');
    expect((await getContact(t, theirs.id, other.key)).data.attributes.archived_at.value).toBeNull();
  });
});
