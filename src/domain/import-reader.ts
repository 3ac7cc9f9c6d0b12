import { isUtf8 } from 'node:buffer';
import { Transform, type Readable } from 'node:stream';
import { CsvError, parse, type Options as CsvOptions } from 'csv-parse';
import type { AttributeDef } from './catalog/contact-catalog.ts';
import { csvRowAttributes, duplicateColumnMessage, IMPORT_MATCH_KEYS, ndjsonAttributes, resolveColumns, rowMatch, type ImportColumn, type ImportMatchKey } from './contact-import.ts';
import { AppError } from './errors.ts';
import type { ImportOutcome } from './contacts.ts';
import type { ImportCounts, ImportErrorLine } from './import-job-store.ts';

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

/** What a CSV cell holds where the file's bytes were not UTF-8 (see utf8Marked): NUL, which no value may hold. */
const NOT_UTF8 = 0x00;

/** The length of the UTF-8 sequence a lead byte starts (0: not a lead byte). */
const sequenceLength = (b: number): number => (b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0);

/** The bytes allowed right after a lead byte (the rest of a sequence takes 0x80–0xBF): no overlong forms, surrogates or code points past U+10FFFF. */
function secondByteFits(lead: number, b: number): boolean {
  if (lead === 0xe0) return b >= 0xa0 && b <= 0xbf;
  if (lead === 0xed) return b >= 0x80 && b <= 0x9f;
  if (lead === 0xf0) return b >= 0x90 && b <= 0xbf;
  if (lead === 0xf4) return b >= 0x80 && b <= 0x8f;
  return b >= 0x80 && b <= 0xbf;
}

/** bytes with each maximal invalid UTF-8 subpart (as the WHATWG decoder counts them) replaced by one NOT_UTF8 byte. */
function markInvalid(bytes: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(bytes.length);
  let n = 0;
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    const length = sequenceLength(lead);
    let valid = length > 0;
    let j = i + 1;
    for (; valid && j < i + length; j += 1) {
      const b = bytes[j];
      if (b === undefined || !(j === i + 1 ? secondByteFits(lead, b) : b >= 0x80 && b <= 0xbf)) valid = false;
    }
    if (valid) {
      for (let k = i; k < j; k += 1) out[n++] = bytes[k] as number;
      i = j;
    } else {
      out[n++] = NOT_UTF8;
      // The bytes that fitted so far are one subpart; the byte that did not starts the next.
      i = length === 0 ? i + 1 : Math.max(i + 1, j - 1);
    }
  }
  return out.subarray(0, n);
}

/**
 * CSV bytes for the parser, which decodes them: valid UTF-8 passes as it is, and each invalid sequence
 * becomes one NUL (NOT_UTF8), so a cell that was not UTF-8 is told apart from one holding U+FFFD, which is
 * data (the parser's own decoding turns both into U+FFFD). A character cut across two chunks is held back
 * until it is whole.
 */
function utf8Marked(): Transform {
  let held: Buffer = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const data = held.length === 0 ? chunk : Buffer.concat([held, chunk]);
      // A sequence begun in the last three bytes and not finished there waits for the next chunk.
      let end = data.length;
      for (let k = 1; k <= 3 && k <= data.length; k += 1) {
        const b = data[data.length - k] as number;
        if (b >= 0x80 && b <= 0xbf) continue;
        if (sequenceLength(b) > k) end = data.length - k;
        break;
      }
      held = Buffer.from(data.subarray(end));
      const body = data.subarray(0, end);
      done(null, isUtf8(body) ? body : markInvalid(body));
    },
    flush(done) {
      done(null, held.length === 0 ? null : markInvalid(held));
    },
  });
}

/**
 * How a CSV file is read. A ragged row is a row error, not a parser error. relax_quotes: a quote inside an
 * unquoted cell (`O"Brien`, `"a"b`) is part of the value, as spreadsheets read it; strict parsing would stop
 * the whole import there, and a resumed one at the same row again.
 */
const CSV_OPTIONS: CsvOptions = {
  bom: true,
  relax_column_count: true,
  relax_quotes: true,
  skip_empty_lines: true,
  max_record_size: MAX_RECORD_BYTES,
  // Both line ends at every line, whichever the first line uses: csv-parse would otherwise take the first
  // line's (a CRLF header, then rows with LF from another tool, was one huge record; an LF header left a CR
  // at the end of every CRLF row's last cell). A CR alone is data, as before.
  record_delimiter: ['\r\n', '\n'],
};

/** The columns of a header, or its refusal: two columns naming one attribute, or columns naming none (unless ignored). */
export function checkHeader(headers: readonly string[], options: Pick<ImportReadOptions, 'map' | 'catalog' | 'ignoreUnknownColumns' | 'unknownColumnsHint'>): ImportColumn[] {
  const resolved = resolveColumns(headers, options.map, options.catalog);
  if (resolved.duplicates.length > 0) {
    const details = resolved.duplicates.map((d) => ({ code: 'field_value_invalid' as const, field: d.header, message: duplicateColumnMessage(d) }));
    throw new AppError('validation_failed', details.map((d) => d.message).join('; '), details);
  }
  // A column the map sends to a name that is no attribute: the map is wrong (a typo), not the file; refused
  // even with unknown columns ignored, which would drop the column the map meant to import.
  const misMapped = resolved.unknown.flatMap((u) => {
    const target = options.map.get(u.toLowerCase());
    return target === undefined ? [] : [{ code: 'unknown_field' as const, field: u, message: `the column ${JSON.stringify(u)} is mapped to ${JSON.stringify(target)}, which names no attribute` }];
  });
  if (misMapped.length > 0) throw new AppError('validation_failed', misMapped.map((d) => d.message).join('; '), misMapped);
  if (resolved.unknown.length > 0 && !options.ignoreUnknownColumns) {
    throw new AppError('validation_failed', `unknown columns ${resolved.unknown.map((u) => JSON.stringify(u)).join(', ')}: ${options.unknownColumnsHint}`, resolved.unknown.map((u) => ({ code: 'unknown_field', field: u, message: `the column ${JSON.stringify(u)} names no attribute` })));
  }
  return resolved.columns;
}

/** The header row of a CSV file (the first record), or null when the input has none; what follows it is not parsed. */
export function readCsvHeader(input: Readable): Promise<string[] | null> {
  const parser = input.pipe(parse(CSV_OPTIONS));
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

/**
 * input piped through the transforms, as the last of them. pipe() forwards no error: one of the input (a
 * stored chunk the database could not read, a file read failing) would be an unhandled stream error and
 * the reading would wait for ever, so each stream's error ends the last one with it.
 */
function piped(input: Readable, ...transforms: [Transform, ...Transform[]]): Transform {
  const last = transforms[transforms.length - 1] as Transform;
  let from: Readable = input;
  for (const transform of transforms) {
    if (from !== last) from.on('error', (error) => last.destroy(error));
    from = from.pipe(transform);
  }
  return last;
}

/** How many line breaks (CRLF, CR or LF) the text holds. */
const lineBreaks = (text: string): number => (text.match(/\r\n|\r|\n/g) ?? []).length;

/** The parser's records; its own errors (a record over the limit, a quote never closed) become a 422 of the file. */
async function* csvRecords(parser: AsyncIterable<unknown>): AsyncGenerator<{ record: string[]; raw: string }> {
  try {
    for await (const item of parser) yield item as { record: string[]; raw: string };
  } catch (error) {
    // Every parser error (its codes do not all start with CSV_): never a retry of the job or a crash.
    if (error instanceof CsvError) throw new AppError('validation_failed', `the file is not valid CSV: ${error.message}`);
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
    if (match === null) return { line: row.line, raw: row.raw, failure: { column: matchKey, code: 'field_required_missing', message: `match ${matchKey}: the row has no ${(IMPORT_MATCH_KEYS as readonly string[]).includes(matchKey) ? 'email' : 'value'} to match by` } };
    return { line: row.line, raw: row.raw, attributes: row.attributes, match };
  };
  if (options.format === 'csv') {
    const parser = piped(input, utf8Marked(), parse({ ...CSV_OPTIONS, raw: true }));
    let columns: ImportColumn[] | null = null;
    // Input lines counted from the raw text of each record (csv-parse's own count differs on CRLF inside quotes).
    let nextStart = 1;
    for await (const { record, raw: rawWithBlanks } of csvRecords(parser)) {
      // The empty lines the parser skipped come at the start of the next record's raw text: they are lines before it.
      const blanks = /^[\r\n]*/.exec(rawWithBlanks)?.[0] ?? '';
      const raw = rawWithBlanks.slice(blanks.length);
      const line = nextStart + lineBreaks(blanks);
      nextStart = line + lineBreaks(raw);
      if (columns === null) {
        columns = checkHeader(record, options);
        continue;
      }
      if (line < resumeFrom) continue;
      // The report shows what did not decode as U+FFFD, as a text editor would.
      const rawRow = raw.replace(/[\r\n]+$/, '').replaceAll('\u0000', '\uFFFD');
      if (record.length !== columns.length) {
        yield { line, raw: rawRow, failure: { column: '', code: 'field_value_invalid', message: `the row has ${record.length} fields, the header ${columns.length}` } };
        continue;
      }
      const bad = record.findIndex((cell) => cell.includes('\u0000'));
      if (bad >= 0) {
        yield { line, raw: rawRow, failure: { column: columns[bad]?.header ?? '', code: 'field_value_invalid', message: 'the cell is not valid UTF-8 (or holds a NUL character)' } };
        continue;
      }
      yield withMatch({ line, raw: rawRow, attributes: csvRowAttributes(columns, record) });
    }
    if (columns === null) throw new AppError('validation_failed', 'the file is empty: a CSV file starts with a header row', [{ code: 'field_required_missing', message: 'the file is empty' }]);
    return;
  }
  for await (const item of piped(input, ndjsonLines()) as AsyncIterable<NdjsonLine>) {
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
    const { attributes, unknown, duplicates } = ndjsonAttributes(object as Record<string, unknown>, map, catalog);
    const duplicate = duplicates[0];
    if (duplicate !== undefined) {
      yield { line, raw: text, failure: { column: duplicate.header, code: 'field_value_invalid', message: duplicateColumnMessage(duplicate) } };
      continue;
    }
    const misMapped = unknown.filter((u) => map.has(u.toLowerCase()));
    if (misMapped.length > 0) {
      yield { line, raw: text, failure: { column: misMapped.join(';'), code: 'unknown_field', message: misMapped.map((u) => `${JSON.stringify(u)} is mapped to ${JSON.stringify(map.get(u.toLowerCase()))}, which names no attribute`).join('; ') } };
      continue;
    }
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

/**
 * One batch counted, by the rule both importers (`contactd import` and `_import` jobs) report by: each row the
 * reader refused is one failed row with its one error line; each row written is created, updated or failed
 * with the error lines of its refusal. The counts after the batch, and its error lines in input order.
 */
export function tallyBatch(before: ImportCounts, refused: readonly ImportErrorLine[], rows: readonly ImportRow[], outcomes: readonly ImportOutcome[]): { counts: ImportCounts; lines: ImportErrorLine[] } {
  const counts = { ...before };
  const lines = [...refused];
  counts.rows += refused.length;
  counts.failed += refused.length;
  outcomes.forEach((outcome, i) => {
    counts.rows += 1;
    if ('error' in outcome) {
      counts.failed += 1;
      lines.push(...errorLinesOf(rows[i] as ImportRow, outcome.error));
    } else counts[outcome.action] += 1;
  });
  lines.sort((a, b) => a.line - b.line);
  return { counts, lines };
}

/**
 * An error report line as it is kept: each NUL (a raw one in an NDJSON line, an escaped one in a member
 * name) shown as U+FFFD, as CSV rows already are. PostgreSQL refuses NUL in text: storing it failed the
 * job's batch again on every retry.
 */
export function reportedLine(line: ImportErrorLine): ImportErrorLine {
  const shown = (s: string) => (s.includes('\u0000') ? s.replaceAll('\u0000', '\uFFFD') : s);
  return { ...line, column: shown(line.column), message: shown(line.message), raw: shown(line.raw) };
}
