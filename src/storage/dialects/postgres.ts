import { createHash } from 'node:crypto';
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
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
    async writeAll(build) {
      const statements = build(db);
      const last = statements.pop();
      if (last === undefined) return;
      if (statements.length === 0) {
        await last.execute();
        return;
      }
      // One statement is one implicit transaction: unique indexes are checked row by row, foreign keys at its end,
      // when the rows of every WITH query are there; the pieces share one snapshot, so none sees another's rows.
      const ctes = statements.map((statement, i) => sql`${sql.id(`w${i}`)} as (${statement})`);
      await sql`with ${sql.join(ctes)} ${last}`.execute(db);
    },
    isUniqueViolation: (error) => (error as { code?: string } | null)?.code === UNIQUE_VIOLATION,
    forUpdate: (query) => query.forUpdate() as typeof query,
    caseInsensitiveLike: 'ilike',
    prepare(text) {
      // Named: each pooled connection parses and plans it once, then only binds and executes.
      const name = `contactd_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
      return async (parameters) => {
        const result = await pool.query({ name, text, values: [...parameters] });
        return { rows: result.rows, ...(result.command === 'SELECT' || result.rowCount === null ? {} : { numAffectedRows: BigInt(result.rowCount) }) };
      };
    },
    integrityCheck: async () => 'ok',
    poolStats: () => ({ max: pool.options.max, total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
  return { db, profile };
}
