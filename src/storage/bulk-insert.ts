import { CompiledQuery } from 'kysely';

/**
 * Bound parameters one statement may carry: SQLite's limit is 32,766 (SQLITE_MAX_VARIABLE_NUMBER since
 * 3.32), PostgreSQL's 65,535 (the wire protocol's Int16 count); both with room to spare.
 */
const MAX_PARAMETERS = { sqlite: 32_000, postgres: 60_000 } as const;

/** Rows per statement beyond which a bigger statement saves nothing measurable but costs parse time. */
const MAX_ROWS_PER_STATEMENT = 1000;

/** The SQL text of a multi-row INSERT, kept per (dialect, table, columns, row count): full chunks share one text. */
const texts = new Map<string, string>();

function insertText(dialect: 'sqlite' | 'postgres', table: string, columns: readonly string[], rows: number): string {
  const key = `${dialect}\u0000${table}\u0000${columns.join()}\u0000${rows}`;
  let text = texts.get(key);
  if (text !== undefined) return text;
  const width = columns.length;
  const tuples: string[] = new Array<string>(rows);
  for (let r = 0; r < rows; r += 1) {
    const marks: string[] = new Array<string>(width);
    for (let c = 0; c < width; c += 1) marks[c] = dialect === 'sqlite' ? '?' : `$${r * width + c + 1}`;
    tuples[r] = `(${marks.join(', ')})`;
  }
  text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${tuples.join(', ')}`;
  if (texts.size < 256) texts.set(key, text);
  return text;
}

/**
 * Multi-row INSERTs of rows (objects of one shape, every row with the same members in the same order)
 * into table, split so no statement passes the dialect's bound-parameter limit.
 */
export function multiRowInserts(dialect: 'sqlite' | 'postgres', table: string, rows: ReadonlyArray<object>): CompiledQuery[] {
  const first = rows[0];
  if (first === undefined) return [];
  const columns = Object.keys(first);
  const perStatement = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMETERS[dialect] / columns.length)));
  const statements: CompiledQuery[] = [];
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const parameters: unknown[] = [];
    for (const row of chunk) {
      const values = row as Record<string, unknown>;
      for (const column of columns) parameters.push(values[column] ?? null);
    }
    statements.push(CompiledQuery.raw(insertText(dialect, table, columns, chunk.length), parameters));
  }
  return statements;
}
