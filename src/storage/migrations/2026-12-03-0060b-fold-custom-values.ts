import { sql, type Kysely } from 'kysely';
import { isPostgres, textType } from './column-types.ts';
import { foldV1 } from './2026-12-02-0030-add-contact-search-text.ts';

/*
 * Custom string, email and url values get a folded copy, as the standard text columns have had since
 * 0030: contains / starts_with / ends_with compare coalesce(value_folded, lower(value_text)) with the
 * folded needle, so they match across Unicode case and accents as standard attributes do (before, lower()
 * folded ASCII letters only). Stored only when folding changes more than ASCII case. Existing values:
 * only those with a non-ASCII character can differ, and only rows with a search document are of those
 * types, so those are the rows read and folded here, with the rule as of 0030.
 */

const BATCH = 1000;
const asciiLower = (s: string): string => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

interface Row { organization_id: string; contact_id: string; attribute_id: string; position: number; value_text: string }

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('contact_custom_values').addColumn('value_folded', textType(db)).execute();
  const nonAscii = isPostgres(db) ? sql`value_text ~ '[^\\x01-\\x7f]'` : sql`value_text glob ${'*[^\u0001-\u007f]*'}`;
  let after: Row | null = null;
  for (;;) {
    const page: ReturnType<typeof sql> = after === null ? sql`` : sql`and (organization_id, contact_id, attribute_id, position) > (${after.organization_id}, ${after.contact_id}, ${after.attribute_id}, ${after.position})`;
    const { rows }: { rows: Row[] } = await sql<Row>`select organization_id, contact_id, attribute_id, position, value_text from contact_custom_values
      where search_text is not null and value_text is not null and ${nonAscii} ${page}
      order by organization_id, contact_id, attribute_id, position limit ${BATCH}`.execute(db);
    for (const row of rows) {
      const folded = foldV1(row.value_text);
      if (folded === asciiLower(row.value_text)) continue;
      await sql`update contact_custom_values set value_folded = ${folded} where organization_id = ${row.organization_id} and contact_id = ${row.contact_id}
        and attribute_id = ${row.attribute_id} and position = ${row.position}`.execute(db);
    }
    if (rows.length < BATCH) return;
    after = rows.at(-1) as Row;
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('contact_custom_values').dropColumn('value_folded').execute();
}
