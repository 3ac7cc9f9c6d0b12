import { sql, type Kysely } from 'kysely';
import { isPostgres } from './column-types.ts';

const COLUMNS = ['emails_json', 'phone_numbers_json', 'participant_user_ids_json'] as const;

/**
 * Each contact's three lists, also as JSON on its own row, so a record is read with one primary-key
 * lookup and no per-list subqueries. The item tables stay the truth for uniqueness and filters; every
 * write sets both in one statement or transaction. Existing rows are filled from the item tables.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of COLUMNS) {
    await db.schema.alterTable('contacts').addColumn(column, 'text', (c) => c.notNull().defaultTo('[]')).execute();
  }
  if (isPostgres(db)) {
    await sql`update contacts c set
      emails_json = coalesce((select json_agg(json_build_object('id', e.id, 'value', e.email, 'isPrimary', e.is_primary = 1, 'labels', e.labels::json) order by e.position)
        from contact_emails e where e.organization_id = c.organization_id and e.contact_id = c.id)::text, '[]'),
      phone_numbers_json = coalesce((select json_agg(json_build_object('id', p.id, 'value', p.phone_number, 'isPrimary', p.is_primary = 1, 'labels', p.labels::json) order by p.position)
        from contact_phone_numbers p where p.organization_id = c.organization_id and p.contact_id = c.id)::text, '[]'),
      participant_user_ids_json = coalesce((select json_agg(u.user_id order by u.position)
        from contact_participants u where u.organization_id = c.organization_id and u.contact_id = c.id)::text, '[]')`.execute(db);
  } else {
    await sql`update contacts set
      emails_json = (select coalesce(json_group_array(json_object('id', e.id, 'value', e.email, 'isPrimary', json(iif(e.is_primary = 1, 'true', 'false')), 'labels', json(e.labels))), '[]')
        from (select * from contact_emails e where e.organization_id = contacts.organization_id and e.contact_id = contacts.id order by e.position) e),
      phone_numbers_json = (select coalesce(json_group_array(json_object('id', p.id, 'value', p.phone_number, 'isPrimary', json(iif(p.is_primary = 1, 'true', 'false')), 'labels', json(p.labels))), '[]')
        from (select * from contact_phone_numbers p where p.organization_id = contacts.organization_id and p.contact_id = contacts.id order by p.position) p),
      participant_user_ids_json = (select coalesce(json_group_array(u.user_id), '[]')
        from (select * from contact_participants u where u.organization_id = contacts.organization_id and u.contact_id = contacts.id order by u.position) u)`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of COLUMNS) await db.schema.alterTable('contacts').dropColumn(column).execute();
}
