import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/databases.ts';
import { createContact, detailsOf, expectError, expectUnchanged, getContact, patchContact, uniqueEmail, type WireRecord } from '../helpers/contacts.ts';
import { createTestApp, type TestApp, type TestOrg } from '../helpers/test-app.ts';

/** Reevo's example response for PATCH /api/v2/contact/{contact_id} (extracted from the seed reference page). */
const REEVO = JSON.parse(readFileSync(new URL('../fixtures/reevo-patch-contact-response.json', import.meta.url), 'utf8')) as { data: WireRecord };

describeEachDialect('PATCH /api/v2/contact/{contact_id}', (dialect) => {
  let t: TestApp;
  let other: TestOrg;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    other = await t.newOrg('Other Org');
  });
  afterAll(async () => t.close());

  it('200 for the seed request: the Reevo record shape, title changed, updated_at bumped, nothing else changed', async () => {
    const editor = await t.tenancy.createUser(t.org.organizationId, uniqueEmail('editor'), 'Editor');
    const { key } = await t.tenancy.createApiKey({ organizationId: t.org.organizationId, userId: editor.id });
    const before = await createContact(t, { first_name: 'Sarah', last_name: 'Lee', primary_email: uniqueEmail('sarah'), primary_phone_number: '+14155552671', participant_user_id_list: [t.org.userId], sms_consent: true, address: { city: 'Austin' } });
    const res = await patchContact(t, before.id, { title: 'Chief Technology Officer' }, {}, key);
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('W/"2"');
    const body = res.json();
    expect(Object.keys(body)).toEqual(Object.keys(REEVO));
    const after = body.data as WireRecord;

    // Same top-level keys, same attribute names in the same order, same value_type each, lists as arrays.
    expect(Object.keys(after)).toEqual(Object.keys(REEVO.data));
    expect(Object.keys(after.attributes)).toEqual(Object.keys(REEVO.data.attributes));
    for (const [name, reevo] of Object.entries(REEVO.data.attributes as Record<string, { value_type: string } | Array<{ value_type: string }>>)) {
      const ours = (after.attributes as Record<string, unknown>)[name];
      if (Array.isArray(reevo)) {
        expect(Array.isArray(ours), name).toBe(true);
        for (const item of ours as Array<{ value_type: string }>) expect(item.value_type, name).toBe(reevo[0]!.value_type);
      } else {
        expect(Array.isArray(ours), name).toBe(false);
        expect(Object.keys(ours as object), name).toEqual(['value', 'value_type']);
        expect((ours as { value_type: string }).value_type, name).toBe(reevo.value_type);
      }
    }
    // Object-valued attributes carry Reevo's members.
    const a = after.attributes;
    expect(Object.keys(a.stage.value as object)).toEqual(Object.keys(REEVO.data.attributes.stage.value as object));
    expect(Object.keys(a.address.value as object)).toEqual(Object.keys(REEVO.data.attributes.address.value as object));
    expect(Object.keys(a.contact_emails[0]!.value)).toEqual(Object.keys(REEVO.data.attributes.contact_emails[0]!.value));
    expect(Object.keys(a.contact_phone_numbers[0]!.value)).toEqual(Object.keys(REEVO.data.attributes.contact_phone_numbers[0]!.value));
    expect(Object.keys(a.created_by_user_id.value as object)).toEqual(Object.keys(REEVO.data.attributes.created_by_user_id.value as object));

    expect(a.title).toEqual({ value: 'Chief Technology Officer', value_type: 'string' });
    expect(after.updated_at > before.updated_at).toBe(true);
    expect(a.updated_at.value).toBe(after.updated_at);
    expect(a.updated_by_user_id.value).toEqual({ related_record_id: editor.id, related_record_type: 'user' });
    expect(after.created_at).toBe(before.created_at);
    for (const name of Object.keys(before.attributes)) {
      if (['title', 'updated_at', 'updated_by_user_id'].includes(name)) continue;
      expect((after.attributes as Record<string, unknown>)[name], name).toEqual((before.attributes as Record<string, unknown>)[name]);
    }
    expect((await getContact(t, before.id)).data).toEqual(after);
  });

  it('200 clearing attributes with null and lists with null or []', async () => {
    const team = await t.tenancy.createTeam(t.org.organizationId, `Clear ${Date.now()}`);
    const c = await createContact(t, {
      middle_name: 'Q', title: 'CTO', sms_consent: false, address: { city: 'Paris' }, linkedin_url: 'https://linkedin.com/in/x',
      owner_user_id: t.org.userId, owner_team_id: team.id, participant_user_id_list: [t.org.userId],
      primary_phone_number: '+14155552671', contact_emails: [uniqueEmail()],
    });
    const res = await patchContact(t, c.id, {
      middle_name: null, title: '', sms_consent: null, address: null, linkedin_url: null, owner_user_id: null, owner_team_id: null,
      participant_user_id_list: null, primary_phone_number: null, contact_emails: [],
    });
    expect(res.statusCode, res.body).toBe(200);
    const a = (res.json().data as WireRecord).attributes;
    for (const name of ['middle_name', 'title', 'sms_consent', 'address', 'linkedin_url', 'owner_user_id', 'owner_team_id', 'primary_phone_number', 'primary_email'] as const) {
      expect(a[name].value, name).toBeNull();
    }
    expect(a.participant_user_id_list).toEqual([]);
    expect(a.contact_emails).toEqual([]);
    expect(a.contact_phone_numbers).toEqual([]);
    expect(a.display_name.value).toBe('Test Person');
    const blankAddress = await patchContact(t, c.id, { address: { city: 'Oslo' } });
    expect(blankAddress.json().data.attributes.address.value).toMatchObject({ city: 'Oslo' });
    const cleared = await patchContact(t, c.id, { address: { city: '  ', zip_code: null } });
    expect(cleared.json().data.attributes.address).toEqual({ value: null, value_type: 'address' });
  });

  it('200 for writes in the read envelope form, and display_name follows the name', async () => {
    const c = await createContact(t);
    const res = await patchContact(t, c.id, {
      first_name: { value: '  Ada ', value_type: 'string' },
      last_name: { value_type: 'string', value: 'Lovelace' },
      sms_consent: { value: true, value_type: 'boolean' },
      address: { value: { street_one: '1 Main St', city: 'London', country: 'GB' }, value_type: 'address' },
      primary_phone_number: { value: '+442079460958', value_type: 'phone_number' },
      contact_emails: [{ value: { email: 'ADA@Example.com', is_primary: true, labels: ['work'] }, value_type: 'contact_email' }],
      title: { value: null, value_type: 'string' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const a = (res.json().data as WireRecord).attributes;
    expect(a.first_name.value).toBe('Ada');
    expect(a.display_name.value).toBe('Ada Lovelace');
    expect(a.sms_consent.value).toBe(true);
    expect(a.address.value).toEqual({ street_one: '1 Main St', street_two: null, city: 'London', state: null, country: 'GB', zip_code: null });
    expect(a.primary_phone_number.value).toBe('+442079460958');
    expect(a.primary_email.value).toBe('ada@example.com');
    expect(a.contact_emails.map((e) => e.value)).toEqual([{ id: expect.any(String), email: 'ada@example.com', is_primary: true, labels: ['WORK'] }]);
  });

  it('200 writing back a GET record\'s own envelopes changes nothing but updated_at and version', async () => {
    const c = await createContact(t, { primary_email: uniqueEmail(), contact_phone_numbers: ['+14155552671', '+14155552672'], owner_user_id: t.org.userId, stage: 'working', address: { city: 'Rome' } });
    const names = ['stage', 'first_name', 'primary_email', 'contact_emails', 'contact_phone_numbers', 'owner_user_id', 'address', 'participant_user_id_list'] as const;
    const attributes = Object.fromEntries(names.map((n) => [n, c.attributes[n]]));
    const res = await patchContact(t, c.id, attributes);
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json().data as WireRecord;
    for (const n of names) expect(after.attributes[n], n).toEqual(c.attributes[n]);
    expect(res.headers.etag).toBe('W/"2"');
  });

  it('422 for each malformed body, changing nothing', async () => {
    const c = await createContact(t);
    const cases: Array<[unknown, Array<{ code: string; field?: string }>]> = [
      [{}, [{ code: 'field_required_missing', field: 'attributes' }]],
      [{ attributes: null }, [{ code: 'field_required_missing', field: 'attributes' }]],
      [{ attributes: 'title' }, [{ code: 'field_value_invalid', field: 'attributes' }]],
      [{ attributes: {} }, [{ code: 'field_required_missing', field: 'attributes' }]],
      [{ attributes: { title: 'x' }, relationships: { owner: {} } }, [{ code: 'unknown_field', field: 'relationships' }]],
      [{ attributes: { title: 'x' }, match: {} }, [{ code: 'unknown_field', field: 'match' }]],
    ];
    for (const [body, details] of cases) {
      const res = await expectUnchanged(t, c.id, () => t.request({ method: 'PATCH', url: `/api/v2/contact/${c.id}`, body: body as object }));
      expectError(res, 422, 'validation_failed');
      expect(detailsOf(res), JSON.stringify(body)).toEqual(details);
    }
  });

  it('200: display_name joins names of 255 characters each: up to 511, as the OpenAPI document says', async () => {
    const c = await createContact(t, { first_name: 'Short' });
    const res = await patchContact(t, c.id, { first_name: 'a'.repeat(255), last_name: 'b'.repeat(255) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data.attributes.display_name.value).toBe(`${'a'.repeat(255)} ${'b'.repeat(255)}`);
  });

  it('200: text limits count characters (code points), so 255 emoji or astral letters fit where 255 are allowed', async () => {
    const c = await createContact(t, { first_name: 'Limits' });
    const wide = '😀'.repeat(255);
    const res = await patchContact(t, c.id, { title: wide, last_name: '𝒜'.repeat(255), address: { city: '🏙'.repeat(255) } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data.attributes.title.value).toBe(wide);
    expect(res.json().data.attributes.address.value.city).toBe('🏙'.repeat(255));
  });

  it('422 for each invalid attribute, changing nothing', async () => {
    const owned = uniqueEmail('owned');
    const c = await createContact(t, { primary_email: owned });
    const cases: Array<[Record<string, unknown>, { code: string; field: string }]> = [
      [{ display_name: 'New Name' }, { code: 'field_not_updatable', field: 'display_name' }],
      [{ nickname: 'Bob' }, { code: 'unknown_field', field: 'nickname' }],
      [{ created_at: '2024-01-01T00:00:00Z' }, { code: 'field_not_updatable', field: 'created_at' }],
      [{ updated_by_user_id: t.org.userId }, { code: 'field_not_updatable', field: 'updated_by_user_id' }],
      [{ archived_at: null }, { code: 'field_not_updatable', field: 'archived_at' }],
      [{ created_source: 'UI' }, { code: 'field_not_updatable', field: 'created_source' }],
      [{ sms_consent: 'true' }, { code: 'field_value_invalid', field: 'sms_consent' }],
      [{ title: 42 }, { code: 'field_value_invalid', field: 'title' }],
      [{ title: 'x'.repeat(256) }, { code: 'field_value_invalid', field: 'title' }],
      [{ title: '😀'.repeat(256) }, { code: 'field_value_invalid', field: 'title' }],
      [{ address: { city: 'é'.repeat(256) } }, { code: 'field_value_invalid', field: 'address' }],
      [{ linkedin_url: 'x'.repeat(2049) }, { code: 'field_value_invalid', field: 'linkedin_url' }],
      [{ address: 'Main St' }, { code: 'field_value_invalid', field: 'address' }],
      [{ address: { town: 'X' } }, { code: 'field_value_invalid', field: 'address' }],
      [{ participant_user_id_list: t.org.userId }, { code: 'field_value_invalid', field: 'participant_user_id_list' }],
      [{ title: { value: 'CTO', value_type: 'email' } }, { code: 'field_value_invalid', field: 'title' }],
      [{ title: { value: 'CTO', value_type: 'string', extra: 1 } }, { code: 'field_value_invalid', field: 'title' }],
      [{ primary_email: 'not-an-email' }, { code: 'field_value_invalid', field: 'primary_email' }],
      [{ primary_email: 'a@b' }, { code: 'field_value_invalid', field: 'primary_email' }],
      [{ contact_emails: ['ok@example.com', 'bad@'] }, { code: 'field_value_invalid', field: 'contact_emails' }],
      [{ contact_emails: [{ email: 'x@example.com', labels: ['HOME'] }] }, { code: 'field_value_invalid', field: 'contact_emails' }],
      [{ primary_phone_number: '12' }, { code: 'field_value_invalid', field: 'primary_phone_number' }],
      [{ primary_phone_number: 'call me' }, { code: 'field_value_invalid', field: 'primary_phone_number' }],
      [{ contact_phone_numbers: [{ phone_number: '+1 555' }] }, { code: 'field_value_invalid', field: 'contact_phone_numbers' }],
      [{ stage: 'frozen' }, { code: 'field_value_invalid', field: 'stage' }],
      [{ stage: null }, { code: 'field_value_invalid', field: 'stage' }],
      [{ owner_user_id: '0190b1c2-0000-7000-8000-000000000000' }, { code: 'target_record_not_found', field: 'owner_user_id' }],
      [{ owner_user_id: { related_record_match: { email: 'nobody@example.com' } } }, { code: 'target_record_not_found', field: 'owner_user_id' }],
      [{ owner_team_id: { related_record_match: { name: 'No Such Team' } } }, { code: 'target_record_not_found', field: 'owner_team_id' }],
      [{ owner_team_id: { related_record_match: { email: 'x@example.com' } } }, { code: 'field_value_invalid', field: 'owner_team_id' }],
      [{ owner_user_id: 'not-a-uuid' }, { code: 'field_value_invalid', field: 'owner_user_id' }],
      [{ contact_emails: [{ email: 'p1@example.com', is_primary: true }, { email: 'p2@example.com', is_primary: true }] }, { code: 'field_value_invalid', field: 'contact_emails' }],
      [{ contact_phone_numbers: [{ phone_number: '+14155552671', is_primary: true }, { phone_number: '+14155552672', is_primary: true }] }, { code: 'field_value_invalid', field: 'contact_phone_numbers' }],
      [{ contact_emails: ['same@example.com', 'SAME@example.com'] }, { code: 'field_value_invalid', field: 'contact_emails' }],
      [{ primary_email: 'one@example.com', contact_emails: [{ email: 'two@example.com', is_primary: true }] }, { code: 'field_value_invalid', field: 'primary_email' }],
      [{ primary_phone_number: '+14155552671', contact_phone_numbers: [{ phone_number: '+14155552672', is_primary: true }] }, { code: 'field_value_invalid', field: 'primary_phone_number' }],
    ];
    for (const [attributes, detail] of cases) {
      const res = await expectUnchanged(t, c.id, () => patchContact(t, c.id, attributes));
      expectError(res, 422, 'validation_failed');
      expect(detailsOf(res), JSON.stringify(attributes)).toEqual([detail]);
      expect(res.json().error.details[0].path).toMatch(new RegExp(`^/attributes/${detail.field}`));
    }
  });

  it('422 for a stage read form edited in one member only (api_name changed, id kept) or with an unknown member, changing nothing', async () => {
    const c = await createContact(t, { first_name: 'Staged', stage: 'working' });
    const working = c.attributes.stage.value as { id: string; api_name: string; display_value: string; color: string };
    for (const stage of [
      { ...working, api_name: 'customer' },
      { value: { ...working, display_value: 'Customer' }, value_type: 'contact_stage' },
      { id: working.id, api_name: 'churned' },
      { api_name: 'customer', name: 'Customer' },
    ]) {
      const res = await expectUnchanged(t, c.id, () => patchContact(t, c.id, { stage }));
      expectError(res, 422, 'validation_failed');
      expect(detailsOf(res)).toEqual([{ code: 'field_value_invalid', field: 'stage' }]);
    }
    // Members that agree (the read form as GET renders it, in any case) name the stage.
    const customer = await patchContact(t, c.id, { stage: { api_name: 'customer', display_value: 'CUSTOMER' } });
    expect(customer.statusCode, customer.body).toBe(200);
    expect(customer.json().data.attributes.stage.value).toMatchObject({ api_name: 'customer', display_value: 'Customer' });
  });

  it('422 reporting every problem of one request together, changing nothing', async () => {
    const c = await createContact(t);
    const res = await expectUnchanged(t, c.id, () => patchContact(t, c.id, {
      title: 'Valid', display_name: 'X', favourite_colour: 'red', primary_email: 'nope', primary_phone_number: 'nope',
      stage: 'frozen', owner_user_id: '0190b1c2-0000-7000-8000-000000000000', sms_consent: 1,
    }));
    const error = expectError(res, 422, 'validation_failed');
    expect(error.message).toMatch(/7 problems/);
    expect(detailsOf(res)).toEqual([
      { code: 'field_not_updatable', field: 'display_name' },
      { code: 'unknown_field', field: 'favourite_colour' },
      { code: 'field_value_invalid', field: 'primary_email' },
      { code: 'field_value_invalid', field: 'primary_phone_number' },
      { code: 'field_value_invalid', field: 'sms_consent' },
      { code: 'field_value_invalid', field: 'stage' },
      { code: 'target_record_not_found', field: 'owner_user_id' },
    ]);
  });

  it('422 when a new primary_email or primary_phone_number would make a full list 101 items long, changing nothing', async () => {
    const tag = uniqueEmail('full').split('@')[0]!;
    const c = await createContact(t, {
      contact_emails: Array.from({ length: 100 }, (_, i) => `${tag}-${i}@example.com`),
      contact_phone_numbers: Array.from({ length: 100 }, (_, i) => `+1415556${String(i).padStart(4, '0')}`),
    });
    const res = await expectUnchanged(t, c.id, () => patchContact(t, c.id, { primary_email: `${tag}-new@example.com`, primary_phone_number: '+14155569999' }));
    expect(expectError(res, 422, 'validation_failed').details).toEqual([
      expect.objectContaining({ code: 'field_value_invalid', field: 'primary_email', path: '/attributes/primary_email' }),
      expect.objectContaining({ code: 'field_value_invalid', field: 'primary_phone_number', path: '/attributes/primary_phone_number' }),
    ]);
    // Making a listed address primary does not grow the list.
    expect((await patchContact(t, c.id, { primary_email: `${tag}-7@example.com` })).statusCode).toBe(200);
  });

  it('409 duplicate_value with the holder\'s id when a PATCH claims another live contact\'s email, changing nothing', async () => {
    const email = uniqueEmail('taken');
    const holder = await createContact(t, { primary_email: email });
    const c = await createContact(t, { primary_email: uniqueEmail() });
    for (const [attributes, field] of [[{ primary_email: email }, 'primary_email'], [{ contact_emails: [email] }, 'contact_emails']] as const) {
      const res = await expectUnchanged(t, c.id, () => patchContact(t, c.id, attributes));
      const error = expectError(res, 409, 'duplicate_value');
      expect(error.details).toEqual([expect.objectContaining({ code: 'duplicate_value', field, path: `/attributes/${field}`, value: email, existing_contact_id: holder.id })]);
    }
  });

  it('412 precondition_failed on a stale If-Match, changing nothing; 200 on the current one', async () => {
    const c = await createContact(t);
    const first = await patchContact(t, c.id, { title: 'One' }, { 'if-match': 'W/"1"' });
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe('W/"2"');
    for (const stale of ['W/"1"', '"1"', 'W/"99"', 'garbage']) {
      const res = await expectUnchanged(t, c.id, () => patchContact(t, c.id, { title: 'Two' }, { 'if-match': stale }));
      const error = expectError(res, 412, 'precondition_failed');
      expect(error.details[0]).toMatchObject({ current_etag: 'W/"2"' });
    }
    const strong = await patchContact(t, c.id, { title: 'Three' }, { 'if-match': '"2"' });
    expect(strong.statusCode).toBe(200);
    const any = await patchContact(t, c.id, { title: 'Four' }, { 'if-match': '*' });
    expect(any.statusCode).toBe(200);
    expect(any.headers.etag).toBe('W/"4"');
  });

  it('404 record_not_found for another organization\'s contact and for an id that is not a UUID', async () => {
    const theirs = await createContact(t, {}, other.key);
    const mine = await createContact(t);
    const foreign = await expectUnchanged(t, mine.id, () => patchContact(t, mine.id, { title: 'x' }, {}, other.key));
    expectError(foreign, 404, 'record_not_found');
    expectError(await t.request({ method: 'GET', url: `/api/v2/contact/${theirs.id}` }), 404, 'record_not_found');
    expectError(await patchContact(t, theirs.id, { title: 'x' }), 404, 'record_not_found');
    expectError(await t.request({ method: 'DELETE', url: `/api/v2/contact/${theirs.id}` }), 404, 'record_not_found');
    expectError(await t.request({ method: 'POST', url: `/api/v2/contact/${theirs.id}/attribute/contact_emails`, body: { email: uniqueEmail() } }), 404, 'record_not_found');
    expectError(await t.request({ method: 'GET', url: '/api/v2/contact/not-a-uuid' }), 404, 'record_not_found');
    expectError(await patchContact(t, 'not-a-uuid', { title: 'x' }), 404, 'record_not_found');
    expectError(await t.request({ method: 'DELETE', url: '/api/v2/contact/12345' }), 404, 'record_not_found');
    expectError(await t.request({ method: 'GET', url: '/api/v2/contact/0190b1c2-0000-7000-8000-000000000000' }), 404, 'record_not_found');
    // The owner still sees it unchanged.
    const seen = await getContact(t, theirs.id, other.key);
    expect(seen.data).toEqual(theirs);
  });

  it('403 permission_denied when a read-only key writes, changing nothing; it can still read', async () => {
    const c = await createContact(t);
    const { key } = await t.newKey(t.org, ['contacts:read']);
    expectError(await expectUnchanged(t, c.id, () => patchContact(t, c.id, { title: 'x' }, {}, key)), 403, 'permission_denied');
    expectError(await expectUnchanged(t, c.id, () => t.request({ method: 'DELETE', url: `/api/v2/contact/${c.id}`, key })), 403, 'permission_denied');
    expectError(await expectUnchanged(t, c.id, () => t.request({ method: 'POST', url: `/api/v2/contact/${c.id}/attribute/contact_emails`, body: { email: uniqueEmail() }, key })), 403, 'permission_denied');
    expect((await getContact(t, c.id, key)).data).toEqual(c);
  });
});
