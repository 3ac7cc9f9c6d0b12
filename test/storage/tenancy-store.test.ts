import { afterAll, beforeAll, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.ts';
import { newId, nowIso } from '../../src/domain/ids.ts';
import { API_KEY_PREFIX, hashApiKey, Tenancy } from '../../src/domain/tenancy.ts';
import { SqlTenancyStore } from '../../src/storage/sql-tenancy-store.ts';
import { describeEachDialect, openTestDatabase, type TestDatabase } from '../helpers/databases.ts';

async function appErrorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).code;
  }
  throw new Error('expected an AppError');
}

describeEachDialect('tenancy store', (dialect) => {
  let t: TestDatabase;
  let store: SqlTenancyStore;
  let tenancy: Tenancy;
  beforeAll(async () => {
    t = await openTestDatabase(dialect);
    store = new SqlTenancyStore(t.database);
    tenancy = new Tenancy(store);
  });
  afterAll(async () => t.destroy());

  it('a new organization gets the default stages, including working / Working, new being the default', async () => {
    const org = await tenancy.createOrganization('  Stages Inc  ');
    expect(org.name).toBe('Stages Inc');
    expect(await store.getOrganization(org.id)).toEqual(org);
    const stages = await store.listStages(org.id);
    expect(stages.map((s) => s.apiName)).toEqual(['new', 'working', 'qualified', 'unqualified', 'customer', 'churned']);
    expect(stages.find((s) => s.apiName === 'working')).toMatchObject({ displayValue: 'Working', isDefault: false });
    expect(stages.filter((s) => s.isDefault).map((s) => s.apiName)).toEqual(['new']);
    expect(stages.map((s) => s.position)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('stages belong to their organization: two organizations, two separate sets', async () => {
    const a = await tenancy.createOrganization('A');
    const b = await tenancy.createOrganization('B');
    const idsA = (await store.listStages(a.id)).map((s) => s.id);
    const idsB = (await store.listStages(b.id)).map((s) => s.id);
    expect(idsA).toHaveLength(6);
    expect(idsA.filter((id) => idsB.includes(id))).toEqual([]);
  });

  it('validation_failed for an empty organization name; nothing is stored', async () => {
    const before = await store.countOrganizations();
    expect(await appErrorCode(tenancy.createOrganization('   '))).toBe('validation_failed');
    expect(await store.countOrganizations()).toBe(before);
  });

  it('duplicate_value for a second user with the same email (case-insensitively) in one organization', async () => {
    const org = await tenancy.createOrganization('Users');
    const user = await tenancy.createUser(org.id, 'Pat@Example.com', 'Pat');
    expect(user.email).toBe('pat@example.com');
    expect(await store.getUser(org.id, user.id)).toEqual(user);
    expect(await appErrorCode(tenancy.createUser(org.id, 'pat@example.COM', null))).toBe('duplicate_value');
    expect(await appErrorCode(store.createUser({ ...user, id: newId() }))).toBe('duplicate_value');
  });

  it('the same email may exist in two organizations', async () => {
    const a = await tenancy.createOrganization('Email A');
    const b = await tenancy.createOrganization('Email B');
    await tenancy.createUser(a.id, 'same@example.com', null);
    await expect(tenancy.createUser(b.id, 'same@example.com', null)).resolves.toMatchObject({ organizationId: b.id });
  });

  it('validation_failed for a bad email; record_not_found for an unknown organization', async () => {
    const org = await tenancy.createOrganization('Checks');
    expect(await appErrorCode(tenancy.createUser(org.id, 'not-an-email', null))).toBe('validation_failed');
    expect(await appErrorCode(tenancy.createUser(newId(), 'x@example.com', null))).toBe('record_not_found');
    expect(await appErrorCode(tenancy.createTeam(newId(), 'T'))).toBe('record_not_found');
  });

  it('duplicate_value for a second team with the same name in one organization', async () => {
    const org = await tenancy.createOrganization('Teams');
    await tenancy.createTeam(org.id, 'Sales');
    expect(await appErrorCode(tenancy.createTeam(org.id, 'Sales'))).toBe('duplicate_value');
    const other = await tenancy.createOrganization('Teams 2');
    await expect(tenancy.createTeam(other.id, 'Sales')).resolves.toMatchObject({ name: 'Sales' });
  });

  it('a key is found by its hash; only the hash and a short prefix are stored', async () => {
    const org = await tenancy.createOrganization('Keys');
    const user = await tenancy.createUser(org.id, 'keys@example.com', null);
    const { apiKey, key } = await tenancy.createApiKey({ organizationId: org.id, userId: user.id, name: 'ci', expiresAt: '2031-02-03T04:05:06Z' });
    expect(key.startsWith(API_KEY_PREFIX)).toBe(true);
    // 32 random bytes in base64url: 256 bits.
    expect(key).toMatch(/^ctd_[A-Za-z0-9_-]{43}$/);
    const found = await store.findApiKeyByHash(hashApiKey(key));
    expect(found).toEqual(apiKey);
    expect(found).toMatchObject({ organizationId: org.id, userId: user.id, name: 'ci', permissions: ['contacts:read', 'contacts:write'], expiresAt: '2031-02-03T04:05:06.000Z', revokedAt: null });
    expect(await store.findApiKeyByHash(hashApiKey(`${key}x`))).toBeNull();
    const stored = JSON.stringify(await t.database.db.selectFrom('api_keys').selectAll().where('id', '=', apiKey.id).executeTakeFirstOrThrow());
    expect(stored).not.toContain(key);
    expect(stored).not.toContain(key.slice(API_KEY_PREFIX.length + 8));
  });

  it('two generated keys differ', async () => {
    const org = await tenancy.createOrganization('Random');
    const user = await tenancy.createUser(org.id, 'r@example.com', null);
    const a = await tenancy.createApiKey({ organizationId: org.id, userId: user.id });
    const b = await tenancy.createApiKey({ organizationId: org.id, userId: user.id });
    expect(a.key).not.toBe(b.key);
    expect(a.apiKey.keyHash).not.toBe(b.apiKey.keyHash);
  });

  it('record_not_found for a key for a user of another organization', async () => {
    const a = await tenancy.createOrganization('Owner A');
    const b = await tenancy.createOrganization('Owner B');
    const userB = await tenancy.createUser(b.id, 'b@example.com', null);
    expect(await appErrorCode(tenancy.createApiKey({ organizationId: a.id, userId: userB.id }))).toBe('record_not_found');
  });

  it('keys are listed per organization, oldest first', async () => {
    const org = await tenancy.createOrganization('List');
    const user = await tenancy.createUser(org.id, 'list@example.com', null);
    const first = await tenancy.createApiKey({ organizationId: org.id, userId: user.id, name: 'one' });
    const second = await tenancy.createApiKey({ organizationId: org.id, userId: user.id, name: 'two', permissions: ['contacts:read'] });
    const listed = await tenancy.listApiKeys(org.id);
    expect(listed.map((k) => k.id)).toEqual([first.apiKey.id, second.apiKey.id]);
    expect(listed[1]?.permissions).toEqual(['contacts:read']);
  });

  it('revoke stamps revoked_at once; revoking again keeps the first time; unknown id is record_not_found', async () => {
    const org = await tenancy.createOrganization('Revoke');
    const user = await tenancy.createUser(org.id, 'rev@example.com', null);
    const { apiKey, key } = await tenancy.createApiKey({ organizationId: org.id, userId: user.id });
    const revoked = await tenancy.revokeApiKey(apiKey.id);
    expect(revoked.revokedAt).not.toBeNull();
    expect((await store.findApiKeyByHash(hashApiKey(key)))?.revokedAt).toBe(revoked.revokedAt);
    const again = await tenancy.revokeApiKey(apiKey.id);
    expect(again.revokedAt).toBe(revoked.revokedAt);
    expect(await appErrorCode(tenancy.revokeApiKey(newId()))).toBe('record_not_found');
  });

  it('server settings: the first value stored wins', async () => {
    const name = `setting_${newId()}`;
    expect(await store.getSetting(name)).toBeNull();
    expect(await store.putSettingIfAbsent(name, 'first')).toBe('first');
    expect(await store.putSettingIfAbsent(name, 'second')).toBe('first');
    expect(await store.getSetting(name)).toBe('first');
  });

  it('a failed organization insert stores no stages (one transaction)', async () => {
    const org = { id: newId(), name: 'Twice', createdAt: nowIso() };
    const stages = [{ id: newId(), apiName: 'new', displayValue: 'New', color: '#000000', position: 0, isDefault: true }];
    await store.createOrganization(org, stages);
    await expect(store.createOrganization(org, [{ ...stages[0]!, id: newId() }])).rejects.toThrow();
    expect(await store.listStages(org.id)).toHaveLength(1);
  });
});

describeEachDialect('bootstrap', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(dialect);
  });
  afterAll(async () => t.destroy());

  it('on an empty database: org Default, user admin@localhost, a key with every permission; then never again', async () => {
    const store = new SqlTenancyStore(t.database);
    const tenancy = new Tenancy(store);
    const fixed = 'my-chosen-bootstrap-key-0123456789';
    const created = await tenancy.bootstrap(fixed);
    expect(created).not.toBeNull();
    expect(created?.key).toBe(fixed);
    expect(created?.organization.name).toBe('Default');
    expect(created?.user.email).toBe('admin@localhost');
    const key = await store.findApiKeyByHash(hashApiKey(fixed));
    expect(key).toMatchObject({ organizationId: created?.organization.id, permissions: ['contacts:read', 'contacts:write', 'schema:write', 'webhooks:read', 'webhooks:write'] });
    expect(key?.keyPrefix).not.toContain(fixed.slice(4, 12));
    expect(await tenancy.bootstrap(null)).toBeNull();
    expect(await store.countOrganizations()).toBe(1);
  });
});

describeEachDialect('bootstrap race', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(dialect);
  });
  afterAll(async () => t.destroy());

  it('servers starting together on an empty database bootstrap once: one Default organization, one key', async () => {
    const results = await Promise.all([0, 1, 2].map(() => new Tenancy(new SqlTenancyStore(t.database)).bootstrap(null)));
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    const store = new SqlTenancyStore(t.database);
    expect(await store.countOrganizations()).toBe(1);
  });
});

describeEachDialect('bootstrap after a start that died', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(dialect);
  });
  afterAll(async () => t.destroy());

  it('a claim left with no organization (a start that died before it finished) does not stop the next start', async () => {
    const store = new SqlTenancyStore(t.database);
    await store.putSettingIfAbsent('bootstrap_claim', 'left-by-a-dead-start');
    const created = await new Tenancy(store).bootstrap(null);
    expect(created?.organization.name).toBe('Default');
    expect(await store.findApiKeyByHash(hashApiKey(created?.key ?? ''))).toMatchObject({ organizationId: created?.organization.id });
    expect(await new Tenancy(store).bootstrap(null)).toBeNull();
    expect(await store.countOrganizations()).toBe(1);
  });
});
