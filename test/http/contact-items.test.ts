import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/databases.ts';
import { createContact, detailsOf, emailsOf, expectError, expectPrimaryInvariant, expectUnchanged, getContact, phonesOf, uniqueEmail, type WireRecord } from '../helpers/contacts.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

describeEachDialect('contact_emails / contact_phone_numbers sub-resources', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  const url = (id: string, list: string, itemId?: string) => `/api/v2/contact/${id}/attribute/${list}${itemId === undefined ? '' : `/${itemId}`}`;
  const add = (id: string, list: string, body: unknown, headers: Record<string, string> = {}) => t.request({ method: 'POST', url: url(id, list), body: body as object, headers });
  const patchItem = (id: string, list: string, itemId: string, body: unknown, headers: Record<string, string> = {}) => t.request({ method: 'PATCH', url: url(id, list, itemId), body: body as object, headers });
  const remove = (id: string, list: string, itemId: string, headers: Record<string, string> = {}) => t.request({ method: 'DELETE', url: url(id, list, itemId), headers });

  const versionOf = (etag: string): number => Number(/^W\/"(\d+)"$/.exec(etag)![1]);
  const versions = new Map<string, number>();

  /** Checks a write's status and that it bumped version and updated_at by one step; returns the stored record. */
  async function step(id: string, res: LightMyRequestResponse, status: number, before: WireRecord): Promise<WireRecord> {
    expect(res.statusCode, res.body).toBe(status);
    const { data, etag } = await getContact(t, id);
    expect(res.headers.etag).toBe(etag);
    expect(versionOf(etag)).toBe((versions.get(before.updated_at) ?? 1) + 1);
    expect(data.updated_at > before.updated_at).toBe(true);
    expect(data.attributes.updated_by_user_id.value).toEqual({ related_record_id: t.org.userId, related_record_type: 'user' });
    expectPrimaryInvariant(data);
    versions.set(data.updated_at, versionOf(etag));
    return data;
  }

  it('201/200/204 with the sub-resource shapes, keeping the primary invariant after every operation', async () => {
    let c = await createContact(t);
    const [a, b, d] = [uniqueEmail('a'), uniqueEmail('b'), uniqueEmail('d')];

    // Add to an empty list: the first item is primary even when not asked.
    let res = await add(c.id, 'contact_emails', { email: ` ${a.toUpperCase()} `, labels: ['work'] });
    const body = res.json();
    expect(Object.keys(body)).toEqual(['data']);
    expect(body.data).toEqual({ id: expect.any(String), envelope: { id: body.data.id, email: a, is_primary: true, labels: ['WORK'] } });
    const idA = body.data.id as string;
    c = await step(c.id, res, 201, c);
    expect(emailsOf(c)).toEqual([`*${a}`]);

    // Add a secondary.
    res = await add(c.id, 'contact_emails', { email: b });
    expect(res.json().data.envelope).toEqual({ id: res.json().data.id, email: b, is_primary: false, labels: [] });
    const idB = res.json().data.id as string;
    c = await step(c.id, res, 201, c);
    expect(emailsOf(c)).toEqual([`*${a}`, b]);

    // Add as primary: the old primary stays as a secondary.
    res = await add(c.id, 'contact_emails', { email: d, is_primary: true, labels: ['PERSONAL'] });
    const idD = res.json().data.id as string;
    c = await step(c.id, res, 201, c);
    expect(emailsOf(c)).toEqual([a, b, `*${d}`]);

    // PATCH is_primary true on a secondary.
    res = await patchItem(c.id, 'contact_emails', idB, { is_primary: true });
    expect(res.json()).toEqual({ data: { id: idB, envelope: { id: idB, email: b, is_primary: true, labels: [] } } });
    c = await step(c.id, res, 200, c);
    expect(emailsOf(c)).toEqual([a, `*${b}`, d]);

    // PATCH is_primary false on the primary promotes the oldest other item.
    res = await patchItem(c.id, 'contact_emails', idB, { is_primary: false, labels: ['work', 'mobile'] });
    expect(res.json().data.envelope).toEqual({ id: idB, email: b, is_primary: false, labels: ['WORK', 'MOBILE'] });
    c = await step(c.id, res, 200, c);
    expect(emailsOf(c)).toEqual([`*${a}`, b, d]);

    // PATCH the address of the primary: primary_email follows.
    const a2 = uniqueEmail('a2');
    res = await patchItem(c.id, 'contact_emails', idA, { email: a2 });
    expect(res.json().data.envelope).toEqual({ id: idA, email: a2, is_primary: true, labels: ['WORK'] });
    c = await step(c.id, res, 200, c);
    expect(emailsOf(c)).toEqual([`*${a2}`, b, d]);

    // DELETE the primary promotes the oldest remaining item.
    res = await remove(c.id, 'contact_emails', idA);
    expect(res.body).toBe('');
    c = await step(c.id, res, 204, c);
    expect(emailsOf(c)).toEqual([`*${b}`, d]);

    // DELETE a secondary leaves the primary alone.
    res = await remove(c.id, 'contact_emails', idD);
    c = await step(c.id, res, 204, c);
    expect(emailsOf(c)).toEqual([`*${b}`]);

    // DELETE the last item: primary_email becomes null.
    res = await remove(c.id, 'contact_emails', idB);
    c = await step(c.id, res, 204, c);
    expect(emailsOf(c)).toEqual([]);
    expect(c.attributes.primary_email.value).toBeNull();
  });

  it('201/200/204 for phone numbers, normalised to E.164, with the same primary rules', async () => {
    let c = await createContact(t);
    let res = await add(c.id, 'contact_phone_numbers', { phone_number: '(415) 555-2671', labels: ['MOBILE'] });
    expect(res.json().data).toEqual({ id: expect.any(String), envelope: { id: res.json().data.id, phone_number: '+14155552671', is_primary: true, labels: ['MOBILE'] } });
    const first = res.json().data.id as string;
    c = await step(c.id, res, 201, c);
    res = await add(c.id, 'contact_phone_numbers', { phone_number: '+44 20 7946 0958', is_primary: true });
    const second = res.json().data.id as string;
    c = await step(c.id, res, 201, c);
    expect(phonesOf(c)).toEqual(['+14155552671', '*+442079460958']);
    res = await patchItem(c.id, 'contact_phone_numbers', first, { phone_number: '415.555.2672', is_primary: true });
    expect(res.json().data.envelope).toEqual({ id: first, phone_number: '+14155552672', is_primary: true, labels: ['MOBILE'] });
    c = await step(c.id, res, 200, c);
    expect(phonesOf(c)).toEqual(['*+14155552672', '+442079460958']);
    res = await patchItem(c.id, 'contact_phone_numbers', first, { is_primary: false });
    c = await step(c.id, res, 200, c);
    expect(phonesOf(c)).toEqual(['+14155552672', '*+442079460958']);
    res = await remove(c.id, 'contact_phone_numbers', second);
    c = await step(c.id, res, 204, c);
    expect(phonesOf(c)).toEqual(['*+14155552672']);
    res = await remove(c.id, 'contact_phone_numbers', first);
    c = await step(c.id, res, 204, c);
    expect(phonesOf(c)).toEqual([]);
    expect(c.attributes.primary_phone_number.value).toBeNull();
  });

  it('422 for is_primary false on the only item, and for invalid item bodies, changing nothing', async () => {
    const c = await createContact(t, { primary_email: uniqueEmail(), primary_phone_number: '+14155552671' });
    const emailId = c.attributes.contact_emails[0]!.value.id as string;
    const phoneId = c.attributes.contact_phone_numbers[0]!.value.id as string;
    const cases: Array<() => Promise<LightMyRequestResponse>> = [
      () => patchItem(c.id, 'contact_emails', emailId, { is_primary: false }),
      () => patchItem(c.id, 'contact_phone_numbers', phoneId, { is_primary: false }),
      () => add(c.id, 'contact_emails', {}),
      () => add(c.id, 'contact_emails', { email: 'not-an-email' }),
      () => add(c.id, 'contact_emails', JSON.stringify('x@example.com')),
      () => add(c.id, 'contact_emails', { email: uniqueEmail(), labels: ['HOME'] }),
      () => add(c.id, 'contact_emails', { email: uniqueEmail(), is_primary: 'yes' }),
      () => add(c.id, 'contact_emails', { email: uniqueEmail(), colour: 'red' }),
      () => add(c.id, 'contact_emails', { id: emailId, email: uniqueEmail() }),
      () => add(c.id, 'contact_phone_numbers', { phone_number: '12' }),
      () => patchItem(c.id, 'contact_emails', emailId, {}),
      () => patchItem(c.id, 'contact_emails', emailId, { email: 'bad@' }),
      () => patchItem(c.id, 'contact_phone_numbers', phoneId, { phone_number: 'call me' }),
    ];
    for (const attempt of cases) {
      const res = await expectUnchanged(t, c.id, attempt);
      expectError(res, 422, 'validation_failed');
      expect(detailsOf(res)[0]!.code).toBe('field_value_invalid');
    }
  });

  it('422 for a null email, phone_number, is_primary or labels in an item body (none of them is nullable), changing nothing', async () => {
    const c = await createContact(t, { primary_email: uniqueEmail(), primary_phone_number: '+14155552672' });
    const emailId = c.attributes.contact_emails[0]!.value.id as string;
    const phoneId = c.attributes.contact_phone_numbers[0]!.value.id as string;
    const cases: Array<[() => Promise<LightMyRequestResponse>, string]> = [
      [() => patchItem(c.id, 'contact_emails', emailId, { email: null }), '/email'],
      [() => patchItem(c.id, 'contact_phone_numbers', phoneId, { phone_number: null }), '/phone_number'],
      [() => patchItem(c.id, 'contact_emails', emailId, { is_primary: null }), '/is_primary'],
      [() => patchItem(c.id, 'contact_emails', emailId, { labels: null }), '/labels'],
      [() => add(c.id, 'contact_emails', { email: null }), '/email'],
      [() => add(c.id, 'contact_emails', { email: uniqueEmail(), is_primary: null }), '/is_primary'],
      [() => add(c.id, 'contact_phone_numbers', { phone_number: '+14155552673', labels: null }), '/labels'],
    ];
    for (const [attempt, path] of cases) {
      const res = await expectUnchanged(t, c.id, attempt);
      expect(expectError(res, 422, 'validation_failed').details.map((d) => [d.code, d.path])).toEqual([['field_value_invalid', path]]);
    }
  });

  it('422 lists every bad member of an item body at once, each at its own path', async () => {
    const c = await createContact(t, { primary_email: uniqueEmail() });
    const emailId = c.attributes.contact_emails[0]!.value.id as string;
    const paths = (res: LightMyRequestResponse) => expectError(res, 422, 'validation_failed').details.map((d) => [d.code, d.field, d.path]);
    const added = await expectUnchanged(t, c.id, () => add(c.id, 'contact_emails', { email: 'not-an-email', is_primary: 'yes', labels: ['HOME'], colour: 'red' }));
    expect(added.json().error.message).toBe('4 problems in the request');
    expect(paths(added)).toEqual([
      ['field_value_invalid', 'contact_emails', '/colour'],
      ['field_value_invalid', 'contact_emails', '/email'],
      ['field_value_invalid', 'contact_emails', '/is_primary'],
      ['field_value_invalid', 'contact_emails', '/labels'],
    ]);
    expect(paths(await expectUnchanged(t, c.id, () => add(c.id, 'contact_phone_numbers', { is_primary: true })))).toEqual([['field_value_invalid', 'contact_phone_numbers', '/phone_number']]);
    expect(paths(await expectUnchanged(t, c.id, () => patchItem(c.id, 'contact_emails', emailId, { email: 'bad@', labels: 'WORK' })))).toEqual([
      ['field_value_invalid', 'contact_emails', '/email'],
      ['field_value_invalid', 'contact_emails', '/labels'],
    ]);
  });

  it('409 duplicate_value when an added or patched email belongs to another live contact or is already listed, changing nothing', async () => {
    const taken = uniqueEmail('taken');
    const holder = await createContact(t, { contact_emails: [uniqueEmail(), taken] });
    const own = uniqueEmail('own');
    const c = await createContact(t, { primary_email: own });
    const ownId = c.attributes.contact_emails[0]!.value.id as string;
    // Added as a secondary, added as the primary, or the primary item patched to it: the body's email is at fault.
    for (const attempt of [() => add(c.id, 'contact_emails', { email: taken.toUpperCase() }), () => add(c.id, 'contact_emails', { email: taken, is_primary: true }), () => patchItem(c.id, 'contact_emails', ownId, { email: taken })]) {
      const error = expectError(await expectUnchanged(t, c.id, attempt), 409, 'duplicate_value');
      expect(error.details).toEqual([expect.objectContaining({ code: 'duplicate_value', field: 'contact_emails', path: '/email', existing_contact_id: holder.id })]);
    }
    const again = await expectUnchanged(t, c.id, () => add(c.id, 'contact_emails', { email: own }));
    expect(expectError(again, 409, 'duplicate_value').details[0]).toMatchObject({ existing_contact_id: c.id, path: '/email' });
    // Patched to another address of the same contact: the detail points at the member too.
    const second = uniqueEmail('second');
    expect((await add(c.id, 'contact_emails', { email: second })).statusCode).toBe(201);
    const listed = await expectUnchanged(t, c.id, () => patchItem(c.id, 'contact_emails', ownId, { email: second }));
    expect(expectError(listed, 409, 'duplicate_value').details).toEqual([expect.objectContaining({ field: 'contact_emails', path: '/email', existing_contact_id: c.id })]);
  });

  it('422 adding a 101st email or phone number (a list holds at most 100, as a PATCH of the list does), changing nothing', async () => {
    const tag = uniqueEmail('full').split('@')[0]!;
    const emails = Array.from({ length: 100 }, (_, i) => `${tag}-${i}@example.com`);
    const phones = Array.from({ length: 100 }, (_, i) => `+1415555${String(i).padStart(4, '0')}`);
    const c = await createContact(t, { contact_emails: emails, contact_phone_numbers: phones });
    const email = await expectUnchanged(t, c.id, () => add(c.id, 'contact_emails', { email: `${tag}-extra@example.com` }));
    expect(expectError(email, 422, 'validation_failed').details).toEqual([expect.objectContaining({ code: 'field_value_invalid', field: 'contact_emails', path: '/email' })]);
    const phone = await expectUnchanged(t, c.id, () => add(c.id, 'contact_phone_numbers', { phone_number: '+14155559999' }));
    expect(expectError(phone, 422, 'validation_failed').details).toEqual([expect.objectContaining({ code: 'field_value_invalid', field: 'contact_phone_numbers', path: '/phone_number' })]);
    // The full list still takes changes that do not grow it.
    const first = c.attributes.contact_emails[1]!.value.id as string;
    expect((await patchItem(c.id, 'contact_emails', first, { is_primary: true })).statusCode).toBe(200);
    expect((await remove(c.id, 'contact_emails', first)).statusCode).toBe(204);
    expect((await add(c.id, 'contact_emails', { email: `${tag}-extra@example.com` })).statusCode).toBe(201);
  });

  it('404 record_not_found for an unknown item, an item of another contact or list, and a non-UUID contact id', async () => {
    const c = await createContact(t, { primary_email: uniqueEmail() });
    const otherContact = await createContact(t, { primary_email: uniqueEmail() });
    const foreignItem = otherContact.attributes.contact_emails[0]!.value.id as string;
    const ownItem = c.attributes.contact_emails[0]!.value.id as string;
    for (const attempt of [
      () => patchItem(c.id, 'contact_emails', foreignItem, { labels: [] }),
      () => remove(c.id, 'contact_emails', foreignItem),
      () => remove(c.id, 'contact_phone_numbers', ownItem),
      () => patchItem(c.id, 'contact_emails', 'nope', { labels: [] }),
      () => remove(c.id, 'contact_emails', '0190b1c2-0000-7000-8000-000000000000'),
    ]) {
      expectError(await expectUnchanged(t, c.id, attempt), 404, 'record_not_found');
    }
    expectError(await add('nope', 'contact_emails', { email: uniqueEmail() }), 404, 'record_not_found');
    expectError(await add('0190b1c2-0000-7000-8000-000000000000', 'contact_emails', { email: uniqueEmail() }), 404, 'record_not_found');
  });

  it('412 precondition_failed on a stale If-Match for sub-resource writes, changing nothing', async () => {
    const c = await createContact(t, { primary_email: uniqueEmail() });
    const itemId = c.attributes.contact_emails[0]!.value.id as string;
    for (const attempt of [
      () => add(c.id, 'contact_emails', { email: uniqueEmail() }, { 'if-match': 'W/"7"' }),
      () => patchItem(c.id, 'contact_emails', itemId, { labels: ['WORK'] }, { 'if-match': 'W/"7"' }),
      () => remove(c.id, 'contact_emails', itemId, { 'if-match': 'W/"7"' }),
    ]) {
      expectError(await expectUnchanged(t, c.id, attempt), 412, 'precondition_failed');
    }
    const ok = await add(c.id, 'contact_emails', { email: uniqueEmail() }, { 'if-match': 'W/"1"' });
    expect(ok.statusCode).toBe(201);
    expect(ok.headers.etag).toBe('W/"2"');
  });
});
