import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseQuery, type KeysetValues } from '../../src/domain/contact-query.ts';
import { ContactCatalog, STANDARD_CATALOG } from '../../src/domain/catalog/organization-catalog.ts';
import type { CustomAttribute } from '../../src/domain/catalog/custom-attribute.ts';
import type { ContactStage } from '../../src/domain/stages.ts';
import { Tenancy } from '../../src/domain/tenancy.ts';
import { indexedTextNeedles, pageQuery, textHitRowids, textNeedles } from '../../src/storage/contact-query.ts';
import { searchDocument } from '../../src/storage/search-text.ts';
import { SqlTenancyStore } from '../../src/storage/sql-tenancy-store.ts';
import { describeEachDialect, openTestDatabase, type TestDatabase } from '../helpers/databases.ts';

/** Enough rows that PostgreSQL prefers an index that narrows the rows to scanning the organization's. */
const ROWS = 4000;

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
      const lastName = i % 5 === 0 ? null : `L${i % 90}`;
      const firstName = i % 97 === 0 ? 'Quentin' : `${['Ann', 'Émile', 'Zoë', 'Bob'][i % 4]}${i}`;
      const searchText = searchDocument([firstName, ...(lastName === null ? [] : [lastName]), email.email]);
      contacts.push({ organization_id: org, id, version: 1, created_at: t, updated_at: t, first_name: firstName, first_name_folded: null, last_name: lastName, stage: stages[i % stages.length]!.id, emails_json: emailsJson, phone_numbers_json: '[]', participant_user_ids_json: '[]', custom_values: '{}', search_text: searchText });
      emails.push(email);
    }
    for (let from = 0; from < ROWS; from += 500) {
      await db.database.db.insertInto('contacts').values(contacts.slice(from, from + 500)).execute();
      await db.database.db.insertInto('contact_emails').values(emails.slice(from, from + 500)).execute();
    }
    // PostgreSQL: VACUUM moves the GIN index's pending list (fast update) into the index, as autovacuum would.
    await (dialect === 'postgres' ? sql`vacuum analyze contacts, contact_emails` : sql`analyze`).execute(db.database.db);
  });
  afterAll(async () => db.destroy());

  /** The plan text of one page query; PostgreSQL is told to avoid scans and sorts an index could spare. */
  async function plan(body: unknown, after: KeysetValues | null = null, options: { allowSort?: boolean; textDriven?: boolean; catalog?: ContactCatalog; rare?: boolean } = {}): Promise<string> {
    const { query, details } = parseQuery(body, org, stages, { defaultPhoneRegion: 'US' }, 'plans-secret-plans-secret', options.catalog ?? STANDARD_CATALOG);
    expect(details).toEqual([]);
    const hint = options.rare === true ? { rare: () => true } : options.textDriven === true ? { rowids: '[1,2,3]' } : null;
    const compiled = pageQuery(db.database.db, dialect, org, { ...query!.plan, limit: 51, after }, hint).compile();
    // SQLite: a text-driven page starts from the hits read first (SqlContactStore.readPage): that query's plan comes first.
    const hits = dialect === 'sqlite' && options.textDriven === true ? textHitRowids(db.database.db, indexedTextNeedles(textNeedles(query!.plan)), 2000).compile(db.database.db) : null;
    const explained = async (compiledQuery: typeof compiled) => (dialect === 'postgres' ? '' : ((await db.database.db.executeQuery({ ...compiledQuery, sql: `explain query plan ${compiledQuery.sql}` })).rows as Array<{ detail: string }>).map((r) => r.detail).join('\n'));
    const hitPlan = hits === null ? '' : `${await explained(hits as unknown as typeof compiled)}\n`;
    return hitPlan + await db.database.db.transaction().execute(async (trx) => {
      if (dialect === 'postgres') {
        // A 400-row table is cheap to scan and sort; these make the planner show whether an index fits.
        await sql`set local enable_seqscan = off`.execute(trx);
        if (options.allowSort !== true) await sql`set local enable_sort = off`.execute(trx);
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

  /**
   * The text index: on SQLite the FTS5 trigram table's hits and the noted changes not yet folded into it,
   * read first in one statement, then passed to the page (first, then contacts by rowid); the pg_trgm GIN
   * index on PostgreSQL.
   */
  const textIndex = dialect === 'sqlite'
    ? /^(?:[^\n]*\n)*?SCAN contact_search VIRTUAL TABLE INDEX[^\n]*\n(?:[^\n]*\n)*?SCAN contact_search_pending\n(?:[^\n]*\n)*?SCAN json_each VIRTUAL TABLE INDEX[^\n]*\n(?:[^\n]*\n){0,2}SEARCH contacts USING INTEGER PRIMARY KEY \(rowid=\?\)/
    : /Bitmap Index Scan on contacts_search_text_trgm_idx/;

  it('search, a 3-letter and a 6-letter token, folded (ÉMILE): the text index', async () => {
    for (const search of ['377', 'ÉMILE37', 'ann 12']) {
      const text = await plan({ search }, null, { allowSort: true, textDriven: true });
      expect(text, search).toMatch(textIndex);
    }
  });

  it('search in an organization with an archived searchable custom attribute: the text index, then each candidate checked through the custom values\' primary key', async () => {
    const def = (id: string, archivedAt: string | null): CustomAttribute => ({ organizationId: org, id, apiName: `code_${id}`, displayName: id, valueType: 'string', isArray: false, isUnique: false, isRequiredOnCreate: false, description: '', options: [], archivedAt, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' });
    const catalog = new ContactCatalog([def('live1', null), def('gone1', '2026-02-01T00:00:00.000Z')], 2);
    // Every contact holds a value of each, so a look-up by attribute alone would read half the table.
    const rows = Array.from({ length: ROWS }, (_, i) => `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`)
      .flatMap((id, i) => ['live1', 'gone1'].map((attribute) => ({ organization_id: org, contact_id: id, attribute_id: attribute, position: 0, value_text: `v${i}`, value_number: null, unique_value: null, live: 1, search_text: searchDocument([`v${i}`]) })));
    for (let from = 0; from < rows.length; from += 200) await db.database.db.insertInto('contact_custom_values').values(rows.slice(from, from + 200)).execute();
    await (dialect === 'postgres' ? sql`vacuum analyze contact_custom_values` : sql`analyze`).execute(db.database.db);
    for (const search of ['377', 'ÉMILE37', 'q']) {
      const text = await plan({ search }, null, { allowSort: true, textDriven: true, catalog });
      expect(text, search).toMatch(textIndex);
      expect(text, search).toMatch(dialect === 'sqlite' ? /SEARCH s USING (PRIMARY KEY|INDEX sqlite_autoindex_contact_custom_values_1) \(organization_id=\? AND contact_id=\?/ : /Index Scan using contact_custom_values_pk on contact_custom_values s/);
      expect(text, search).not.toMatch(/SCAN s\b|Seq Scan on contact_custom_values/);
    }
  });

  it('search, a 1- and a 2-letter token (word starts only): the text index too', async () => {
    for (const search of ['q', 'QU']) {
      const text = await plan({ search }, null, { allowSort: true, textDriven: true });
      expect(text, search).toMatch(textIndex);
    }
  });

  it('contains / starts_with on last_name and contains on contact_emails: the text index', async () => {
    for (const filter of [
      { field: 'last_name', operator: 'contains', value: 'l42' },
      { field: 'last_name', operator: 'starts_with', value: 'L42' },
      { field: 'contact_emails', operator: 'contains', value: 'p77@' },
    ]) {
      const text = await plan({ filters: [filter] }, null, { allowSort: true, textDriven: true });
      expect(text, JSON.stringify(filter)).toMatch(textIndex);
    }
  });

  if (dialect === 'postgres') {
    it('PostgreSQL, needles that look rare: each trigram a condition of the GIN scan, the whole needle checked on the rows it finds', async () => {
      for (const body of [{ search: 'quentin97' }, { filters: [{ field: 'last_name', operator: 'contains', value: 'l42x' }] }]) {
        const text = await plan(body, null, { allowSort: true, rare: true });
        const needle = 'search' in body ? 'quentin97' : 'l42x';
        const [first, second] = [needle.slice(0, 3), needle.slice(1, 4)];
        expect(text, needle).toMatch(new RegExp(`Bitmap Index Scan on contacts_search_text_trgm_idx[^\\n]*\\n\\s*Index Cond: \\(\\(search_text ~~ '%${first}%'::text\\) AND \\(search_text ~~ '%${second}%'::text\\)`));
        expect(text, needle).toMatch(new RegExp(`Filter: .*strpos\\(search_text, '${needle}'::text\\) > 0`));
      }
    });
  }

  it('SQLite, a needle with many hits: the sort index walked, search_text checked on each row, no text index and no sort', async () => {
    if (dialect !== 'sqlite') return;
    const text = await plan({ search: 'ann', filters: [{ field: 'last_name', operator: 'contains', value: 'l42' }] }, null, { textDriven: false });
    expect(text).toContain('contacts_created_at_idx');
    expect(text).not.toContain('contact_search');
    expect(sorted(text), text).toBe(false);
  });
});
