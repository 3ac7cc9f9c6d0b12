import { afterAll, beforeAll, expect, it } from 'vitest';
import { CONTACT_CATALOG } from '../../src/domain/catalog/contact-catalog.ts';
import { describeEachDialect } from '../helpers/databases.ts';
import { createContact, detailsOf, expectError, getContact, uniqueEmail } from '../helpers/contacts.ts';
import { createTestApp, type TestApp, type TestOrg } from '../helpers/test-app.ts';

describeEachDialect('POST /api/v2/contact', (dialect) => {
  let t: TestApp;
  let other: TestOrg;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    other = await t.newOrg('Other Org');
  });
  afterAll(async () => t.close());

  const post = (attributes: unknown, key?: string) => t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes }, key });

  it('201 with every catalog attribute in catalog order, server defaults set and ETag W/"1"', async () => {
    const email = uniqueEmail('sarah');
    const res = await post({ first_name: 'Sarah', last_name: 'Lee', primary_email: email });
    expect(res.statusCode).toBe(201);
    expect(res.headers.etag).toBe('W/"1"');
    const body = res.json();
    expect(Object.keys(body)).toEqual(['data']);
    const record = body.data;
    expect(Object.keys(record)).toEqual(['id', 'created_at', 'updated_at', 'attributes', 'record_type']);
    expect(record.record_type).toBe('contact');
    expect(Object.keys(record.attributes)).toEqual(CONTACT_CATALOG.map((a) => a.apiName));
    for (const def of CONTACT_CATALOG) {
      const v = record.attributes[def.apiName];
      if (def.isList) expect(Array.isArray(v), def.apiName).toBe(true);
      else expect(v.value_type, def.apiName).toBe(def.valueType);
    }
    const a = record.attributes;
    expect(a.id.value).toBe(record.id);
    expect(a.organization_id.value).toBe(t.org.organizationId);
    expect(a.created_at.value).toBe(record.created_at);
    expect(a.updated_at.value).toBe(record.updated_at);
    expect(record.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/);
    expect(a.display_name.value).toBe('Sarah Lee');
    expect(a.stage.value).toMatchObject({ api_name: 'new', display_value: 'New' });
    expect(a.created_by_user_id.value).toEqual({ related_record_id: t.org.userId, related_record_type: 'user' });
    expect(a.updated_by_user_id.value).toEqual({ related_record_id: t.org.userId, related_record_type: 'user' });
    expect(a.archived_by_user_id).toEqual({ value: null, value_type: 'record_reference' });
    expect(a.created_source).toEqual({ value: 'API', value_type: 'enum' });
    expect(a.primary_email.value).toBe(email);
    expect(a.contact_emails).toEqual([{ value: { id: expect.any(String), email, is_primary: true, labels: [] }, value_type: 'contact_email' }]);
    expect(a.contact_phone_numbers).toEqual([]);
    expect(a.participant_user_id_list).toEqual([]);
    expect(a.title).toEqual({ value: null, value_type: 'string' });
    expect(a.archived_at).toEqual({ value: null, value_type: 'timestamp' });
    const fetched = await getContact(t, record.id);
    expect(fetched.data).toEqual(record);
    expect(fetched.etag).toBe('W/"1"');
  });

  it('201 with emails trimmed and lower-cased and phones stored in E.164', async () => {
    const local = `Mixed.${Date.now()}`;
    const record = await createContact(t, {
      primary_email: `  ${local}@Example.COM `,
      primary_phone_number: '(415) 555-2671',
    });
    expect(record.attributes.primary_email.value).toBe(`${local.toLowerCase()}@example.com`);
    expect(record.attributes.primary_phone_number.value).toBe('+14155552671');
    const intl = await createContact(t, { contact_phone_numbers: ['+44 20 7946 0958', { phone_number: '415.555.2672', labels: ['mobile'] }] });
    expect(intl.attributes.contact_phone_numbers.map((p) => p.value)).toEqual([
      { id: expect.any(String), phone_number: '+442079460958', is_primary: true, labels: [] },
      { id: expect.any(String), phone_number: '+14155552672', is_primary: false, labels: ['MOBILE'] },
    ]);
    expect(intl.attributes.primary_phone_number.value).toBe('+442079460958');
  });

  it('422 for a phone number with an extension, anywhere a number is written, instead of storing it without the extension', async () => {
    for (const [attributes, field] of [
      [{ primary_phone_number: '+1 415 555 2671 ext. 5' }, 'primary_phone_number'],
      [{ contact_phone_numbers: ['+1 415 555 2671 x12'] }, 'contact_phone_numbers'],
      [{ contact_phone_numbers: [{ phone_number: '+14155552671;ext=7' }] }, 'contact_phone_numbers'],
    ] as const) {
      const res = await post({ first_name: 'Extension', ...attributes });
      const error = expectError(res, 422, 'validation_failed');
      expect(detailsOf(res), JSON.stringify(attributes)).toEqual([{ code: 'field_value_invalid', field }]);
      expect(error.details[0]!.message).toMatch(/extension/);
    }
    const created = await createContact(t, { first_name: 'NoExtension', primary_phone_number: '+1 415 555 2671' });
    const { id } = created;
    const patched = await t.request({ method: 'PATCH', url: `/api/v2/contact/${id}`, body: { attributes: { primary_phone_number: '(415) 555-2671 ext 9' } } });
    expectError(patched, 422, 'validation_failed');
    const item = await t.request({ method: 'POST', url: `/api/v2/contact/${id}/attribute/contact_phone_numbers`, body: { phone_number: '+1 415 555 2673 ext. 1' } });
    expectError(item, 422, 'validation_failed');
    expect((await getContact(t, id)).data.attributes.contact_phone_numbers.map((p) => p.value.phone_number)).toEqual(['+14155552671']);
  });

  it('201 with the phone default region taken from the configuration', async () => {
    const gb = await createTestApp(dialect, { defaultPhoneRegion: 'GB' });
    try {
      const record = await createContact(gb, { primary_phone_number: '020 7946 0958' });
      expect(record.attributes.primary_phone_number.value).toBe('+442079460958');
    } finally {
      await gb.close();
    }
  });

  it('201 with a stage written by api_name, id or display value (case-insensitive)', async () => {
    const byName = await createContact(t, { stage: 'working' });
    const stage = byName.attributes.stage.value as { id: string; api_name: string; display_value: string; color: string };
    expect(stage).toEqual({ id: expect.any(String), api_name: 'working', display_value: 'Working', color: expect.any(String) });
    const byId = await createContact(t, { stage: stage.id });
    expect(byId.attributes.stage.value).toEqual(stage);
    const byDisplay = await createContact(t, { stage: 'WORKING' });
    expect(byDisplay.attributes.stage.value).toEqual(stage);
    const byEnvelope = await createContact(t, { stage: { value: stage, value_type: 'contact_stage' } });
    expect(byEnvelope.attributes.stage.value).toEqual(stage);
  });

  it('201 with record references as UUID, related_record_id, related_record_match and envelope', async () => {
    const user = await t.tenancy.createUser(t.org.organizationId, uniqueEmail('rep'), 'Rep');
    const team = await t.tenancy.createTeam(t.org.organizationId, `Sales ${Date.now()}`);
    const userRef = { related_record_id: user.id, related_record_type: 'user' };
    const teamRef = { related_record_id: team.id, related_record_type: 'team' };

    const bare = await createContact(t, { owner_user_id: user.id, owner_team_id: team.id, participant_user_id_list: [user.id, t.org.userId] });
    expect(bare.attributes.owner_user_id.value).toEqual(userRef);
    expect(bare.attributes.owner_team_id.value).toEqual(teamRef);
    expect(bare.attributes.participant_user_id_list).toEqual([
      { value: userRef, value_type: 'record_reference' },
      { value: { related_record_id: t.org.userId, related_record_type: 'user' }, value_type: 'record_reference' },
    ]);

    const byId = await createContact(t, { owner_user_id: { related_record_id: user.id }, owner_team_id: { related_record_id: team.id } });
    expect(byId.attributes.owner_user_id.value).toEqual(userRef);
    expect(byId.attributes.owner_team_id.value).toEqual(teamRef);

    const byMatch = await createContact(t, {
      owner_user_id: { related_record_match: { email: user.email.toUpperCase() } },
      owner_team_id: { related_record_match: { name: team.name } },
      participant_user_id_list: [{ related_record_match: { email: user.email } }],
    });
    expect(byMatch.attributes.owner_user_id.value).toEqual(userRef);
    expect(byMatch.attributes.owner_team_id.value).toEqual(teamRef);
    expect(byMatch.attributes.participant_user_id_list.map((p) => p.value)).toEqual([userRef]);

    const byEnvelope = await createContact(t, {
      owner_user_id: { value: userRef, value_type: 'record_reference' },
      owner_team_id: { value: teamRef, value_type: 'record_reference' },
      participant_user_id_list: [{ value: userRef, value_type: 'record_reference' }],
    });
    expect(byEnvelope.attributes.owner_user_id.value).toEqual(userRef);
    expect(byEnvelope.attributes.owner_team_id.value).toEqual(teamRef);
    expect(byEnvelope.attributes.participant_user_id_list.map((p) => p.value)).toEqual([userRef]);
  });

  it('422 target_record_not_found for references to users and teams of another organization', async () => {
    const foreignUser = await t.tenancy.createUser(other.organizationId, uniqueEmail('foreign'), 'Foreign');
    const foreignTeam = await t.tenancy.createTeam(other.organizationId, 'Foreign Team');
    const res = await post({
      first_name: 'X',
      owner_user_id: foreignUser.id,
      owner_team_id: { related_record_id: foreignTeam.id },
      participant_user_id_list: [t.org.userId, { related_record_match: { email: foreignUser.email } }],
    });
    expectError(res, 422, 'validation_failed');
    expect(detailsOf(res)).toEqual([
      { code: 'target_record_not_found', field: 'owner_user_id' },
      { code: 'target_record_not_found', field: 'owner_team_id' },
      { code: 'target_record_not_found', field: 'participant_user_id_list' },
    ]);
    expect(res.json().error.details[2].path).toBe('/attributes/participant_user_id_list/1');
  });

  it('201 matching a team by name case-insensitively; 422 ambiguous_match when several teams match', async () => {
    const team = await t.tenancy.createTeam(t.org.organizationId, 'Field Sales');
    const c = await createContact(t, { owner_team_id: { related_record_match: { name: ' field SALES ' } } });
    expect(c.attributes.owner_team_id.value).toEqual({ related_record_id: team.id, related_record_type: 'team' });
    const twins = [await t.tenancy.createTeam(t.org.organizationId, 'Twin Team'), await t.tenancy.createTeam(t.org.organizationId, 'twin team')];
    const res = await post({ first_name: 'X', owner_team_id: { related_record_match: { name: 'TWIN TEAM' } } });
    const error = expectError(res, 422, 'validation_failed');
    expect(detailsOf(res)).toEqual([{ code: 'ambiguous_match', field: 'owner_team_id' }]);
    expect([...(error.details[0]!.candidate_ids as string[])].sort()).toEqual(twins.map((tm) => tm.id).sort());
  });

  it('201 matching a team whose name has non-ASCII capitals, by its exact name or in another case', async () => {
    const team = await t.tenancy.createTeam(t.org.organizationId, 'Équipe Ÿvonne');
    for (const name of ['Équipe Ÿvonne', 'équipe ÿvonne', 'ÉQUIPE ŸVONNE']) {
      const c = await createContact(t, { first_name: 'X', owner_team_id: { related_record_match: { name } } });
      expect(c.attributes.owner_team_id.value, name).toEqual({ related_record_id: team.id, related_record_type: 'team' });
    }
  });

  it('422 field_value_invalid (the same on both databases, never a 500) for a NUL character in a related_record_match email or team name, creating nothing', async () => {
    const bodies = [
      { owner_user_id: { related_record_match: { email: 'a\u0000b@example.com' } } },
      { participant_user_id_list: [t.org.userId, { related_record_match: { email: `${t.org.userEmail}\u0000` } }] },
      { owner_team_id: { related_record_match: { name: 'Sales\u0000' } } },
    ];
    for (const attributes of bodies) {
      const email = uniqueEmail('nul-ref');
      const res = await post({ primary_email: email, ...attributes });
      expectError(res, 422, 'validation_failed');
      expect(detailsOf(res), JSON.stringify(attributes)).toEqual([{ code: 'field_value_invalid', field: Object.keys(attributes)[0] }]);
      expect(res.json().error.details[0].message).toContain('NUL');
      const found = await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: { filters: [{ field: 'primary_email', operator: 'eq', value: email }] } });
      expect(found.json().data).toEqual([]);
    }
  });

  it('422 when a reference envelope names the wrong record type', async () => {
    const res = await post({ first_name: 'X', owner_user_id: { related_record_id: t.org.userId, related_record_type: 'team' } });
    expectError(res, 422, 'validation_failed');
    expect(detailsOf(res)).toEqual([{ code: 'field_value_invalid', field: 'owner_user_id' }]);
  });

  it('422 for a reference object with an unknown member, or with both related_record_id and related_record_match, creating nothing', async () => {
    const someone = await t.tenancy.createUser(t.org.organizationId, uniqueEmail('other-owner'), 'Other Owner');
    const bodies = [
      { owner_user_id: { related_record_id: t.org.userId, related_record_match: { email: someone.email } } },
      { owner_user_id: { related_record_id: t.org.userId, related_record_name: 'Other Owner' } },
      { participant_user_id_list: [{ related_record_match: { email: someone.email }, id: t.org.userId }] },
    ];
    for (const attributes of bodies) {
      const email = uniqueEmail('ref');
      const res = await post({ primary_email: email, ...attributes });
      expectError(res, 422, 'validation_failed');
      expect(detailsOf(res)).toEqual([{ code: 'field_value_invalid', field: Object.keys(attributes)[0] }]);
      const found = await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: { filters: [{ field: 'primary_email', operator: 'eq', value: email }] } });
      expect(found.json().data).toEqual([]);
    }
  });

  it('422 field_required_missing when the contact has neither a name nor an email', async () => {
    for (const attributes of [{ title: 'CTO' }, { first_name: '  ', contact_emails: [] }]) {
      const res = await post(attributes);
      expectError(res, 422, 'validation_failed');
      expect(detailsOf(res)).toEqual([{ code: 'field_required_missing', field: 'first_name' }]);
    }
    const alongside = await post({ title: 'CTO', sms_consent: 'yes' });
    expect(detailsOf(alongside)).toEqual([{ code: 'field_value_invalid', field: 'sms_consent' }, { code: 'field_required_missing', field: 'first_name' }]);
    const invalidName = await post({ first_name: 42 });
    expect(detailsOf(invalidName)).toEqual([{ code: 'field_value_invalid', field: 'first_name' }]);
    const emailOnly = await post({ contact_emails: [uniqueEmail()] });
    expect(emailOnly.statusCode).toBe(201);
    expect(emailOnly.json().data.attributes.display_name.value).toBe(emailOnly.json().data.attributes.primary_email.value);
  });

  it('422 listing every problem together, with field_not_creatable for display_name and server-set attributes', async () => {
    const res = await post({ first_name: 'Ann', display_name: 'Ann X', id: '0190b1c2-0000-7000-8000-000000000000', created_source: 'UI', nickname: 'A', sms_consent: 'yes', stage: 'nonexistent' });
    const error = expectError(res, 422, 'validation_failed');
    expect(detailsOf(res)).toEqual([
      { code: 'field_not_creatable', field: 'display_name' },
      { code: 'field_not_creatable', field: 'id' },
      { code: 'field_not_creatable', field: 'created_source' },
      { code: 'unknown_field', field: 'nickname' },
      { code: 'field_value_invalid', field: 'sms_consent' },
      { code: 'field_value_invalid', field: 'stage' },
    ]);
    expect(error.details[0]!.path).toBe('/attributes/display_name');
  });

  it('422 for a missing, non-object or empty attributes block and for a relationships body', async () => {
    const cases: Array<[unknown, string, string]> = [
      [{}, 'field_required_missing', 'attributes'],
      [{ attributes: 'x' }, 'field_value_invalid', 'attributes'],
      [{ attributes: [] }, 'field_value_invalid', 'attributes'],
      [{ attributes: {} }, 'field_required_missing', 'attributes'],
      [[{ attributes: { first_name: 'A' } }], 'field_required_missing', 'attributes'],
      [{ attributes: { first_name: 'A' }, relationships: {} }, 'unknown_field', 'relationships'],
    ];
    for (const [body, code, field] of cases) {
      const res = await t.request({ method: 'POST', url: '/api/v2/contact', body: body as object });
      expectError(res, 422, 'validation_failed');
      expect(detailsOf(res), JSON.stringify(body)).toEqual([{ code, field }]);
    }
  });

  it('409 duplicate_value carrying the existing contact id when an email belongs to another live contact', async () => {
    const email = uniqueEmail('dup');
    const first = await createContact(t, { primary_email: email });
    // Each detail points at the member that wrote the email, as a 422's do.
    for (const [attributes, field] of [[{ primary_email: email.toUpperCase() }, 'primary_email'], [{ contact_emails: [uniqueEmail(), email] }, 'contact_emails'], [{ contact_emails: [email] }, 'contact_emails']] as const) {
      const res = await post({ first_name: 'Second', ...attributes });
      const error = expectError(res, 409, 'duplicate_value');
      expect(error.details).toEqual([expect.objectContaining({ code: 'duplicate_value', field, path: `/attributes/${field}`, value: email, existing_contact_id: first.id })]);
    }
  });

  it('emails compare in Unicode NFC: an address typed with a combining accent is the same address as the precomposed one', async () => {
    const local = `jose${Math.random().toString(36).slice(2, 8)}`;
    const decomposed = `${local}e\u0301@example.com`; // e + COMBINING ACUTE ACCENT, as macOS and some CSV exports write it
    const composed = `${local}\u00e9@example.com`;
    const res = await post({ first_name: 'José', primary_email: ` ${decomposed.toUpperCase()} ` });
    expect(res.statusCode).toBe(201);
    const id = res.json().data.id;
    expect(res.json().data.attributes.primary_email.value).toBe(composed);
    expectError(await post({ first_name: 'Twin', primary_email: composed }), 409, 'duplicate_value');
    const found = await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: { filters: [{ field: 'primary_email', operator: 'eq', value: decomposed }] } });
    expect(found.json().data.map((c: { id: string }) => c.id)).toEqual([id]);
    const items = await t.request({ method: 'POST', url: `/api/v2/contact/${id}/attribute/contact_emails`, body: { email: decomposed } });
    expectError(items, 409, 'duplicate_value');
  });

  it('201 for the same email in another organization', async () => {
    const email = uniqueEmail('shared');
    await createContact(t, { primary_email: email });
    const res = await post({ first_name: 'Elsewhere', primary_email: email }, other.key);
    expect(res.statusCode).toBe(201);
    expect(res.json().data.attributes.organization_id.value).toBe(other.organizationId);
  });

  it('403 permission_denied when a read-only key creates', async () => {
    const { key } = await t.newKey(t.org, ['contacts:read']);
    const error = expectError(await post({ first_name: 'Nope' }, key), 403, 'permission_denied');
    expect(error.details[0]).toMatchObject({ missing_permission: 'contacts:write' });
  });
});
