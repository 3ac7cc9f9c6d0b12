import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/databases.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

type Envelope = { value: unknown };
type WireRecord = { id: string; attributes: Record<string, Envelope> };
type Result = { status: number; data?: WireRecord; meta?: { action: string }; error?: { code: string; message: string; details: Array<{ code: string; path?: string }> } };

describeEachDialect('_batch', (dialect) => {
  let t: TestApp;
  let n = 0;
  const email = () => `batch${(n += 1)}-${dialect}@example.com`;
  const batch = (body: unknown, headers: Record<string, string> = {}) => t.request({ method: 'POST', url: '/api/v2/contact/_batch', body: body as object, headers });
  const create = async (attributes: Record<string, unknown>): Promise<WireRecord> => {
    const res = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().data;
  };
  const countByEmail = async (address: string): Promise<number> => {
    const res = await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: { filters: [{ field: 'contact_emails', operator: 'eq', value: address }] } });
    return res.json().data.length;
  };
  const eventsOf = async (recordId: string) => (await t.request({ method: 'POST', url: '/api/v2/event/_query', body: { record_id: recordId, limit: 1000 } })).json().data as Array<{ type: string; version: number; source: string }>;

  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('200 with one result per operation, each what the single endpoint answers; every write is its own event', async () => {
    const patched = await create({ first_name: 'Pat', primary_email: email() });
    const archived = await create({ first_name: 'Arch', primary_email: email() });
    const asserted = email();
    const created = email();
    const res = await batch({
      operations: [
        { op: 'create', attributes: { first_name: 'Ada', primary_email: created } },
        { op: 'patch', id: patched.id, attributes: { title: 'CEO' }, if_match: 'W/"1"' },
        { op: 'assert', match: { primary_email: asserted }, attributes: { first_name: 'Grace' } },
        { op: 'assert', match: { primary_email: asserted }, attributes: { title: 'Admiral' } },
        { op: 'archive', id: archived.id },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const results = res.json().data as Result[];
    expect(results.map((r) => r.status)).toEqual([201, 200, 201, 200, 204]);
    expect(results[0]!.data!.attributes.primary_email!.value).toBe(created);
    expect(results[0]!.meta).toBeUndefined();
    expect(results[1]!.data!.attributes.title!.value).toBe('CEO');
    expect(results[2]!.meta).toEqual({ action: 'created' });
    expect(results[3]!.meta).toEqual({ action: 'updated' });
    expect(results[3]!.data!.id).toBe(results[2]!.data!.id);
    expect(results[3]!.data!.attributes.title!.value).toBe('Admiral');
    expect(results[4]).toEqual({ status: 204 });

    // The single endpoints agree: the created contact reads back as the batch rendered it.
    const got = await t.request({ method: 'GET', url: `/api/v2/contact/${results[0]!.data!.id}` });
    expect(got.json().data).toEqual(results[0]!.data);
    expect((await t.request({ method: 'GET', url: `/api/v2/contact/${archived.id}` })).json().data.attributes.archived_at.value).not.toBeNull();

    expect((await eventsOf(patched.id)).map((e) => [e.type, e.version])).toEqual([['contact.created', 1], ['contact.updated', 2]]);
    expect((await eventsOf(results[2]!.data!.id)).map((e) => [e.type, e.version, e.source])).toEqual([['contact.created', 1, 'API'], ['contact.updated', 2, 'API']]);
    expect((await eventsOf(archived.id)).map((e) => e.type)).toEqual(['contact.created', 'contact.archived']);
  });

  it('200 not atomic: a failing operation answers its own error and leaves nothing; the others apply', async () => {
    const taken = await create({ first_name: 'Taken', primary_email: email() });
    const fresh = email();
    const res = await batch({
      operations: [
        { op: 'create', attributes: { first_name: 'Dup', primary_email: taken.attributes.primary_email!.value, contact_emails: [{ email: 'extra-' + fresh }] } },
        { op: 'create', attributes: { display_name: 'x' } },
        { op: 'patch', id: '00000000-0000-7000-8000-000000000000', attributes: { title: 'x' } },
        { op: 'patch', id: taken.id, attributes: { title: 'x' }, if_match: 'W/"9"' },
        { op: 'create', attributes: { first_name: 'Fine', primary_email: fresh } },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const results = res.json().data as Result[];
    expect(results.map((r) => [r.status, r.error?.code])).toEqual([[409, 'duplicate_value'], [422, 'validation_failed'], [404, 'record_not_found'], [412, 'precondition_failed'], [201, undefined]]);
    expect(results[0]!.error!.details[0]).toMatchObject({ code: 'duplicate_value', existing_contact_id: taken.id });
    expect(results[1]!.error!.details.map((d) => d.code)).toContain('field_not_creatable');
    // The failed create's rows are gone with it: its secondary email is free.
    expect(await countByEmail('extra-' + fresh)).toBe(0);
    expect(await countByEmail(fresh)).toBe(1);
    expect((await eventsOf(taken.id)).map((e) => e.version)).toEqual([1]);
  });

  it('an operation\'s if_match string is read as the If-Match header is: a list naming the current version applies, W/"01" or a half-quoted tag is 412', async () => {
    const c = await create({ first_name: 'Tags', primary_email: email() });
    const res = await batch({
      operations: [
        { op: 'patch', id: c.id, attributes: { title: 'list' }, if_match: 'W/"7", W/"1"' },
        { op: 'patch', id: c.id, attributes: { title: 'padded' }, if_match: 'W/"02"' },
        { op: 'patch', id: c.id, attributes: { title: 'half' }, if_match: '"2' },
        // The version as a string of digits, as batches have sent it since if_match existed.
        { op: 'patch', id: c.id, attributes: { title: 'digits' }, if_match: '2' },
        { op: 'patch', id: c.id, attributes: { title: 'stale digits' }, if_match: '2' },
        { op: 'archive', id: c.id, if_match: '*' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const results = res.json().data as Result[];
    expect(results.map((r) => [r.status, r.error?.code])).toEqual([[200, undefined], [412, 'precondition_failed'], [412, 'precondition_failed'], [200, undefined], [412, 'precondition_failed'], [204, undefined]]);
    // The same header on the single endpoint answers alike.
    const single = await t.request({ method: 'PATCH', url: `/api/v2/contact/${(await create({ first_name: 'One' })).id}`, body: { attributes: { title: 'x' } }, headers: { 'if-match': 'W/"01"' } });
    expect(single.statusCode).toBe(412);
  });

  it('200 for a batch of creates only (the bulk path): each result in its place as the single create answers it, one event per contact', async () => {
    const taken = await create({ first_name: 'Held', primary_email: email() });
    const [a, b, c] = [email(), email(), email()];
    const res = await batch({
      operations: [
        { op: 'create', attributes: { first_name: 'A', primary_email: a, contact_phone_numbers: ['+14155550123'] } },
        { op: 'create', attributes: { first_name: 'Dup', primary_email: taken.attributes.primary_email!.value } },
        { op: 'create', attributes: { display_name: 'x' } },
        { op: 'create', attributes: { first_name: 'B', primary_email: b } },
        { op: 'create', attributes: { first_name: 'Again', primary_email: b.toUpperCase() } },
        { op: 'create', attributes: { first_name: 'C', contact_emails: [c] } },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const results = res.json().data as Result[];
    expect(results.map((r) => [r.status, r.error?.code])).toEqual([[201, undefined], [409, 'duplicate_value'], [422, 'validation_failed'], [201, undefined], [409, 'duplicate_value'], [201, undefined]]);
    expect(results[1]!.error!.details[0]).toMatchObject({ existing_contact_id: taken.id });
    expect(results[4]!.error!.details[0]).toMatchObject({ existing_contact_id: results[3]!.data!.id });
    expect(results.map((r) => r.data?.attributes.first_name?.value ?? null)).toEqual(['A', null, null, 'B', null, 'C']);
    for (const r of results.filter((x) => x.status === 201)) {
      const got = await t.request({ method: 'GET', url: `/api/v2/contact/${r.data!.id}` });
      expect(got.json().data).toEqual(r.data);
      expect((await eventsOf(r.data!.id)).map((e) => [e.type, e.version, e.source])).toEqual([['contact.created', 1, 'API']]);
    }
    expect([await countByEmail(a), await countByEmail(b), await countByEmail(c)]).toEqual([1, 1, 1]);
  });

  it('422 atomic: one bad operation writes nothing at all, every failed operation named in details by path', async () => {
    const existing = await create({ first_name: 'Keep', primary_email: email() });
    const a = email();
    const b = email();
    const res = await batch({
      atomic: true,
      operations: [
        { op: 'create', attributes: { first_name: 'A', primary_email: a } },
        { op: 'patch', id: existing.id, attributes: { title: 'Changed' } },
        { op: 'create', attributes: { first_name: 'B', primary_email: b, sms_consent: 'maybe' } },
        { op: 'create', attributes: { nope: 1, first_name: 'C' } },
      ],
    });
    expect(res.statusCode, res.body).toBe(422);
    const error = res.json().error;
    expect(error.code).toBe('validation_failed');
    expect(error.details.map((d: { path: string; code: string }) => [d.path, d.code])).toEqual([
      ['/operations/2/attributes/sms_consent', 'field_value_invalid'],
      ['/operations/3/attributes/nope', 'unknown_field'],
    ]);
    expect(await countByEmail(a)).toBe(0);
    expect(await countByEmail(b)).toBe(0);
    const after = (await t.request({ method: 'GET', url: `/api/v2/contact/${existing.id}` })).json().data;
    expect(after.attributes.title.value).toBeNull();
    expect((await eventsOf(existing.id)).map((e) => e.version)).toEqual([1]);
  });

  it('409 atomic with the failing status when every failure shares it: duplicate emails inside one batch', async () => {
    const same = email();
    const res = await batch({ atomic: true, operations: [{ op: 'create', attributes: { primary_email: same } }, { op: 'create', attributes: { primary_email: same } }] });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.code).toBe('duplicate_value');
    expect(res.json().error.details[0].path).toMatch(/^\/operations\/1/);
    // The holder was operation 0's contact, which the rollback removed: the detail names the operation, not that id.
    expect(res.json().error.details[0]).toMatchObject({ operation: 1, existing_operation: 0, message: expect.stringContaining('within the batch') });
    expect(res.json().error.details[0]).not.toHaveProperty('existing_contact_id');
    expect(await countByEmail(same)).toBe(0);
  });

  it('409 atomic: an email an earlier operation patched onto an existing contact names that operation and that contact', async () => {
    const holder = (await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: 'Holder' } } })).json().data.id as string;
    const moved = email();
    const res = await batch({ atomic: true, operations: [{ op: 'patch', id: holder, attributes: { primary_email: moved } }, { op: 'create', attributes: { primary_email: moved } }] });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.details[0]).toMatchObject({ operation: 1, existing_operation: 0, existing_contact_id: holder });
    expect(await countByEmail(moved)).toBe(0);
  });

  it('200 atomic when every operation succeeds: all of them are written', async () => {
    const [a, b] = [email(), email()];
    const res = await batch({ atomic: true, operations: [{ op: 'create', attributes: { primary_email: a } }, { op: 'create', attributes: { primary_email: b } }] });
    expect(res.statusCode, res.body).toBe(200);
    expect(await countByEmail(a)).toBe(1);
    expect(await countByEmail(b)).toBe(1);
  });

  it.each([
    ['empty', { operations: [] }, '/operations'],
    ['101 operations', { operations: Array.from({ length: 101 }, () => ({ op: 'create', attributes: { first_name: 'x' } })) }, '/operations'],
    ['an unknown op', { operations: [{ op: 'create', attributes: { first_name: 'x' } }, { op: 'upsert', attributes: {} }] }, '/operations/1/op'],
    ['a patch without id', { operations: [{ op: 'patch', attributes: { title: 'x' } }] }, '/operations/0/id'],
    ['no operations member', { ops: [] }, '/ops'],
  ])('422 for %s, and nothing is written', async (_name, body, path) => {
    const before = (await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: { limit: 500 } })).json().data.length;
    const res = await batch(body);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.code).toBe('validation_failed');
    expect(res.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect((await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: { limit: 500 } })).json().data.length).toBe(before);
  });

  it('200 for concurrent batches patching the same contacts in opposite orders (a deadlock on PostgreSQL is retried, never a 500); every patch lands once', async () => {
    for (let round = 0; round < 3; round += 1) {
      const ids = await Promise.all(Array.from({ length: 6 }, async (_, i) => (await create({ first_name: `Lock${round}-${i}` })).id));
      const orders = [ids, [...ids].reverse(), [ids[2], ids[0], ids[5], ids[1]], [ids[5], ids[3], ids[0]]] as string[][];
      const answers = await Promise.all(orders.map((order, k) => batch({ operations: order.map((id) => ({ op: 'patch', id, attributes: { department: `b${k}` } })) })));
      expect(answers.map((r) => r.statusCode), answers.map((r) => r.body.slice(0, 200)).join('\n')).toEqual([200, 200, 200, 200]);
      for (const [k, answer] of answers.entries()) expect((answer.json().data as Result[]).map((r) => r.status)).toEqual(orders[k]!.map(() => 200));
      // One contact.updated per patch of it, versions 2, 3, ... without gaps.
      const patchesOf = (id: string) => orders.filter((order) => order.includes(id)).length;
      for (const id of ids) expect((await eventsOf(id)).map((e) => e.version)).toEqual(Array.from({ length: patchesOf(id) + 1 }, (_, v) => v + 1));
    }
  }, 120_000);

  it('200 for concurrent batches asserting the same contacts in opposite orders: a unit PostgreSQL picks as a deadlock victim runs again', async () => {
    for (let round = 0; round < 4; round += 1) {
      const emails = Array.from({ length: 4 }, () => email());
      for (const address of emails) await create({ first_name: 'Asserted', primary_email: address });
      const orders = [emails, [...emails].reverse()];
      const answers = await Promise.all(orders.map((order, k) => batch({ operations: order.map((address) => ({ op: 'assert', match: { primary_email: address }, attributes: { department: `a${k}` } })) })));
      expect(answers.map((r) => r.statusCode), answers.map((r) => r.body.slice(0, 200)).join('\n')).toEqual([200, 200]);
      for (const answer of answers) expect((answer.json().data as Result[]).map((r) => [r.status, r.meta?.action])).toEqual(emails.map(() => [200, 'updated']));
    }
  }, 120_000);

  it('the same Idempotency-Key replays the whole batch without writing again', async () => {
    const address = email();
    const body = { operations: [{ op: 'create', attributes: { first_name: 'Once', primary_email: address } }] };
    const first = await batch(body, { 'idempotency-key': `batch-${dialect}-1` });
    expect(first.statusCode, first.body).toBe(200);
    const retry = await batch(body, { 'idempotency-key': `batch-${dialect}-1` });
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toBe(first.body);
    expect(await countByEmail(address)).toBe(1);
  });

  it('operations write and render the organization\'s custom attributes; a unique custom value taken earlier in the batch is 409 naming that contact', async () => {
    const admin = (await t.newKey(t.org, ['contacts:read', 'contacts:write', 'schema:write'])).key;
    const defined = await t.request({ method: 'POST', url: '/api/v2/_schema/contact/attributes', key: admin, body: { api_name: 'batch_badge', display_name: 'Badge', value_type: 'string', is_unique: true } });
    expect(defined.statusCode, defined.body).toBe(201);
    const existing = await create({ first_name: 'Patched', primary_email: email() });
    const res = await batch({ operations: [
      { op: 'create', attributes: { first_name: 'Badge1', batch_badge: 'B-1' } },
      { op: 'create', attributes: { first_name: 'Badge2', batch_badge: 'B-1' } },
      { op: 'patch', id: existing.id, attributes: { batch_badge: 'B-2' } },
    ] });
    expect(res.statusCode, res.body).toBe(200);
    const [first, second, patched] = res.json().data;
    expect(first.status).toBe(201);
    expect(first.data.attributes.batch_badge.value).toBe('B-1');
    expect(second.status).toBe(409);
    expect(second.error.code).toBe('duplicate_value');
    expect(second.error.details[0]).toMatchObject({ field: 'batch_badge', existing_contact_id: first.data.id });
    expect(patched.status).toBe(200);
    expect(patched.data.attributes.batch_badge.value).toBe('B-2');
    const found = await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: { filters: [{ field: 'batch_badge', operator: 'in', value: ['B-1', 'B-2'] }] } });
    expect(found.json().data.map((r: WireRecord) => r.id).sort()).toEqual([first.data.id, existing.id].sort());
  });
});
