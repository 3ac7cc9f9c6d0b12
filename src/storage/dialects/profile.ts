import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { jsonArrayFrom } from 'kysely/helpers/sqlite';
import type { Schema } from '../schema.ts';

/** The few real differences between SQLite and PostgreSQL, behind one small object. */
export interface DialectProfile {
  readonly name: 'sqlite' | 'postgres';
  /** Runs fn in a transaction that holds the write lock (SQLite) or row locks it takes (PostgreSQL). */
  writeTransaction<T>(fn: (trx: Kysely<Schema>) => Promise<T>): Promise<T>;
  isUniqueViolation(error: unknown): boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- keeps any select's row type
  forUpdate<Q extends SelectQueryBuilder<Schema, any, any>>(query: Q): Q;
  /** A subquery as a JSON array column (json_group_array / json_agg), so a record and its lists load in one query. */
  readonly jsonArrayFrom: typeof jsonArrayFrom;
  /** The operator that matches case-insensitively: SQLite's LIKE is already case-insensitive for ASCII. */
  readonly caseInsensitiveLike: 'like' | 'ilike';
  /** SQLite's PRAGMA integrity_check; "ok" on PostgreSQL. */
  integrityCheck(): Promise<string>;
}
