import { Transform, type Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { AttributeDef } from './catalog/contact-catalog.ts';
import { csvRowAttributes, ndjsonAttributes, resolveColumns, rowMatch, type ImportColumn, type ImportMatchKey } from './contact-import.ts';
import { AppError } from './errors.ts';
import type { ImportErrorLine } from './import-job-store.ts';

/** A record longer than this is reported (CSV: the import stops): a runaway quote or a binary file, not data. */
export const MAX_RECORD_BYTES = 1024 * 1024;

/** One input row to write, with its line number (where the record starts) and its raw text for the error report. */
export interface ImportRow { line: number; raw: string; attributes: Record<string, unknown>; match?: Record<string, unknown> }
/** One input row that cannot be written, with why. */
export interface ImportRowFailure { line: number; raw: string; failure: { column: string; code: string; message: string } }
export type ImportItem = ImportRow | ImportRowFailure;

export interface ImportReadOptions {
  format: 'csv' | 'ndjson';
  map: ReadonlyMap<string, string>;
  /** The organization's attributes: standard ones and its live custom attributes. */
  catalog: readonly AttributeDef[];
  matchKey?: ImportMatchKey | undefined;
  ignoreUnknownColumns: boolean;
  /** Rows starting before this input line are skipped (a resumed import). */
  resumeFrom: number;
  /** How the caller maps or ignores columns, for the unknown-columns message (a CLI flag or a query parameter). */
  unknownColumnsHint: string;
}

/**
 * One NDJSON line: its text, or why it has none: longer than MAX_RECORD_BYTES (not buffered), or not valid
 * UTF-8 (`raw` then holds it decoded with U+FFFD for the error report).
 */
type NdjsonLine = { line: number; text: string } | { line: number; problem: 'too_long' } | { line: number; problem: 'invalid_utf8'; raw: string };

/**
 * The lines of an NDJSON stream with their numbers, split on bytes: a line is decoded once it is whole,
 * so a character split across two chunks is not mistaken for invalid UTF-8, and the limit counts bytes.
 * A UTF-8 byte order mark before the first line is dropped.
 */
function ndjsonLines(): Transform {
  const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const lenient = new TextDecoder('utf-8', { ignoreBOM: true });
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let line = 0;
  let skipping = false;
  const lineOf = (bytes: Uint8Array): NdjsonLine => {
    if (bytes.length > MAX_RECORD_BYTES) return { line, problem: 'too_long' };
    const body = line === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
    try {
      return { line, text: strict.decode(body).replace(/\r$/, '') };
    } catch {
      return { line, problem: 'invalid_utf8', raw: lenient.decode(body).replace(/\r$/, '') };
    }
  };
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, done) {
      let start = 0;
      let at: number;
      while ((at = chunk.indexOf(0x0a, start)) >= 0) {
        line += 1;
        if (skipping) skipping = false;
        else {
          const part = chunk.subarray(start, at);
          this.push(lineOf(pending.length === 0 ? part : Buffer.concat([...pending, part])));
        }
        pending = [];
        pendingBytes = 0;
        start = at + 1;
      }
      if (!skipping && start < chunk.length) {
        const rest = chunk.subarray(start);
        if (pendingBytes + rest.length > MAX_RECORD_BYTES) {
          this.push({ line: line + 1, problem: 'too_long' });
          skipping = true;
          pending = [];
          pendingBytes = 0;
        } else {
          // A copy: the rest of a large chunk would keep the whole chunk alive.
          pending.push(Buffer.from(rest));
          pendingBytes += rest.length;
        }
      }
      done();
    },
    flush(done) {
      if (!skipping && pendingBytes > 0) {
        line += 1;
        this.push(lineOf(Buffer.concat(pending)));
      }
      done();
    },
  });
}

/** The unknown-columns refusal of a header (or throws nothing when every column names an attribute or unknown ones are ignored). */
export function checkHeader(headers: readonly string[], options: Pick<ImportReadOptions, 'map' | 'catalog' | 'ignoreUnknownColumns' | 'unknownColumnsHint'>): ImportColumn[] {
  const resolved = resolveColumns(headers, options.map, options.catalog);
  if (resolved.unknown.length > 0 && !options.ignoreUnknownColumns) {
    throw new AppError('validation_failed', `unknown columns ${resolved.unknown.map((u) => JSON.stringify(u)).join(', ')}: ${options.unknownColumnsHint}`, resolved.unknown.map((u) => ({ code: 'unknown_field', field: u, message: `the column ${JSON.stringify(u)} names no attribute` })));
  }
  return resolved.columns;
}

/** The header row of a CSV file (the first record), or null when the input has none; what follows it is not parsed. */
export function readCsvHeader(input: Readable): Promise<string[] | null> {
  const parser = input.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, max_record_size: MAX_RECORD_BYTES }));
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      parser.destroy();
      input.destroy();
    };
    // Records come before any error the rest of the input raises: the first one settles it.
    parser.on('data', (record: string[]) => settle(() => resolve(record)));
    parser.on('error', (error) => settle(() => reject(error)));
    parser.on('end', () => settle(() => resolve(null)));
  });
}

/** The parser's records; its own errors (a record over the limit, a quote never closed) become a 422 of the file. */
async function* csvRecords(parser: AsyncIterable<unknown>): AsyncGenerator<{ record: string[]; raw: string }> {
  try {
    for await (const item of parser) yield item as { record: string[]; raw: string };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('CSV_')) throw new AppError('validation_failed', `the file is not valid CSV: ${(error as Error).message}`);
    throw error;
  }
}

/**
 * Reads an import file (CSV with a header row, RFC 4180; or NDJSON) as rows to write and rows that fail,
 * in input order, streaming (memory holds one record). A CSV header with unknown columns throws
 * (validation_failed) unless they are ignored; so does a CSV record over MAX_RECORD_BYTES (the parser
 * cannot find where the next record starts). Everything else wrong with a row is a failure item.
 */
export async function* readImportRows(input: Readable, options: ImportReadOptions): AsyncGenerator<ImportItem> {
  const { map, catalog, matchKey, resumeFrom } = options;
  const withMatch = (row: ImportRow): ImportItem => {
    if (matchKey === undefined) return row;
    const match = rowMatch(matchKey, row.attributes);
    if (match === null) return { line: row.line, raw: row.raw, failure: { column: matchKey, code: 'field_required_missing', message: `match ${matchKey}: the row has no email to match by` } };
    return { line: row.line, raw: row.raw, attributes: row.attributes, match };
  };
  if (options.format === 'csv') {
    const parser = input.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, raw: true, max_record_size: MAX_RECORD_BYTES }));
    let columns: ImportColumn[] | null = null;
    // Input lines counted from the raw text of each record (csv-parse's own count differs on CRLF inside quotes).
    let nextStart = 1;
    for await (const { record, raw } of csvRecords(parser)) {
      const line = nextStart;
      nextStart += (raw.match(/\r\n|\r|\n/g) ?? []).length;
      if (columns === null) {
        columns = checkHeader(record, options);
        continue;
      }
      if (line < resumeFrom) continue;
      const rawRow = raw.replace(/[\r\n]+$/, '');
      if (record.length !== columns.length) {
        yield { line, raw: rawRow, failure: { column: '', code: 'field_value_invalid', message: `the row has ${record.length} fields, the header ${columns.length}` } };
        continue;
      }
      const bad = record.findIndex((cell) => cell.includes('\uFFFD'));
      if (bad >= 0) {
        yield { line, raw: rawRow, failure: { column: columns[bad]?.header ?? '', code: 'field_value_invalid', message: 'the cell is not valid UTF-8' } };
        continue;
      }
      yield withMatch({ line, raw: rawRow, attributes: csvRowAttributes(columns, record) });
    }
    return;
  }
  for await (const item of input.pipe(ndjsonLines()) as AsyncIterable<NdjsonLine>) {
    const { line } = item;
    if (line < resumeFrom) continue;
    if ('problem' in item) {
      yield item.problem === 'too_long'
        ? { line, raw: '', failure: { column: '', code: 'payload_too_large', message: `the line is longer than ${MAX_RECORD_BYTES} bytes` } }
        : { line, raw: item.raw, failure: { column: '', code: 'field_value_invalid', message: 'the line is not valid UTF-8' } };
      continue;
    }
    const { text } = item;
    if (text.trim() === '') continue;
    let object: unknown;
    try {
      object = JSON.parse(text);
    } catch {
      object = undefined;
    }
    if (object === null || typeof object !== 'object' || Array.isArray(object)) {
      yield { line, raw: text, failure: { column: '', code: 'malformed_json', message: 'the line is not a JSON object' } };
      continue;
    }
    const { attributes, unknown } = ndjsonAttributes(object as Record<string, unknown>, map, catalog);
    if (unknown.length > 0 && !options.ignoreUnknownColumns) {
      yield { line, raw: text, failure: { column: unknown.join(';'), code: 'unknown_field', message: `unknown attributes ${unknown.join(', ')} (${options.unknownColumnsHint})` } };
      continue;
    }
    yield withMatch({ line, raw: text, attributes });
  }
}

/** The error report lines of a row a write refused: one per problem of its error. */
export function errorLinesOf(row: { line: number; raw: string }, error: AppError): ImportErrorLine[] {
  const details = error.details.length > 0 ? error.details : [{ code: error.code, field: '', message: error.message }];
  return details.map((d) => ({ line: row.line, column: d.field ?? '', code: d.code, message: d.message, raw: row.raw }));
}
