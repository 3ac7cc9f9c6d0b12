import { CompiledQuery, type Compilable, type Kysely, type QueryResult } from 'kysely';
import type { Database } from './database.ts';
import type { Schema } from './schema.ts';

export type PreparedQuery<Row, Args extends readonly unknown[]> = (executor: Kysely<Schema>, ...args: Args) => Promise<QueryResult<Row>>;

/**
 * A query built and compiled once, then run with fresh values: Kysely otherwise rebuilds and recompiles
 * the same query on every call, which on a hot path costs as much as the database running it. `build`
 * receives marker values and must use each only as a plain bound value; other values it binds stay
 * constant. On the database itself it runs as the driver's own prepared statement (no executor, plugins
 * or connection hand-out); in a transaction it runs through the transaction.
 */
export function preparedQuery<Row, Args extends readonly unknown[]>(database: Database, arity: Args['length'], build: (...args: Args) => Compilable<Row>): PreparedQuery<Row, Args> {
  const markers = Array.from({ length: arity }, (_, i) => `\u0000prepared-parameter-${i}\u0000`);
  const compiled = build(...(markers as unknown as Args)).compile();
  const slots = compiled.parameters.map((value) => markers.indexOf(value as string));
  if (markers.some((_, i) => !slots.includes(i))) throw new Error(`prepared query does not use all ${arity} parameters: ${compiled.sql}`);
  const run = database.profile.prepare(compiled.sql);
  const bind = (args: Args): unknown[] => slots.map((slot, i) => (slot >= 0 ? args[slot] : compiled.parameters[i]));
  return (executor, ...args) =>
    (executor === database.db
      ? run(bind(args))
      : executor.executeQuery(CompiledQuery.raw(compiled.sql, bind(args)))) as Promise<QueryResult<Row>>;
}

/**
 * Runs compiled queries whose SQL text repeats (one per _query filter and sort shape) as the driver's
 * prepared statements, for up to `max` distinct texts: the database parses and plans each once (per
 * connection on PostgreSQL) instead of on every request. Texts past the bound run through Kysely as usual.
 */
export function statementCache(database: Database, max: number): (query: CompiledQuery) => Promise<QueryResult<unknown>> {
  const statements = new Map<string, (parameters: readonly unknown[]) => Promise<QueryResult<unknown>>>();
  return (query) => {
    let run = statements.get(query.sql);
    if (run === undefined) {
      if (statements.size >= max) return database.db.executeQuery(query);
      run = database.profile.prepare(query.sql);
      statements.set(query.sql, run);
    }
    return run(query.parameters);
  };
}
