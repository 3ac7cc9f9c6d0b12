import { sql } from 'kysely';
import { openTestDatabase } from '../test/helpers/databases.ts';
import { parseQuery } from '../src/domain/contact-query.ts';
import { STANDARD_CATALOG } from '../src/domain/catalog/organization-catalog.ts';
import { pageQuery } from '../src/storage/contact-query.ts';
import { Tenancy } from '../src/domain/tenancy.ts';
import { SqlTenancyStore } from '../src/storage/sql-tenancy-store.ts';

// EXPLAIN for the common _query shapes on a table of 2 x 20,000 contacts:
//   CONTACTD_TEST_POSTGRES_URL=postgres://... npx tsx bench/explain-contact-queries.ts sqlite|postgres
const dialect = process.argv[2] as 'sqlite' | 'postgres';
const db = await openTestDatabase(dialect);
const tenancy = new Tenancy(new SqlTenancyStore(db.database));
const orgs = [await tenancy.createOrganization('A'), await tenancy.createOrganization('B')];
const stages = await tenancy.listStages(orgs[0]!.id);
const k = db.database.db;
const N = 20000;
for (const org of orgs) {
  for (let b = 0; b < N; b += 500) {
    const rows = []; const emails = [];
    for (let i = b; i < b + 500; i++) {
      const id = `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`;
      const t = new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString();
      rows.push({ organization_id: org.id, id, version: 1, created_at: t, updated_at: t, first_name: `F${i % 500}`, last_name: i % 7 === 0 ? null : `L${i % 900}`, display_name: `F${i}`, stage: stages[i % 6]!.id, owner_user_id: null, last_activity_at: i % 3 ? t : null, archived_at: i % 50 === 0 ? t : null });
      emails.push({ organization_id: org.id, id: id.replace('8000', '9000'), contact_id: id, email: `p${i}@example.com`, position: 0, is_primary: 1, labels: '[]', live: i % 50 === 0 ? 0 : 1 });
    }
    await k.insertInto('contacts').values(rows as never).execute();
    await k.insertInto('contact_emails').values(emails as never).execute();
  }
}
if (dialect === 'postgres') await sql`analyze`.execute(k); else await sql`analyze`.execute(k);
const org = orgs[0]!.id;
const ctx = { defaultPhoneRegion: 'US' as const };
const cases: Record<string, unknown> = {
  default: {},
  sync: { filters: [{ field: 'updated_at', operator: 'gt', value: '2024-01-01T05:00:00Z' }], sort: [{ field: 'updated_at', direction: 'asc' }] },
  createdDesc: { sort: [{ field: 'created_at', direction: 'desc' }] },
  email: { filters: [{ field: 'contact_emails', operator: 'eq', value: 'p1234@example.com' }] },
  primaryEmail: { filters: [{ field: 'primary_email', operator: 'eq', value: 'p1234@example.com' }] },
  lastName: { sort: [{ field: 'last_name', direction: 'asc' }] },
  lastNameDesc: { sort: [{ field: 'last_name', direction: 'desc' }] },
  displayName: { sort: [{ field: 'display_name', direction: 'asc' }] },
  activity: { sort: [{ field: 'last_activity_at', direction: 'desc' }] },
  stage: { filters: [{ field: 'stage', operator: 'eq', value: 'working' }] },
  owner: { filters: [{ field: 'owner_user_id', operator: 'eq', value: '01900000-0000-7000-8000-000000000001' }] },
  syncPage2: { filters: [{ field: 'updated_at', operator: 'gt', value: '2024-01-01T00:00:00Z' }], sort: [{ field: 'updated_at', direction: 'asc' }] },
  defaultPage2: {},
  lastNameDescPage2: { sort: [{ field: 'last_name', direction: 'desc' }] },
  nameStarts: { filters: [{ field: 'last_name', operator: 'starts_with', value: 'L12' }] },
};
for (const [name, body] of Object.entries(cases)) {
  const { query, details } = parseQuery(body, org, stages, ctx, 'secret-secret-secret', STANDARD_CATALOG);
  if (!query) { console.log(name, details); continue; }
  // Page 2 and later carry the keyset bound: the scan must start at the cursor, not at the beginning.
  const after = name.endsWith('Page2') ? query.plan.sort.map((k) => (k.field === 'id' ? '01900000-0000-7000-8000-000000009000' : k.field.endsWith('_at') ? '2024-01-01T02:30:00.000Z' : 'L500')) : null;
  const plan = { ...query.plan, limit: 51, after };
  const compiled = pageQuery(k, dialect, org, plan).compile();
  const explainSql = dialect === 'postgres' ? `explain ${compiled.sql}` : `explain query plan ${compiled.sql}`;
  const res = await k.executeQuery({ ...compiled, sql: explainSql, query: compiled.query });
  console.log(`--- ${name}`);
  for (const r of res.rows as Array<Record<string, unknown>>) console.log('   ', r['QUERY PLAN'] ?? r.detail);
}
await db.destroy();
