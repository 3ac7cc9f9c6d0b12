import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { CATALOG_REVALIDATE_MS } from '../../src/domain/custom-attributes.ts';
import { Tenancy } from '../../src/domain/tenancy.ts';
import { openDatabase, type Database } from '../../src/storage/database.ts';
import { SqlTenancyStore } from '../../src/storage/sql-tenancy-store.ts';
import { describeEachDialect, openTestDatabase, type TestDatabase } from '../helpers/databases.ts';

/**
 * Two server instances on one database, each with its own catalog cache and its own clock, stand for two
 * processes: what one defines, the other honours once its copy is CATALOG_REVALIDATE_MS (1 s) old, well
 * inside the 2 s the contract allows. The clocks are moved by hand, so the test waits for nothing.
 */
describeEachDialect('a definition change made through one server is honoured by another within 2 s', (dialect) => {
  let dir: string | null = null;
  let first: TestDatabase;
  let second: Database;
  let a: FastifyInstance;
  let b: FastifyInstance;
  let key: string;
  const clock = { a: 1_000_000, b: 1_000_000 };

  beforeAll(async () => {
    if (dialect === 'sqlite') dir = mkdtempSync(join(tmpdir(), 'contactd-propagation-'));
    first = await openTestDatabase(dialect, dir === null ? {} : { sqliteFile: join(dir, 'shared.sqlite') });
    second = openDatabase(first.url);
    const config = loadConfig({}, { databaseUrl: first.url, logLevel: 'silent', keyCacheTtlMs: 0 });
    a = await buildApp({ config, database: first.database, now: () => clock.a });
    b = await buildApp({ config, database: second, now: () => clock.b });
    const tenancy = new Tenancy(new SqlTenancyStore(first.database));
    const org = await tenancy.createOrganization('Shared');
    const user = await tenancy.createUser(org.id, 'owner@example.com', null);
    key = (await tenancy.createApiKey({ organizationId: org.id, userId: user.id, permissions: ['contacts:write', 'schema:write'] })).key;
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await second?.close();
    await first?.destroy();
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
  });

  const call = (app: FastifyInstance, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) });
  const customNames = async (app: FastifyInstance): Promise<string[]> =>
    ((await call(app, 'GET', '/api/v2/_schema/contact')).json().data.attributes as Array<{ api_name: string; is_custom: boolean }>).filter((x) => x.is_custom).map((x) => x.api_name);

  it('B sees A\'s new attribute (schema, writes, records) once its catalog is a revalidation old, and stops accepting it once A archives it', async () => {
    expect(CATALOG_REVALIDATE_MS).toBeLessThanOrEqual(1000);
    expect(await customNames(b)).toEqual([]);
    const defined = await call(a, 'POST', '/api/v2/_schema/contact/attributes', { api_name: 'region', display_name: 'Region', value_type: 'string' });
    expect(defined.statusCode, defined.body).toBe(201);
    // A, which made the change, honours it at once.
    expect(await customNames(a)).toEqual(['region']);

    // B still trusts its copy for now (so it is the clock below that makes the difference) ...
    expect(await customNames(b)).toEqual([]);
    clock.b += CATALOG_REVALIDATE_MS;
    expect(await customNames(b)).toEqual(['region']);
    const created = await call(b, 'POST', '/api/v2/contact', { attributes: { first_name: 'Via B', region: 'EMEA' } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().data.attributes.region).toEqual({ value: 'EMEA', value_type: 'string' });

    expect((await call(a, 'DELETE', '/api/v2/_schema/contact/attributes/region')).statusCode).toBe(204);
    clock.b += CATALOG_REVALIDATE_MS;
    const refused = await call(b, 'PATCH', `/api/v2/contact/${created.json().data.id}`, { attributes: { region: 'APAC' } });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.details[0]).toMatchObject({ code: 'unknown_field', field: 'region' });
    expect(Object.keys((await call(b, 'GET', `/api/v2/contact/${created.json().data.id}`)).json().data.attributes)).not.toContain('region');

    expect((await call(b, 'POST', '/api/v2/_schema/contact/attributes/region/_restore')).statusCode).toBe(200);
    clock.a += CATALOG_REVALIDATE_MS;
    expect((await call(a, 'GET', `/api/v2/contact/${created.json().data.id}`)).json().data.attributes.region).toEqual({ value: 'EMEA', value_type: 'string' });
  });
});
