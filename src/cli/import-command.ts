import { createReadStream, createWriteStream, existsSync, openSync, statSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { IMPORT_MATCH_KEYS, importMatchProblem, parseColumnMap, type ImportMatchKey } from '../domain/contact-import.ts';
import { readImportRows, tallyBatch, type ImportItem, type ImportRow, type ImportRowFailure } from '../domain/import-reader.ts';
import type { ImportErrorLine } from '../domain/import-job-store.ts';
import { DryRunMemory } from '../domain/contacts.ts';
import { AppError } from '../domain/errors.ts';
import { decimalInteger } from '../config.ts';
import { commandActor, idArgument, withContacts } from './bulk-commands.ts';
import { csvRecord } from '../http/export-format.ts';
import { writeOut } from './output.ts';

/** Rows written per transaction: large enough that commits cost little, small enough that Ctrl-C stops soon. */
const BATCH_ROWS = 1000;
const PLAIN_PROGRESS_MS = 5000;
/** A batch is written early once the raw text of the rows the reader refused since the last one passes this. */
const MAX_REFUSED_BYTES = 8 * 1024 * 1024;

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

/**
 * The error report: line, column, code, message, the raw row; one CSV row per problem (CRLF records, every
 * line break in a cell quoted). A resumed import (--resume-from) appends to the report it names when that
 * file exists, so the two runs leave one report.
 */
class ErrorReport {
  private readonly out: WriteStream | null;
  /** A write that failed (the disk is full): the next batch stops the import with it. */
  private failed: Error | null = null;
  constructor(path: string | undefined, append: boolean) {
    const keep = append && path !== undefined && existsSync(path) && statSync(path).size > 0;
    // Opened now, so a report that cannot be created stops the command before anything is written.
    this.out = path === undefined ? null : createWriteStream(path, { fd: openFile(path, keep ? 'a' : 'w', '--errors'), flags: keep ? 'a' : 'w' });
    this.out?.on('error', (error) => (this.failed = error));
    if (!keep) this.out?.write(csvRecord(['line', 'column', 'code', 'message', 'raw'], false));
  }
  /** Writes a batch's lines; waits while the file is behind, so a slow disk holds at most a batch in memory. */
  async add(lines: readonly ImportErrorLine[]): Promise<void> {
    if (this.failed !== null) throw new AppError('validation_failed', `cannot write the --errors file: ${this.failed.message}`);
    if (this.out === null || lines.length === 0) return;
    if (!this.out.write(lines.map((l) => csvRecord([l.line, l.column, l.code, l.message, l.raw])).join(''))) await once(this.out, 'drain');
  }
  close(): Promise<void> {
    return new Promise((resolve) => (this.out === null || this.out.destroyed ? resolve() : this.out.end(resolve)));
  }
}

/** Whether two paths name one existing file (through links and relative paths alike). */
function sameFile(a: string, b: string): boolean {
  if (!existsSync(a) || !existsSync(b)) return false;
  const [sa, sb] = [statSync(a), statSync(b)];
  return sa.dev === sb.dev && sa.ino === sb.ino;
}

/** Opens a file the command names, or throws the one-line error the CLI prints (a missing file, a directory, no permission). */
function openFile(path: string, flags: 'r' | 'a' | 'w', what: string): number {
  try {
    if (flags === 'r' && statSync(path).isDirectory()) throw new Error(`${path} is a directory`);
    return openSync(path, flags);
  } catch (error) {
    throw new AppError('validation_failed', `cannot open ${what} ${JSON.stringify(path)}: ${(error as Error).message}`);
  }
}

export function addImportCommand(program: Command, globals: (cmd: Command) => { databaseUrl?: string }): void {
  program
    .command('import')
    .description('import contacts from a CSV (header row) or NDJSON file into an organization')
    .argument('<file>', 'the CSV or NDJSON file (- for stdin)')
    .requiredOption('--org <id>', 'organization id', idArgument)
    .option('--user <id>', 'the user recorded as creating the contacts (default: the organization\'s first user)', idArgument)
    .option('--format <format>', 'csv or ndjson (default: from the file name, else csv)')
    .option('--map <pairs>', 'column mappings "Column=api_name,Other Column=api_name"')
    .option('--match <key>', `upsert like _assert by ${IMPORT_MATCH_KEYS.join(', ')} or a unique custom attribute instead of creating every row`)
    .option('--dry-run', 'validate every row as the writes would, write nothing')
    .option('--errors <file.csv>', 'write each bad row (line, column, code, message, raw row) to this CSV')
    .option('--ignore-unknown-columns', 'skip columns that name no attribute instead of refusing the file')
    .option('--resume-from <line>', 'skip the input before this line (the line an interrupted import printed)')
    .option('--json', 'print one JSON summary {rows, created, updated, failed}')
    .action(async (file: string, opts: ImportOptions, cmd: Command) => {
      const format = opts.format ?? (/\.(nd)?jsonl?$/i.test(file) ? 'ndjson' : 'csv');
      if (format !== 'csv' && format !== 'ndjson') throw new AppError('validation_failed', `--format is csv or ndjson, got ${JSON.stringify(format)}`);
      const resumeFrom = opts.resumeFrom === undefined ? 0 : decimalInteger(opts.resumeFrom);
      if (!Number.isInteger(resumeFrom) || resumeFrom < 0) throw new AppError('validation_failed', `--resume-from is a line number, got ${JSON.stringify(opts.resumeFrom)}`);
      const map = parseColumnMap(opts.map);
      const matchKey = opts.match as ImportMatchKey | undefined;

      await withContacts(globals(cmd), async (contacts, database) => {
        const actor = await commandActor(database, opts.org, opts.user);
        // Columns name the organization's attributes: standard ones and its live custom attributes.
        const { attributes: catalog } = await contacts.catalog(opts.org);
        const matchProblem = opts.match === undefined ? null : importMatchProblem(opts.match, catalog);
        if (matchProblem !== null) throw new AppError('validation_failed', `--${matchProblem}`);
        const input = file === '-' ? process.stdin : createReadStream(file, { fd: openFile(file, 'r', 'the input file') });
        // The report is written over (or appended to) as the input is read: the same file would lose the input.
        if (opts.errors !== undefined && file !== '-' && sameFile(file, opts.errors)) throw new AppError('validation_failed', `--errors ${JSON.stringify(opts.errors)} is the input file: name another file for the error report`);
        const report = new ErrorReport(opts.errors, opts.resumeFrom !== undefined);
        const dryRun = opts.dryRun === true ? new DryRunMemory() : null;
        const counts: Counts = { rows: 0, created: 0, updated: 0, failed: 0 };
        const started = Date.now();
        const tty = process.stderr.isTTY === true && opts.json !== true;
        const bar = tty ? new SingleBar({ format: '{bar} {percentage}% | {rows} rows | {speed} rows/s | ETA {eta_formatted} | created {created} updated {updated} failed {failed}', stream: process.stderr }) : null;
        let totalBytes = 0;
        let readBytes = 0;
        if (file !== '-') totalBytes = statSync(file).size;
        input.on('data', (chunk: Buffer | string) => (readBytes += chunk.length));
        bar?.start(100, 0, { speed: 0, rows: 0, created: 0, updated: 0, failed: 0 });
        const speed = () => Math.round(counts.rows / Math.max((Date.now() - started) / 1000, 0.001));
        const showProgress = () => {
          // The bar tracks bytes read (the row total is unknown until the end) and shows row counts.
          bar?.setTotal(Math.max(totalBytes, 1));
          bar?.update(Math.min(readBytes, totalBytes), { speed: speed(), ...counts });
        };
        const plain = tty || opts.json === true ? null : setInterval(() => process.stderr.write(`import: ${counts.rows} rows, ${speed()} rows/s, created ${counts.created}, updated ${counts.updated}, failed ${counts.failed}\n`), PLAIN_PROGRESS_MS);
        let stopping = false;
        let interrupt: (stop: null) => void = () => undefined;
        const interrupted = new Promise<null>((resolve) => (interrupt = resolve));
        const onSigint = () => {
          // A second Ctrl-C does not wait for the batch in hand: committed batches are whole, the one in flight rolls back.
          if (stopping) process.exit(130);
          stopping = true;
          interrupt(null);
        };
        process.on('SIGINT', onSigint);
        let nextLine = resumeFrom;

        // The rows read since the last batch: those to write and those the reader refused. Both are counted and
        // reported when the batch commits, so the resume line (nextLine) has everything before it written or
        // reported, and nothing after it: a resumed import reports no row twice.
        let pending: ImportRow[] = [];
        let refused: ImportRowFailure[] = [];
        let refusedBytes = 0;
        let lastRead = 0;
        const flush = async () => {
          if (pending.length === 0 && refused.length === 0) return;
          const rows = pending;
          const failures = refused;
          const through = lastRead;
          pending = [];
          refused = [];
          refusedBytes = 0;
          const outcomes = rows.length === 0 ? [] : await contacts.importRows(actor, rows, dryRun);
          const refusedLines: ImportErrorLine[] = failures.map((f) => ({ line: f.line, column: f.failure.column, code: f.failure.code, message: f.failure.message, raw: f.raw }));
          const tallied = tallyBatch(counts, refusedLines, rows, outcomes);
          Object.assign(counts, tallied.counts);
          await report.add(tallied.lines);
          nextLine = through + 1;
          showProgress();
        };
        const take = async (item: ImportItem) => {
          lastRead = item.line;
          if ('failure' in item) {
            refused.push(item);
            refusedBytes += item.raw.length;
          } else pending.push(item);
          if (pending.length + refused.length >= BATCH_ROWS || refusedBytes > MAX_REFUSED_BYTES) await flush();
        };

        try {
          const rows = readImportRows(input, { format, map, catalog, matchKey, ignoreUnknownColumns: opts.ignoreUnknownColumns === true, resumeFrom, unknownColumnsHint: 'map them with --map "Column=api_name" or pass --ignore-unknown-columns' });
          const items = rows[Symbol.asyncIterator]();
          for (;;) {
            // Ctrl-C while the input is quiet (a terminal, a pipe left open) stops now, not at the next row.
            const next = items.next();
            next.catch(() => undefined);
            const item = await Promise.race([next, interrupted]);
            if (item === null || item.done === true || stopping) break;
            await take(item.value);
          }
          await flush();
          // The reading waits on input nobody will send: let the process end.
          if (stopping) input.destroy();
        } catch (error) {
          // Refused before any batch (an empty file, its header): there is no line to resume from.
          if (nextLine === resumeFrom && counts.rows === 0) throw error;
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
        if (opts.json === true) writeOut(`${JSON.stringify(counts)}\n`);
        else writeOut(`rows: ${counts.rows}  created: ${counts.created}  updated: ${counts.updated}  failed: ${counts.failed}${opts.dryRun === true ? '  (dry run: nothing written)' : ''}\n`);
        if (stopping) process.exitCode = 130;
      });
    });
}
