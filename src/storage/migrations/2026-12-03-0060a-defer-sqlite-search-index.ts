import { sql, type Kysely } from 'kysely';
import { isPostgres } from './column-types.ts';

/*
 * SQLite: the FTS5 trigram index stops being written inside each contact write. FTS5 writes a new index
 * segment (and merges segments) at every commit that changed it, which cost a one-attribute PATCH of a
 * searched attribute about two thirds of its SQLite time. Now the triggers only note which contacts' text
 * changed, with the text the index holds for them (contact_search_pending); the server folds the noted
 * changes into the index in batches, off the request (src/storage/dialects/sqlite.ts). A search reads the
 * noted contacts beside the index's hits and checks every candidate against contacts.search_text, so it
 * sees each write at once. Invariant: a contact not noted is indexed with its search_text; a noted one is
 * indexed with indexed_text (nothing when null).
 * PostgreSQL keeps its GIN index, which PostgreSQL maintains itself (pending list).
 */

export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) return;
  await sql`create table contact_search_pending (contact_rowid integer primary key, indexed_text text)`.execute(db);
  // Merge index segments 16 at a time instead of 4 (FTS5's most): each posting is rewritten by fewer merges,
  // for a few more segments for a search to look into. Kept in the index's own config table.
  await sql`insert into contact_search(contact_search, rank) values ('automerge', 16)`.execute(db);
  for (const trigger of ['contacts_search_insert', 'contacts_search_delete', 'contacts_search_update']) await sql.raw(`drop trigger ${trigger}`).execute(db);
  // "or ignore": a contact already noted keeps the text the index holds for it.
  await sql`create trigger contacts_search_insert after insert on contacts begin
    insert or ignore into contact_search_pending (contact_rowid, indexed_text) values (new.rowid, null);
  end`.execute(db);
  await sql`create trigger contacts_search_delete after delete on contacts begin
    insert or ignore into contact_search_pending (contact_rowid, indexed_text) values (old.rowid, old.search_text);
  end`.execute(db);
  await sql`create trigger contacts_search_update after update of search_text on contacts when old.search_text is not new.search_text begin
    insert or ignore into contact_search_pending (contact_rowid, indexed_text) values (old.rowid, old.search_text);
  end`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) return;
  for (const trigger of ['contacts_search_insert', 'contacts_search_delete', 'contacts_search_update']) await sql.raw(`drop trigger ${trigger}`).execute(db);
  // Fold what is noted into the index before the synchronous triggers take over again.
  await sql`insert into contact_search(contact_search, rowid, search_text) select 'delete', contact_rowid, indexed_text from contact_search_pending where indexed_text is not null`.execute(db);
  await sql`insert into contact_search(rowid, search_text) select c.rowid, c.search_text from contact_search_pending p join contacts c on c.rowid = p.contact_rowid`.execute(db);
  await sql`drop table contact_search_pending`.execute(db);
  await sql`insert into contact_search(contact_search, rank) values ('automerge', 4)`.execute(db);
  await sql`create trigger contacts_search_insert after insert on contacts begin
    insert into contact_search(rowid, search_text) values (new.rowid, new.search_text);
  end`.execute(db);
  await sql`create trigger contacts_search_delete after delete on contacts begin
    insert into contact_search(contact_search, rowid, search_text) values ('delete', old.rowid, old.search_text);
  end`.execute(db);
  await sql`create trigger contacts_search_update after update of search_text on contacts when old.search_text is not new.search_text begin
    insert into contact_search(contact_search, rowid, search_text) values ('delete', old.rowid, old.search_text);
    insert into contact_search(rowid, search_text) values (new.rowid, new.search_text);
  end`.execute(db);
}
