import { CompiledQuery, type Compilable, type Kysely, type QueryResult } from 'kysely';
import type { Schema } from './schema.ts';

export type PreparedQuery<Row, Args extends readonly string[]> = (executor: Kysely<Schema>, ...args: Args) => Promise<QueryResult<Row>>;

/**
 * A query built and compiled once, then run with fresh values: Kysely otherwise rebuilds and recompiles
 * the same query on every call, which on a hot path costs as much as SQLite running it (and the SQLite
 * statement cache then finds the same text). `build` receives marker strings and must use each only as
 * a plain value; other values it binds stay constant. Run it on the database or on a transaction.
 */
export function preparedQuery<Row, Args extends readonly string[]>(arity: Args['length'], build: (...args: Args) => Compilable<Row>): PreparedQuery<Row, Args> {
  const markers = Array.from({ length: arity }, (_, i) => `\u0000prepared-parameter-${i}\u0000`);
  const compiled = build(...(markers as unknown as Args)).compile();
  const slots = compiled.parameters.map((value) => markers.indexOf(value as string));
  if (markers.some((_, i) => !slots.includes(i))) throw new Error(`prepared query does not use all ${arity} parameters: ${compiled.sql}`);
  return (executor, ...args) =>
    executor.executeQuery(CompiledQuery.raw(compiled.sql, slots.map((slot, i) => (slot >= 0 ? args[slot] : compiled.parameters[i]))) as CompiledQuery<Row>);
}
