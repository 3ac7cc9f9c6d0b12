import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ContactQueryPlan } from '../../src/domain/contact-query.ts';
import type { Contact } from '../../src/domain/contact.ts';
import { Contacts, type Actor } from '../../src/domain/contacts.ts';
import { STANDARD_CATALOG } from '../../src/domain/catalog/organization-catalog.ts';
import { Tenancy } from '../../src/domain/tenancy.ts';
import { SqlContactStore } from '../../src/storage/sql-contact-store.ts';
import { SqlTenancyStore } from '../../src/storage/sql-tenancy-store.ts';
import { describeEachDialect, openTestDatabase, type TestDatabase } from '../helpers/databases.ts';

/** The real store, except that the first `parties` look-ups wait for each other: every caller sees "no match". */
class BarrierStore extends SqlContactStore {
  private waiting: Array<() => void> = [];
  private arrived = 0;
  constructor(database: TestDatabase['database'], private readonly parties: number) {
    super(database);
  }
  override async query(organizationId: string, plan: ContactQueryPlan): Promise<Contact[]> {
    const result = await super.query(organizationId, plan);
    if (this.arrived < this.parties) {
      this.arrived += 1;
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        if (this.waiting.length === this.parties) for (const release of this.waiting) release();
      });
    }
    return result;
  }
}

describeEachDialect('_assert race for a new email', (dialect) => {
  let db: TestDatabase;
  let actor: Actor;
  beforeAll(async () => {
    db = await openTestDatabase(dialect);
    const tenancy = new Tenancy(new SqlTenancyStore(db.database));
    const org = await tenancy.createOrganization('Race');
    const user = await tenancy.createUser(org.id, 'racer@example.com', null);
    actor = { organizationId: org.id, userId: user.id };
  });
  afterAll(async () => db.destroy());

  it('one created and nine updated when ten asserts all saw no match: the unique index decides and the losers update the winner', async () => {
    const store = new BarrierStore(db.database, 10);
    const contacts = new Contacts(store, { defaultPhoneRegion: 'US', cursorSecret: 'test-secret-test-secret' });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) =>
      contacts.assert(actor, { match: { primary_email: 'Race@Example.com' }, attributes: { title: `T${i}` } })));
    expect(results.map((r) => r.action).sort()).toEqual(['created', ...Array(9).fill('updated')]);
    expect(new Set(results.map((r) => r.contact.id)).size).toBe(1);
    const all = await store.query(actor.organizationId, { filter: { kind: 'and', children: [] }, includeArchived: true, sort: [{ field: 'id', direction: 'asc' }], limit: 50, after: null, catalog: STANDARD_CATALOG, search: [], phoneRuns: [] });
    expect(all).toHaveLength(1);
    expect(all[0]?.version).toBe(10);
    expect(all[0]?.primary_email).toBe('race@example.com');
  });
});
