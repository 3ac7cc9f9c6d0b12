import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBenchDatabase, type BenchDialect } from './bench-database.ts';
import { seededEmail, seededWord } from './seed.ts';
import { processTree, startServer, statusField } from './server-process.ts';

/** One timed bulk run: rows through it, seconds, and the peak resident memory of the process (tree) doing it. */
export interface BulkRun {
  what: string;
  rows: number;
  seconds: number;
  rowsPerSec: number;
  peakRssMb: number;
  /** The process measured: the CLI command itself, or the server answering the HTTP export. */
  process: string;
}

export interface BulkResult {
  rows: number;
  runs: BulkRun[];
}

const CONTACTD_BIN = fileURLToPath(new URL('../bin/contactd.js', import.meta.url));

/** Samples the peak RSS of a process tree every 50 ms: the highest VmHWM seen (each process's own peak), summed over the tree. */
function rssSampler(pid: () => number | undefined): { stop(): number } {
  let peak = 0;
  const sample = () => {
    const root = pid();
    if (root === undefined) return;
    peak = Math.max(peak, processTree(root).reduce((sum, p) => sum + statusField(p, 'VmHWM'), 0));
  };
  const timer = setInterval(sample, 50);
  return {
    stop: () => {
      sample();
      clearInterval(timer);
      return peak / 2 ** 20;
    },
  };
}

/** The generated import file: a header and `rows` contacts with a name, title, department, email and phone, as the seed makes them. */
async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('first_name,last_name,title,department,primary_email,primary_phone_number\n');
  let chunk = '';
  for (let i = 0; i < rows; i += 1) {
    chunk += `First${i},Last${i},Title ${i % 100},${seededWord(i)},${seededEmail(i)},+1415${String(2_000_000 + (i % 7_000_000)).padStart(7, '0')}\n`;
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  out.end();
  await once(out, 'finish');
}

/** Runs `contactd <args>`, stdout counted and dropped (or parsed when small), timing it and sampling its memory. */
async function runCommand(args: string[], env: NodeJS.ProcessEnv): Promise<{ seconds: number; peakRssMb: number; stdoutBytes: number; stdoutLines: number; tail: string; code: number | null; stderr: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, [CONTACTD_BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const sampler = rssSampler(() => child.pid);
  let stdoutBytes = 0;
  let stdoutLines = 0;
  let tail = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdoutBytes += chunk.length;
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) stdoutLines += 1;
    tail = (tail + chunk.toString('utf8')).slice(-2000);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const [code] = (await once(child, 'close')) as [number | null];
  const peakRssMb = sampler.stop();
  return { seconds: (performance.now() - started) / 1000, peakRssMb, stdoutBytes, stdoutLines, tail, code, stderr };
}

const run = (what: string, rows: number, seconds: number, peakRssMb: number, process: string): BulkRun => ({ what, rows, seconds, rowsPerSec: rows / seconds, peakRssMb, process });

/**
 * Import and export of `rows` generated contacts on a fresh database: `contactd import` of a CSV into an
 * empty organization, then `contactd export` (CSV and NDJSON) and `POST /api/v2/contact/_export` (NDJSON)
 * of them all. Each is timed from start to end, process start included, with the peak RSS of the process
 * tree doing the work.
 */
export async function runBulk(dialect: BenchDialect, rows: number, postgresUrl: string | null, log: (line: string) => void): Promise<BulkResult> {
  const dir = mkdtempSync(join(tmpdir(), 'contactd-bulk-'));
  const db = await createBenchDatabase(dialect, 0, postgresUrl, log);
  try {
    const file = join(dir, 'contacts.csv');
    const generated = performance.now();
    await writeCsv(file, rows);
    log(`  [bulk] generated ${rows.toLocaleString('en-US')} rows in ${((performance.now() - generated) / 1000).toFixed(1)} s`);
    const env = { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'warn' };
    const runs: BulkRun[] = [];

    const imported = await runCommand(['import', file, '--org', db.organizationId, '--json'], env);
    if (imported.code !== 0) throw new Error(`contactd import exited ${imported.code}: ${imported.stderr}`);
    const summary = JSON.parse(imported.tail.trim().split('\n').at(-1) as string) as { rows: number; created: number; failed: number };
    if (summary.created !== rows) throw new Error(`contactd import created ${summary.created} of ${rows} rows: ${imported.tail}`);
    runs.push(run('contactd import (CSV)', rows, imported.seconds, imported.peakRssMb, 'contactd import'));
    log(`  [bulk] import: ${rows} rows in ${imported.seconds.toFixed(1)} s = ${(rows / imported.seconds).toFixed(0)} rows/s, peak RSS ${imported.peakRssMb.toFixed(0)} MB`);

    for (const format of ['csv', 'ndjson'] as const) {
      const exported = await runCommand(['export', '--org', db.organizationId, '--format', format], env);
      const lines = exported.stdoutLines - (format === 'csv' ? 1 : 0);
      if (exported.code !== 0 || lines !== rows) throw new Error(`contactd export --format ${format} exited ${exported.code} with ${lines} rows: ${exported.stderr}`);
      runs.push(run(`contactd export (${format.toUpperCase()})`, rows, exported.seconds, exported.peakRssMb, 'contactd export'));
      log(`  [bulk] export ${format}: ${rows} rows in ${exported.seconds.toFixed(1)} s = ${(rows / exported.seconds).toFixed(0)} rows/s, peak RSS ${exported.peakRssMb.toFixed(0)} MB (${(exported.stdoutBytes / 2 ** 20).toFixed(0)} MB written)`);
    }

    // Over HTTP: the server's memory while it streams the whole export to a reader that keeps up.
    const server = await startServer('contactd', process.execPath, [CONTACTD_BIN, 'serve', '--port', '0'], { ...env, HOST: '127.0.0.1' }, /contactd listening on (http:\/\/\S+)/);
    try {
      // Uncompressed (the bar), then gzip-compressed as a fetch client asks by default: reported, not a target.
      for (const encoding of ['identity', 'gzip'] as const) {
        const sampler = rssSampler(() => server.pid);
        const started = performance.now();
        const res = await fetch(`${server.url}/api/v2/contact/_export`, { method: 'POST', headers: { authorization: `Bearer ${db.key}`, 'content-type': 'application/json', 'accept-encoding': encoding }, body: JSON.stringify({ format: 'ndjson' }) });
        if (res.status !== 200 || res.body === null) throw new Error(`POST _export answered ${res.status}: ${await res.text()}`);
        if ((res.headers.get('content-encoding') ?? 'identity') !== encoding) throw new Error(`POST _export answered with content-encoding ${res.headers.get('content-encoding')} to accept-encoding ${encoding}`);
        let lines = 0;
        // fetch decompresses the gzip body as it reads it.
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines += 1;
        }
        const seconds = (performance.now() - started) / 1000;
        const peakRssMb = sampler.stop();
        if (lines !== rows) throw new Error(`POST _export streamed ${lines} of ${rows} rows`);
        const what = encoding === 'identity' ? 'POST /api/v2/contact/_export (NDJSON)' : 'gzip-compressed POST /api/v2/contact/_export (NDJSON; not a target)';
        runs.push(run(what, rows, seconds, peakRssMb, 'contactd serve'));
        log(`  [bulk] HTTP export (${encoding}): ${rows} rows in ${seconds.toFixed(1)} s = ${(rows / seconds).toFixed(0)} rows/s, server peak RSS ${peakRssMb.toFixed(0)} MB`);
      }
    } finally {
      await server.stop();
    }
    return { rows, runs };
  } finally {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
