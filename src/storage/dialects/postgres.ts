import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Schema } from '../schema.ts';
import type { DialectProfile } from './profile.ts';

const UNIQUE_VIOLATION = '23505';

/**
 * `postgres://user@host:port/db`; an extra `schema=<name>` query parameter puts every table in that schema
 * (created if missing), which the tests use to isolate themselves.
 */
export function openPostgres(url: string): { db: Kysely<Schema>; profile: DialectProfile } {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  if (schema !== null && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${JSON.stringify(schema)} in DATABASE_URL`);
  // The search_path is a startup option of every connection, so no query can run before it applies.
  const pool = new pg.Pool({ connectionString: parsed.toString(), max: 10, ...(schema !== null ? { options: `-c search_path=${schema}` } : {}) });
  if (schema !== null) {
    // Queries on a fresh client queue behind this one; two connections racing to create it is harmless.
    pool.on('connect', (client) => {
      client.query(`create schema if not exists "${schema}"`).catch(() => undefined);
    });
  }
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  const profile: DialectProfile = {
    name: 'postgres',
    writeTransaction: (fn) => db.transaction().execute(fn),
    isUniqueViolation: (error) => (error as { code?: string } | null)?.code === UNIQUE_VIOLATION,
    forUpdate: (query) => query.forUpdate() as typeof query,
    jsonArrayFrom,
    caseInsensitiveLike: 'ilike',
    integrityCheck: async () => 'ok',
  };
  return { db, profile };
}
