/** `npm run bench -- [options]`: contactd against its floor server under concurrent load; see --help. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { BenchDialect } from './bench-database.ts';
import { runBench, type BenchOptions } from './harness.ts';
import { formatReport, writeResults } from './report.ts';
import { SCENARIO_NAMES, type ScenarioName } from './scenarios.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEFAULTS = { contacts: 100_000, duration: 10, rounds: 3, connections: 64, warmup: 2, workers: 2, scaleSizes: [10_000, 1_000_000] };

const int = (min: number) => (raw: string): number => {
  const n = Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer >= ${min}`);
  return n;
};
const ints = (raw: string): number[] => raw.split(',').map((s) => int(1)(s.trim()));
const scenarios = (raw: string): ScenarioName[] => {
  const names = raw.split(',').map((s) => s.trim());
  const bad = names.filter((n) => !(SCENARIO_NAMES as readonly string[]).includes(n));
  if (bad.length > 0) throw new InvalidArgumentError(`unknown scenario(s) ${bad.join(', ')}; known: ${SCENARIO_NAMES.join(', ')}`);
  return names as ScenarioName[];
};
const dialects = (raw: string): BenchDialect[] => {
  const names = raw.split(',').map((s) => s.trim());
  if (names.some((n) => n !== 'sqlite' && n !== 'postgres')) throw new InvalidArgumentError('expected sqlite, postgres or sqlite,postgres');
  return names as BenchDialect[];
};

interface CliOptions {
  contacts: number;
  duration: number;
  rounds: number;
  connections: number;
  warmup: number;
  amount?: number;
  scenarios: ScenarioName[];
  scale: boolean;
  scaleSizes: number[];
  textIndexCost: boolean;
  workers: number;
  dialect?: BenchDialect[];
  cpuProf?: string | true;
  logLevel: string;
  out: string;
  label?: string;
  events: number;
  wakeupSamples: number;
  defineSamples: number;
  bulk: number;
  bulkOnly: boolean;
  baseline?: string;
}

const program = new Command('npm run bench --')
  .description(
    'Runs contactd and the floor server (bench/floor.ts: Fastify, the same driver, prepared statements, no API logic) on a fresh seeded database, ' +
      'drives both with autocannon in alternating rounds, and prints req/s, p50, p99 and peak RSS with the contactd / floor ratio. ' +
      'Runs on SQLite, and on PostgreSQL when BENCH_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) is set; each run uses a fresh file or schema and removes it.',
  )
  .option('--contacts <n>', 'contacts seeded for the main scenarios', int(1), DEFAULTS.contacts)
  .option('--duration <seconds>', 'length of one round', int(1), DEFAULTS.duration)
  .option('--rounds <n>', 'rounds per server per scenario (median reported)', int(1), DEFAULTS.rounds)
  .option('--connections <n>', 'concurrent keep-alive connections', int(1), DEFAULTS.connections)
  .option('--warmup <seconds>', 'load on each server before a scenario\'s first round (0 for none)', int(0), DEFAULTS.warmup)
  .option('--amount <n>', 'a fixed number of requests per round instead of --duration (smoke runs)', int(1))
  .option('--scenarios <list>', `comma-separated subset of ${SCENARIO_NAMES.join(', ')}`, scenarios, [...SCENARIO_NAMES])
  .option('--scale', 'also run PATCH and _query on databases of each --scale-sizes size (seeding 1M contacts takes minutes)', false)
  .option('--scale-sizes <list>', 'contact counts for --scale', ints, DEFAULTS.scaleSizes)
  .option('--no-text-index-cost', 'skip PATCH and create against a second contactd on a database without the text index, in the same rounds (what keeping it costs writes)')
  .option('--workers <n>', 'also run PATCH and GET against `contactd serve --workers <n>` (0 or 1 to skip)', int(0), DEFAULTS.workers)
  .addOption(new Option('--dialect <list>', 'sqlite, postgres or both (default: sqlite, plus postgres when BENCH_DATABASE_URL is set)').argParser(dialects))
  .option('--cpu-prof [dir]', 'write V8 CPU profiles of contactd (open in Chrome DevTools or speedscope; summarise with bench/profile-summary.ts)')
  .option('--log-level <level>', 'contactd LOG_LEVEL; info adds the per-request access log line', 'warn')
  .option('--events <n>', 'also run PATCH and event/_query on a database whose change log holds n events (e.g. 10_000_000)', int(0), 0)
  .option('--wakeup-samples <n>', 'long-poll wake-ups to time (0 skips)', int(0), 200)
  .option('--define-samples <n>', 'custom attribute definitions to time under PATCH load on each main and scale database (0 skips)', int(0), 10)
  .option('--bulk <rows>', 'also time `contactd import` of that many generated CSV rows into an empty organization, then `contactd export` (CSV, NDJSON) and POST _export of them, with peak RSS (e.g. 1_000_000)', int(0), 0)
  .option('--bulk-only', 'run only the --bulk section (no load scenarios)', false)
  .option('--baseline <git-ref>', 'also run PATCH, GET and create against contactd at this ref (e.g. 4fc2f74, main before the change log) in the same rounds, on its own database seeded by its own code; checked out and installed under the system temp folder and reused')
  .option('--out <dir>', 'folder for the JSON results', join(ROOT, 'bench', 'results'))
  .option('--label <name>', 'suffix of the results file; defaults to "short" when any parameter is below the full run')
  .showHelpAfterError();

program.parse();
const cli = program.opts<CliOptions>();
const postgresUrl = process.env.BENCH_DATABASE_URL || null;
const chosenDialects = cli.dialect ?? (postgresUrl === null ? ['sqlite'] : ['sqlite', 'postgres']);
if (chosenDialects.includes('postgres') && postgresUrl === null) program.error('--dialect postgres needs BENCH_DATABASE_URL');

const full = !cli.bulkOnly && cli.contacts >= DEFAULTS.contacts && cli.duration >= DEFAULTS.duration && cli.rounds >= DEFAULTS.rounds && cli.connections === DEFAULTS.connections && cli.amount === undefined;
const options: BenchOptions = {
  dialects: chosenDialects,
  postgresUrl,
  contacts: cli.contacts,
  scenarios: cli.scenarios,
  connections: cli.connections,
  duration: cli.duration,
  rounds: cli.rounds,
  warmup: cli.warmup,
  ...(cli.amount !== undefined ? { amount: cli.amount } : {}),
  workers: cli.workers,
  scale: cli.scale,
  scaleSizes: cli.scaleSizes,
  textIndexCost: !cli.bulkOnly && cli.textIndexCost && cli.scenarios.some((s) => s === 'patch' || s === 'create'),
  cpuProfDir: cli.cpuProf === undefined ? null : cli.cpuProf === true ? join(ROOT, 'bench', 'profiles') : cli.cpuProf,
  logLevel: cli.logLevel,
  events: cli.events,
  wakeupSamples: cli.wakeupSamples,
  defineSamples: cli.defineSamples,
  bulk: cli.bulk,
  bulkOnly: cli.bulkOnly,
  baseline: cli.baseline ?? null,
};

// One dialect at a time, each written as soon as it is done (a long run stopped midway keeps the first).
for (const dialect of options.dialects) {
  for (const report of await runBench({ ...options, dialects: [dialect] }, (line) => process.stdout.write(`${line}\n`))) {
    const file = writeResults(report, cli.out, cli.label ?? (full ? null : 'short'));
    process.stdout.write(`\n${formatReport(report)}\n\nresults: ${file}\n`);
  }
}
if (options.cpuProfDir !== null) process.stdout.write(`CPU profiles: ${options.cpuProfDir} (npx tsx bench/profile-summary.ts <file>)\n`);
