import { afterAll, beforeAll } from 'vitest';
import { Contacts, type Actor } from '../../src/domain/contacts.ts';
import { CustomAttributes } from '../../src/domain/custom-attributes.ts';
import { Tenancy } from '../../src/domain/tenancy.ts';
import { SqlCustomAttributeStore } from '../../src/storage/sql-custom-attribute-store.ts';
import { SqlContactStore } from '../../src/storage/sql-contact-store.ts';
import { SqlTenancyStore } from '../../src/storage/sql-tenancy-store.ts';
import { openTestDatabase, type Dialect, type TestDatabase } from './databases.ts';

/** A storage test's world: a migrated database, one organization with two users, and the use cases over the real store. */
export interface ContactsFixture {
  t: TestDatabase;
  /** The first user of the organization. */
  actor: Actor;
  store: SqlContactStore;
  contacts: Contacts;
  /** Both users' ids, for participant lists. */
  userIds: string[];
}

export async function openContactsFixture(dialect: Dialect, organizationName: string, options: { sqliteFile?: string } = {}): Promise<ContactsFixture> {
  const t = await openTestDatabase(dialect, options);
  const tenancy = new Tenancy(new SqlTenancyStore(t.database));
  const org = await tenancy.createOrganization(organizationName);
  const users = [await tenancy.createUser(org.id, 'a@example.com', null), await tenancy.createUser(org.id, 'b@example.com', null)];
  const store = new SqlContactStore(t.database);
  return {
    t,
    actor: { organizationId: org.id, userId: users[0]!.id },
    store,
    contacts: new Contacts(store, { defaultPhoneRegion: 'US', cursorSecret: 'test-secret-test-secret' }),
    userIds: users.map((u) => u.id),
  };
}

/** The same world with custom attributes: `contacts` reads the organization's catalog from `attributes`. */
export async function openCustomContactsFixture(dialect: Dialect, organizationName: string): Promise<ContactsFixture & { attributes: CustomAttributes }> {
  const fixture = await openContactsFixture(dialect, organizationName);
  const attributes = new CustomAttributes(new SqlCustomAttributeStore(fixture.t.database), { maxLive: 500 });
  const contacts = new Contacts(fixture.store, { defaultPhoneRegion: 'US', cursorSecret: 'test-secret-test-secret', catalogs: attributes });
  return { ...fixture, contacts, attributes };
}

/**
 * The custom world for one suite: opened before its tests (with these attribute definitions created) and
 * destroyed after them. Read its members inside the tests: they are set once the suite's beforeAll ran.
 */
export function useCustomContactsFixture(dialect: Dialect, organizationName: string, definitions: ReadonlyArray<Record<string, unknown>> = []): ContactsFixture & { attributes: CustomAttributes } {
  const fixture = {} as ContactsFixture & { attributes: CustomAttributes };
  beforeAll(async () => {
    Object.assign(fixture, await openCustomContactsFixture(dialect, organizationName));
    for (const body of definitions) await fixture.attributes.create(fixture.actor.organizationId, body);
  });
  afterAll(async () => fixture.t.destroy());
  return fixture;
}
