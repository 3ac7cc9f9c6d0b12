import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, sql, type QueryResult, type SqliteDatabase } from 'kysely';
import type { Schema } from '../schema.ts';
import type { DialectProfile, WriteStep } from './profile.ts';

/** Thrown inside a write unit to roll it back when a guarded statement changed nothing. */
class StepChangedNothing extends Error {}

const STATEMENT_CACHE_SIZE = 500;
const OPTIMIZE_INTERVAL_MS = 60 * 60 * 1000;

/** `sqlite:./path/file.sqlite`, `sqlite:/abs/path`, or `sqlite::memory:`. */
export function sqliteFilename(url: string): string {
  const rest = url.replace(/^sqlite:(\/\/)?/, '');
  return rest === ':memory:' || rest === '' ? ':memory:' : rest;
}

export function openSqlite(url: string): { db: Kysely<Schema>; profile: DialectProfile } {
  const filename = sqliteFilename(url);
  if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
  const raw = new BetterSqlite3(filename);
  // WAL lets the CLI and several server processes share the file; the busy timeout waits out a writer.
  raw.pragma('journal_mode = WAL');
  raw.pragma('busy_timeout = 5000');
  // NORMAL in WAL mode survives a process crash; only an OS crash or power loss can drop the last commits.
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  // SQLite plans from statistics only ANALYZE gathers; without them an eq filter on an indexed column
  // loses to the index that matches ORDER BY and scans the whole organization. SQLite's advice for
  // long-lived connections: a bounded optimize on open, then periodically.
  raw.pragma('analysis_limit = 1000');
  raw.pragma('optimize = 0x10002');
  const optimizer = setInterval(() => raw.pragma('optimize'), OPTIMIZE_INTERVAL_MS).unref();

  // better-sqlite3 statements are reusable: keep the compiled ones instead of preparing each query again.
  const cache = new Map<string, BetterSqlite3.Statement>();
  const database: SqliteDatabase = {
    close: () => {
      clearInterval(optimizer);
      raw.close();
    },
    prepare: (query: string) => {
      let statement = cache.get(query);
      if (statement === undefined) {
        statement = raw.prepare(query);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
        cache.set(query, statement);
      }
      return statement as unknown as ReturnType<SqliteDatabase['prepare']>;
    },
  };
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database }) });
  // One transaction function, made once: better-sqlite3 builds its wrappers per transaction() call.
  const runSteps = raw.transaction((steps: readonly WriteStep[]) => {
    for (const step of steps) {
      const { changes } = (database.prepare(step.sql) as unknown as BetterSqlite3.Statement).run(...step.parameters);
      if (step.mustChange === true && changes === 0) throw new StepChangedNothing();
    }
  });

  const profile: DialectProfile = {
    name: 'sqlite',
    async writeTransaction(fn) {
      // The driver hands out its one connection behind a mutex; IMMEDIATE takes the write lock up front
      // so two processes never deadlock upgrading a read lock.
      return db.connection().execute(async (conn) => {
        await sql`begin immediate`.execute(conn);
        try {
          const result = await fn(conn);
          await sql`commit`.execute(conn);
          return result;
        } catch (error) {
          await sql`rollback`.execute(conn);
          throw error;
        }
      });
    },
    async writeAll(build) {
      await profile.writeTransaction(async (trx) => {
        for (const statement of build(trx)) await statement.execute();
      });
    },
    async writeSteps(steps) {
      const run = (step: WriteStep, changes: number) => {
        if (step.mustChange === true && changes === 0) throw new StepChangedNothing();
      };
      if (raw.inTransaction) {
        // Another request's transaction is open on the one connection: queue behind it on Kysely's mutex.
        try {
          await profile.writeTransaction(async (trx) => {
            for (const step of steps) run(step, Number((await trx.executeQuery(CompiledQuery.raw(step.sql, [...step.parameters]))).numAffectedRows ?? 0));
          });
          return true;
        } catch (error) {
          if (error instanceof StepChangedNothing) return false;
          throw error;
        }
      }
      try {
        runSteps.immediate(steps);
        return true;
      } catch (error) {
        if (error instanceof StepChangedNothing) return false;
        throw error;
      }
    },
    isUniqueViolation: (error) => error instanceof Error && (error as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT_UNIQUE') === true,
    forUpdate: (query) => query,
    caseInsensitiveLike: 'like',
    prepare(text) {
      let statement: BetterSqlite3.Statement | null = null;
      return async (parameters): Promise<QueryResult<unknown>> => {
        // A transaction of another request is open on the one connection (it awaits between statements):
        // queue behind it on Kysely's connection mutex rather than run inside it.
        if (raw.inTransaction) return db.executeQuery(CompiledQuery.raw(text, [...parameters]));
        statement ??= raw.prepare(text);
        if (statement.reader) return { rows: statement.all(...parameters) };
        return { rows: [], numAffectedRows: BigInt(statement.run(...parameters).changes) };
      };
    },
    listen: async () => ({ close: async () => undefined }),
    async readSnapshot(fn) {
      if (filename === ':memory:') return fn(db);
      const reader = new BetterSqlite3(filename, { readonly: true, fileMustExist: true });
      reader.pragma('busy_timeout = 5000');
      const snapshot = new Kysely<Schema>({ dialect: new SqliteDialect({ database: reader }) });
      try {
        // The snapshot is taken by the first read and held until commit; writers go on (WAL).
        await sql`begin`.execute(snapshot);
        const result = await fn(snapshot);
        await sql`commit`.execute(snapshot);
        return result;
      } finally {
        await snapshot.destroy();
      }
    },
    async integrityCheck() {
      const rows = raw.pragma('integrity_check') as Array<{ integrity_check: string }>;
      return rows.map((r) => r.integrity_check).join('\n');
    },
  };
  return { db, profile };
}
