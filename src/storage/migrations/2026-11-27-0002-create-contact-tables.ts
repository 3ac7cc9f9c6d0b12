import { sql, type Kysely } from 'kysely';
import { textType } from './column-types.ts';

const NULLABLE_TEXT_COLUMNS = [
  'display_name', 'stage', 'created_by_user_id', 'first_name', 'last_name', 'middle_name', 'title', 'department',
  'primary_email', 'primary_phone_number',
] as const;
const MORE_NULLABLE_TEXT_COLUMNS = [
  'address', 'linkedin_url', 'zoominfo_url', 'x_url', 'facebook_url', 'owner_user_id', 'owner_team_id',
  'updated_by_user_id', 'archived_by_user_id', 'created_source', 'created_source_form_submission_details',
  'phone_enriched_at', 'email_enriched_at', 'email_enrich_status', 'phone_number_enrich_status',
  'last_activity_at', 'last_voice_call', 'last_meeting', 'last_global_thread', 'last_engaged_at',
  'last_outreached_at', 'last_inbound_meeting_at', 'last_inbound_voice_call_at', 'last_inbound_global_thread_at',
  'last_outbound_meeting_at', 'last_outbound_voice_call_at', 'last_outbound_global_thread_at', 'archived_at',
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  const text = textType(db);
  let contacts = db.schema
    .createTable('contacts')
    .addColumn('organization_id', text, (c) => c.notNull().references('organizations.organization_id'))
    .addColumn('id', text, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('updated_at', text, (c) => c.notNull());
  for (const name of NULLABLE_TEXT_COLUMNS) contacts = contacts.addColumn(name, text);
  contacts = contacts.addColumn('sms_consent', 'integer');
  for (const name of MORE_NULLABLE_TEXT_COLUMNS) contacts = contacts.addColumn(name, text);
  await contacts.addPrimaryKeyConstraint('contacts_pk', ['organization_id', 'id']).execute();
  await db.schema.createIndex('contacts_created_at_idx').on('contacts').columns(['organization_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('contacts_updated_at_idx').on('contacts').columns(['organization_id', 'updated_at', 'id']).execute();
  await db.schema.createIndex('contacts_primary_email_idx').on('contacts').columns(['organization_id', 'primary_email']).execute();

  for (const [table, valueColumn] of [['contact_emails', 'email'], ['contact_phone_numbers', 'phone_number']] as const) {
    await db.schema
      .createTable(table)
      .addColumn('organization_id', text, (c) => c.notNull())
      .addColumn('id', text, (c) => c.notNull())
      .addColumn('contact_id', text, (c) => c.notNull())
      .addColumn(valueColumn, text, (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('is_primary', 'integer', (c) => c.notNull())
      .addColumn('labels', text, (c) => c.notNull())
      .addColumn('live', 'integer', (c) => c.notNull().defaultTo(1))
      .addPrimaryKeyConstraint(`${table}_pk`, ['organization_id', 'id'])
      .addForeignKeyConstraint(`${table}_contact_fk`, ['organization_id', 'contact_id'], 'contacts', ['organization_id', 'id'], (fk) => fk.onDelete('cascade'))
      .execute();
    await db.schema.createIndex(`${table}_contact_idx`).on(table).columns(['organization_id', 'contact_id', 'position']).execute();
  }
  // One live contact per email in an organization; archiving a contact sets live = 0 and frees its emails.
  await db.schema
    .createIndex('contact_emails_live_email_unique')
    .unique()
    .on('contact_emails')
    .columns(['organization_id', 'email'])
    .where(sql.ref('live'), '=', 1)
    .execute();
  await db.schema.createIndex('contact_emails_email_idx').on('contact_emails').columns(['organization_id', 'email']).execute();
  await db.schema.createIndex('contact_phone_numbers_number_idx').on('contact_phone_numbers').columns(['organization_id', 'phone_number']).execute();

  await db.schema
    .createTable('contact_participants')
    .addColumn('organization_id', text, (c) => c.notNull())
    .addColumn('contact_id', text, (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('user_id', text, (c) => c.notNull())
    .addPrimaryKeyConstraint('contact_participants_pk', ['organization_id', 'contact_id', 'position'])
    .addForeignKeyConstraint('contact_participants_contact_fk', ['organization_id', 'contact_id'], 'contacts', ['organization_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('contact_participants_user_idx').on('contact_participants').columns(['organization_id', 'user_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['contact_participants', 'contact_phone_numbers', 'contact_emails', 'contacts']) {
    await db.schema.dropTable(t).execute();
  }
}
