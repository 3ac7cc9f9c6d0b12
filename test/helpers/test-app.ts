import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppDeps } from '../../src/app.ts';
import { databaseOptions, loadConfig, type Config } from '../../src/config.ts';
import { Tenancy } from '../../src/domain/tenancy.ts';
import type { Permission } from '../../src/domain/tenancy-store.ts';
import { SqlTenancyStore } from '../../src/storage/sql-tenancy-store.ts';
import { openTestDatabase, type Dialect, type TestDatabase } from './databases.ts';
import { responseValidatorFor } from './openapi-validator.ts';

export interface TestOrg {
  organizationId: string;
  userId: string;
  userEmail: string;
  /** A read-write key. */
  key: string;
}

export interface TestApp {
  app: FastifyInstance;
  db: TestDatabase;
  tenancy: Tenancy;
  config: Config;
  org: TestOrg;
  /** Another organization (tenancy isolation tests). */
  newOrg(name?: string): Promise<TestOrg>;
  newKey(org: TestOrg, permissions: Permission[], options?: { expiresAt?: string }): Promise<{ id: string; key: string }>;
  /** app.inject with the org's key and JSON body handled; fails when the response breaks the OpenAPI document. */
  request(options: InjectOptions & { key?: string | null; body?: unknown }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** The app in process on a fresh database of the dialect, with one organization and a read-write key. */
export async function createTestApp(
  dialect: Dialect,
  overrides: Partial<Config> = {},
  appDeps: Pick<AppDeps, 'logger' | 'rateLimiter' | 'now'> = {},
  dbOptions: { sqliteFile?: string } = {},
): Promise<TestApp> {
  // The database settings among the overrides (pool size, lock waits) apply to the database the app gets.
  const db = await openTestDatabase(dialect, { ...dbOptions, databaseOptions: databaseOptions(loadConfig({}, overrides)) });
  // Rate limits far above anything a test sends, unless a test sets its own.
  const generous = { rateLimitReadPerSecond: 1e6, rateLimitReadBurst: 1e7, rateLimitWritePerSecond: 1e6, rateLimitWriteBurst: 1e7, authFailureLimitPerMinute: 1e6 };
  const config = loadConfig({}, { databaseUrl: db.url, logLevel: 'silent', keyCacheTtlMs: 0, ...generous, ...overrides });
  const tenancy = new Tenancy(new SqlTenancyStore(db.database));
  const app = await buildApp({ config, database: db.database, ...appDeps });
  await app.ready();

  let n = 0;
  const newOrg = async (name = 'Test Org'): Promise<TestOrg> => {
    n += 1;
    const org = await tenancy.createOrganization(name);
    const user = await tenancy.createUser(org.id, `owner${n}@example.com`, 'Owner');
    const { key } = await tenancy.createApiKey({ organizationId: org.id, userId: user.id });
    return { organizationId: org.id, userId: user.id, userEmail: user.email, key };
  };
  const org = await newOrg();
  const validator = responseValidatorFor(app.swagger());

  return {
    app,
    db,
    tenancy,
    config,
    org,
    newOrg,
    newKey: async (o, permissions, options = {}) => {
      const { apiKey, key } = await tenancy.createApiKey({ organizationId: o.organizationId, userId: o.userId, permissions, expiresAt: options.expiresAt ?? null });
      return { id: apiKey.id, key };
    },
    request: async ({ key, body, headers, ...rest }) => {
      const allHeaders: Record<string, string> = { ...(headers as Record<string, string>) };
      const k = key === undefined ? org.key : key;
      if (k !== null) allHeaders.authorization = `Bearer ${k}`;
      const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      if (payload !== undefined && allHeaders['content-type'] === undefined) allHeaders['content-type'] = 'application/json';
      const response = await app.inject({ ...rest, headers: allHeaders, ...(payload !== undefined ? { payload } : {}) });
      const contentType = response.headers['content-type'];
      validator.assert({ method: response.raw.req.method ?? 'GET', url: response.raw.req.url ?? '/', status: response.statusCode, contentType: typeof contentType === 'string' ? contentType : undefined, body: response.body });
      return response;
    },
    close: async () => {
      await app.close();
      await db.destroy();
    },
  };
}
