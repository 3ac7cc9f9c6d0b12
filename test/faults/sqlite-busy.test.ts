import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { databaseOptions, loadConfig, type Config } from '../../src/config.ts';
import { Tenancy } from '../../src/domain/tenancy.ts';
import { SqlTenancyStore } from '../../src/storage/sql-tenancy-store.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/databases.ts';

interface Setup { app: FastifyInstance; db: TestDatabase; key: string; file: string; close(): Promise<void> }

/** The app on a SQLite file, and a second connection to that file standing for the CLI, a backup or another worker. */
async function setUp(overrides: Partial<Config> = {}): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), 'contactd-busy-'));
  const file = join(dir, 'busy.sqlite');
  const generous = { rateLimitReadPerSecond: 1e6, rateLimitReadBurst: 1e7, rateLimitWritePerSecond: 1e6, rateLimitWriteBurst: 1e7 };
  const config = loadConfig({}, { databaseUrl: `sqlite:${file}`, logLevel: 'silent', keyCacheTtlMs: 0, ...generous, ...overrides });
  const db = await openTestDatabase('sqlite', { sqliteFile: file, databaseOptions: databaseOptions(config) });
  const tenancy = new Tenancy(new SqlTenancyStore(db.database));
  const org = await tenancy.createOrganization('Busy');
  const user = await tenancy.createUser(org.id, 'owner@example.com', 'Owner');
  const { key } = await tenancy.createApiKey({ organizationId: org.id, userId: user.id });
  const app = await buildApp({ config, database: db.database });
  await app.ready();
  return {
    app,
    db,
    key,
    file,
    close: async () => {
      await app.close();
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('fault: another process holds the SQLite write lock', () => {
  let setup: Setup | null = null;
  let holder: BetterSqlite3.Database | null = null;
  afterEach(async () => {
    if (holder?.inTransaction) holder.exec('rollback');
    holder?.close();
    holder = null;
    await setup?.close();
    setup = null;
  });

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown, headers: Record<string, string> = {}) =>
    setup!.app.inject({ method, url, headers: { authorization: `Bearer ${setup!.key}`, ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) });

  /** Takes the write lock on the file from a second connection, as `sqlite3 file 'BEGIN IMMEDIATE'` would. */
  const holdLock = (file: string) => {
    holder = new BetterSqlite3(file);
    holder.exec('begin immediate');
    return holder;
  };

  it('health and reads answer while a create and a patch wait for the lock; both then succeed (201, 200) once it is released', { timeout: 60_000 }, async () => {
    setup = await setUp();
    const existing = await call('POST', '/api/v2/contact', { attributes: { first_name: 'Existing' } });
    expect(existing.statusCode).toBe(201);
    const id = (existing.json() as { data: { id: string } }).data.id;

    const lock = holdLock(setup.file);
    const finished: string[] = [];
    const done = <T>(name: string, p: Promise<T>) => p.then((r) => {
      finished.push(name);
      return r;
    });
    // The create carries an Idempotency-Key, so its claim (a statement outside a transaction) waits too.
    const create = done('create', call('POST', '/api/v2/contact', { attributes: { first_name: 'Waiting', primary_email: `waiting.${randomUUID()}@busy.example` } }, { 'idempotency-key': randomUUID() }));
    const patch = done('patch', call('PATCH', `/api/v2/contact/${id}`, { attributes: { title: 'Patched while locked' } }));
    // Let both writes reach the lock; with a lock wait on the event loop, nothing below could even start meanwhile.
    await new Promise((r) => setTimeout(r, 200));
    const health = await done('health', call('GET', '/api/v2/health'));
    const read = await done('read', call('GET', `/api/v2/contact/${id}`));
    const query = await done('query', call('POST', '/api/v2/contact/_query', {}));
    expect(health.statusCode).toBe(200);
    expect(read.statusCode).toBe(200);
    expect(query.statusCode).toBe(200);
    expect(finished, 'the writes were still waiting when health and the reads answered').toEqual(['health', 'read', 'query']);

    lock.exec('commit');
    expect((await create).statusCode).toBe(201);
    expect((await patch).statusCode).toBe(200);
    expect(finished.slice(3).sort()).toEqual(['create', 'patch']);
    const after = await call('GET', `/api/v2/contact/${id}`);
    expect((after.json() as { data: { attributes: { title: { value: string } } } }).data.attributes.title.value).toBe('Patched while locked');
  });

  it('503 service_unavailable with Retry-After when the lock outlasts SQLITE_BUSY_TIMEOUT_MS; nothing was written, and the same write succeeds after', { timeout: 60_000 }, async () => {
    setup = await setUp({ sqliteBusyTimeoutMs: 300 });
    const lock = holdLock(setup.file);
    const email = `refused.${randomUUID()}@busy.example`;
    const refused = await call('POST', '/api/v2/contact', { attributes: { first_name: 'Refused', primary_email: email } });
    expect(refused.statusCode, refused.body).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.json()).toMatchObject({ error: { code: 'service_unavailable', message: expect.stringContaining('locked by another process') } });
    lock.exec('commit');
    const rows = await setup.db.database.db.selectFrom('contacts').select('id').where('primary_email', '=', email).execute();
    expect(rows).toEqual([]);
    expect((await call('POST', '/api/v2/contact', { attributes: { first_name: 'Refused', primary_email: email } })).statusCode).toBe(201);
    expect(await setup.db.database.profile.integrityCheck()).toBe('ok');
  });
});
