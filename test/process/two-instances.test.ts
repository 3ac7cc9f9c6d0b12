import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { newBootstrapKey, startChildServer, type ChildServer } from '../helpers/child-server.ts';
import { describeWhenAvailable } from '../helpers/backends.ts';
import { openTestDatabase, POSTGRES_URL, type TestDatabase } from '../helpers/databases.ts';

const REDIS_URL = process.env.CONTACTD_TEST_REDIS_URL ?? null;
const MISSING = POSTGRES_URL === null || REDIS_URL === null ? 'CONTACTD_TEST_POSTGRES_URL and CONTACTD_TEST_REDIS_URL must both be set' : null;

const READ_BURST = 8;

// Two processes need a shared database server and a shared Redis; without both there is nothing to share.
describeWhenAvailable('two contactd processes on one PostgreSQL database and one Redis', MISSING, () => {
  let db: TestDatabase;
  let a: ChildServer;
  let b: ChildServer;
  const key = newBootstrapKey();

  beforeAll(async () => {
    db = await openTestDatabase('postgres', { migrate: false });
    const env = {
      DATABASE_URL: db.url,
      CONTACTD_BOOTSTRAP_API_KEY: key,
      REDIS_URL: REDIS_URL as string,
      // Reads are the shared-limit probe; writes stay generous so the other tests never meet a 429.
      RATE_LIMIT_READ_PER_SECOND: '0.001',
      RATE_LIMIT_READ_BURST: String(READ_BURST),
      RATE_LIMIT_WRITE_PER_SECOND: '1000',
      RATE_LIMIT_WRITE_BURST: '10000',
    };
    a = await startChildServer(env);
    b = await startChildServer(env); // migrates and bootstraps again: both must be no-ops
  }, 120_000);
  afterAll(async () => {
    await a?.kill();
    await b?.kill();
    await db?.destroy();
  });

  const call = (server: ChildServer, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(server.url + path, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('ETag/If-Match holds across processes: a PATCH on B with A\'s ETag succeeds once, the stale one is 412 on A', async () => {
    const created = await call(a, 'POST', '/api/v2/contact', { attributes: { first_name: 'Two' } });
    expect(created.status).toBe(201);
    const etag = created.headers.get('etag') as string;
    const id = ((await created.json()) as { data: { id: string } }).data.id;
    const onB = await call(b, 'PATCH', `/api/v2/contact/${id}`, { attributes: { title: 'from B' } }, { 'if-match': etag });
    expect(onB.status).toBe(200);
    expect(onB.headers.get('etag')).not.toBe(etag);
    const staleOnA = await call(a, 'PATCH', `/api/v2/contact/${id}`, { attributes: { title: 'from A' } }, { 'if-match': etag });
    expect(staleOnA.status).toBe(412);
    expect(((await staleOnA.json()) as { error: { code: string } }).error.code).toBe('precondition_failed');
  });

  it('Idempotency-Key holds across processes: a retry on B replays the response A gave', async () => {
    const idempotencyKey = randomUUID();
    const body = { attributes: { first_name: 'Once', primary_email: `once.${idempotencyKey}@example.com` } };
    const first = await call(a, 'POST', '/api/v2/contact', body, { 'idempotency-key': idempotencyKey });
    expect(first.status).toBe(201);
    const retry = await call(b, 'POST', '/api/v2/contact', body, { 'idempotency-key': idempotencyKey });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.text()).toBe(await first.text());
  });

  it('concurrent identical writes with one Idempotency-Key across both processes create one contact', async () => {
    const idempotencyKey = randomUUID();
    const email = `race.${idempotencyKey}@example.com`;
    const body = { attributes: { first_name: 'Race', primary_email: email } };
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => call(i % 2 === 0 ? a : b, 'POST', '/api/v2/contact', body, { 'idempotency-key': idempotencyKey })));
    const statuses = results.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 409), statuses.join(',')).toBe(true);
    const originals = results.filter((r) => r.status === 201 && r.headers.get('idempotent-replayed') === null);
    expect(originals).toHaveLength(1);
    const rows = await db.database.db.selectFrom('contacts').select('id').where('primary_email', '=', email).execute();
    expect(rows).toHaveLength(1);
  });

  it('concurrent _assert for one new email across both processes makes exactly one contact', async () => {
    const email = `assert.${randomUUID()}@example.com`;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => call(i % 2 === 0 ? a : b, 'POST', '/api/v2/contact/_assert', { match: { primary_email: email }, attributes: { first_name: `Racer${i}` } })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201), statuses.join(',')).toHaveLength(1);
    expect(statuses.filter((s) => s === 200), statuses.join(',')).toHaveLength(9);
    const ids = new Set(await Promise.all(results.map(async (r) => ((await r.json()) as { data: { id: string } }).data.id)));
    expect(ids.size).toBe(1);
    const rows = await db.database.db.selectFrom('contact_emails').select('contact_id').where('email', '=', email).execute();
    expect(rows).toHaveLength(1);
  });

  it('a cursor minted by one process pages on the other', async () => {
    const lastName = `Pager${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < 3; i += 1) expect((await call(a, 'POST', '/api/v2/contact', { attributes: { first_name: `P${i}`, last_name: lastName } })).status).toBe(201);
    const query = { filters: [{ field: 'last_name', operator: 'eq', value: lastName }], sort: [{ field: 'first_name', direction: 'asc' }] };
    const page1 = (await (await call(a, 'POST', '/api/v2/contact/_query', { ...query, limit: 2 })).json()) as { data: Array<{ attributes: { first_name: { value: string } } }>; next_cursor: string | null };
    expect(page1.data.map((c) => c.attributes.first_name.value)).toEqual(['P0', 'P1']);
    expect(page1.next_cursor).not.toBeNull();
    const res = await call(b, 'POST', '/api/v2/contact/_query', { ...query, limit: 2, cursor: page1.next_cursor });
    expect(res.status).toBe(200);
    const page2 = (await res.json()) as { data: Array<{ attributes: { first_name: { value: string } } }>; next_cursor: string | null };
    expect(page2.data.map((c) => c.attributes.first_name.value)).toEqual(['P2']);
    expect(page2.next_cursor).toBeNull();
  });

  it('a custom attribute defined through A is in B\'s records, writes and filters 2 s later, and gone from them 2 s after A archives it', async () => {
    const apiName = `region_${randomUUID().slice(0, 8)}`;
    expect((await call(a, 'POST', '/api/v2/_schema/contact/attributes', { api_name: apiName, display_name: 'Region', value_type: 'string' })).status).toBe(201);
    // The contract: every process honours a definition change within 2 s (B revalidates its copy after 1 s).
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const created = await call(b, 'POST', '/api/v2/contact', { attributes: { first_name: 'Regional', [apiName]: 'EMEA' } });
    expect(created.status).toBe(201);
    const id = ((await created.json()) as { data: { id: string } }).data.id;
    const found = await call(b, 'POST', '/api/v2/contact/_query', { filters: [{ field: apiName, operator: 'eq', value: 'EMEA' }] });
    expect(((await found.json()) as { data: Array<{ id: string }> }).data.map((c) => c.id)).toEqual([id]);
    expect((await call(a, 'DELETE', `/api/v2/_schema/contact/attributes/${apiName}`)).status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const refused = await call(b, 'PATCH', `/api/v2/contact/${id}`, { attributes: { [apiName]: 'APAC' } });
    expect(refused.status).toBe(422);
    const record = (await (await call(b, 'GET', `/api/v2/contact/${id}`)).json()) as { data: { attributes: Record<string, unknown> } };
    expect(Object.keys(record.data.attributes)).not.toContain(apiName);
  });

  it('the Redis rate limit is shared: reads alternating between A and B drain one bucket, then 429 on either', async () => {
    const remaining: number[] = [];
    let refusedAt = -1;
    for (let i = 0; i < READ_BURST + 1 && refusedAt < 0; i += 1) {
      const res = await call(i % 2 === 0 ? a : b, 'GET', '/api/v2/_schema/contact');
      if (res.status === 429) refusedAt = i;
      else {
        expect(res.status).toBe(200);
        remaining.push(Number(res.headers.get('ratelimit-remaining')));
      }
    }
    // One shared bucket counts down by one per request whichever process answers; two buckets would not.
    expect(remaining.length).toBeGreaterThan(1);
    expect(remaining).toEqual(remaining.map((_, i) => (remaining[0] as number) - i));
    expect(remaining.at(-1)).toBe(0);
    expect(refusedAt).toBe(remaining.length);
  });
});
