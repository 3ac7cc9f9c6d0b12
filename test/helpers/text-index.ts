import { sql, type Kysely } from 'kysely';
import { expect } from 'vitest';
import type { Schema } from '../../src/storage/schema.ts';

/** The rows SQLite's text index should hold for a search_text: its lines, from the 1,024th on in one (migration 2026-12-07-0080). */
function expectedRows(text: string): string[] {
  const lines = text.split('\n');
  return lines.length <= 1024 ? lines : [...lines.slice(0, 1023), lines.slice(1023).join('\n')];
}

const trigramsOf = (line: string): Set<string> => {
  const chars = Array.from(line);
  const trigrams = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i += 1) trigrams.add(chars.slice(i, i + 3).join(''));
  return trigrams;
};

/**
 * SQLite: checks that the FTS5 text index holds exactly every contact's search_text, a row per line (call
 * it once the noted changes are folded): FTS5's own integrity check of its structure; every trigram in as
 * many rows as the lines that hold it (a row left behind by a fold, or missing, changes a count); and every
 * line found, under its own rowid, by a match of all its trigrams.
 */
export async function expectTextIndexWhole(db: Kysely<Schema>): Promise<void> {
  await sql`insert into contact_search(contact_search, rank) values ('integrity-check', 0)`.execute(db);
  const contacts = (await sql<{ rowid: number; search_text: string }>`select rowid, search_text from contacts`.execute(db)).rows;
  const expected = new Map<string, number>();
  const lines: Array<{ rowid: number; trigrams: Set<string> }> = [];
  for (const contact of contacts) {
    for (const [i, line] of expectedRows(contact.search_text).entries()) {
      const trigrams = trigramsOf(line);
      if (trigrams.size === 0) continue;
      lines.push({ rowid: contact.rowid * 1024 + i, trigrams });
      for (const t of trigrams) expected.set(t, (expected.get(t) ?? 0) + 1);
    }
  }
  await sql`create virtual table if not exists temp.contact_search_terms using fts5vocab(main, contact_search, 'row')`.execute(db);
  const terms = (await sql<{ term: string; doc: number }>`select term, doc from temp.contact_search_terms`.execute(db)).rows;
  expect(new Map(terms.map((r) => [r.term, Number(r.doc)]))).toEqual(expected);
  for (const line of lines) {
    const match = [...line.trigrams].map((t) => `"${t.replaceAll('"', '""')}"`).join(' AND ');
    const found = (await sql<{ rowid: number }>`select rowid from contact_search where contact_search match ${match}`.execute(db)).rows.map((r) => Number(r.rowid));
    expect(found, `the line at rowid ${line.rowid}`).toContain(line.rowid);
  }
}
