/**
 * `--baseline <git-ref>`: another contactd (e.g. main before a change) measured beside this one. Its code
 * is a checkout of the ref outside the repository (`git archive` into os.tmpdir(), no worktree registered),
 * with its own `npm ci` (and `npm run build` when it has one), reused by later runs. Its database is made and
 * seeded by its own bench code (its migrations, its seed), in a child process on its own node_modules.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { openDatabase } from '../src/storage/database.ts';
import type { BenchDialect } from './bench-database.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const READY = '.contactd-bench-ready';

export interface Baseline {
  ref: string;
  sha: string;
  /** The checkout: run `node <dir>/bin/contactd.js serve` there. */
  dir: string;
}

/** The baseline's own seeded database: its URL, key and contact ids, and how to remove it. */
export interface BaselineDatabase {
  url: string;
  key: string;
  ids: string[];
  drop(): Promise<void>;
}

const run = (command: string, args: string[], cwd: string): void => {
  execFileSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
};

/** Makes (or reuses) the checkout of `ref`, installed and built. */
export function prepareBaseline(ref: string, log: (line: string) => void): Baseline {
  const sha = execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: ROOT, encoding: 'utf8' }).trim();
  const dir = join(tmpdir(), `contactd-bench-baseline-${sha}`);
  if (existsSync(join(dir, READY))) return { ref, sha, dir };
  log(`[baseline] checking out ${ref} (${sha.slice(0, 7)}) into ${dir}, then npm ci (minutes)`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['-x', '-C', dir], { input: execFileSync('git', ['archive', sha], { cwd: ROOT, maxBuffer: 1 << 30 }) });
  run('npm', ['ci', '--no-audit', '--no-fund'], dir);
  const scripts = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
  if (scripts.build !== undefined) run('npm', ['run', 'build'], dir);
  writeFileSync(join(dir, READY), `${ref} ${sha}\n`);
  return { ref, sha, dir };
}

/**
 * Seeds `contacts` contacts with the baseline's own bench/bench-database.ts (a fresh SQLite file, or a fresh
 * schema on postgresUrl), in a child process that loads the baseline's code through its own tsx.
 */
export async function seedBaseline(baseline: Baseline, dialect: BenchDialect, contacts: number, postgresUrl: string | null): Promise<BaselineDatabase> {
  const module = pathToFileURL(join(baseline.dir, 'bench', 'bench-database.ts')).href;
  const script = `const { createBenchDatabase } = await import(${JSON.stringify(module)});
const db = await createBenchDatabase(${JSON.stringify(dialect)}, ${contacts}, ${JSON.stringify(postgresUrl)}, (line) => process.stderr.write('[baseline] ' + line + '\\n'));
process.stdout.write(JSON.stringify({ url: db.url, key: db.key, ids: db.ids }));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], {
    cwd: baseline.dir, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const seeded = JSON.parse(out) as Omit<BaselineDatabase, 'drop'>;
  const drop = async () => {
    if (dialect === 'sqlite') {
      const dir = dirname(seeded.url.slice('sqlite:'.length));
      if (dir.startsWith(join(tmpdir(), 'contactd-bench-'))) rmSync(dir, { recursive: true, force: true });
      return;
    }
    const schema = new URL(seeded.url).searchParams.get('schema');
    if (postgresUrl === null || schema === null || !/^bench_[0-9a-f]+$/.test(schema)) return;
    const admin = openDatabase(postgresUrl);
    try {
      await sql.raw(`drop schema if exists "${schema}" cascade`).execute(admin.db);
    } finally {
      await admin.close();
    }
  };
  return { ...seeded, drop };
}
