import { randomBytes } from 'node:crypto';
import { migrate, openDatabase, type Database, type DatabaseOptions } from '../../src/storage/database.ts';
import { describeWhenAvailable } from './backends.ts';

export type Dialect = 'sqlite' | 'postgres';

/** PostgreSQL tests run when this is set (.ci/run sets it); each test database is a fresh schema. */
export const POSTGRES_URL = process.env.CONTACTD_TEST_POSTGRES_URL ?? null;

export const DIALECTS: Dialect[] = POSTGRES_URL === null ? ['sqlite'] : ['sqlite', 'postgres'];

/** What a PostgreSQL variant needs, or null when this machine has it. */
export const POSTGRES_MISSING = POSTGRES_URL === null ? 'CONTACTD_TEST_POSTGRES_URL is not set (postgres://…)' : null;

/** describe() once per dialect: PostgreSQL only where CONTACTD_TEST_POSTGRES_URL is set, and never skipped under CI=true. */
export function describeEachDialect(name: string, body: (dialect: Dialect) => void): void {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    describeWhenAvailable(`${name} [${dialect}]`, dialect === 'postgres' ? POSTGRES_MISSING : null, () => body(dialect));
  }
}

/**
 * Kysely's migrator introspects every schema of the database, so another test dropping its schema at that
 * moment fails ours with "schema does not exist" (3F000) or "relation does not exist" (42P01); migrations
 * run in a transaction, so retry.
 */
async function migrateRetrying(database: Database): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await migrate(database);
      return;
    } catch (error) {
      // 42P01 (relation does not exist): a table of that schema vanished between the introspection's steps.
      if (attempt >= 5 || !['3F000', '42P01'].includes((error as { code?: string }).code ?? '')) throw error;
    }
  }
}

export interface TestDatabase {
  database: Database;
  url: string;
  /** Closes the connection and drops what the test created. */
  destroy(): Promise<void>;
}

/** A migrated, empty database: SQLite in memory (or in a given file), or a fresh PostgreSQL schema. */
export async function openTestDatabase(dialect: Dialect, options: { sqliteFile?: string; migrate?: boolean; databaseOptions?: DatabaseOptions } = {}): Promise<TestDatabase> {
  let url: string;
  let schema: string | null = null;
  if (dialect === 'sqlite') {
    url = `sqlite:${options.sqliteFile ?? ':memory:'}`;
  } else {
    if (POSTGRES_URL === null) throw new Error('CONTACTD_TEST_POSTGRES_URL is not set');
    schema = `t_${randomBytes(6).toString('hex')}`;
    const parsed = new URL(POSTGRES_URL);
    parsed.searchParams.set('schema', schema);
    url = parsed.toString();
  }
  const database = openDatabase(url, options.databaseOptions);
  if (options.migrate !== false) await migrateRetrying(database);
  return {
    database,
    url,
    destroy: async () => {
      if (schema !== null) {
        const { sql } = await import('kysely');
        // A query a test left waiting on a lock (its client gone after PG_QUERY_TIMEOUT_MS, the server still
        // running it) can make the drop a deadlock's victim: try again once it has gone.
        for (let attempt = 1; ; attempt += 1) {
          try {
            await sql.raw(`drop schema if exists "${schema}" cascade`).execute(database.db);
            break;
          } catch (error) {
            if ((error as { code?: string }).code !== '40P01' || attempt === 5) throw error;
            await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
          }
        }
      }
      await database.close();
    },
  };
}
