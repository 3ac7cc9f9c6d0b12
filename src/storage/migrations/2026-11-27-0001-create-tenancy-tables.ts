import type { Kysely } from 'kysely';
import { textType } from './column-types.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const text = textType(db);
  await db.schema
    .createTable('organizations')
    .addColumn('organization_id', text, (c) => c.primaryKey())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('organization_id', text, (c) => c.notNull().references('organizations.organization_id'))
    .addColumn('id', text, (c) => c.notNull())
    .addColumn('email', text, (c) => c.notNull())
    .addColumn('name', text)
    .addColumn('created_at', text, (c) => c.notNull())
    .addPrimaryKeyConstraint('users_pk', ['organization_id', 'id'])
    .addUniqueConstraint('users_email_unique', ['organization_id', 'email'])
    .execute();

  await db.schema
    .createTable('teams')
    .addColumn('organization_id', text, (c) => c.notNull().references('organizations.organization_id'))
    .addColumn('id', text, (c) => c.notNull())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .addPrimaryKeyConstraint('teams_pk', ['organization_id', 'id'])
    .addUniqueConstraint('teams_name_unique', ['organization_id', 'name'])
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('organization_id', text, (c) => c.notNull().references('organizations.organization_id'))
    .addColumn('id', text, (c) => c.notNull())
    .addColumn('user_id', text, (c) => c.notNull())
    .addColumn('name', text)
    .addColumn('key_hash', text, (c) => c.notNull())
    .addColumn('key_prefix', text, (c) => c.notNull())
    .addColumn('permissions', text, (c) => c.notNull())
    .addColumn('expires_at', text)
    .addColumn('revoked_at', text)
    .addColumn('created_at', text, (c) => c.notNull())
    .addPrimaryKeyConstraint('api_keys_pk', ['organization_id', 'id'])
    .addForeignKeyConstraint('api_keys_user_fk', ['organization_id', 'user_id'], 'users', ['organization_id', 'id'])
    .execute();
  // The one index that cannot lead with organization_id: a request names its key, not its organization.
  // On a sharded PostgreSQL this small table is a reference table (replicated to every node).
  await db.schema.createIndex('api_keys_key_hash_unique').unique().on('api_keys').column('key_hash').execute();

  await db.schema
    .createTable('contact_stages')
    .addColumn('organization_id', text, (c) => c.notNull().references('organizations.organization_id'))
    .addColumn('id', text, (c) => c.notNull())
    .addColumn('api_name', text, (c) => c.notNull())
    .addColumn('display_value', text, (c) => c.notNull())
    .addColumn('color', text, (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('contact_stages_pk', ['organization_id', 'id'])
    .addUniqueConstraint('contact_stages_api_name_unique', ['organization_id', 'api_name'])
    .execute();

  // Server-wide settings (the cursor signing secret); not tenant data.
  await db.schema
    .createTable('server_settings')
    .addColumn('key', text, (c) => c.primaryKey())
    .addColumn('value', text, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['server_settings', 'contact_stages', 'api_keys', 'teams', 'users', 'organizations']) {
    await db.schema.dropTable(t).execute();
  }
}
