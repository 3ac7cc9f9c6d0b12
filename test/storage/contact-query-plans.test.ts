import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseQuery, type KeysetValues } from '../../src/domain/contact-query.ts';
import { STANDARD_CATALOG } from '../../src/domain/catalog/organization-catalog.ts';
import type { ContactStage } from '../../src/domain/stages.ts';
import { Tenancy } from '../../src/domain/tenancy.ts';
import { pageQuery } from '../../src/storage/contact-query.ts';
import { SqlTenancyStore } from '../../src/storage/sql-tenancy-store.ts';
import { describeEachDialect, openTestDatabase, type TestDatabase } from '../helpers/databases.ts';

const ROWS = 400;

describeEachDialect('_query plans use the indexes (EXPLAIN)', (dialect) => {
  let db: TestDatabase;
  let org: string;
  let stages: ContactStage[];

  beforeAll(async () => {
    db = await openTestDatabase(dialect);
    const tenancy = new Tenancy(new SqlTenancyStore(db.database));
    org = (await tenancy.createOrganization('Plans')).id;
    stages = await tenancy.listStages(org);
    const contacts = [];
    const emails = [];
    for (let i = 0; i < ROWS; i += 1) {
      const id = `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`;
      const t = new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString();
      const email = { organization_id: org, id: id.replace('-8000-', '-9000-'), contact_id: id, email: `p${i}@example.com`, position: 0, is_primary: 1, labels: '[]', live: 1 };
      const emailsJson = JSON.stringify([{ id: email.id, value: email.email, isPrimary: true, labels: [] }]);
      contacts.push({ organization_id: org, id, version: 1, created_at: t, updated_at: t, last_name: i % 5 === 0 ? null : `L${i % 90}`, stage: stages[i % stages.length]!.id, emails_json: emailsJson, phone_numbers_json: '[]', participant_user_ids_json: '[]', custom_values: '{}' });
      emails.push(email);
    }
    await db.database.db.insertInto('contacts').values(contacts).execute();
    await db.database.db.insertInto('contact_emails').values(emails).execute();
    await sql`analyze`.execute(db.database.db);
  });
  afterAll(async () => db.destroy());

  /** The plan text of one page query; PostgreSQL is told to avoid scans and sorts an index could spare. */
  async function plan(body: unknown, after: KeysetValues | null = null): Promise<string> {
    const { query, details } = parseQuery(body, org, stages, { defaultPhoneRegion: 'US' }, 'plans-secret-plans-secret', STANDARD_CATALOG);
    expect(details).toEqual([]);
    const compiled = pageQuery(db.database.db, org, { ...query!.plan, limit: 51, after }).compile();
    return db.database.db.transaction().execute(async (trx) => {
      if (dialect === 'postgres') {
        // A 400-row table is cheap to scan and sort; these make the planner show whether an index fits.
        await sql`set local enable_seqscan = off`.execute(trx);
        await sql`set local enable_sort = off`.execute(trx);
      }
      const explain = dialect === 'postgres' ? `explain ${compiled.sql}` : `explain query plan ${compiled.sql}`;
      const result = await trx.executeQuery({ ...compiled, sql: explain });
      return (result.rows as Array<Record<string, unknown>>).map((r) => String(r['QUERY PLAN'] ?? r.detail)).join('\n');
    });
  }
  const sorted = (text: string) => /TEMP B-TREE|^\s*(->\s*)?Sort\b/m.test(text);

  it('the incremental sync, page 2: a range on (organization_id, updated_at, id), no sort', async () => {
    const text = await plan({ filters: [{ field: 'updated_at', operator: 'gt', value: '2024-01-01T00:00:00Z' }], sort: [{ field: 'updated_at', direction: 'asc' }] }, ['2024-01-01T00:03:00.000Z', '01900000-0000-7000-8000-000000000180']);
    expect(text).toContain('contacts_updated_at_idx');
    expect(sorted(text), text).toBe(false);
  });

  it('the default order, page 2: (organization_id, created_at, id), no sort', async () => {
    const text = await plan({}, ['2024-01-01T00:03:00.000Z', '01900000-0000-7000-8000-000000000180']);
    expect(text).toContain('contacts_created_at_idx');
    expect(sorted(text), text).toBe(false);
  });

  it('last_name desc (nullable key), page 2: its expression index bounded at the cursor, no sort', async () => {
    const text = await plan({ sort: [{ field: 'last_name', direction: 'desc' }] }, ['L50', '01900000-0000-7000-8000-000000000050']);
    expect(text).toContain('contacts_last_name_idx');
    expect(text).toMatch(dialect === 'sqlite' ? /<expr><\?/ : /Index Cond: .*COALESCE\(last_name/);
    expect(sorted(text), text).toBe(false);
  });

  it('contact_emails eq: the (organization_id, email) index', async () => {
    const text = await plan({ filters: [{ field: 'contact_emails', operator: 'eq', value: 'p7@example.com' }] });
    expect(text).toContain('contact_emails_email_idx');
  });

  it('owner_user_id and stage filters: their (organization_id, x, created_at, id) indexes, no sort', async () => {
    const owner = await plan({ filters: [{ field: 'owner_user_id', operator: 'eq', value: '01900000-0000-7000-8000-000000000001' }] });
    expect(owner).toContain('contacts_owner_user_created_idx');
    expect(sorted(owner), owner).toBe(false);
    const stage = await plan({ filters: [{ field: 'stage', operator: 'eq', value: 'working' }] });
    expect(stage).toContain('contacts_stage_created_idx');
    expect(sorted(stage), stage).toBe(false);
  });
});
