import { Migrator, type Kysely } from 'kysely';
import type { Schema } from './schema.ts';
import type { DialectProfile } from './dialects/profile.ts';
import { openSqlite } from './dialects/sqlite.ts';
import { openPostgres } from './dialects/postgres.ts';
import { migrationProvider } from './migrations/index.ts';

export interface Database {
  readonly db: Kysely<Schema>;
  readonly profile: DialectProfile;
  /** The PostgreSQL schema named in the URL, or null for the default. */
  readonly schema: string | null;
  close(): Promise<void>;
}

export function openDatabase(url: string): Database {
  const { db, profile, schema } = url.startsWith('sqlite:') ? { ...openSqlite(url), schema: null } : openPostgres(url);
  return { db, profile, schema, close: () => db.destroy() };
}

/** Applies every pending migration; returns the names applied. */
export async function migrate(database: Database): Promise<string[]> {
  // Kysely looks for its migration tables in every schema unless told which one is ours.
  const migrator = new Migrator({ db: database.db, provider: migrationProvider, ...(database.schema !== null ? { migrationTableSchema: database.schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
