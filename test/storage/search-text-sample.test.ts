import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { trigramWindows } from '../../src/storage/contact-query.ts';
import { SearchTextSample } from '../../src/storage/search-text-sample.ts';
import { openContactsFixture, type ContactsFixture } from '../helpers/contacts-fixture.ts';
import { describeEachDialect, POSTGRES_URL } from '../helpers/databases.ts';

describe('trigramWindows: the trigrams PostgreSQL is asked for one at a time', () => {
  it('every window of ASCII letters and digits, once, in order; none across other characters', () => {
    expect(trigramWindows('ast523456')).toEqual(['ast', 'st5', 't52', '523', '234', '345', '456']);
    expect(trigramWindows('abcabcab')).toEqual(['abc', 'bca', 'cab']);
    expect(trigramWindows('ab.cd@ef12')).toEqual(['ef1', 'f12']);
    expect(trigramWindows('李小龍 abc')).toEqual(['abc']);
    expect(trigramWindows('ab')).toEqual([]);
  });

  it('at most 16, spread from the first window to the last', () => {
    const needle = 'abcdefghijklmnopqrstuvwxyz0123456789';
    const windows = trigramWindows(needle);
    expect(windows).toHaveLength(16);
    expect(windows[0]).toBe('abc');
    expect(windows.at(-1)).toBe('789');
    expect(new Set(windows).size).toBe(16);
    for (const w of windows) expect(needle).toContain(w);
  });
});

/** Contacts for the planner's sample: every last name holds "zed". */
const CONTACTS = 240;

const ordinary = (i: number) => ({ attributes: { first_name: `Kappa${i}`, last_name: `Zed${i}`, contact_emails: [`k${i}@zed.example`] } });

if (POSTGRES_URL !== null) {
  describe('SearchTextSample (PostgreSQL): which needles the planner takes for rare', () => {
    it('nothing before the table has statistics; after ANALYZE, a needle no sampled value holds, not one most hold', async () => {
      const f = await openContactsFixture('postgres', 'Sample');
      try {
        await sql`alter table contacts set (autovacuum_enabled = false)`.execute(f.t.database.db);
        for (let i = 0; i < 40; i += 1) await f.contacts.create(f.actor, ordinary(i));
        expect((await new SearchTextSample(f.t.database.db).rarity())('quillfeather9')).toBe(false);
        await sql`analyze contacts`.execute(f.t.database.db);
        const rare = await new SearchTextSample(f.t.database.db).rarity();
        expect(rare('quillfeather9')).toBe(true);
        expect(rare('zed')).toBe(false);
        expect(rare('kappa1')).toBe(false);
      } finally {
        await f.t.destroy();
      }
    });

    it('a sample older than a minute is read again in the background', async () => {
      const f = await openContactsFixture('postgres', 'Refresh');
      try {
        await sql`alter table contacts set (autovacuum_enabled = false)`.execute(f.t.database.db);
        for (let i = 0; i < 40; i += 1) await f.contacts.create(f.actor, ordinary(i));
        await sql`analyze contacts`.execute(f.t.database.db);
        let now = 0;
        const sample = new SearchTextSample(f.t.database.db, () => now);
        expect((await sample.rarity())('novembertide')).toBe(true);
        await f.t.database.db.updateTable('contacts').set({ search_text: sql`search_text || ${'\nnovembertide'}` }).execute();
        await sql`analyze contacts`.execute(f.t.database.db);
        now = 59_000;
        expect((await sample.rarity())('novembertide')).toBe(true);
        now = 61_000;
        await vi.waitFor(async () => expect((await sample.rarity())('novembertide')).toBe(false));
      } finally {
        await f.t.destroy();
      }
    });
  });
}

describeEachDialect('text needles the planner takes for rare: the same contacts, found through one trigram at a time on PostgreSQL', (dialect) => {
  let f: ContactsFixture;
  const ids: string[] = [];

  beforeAll(async () => {
    f = await openContactsFixture(dialect, 'Windows');
    for (let i = 0; i < CONTACTS; i += 1) ids.push((await f.contacts.create(f.actor, ordinary(i))).id);
    // PostgreSQL: statistics of the ordinary contacts only (and no autovacuum), so the planner's sample holds none of the needles below.
    if (dialect === 'postgres') {
      await sql`alter table contacts set (autovacuum_enabled = false)`.execute(f.t.database.db);
      await sql`analyze contacts`.execute(f.t.database.db);
    }
    for (const attributes of [
      { first_name: 'Ada', last_name: 'Quillfeather9', contact_emails: ['ada.quill@feather9.example'] },
      // Holds wxy, xyz and yzw (in "wxyz" and "yzwq") but not "wxyzw".
      { first_name: 'Decoy', last_name: 'Wxyz', title: 'yzwq' },
      { first_name: 'Wanted', last_name: 'Awxyzwb' },
    ]) ids.push((await f.contacts.create(f.actor, { attributes })).id);
  });
  afterAll(async () => f.t.destroy());

  const found = async (body: Record<string, unknown>) => (await f.contacts.query(f.actor, { ...body, limit: 500 })).contacts.map((c) => c.id);
  // Read inside the tests: the ids exist once beforeAll ran.
  const ada = () => ids[CONTACTS];
  const wanted = () => ids[CONTACTS + 2];

  it('contains and search with a rare needle find exactly their contacts; a contact holding every trigram of the needle but not the needle is not found', async () => {
    if (dialect === 'postgres') {
      const rare = await new SearchTextSample(f.t.database.db).rarity();
      for (const needle of ['llfeather9', 'quillfeather9', 'wxyzw', 'feather9.exa']) expect(rare(needle), needle).toBe(true);
    }
    expect(await found({ filters: [{ field: 'last_name', operator: 'contains', value: 'LLFEATHER9' }] })).toEqual([ada()]);
    expect(await found({ search: 'quillfeather9' })).toEqual([ada()]);
    expect(await found({ filters: [{ field: 'contact_emails', operator: 'contains', value: 'feather9.exa' }] })).toEqual([ada()]);
    expect(await found({ search: 'wxyzw' })).toEqual([wanted()]);
    expect(await found({ filters: [{ field: 'last_name', operator: 'contains', value: 'wxyzw' }] })).toEqual([wanted()]);
    // A common needle still finds all its contacts: Zed1, Zed10..19, Zed100..199.
    expect((await found({ search: 'zed1' })).length).toBe(1 + 10 + 100);
  });
});
