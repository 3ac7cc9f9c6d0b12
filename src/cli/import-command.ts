import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import { SingleBar } from 'cli-progress';
import { stringify } from 'csv-stringify/sync';
import type { Command } from 'commander';
import { csvRowAttributes, IMPORT_MATCH_KEYS, ndjsonAttributes, parseColumnMap, resolveColumns, rowMatch, type ImportColumn, type ImportMatchKey } from '../domain/contact-import.ts';
import { AppError } from '../domain/errors.ts';
import { commandActor, withContacts } from './bulk-commands.ts';

/** Rows written per transaction: large enough that commits cost little, small enough that Ctrl-C stops soon. */
const BATCH_ROWS = 1000;
/** A record longer than this is reported and the import stops: a runaway quote or a binary file, not data. */
const MAX_RECORD_BYTES = 1024 * 1024;
const PLAIN_PROGRESS_MS = 5000;

interface ImportOptions {
  org: string;
  user?: string;
  format?: string;
  map?: string;
  match?: string;
  dryRun?: boolean;
  errors?: string;
  ignoreUnknownColumns?: boolean;
  resumeFrom?: string;
  json?: boolean;
}

interface Row { line: number; raw: string; attributes: Record<string, unknown>; match?: Record<string, unknown> }
interface Counts { rows: number; created: number; updated: number; failed: number }

/** The error report: line, column, code, message, the raw row; one CSV row per problem. */
class ErrorReport {
  private readonly out: WriteStream | null;
  constructor(path: string | undefined) {
    this.out = path === undefined ? null : createWriteStream(path);
    this.out?.write(stringify([['line', 'column', 'code', 'message', 'raw']]));
  }
  add(line: number, column: string, code: string, message: string, raw: string): void {
    this.out?.write(stringify([[line, column, code, message, raw]], { escape_formulas: true }));
  }
  close(): Promise<void> {
    return new Promise((resolve) => (this.out === null ? resolve() : this.out.end(resolve)));
  }
}

/** The lines of an NDJSON stream with their numbers; a line over the limit is reported, not buffered. */
function ndjsonLines(): Transform {
  let buffer = '';
  let line = 0;
  let skipping = false;
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, done) {
      buffer += chunk.toString('utf8');
      let at: number;
      while ((at = buffer.indexOf('\n')) >= 0) {
        line += 1;
        const text = buffer.slice(0, at).replace(/\r$/, '');
        buffer = buffer.slice(at + 1);
        if (skipping) skipping = false;
        else this.push({ line, text });
      }
      if (buffer.length > MAX_RECORD_BYTES) {
        if (!skipping) this.push({ line: line + 1, text: null });
        skipping = true;
        buffer = '';
      }
      done();
    },
    flush(done) {
      if (buffer.trim() !== '' && !skipping) this.push({ line: line + 1, text: buffer.replace(/\r$/, '') });
      done();
    },
  });
}

export function addImportCommand(program: Command, globals: (cmd: Command) => { databaseUrl?: string }): void {
  program
    .command('import')
    .description('import contacts from a CSV (header row) or NDJSON file into an organization')
    .argument('<file>', 'the CSV or NDJSON file (- for stdin)')
    .requiredOption('--org <id>', 'organization id')
    .option('--user <id>', 'the user recorded as creating the contacts (default: the organization\'s first user)')
    .option('--format <format>', 'csv or ndjson (default: from the file name, else csv)')
    .option('--map <pairs>', 'column mappings "Column=api_name,Other Column=api_name"')
    .option('--match <key>', `upsert like _assert by ${IMPORT_MATCH_KEYS.join(' or ')} instead of creating every row`)
    .option('--dry-run', 'validate every row as the writes would, write nothing')
    .option('--errors <file.csv>', 'write each bad row (line, column, code, message, raw row) to this CSV')
    .option('--ignore-unknown-columns', 'skip columns that name no attribute instead of refusing the file')
    .option('--resume-from <line>', 'skip the input before this line (the line an interrupted import printed)')
    .option('--json', 'print one JSON summary {rows, created, updated, failed}')
    .action(async (file: string, opts: ImportOptions, cmd: Command) => {
      const format = opts.format ?? (/\.(nd)?jsonl?$/i.test(file) ? 'ndjson' : 'csv');
      if (format !== 'csv' && format !== 'ndjson') throw new AppError('validation_failed', `--format is csv or ndjson, got ${JSON.stringify(format)}`);
      if (opts.match !== undefined && !(IMPORT_MATCH_KEYS as readonly string[]).includes(opts.match)) throw new AppError('validation_failed', `--match is one of ${IMPORT_MATCH_KEYS.join(', ')}, got ${JSON.stringify(opts.match)}`);
      const resumeFrom = opts.resumeFrom === undefined ? 0 : Number(opts.resumeFrom);
      if (!Number.isInteger(resumeFrom) || resumeFrom < 0) throw new AppError('validation_failed', `--resume-from is a line number, got ${JSON.stringify(opts.resumeFrom)}`);
      const map = parseColumnMap(opts.map);
      const matchKey = opts.match as ImportMatchKey | undefined;

      await withContacts(globals(cmd), async (contacts, database) => {
        const actor = await commandActor(database, opts.org, opts.user);
        // Columns name the organization's attributes: standard ones and its live custom attributes.
        const { attributes: catalog } = await contacts.catalog(opts.org);
        const report = new ErrorReport(opts.errors);
        const counts: Counts = { rows: 0, created: 0, updated: 0, failed: 0 };
        const started = Date.now();
        const tty = process.stderr.isTTY === true && opts.json !== true;
        const bar = tty ? new SingleBar({ format: '{bar} {value} rows | {speed} rows/s | ETA {eta_formatted} | created {created} updated {updated} failed {failed}', stream: process.stderr }) : null;
        const input = file === '-' ? process.stdin : createReadStream(file);
        let totalBytes = 0;
        let readBytes = 0;
        if (file !== '-') totalBytes = (await import('node:fs')).statSync(file).size;
        input.on('data', (chunk: Buffer | string) => (readBytes += chunk.length));
        bar?.start(100, 0, { speed: 0, created: 0, updated: 0, failed: 0 });
        const speed = () => Math.round(counts.rows / Math.max((Date.now() - started) / 1000, 0.001));
        const showProgress = () => {
          // The bar tracks bytes read (the row total is unknown until the end) and shows row counts.
          bar?.setTotal(Math.max(totalBytes, 1));
          bar?.update(Math.min(readBytes, totalBytes), { speed: speed(), ...counts });
        };
        const plain = tty || opts.json === true ? null : setInterval(() => process.stderr.write(`import: ${counts.rows} rows, ${speed()} rows/s, created ${counts.created}, updated ${counts.updated}, failed ${counts.failed}\n`), PLAIN_PROGRESS_MS);
        let stopping = false;
        const onSigint = () => { stopping = true; };
        process.on('SIGINT', onSigint);
        let nextLine = resumeFrom;

        const fail = (row: { line: number; raw: string }, column: string, code: string, message: string) => {
          counts.rows += 1;
          counts.failed += 1;
          report.add(row.line, column, code, message, row.raw);
        };
        let pending: Row[] = [];
        const flush = async () => {
          if (pending.length === 0) return;
          const rows = pending;
          pending = [];
          const outcomes = await contacts.importRows(actor, rows, opts.dryRun === true);
          outcomes.forEach((outcome, i) => {
            const row = rows[i] as Row;
            if ('error' in outcome) {
              const details = outcome.error.details.length > 0 ? outcome.error.details : [{ code: outcome.error.code, field: '', message: outcome.error.message }];
              counts.rows += 1;
              counts.failed += 1;
              for (const d of details) report.add(row.line, d.field ?? '', d.code, d.message, row.raw);
            } else {
              counts.rows += 1;
              counts[outcome.action] += 1;
            }
          });
          nextLine = (rows.at(-1) as Row).line + 1;
          showProgress();
        };
        const queue = async (row: Row) => {
          if (matchKey !== undefined) {
            const match = rowMatch(matchKey, row.attributes);
            if (match === null) return fail(row, matchKey, 'field_required_missing', `--match ${matchKey}: the row has no email to match by`);
            row.match = match;
          }
          pending.push(row);
          if (pending.length >= BATCH_ROWS) await flush();
        };

        try {
          if (format === 'csv') {
            const parser = input.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, raw: true, max_record_size: MAX_RECORD_BYTES }));
            let columns: ImportColumn[] | null = null;
            // Input lines counted from the raw text of each record (csv-parse's own count differs on CRLF inside quotes).
            let nextStart = 1;
            for await (const { record, raw } of parser as AsyncIterable<{ record: string[]; raw: string }>) {
              const line = nextStart;
              nextStart += (raw.match(/\r\n|\r|\n/g) ?? []).length;
              if (columns === null) {
                const resolved = resolveColumns(record, map, catalog);
                if (resolved.unknown.length > 0 && opts.ignoreUnknownColumns !== true) {
                  throw new AppError('validation_failed', `unknown columns ${resolved.unknown.map((u) => JSON.stringify(u)).join(', ')}: map them with --map "Column=api_name" or pass --ignore-unknown-columns`);
                }
                columns = resolved.columns;
                if (nextLine === 0) nextLine = line + 1;
                continue;
              }
              if (line < resumeFrom) continue;
              if (stopping) break;
              const rawRow = raw.replace(/[\r\n]+$/, '');
              if (record.length !== columns.length) {
                fail({ line, raw: rawRow }, '', 'field_value_invalid', `the row has ${record.length} fields, the header ${columns.length}`);
                continue;
              }
              const bad = record.findIndex((cell) => cell.includes('\uFFFD'));
              if (bad >= 0) {
                fail({ line, raw: rawRow }, columns[bad]?.header ?? '', 'field_value_invalid', 'the cell is not valid UTF-8');
                continue;
              }
              await queue({ line, raw: rawRow, attributes: csvRowAttributes(columns, record) });
            }
          } else {
            for await (const { line, text } of input.pipe(ndjsonLines()) as AsyncIterable<{ line: number; text: string | null }>) {
              if (line < resumeFrom) continue;
              if (stopping) break;
              if (nextLine === 0) nextLine = line;
              if (text === null) {
                fail({ line, raw: '' }, '', 'payload_too_large', `the line is longer than ${MAX_RECORD_BYTES} bytes`);
                continue;
              }
              if (text.trim() === '') continue;
              if (text.includes('\uFFFD')) {
                fail({ line, raw: text }, '', 'field_value_invalid', 'the line is not valid UTF-8');
                continue;
              }
              let object: unknown;
              try {
                object = JSON.parse(text);
              } catch {
                fail({ line, raw: text }, '', 'malformed_json', 'the line is not a JSON object');
                continue;
              }
              if (object === null || typeof object !== 'object' || Array.isArray(object)) {
                fail({ line, raw: text }, '', 'malformed_json', 'the line is not a JSON object');
                continue;
              }
              const { attributes, unknown } = ndjsonAttributes(object as Record<string, unknown>, map, catalog);
              if (unknown.length > 0 && opts.ignoreUnknownColumns !== true) {
                fail({ line, raw: text }, unknown.join(';'), 'unknown_field', `unknown attributes ${unknown.join(', ')} (map them with --map or pass --ignore-unknown-columns)`);
                continue;
              }
              await queue({ line, raw: text, attributes });
            }
          }
          await flush();
        } catch (error) {
          // Rows before the failure are committed; say where to pick up.
          const message = error instanceof Error ? error.message : String(error);
          throw new AppError('validation_failed', `${message} (stopped at input line ${nextLine}; committed rows: ${counts.created + counts.updated}; resume with --resume-from ${nextLine})`);
        } finally {
          process.off('SIGINT', onSigint);
          if (plain !== null) clearInterval(plain);
          bar?.stop();
          await report.close();
        }
        if (stopping) process.stderr.write(`import: interrupted after the batch ending before line ${nextLine}; resume with --resume-from ${nextLine}\n`);
        if (opts.json === true) process.stdout.write(`${JSON.stringify(counts)}\n`);
        else process.stdout.write(`rows: ${counts.rows}  created: ${counts.created}  updated: ${counts.updated}  failed: ${counts.failed}${opts.dryRun === true ? '  (dry run: nothing written)' : ''}\n`);
        if (stopping) process.exitCode = 130;
      });
    });
}
