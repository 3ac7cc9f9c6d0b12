import { sql, type Kysely } from 'kysely';
import { searchDocumentV1 } from './2026-12-02-0030-add-contact-search-text.ts';
import { isPostgres, textType } from './column-types.ts';

/*
 * `search` also looks in custom attributes of type string, email and url (src/storage/search-text.ts):
 * each contact's search_text gains, after U+0003, the search document of those values, and each such side
 * table row its own search document (a search in an organization with archived searchable attributes checks
 * tokens against live attributes' rows). No index is added: the contacts.search_text index covers both parts.
 * Existing values are filled in here, with the rule of the search-text migration.
 */

const SEARCHED_TYPES = ['string', 'email', 'url'];
const BATCH = 500;

type ValueRow = { organization_id: string; contact_id: string; attribute_id: string; position: number; value_text: string | null };

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('contact_custom_values').addColumn('search_text', textType(db)).execute();
  let after: { organization_id: string; contact_id: string } | null = null;
  for (;;) {
    const page: ReturnType<typeof sql> = after === null ? sql`` : sql`and (v.organization_id > ${after.organization_id} or (v.organization_id = ${after.organization_id} and v.contact_id > ${after.contact_id}))`;
    const holders = (await sql<{ organization_id: string; contact_id: string }>`select distinct v.organization_id, v.contact_id from contact_custom_values v
      join custom_attributes a on a.organization_id = v.organization_id and a.id = v.attribute_id
      where a.value_type in (${sql.join(SEARCHED_TYPES)}) ${page} order by v.organization_id, v.contact_id limit ${BATCH}`.execute(db)).rows;
    for (const holder of holders) {
      // The values in definition order (the catalog's), then position: as the application builds them.
      const values = (await sql<ValueRow>`select v.organization_id, v.contact_id, v.attribute_id, v.position, v.value_text from contact_custom_values v
        join custom_attributes a on a.organization_id = v.organization_id and a.id = v.attribute_id
        where v.organization_id = ${holder.organization_id} and v.contact_id = ${holder.contact_id} and a.value_type in (${sql.join(SEARCHED_TYPES)})
        order by a.created_at, a.id, v.position`.execute(db)).rows;
      const texts: string[] = [];
      for (const v of values) {
        if (v.value_text === null) continue;
        texts.push(v.value_text);
        await sql`update contact_custom_values set search_text = ${searchDocumentV1([v.value_text])}
          where organization_id = ${v.organization_id} and contact_id = ${v.contact_id} and attribute_id = ${v.attribute_id} and position = ${v.position}`.execute(db);
      }
      if (texts.length === 0) continue;
      await sql`update contacts set search_text = search_text || ${`\n\u0003${searchDocumentV1(texts)}`}
        where organization_id = ${holder.organization_id} and id = ${holder.contact_id}`.execute(db);
    }
    if (holders.length < BATCH) return;
    after = holders.at(-1) as { organization_id: string; contact_id: string };
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Back to the standard part: everything before the newline and U+0003.
  const at = isPostgres(db) ? sql`strpos(search_text, chr(3))` : sql`instr(search_text, char(3))`;
  await sql`update contacts set search_text = substr(search_text, 1, ${at} - 2) where ${at} > 0`.execute(db);
  await db.schema.alterTable('contact_custom_values').dropColumn('search_text').execute();
}
