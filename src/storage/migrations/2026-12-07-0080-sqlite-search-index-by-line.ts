import { sql, type Kysely } from 'kysely';
import { TEXT_INDEX_LINE_SLOTS } from '../dialects/sqlite-thread.ts';
import { isPostgres } from './column-types.ts';

/*
 * SQLite: the FTS5 trigram index holds one row per line of each contact's search_text instead of one per
 * contact (see TEXT_INDEX_LINE_SLOTS): rowid = the contact's rowid × 1,024 + the line's index. It is
 * contentless (content=''), as the lines are nowhere else, and keeps no column sizes (no ranking is asked
 * of it). The fold (textIndexFolder) rewrites only the lines a write changed: a PATCH of the title deletes
 * and adds the trigrams of two lines rather than of the whole text, about a third less work for the
 * SQLite thread and shorter write locks (bench/README, 2026-12-07). A search token never holds a line
 * break, so it is found within one row (a `contains` value that does is not looked up in the index, see
 * contact-query.ts). The split is SQLite's substr/instr, which stop at a NUL character: contactd never
 * stores one (value-codec.ts refuses it), so the rows equal the fold's.
 *
 * The index is built again from contacts.search_text, and the notes of changes not yet folded dropped: every
 * contact is now indexed with its current text (the invariant of migration 2026-12-03-0060a).
 * PostgreSQL keeps its GIN index.
 */

const NEWLINE = sql`char(10)`;

/** Every contact's lines into the new index: rows from the last slot on joined in one, empty lines left out (as the fold does). */
async function fill(db: Kysely<unknown>): Promise<void> {
  const last = TEXT_INDEX_LINE_SLOTS - 1;
  await sql`insert into contact_search(rowid, line)
    with recursive split(base, i, line, rest) as (
      select rowid * ${sql.lit(TEXT_INDEX_LINE_SLOTS)}, -1, null, search_text || ${NEWLINE} from contacts
      union all
      select base, i + 1,
        case when i + 1 < ${sql.lit(last)} then substr(rest, 1, instr(rest, ${NEWLINE}) - 1) else substr(rest, 1, length(rest) - 1) end,
        case when i + 1 < ${sql.lit(last)} then substr(rest, instr(rest, ${NEWLINE}) + 1) else '' end
      from split where rest <> '')
    select base + i, line from split where i >= 0 and line <> '' order by base + i`.execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) return;
  await sql`drop table contact_search`.execute(db);
  await sql`create virtual table contact_search using fts5(line, content='', columnsize=0, tokenize='trigram case_sensitive 1', detail=none)`.execute(db);
  await sql`insert into contact_search(contact_search, rank) values ('automerge', 16)`.execute(db);
  await sql`delete from contact_search_pending`.execute(db);
  await fill(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) return;
  await sql`drop table contact_search`.execute(db);
  await sql`create virtual table contact_search using fts5(search_text, content='contacts', content_rowid='rowid', tokenize='trigram case_sensitive 1', detail=none)`.execute(db);
  await sql`insert into contact_search(contact_search, rank) values ('automerge', 16)`.execute(db);
  await sql`delete from contact_search_pending`.execute(db);
  await sql`insert into contact_search(contact_search) values ('rebuild')`.execute(db);
}
