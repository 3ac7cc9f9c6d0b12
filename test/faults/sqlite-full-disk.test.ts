import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { databaseOptions, loadConfig } from '../../src/config.ts';
import { Tenancy } from '../../src/domain/tenancy.ts';
import { SqlTenancyStore } from '../../src/storage/sql-tenancy-store.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { isRoot, unavailableBecause } from './support/services.ts';

const skip = unavailableBecause(isRoot() ? null : 'mounting a small tmpfs needs root', 'the SQLite full-disk fault test');

/** Writes to `file` until the filesystem refuses (ENOSPC); returns the bytes written. */
function fillUp(file: string): number {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(16 * 1024, 1);
  let written = 0;
  try {
    for (;;) written += writeSync(fd, chunk);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  return written;
}

// Reason: `skip` says why (mounting the tmpfs needs root); unavailableBecause throws instead under CI=true.
describe.skipIf(skip !== null)('fault: the disk holding the SQLite database fills up', () => {
  let dir: string;
  let mounted = false;
  let db: TestDatabase;
  let app: FastifyInstance;
  let key: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'contactd-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir]);
    mounted = true;
    const file = join(dir, 'full.sqlite');
    const config = loadConfig({}, { databaseUrl: `sqlite:${file}`, logLevel: 'silent', keyCacheTtlMs: 0, rateLimitWritePerSecond: 1e6, rateLimitWriteBurst: 1e7, rateLimitReadPerSecond: 1e6, rateLimitReadBurst: 1e7 });
    db = await openTestDatabase('sqlite', { sqliteFile: file, databaseOptions: databaseOptions(config) });
    const tenancy = new Tenancy(new SqlTenancyStore(db.database));
    const org = await tenancy.createOrganization('Full');
    const user = await tenancy.createUser(org.id, 'owner@example.com', 'Owner');
    key = (await tenancy.createApiKey({ organizationId: org.id, userId: user.id })).key;
    app = await buildApp({ config, database: db.database });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await db?.database.close();
    if (mounted) execFileSync('umount', [dir]);
    rmdirSync(dir);
  });

  const call = (method: 'GET' | 'POST', url: string, body?: unknown) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) });
  const create = (n: number) => call('POST', '/api/v2/contact', { attributes: { first_name: `Full${n}`, last_name: 'x'.repeat(200), primary_email: `full.${n}.${randomUUID()}@disk.example` } });

  it('507 insufficient_storage for writes while it is full, reads keep working, nothing is corrupted, and writes succeed again once space is freed', { timeout: 120_000 }, async () => {
    const first = await create(0);
    expect(first.statusCode).toBe(201);
    const firstId = (first.json() as { data: { id: string } }).data.id;
    const acked = [firstId];

    const ballast = join(dir, 'ballast');
    expect(fillUp(ballast)).toBeGreaterThan(0);
    // The database may still have free pages and WAL room: keep writing until the disk refuses one.
    const statuses: number[] = [];
    let refused: Awaited<ReturnType<typeof create>> | null = null;
    for (let n = 1; n <= 3000 && refused === null; n += 1) {
      const res = await create(n);
      statuses.push(res.statusCode);
      if (res.statusCode === 201) acked.push((res.json() as { data: { id: string } }).data.id);
      else refused = res;
    }
    expect(refused, `statuses: ${statuses.join(',')}`).not.toBeNull();
    expect(refused!.statusCode, refused!.body).toBe(507);
    expect(refused!.json()).toMatchObject({ error: { code: 'insufficient_storage', message: expect.stringContaining('disk') } });
    // Still full: every further write is refused the same way, never a 500.
    for (let n = 0; n < 5; n += 1) expect((await create(1000 + n)).statusCode).toBe(507);

    // Reads keep working, and every acknowledged contact is there.
    for (const id of acked) expect((await call('GET', `/api/v2/contact/${id}`)).statusCode).toBe(200);
    const page = await call('POST', '/api/v2/contact/_query', { limit: 5 });
    expect(page.statusCode).toBe(200);
    expect((await call('GET', '/api/v2/health/ready')).statusCode).toBe(200);
    expect(await db.database.profile.integrityCheck()).toBe('ok');

    rmSync(ballast);
    const again = await create(2000);
    expect(again.statusCode, again.body).toBe(201);
    expect((await call('GET', `/api/v2/contact/${(again.json() as { data: { id: string } }).data.id}`)).statusCode).toBe(200);
    expect(await db.database.profile.integrityCheck()).toBe('ok');
  });
});
