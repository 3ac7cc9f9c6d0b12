import { createHash } from 'node:crypto';
import pg from 'pg';
import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import type { Schema } from '../schema.ts';
import type { DialectProfile } from './profile.ts';

const UNIQUE_VIOLATION = '23505';

/** Thrown inside a write unit to roll it back when a guarded statement changed nothing. */
class StepChangedNothing extends Error {}

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
  const clientConfig = { connectionString: parsed.toString(), ...(schema !== null ? { options: `-c search_path=${schema}` } : {}) };
  const pool = new pg.Pool({ ...clientConfig, max: 10 });
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
    async writeSteps(steps) {
      try {
        await db.transaction().execute(async (trx) => {
          for (const step of steps) {
            const result = await trx.executeQuery(CompiledQuery.raw(step.sql, [...step.parameters]));
            if (step.mustChange === true && Number(result.numAffectedRows ?? 0) === 0) throw new StepChangedNothing();
          }
        });
        return true;
      } catch (error) {
        if (error instanceof StepChangedNothing) return false;
        throw error;
      }
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
    async listen(channel, onMessage, onError) {
      const client = new pg.Client(clientConfig);
      let closing = false;
      client.on('notification', (message) => onMessage(message.payload ?? ''));
      client.on('error', (error) => {
        if (!closing) onError(error);
      });
      client.on('end', () => {
        if (!closing) onError(new Error('the LISTEN connection ended'));
      });
      await client.connect();
      await client.query(`listen ${client.escapeIdentifier(channel)}`);
      return {
        close: async () => {
          closing = true;
          await client.end();
        },
      };
    },
    integrityCheck: async () => 'ok',
    readSnapshot: (fn) => db.transaction().setIsolationLevel('repeatable read').execute(fn),
  };
  return { db, profile };
}
