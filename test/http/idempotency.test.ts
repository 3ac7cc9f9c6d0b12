import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { Idempotency } from '../../src/domain/idempotency.ts';
import { Tenancy } from '../../src/domain/tenancy.ts';
import { fingerprintOf } from '../../src/http/idempotency-hooks.ts';
import { openDatabase } from '../../src/storage/database.ts';
import { SqlIdempotencyStore } from '../../src/storage/sql-idempotency-store.ts';
import { SqlTenancyStore } from '../../src/storage/sql-tenancy-store.ts';
import { expectError } from '../helpers/contacts.ts';
import { describeEachDialect, openTestDatabase } from '../helpers/databases.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

const HOUR = 3_600_000;

describeEachDialect('Idempotency-Key', (dialect) => {
  let t: TestApp;
  let clock = Date.now();
  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { now: () => clock });
  });
  afterAll(async () => t.close());

  const countContacts = async (): Promise<number> => {
    const row = await t.db.database.db.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).where('organization_id', '=', t.org.organizationId).executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const create = (key: string, body: object = { attributes: { first_name: 'Ada', primary_email: `${randomUUID()}@example.com` } }) =>
    t.request({ method: 'POST', url: '/api/v2/contact', body, headers: { 'idempotency-key': key } });

  it('201 replayed byte for byte with Idempotent-Replayed: true, and only one contact made', async () => {
    const key = randomUUID();
    const body = { attributes: { first_name: 'Ada', primary_email: 'ada.replay@example.com' } };
    const before = await countContacts();
    const first = await create(key, body);
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const retry = await create(key, body);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toBe(first.body);
    expect(retry.headers.etag).toBe(first.headers.etag);
    expect(retry.headers['content-type']).toBe(first.headers['content-type']);
    expect(retry.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
    expect(await countContacts()).toBe(before + 1);
  });

  it('201 replayed when the retry orders the body members differently', async () => {
    const key = randomUUID();
    const first = await create(key, { attributes: { first_name: 'Bo', last_name: 'Diddley' } });
    const retry = await t.request({ method: 'POST', url: '/api/v2/contact', body: '{"attributes":{"last_name":"Diddley","first_name":"Bo"}}', headers: { 'idempotency-key': key } });
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
  });

  it('422 idempotency_key_reused when the same key comes with a different body or path', async () => {
    const key = randomUUID();
    const first = await create(key, { attributes: { first_name: 'Cy' } });
    expect(first.statusCode).toBe(201);
    const before = await countContacts();
    const otherBody = await create(key, { attributes: { first_name: 'Cyd' } });
    expect(otherBody.statusCode).toBe(422);
    expect(otherBody.json().error.code).toBe('idempotency_key_reused');
    const otherPath = await t.request({ method: 'PATCH', url: `/api/v2/contact/${first.json().data.id}`, body: { attributes: { first_name: 'Cy' } }, headers: { 'idempotency-key': key } });
    expect(otherPath.statusCode).toBe(422);
    expect(otherPath.json().error.code).toBe('idempotency_key_reused');
    expect(await countContacts()).toBe(before);
  });

  it('If-Match is part of the request: a retry with another If-Match is 422 idempotency_key_reused, not the stored 412 replayed', async () => {
    const created = (await create(randomUUID(), { attributes: { first_name: 'Ifa' } })).json().data;
    const key = randomUUID();
    const patch = (ifMatch: string) => t.request({ method: 'PATCH', url: `/api/v2/contact/${created.id}`, body: { attributes: { title: 'Conditional' } }, headers: { 'idempotency-key': key, 'if-match': ifMatch } });
    const stale = await patch('W/"7"');
    expect(stale.statusCode).toBe(412);
    const replayed = await patch('W/"7"');
    expect(replayed.statusCode).toBe(412);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    const corrected = await patch('W/"1"');
    expect(corrected.statusCode).toBe(422);
    expect(corrected.json().error.code).toBe('idempotency_key_reused');
    // A new key with the right version goes through.
    const fresh = await t.request({ method: 'PATCH', url: `/api/v2/contact/${created.id}`, body: { attributes: { title: 'Conditional' } }, headers: { 'idempotency-key': randomUUID(), 'if-match': 'W/"1"' } });
    expect(fresh.statusCode).toBe(200);
  });

  it('201 for the same key in another organization: keys are scoped by organization', async () => {
    const key = randomUUID();
    const body = { attributes: { first_name: 'Di' } };
    expect((await create(key, body)).statusCode).toBe(201);
    const other = await t.newOrg('Other');
    const res = await t.request({ method: 'POST', url: '/api/v2/contact', body, key: other.key, headers: { 'idempotency-key': key } });
    expect(res.statusCode).toBe(201);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
  });

  it('409 idempotency_key_in_progress while the first request holds the key, then a retry runs once the claim is stale', async () => {
    const key = randomUUID();
    const body = { attributes: { first_name: 'Ed' } };
    const store = new SqlIdempotencyStore(t.db.database);
    const claimedAt = clock;
    await store.insert({
      organizationId: t.org.organizationId,
      key,
      fingerprint: fingerprintOf('POST', '/api/v2/contact', t.org.organizationId, body),
      state: 'in_progress',
      claimId: randomUUID(),
      claimedAt: new Date(claimedAt).toISOString(),
      expiresAt: new Date(claimedAt + 24 * HOUR).toISOString(),
      response: null,
    });
    const busy = await create(key, body);
    expect(busy.statusCode).toBe(409);
    expect(busy.json().error.code).toBe('idempotency_key_in_progress');
    clock += t.config.idempotencyLockTimeoutSeconds * 1000;
    const before = await countContacts();
    const taken = await create(key, body);
    expect(taken.statusCode).toBe(201);
    expect(await countContacts()).toBe(before + 1);
    expect((await create(key, body)).headers['idempotent-replayed']).toBe('true');
  });

  it('exactly one contact when ten identical requests with one key race; the others replay or get 409', async () => {
    const key = randomUUID();
    const body = { attributes: { first_name: 'Flo', primary_email: 'flo.race@example.com' } };
    const before = await countContacts();
    const results = await Promise.all(Array.from({ length: 10 }, () => create(key, body)));
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.every((s) => s === 201 || s === 409), statuses.join(',')).toBe(true);
    expect(results.filter((r) => r.statusCode === 201 && r.headers['idempotent-replayed'] === undefined)).toHaveLength(1);
    expect(await countContacts()).toBe(before + 1);
  });

  it('200 replay of a PATCH does not undo a later change', async () => {
    const created = (await create(randomUUID(), { attributes: { first_name: 'Gus' } })).json().data;
    const key = randomUUID();
    const patch = { attributes: { title: 'CTO' } };
    const first = await t.request({ method: 'PATCH', url: `/api/v2/contact/${created.id}`, body: patch, headers: { 'idempotency-key': key } });
    expect(first.statusCode).toBe(200);
    await t.request({ method: 'PATCH', url: `/api/v2/contact/${created.id}`, body: { attributes: { title: 'CEO' } } });
    const retry = await t.request({ method: 'PATCH', url: `/api/v2/contact/${created.id}`, body: patch, headers: { 'idempotency-key': key } });
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toBe(first.body);
    const now = await t.request({ method: 'GET', url: `/api/v2/contact/${created.id}` });
    expect(now.json().data.attributes.title.value).toBe('CEO');
  });

  it('201 replay of a sub-resource POST adds the email once', async () => {
    const created = (await create(randomUUID(), { attributes: { first_name: 'Hal' } })).json().data;
    const key = randomUUID();
    const body = { email: 'hal.sub@example.com', is_primary: false, labels: [] };
    const url = `/api/v2/contact/${created.id}/attribute/contact_emails`;
    const first = await t.request({ method: 'POST', url, body, headers: { 'idempotency-key': key } });
    expect(first.statusCode).toBe(201);
    const retry = await t.request({ method: 'POST', url, body, headers: { 'idempotency-key': key } });
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    const got = await t.request({ method: 'GET', url: `/api/v2/contact/${created.id}` });
    expect(got.json().data.attributes.contact_emails.filter((e: { value: { email: string } }) => e.value.email === 'hal.sub@example.com')).toHaveLength(1);
  });

  it('422 replayed: a request the API rejected after claiming the key gives the same answer on retry', async () => {
    const key = randomUUID();
    const bad = { attributes: { display_name: 'not writable' } };
    const first = await create(key, bad);
    expect(first.statusCode).toBe(422);
    const retry = await create(key, bad);
    expect(retry.statusCode).toBe(422);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toBe(first.body);
  });

  it('422 replayed as the JSON the first answer carried when that answer went out gzip-compressed (an atomic _batch refused)', async () => {
    const key = randomUUID();
    // 20 failing operations: the error is well over the 1 KiB from which _batch answers are compressed.
    const body = { atomic: true, operations: Array.from({ length: 20 }, (_, i) => ({ op: 'create', attributes: { first_name: 'Gz', sms_consent: `no${i}` } })) };
    // app.inject itself: the OpenAPI check of t.request reads bodies as JSON text, not gzip.
    const send = (headers: Record<string, string>) => t.app.inject({
      method: 'POST', url: '/api/v2/contact/_batch', payload: JSON.stringify(body),
      headers: { authorization: `Bearer ${t.org.key}`, 'content-type': 'application/json', 'idempotency-key': key, ...headers },
    });
    const first = await send({ 'accept-encoding': 'gzip' });
    expect(first.statusCode).toBe(422);
    expect(first.headers['content-encoding']).toBe('gzip');
    const firstJson = gunzipSync(first.rawPayload).toString('utf8');
    const plain = await send({});
    expect(plain.statusCode).toBe(422);
    expect(plain.headers['idempotent-replayed']).toBe('true');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(firstJson);
    const gzipped = await send({ 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzipped.rawPayload).toString('utf8')).toBe(firstJson);
  });

  it('201 replayed when the retry writes the contact id in capitals or percent-encodes it (the same contact, so the same request)', async () => {
    const contact = (await create(randomUUID(), { attributes: { first_name: 'Case' } })).json().data as { id: string };
    const key = randomUUID();
    const body = { email: `case.${contact.id}@example.com` };
    const first = await t.request({ method: 'POST', url: `/api/v2/contact/${contact.id}/attribute/contact_emails`, body, headers: { 'idempotency-key': key } });
    expect(first.statusCode).toBe(201);
    for (const id of [contact.id.toUpperCase(), contact.id.replaceAll('-', '%2D'), encodeURIComponent(contact.id.toUpperCase()).replace('A', '%41')]) {
      const retry = await t.request({ method: 'POST', url: `/api/v2/contact/${id}/attribute/contact_emails`, body, headers: { 'idempotency-key': key } });
      expect(retry.statusCode, `${id}: ${retry.body}`).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body).toBe(first.body);
    }
    const other = await create(randomUUID(), { attributes: { first_name: 'Other' } });
    const elsewhere = await t.request({ method: 'POST', url: `/api/v2/contact/${other.json().data.id as string}/attribute/contact_emails`, body, headers: { 'idempotency-key': key } });
    expectError(elsewhere, 422, 'idempotency_key_reused');
  });

  it('422 validation_failed for an Idempotency-Key that is empty, too long or not visible ASCII', async () => {
    for (const key of [' ', 'k'.repeat(256), 'clé-é']) {
      const res = await create(key);
      expect(res.statusCode, JSON.stringify(key)).toBe(422);
      expect(res.json().error.code).toBe('validation_failed');
      expect(res.json().error.details[0].field).toBe('Idempotency-Key');
    }
  });

  it('201 afresh once the key has expired (24 h by default), with or without the purge having run', async () => {
    const key = randomUUID();
    const body = { attributes: { first_name: 'Ivy' } };
    const first = await create(key, body);
    clock += t.config.idempotencyTtlHours * HOUR + 1000;
    const before = await countContacts();
    const again = await create(key, body);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(again.json().data.id).not.toBe(first.json().data.id);
    expect(await countContacts()).toBe(before + 1);

    clock += t.config.idempotencyTtlHours * HOUR + 1000;
    const purged = await new Idempotency(new SqlIdempotencyStore(t.db.database), { ttlHours: 24, lockTimeoutSeconds: 60, now: () => clock }).purgeExpired();
    expect(purged).toBeGreaterThan(0);
    const rows = await t.db.database.db.selectFrom('idempotency_keys').select('key').where('organization_id', '=', t.org.organizationId).execute();
    expect(rows).toHaveLength(0);
  });

  it('500 releases the key: nothing is stored, and the retry runs again once the fault is gone', async () => {
    const key = randomUUID();
    const body = { attributes: { first_name: 'Lee' } };
    // A storage fault the client did not cause: the table the create needs is briefly missing.
    await sql`alter table contacts rename to contacts_away`.execute(t.db.database.db);
    let failed;
    try {
      failed = await create(key, body);
    } finally {
      await sql`alter table contacts_away rename to contacts`.execute(t.db.database.db);
    }
    expect(failed.statusCode).toBe(500);
    expect(failed.json().error.code).toBe('internal_error');
    const row = await t.db.database.db.selectFrom('idempotency_keys').select('key').where('organization_id', '=', t.org.organizationId).where('key', '=', key).executeTakeFirst();
    expect(row).toBeUndefined();
    const retry = await create(key, body);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
  });

  it('_assert with an Idempotency-Key replays its first answer even after the contact changed', async () => {
    const key = randomUUID();
    const body = { match: { primary_email: 'assert.idem@example.com' }, attributes: { first_name: 'Max' } };
    const first = await t.request({ method: 'POST', url: '/api/v2/contact/_assert', body, headers: { 'idempotency-key': key } });
    expect(first.statusCode).toBe(201);
    expect(first.json().meta.action).toBe('created');
    await t.request({ method: 'PATCH', url: `/api/v2/contact/${first.json().data.id}`, body: { attributes: { first_name: 'Maxine' } } });
    const retry = await t.request({ method: 'POST', url: '/api/v2/contact/_assert', body, headers: { 'idempotency-key': key } });
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toBe(first.body);
    const got = await t.request({ method: 'GET', url: `/api/v2/contact/${first.json().data.id}` });
    expect(got.json().data.attributes.first_name.value).toBe('Maxine');
  });

  it('the header is ignored on reads and deletes', async () => {
    const created = (await create(randomUUID(), { attributes: { first_name: 'Jo' } })).json().data;
    const key = randomUUID();
    const a = await t.request({ method: 'GET', url: `/api/v2/contact/${created.id}`, headers: { 'idempotency-key': key } });
    const b = await t.request({ method: 'GET', url: `/api/v2/contact/${created.id}`, headers: { 'idempotency-key': key } });
    expect(a.statusCode).toBe(200);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
  });
});

describeEachDialect('Idempotency-Key across a restart', (dialect) => {
  const file = join(tmpdir(), `contactd-idem-${randomUUID()}.sqlite`);
  afterAll(() => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  });

  it('201 replayed by a new app on a reopened database', async () => {
    // SQLite on a file (an in-memory database could not be reopened); PostgreSQL on a fresh schema.
    const db = await openTestDatabase(dialect, { sqliteFile: file });
    const tenancy = new Tenancy(new SqlTenancyStore(db.database));
    const org = await tenancy.createOrganization('Restart');
    const user = await tenancy.createUser(org.id, 'owner@example.com', null);
    const { key } = await tenancy.createApiKey({ organizationId: org.id, userId: user.id });
    const config = loadConfig({}, { databaseUrl: db.url, logLevel: 'silent' });
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': 'restart-key-1' };
    const payload = JSON.stringify({ attributes: { first_name: 'Kim' } });

    const app1 = await buildApp({ config, database: db.database });
    const res1 = await app1.inject({ method: 'POST', url: '/api/v2/contact', headers, payload });
    expect(res1.statusCode).toBe(201);
    await app1.close();

    const reopened = openDatabase(db.url);
    try {
      const app2 = await buildApp({ config, database: reopened });
      const res2 = await app2.inject({ method: 'POST', url: '/api/v2/contact', headers, payload });
      expect(res2.statusCode).toBe(201);
      expect(res2.headers['idempotent-replayed']).toBe('true');
      expect(res2.body).toBe(res1.body);
      const n = await sql<{ n: number }>`select count(*) as n from contacts`.execute(reopened.db);
      expect(Number(n.rows[0]?.n)).toBe(1);
      await app2.close();
    } finally {
      await reopened.close();
      await db.destroy();
    }
  });
});

describe('Idempotency-Key fingerprint', () => {
  it('differs by organization, method, path and body; ignores member order, query string and a trailing slash', () => {
    const base = fingerprintOf('POST', '/api/v2/contact', 'org1', { a: 1, b: { c: 2, d: 3 } });
    expect(fingerprintOf('POST', '/api/v2/contact/?x=1', 'org1', { b: { d: 3, c: 2 }, a: 1 })).toBe(base);
    expect(fingerprintOf('POST', '/api/v2/contact', 'org2', { a: 1, b: { c: 2, d: 3 } })).not.toBe(base);
    expect(fingerprintOf('PATCH', '/api/v2/contact', 'org1', { a: 1, b: { c: 2, d: 3 } })).not.toBe(base);
    expect(fingerprintOf('POST', '/api/v2/contact/x', 'org1', { a: 1, b: { c: 2, d: 3 } })).not.toBe(base);
    expect(fingerprintOf('POST', '/api/v2/contact', 'org1', { a: 1, b: { c: 2, d: 4 } })).not.toBe(base);
    expect(fingerprintOf('PATCH', '/api/v2/contact/x', 'org1', {}, 'W/"2"')).not.toBe(fingerprintOf('PATCH', '/api/v2/contact/x', 'org1', {}, 'W/"3"'));
    expect(fingerprintOf('PATCH', '/api/v2/contact/x', 'org1', {}, 'W/"2"')).not.toBe(fingerprintOf('PATCH', '/api/v2/contact/x', 'org1', {}));
  });
});
