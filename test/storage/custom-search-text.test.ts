import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Contacts, type Actor } from '../../src/domain/contacts.ts';
import { CustomAttributes } from '../../src/domain/custom-attributes.ts';
import { toContactRow, toCustomValueRows } from '../../src/storage/contact-row.ts';
import { isSchemaDroppedMeanwhile, migrate } from '../../src/storage/database.ts';
import { migrationProvider, migrations } from '../../src/storage/migrations/index.ts';
import { searchDocument } from '../../src/storage/search-text.ts';
import type { SqlContactStore } from '../../src/storage/sql-contact-store.ts';
import { openCustomContactsFixture } from '../helpers/contacts-fixture.ts';
import { describeEachDialect, type TestDatabase } from '../helpers/databases.ts';

const MIGRATION = '2026-12-03-0050e-search-custom-attributes';

describeEachDialect('custom values in search_text', (dialect) => {
  let t: TestDatabase;
  let actor: Actor;
  let store: SqlContactStore;
  let contacts: Contacts;
  let attributes: CustomAttributes;
  beforeAll(async () => {
    ({ t, actor, store, contacts, attributes } = await openCustomContactsFixture(dialect, 'Custom search text'));
  });
  afterAll(async () => t.destroy());

  /** contacts.search_text and the side rows' search_text as stored. */
  async function stored() {
    const rows = await t.database.db.selectFrom('contacts').select(['id', 'search_text']).where('organization_id', '=', actor.organizationId).orderBy('id').execute();
    const side = await t.database.db.selectFrom('contact_custom_values').select(['contact_id', 'attribute_id', 'position', 'search_text', 'value_folded']).where('organization_id', '=', actor.organizationId).orderBy('contact_id').orderBy('attribute_id').orderBy('position').execute();
    return { rows, side };
  }

  it('the application and the migration\'s backfill store the same documents; the migration undone leaves the standard part', async () => {
    for (const body of [
      { api_name: 'code', display_name: 'Code', value_type: 'string' },
      { api_name: 'score', display_name: 'Score', value_type: 'number' },
      { api_name: 'site', display_name: 'Site', value_type: 'url' },
      { api_name: 'aliases', display_name: 'Aliases', value_type: 'string', is_array: true },
      { api_name: 'billing', display_name: 'Billing', value_type: 'email' },
    ]) await attributes.create(actor.organizationId, body);
    const ids: string[] = [];
    for (const values of [
      { first_name: 'Émile', code: 'Ÿggdrasil', score: 3, site: 'https://Example.com/x', aliases: ['Zed', 'Émil'], billing: 'pay@example.org' },
      { last_name: 'Plain', score: 1 },
      { last_name: 'Other', code: 'only-custom' },
    ]) ids.push((await contacts.create(actor, { attributes: values })).id);
    const catalog = await attributes.catalog(actor.organizationId);
    const written = await stored();
    for (const row of written.rows) {
      const contact = (await store.findById(actor.organizationId, row.id))!;
      expect(row.search_text).toBe(toContactRow(contact, catalog.definitions).search_text);
    }
    const first = written.rows.find((r) => r.id === ids[0])!;
    expect(first.search_text).toContain(`\n\u0003${searchDocument(['Ÿggdrasil', 'https://Example.com/x', 'Zed', 'Émil', 'pay@example.org'])}`);
    expect(written.rows.find((r) => r.id === ids[1])!.search_text).not.toContain('\u0003');
    const contact = (await store.findById(actor.organizationId, ids[0]!))!;
    expect(written.side.filter((s) => s.contact_id === ids[0]).map((s) => s.search_text).sort()).toEqual(toCustomValueRows(contact, catalog.custom).map((r) => r.search_text).sort());
    expect(written.side.some((s) => s.search_text === null)).toBe(true);
    // Folded copies only where folding changes more than ASCII case (2026-12-03-0060b backfills them the same way).
    expect(written.side.filter((s) => s.contact_id === ids[0]).map((s) => s.value_folded).filter((v) => v !== null).sort()).toEqual(['emil', 'yggdrasil']);

    const schema = dialect === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(t.database.db)).rows[0]!.s : undefined;
    const migrator = new Migrator({ db: t.database.db, provider: migrationProvider, ...(schema !== undefined ? { migrationTableSchema: schema } : {}) });
    const names = Object.keys(migrations);
    const before = names[names.indexOf(MIGRATION) - 1] as string;
    let down = await migrator.migrateTo(before);
    for (let attempt = 1; attempt < 5 && isSchemaDroppedMeanwhile(down.error); attempt += 1) down = await migrator.migrateTo(before);
    expect(down.error).toBeUndefined();
    const standard = await t.database.db.selectFrom('contacts').select(['id', 'search_text']).where('organization_id', '=', actor.organizationId).orderBy('id').execute();
    for (const row of standard) {
      const c = (await store.findById(actor.organizationId, row.id).catch(() => null)) ?? null;
      if (c !== null) expect(row.search_text).toBe(toContactRow(c).search_text);
    }
    expect(await migrate(t.database)).toEqual(names.slice(names.indexOf(MIGRATION)));
    expect(await stored()).toEqual(written);
    const found = await contacts.query(actor, { search: 'yggdrasil emile' });
    expect(found.contacts.map((c) => c.id)).toEqual([ids[0]]);
  });

  it('concurrent PATCHes of custom values leave the side rows and search_text equal to the contact they produced', async () => {
    await attributes.create(actor.organizationId, { api_name: 'race_tags', display_name: 'Race tags', value_type: 'string', is_array: true });
    await attributes.create(actor.organizationId, { api_name: 'race_code', display_name: 'Race code', value_type: 'string' });
    const { id } = await contacts.create(actor, { attributes: { last_name: 'Racer', race_tags: ['a1', 'a2', 'a3'], race_code: 'start' } });
    const writes = Array.from({ length: 10 }, (_, i) => contacts.patch(actor, id, { attributes: i % 3 === 0
      ? { race_tags: Array.from({ length: i % 4 }, (_, j) => `w${i}t${j}`), race_code: null }
      : { race_tags: [`w${i}`], race_code: `code${i}` } }));
    await Promise.all(writes);
    const catalog = await attributes.catalog(actor.organizationId);
    const contact = (await store.findById(actor.organizationId, id))!;
    expect(contact.version).toBe(11);
    const side = await t.database.db.selectFrom('contact_custom_values').selectAll().where('organization_id', '=', actor.organizationId).where('contact_id', '=', id).execute();
    const byKey = (r: { attribute_id: string; position: number }) => `${r.attribute_id}/${r.position}`;
    const expected = toCustomValueRows(contact, catalog.custom).sort((a, b) => byKey(a).localeCompare(byKey(b)));
    expect(side.map((r) => ({ ...r, position: Number(r.position), live: Number(r.live) })).sort((a, b) => byKey(a).localeCompare(byKey(b)))).toEqual(expected);
    const row = await t.database.db.selectFrom('contacts').select('search_text').where('organization_id', '=', actor.organizationId).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.search_text).toBe(toContactRow(contact, catalog.definitions).search_text);
  });
});
