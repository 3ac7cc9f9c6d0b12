import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STANDARD_CATALOG } from '../../src/domain/catalog/organization-catalog.ts';
import { parseQuery } from '../../src/domain/contact-query.ts';
import type { Actor, Contacts } from '../../src/domain/contacts.ts';
import { foldText, searchTokens } from '../../src/domain/text-fold.ts';
import { toContactRow, toEmailRows } from '../../src/storage/contact-row.ts';
import { isSchemaDroppedMeanwhile, migrate } from '../../src/storage/database.ts';
import { foldV1, searchDocumentV1 } from '../../src/storage/migrations/2026-12-02-0030-add-contact-search-text.ts';
import { migrationProvider, migrations } from '../../src/storage/migrations/index.ts';
import { foldedColumnValue, searchDocument, tokenNeedle } from '../../src/storage/search-text.ts';
import { SqlContactStore } from '../../src/storage/sql-contact-store.ts';
import { openContactsFixture } from '../helpers/contacts-fixture.ts';
import { describeEachDialect, type TestDatabase } from '../helpers/databases.ts';
import { expectTextIndexWhole } from '../helpers/text-index.ts';

const SAMPLES = [
  'Émile', 'émile', 'E\u0301MILE', 'Straße', 'STRASSE', 'Straẞe', 'İstanbul', 'ıstanbul', 'ΣΟΦΟΣ', 'σοφος', 'Σοφός', 'ﬁne', 'Ǆemal', 'ǅemal',
  '李小龍', '😀smile', '👍🏽ok', '한국어', 'mañana', "O'Brien", 'ﬀ ①', 'Ōsaka 大阪', 'x\\y%_*', 'Ann Lee', '+14155550132', 'émile.zola@example.com', '',
];

describe('foldText: the one folding rule', () => {
  it.each([
    ['Émile', 'emile'],
    ['E\u0301MILE', 'emile'],
    ['Straße', 'strasse'],
    ['STRAẞE', 'strasse'],
    ['İstanbul', 'istanbul'],
    ['ıstanbul', 'istanbul'],
    ['ΣΟΦΟΣ', 'σοφοσ'],
    ['σοφος', 'σοφοσ'],
    ['Σοφός', 'σοφοσ'],
    ['ﬁne', 'fine'],
    ['Ǆemal', 'dzemal'],
    ['ǅemal', 'dzemal'],
    ['① ㎏', '1 kg'],
    ['李小龍', '李小龍'],
    ['😀Smile', '😀smile'],
    ['한국어', '한국어'],
    ['MAÑANA', 'manana'],
    ['x\\Y%_*', 'x\\y%_*'],
  ])('%s folds to %s', (input, folded) => {
    expect(foldText(input)).toBe(folded);
  });

  it('is idempotent', () => {
    for (const s of SAMPLES) expect(foldText(foldText(s)), s).toBe(foldText(s));
  });

  it('search tokens are folded, then split on any whitespace', () => {
    expect(searchTokens('  Émile\u00a0ZOLA\u2003 ß ')).toEqual(['emile', 'zola', 'ss']);
    expect(searchTokens('\u0301')).toEqual([]);
  });
});

describe('stored forms', () => {
  it('a folded column is stored only when folding is more than ASCII lower-casing', () => {
    expect(foldedColumnValue('Ann Lee')).toBeNull();
    expect(foldedColumnValue(null)).toBeNull();
    expect(foldedColumnValue('Émile')).toBe('emile');
  });

  it('search_text: the folded texts, then each word start marked (U+0002 twice) with its first two characters', () => {
    expect(searchDocument(['Émile Zola', "O'Brien"])).toBe("emile zola\no'brien\n\u0002\u0002em\u0002\u0002zo\u0002\u0002o'\u0002\u0002br");
    expect(searchDocument(['+14155550132'])).toBe('+14155550132\n\u0002\u0002+1\u0002\u000214');
    expect(searchDocument(['a b'])).toBe('a b\n\u0002\u0002a\u0002\u0002b');
    expect(searchDocument([])).toBe('');
  });

  it('a short token is looked up as three characters only a word start holds', () => {
    expect(tokenNeedle('z')).toBe('\u0002\u0002z');
    expect(tokenNeedle('zo')).toBe('\u0002zo');
    expect(tokenNeedle('zol')).toBe('zol');
    expect(tokenNeedle('😀')).toBe('\u0002\u0002😀');
  });

  it('the search-text migration backfills with the same rule as the application (its frozen copy agrees)', () => {
    for (const s of SAMPLES) expect(foldV1(s), s).toBe(foldText(s));
    expect(searchDocumentV1(SAMPLES)).toBe(searchDocument(SAMPLES));
  });
});

describeEachDialect('search text in the database', (dialect) => {
  let t: TestDatabase;
  let actor: Actor;
  let store: SqlContactStore;
  let contacts: Contacts;
  beforeAll(async () => {
    ({ t, actor, store, contacts } = await openContactsFixture(dialect, 'Search text'));
  });
  afterAll(async () => t.destroy());

  /** The derived columns as stored, per contact id. */
  async function stored(): Promise<Map<string, unknown>> {
    const rows = await t.database.db.selectFrom('contacts').selectAll().where('organization_id', '=', actor.organizationId).execute();
    const emails = await t.database.db.selectFrom('contact_emails').select(['id', 'email_folded']).where('organization_id', '=', actor.organizationId).execute();
    const derived = new Map<string, unknown>(rows.map((r) => [r.id, Object.fromEntries(Object.entries(r).filter(([k]) => k === 'search_text' || k.endsWith('_folded')))]));
    for (const e of emails) derived.set(e.id, e.email_folded);
    return derived;
  }
  /** What the application writes for the contacts as they are now. */
  async function expected(ids: string[]): Promise<Map<string, unknown>> {
    const derived = new Map<string, unknown>();
    for (const id of ids) {
      const contact = (await store.findById(actor.organizationId, id))!;
      derived.set(id, Object.fromEntries(Object.entries(toContactRow(contact)).filter(([k]) => k === 'search_text' || k.endsWith('_folded'))));
      for (const e of toEmailRows(contact)) derived.set(e.id, e.email_folded);
    }
    return derived;
  }
  const searchIds = async (search: string) => (await contacts.query(actor, { search })).contacts.map((c) => c.id).sort();
  /** SQLite: the text index holds exactly contacts.search_text, once the noted changes are folded in. */
  const ftsIntact = async () => {
    if (dialect !== 'sqlite') return;
    t.database.profile.flushTextIndex?.();
    await expectTextIndexWhole(t.database.db);
  };

  it('writes keep the index in step with search_text, and the migration backfills contacts that existed before it', async () => {
    const ids: string[] = [];
    for (const attributes of [
      { first_name: 'Émile', last_name: 'Zola', contact_emails: ['Émile@Example.com', 'zola@example.org'], contact_phone_numbers: ['+14155550132'] },
      { last_name: 'Straße', title: 'İnşaat', department: 'ΣΟΦΟΣ', linkedin_url: 'https://linkedin.com/in/Ünal' },
      { first_name: 'Plain', last_name: 'Ascii', primary_email: 'plain@example.com' },
    ]) ids.push((await contacts.create(actor, { attributes })).id);
    await contacts.patch(actor, ids[2]!, { attributes: { first_name: 'Renée' } });
    await contacts.archive(actor, ids[1]!);
    await ftsIntact();
    const written = await stored();
    expect(written).toEqual(await expected(ids));
    expect(await searchIds('emile 0132')).toEqual([ids[0]]);
    expect(await searchIds('renee')).toEqual([ids[2]]);

    // Undo the migration and apply it again: its backfill must produce what the application writes.
    const schema = dialect === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(t.database.db)).rows[0]!.s : undefined;
    const migrator = new Migrator({ db: t.database.db, provider: migrationProvider, ...(schema !== undefined ? { migrationTableSchema: schema } : {}) });
    // Down to the migration before it: the later ones (webhooks) are undone first and applied again after it.
    const names = Object.keys(migrations);
    const undone = names.slice(names.indexOf('2026-12-02-0030-add-contact-search-text'));
    const before = names[names.indexOf('2026-12-02-0030-add-contact-search-text') - 1] as string;
    let down = await migrator.migrateTo(before);
    for (let attempt = 1; attempt < 5 && isSchemaDroppedMeanwhile(down.error); attempt += 1) down = await migrator.migrateTo(before);
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName)).toEqual([...undone].reverse());
    expect(await migrate(t.database)).toEqual(undone);
    await ftsIntact();
    expect(await stored()).toEqual(written);
    expect(await searchIds('emile 0132')).toEqual([ids[0]]);
    expect(await searchIds('re')).toEqual([ids[2]]);

    // Deleting rows (a purge) takes them out of the index too.
    await t.database.db.deleteFrom('contacts').where('organization_id', '=', actor.organizationId).where('id', '=', ids[0]!).execute();
    await ftsIntact();
    expect(await searchIds('emile')).toEqual([]);
  });

  it('the same contacts in the same order whether SQLite starts from the text index\'s hits or walks the sort order', async () => {
    const names = ['Émile', 'emile', 'Zoë', 'zoe', 'Straße', 'STRASSE', 'a*b', 'a%b', 'x\\y', '李小龍', 'Ann Lee', 'Anna', "O'Brien"];
    for (const [i, name] of names.entries()) await contacts.create(actor, { attributes: { first_name: name, last_name: `Walk${i % 3}`, contact_emails: [`walk${i}@example.org`] } });
    const driven = new SqlContactStore(t.database, null, Number.MAX_SAFE_INTEGER);
    const walked = new SqlContactStore(t.database, null, 0);
    // SQLite: the first needle alone finds the bound (2), so the other needles narrow its hits in the index.
    const narrowed = new SqlContactStore(t.database, null, 2);
    const bodies = [
      { search: 'emile' }, { search: 'e' }, { search: 'zo walk2' }, { search: 'sse' }, { search: 'a*b' }, { search: 'x\\y' }, { search: '李' }, { search: 'example.org an' },
      { filters: [{ field: 'first_name', operator: 'contains', value: 'EMI' }] },
      { search: 'walk', filters: [{ field: 'contact_emails', operator: 'starts_with', value: 'walk1' }], sort: [{ field: 'first_name', direction: 'desc' }] },
    ];
    let nonEmpty = 0;
    for (const body of bodies) {
      const { query } = parseQuery(body, actor.organizationId, await store.stages(actor.organizationId), { defaultPhoneRegion: 'US' }, 'walk-secret-walk-secret', STANDARD_CATALOG);
      // SQLite: driven before the new contacts' text is folded into the index (found as noted changes), then after.
      const a = (await driven.query(actor.organizationId, query!.plan)).map((c) => c.id);
      const b = (await walked.query(actor.organizationId, query!.plan)).map((c) => c.id);
      const n = (await narrowed.query(actor.organizationId, query!.plan)).map((c) => c.id);
      expect(n, JSON.stringify(body)).toEqual(a);
      t.database.profile.flushTextIndex?.();
      const c = (await driven.query(actor.organizationId, query!.plan)).map((contact) => contact.id);
      expect(b, JSON.stringify(body)).toEqual(a);
      expect(c, JSON.stringify(body)).toEqual(a);
      if (a.length > 0) nonEmpty += 1;
    }
    expect(nonEmpty).toBe(bodies.length);
  });

  it('SQLite indexes each line of search_text as a row: lines past the last slot share one, only changed lines are rewritten, and the migration builds the same index', async () => {
    const driven = new SqlContactStore(t.database, null, Number.MAX_SAFE_INTEGER);
    const find = async (body: Record<string, unknown>) => {
      const { query } = parseQuery(body, actor.organizationId, await store.stages(actor.organizationId), { defaultPhoneRegion: 'US' }, 'line-secret-line-secret', STANDARD_CATALOG);
      return (await driven.query(actor.organizationId, query!.plan)).map((c) => c.id);
    };
    // A value holding a line break: a needle across it is in no one line, so it is not looked up in the index.
    const { id } = await contacts.create(actor, { attributes: { first_name: 'Manylines', title: 'Upper deck\nLower hold' } });
    const across = { filters: [{ field: 'title', operator: 'contains', value: 'DECK\nLOWER' }] };
    expect(await find(across)).toEqual([id]);
    t.database.profile.flushTextIndex?.();
    expect(await find(across)).toEqual([id]);
    expect(await find({ search: 'manyl hold' })).toEqual([id]);
    if (dialect !== 'sqlite') return;
    // More lines than a contact has slots (1,024): written as the application never would, to reach the last slot.
    const lines = Array.from({ length: 1100 }, (_, i) => `line${String(i).padStart(4, '0')}`);
    const setText = (text: string) => sql`update contacts set search_text = ${text} where organization_id = ${actor.organizationId} and id = ${id}`.execute(t.database.db);
    await setText(lines.join('\n'));
    t.database.profile.flushTextIndex?.();
    await ftsIntact();
    for (const needle of ['line0000', 'line1022', 'line1023', 'line1099']) expect(await find({ search: needle }), needle).toEqual([id]);
    await setText([...lines.slice(0, 1099), 'lastline'].join('\n'));
    t.database.profile.flushTextIndex?.();
    await ftsIntact();
    expect(await find({ search: 'line1099' })).toEqual([]);
    expect(await find({ search: 'lastline' })).toEqual([id]);
    // Undo the migration and apply it again: it builds from search_text what the folds built.
    const names = Object.keys(migrations);
    const migrator = new Migrator({ db: t.database.db, provider: migrationProvider });
    const down = await migrator.migrateTo(names[names.indexOf('2026-12-07-0080-sqlite-search-index-by-line') - 1] as string);
    expect(down.error).toBeUndefined();
    expect(await migrate(t.database)).toEqual(['2026-12-07-0080-sqlite-search-index-by-line']);
    await ftsIntact();
    expect(await find({ search: 'lastline' })).toEqual([id]);
    expect(await find({ search: 'line1023' })).toEqual([id]);
    await t.database.db.deleteFrom('contacts').where('organization_id', '=', actor.organizationId).where('id', '=', id).execute();
    t.database.profile.flushTextIndex?.();
    await ftsIntact();
  });

  it('a search sees each write at once, whether or not SQLite has folded it into the text index yet', async () => {
    const driven = new SqlContactStore(t.database, null, Number.MAX_SAFE_INTEGER);
    const find = async (search: string) => {
      const { query } = parseQuery({ search }, actor.organizationId, await store.stages(actor.organizationId), { defaultPhoneRegion: 'US' }, 'fold-secret-fold-secret', STANDARD_CATALOG);
      return (await driven.query(actor.organizationId, query!.plan)).map((c) => c.id);
    };
    const folded = () => t.database.profile.flushTextIndex?.();
    const { id } = await contacts.create(actor, { attributes: { first_name: 'Quillon', title: 'Xerography' } });
    folded();
    await contacts.patch(actor, id, { attributes: { title: 'Yodelling' } });
    // The index still holds the old title until the fold: the new one is found, the old one is not.
    expect(await find('yodell')).toEqual([id]);
    expect(await find('xerogr')).toEqual([]);
    await contacts.patch(actor, id, { attributes: { title: 'Zymurgy' } });
    expect(await find('yodell')).toEqual([]);
    expect(await find('zymurg')).toEqual([id]);
    folded();
    await ftsIntact();
    expect(await find('zymurg')).toEqual([id]);
    expect(await find('xerogr')).toEqual([]);
    // A deleted row whose rowid a new contact takes (SQLite reuses the largest rowid): the index ends up holding the new text only.
    await t.database.db.deleteFrom('contacts').where('organization_id', '=', actor.organizationId).where('id', '=', id).execute();
    const { id: next } = await contacts.create(actor, { attributes: { first_name: 'Quillette', title: 'Vexillology' } });
    expect(await find('zymurg')).toEqual([]);
    expect(await find('vexill')).toEqual([next]);
    await ftsIntact();
    expect(await find('vexill')).toEqual([next]);
    expect(await find('quillo')).toEqual([]);
  });
});
