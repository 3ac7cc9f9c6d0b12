import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CONTACT_CATALOG } from '../../src/domain/catalog/contact-catalog.ts';
import { blankContact } from '../../src/domain/contact.ts';
import { CONTACT_COLUMNS, toContactRow } from '../../src/storage/contact-row.ts';
import { describeEachDialect } from '../helpers/databases.ts';
import { createContact, getContact, patchContact } from '../helpers/contacts.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

describeEachDialect('the contacts table and the catalog', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  async function tableColumns(): Promise<string[]> {
    const rows = dialect === 'sqlite'
      ? (await sql<{ name: string }>`select name from pragma_table_info('contacts')`.execute(t.db.database.db)).rows
      : (await sql<{ name: string }>`select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = 'contacts'`.execute(t.db.database.db)).rows;
    return rows.map((r) => r.name).sort();
  }

  it('the migrated table has exactly the columns the catalog derives, and a mapped contact fills every one of them', async () => {
    expect(await tableColumns()).toEqual([...CONTACT_COLUMNS].sort());
    expect(Object.keys(toContactRow(blankContact('o', 'c', '2026-01-01T00:00:00.000Z'))).sort()).toEqual([...CONTACT_COLUMNS].sort());
    expect(Object.keys(blankContact('o', 'c', '2026-01-01T00:00:00.000Z')).sort()).toEqual([...CONTACT_CATALOG.map((a) => a.apiName), 'version', 'custom'].sort());
  });

  it('200 from reads, queries and writes after a column is added to the contacts table of a running server (prepared statements name their columns)', async () => {
    const c = await createContact(t, { title: 'Before' });
    const query = { filters: [{ field: 'title', operator: 'eq', value: 'Before' }] };
    // Run every hot statement once so each is prepared (per connection on PostgreSQL) before the table changes.
    for (let i = 0; i < 12; i += 1) {
      await getContact(t, c.id);
      expect((await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: query })).statusCode).toBe(200);
    }
    await sql`alter table contacts add column added_while_running text`.execute(t.db.database.db);
    for (let i = 0; i < 12; i += 1) {
      expect((await getContact(t, c.id)).data.attributes.title.value).toBe('Before');
      const res = await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: query });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().data.map((x: { id: string }) => x.id)).toEqual([c.id]);
    }
    expect((await patchContact(t, c.id, { department: 'After' })).statusCode).toBe(200);
    await sql`alter table contacts drop column added_while_running`.execute(t.db.database.db);
  });
});
