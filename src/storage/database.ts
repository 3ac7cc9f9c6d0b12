import { Migrator, sql, type Kysely } from 'kysely';
import type { Schema } from './schema.ts';
import type { DialectProfile } from './dialects/profile.ts';
import { openSqlite } from './dialects/sqlite.ts';
import { openPostgres } from './dialects/postgres.ts';
import { migrationProvider } from './migrations/index.ts';

export interface Database {
  readonly db: Kysely<Schema>;
  readonly profile: DialectProfile;
  close(): Promise<void>;
}

export function openDatabase(url: string): Database {
  const { db, profile } = url.startsWith('sqlite:') ? openSqlite(url) : openPostgres(url);
  return { db, profile, close: () => db.destroy() };
}

/** Applies every pending migration; returns the names applied. */
export async function migrate(database: Database): Promise<string[]> {
  // Kysely looks for its migration tables in every schema unless told which: name ours, or another
  // schema's tables (a second contactd, a parallel test) make it skip creating them here.
  const migrationTableSchema = database.profile.name === 'postgres'
    ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db)).rows[0]?.schema
    : undefined;
  const migrator = new Migrator({ db: database.db, provider: migrationProvider, ...(migrationTableSchema !== undefined ? { migrationTableSchema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
