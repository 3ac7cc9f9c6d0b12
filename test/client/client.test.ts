import { ContactdError, createContactdClient, customValue, customValues, type ContactdClient } from '../../packages/client/src/index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/databases.ts';
import { responseValidatorFor, validatingFetch } from '../helpers/openapi-validator.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

// The @contactd/client sources against a listening server; every response it receives is checked
// against the OpenAPI document too. The packed package is exercised from plain Node and TypeScript by
// .ci/pack-check.sh.
describeEachDialect('@contactd/client against a live server', (dialect) => {
  let t: TestApp;
  let client: ContactdClient;
  let origin: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
    client = createContactdClient({ baseUrl: origin, apiKey: t.org.key, fetch: validatingFetch(responseValidatorFor(t.app.swagger())) });
  });
  afterAll(async () => t.close());

  it('create → PATCH with If-Match → archive → GET, typed end to end', async () => {
    const created = await client.createContact({ first_name: 'Alan', primary_email: 'alan@example.com' });
    const patched = await client.patchContact(created.contact.id, { last_name: 'Turing' }, { ifMatch: created.etag ?? '' });
    expect(patched.contact.attributes.display_name.value).toBe('Alan Turing');
    await client.archiveContact(created.contact.id, { ifMatch: patched.etag ?? '' });
    const archived = await client.getContact(created.contact.id);
    expect(archived.contact.attributes.archived_at.value).not.toBeNull();
    expect(archived.etag).toBe('W/"3"');
  });

  it('create → PATCH with If-Match → query → archive, typed end to end', async () => {
    const created = await client.createContact({ first_name: 'Ada', last_name: 'Lovelace', primary_email: 'ada@example.com' });
    expect(created.etag).toBe('W/"1"');
    expect(created.contact.attributes.display_name.value).toBe('Ada Lovelace');

    const patched = await client.patchContact(created.contact.id, { title: { value: 'Analyst', value_type: 'string' } }, { ifMatch: created.etag ?? '' });
    expect(patched.contact.attributes.title.value).toBe('Analyst');
    expect(patched.etag).toBe('W/"2"');

    const page = await client.queryContacts({ filters: [{ field: 'primary_email', operator: 'eq', value: 'ada@example.com' }] });
    expect(page.data.map((c) => c.id)).toEqual([created.contact.id]);
    expect(page.next_cursor).toBeNull();

    await client.archiveContact(created.contact.id, { ifMatch: patched.etag ?? '' });
    const archived = await client.getContact(created.contact.id);
    expect(archived.contact.attributes.archived_at.value).not.toBeNull();
    const afterArchive = await client.queryContacts({ filters: [{ field: 'primary_email', operator: 'eq', value: 'ada@example.com' }] });
    expect(afterArchive.data).toEqual([]);
  });

  it('email and phone items: add, patch and delete through the client, each answering the ETag the next If-Match needs; a stale one is 412', async () => {
    const created = await client.createContact({ first_name: 'Grace', primary_email: 'grace@example.com' });
    const added = await client.addContactEmail(created.contact.id, { email: ' Grace.Hopper@Example.COM ', is_primary: true, labels: ['WORK'] }, { ifMatch: created.etag ?? '' });
    expect(added.item).toMatchObject({ email: 'grace.hopper@example.com', is_primary: true, labels: ['WORK'] });
    expect(added.etag).toBe('W/"2"');
    const phone = await client.addContactPhoneNumber(created.contact.id, { phone_number: '+1 415 555 0132', is_primary: true, labels: ['MOBILE'] }, { ifMatch: added.etag ?? '' });
    expect(phone.item).toMatchObject({ phone_number: '+14155550132', is_primary: true, labels: ['MOBILE'] });
    expect(phone.etag).toBe('W/"3"');
    const relabelled = await client.patchContactPhoneNumber(created.contact.id, phone.item.id, { labels: ['WORK'] }, { ifMatch: phone.etag ?? '' });
    expect(relabelled.item).toMatchObject({ id: phone.item.id, labels: ['WORK'] });
    const demoted = await client.patchContactEmail(created.contact.id, added.item.id, { is_primary: false }, { ifMatch: relabelled.etag ?? '' });
    expect(demoted.item.is_primary).toBe(false);
    const stale = await client.deleteContactEmail(created.contact.id, added.item.id, { ifMatch: created.etag ?? '' }).catch((error: unknown) => error);
    expect(stale).toBeInstanceOf(ContactdError);
    expect((stale as ContactdError).status).toBe(412);
    const removed = await client.deleteContactEmail(created.contact.id, added.item.id, { ifMatch: demoted.etag ?? '' });
    const removedPhone = await client.deleteContactPhoneNumber(created.contact.id, phone.item.id, { ifMatch: removed.etag ?? '' });
    const after = await client.getContact(created.contact.id);
    expect(after.etag).toBe(removedPhone.etag);
    expect(after.contact.attributes.contact_emails.map((e) => e.value.email)).toEqual(['grace@example.com']);
    expect(after.contact.attributes.primary_email.value).toBe('grace@example.com');
    expect(after.contact.attributes.contact_phone_numbers).toEqual([]);
    const archived = await client.archiveContact(created.contact.id, { ifMatch: after.etag ?? '' });
    expect(archived.etag).toBe((await client.getContact(created.contact.id)).etag);
    expect(archived.etag).not.toBe(after.etag);
    const onArchived = await client.addContactEmail(created.contact.id, { email: 'late@example.com' }).catch((error: unknown) => error);
    expect((onArchived as ContactdError).code).toBe('record_archived');
  });

  it('getContactIfChanged: null while the ETag it holds is current, the new version once the contact changed', async () => {
    const created = await client.createContact({ first_name: 'Polly', primary_email: 'polly@example.com' });
    expect(await client.getContactIfChanged(created.contact.id, created.etag ?? '')).toBeNull();
    const patched = await client.patchContact(created.contact.id, { title: 'Changed' });
    const fresh = await client.getContactIfChanged(created.contact.id, created.etag ?? '');
    expect(fresh?.etag).toBe(patched.etag);
    expect(fresh?.contact.attributes.title.value).toBe('Changed');
    const missing = await client.getContactIfChanged('00000000-0000-4000-8000-000000000000', '*').catch((error: unknown) => error);
    expect((missing as ContactdError).code).toBe('record_not_found');
  });

  it('idempotencyKey on createContact, patchContact and assertContact: a retry replays the first answer, the same key with another body is 422', async () => {
    const key = `client-${Math.random().toString(36).slice(2)}`;
    const first = await client.createContact({ first_name: 'Once', primary_email: `${key}@example.com` }, { idempotencyKey: key });
    const again = await client.createContact({ first_name: 'Once', primary_email: `${key}@example.com` }, { idempotencyKey: key });
    expect(again.contact.id).toBe(first.contact.id);
    const reused = await client.createContact({ first_name: 'Other' }, { idempotencyKey: key }).catch((error: unknown) => error);
    expect(reused).toBeInstanceOf(ContactdError);
    expect((reused as ContactdError).code).toBe('idempotency_key_reused');
    const patched = await client.patchContact(first.contact.id, { title: 'Once more' }, { idempotencyKey: `${key}-p`, ifMatch: first.etag ?? '' });
    const replayed = await client.patchContact(first.contact.id, { title: 'Once more' }, { idempotencyKey: `${key}-p`, ifMatch: first.etag ?? '' });
    expect(replayed.etag).toBe(patched.etag);
    expect((await client.getContact(first.contact.id)).etag).toBe(patched.etag);
    const asserted = await client.assertContact({ match: { primary_email: `${key}-a@example.com` }, attributes: { first_name: 'Asserted' } }, { idempotencyKey: `${key}-a` });
    const assertedAgain = await client.assertContact({ match: { primary_email: `${key}-a@example.com` }, attributes: { first_name: 'Asserted' } }, { idempotencyKey: `${key}-a` });
    expect(assertedAgain.meta).toEqual(asserted.meta);
    expect(assertedAgain.meta.action).toBe('created');
  });

  it('queryPages and queryAll follow next_cursor through every page', async () => {
    for (let i = 0; i < 5; i += 1) await client.createContact({ first_name: `Pager${i}`, last_name: 'Test' });
    const query = { filters: [{ field: 'last_name' as const, operator: 'eq' as const, value: 'Test' }], limit: 2 };
    const sizes: number[] = [];
    for await (const page of client.queryPages(query)) sizes.push(page.data.length);
    expect(sizes).toEqual([2, 2, 1]);
    const names: unknown[] = [];
    for await (const contact of client.queryAll(query)) names.push(contact.attributes.first_name.value);
    expect(names).toEqual(['Pager0', 'Pager1', 'Pager2', 'Pager3', 'Pager4']);
  });

  it('type-ahead: queryContacts with search narrows keystroke by keystroke, case- and accent-insensitively; 422 search is a ContactdError', async () => {
    const emile = await client.createContact({ first_name: 'Émile', last_name: 'Typeahead' });
    await client.createContact({ first_name: 'Emma', last_name: 'Typeahead' });
    const suggest = async (typed: string) => (await client.queryContacts({ search: typed, sort: [{ field: 'first_name', direction: 'asc' }], limit: 10 })).data.map((c) => c.attributes.first_name.value);
    expect(await suggest('typeahead e')).toEqual(['Emma', 'Émile']);
    expect(await suggest('typeahead em')).toEqual(['Emma', 'Émile']);
    expect(await suggest('typeahead EMI')).toEqual(['Émile']);
    expect((await client.queryContacts({ search: 'émile typea' })).data.map((c) => c.id)).toEqual([emile.contact.id]);
    const refused = await client.queryContacts({ search: '   ' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ContactdError);
    expect((refused as ContactdError).details[0]?.field).toBe('search');
  });

  it('assertContact creates, then updates the one match (meta.action), and reports ambiguous_match as a ContactdError', async () => {
    const first = await client.assertContact({ match: { primary_email: 'upsert@example.com' }, attributes: { first_name: 'Up' } });
    expect(first.meta.action).toBe('created');
    const second = await client.assertContact({ match: { contact_emails: 'upsert@example.com' }, attributes: { last_name: 'Sert' } });
    expect([second.meta.action, second.data.id, second.data.attributes.display_name.value]).toEqual(['updated', first.data.id, 'Up Sert']);
    const other = await client.createContact({ first_name: 'Other', primary_email: 'other-upsert@example.com' });
    const error = await client.assertContact({ match: { contact_emails: ['upsert@example.com', 'other-upsert@example.com'] }, attributes: {} }).catch((e: unknown) => e);
    if (!(error instanceof ContactdError)) throw new Error('expected a ContactdError');
    expect([error.status, error.code]).toEqual([409, 'ambiguous_match']);
    expect(error.details[0]?.candidate_ids?.slice().sort()).toEqual([first.data.id, other.contact.id].sort());
  });

  it('standard write shapes beside custom attributes, typed without casts: address objects, email and phone items, references by match', async () => {
    const created = await client.createContact({
      first_name: 'Shapes', address: { city: 'Oakland' }, owner_user_id: { related_record_match: { email: t.org.userEmail } },
      contact_emails: [{ email: 'shapes@example.com', labels: ['WORK'] }, 'shapes.two@example.com'],
      contact_phone_numbers: [{ phone_number: '+14155550100', labels: ['MOBILE'] }],
    });
    expect(created.contact.attributes.address.value?.city).toBe('Oakland');
    expect(created.contact.attributes.owner_user_id.value?.related_record_id).toBe(t.org.userId);
    expect(created.contact.attributes.contact_emails.map((e) => [e.value.email, e.value.is_primary])).toEqual([['shapes@example.com', true], ['shapes.two@example.com', false]]);
    const patched = await client.patchContact(created.contact.id, { address: { value: { street_one: '1 Main St' }, value_type: 'address' }, contact_phone_numbers: [] });
    expect([patched.contact.attributes.address.value?.street_one, patched.contact.attributes.address.value?.city ?? null]).toEqual(['1 Main St', null]);
    expect(patched.contact.attributes.primary_phone_number.value).toBeNull();
    const asserted = await client.assertContact({ match: { contact_emails: 'shapes.two@example.com' }, attributes: { address: { zip_code: '94607' } } });
    expect([asserted.meta.action, asserted.data.attributes.address.value?.zip_code]).toEqual(['updated', '94607']);
    const [batched] = await client.batchContacts({ operations: [{ op: 'create', attributes: { first_name: 'Batch shapes', address: { country: 'US' } } }] });
    expect(batched?.data?.attributes.address.value?.country).toBe('US');
  });

  it('ContactdError carries the API error: status, code, request_id and every detail', async () => {
    const created = await client.createContact({ first_name: 'Grace' });
    const error = await client.patchContact(created.contact.id, { display_name: 'x', first_name: 7 } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContactdError);
    const e = error as ContactdError;
    expect(e.status).toBe(422);
    expect(e.code).toBe('validation_failed');
    expect(e.requestId).toMatch(/^req_/);
    expect(e.details.map((d) => d.code).sort()).toEqual(['field_not_updatable', 'field_value_invalid']);
    const stale = await client.patchContact(created.contact.id, { title: 'x' }, { ifMatch: 'W/"99"' }).catch((x: unknown) => x);
    if (!(stale instanceof ContactdError)) throw new Error('expected a ContactdError');
    expect([stale.status, stale.code]).toEqual([412, 'precondition_failed']);
  });

  it('assertContact create-only (ifNoneMatch: *) and update-only (ifMatch): 412 as a ContactdError when the other half would run', async () => {
    const request = { match: { primary_email: 'grace@example.com' }, attributes: { first_name: 'Grace' } };
    const created = await client.assertContact(request, { ifNoneMatch: '*' });
    expect(created.meta.action).toBe('created');
    const again = await client.assertContact(request, { ifNoneMatch: '*' }).catch((x: unknown) => x);
    if (!(again instanceof ContactdError)) throw new Error('expected a ContactdError');
    expect([again.status, again.code, again.details[0]?.existing_contact_id]).toEqual([412, 'precondition_failed', created.data.id]);
    const updated = await client.assertContact({ ...request, attributes: { title: 'Admiral' } }, { ifMatch: 'W/"1"' });
    expect([updated.meta.action, updated.data.attributes.title.value]).toEqual(['updated', 'Admiral']);
    const nobody = await client.assertContact({ match: { primary_email: 'nobody@example.com' }, attributes: { first_name: 'No' } }, { ifMatch: '*' }).catch((x: unknown) => x);
    expect(nobody instanceof ContactdError ? nobody.status : nobody).toBe(412);
  });

  it('custom attributes: define, write and read them typed, filter on them, archive and restore', async () => {
    const admin = createContactdClient({ baseUrl: origin, apiKey: (await t.newKey(t.org, ['contacts:read', 'contacts:write', 'schema:write'])).key, fetch: validatingFetch(responseValidatorFor(t.app.swagger())) });
    const score = await admin.defineCustomAttribute({ api_name: 'client_score', display_name: 'Score', value_type: 'number' });
    expect([score.is_custom, score.type_info.value_type]).toEqual([true, 'number']);
    await admin.defineCustomAttribute({ api_name: 'client_tier', display_name: 'Tier', value_type: 'select', is_array: true, options: [{ api_name: 'gold', display_value: 'Gold' }] });
    const created = await admin.createContact({ first_name: 'Custom', client_score: 7.5, client_tier: ['gold'] });
    const points: number | null = customValue(created.contact, 'client_score', 'number');
    expect(points).toBe(7.5);
    expect(customValues(created.contact, 'client_tier', 'select').map((o) => o.api_name)).toEqual(['gold']);
    expect(() => customValue(created.contact, 'client_score', 'string')).toThrow(TypeError);
    const page = await admin.queryContacts({ filters: [{ field: 'client_score', operator: 'gte', value: 7 }], sort: [{ field: 'client_score', direction: 'desc' }] });
    expect(page.data.map((c) => c.id)).toEqual([created.contact.id]);
    await admin.archiveCustomAttribute('client_score');
    expect((await admin.getContactSchema()).attributes.map((a) => a.api_name)).not.toContain('client_score');
    expect((await admin.getContactSchema({ includeArchived: true })).attributes.map((a) => a.api_name)).toContain('client_score');
    await admin.restoreCustomAttribute('client_score');
    expect(customValue((await admin.getContact(created.contact.id)).contact, 'client_score', 'number')).toBe(7.5);
    expect((await admin.patchCustomAttribute('client_score', { display_name: 'Points' })).display_name).toBe('Points');
  });

  it('401 unauthenticated as a ContactdError without a key; the raw openapi-fetch client is exposed', async () => {
    const anonymous = createContactdClient({ baseUrl: origin });
    const error = await anonymous.getContact(crypto.randomUUID()).catch((e: unknown) => e);
    if (!(error instanceof ContactdError)) throw new Error('expected a ContactdError');
    expect([error.status, error.code]).toEqual([401, 'unauthenticated']);
    const health = await anonymous.raw.GET('/api/v2/health');
    expect(health.data?.data.status).toBe('healthy');
  });
  it('events() follows the feed with long polls and ends on abort; history() pages newest first; restore and purge', async () => {
    const org = await t.newOrg('Client Events');
    const own = createContactdClient({ baseUrl: origin, apiKey: org.key, fetch: validatingFetch(responseValidatorFor(t.app.swagger())) });
    const created = await own.createContact({ first_name: 'Grace', title: 'Rear Admiral' });
    await own.patchContact(created.contact.id, { title: 'Admiral' });
    const abort = new AbortController();
    const seen: Array<[string, number]> = [];
    const cursors: string[] = [];
    const following = (async () => {
      for await (const event of own.events({ signal: abort.signal, waitSeconds: 5, onCursor: (c) => cursors.push(c) })) {
        seen.push([event.type, event.version]);
        // The third event arrives through a long poll, after the first page was read.
        if (seen.length === 2) await own.archiveContact(created.contact.id);
        if (seen.length === 3) abort.abort();
      }
    })();
    await following;
    expect(seen).toEqual([['contact.created', 1], ['contact.updated', 2], ['contact.archived', 3]]);
    expect(cursors.length).toBeGreaterThan(0);
    const titles: unknown[] = [];
    for await (const event of own.history(created.contact.id, { attribute: 'title', limit: 1 })) titles.push((event.changes.title?.current as { value: unknown }).value);
    expect(titles).toEqual(['Admiral', 'Rear Admiral']);
    const restored = await own.restoreContact(created.contact.id);
    expect(restored.etag).toBe('W/"4"');
    await own.archiveContact(created.contact.id);
    await own.purgeContact(created.contact.id);
    await expect(own.getContact(created.contact.id)).rejects.toMatchObject({ status: 404 });
    await expect(own.purgeContact(created.contact.id)).rejects.toBeInstanceOf(ContactdError);
  });

  it('events() stops at the abort, even in the middle of a page it already read', async () => {
    const org = await t.newOrg('Client Events Abort');
    const own = createContactdClient({ baseUrl: origin, apiKey: org.key, fetch: validatingFetch(responseValidatorFor(t.app.swagger())) });
    for (let i = 0; i < 5; i += 1) await own.createContact({ first_name: `Abort${i}` });
    const abort = new AbortController();
    const seen: string[] = [];
    for await (const event of own.events({ signal: abort.signal, waitSeconds: 0 })) {
      seen.push(event.record_id);
      abort.abort();
    }
    expect(seen).toHaveLength(1);
  });

  it('events({ waitSeconds: 0 }) reads every event there is, a page at a time, and ends once caught up', async () => {
    const org = await t.newOrg('Client Events Drain');
    const own = createContactdClient({ baseUrl: origin, apiKey: org.key, fetch: validatingFetch(responseValidatorFor(t.app.swagger())) });
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await own.createContact({ first_name: `Drain${i}` })).contact.id);
    const cursors: string[] = [];
    const seen: string[] = [];
    for await (const event of own.events({ waitSeconds: 0, limit: 2, onCursor: (c) => cursors.push(c) })) seen.push(event.record_id);
    expect(seen).toEqual(ids);
    // Pages of 2, 2 and 1, then the empty page that ends it; its cursor resumes after the last event.
    expect(cursors).toHaveLength(4);
    await own.createContact({ first_name: 'Later' });
    const later: string[] = [];
    for await (const event of own.events({ waitSeconds: 0, cursor: cursors.at(-1) })) later.push(event.type);
    expect(later).toEqual(['contact.created']);
  });
});

describe('ContactdError', () => {
  it('http_error when the body is not a contactd error', () => {
    const error = new ContactdError(502, '<html>bad gateway</html>');
    expect([error.status, error.code, error.requestId, error.details, error.retryAfter]).toEqual([502, 'http_error', null, [], null]);
  });

  it('429 rate_limited carries the Retry-After the server sent, in seconds (null on errors without one)', async () => {
    // One read per key, refilled every 1000 s: the second read is refused.
    const t = await createTestApp('sqlite', { rateLimitReadPerSecond: 0.001, rateLimitReadBurst: 1 });
    try {
      const client = createContactdClient({ baseUrl: await t.app.listen({ port: 0, host: '127.0.0.1' }), apiKey: t.org.key, fetch: validatingFetch(responseValidatorFor(t.app.swagger())) });
      const missing = await client.getContact(crypto.randomUUID()).catch((e: unknown) => e);
      expect([(missing as ContactdError).status, (missing as ContactdError).retryAfter]).toEqual([404, null]);
      const limited = await client.getContact(crypto.randomUUID()).catch((e: unknown) => e);
      if (!(limited instanceof ContactdError)) throw new Error('expected a ContactdError');
      expect([limited.status, limited.code]).toEqual([429, 'rate_limited']);
      expect(limited.retryAfter).toBeGreaterThan(1);
      expect(limited.retryAfter).toBeLessThanOrEqual(1000);
    } finally {
      await t.close();
    }
  });

  it('retryAfter reads both forms of the header: delay-seconds and an HTTP date', () => {
    expect(new ContactdError(503, null, new Headers({ 'retry-after': '7' })).retryAfter).toBe(7);
    const inOneMinute = new Date(Date.now() + 60_000).toUTCString();
    expect(new ContactdError(503, null, new Headers({ 'retry-after': inOneMinute })).retryAfter).toBeGreaterThan(50);
    expect(new ContactdError(503, null, new Headers({ 'retry-after': 'soon' })).retryAfter).toBeNull();
  });

});
