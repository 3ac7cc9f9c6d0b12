import { PostgresAdapter, sql, type Expression, type Kysely } from 'kysely';

/** Text compares byte-wise on both dialects: SQLite's BINARY collation and PostgreSQL's "C". */
export function textType(db: Kysely<unknown>): 'text' | Expression<unknown> {
  return isPostgres(db) ? sql`text collate "C"` : 'text';
}

export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
