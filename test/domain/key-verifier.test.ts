import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.ts';
import { hashApiKey, KeyVerifier, Tenancy } from '../../src/domain/tenancy.ts';
import { SqlTenancyStore } from '../../src/storage/sql-tenancy-store.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/databases.ts';

describe('hashApiKey', () => {
  it('is hex SHA-256 of the UTF-8 key, as stored keys were hashed (FIPS 180-2 vectors)', () => {
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashApiKey('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    // A non-ASCII key hashes its UTF-8 bytes (é is c3 a9).
    expect(hashApiKey('\u00e9')).toBe(createHash('sha256').update(Buffer.from([0xc3, 0xa9])).digest('hex'));
  });
});

/** The cache window with a hand-driven clock: no sleeping, no timing. */
describe('KeyVerifier', () => {
  let db: TestDatabase;
  let tenancy: Tenancy;
  let store: SqlTenancyStore;
  let orgId: string;
  let userId: string;
  beforeAll(async () => {
    db = await openTestDatabase('sqlite');
    store = new SqlTenancyStore(db.database);
    tenancy = new Tenancy(store);
    orgId = (await tenancy.createOrganization('Clock')).id;
    userId = (await tenancy.createUser(orgId, 'clock@example.com', null)).id;
  });
  afterAll(async () => db.destroy());

  const refusal = async (promise: Promise<unknown>): Promise<string> => {
    try {
      await promise;
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('unauthenticated');
      return (error as AppError).message;
    }
    throw new Error('expected the key to be refused');
  };

  it('a revoked key is still served from the cache inside the TTL and refused once it has passed', async () => {
    let now = 1_000_000;
    const verifier = new KeyVerifier(store, 2000, () => now);
    const { apiKey, key } = await tenancy.createApiKey({ organizationId: orgId, userId });
    expect((await verifier.verify(key)).keyId).toBe(apiKey.id);
    await tenancy.revokeApiKey(apiKey.id);
    now += 1999;
    expect((await verifier.verify(key)).keyId).toBe(apiKey.id);
    now += 1;
    expect(await refusal(verifier.verify(key))).toMatch(/revoked/);
  });

  it('expiry is checked against the clock on every call, cached or not', async () => {
    let now = Date.parse('2030-01-01T00:00:00.000Z');
    const verifier = new KeyVerifier(store, 5000, () => now);
    const { key } = await tenancy.createApiKey({ organizationId: orgId, userId, expiresAt: '2030-01-01T00:00:01.000Z' });
    expect((await verifier.verify(key)).organizationId).toBe(orgId);
    now += 1000;
    expect(await refusal(verifier.verify(key))).toMatch(/expired/);
  });

  it('an unknown key is looked up again after the TTL (a key created meanwhile is accepted)', async () => {
    let now = 0;
    const verifier = new KeyVerifier(store, 1000, () => now);
    const fixed = 'ctd_created-after-first-lookup-000000';
    expect(await refusal(verifier.verify(fixed))).toMatch(/not recognised/);
    await tenancy.createApiKey({ organizationId: orgId, userId, key: fixed });
    now += 1000;
    expect((await verifier.verify(fixed)).userId).toBe(userId);
  });

  it('with a TTL of 0 every call reads the store', async () => {
    const verifier = new KeyVerifier(store, 0, () => 5);
    const { apiKey, key } = await tenancy.createApiKey({ organizationId: orgId, userId });
    await verifier.verify(key);
    await tenancy.revokeApiKey(apiKey.id);
    expect(await refusal(verifier.verify(key))).toMatch(/revoked/);
  });
});
