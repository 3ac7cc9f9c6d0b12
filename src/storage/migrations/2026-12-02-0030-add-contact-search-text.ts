import { sql, type Kysely } from 'kysely';
import { isPostgres, textType } from './column-types.ts';

/*
 * Folded text matching and `search` (src/storage/search-text.ts): folded copies of the text columns, one
 * search document per contact, and the index over it: an FTS5 trigram table kept in step by triggers on
 * SQLite, a pg_trgm GIN index on PostgreSQL. Existing contacts are filled in here, with the rule as of
 * this migration copied below (migrations never import app code; a test holds the copy to the app's).
 */

const FOLDED_COLUMNS = [
  'display_name', 'first_name', 'last_name', 'middle_name', 'title', 'department', 'primary_email',
  'linkedin_url', 'zoominfo_url', 'x_url', 'facebook_url',
] as const;
const SEARCHED_COLUMNS = ['display_name', 'first_name', 'last_name', 'middle_name', 'title', 'department'] as const;
const BATCH = 1000;

export function foldV1(s: string): string {
  // eslint-disable-next-line no-control-regex -- ASCII fast path
  if (/^[\x00-\x7f]*$/.test(s)) return s.toLowerCase();
  return s.normalize('NFKD').toLowerCase().toUpperCase().toLowerCase().normalize('NFKD').replace(/\p{M}+/gu, '').replace(/ς/g, 'σ').normalize('NFC');
}

const asciiLower = (s: string): string => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
const foldedOrNull = (v: string | null): string | null => (v === null ? null : foldV1(v) === asciiLower(v) ? null : foldV1(v));

export function searchDocumentV1(texts: readonly string[]): string {
  if (texts.length === 0) return '';
  const folded = texts.map(foldV1);
  const starts = new Set<string>();
  for (const text of folded) {
    const chars = Array.from(text);
    chars.forEach((c, i) => {
      if (/\s/u.test(c) || (i > 0 && /[\p{L}\p{N}]/u.test(chars[i - 1] as string))) return;
      const next = chars[i + 1];
      starts.add(next !== undefined && !/\s/u.test(next) ? c + next : c);
    });
  }
  return starts.size === 0 ? folded.join('\n') : `${folded.join('\n')}\n${[...starts].map((s) => `\u0002\u0002${s}`).join('')}`;
}

type Row = Record<string, string | null>;

/** The search document of a stored contact row: its searched columns, then its emails and phone numbers. */
function documentOf(row: Row): string {
  const texts: string[] = [];
  for (const column of SEARCHED_COLUMNS) if (row[column] !== null) texts.push(row[column] as string);
  for (const list of ['emails_json', 'phone_numbers_json']) for (const item of JSON.parse(row[list] as string) as Array<{ value: string }>) texts.push(item.value);
  return texts.length === 0 ? '' : searchDocumentV1(texts);
}

/** Calls fn for every row of a table, in (organization_id, id) order, a batch at a time. */
async function forEachRow(db: Kysely<unknown>, table: string, columns: string[], fn: (row: Row) => Promise<void>): Promise<void> {
  let after: Row | null = null;
  for (;;) {
    const page: ReturnType<typeof sql> = after === null ? sql`` : sql`where (organization_id > ${after.organization_id} or (organization_id = ${after.organization_id} and id > ${after.id}))`;
    const result: { rows: Row[] } = await sql<Row>`select organization_id, id, ${sql.join(columns.map((c) => sql.ref(c)))} from ${sql.table(table)} ${page} order by organization_id, id limit ${BATCH}`.execute(db);
    for (const row of result.rows) await fn(row);
    if (result.rows.length < BATCH) return;
    after = result.rows.at(-1) as Row;
  }
}

async function backfill(db: Kysely<unknown>): Promise<void> {
  await forEachRow(db, 'contacts', [...FOLDED_COLUMNS, 'emails_json', 'phone_numbers_json'], async (row) => {
    const set = [sql`search_text = ${documentOf(row)}`, ...FOLDED_COLUMNS.map((c) => sql`${sql.ref(`${c}_folded`)} = ${foldedOrNull(row[c] ?? null)}`)];
    await sql`update contacts set ${sql.join(set)} where organization_id = ${row.organization_id} and id = ${row.id}`.execute(db);
  });
  await forEachRow(db, 'contact_emails', ['email'], async (row) => {
    const folded = foldedOrNull(row.email as string);
    if (folded !== null) await sql`update contact_emails set email_folded = ${folded} where organization_id = ${row.organization_id} and id = ${row.id}`.execute(db);
  });
}

/** An arbitrary constant: migrations of several schemas in one database create the extension one at a time. */
const EXTENSION_LOCK = 7_302_026_120_230;

export async function up(db: Kysely<unknown>): Promise<void> {
  const text = textType(db);
  await db.schema.alterTable('contacts').addColumn('search_text', text, (c) => c.notNull().defaultTo('')).execute();
  for (const column of FOLDED_COLUMNS) await db.schema.alterTable('contacts').addColumn(`${column}_folded`, text).execute();
  await db.schema.alterTable('contact_emails').addColumn('email_folded', text).execute();
  await backfill(db);

  if (isPostgres(db)) {
    // Extensions are per database and every test schema migrates its own copy of these tables: create it
    // once, in public, under a lock (two concurrent CREATE EXTENSION IF NOT EXISTS can collide).
    const installedIn = async () => (await sql<{ schema: string }>`select extnamespace::regnamespace::text as schema from pg_extension where extname = 'pg_trgm'`.execute(db)).rows[0]?.schema;
    let schema = await installedIn();
    if (schema === undefined) {
      await sql`select pg_advisory_xact_lock(${EXTENSION_LOCK})`.execute(db);
      await sql`create extension if not exists pg_trgm with schema public`.execute(db);
      schema = (await installedIn()) as string;
    }
    // Not led by organization_id: a trigram GIN index over (organization_id, search_text) needs btree_gin
    // and measured 7x slower on one large organization (the organization's posting list is walked too).
    await sql`create index contacts_search_text_trgm_idx on contacts using gin (search_text ${sql.id(schema, 'gin_trgm_ops')})`.execute(db);
    return;
  }
  // External content: the index reads the text from contacts.search_text (rowid), storing no copy. The
  // triggers run in the writing statement's transaction; detail=none keeps it half the size of full, and
  // GLOB queries (the only kind used) check every candidate against the text.
  await sql`create virtual table contact_search using fts5(search_text, content='contacts', content_rowid='rowid', tokenize='trigram case_sensitive 1', detail=none)`.execute(db);
  await sql`insert into contact_search(contact_search) values ('rebuild')`.execute(db);
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

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop index contacts_search_text_trgm_idx`.execute(db);
  } else {
    for (const trigger of ['contacts_search_insert', 'contacts_search_delete', 'contacts_search_update']) await sql.raw(`drop trigger ${trigger}`).execute(db);
    await sql`drop table contact_search`.execute(db);
  }
  await db.schema.alterTable('contact_emails').dropColumn('email_folded').execute();
  for (const column of ['search_text', ...FOLDED_COLUMNS.map((c) => `${c}_folded`)]) await db.schema.alterTable('contacts').dropColumn(column).execute();
}
