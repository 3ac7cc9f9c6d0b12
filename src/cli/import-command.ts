import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { IMPORT_MATCH_KEYS, parseColumnMap, type ImportMatchKey } from '../domain/contact-import.ts';
import { errorLinesOf, readImportRows, type ImportRow } from '../domain/import-reader.ts';
import { DryRunMemory } from '../domain/contacts.ts';
import { AppError } from '../domain/errors.ts';
import { commandActor, withContacts } from './bulk-commands.ts';
import { csvRecord } from '../http/export-format.ts';

/** Rows written per transaction: large enough that commits cost little, small enough that Ctrl-C stops soon. */
const BATCH_ROWS = 1000;
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

interface Counts { rows: number; created: number; updated: number; failed: number }

/** The error report: line, column, code, message, the raw row; one CSV row per problem (CRLF records, every line break in a cell quoted). */
class ErrorReport {
  private readonly out: WriteStream | null;
  constructor(path: string | undefined) {
    this.out = path === undefined ? null : createWriteStream(path);
    this.out?.write(csvRecord(['line', 'column', 'code', 'message', 'raw'], false));
  }
  add(line: number, column: string, code: string, message: string, raw: string): void {
    this.out?.write(csvRecord([line, column, code, message, raw]));
  }
  close(): Promise<void> {
    return new Promise((resolve) => (this.out === null ? resolve() : this.out.end(resolve)));
  }
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
        const dryRun = opts.dryRun === true ? new DryRunMemory() : null;
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
        let pending: ImportRow[] = [];
        const flush = async () => {
          if (pending.length === 0) return;
          const rows = pending;
          pending = [];
          const outcomes = await contacts.importRows(actor, rows, dryRun);
          outcomes.forEach((outcome, i) => {
            const row = rows[i] as ImportRow;
            if ('error' in outcome) {
              counts.rows += 1;
              counts.failed += 1;
              for (const e of errorLinesOf(row, outcome.error)) report.add(e.line, e.column, e.code, e.message, e.raw);
            } else {
              counts.rows += 1;
              counts[outcome.action] += 1;
            }
          });
          nextLine = (rows.at(-1) as ImportRow).line + 1;
          showProgress();
        };
        const queue = async (row: ImportRow) => {
          pending.push(row);
          if (pending.length >= BATCH_ROWS) await flush();
        };

        try {
          const rows = readImportRows(input, { format, map, catalog, matchKey, ignoreUnknownColumns: opts.ignoreUnknownColumns === true, resumeFrom, unknownColumnsHint: 'map them with --map "Column=api_name" or pass --ignore-unknown-columns' });
          for await (const item of rows) {
            if (stopping) break;
            if ('failure' in item) fail(item, item.failure.column, item.failure.code, item.failure.message);
            else await queue(item);
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
