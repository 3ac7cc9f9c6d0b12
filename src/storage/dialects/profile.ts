import type { Compilable, Kysely, QueryResult, SelectQueryBuilder } from 'kysely';
import type { Schema } from '../schema.ts';

/** A statement Kysely can run, built on the executor it is given. */
export type WriteStatement = Compilable & { execute(): Promise<unknown> };

export type PreparedStatement = (parameters: readonly unknown[]) => Promise<QueryResult<unknown>>;

/** One statement of a write unit; with mustChange, a statement that changes no row rolls the unit back. */
export interface WriteStep {
  sql: string;
  parameters: readonly unknown[];
  mustChange?: boolean;
}

/** The few real differences between SQLite and PostgreSQL, behind one small object. */
export interface DialectProfile {
  readonly name: 'sqlite' | 'postgres';
  /** PostgreSQL: the schema named by the URL's `schema=` parameter, which `migrate` creates if missing. */
  readonly schema?: string;
  /** Runs fn in a transaction that holds the write lock (SQLite) or row locks it takes (PostgreSQL). */
  writeTransaction<T>(fn: (trx: Kysely<Schema>) => Promise<T>): Promise<T>;
  /**
   * Runs the statements build returns as one all-or-nothing write. PostgreSQL: one statement, the first
   * ones as data-modifying WITH queries, so one round trip instead of BEGIN, each statement, COMMIT.
   * SQLite (in process, no round trips): one transaction. They must not read each other's rows.
   */
  writeAll(build: (db: Kysely<Schema>) => WriteStatement[]): Promise<void>;
  /**
   * Runs compiled statements as one transaction; false (and nothing written) when a mustChange step changed
   * no row. SQLite runs them synchronously on the driver's cached statements: no awaits between them, so a
   * write unit costs little more than its statements.
   */
  writeSteps(steps: readonly WriteStep[]): Promise<boolean>;
  isUniqueViolation(error: unknown): boolean;
  /** PostgreSQL rolled the whole transaction back to break a deadlock (or a serialization failure): running it again is safe. SQLite serializes writers. */
  isDeadlock(error: unknown): boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- keeps any select's row type
  forUpdate<Q extends SelectQueryBuilder<Schema, any, any>>(query: Q): Q;
  /** The operator that matches case-insensitively: SQLite's LIKE is already case-insensitive for ASCII. */
  readonly caseInsensitiveLike: 'like' | 'ilike';
  /**
   * A statement prepared on the driver itself (a better-sqlite3 Statement, a named pg statement) and run
   * without Kysely's executor: the hot paths' fixed SQL. It runs on the database, never in a transaction.
   */
  prepare(text: string): PreparedStatement;
  /**
   * PostgreSQL: LISTEN on a connection of its own, calling onMessage with each NOTIFY payload (delivered at
   * the notifying transaction's commit) and onError when the connection is lost. SQLite: nothing to listen to.
   */
  listen(channel: string, onMessage: (payload: string) => void, onError: (error: unknown) => void): Promise<{ close(): Promise<void> }>;
  /**
   * Runs fn on one consistent snapshot that writers do not wait for (exports): SQLite a read transaction on
   * a connection of its own (WAL), PostgreSQL a REPEATABLE READ transaction. An in-memory SQLite database
   * has no second connection: fn reads it as it goes.
   */
  readSnapshot<T>(fn: (db: Kysely<Schema>) => Promise<T>): Promise<T>;
  /**
   * SQLite: folds every noted text-index change into the FTS5 index now (the server does it in batches every
   * few ms; searches read the noted contacts meanwhile) and returns how many. PostgreSQL has nothing to fold.
   */
  flushTextIndex?(): number;
  /**
   * SQLite: runs fn (migrations) with temporary storage in files, so that an index built over a large table
   * sorts through temporary files rather than memory; otherwise it is kept in memory (see openSqlite).
   */
  withTempFiles?<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * PostgreSQL: runs fn (migrations: an index built over a large table takes as long as it takes) with no
   * limit on how long a query may wait for the server's answer.
   */
  withoutQueryTimeout?<T>(fn: () => Promise<T>): Promise<T>;
  /** SQLite's PRAGMA integrity_check; "ok" on PostgreSQL. */
  integrityCheck(): Promise<string>;
  /** The connection pool's state for /metrics (PostgreSQL; SQLite has one connection and no pool). */
  readonly poolStats?: () => PoolStats;
}

export interface PoolStats {
  readonly max: number;
  /** Open connections, idle or busy. */
  readonly total: number;
  readonly idle: number;
  /** Queries queued for a connection. */
  readonly waiting: number;
}
