import { sql, type Kysely } from 'kysely';
import { isPostgres, textType } from './column-types.ts';

/**
 * Custom attributes without a per-organization ALTER: definitions are rows; a contact's values live in
 * one JSON column of its row (so a record is still read with one primary-key lookup) and, for filters,
 * sorts and uniqueness, in a typed side table written in the same transaction. Adding the column with a
 * constant default rewrites nothing on either database.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const text = textType(db);
  const number = isPostgres(db) ? 'double precision' : 'real';
  await db.schema
    .createTable('custom_attributes')
    .addColumn('organization_id', text, (c) => c.notNull().references('organizations.organization_id'))
    .addColumn('id', text, (c) => c.notNull())
    .addColumn('api_name', text, (c) => c.notNull())
    .addColumn('display_name', text, (c) => c.notNull())
    .addColumn('value_type', text, (c) => c.notNull())
    .addColumn('is_array', 'integer', (c) => c.notNull())
    .addColumn('is_unique', 'integer', (c) => c.notNull())
    .addColumn('is_required_on_create', 'integer', (c) => c.notNull())
    .addColumn('description', text, (c) => c.notNull())
    .addColumn('options', text, (c) => c.notNull())
    .addColumn('archived_at', text)
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('updated_at', text, (c) => c.notNull())
    .addPrimaryKeyConstraint('custom_attributes_pk', ['organization_id', 'id'])
    // Archived definitions keep their row, so an api_name is never used twice.
    .addUniqueConstraint('custom_attributes_api_name_unique', ['organization_id', 'api_name'])
    .execute();

  // One row per organization that ever changed a definition: every process compares it to its cached catalog.
  await db.schema
    .createTable('contact_schema_versions')
    .addColumn('organization_id', text, (c) => c.primaryKey().references('organizations.organization_id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('contacts').addColumn('custom_values', 'text', (c) => c.notNull().defaultTo('{}')).execute();

  await db.schema
    .createTable('contact_custom_values')
    .addColumn('organization_id', text, (c) => c.notNull())
    .addColumn('contact_id', text, (c) => c.notNull())
    .addColumn('attribute_id', text, (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('value_text', text)
    .addColumn('value_number', number)
    /** Set only for unique attributes: the value's canonical text. */
    .addColumn('unique_value', text)
    /** 1 while the contact is not archived; uniqueness holds among live contacts only. */
    .addColumn('live', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('contact_custom_values_pk', ['organization_id', 'contact_id', 'attribute_id', 'position'])
    .addForeignKeyConstraint('contact_custom_values_contact_fk', ['organization_id', 'contact_id'], 'contacts', ['organization_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('contact_custom_values_text_idx').on('contact_custom_values').columns(['organization_id', 'attribute_id', 'value_text', 'contact_id']).execute();
  await db.schema.createIndex('contact_custom_values_number_idx').on('contact_custom_values').columns(['organization_id', 'attribute_id', 'value_number', 'contact_id']).execute();
  await db.schema
    .createIndex('contact_custom_values_unique')
    .unique()
    .on('contact_custom_values')
    .columns(['organization_id', 'attribute_id', 'unique_value'])
    .where(sql.ref('live'), '=', 1)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('contact_custom_values').execute();
  await db.schema.alterTable('contacts').dropColumn('custom_values').execute();
  await db.schema.dropTable('contact_schema_versions').execute();
  await db.schema.dropTable('custom_attributes').execute();
}
