// Start time of `contactd serve`: from spawning the process to its first 200 from /api/v2/health.
// Usage: npx tsx bench/start-time.ts [--runs 5] [--bin bin/contactd.js] (the clock starts at spawn, so how
// this script itself is run does not count).
// Each run gets a new SQLite file, so every start migrates and bootstraps an empty database; then one
// more start per run on that same (already migrated) file shows the cost without the first-start work.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, bin: { type: 'string', default: 'bin/contactd.js' } } });
const runs = Number(values.runs);
const bin = resolve(values.bin);

const freePort = () =>
  new Promise<number>((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => done(port));
    });
  });

const healthy = async (url: string): Promise<boolean> => {
  try {
    return (await fetch(url)).status === 200;
  } catch {
    return false;
  }
};

/** Milliseconds from spawn to the first 200 of /api/v2/health, polling every 5 ms. */
async function startOnce(databaseUrl: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [bin, 'serve', '--port', String(port), '--host', '127.0.0.1'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  let gone = false;
  void exited.then(() => (gone = true));
  try {
    while (!(await healthy(`http://127.0.0.1:${port}/api/v2/health`))) {
      if (gone) throw new Error(`contactd exited before answering /api/v2/health`);
      await new Promise((done) => setTimeout(done, 5));
    }
    return performance.now() - started;
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const fresh: number[] = [];
const existing: number[] = [];
for (let i = 0; i < runs; i += 1) {
  const dir = mkdtempSync(join(tmpdir(), 'contactd-start-'));
  try {
    const url = `sqlite:${join(dir, 'contactd.sqlite')}`;
    fresh.push(await startOnce(url));
    existing.push(await startOnce(url));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const show = (xs: number[]): string => `median ${median(xs).toFixed(0)} ms (runs: ${xs.map((x) => x.toFixed(0)).join(', ')})`;
process.stdout.write(`node ${process.version}, ${values.bin}\n`);
process.stdout.write(`empty database (migrate + bootstrap): ${show(fresh)}\n`);
process.stdout.write(`migrated database:                    ${show(existing)}\n`);
