import { Migrator, sql, type Kysely } from 'kysely';
import { quotedUrl } from '../domain/redact-url.ts';
import type { Schema } from './schema.ts';
import type { DialectProfile } from './dialects/profile.ts';
import { openSqlite, type SqliteOptions } from './dialects/sqlite.ts';
import { openPostgres, type PostgresOptions } from './dialects/postgres.ts';
import { migrationProvider } from './migrations/index.ts';

export interface Database {
  readonly db: Kysely<Schema>;
  readonly profile: DialectProfile;
  /**
   * Resolves when the database answers a trivial query; rejects (503 service_unavailable) when it cannot,
   * or (PostgreSQL) when no answer came within timeoutMs, whose connection it then closes.
   */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** How the database meets faults; each option applies to the dialect it names. */
export type DatabaseOptions = PostgresOptions & { sqliteBusyTimeoutMs?: number };

export function openDatabase(url: string, options: DatabaseOptions = {}): Database {
  // `sqlite:` alone (an unset variable in sqlite:$DIR/...) names no file: refused rather than kept in memory and lost at exit.
  if (!/^(sqlite:|postgres:\/\/|postgresql:\/\/)/.test(url) || /^sqlite:(\/\/)?$/.test(url)) {
    throw new Error(`unsupported database URL ${quotedUrl(url)}: use sqlite:<file>, sqlite::memory: or postgres://user@host:port/db`);
  }
  const { sqliteBusyTimeoutMs, ...postgres } = options;
  const sqliteOptions: SqliteOptions = sqliteBusyTimeoutMs === undefined ? {} : { busyTimeoutMs: sqliteBusyTimeoutMs };
  const { db, profile, stopped, ping } = url.startsWith('sqlite:')
    ? { ...openSqlite(url, sqliteOptions), ping: null }
    : { ...openPostgres(url, postgres), stopped: async () => undefined };
  return {
    db,
    profile,
    ping: async (timeoutMs) => {
      if (ping !== null && timeoutMs !== undefined) await ping(timeoutMs);
      else await sql`select 1`.execute(db);
    },
    /** Resolves once every connection of the process to the database is closed (SQLite's checkpoint thread's too). */
    close: async () => {
      await db.destroy();
      await stopped();
    },
  };
}

/** Applies every pending migration; returns the names applied. */
export async function migrate(database: Database): Promise<string[]> {
  // Kysely looks for its migration tables in every schema unless told which: name ours, or another
  // schema's tables (a second contactd, a parallel test) make it skip creating them here.
  // The URL's schema is every connection's search_path; it must exist before anything runs in it.
  // Two processes creating it at once: the loser's unique violation means it exists.
  if (database.profile.schema !== undefined) {
    await sql`create schema if not exists ${sql.id(database.profile.schema)}`.execute(database.db).catch((error: unknown) => {
      if (!database.profile.isUniqueViolation(error)) throw error;
    });
  }
  const migrationTableSchema = database.profile.name === 'postgres'
    ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db)).rows[0]?.schema
    : undefined;
  const run = async (db: Kysely<Schema>): Promise<string[]> => {
    const migrator = new Migrator({ db, provider: migrationProvider, ...(migrationTableSchema !== undefined ? { migrationTableSchema } : {}) });
    const { error, results } = await migrator.migrateToLatest();
    if (error) throw error instanceof Error ? error : new Error(String(error));
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  };
  // Kysely runs SQLite migrations outside any transaction and without a lock: one IMMEDIATE transaction makes
  // them all-or-nothing and makes a second process on the file (the CLI beside a server) wait, then find them applied.
  if (database.profile.name === 'sqlite') {
    const { profile } = database;
    return profile.withTempFiles === undefined ? profile.writeTransaction(run) : profile.withTempFiles(() => profile.writeTransaction(run));
  }
  const { withoutQueryTimeout } = database.profile;
  for (let attempt = 1; ; attempt += 1) {
    try {
      // An index built over a large table takes as long as it takes: no query limit while migrating.
      return withoutQueryTimeout === undefined ? await run(database.db) : await withoutQueryTimeout(() => run(database.db));
    } catch (error) {
      // Kysely's introspection reads every schema in the database; one dropped meanwhile (parallel test
      // databases) fails it with invalid_schema_name before anything of ours ran, so trying again is safe.
      if (attempt >= 5 || !isSchemaDroppedMeanwhile(error)) throw error;
    }
  }
}

export function isSchemaDroppedMeanwhile(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '3F000';
}
