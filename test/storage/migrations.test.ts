import { Migrator, NO_MIGRATIONS, sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { isSchemaDroppedMeanwhile, migrate, type Database } from '../../src/storage/database.ts';
import { migrationProvider, migrations } from '../../src/storage/migrations/index.ts';
import { describeEachDialect, openTestDatabase, type Dialect, type TestDatabase } from '../helpers/databases.ts';

const TENANCY_TABLES = ['organizations', 'users', 'teams', 'api_keys', 'contact_stages'];
const CONTACT_TABLES = ['contacts', 'contact_emails', 'contact_phone_numbers', 'contact_participants'];
/** Kysely's own bookkeeping. */
const KYSELY_TABLES = ['kysely_migration', 'kysely_migration_lock'];
/**
 * SQLite's FTS5 text index over contacts.search_text, its shadow tables and the changes noted for it: an
 * index's storage, keyed by contacts' rowid, not tenant tables (the query joins back to contacts, which
 * carry organization_id).
 */
const TEXT_INDEX_TABLES = ['contact_search', 'contact_search_config', 'contact_search_data', 'contact_search_idx', 'contact_search_pending'];
/** Not tenant data: server-wide settings (the cursor secret). */
const GLOBAL_TABLES = ['server_settings', ...KYSELY_TABLES];
const NOT_TENANT_TABLES = [...GLOBAL_TABLES, ...TEXT_INDEX_TABLES];
/**
 * Indexes that do not lead with organization_id, and their columns: a request names its key, not its
 * organization (see the tenancy migration); the trigram index leads with the text it indexes (see the
 * search-text migration for the measurement); the webhook workers claim due deliveries of every organization
 * and import jobs (see the webhooks and import-jobs migrations; not unique, so a sharded table can keep it per shard).
 */
const INDEXES_NOT_LED_BY_ORG: Record<string, string[]> = { api_keys_key_hash_unique: ['key_hash'], contacts_search_text_trgm_idx: ['search_text'], webhook_deliveries_due_idx: ['status', 'next_attempt_at', 'event_sequence'], import_jobs_claim_idx: ['status', 'created_at'] };

interface Shape {
  tables: string[];
  /** table → primary key columns in order. */
  primaryKeys: Record<string, string[]>;
  /** index name → { table, columns in order }. */
  indexes: Record<string, { table: string; columns: string[] }>;
}

type Db = Kysely<unknown>;
const rows = async <T>(db: Db, query: ReturnType<typeof sql<T>>): Promise<T[]> => (await query.execute(db)).rows;

async function sqliteShape(db: Db): Promise<Shape> {
  const tables = (await rows<{ name: string }>(db, sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`)).map((r) => r.name);
  const shape: Shape = { tables, primaryKeys: {}, indexes: {} };
  for (const table of tables) {
    const columns = await rows<{ name: string; pk: number }>(db, sql.raw(`pragma table_info("${table}")`));
    shape.primaryKeys[table] = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    for (const index of await rows<{ name: string }>(db, sql.raw(`pragma index_list("${table}")`))) {
      const info = await rows<{ seqno: number; name: string }>(db, sql.raw(`pragma index_info("${index.name}")`));
      shape.indexes[index.name] = { table, columns: info.sort((a, b) => a.seqno - b.seqno).map((c) => c.name) };
    }
  }
  return shape;
}

async function postgresShape(db: Db): Promise<Shape> {
  const tables = (await rows<{ table_name: string }>(db, sql`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`)).map((r) => r.table_name);
  const shape: Shape = { tables, primaryKeys: {}, indexes: {} };
  const indexRows = await rows<{ index_name: string; table_name: string; is_primary: boolean; columns: string[] }>(db, sql`
    select i.relname as index_name, t.relname as table_name, x.indisprimary as is_primary,
           array(select a.attname from unnest(x.indkey) with ordinality as k(attnum, ord)
                 join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum order by k.ord)::text[] as columns
    from pg_index x
    join pg_class i on i.oid = x.indexrelid
    join pg_class t on t.oid = x.indrelid
    join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = current_schema()`);
  for (const r of indexRows) {
    shape.indexes[r.index_name] = { table: r.table_name, columns: r.columns };
    if (r.is_primary) shape.primaryKeys[r.table_name] = r.columns;
  }
  for (const table of tables) shape.primaryKeys[table] ??= [];
  return shape;
}

function shapeOf(dialect: Dialect, database: Database): Promise<Shape> {
  const db = database.db as unknown as Db;
  return dialect === 'sqlite' ? sqliteShape(db) : postgresShape(db);
}

describe('migration list', () => {
  it('names are date-sortable, say what they do, and are listed in the order they apply', () => {
    const names = Object.keys(migrations);
    expect(names.length).toBeGreaterThanOrEqual(2);
    // The number may carry a letter (0050c): parallel branches each take one, so their migrations never collide.
    for (const name of names) expect(name).toMatch(/^\d{4}-\d{2}-\d{2}-\d{4}[a-z]?-[a-z0-9]+(-[a-z0-9]+)+$/);
    expect([...names].sort()).toEqual(names);
  });
});

describeEachDialect('migrations', (dialect) => {
  let t: TestDatabase | null = null;
  afterEach(async () => {
    await t?.destroy();
    t = null;
  });

  it('migrate creates every table on an empty database', async () => {
    t = await openTestDatabase(dialect, { migrate: false });
    expect((await shapeOf(dialect, t.database)).tables).toEqual([]);
    const applied = await migrate(t.database);
    expect(applied).toEqual(Object.keys(migrations));
    const { tables } = await shapeOf(dialect, t.database);
    expect(tables).toEqual(expect.arrayContaining([...TENANCY_TABLES, ...CONTACT_TABLES, ...GLOBAL_TABLES]));
  });

  it('a second migrate is a no-op: nothing applied, the schema unchanged', async () => {
    t = await openTestDatabase(dialect);
    const before = await shapeOf(dialect, t.database);
    expect(await migrate(t.database)).toEqual([]);
    expect(await shapeOf(dialect, t.database)).toEqual(before);
  });

  it('every primary key leads with organization_id (organizations: it is the key)', async () => {
    t = await openTestDatabase(dialect);
    const { tables, primaryKeys } = await shapeOf(dialect, t.database);
    const tenantTables = tables.filter((name) => !NOT_TENANT_TABLES.includes(name));
    expect(tenantTables.length).toBeGreaterThanOrEqual(TENANCY_TABLES.length + CONTACT_TABLES.length);
    for (const table of tenantTables) expect(primaryKeys[table]?.[0], table).toBe('organization_id');
    expect(primaryKeys.organizations).toEqual(['organization_id']);
  });

  it('every index leads with organization_id, except the documented api_keys key_hash, trigram and webhook due-deliveries indexes', async () => {
    t = await openTestDatabase(dialect);
    const { indexes } = await shapeOf(dialect, t.database);
    const tenantIndexes = Object.entries(indexes).filter(([, index]) => !NOT_TENANT_TABLES.includes(index.table));
    expect(tenantIndexes.length).toBeGreaterThan(10);
    const offenders = tenantIndexes.filter(([name, index]) => index.columns[0] !== 'organization_id' && INDEXES_NOT_LED_BY_ORG[name] === undefined);
    expect(offenders).toEqual([]);
    expect(indexes.api_keys_key_hash_unique?.columns).toEqual(INDEXES_NOT_LED_BY_ORG.api_keys_key_hash_unique);
    expect(indexes.webhook_deliveries_due_idx?.columns).toEqual(INDEXES_NOT_LED_BY_ORG.webhook_deliveries_due_idx);
    if (dialect === 'postgres') expect(indexes.contacts_search_text_trgm_idx?.columns).toEqual(INDEXES_NOT_LED_BY_ORG.contacts_search_text_trgm_idx);
  });

  it('every migration can be undone and applied again', async () => {
    t = await openTestDatabase(dialect);
    const migrationTableSchema = dialect === 'postgres' ? (await rows<{ schema: string }>(t.database.db as unknown as Db, sql`select current_schema() as schema`))[0]?.schema : undefined;
    const migrator = new Migrator({ db: t.database.db, provider: migrationProvider, ...(migrationTableSchema !== undefined ? { migrationTableSchema } : {}) });
    let down = await migrator.migrateTo(NO_MIGRATIONS);
    // As migrate() does: another test dropping its schema can fail Kysely's database-wide introspection.
    for (let attempt = 1; attempt < 5 && isSchemaDroppedMeanwhile(down.error); attempt += 1) down = await migrator.migrateTo(NO_MIGRATIONS);
    expect(down.error).toBeUndefined();
    expect((await shapeOf(dialect, t.database)).tables.filter((name) => !KYSELY_TABLES.includes(name))).toEqual([]);
    expect(await migrate(t.database)).toEqual(Object.keys(migrations));
  });
});
