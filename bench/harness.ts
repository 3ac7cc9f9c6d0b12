import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBenchDatabase, type BenchDatabase, type BenchDialect } from './bench-database.ts';
import { prepareBaseline, seedBaseline, type Baseline, type BaselineDatabase } from './baseline.ts';
import { median, pairedRatio, runLoad, type LoadOptions, type RoundResult } from './load.ts';
import { BASELINE_SCENARIOS, EVENT_SCALE_SCENARIOS, FEW_CONNECTIONS, SCALE_SCENARIOS, SCENARIOS, TEXT_INDEX_COST_SCENARIOS, type BenchRequest, type Prepared, type ScenarioData, type ScenarioName, type TargetKind } from './scenarios.ts';
import { startServer, type ServerProcess } from './server-process.ts';
import { bulkTargets, defineTargets, evaluateTargets, type TargetCheck } from './targets.ts';
import { runBulk, type BulkResult } from './bulk.ts';
import { measureDefinitions, type DefineResult } from './define-attribute.ts';

export interface BenchOptions {
  dialects: BenchDialect[];
  /** BENCH_DATABASE_URL: where the PostgreSQL runs make their schemas. */
  postgresUrl: string | null;
  contacts: number;
  scenarios: ScenarioName[];
  connections: number;
  /** Seconds per round. */
  duration: number;
  rounds: number;
  /** Seconds of load on each server before a scenario's first round (JIT, caches, connection pools). */
  warmup: number;
  /** A fixed number of requests per round instead of a duration (smoke runs). */
  amount?: number;
  /** Also run PATCH and GET against `contactd serve --workers N`; below 2 skips it. */
  workers: number;
  /** Run the scale section (PATCH and _query at each of scaleSizes). */
  scale: boolean;
  /** Also run PATCH and create against a second contactd on a copy of the main rows without the text index, in the same rounds (its write cost). */
  textIndexCost?: boolean;
  scaleSizes: number[];
  /** A folder for contactd's V8 CPU profiles (--cpu-prof), or null. */
  cpuProfDir: string | null;
  /** contactd's LOG_LEVEL: `warn` leaves out the per-request access line. */
  logLevel: string;
  /** With a count above 0: PATCH and event/_query again on a database whose change log holds that many events. */
  events?: number;
  /** Long-poll wake-ups to time (0 skips it). */
  wakeupSamples?: number;
  /** Custom attribute definitions to time under PATCH load, on every main and scale database (0 skips it). */
  defineSamples?: number;
  /** With a count above 0: `contactd import` of that many generated rows, then `contactd export` and POST _export of them. */
  bulk?: number;
  /** Only the bulk section (no scenarios). */
  bulkOnly?: boolean;
  /** A git ref of contactd (e.g. main before a change) run as a third server in PATCH, GET and create, on its own seeded database. */
  baseline?: string | null;
}

/**
 * A long poll waiting for a PATCH's event: its answer timed from the PATCH's own answer (which follows the
 * commit by only the rendering of the contact: the closest a client sees commit -> the reader's answer; it is
 * negative when the poll answers first), and from sending the PATCH (an upper bound: parsing and writing too).
 */
export interface WakeupResult {
  samples: number;
  afterWriteP50Ms: number;
  afterWriteP99Ms: number;
  pollP50Ms: number;
  pollP99Ms: number;
  writeP50Ms: number;
  writeP99Ms: number;
}

/** A round with what was sampled from the server process while it ran. */
export interface Measured extends RoundResult {
  /** Server CPU time (user + system, all its processes) per request: robust to a busy machine, unlike req/s. */
  cpuUsPerRequest: number;
  peakRss: number;
}

export interface TargetResult {
  reqPerSec: number;
  /** Median of the rounds' server CPU microseconds per request. */
  cpuUsPerRequest: number;
  p50Ms: number;
  p99Ms: number;
  /** The highest resident memory sampled during the rounds (all processes of the server). */
  peakRssMb: number;
  failures: number;
  rounds: Array<Omit<Measured, 'peakRss'> & { peakRssMb: number }>;
}

export interface ScenarioRow {
  scenario: ScenarioName;
  title: string;
  section: 'main' | 'scale' | 'events';
  contacts: number;
  /** contactd's response size, which the floor pads its responses to. */
  responseBytes: number | null;
  contactd: TargetResult | null;
  floor: TargetResult | null;
  /** contactd with `workers` cluster workers (PATCH and GET only). */
  workers: TargetResult | null;
  /** The same scenario over one connection (scenarios that ask for it): latency without queueing. */
  oneConnection: { contactd: TargetResult; floor: TargetResult } | null;
  /** The same scenario over FEW_CONNECTIONS connections (PATCH and GET), for the p99 target at light load. */
  fewConnections: { contactd: TargetResult; floor: TargetResult } | null;
  /** The --baseline checkout, measured in the same alternating rounds (PATCH, GET, create). */
  baseline: TargetResult | null;
  /** contactd req/s / baseline req/s: the median of the round-by-round ratios. */
  baselineRatio: number | null;
  /** contactd on a copy of the database without the text index, in the same alternating rounds (PATCH, create). */
  withoutTextIndex: TargetResult | null;
  /** contactd req/s / contactd without the text index req/s: the median of the round-by-round ratios. */
  textIndexRatio: number | null;
  /** A custom scenario's standard counterpart on the same contactd, in the same alternating rounds (custom-patch, custom-get). */
  standard: TargetResult | null;
  /** custom req/s / standard req/s on one contactd: the median of the round-by-round ratios. */
  standardRatio: number | null;
  /** contactd req/s / floor req/s. */
  ratio: number | null;
  /** contactd with workers req/s / contactd req/s. */
  workersRatio: number | null;
  skipped: string | null;
  note: string | null;
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  platform: string;
  loadAverageAtStart: number[];
  loadAverageAtEnd: number[];
}

export interface BenchReport {
  dialect: BenchDialect;
  startedAt: string;
  finishedAt: string;
  machine: MachineInfo;
  options: Omit<BenchOptions, 'postgresUrl' | 'dialects'>;
  seedSeconds: Record<string, number>;
  rows: ScenarioRow[];
  targets: TargetCheck[];
  wakeup: WakeupResult | null;
  /** Sections that failed after the main one (what they measured before failing is not kept). */
  failures?: string[];
  /** Definition latency under PATCH load, per database size (--define-samples). */
  definitions?: DefineResult[];
  /** Import and export timings (--bulk), or null. */
  bulk: BulkResult | null;
  /** The --baseline ref and commit, when one was measured. */
  baseline?: { ref: string; sha: string } | null;
}

const CONTACTD_BIN = fileURLToPath(new URL('../bin/contactd.js', import.meta.url));
const FLOOR = fileURLToPath(new URL('./floor.ts', import.meta.url));
const PROBE_TIMEOUT_MS = 30_000;

interface Servers {
  contactd: ServerProcess;
  floor: ServerProcess;
  workers: ServerProcess | null;
  /** The --baseline server on its own database. */
  baseline: { server: ServerProcess; db: BaselineDatabase } | null;
  /** contactd on the same rows without the text index (what keeping it costs writes). */
  withoutTextIndex: { server: ServerProcess; db: BenchDatabase } | null;
}

async function startServers(db: BenchDatabase, options: BenchOptions, withWorkers: boolean, baseline: { checkout: Baseline; db: BaselineDatabase } | null, withoutTextIndexDb: BenchDatabase | null): Promise<Servers> {
  // The load comes from one key: limits far above what the machine serves keep the limiter's cost in
  // the measurement without letting it answer 429s.
  const unlimited = { RATE_LIMIT_READ_PER_SECOND: '1000000', RATE_LIMIT_READ_BURST: '10000000', RATE_LIMIT_WRITE_PER_SECOND: '1000000', RATE_LIMIT_WRITE_BURST: '10000000' };
  const env = { ...process.env, ...unlimited, DATABASE_URL: db.url, LOG_LEVEL: options.logLevel, HOST: '127.0.0.1' };
  const profile = options.cpuProfDir === null ? [] : ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`];
  const contactdArgs = (workers: number) => [...profile, CONTACTD_BIN, 'serve', '--port', '0', ...(workers > 1 ? ['--workers', String(workers)] : [])];
  const ready = /contactd listening on (http:\/\/\S+)/;
  const started: ServerProcess[] = [];
  try {
    const contactd = await startServer('contactd', process.execPath, contactdArgs(1), env, ready);
    started.push(contactd);
    const floor = await startServer('floor', process.execPath, ['--import', 'tsx', FLOOR, '--database-url', db.url, '--organization-id', db.organizationId], env, /floor listening on (http:\/\/\S+)/);
    started.push(floor);
    const workers = withWorkers ? await startServer(`contactd --workers ${options.workers}`, process.execPath, contactdArgs(options.workers), env, ready) : null;
    if (workers !== null) started.push(workers);
    const baselineServer = baseline === null ? null : await startServer(`baseline ${baseline.checkout.sha.slice(0, 7)}`, process.execPath,
      [join(baseline.checkout.dir, 'bin', 'contactd.js'), 'serve', '--port', '0'], { ...env, DATABASE_URL: baseline.db.url }, ready);
    if (baselineServer !== null) started.push(baselineServer);
    const withoutTextIndex = withoutTextIndexDb === null ? null : await startServer('contactd without the text index', process.execPath, contactdArgs(1), { ...env, DATABASE_URL: withoutTextIndexDb.url }, ready);
    return {
      contactd, floor, workers,
      baseline: baselineServer === null ? null : { server: baselineServer, db: baseline!.db },
      withoutTextIndex: withoutTextIndex === null ? null : { server: withoutTextIndex, db: withoutTextIndexDb! },
    };
  } catch (error) {
    await Promise.all(started.map((s) => s.stop()));
    throw error;
  }
}

function stopServers(servers: Servers): Promise<unknown> {
  return Promise.all([servers.contactd.stop(), servers.floor.stop(), servers.workers?.stop(), servers.baseline?.server.stop(), servers.withoutTextIndex?.server.stop()]);
}

async function call(baseUrl: string, key: string, method: BenchRequest['method'], path: string, body?: string): Promise<{ status: number; bytes: number; text: string }> {
  const res = await fetch(baseUrl + path, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body } : {}),
    signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
  });
  const buffer = Buffer.from(await res.arrayBuffer());
  return { status: res.status, bytes: buffer.length, text: buffer.toString('utf8') };
}

/** Runs rounds of one scenario against one server, sampling its memory while the load runs. */
async function measure(server: ServerProcess, headers: Record<string, string>, next: () => BenchRequest, expectedStatus: number, load: LoadOptions): Promise<Measured> {
  let peakRss = server.rssBytes();
  const cpuBefore = server.cpuSeconds();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, server.rssBytes());
  }, 100);
  try {
    const result = await runLoad(server.url, headers, next, expectedStatus, load);
    const cpuUsPerRequest = result.requests > 0 ? ((server.cpuSeconds() - cpuBefore) * 1e6) / result.requests : 0;
    return { ...result, cpuUsPerRequest, peakRss: Math.max(peakRss, server.rssBytes()) };
  } finally {
    clearInterval(sampler);
  }
}

function summarize(rounds: Measured[]): TargetResult {
  return {
    reqPerSec: median(rounds.map((r) => r.reqPerSec)),
    cpuUsPerRequest: median(rounds.map((r) => r.cpuUsPerRequest)),
    p50Ms: median(rounds.map((r) => r.p50Ms)),
    p99Ms: median(rounds.map((r) => r.p99Ms)),
    peakRssMb: Math.max(...rounds.map((r) => r.peakRss)) / 2 ** 20,
    failures: rounds.reduce((sum, r) => sum + r.failures, 0),
    rounds: rounds.map(({ peakRss, ...round }) => ({ ...round, peakRssMb: peakRss / 2 ** 20 })),
  };
}

async function runScenario(name: ScenarioName, section: ScenarioRow['section'], db: BenchDatabase, servers: Servers, options: BenchOptions, log: (line: string) => void): Promise<ScenarioRow> {
  const scenario = SCENARIOS[name];
  const row: ScenarioRow = {
    scenario: name, title: scenario.title, section, contacts: db.ids.length, responseBytes: null,
    contactd: null, floor: null, workers: null, oneConnection: null, fewConnections: null, baseline: null, baselineRatio: null, withoutTextIndex: null, textIndexRatio: null, standard: null, standardRatio: null, ratio: null, workersRatio: null, skipped: null, note: null,
  };
  const inCustom = scenario.organization === 'custom';
  if (inCustom && db.custom === null) throw new Error(`${name} needs the custom organization: seed it with createBenchDatabase(..., withCustom)`);
  const key = inCustom ? db.custom!.key : db.key;
  const data: ScenarioData = {
    ids: inCustom ? db.custom!.ids : db.ids,
    floorIds: db.ids,
    api: async (method, path, body, organization) => {
      const res = await call(servers.contactd.url, organization === 'main' ? db.key : key, method, path, body === undefined ? undefined : JSON.stringify(body));
      return { status: res.status, bytes: res.bytes, json: res.text === '' ? null : JSON.parse(res.text) };
    },
  };

  // Probe contactd once: does the endpoint exist, and how big is its answer (the floor pads to it)?
  let prepared: Prepared = {};
  const probe = scenario.request('contactd', data, prepared);
  const first = await call(servers.contactd.url, key, probe.method, probe.path, probe.body);
  if (first.status === 404 && first.text.includes('route_not_found')) {
    row.skipped = `contactd has no ${probe.method} ${probe.path.split('?')[0]} yet (404 route_not_found)`;
    log(`  ${name}: SKIPPED, ${row.skipped}`);
    return row;
  }
  if (first.status !== scenario.expectedStatus) {
    row.skipped = `contactd answered ${first.status}, expected ${scenario.expectedStatus}: ${first.text.slice(0, 300)}`;
    log(`  ${name}: SKIPPED, ${row.skipped}`);
    return row;
  }
  if (scenario.prepare) prepared = await scenario.prepare(data);
  const sized = prepared.contactdBody === undefined ? first : await call(servers.contactd.url, key, probe.method, probe.path, prepared.contactdBody);
  row.responseBytes = sized.bytes;
  row.note = prepared.note ?? null;

  // The floor ignores the key, so one set of headers serves both.
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const contactdNext = () => scenario.request('contactd', data, prepared);
  const floorNext = () => {
    const r = scenario.request('floor', data, prepared);
    return { ...r, path: `${r.path}?pad=${row.responseBytes}` };
  };
  const floorProbe = floorNext();
  const floorFirst = await call(servers.floor.url, db.key, floorProbe.method, floorProbe.path, floorProbe.body);
  if (floorFirst.status !== scenario.expectedStatus) throw new Error(`floor answered ${floorFirst.status} for ${name}: ${floorFirst.text.slice(0, 300)}`);

  type Run = { kind: TargetKind; server: ServerProcess; next: () => BenchRequest; rounds: Measured[]; headers: Record<string, string> };
  const runs: Run[] = [
    { kind: 'contactd', server: servers.contactd, next: contactdNext, rounds: [], headers },
    { kind: 'floor', server: servers.floor, next: floorNext, rounds: [], headers },
  ];
  if (servers.workers !== null && (name === 'patch' || name === 'get')) runs.push({ kind: 'contactd-workers', server: servers.workers, next: contactdNext, rounds: [], headers });
  if (servers.baseline !== null && BASELINE_SCENARIOS.includes(name) && !inCustom) {
    // The baseline answers the same requests for its own contacts, with its own key.
    const { server, db: baselineDb } = servers.baseline;
    const baselineData: ScenarioData = { ...data, ids: baselineDb.ids, floorIds: baselineDb.ids };
    const baselineNext = () => scenario.request('contactd', baselineData, prepared);
    const probed = baselineNext();
    const answer = await call(server.url, baselineDb.key, probed.method, probed.path, probed.body);
    if (answer.status !== scenario.expectedStatus) throw new Error(`baseline answered ${answer.status} for ${name}: ${answer.text.slice(0, 300)}`);
    runs.push({ kind: 'baseline', server, next: baselineNext, rounds: [], headers: { ...headers, authorization: `Bearer ${baselineDb.key}` } });
  }
  if (servers.withoutTextIndex !== null && TEXT_INDEX_COST_SCENARIOS.includes(name) && !inCustom) {
    // The same requests for the copy's own contacts, with its own key.
    const { server, db: copy } = servers.withoutTextIndex;
    const copyData: ScenarioData = { ...data, ids: copy.ids, floorIds: copy.ids };
    runs.push({ kind: 'no-text-index', server, next: () => scenario.request('contactd', copyData, prepared), rounds: [], headers: { ...headers, authorization: `Bearer ${copy.key}` } });
  }
  if (inCustom && scenario.standard !== undefined) {
    // The standard counterpart in the main organization, on the same server: its key, its contacts.
    const standard = SCENARIOS[scenario.standard];
    const standardData: ScenarioData = { ...data, ids: db.ids };
    runs.push({ kind: 'standard', server: servers.contactd, next: () => standard.request('contactd', standardData, {}), rounds: [], headers: { ...headers, authorization: `Bearer ${db.key}` } });
  }

  const load: LoadOptions = { connections: options.connections, duration: options.duration, ...(options.amount !== undefined ? { amount: options.amount } : {}) };
  if (options.warmup > 0 && options.amount === undefined) {
    for (const run of runs) await runLoad(run.server.url, run.headers, run.next, scenario.expectedStatus, { connections: options.connections, duration: options.warmup });
  }
  // Rounds alternate between the servers so drift in the machine's load hits each of them alike.
  for (let round = 1; round <= options.rounds; round += 1) {
    for (const run of runs) {
      const result = await measure(run.server, run.headers, run.next, scenario.expectedStatus, load);
      run.rounds.push(result);
      log(`  ${name} @${db.ids.length} round ${round} ${run.server.name}: ${result.reqPerSec.toFixed(0)} req/s, p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms, CPU ${result.cpuUsPerRequest.toFixed(0)} us/req, RSS ${(result.peakRss / 2 ** 20).toFixed(0)} MB${result.failures > 0 ? `, ${result.failures} FAILED (${JSON.stringify(result.statusCounts)})` : ''}`);
    }
  }
  // Fewer connections, contactd and floor in alternating rounds: at 64 a request mostly waits behind the
  // others (p50 ≈ 64 / throughput); one connection shows a request's own cost, a few its tail at light load.
  const fewer = async (connections: number) => {
    const [contactdRun, floorRun] = runs as [Run, Run];
    const rounds: [Measured[], Measured[]] = [[], []];
    for (let round = 1; round <= options.rounds; round += 1) {
      for (const [i, run] of [contactdRun, floorRun].entries()) {
        const result = await measure(run.server, headers, run.next, scenario.expectedStatus, { ...load, connections });
        rounds[i]!.push(result);
        log(`  ${name} @${db.ids.length} round ${round} ${run.server.name}, ${connections} connection(s): ${result.reqPerSec.toFixed(0)} req/s, p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms`);
      }
    }
    return { contactd: summarize(rounds[0]), floor: summarize(rounds[1]) };
  };
  if (scenario.oneConnection === true) row.oneConnection = await fewer(1);
  if (scenario.fewConnections === true && section === 'main') row.fewConnections = await fewer(FEW_CONNECTIONS);
  const byKind = (kind: TargetKind) => {
    const run = runs.find((r) => r.kind === kind);
    return run === undefined ? null : summarize(run.rounds);
  };
  row.contactd = byKind('contactd');
  row.floor = byKind('floor');
  row.workers = byKind('contactd-workers');
  row.baseline = byKind('baseline');
  row.withoutTextIndex = byKind('no-text-index');
  row.standard = byKind('standard');
  summarizeRatios(row);
  return row;
}

/** Sets a row's contactd / floor and workers / contactd ratios from its rounds. */
export function summarizeRatios(row: ScenarioRow): void {
  row.ratio = row.contactd && row.floor ? pairedRatio(row.contactd, row.floor) : null;
  row.workersRatio = row.contactd && row.workers ? pairedRatio(row.workers, row.contactd) : null;
  row.baselineRatio = row.contactd && row.baseline ? pairedRatio(row.contactd, row.baseline) : null;
  row.textIndexRatio = row.contactd && row.withoutTextIndex ? pairedRatio(row.contactd, row.withoutTextIndex) : null;
  row.standardRatio = row.contactd && row.standard ? pairedRatio(row.contactd, row.standard) : null;
}

function machineInfo(): MachineInfo {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverageAtStart: loadavg(),
    loadAverageAtEnd: [],
  };
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

/**
 * Long-poll wake-up: a poll waits on "now", a PATCH is sent, and the poll's answer (the PATCH's event) is
 * timed from the PATCH's answer and from the moment the PATCH was sent. Sequential, one poll at a time.
 */
async function measureWakeup(server: ServerProcess, key: string, contactId: string, samples: number): Promise<WakeupResult> {
  const polls: number[] = [];
  const writes: number[] = [];
  const afterWrite: number[] = [];
  let cursor = (JSON.parse((await call(server.url, key, 'POST', '/api/v2/event/_query', JSON.stringify({ cursor: 'now' }))).text) as { next_cursor: string }).next_cursor;
  for (let i = 0; i < samples; i += 1) {
    const poll = call(server.url, key, 'POST', '/api/v2/event/_query', JSON.stringify({ cursor, wait_seconds: 10 }));
    // Give the poll time to reach its wait; a poll that reads after the commit answers at once anyway.
    await new Promise((r) => setTimeout(r, 20));
    const sent = performance.now();
    const [write, answered] = await Promise.all([
      call(server.url, key, 'PATCH', `/api/v2/contact/${contactId}`, JSON.stringify({ attributes: { title: `Wake ${i}` } })).then(() => performance.now()),
      poll.then((res) => ({ at: performance.now(), body: JSON.parse(res.text) as { data: unknown[]; next_cursor: string } })),
    ]);
    cursor = answered.body.next_cursor;
    if (answered.body.data.length === 0) throw new Error('a long poll answered without the event of the PATCH it waited for');
    polls.push(answered.at - sent);
    writes.push(write - sent);
    afterWrite.push(answered.at - write);
  }
  for (const list of [polls, writes, afterWrite]) list.sort((a, b) => a - b);
  return {
    samples, afterWriteP50Ms: percentile(afterWrite, 0.5), afterWriteP99Ms: percentile(afterWrite, 0.99),
    pollP50Ms: percentile(polls, 0.5), pollP99Ms: percentile(polls, 0.99), writeP50Ms: percentile(writes, 0.5), writeP99Ms: percentile(writes, 0.99),
  };
}

/** Seeds a database, starts the servers, runs the scenarios, stops and drops everything. */
async function runSection(dialect: BenchDialect, contacts: number, names: readonly ScenarioName[], section: ScenarioRow['section'], options: BenchOptions, log: (line: string) => void, events = 0, baseline: Baseline | null = null): Promise<{ rows: ScenarioRow[]; seedSeconds: number; wakeup: WakeupResult | null; define: DefineResult | null }> {
  log(`[${dialect}] seeding ${contacts.toLocaleString('en-US')} contacts${events > 0 ? ` and ${events.toLocaleString('en-US')} events` : ''}`);
  const db = await createBenchDatabase(dialect, contacts, options.postgresUrl, log, events, names.some((n) => SCENARIOS[n].organization === 'custom'));
  let baselineDb: BaselineDatabase | null = null;
  let withoutTextIndexDb: BenchDatabase | null = null;
  try {
    if (section === 'main' && options.textIndexCost === true && names.some((n) => TEXT_INDEX_COST_SCENARIOS.includes(n))) {
      log(`[${dialect}] seeding ${contacts.toLocaleString('en-US')} contacts without the text index, for a second contactd in the same rounds`);
      withoutTextIndexDb = await createBenchDatabase(dialect, contacts, options.postgresUrl, log, 0, false, { dropTextIndex: true });
    }
    if (baseline !== null && names.some((n) => BASELINE_SCENARIOS.includes(n))) {
      log(`[${dialect}] seeding ${contacts.toLocaleString('en-US')} contacts for the baseline ${baseline.ref} (${baseline.sha.slice(0, 7)}), with its own code`);
      baselineDb = await seedBaseline(baseline, dialect, contacts, options.postgresUrl);
    }
    const withWorkers = section === 'main' && options.workers > 1 && names.some((n) => n === 'patch' || n === 'get');
    const servers = await startServers(db, options, withWorkers, baseline === null || baselineDb === null ? null : { checkout: baseline, db: baselineDb }, withoutTextIndexDb);
    for (const server of [servers.contactd, servers.floor, servers.workers, servers.baseline?.server ?? null, servers.withoutTextIndex?.server ?? null]) {
      if (server !== null && server.startSeconds > 10) log(`  ${server.name} took ${server.startSeconds.toFixed(1)} s to start on this database`);
    }
    try {
      const rows: ScenarioRow[] = [];
      for (const name of names) {
        const row = await runScenario(name, section, db, servers, options, log);
        if (events > 0) row.note = [row.note, `${events.toLocaleString('en-US')} events in the change log`].filter((n) => n !== null).join('; ');
        rows.push(row);
      }
      const samples = options.wakeupSamples ?? 0;
      const wakeup = section === 'main' && samples > 0 ? await measureWakeup(servers.contactd, db.key, db.ids[0] as string, samples) : null;
      if (wakeup !== null) log(`  long-poll wake-up: poll answered p50 ${wakeup.afterWriteP50Ms.toFixed(2)} ms, p99 ${wakeup.afterWriteP99Ms.toFixed(2)} ms after the PATCH's answer; p50 ${wakeup.pollP50Ms.toFixed(2)} ms, p99 ${wakeup.pollP99Ms.toFixed(2)} ms after it was sent`);
      // Last: the definitions change the organization's catalog, which no scenario above should see.
      const defineSamples = options.defineSamples ?? 0;
      const define = (section === 'main' || section === 'scale') && defineSamples > 0 ? await measureDefinitions(servers.contactd.url, db.key, db.ids, contacts, defineSamples) : null;
      if (define !== null) log(`  attribute definitions at ${contacts.toLocaleString('en-US')} contacts: p50 ${define.p50Ms.toFixed(1)} ms, max ${define.maxMs.toFixed(1)} ms; ${define.patches} PATCHes meanwhile, slowest ${define.patchMaxMs.toFixed(1)} ms`);
      return { rows, seedSeconds: db.seedSeconds, wakeup, define };
    } finally {
      await stopServers(servers);
    }
  } finally {
    await db.drop();
    await baselineDb?.drop();
    await withoutTextIndexDb?.drop();
  }
}

/** One report per dialect: the main scenarios at `contacts`, then (with scale) PATCH and _query at each scale size. */
export async function runBench(options: BenchOptions, log: (line: string) => void = () => undefined): Promise<BenchReport[]> {
  const reports: BenchReport[] = [];
  const baseline = options.baseline == null ? null : prepareBaseline(options.baseline, log);
  for (const dialect of options.dialects) {
    const startedAt = new Date().toISOString();
    const machine = machineInfo();
    const seedSeconds: Record<string, number> = {};
    const rows: ScenarioRow[] = [];
    const bulk = (options.bulk ?? 0) > 0 ? await runBulk(dialect, options.bulk as number, options.postgresUrl, log) : null;
    const definitions: DefineResult[] = [];
    const main = options.bulkOnly === true ? { rows: [], seedSeconds: 0, wakeup: null, define: null } : await runSection(dialect, options.contacts, options.scenarios, 'main', options, log, 0, baseline);
    rows.push(...main.rows);
    if (main.define !== null) definitions.push(main.define);
    if (options.bulkOnly !== true) seedSeconds[String(options.contacts)] = main.seedSeconds;
    // A later section that fails (a server that never starts, a full disk) is reported, and what the
    // earlier sections measured is still written: a 1M section can take most of an hour.
    const failures: string[] = [];
    const section = async (what: string, run: () => Promise<void>): Promise<void> => {
      try {
        await run();
      } catch (error) {
        const message = `${what}: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`;
        failures.push(message);
        log(`[${dialect}] section failed, going on: ${message}`);
      }
    };
    if ((options.events ?? 0) > 0) {
      // As many contacts as the main run, so its PATCH and event/_query rows are the small-log comparison.
      const size = options.contacts;
      await section(`${size} contacts with ${options.events} events`, async () => {
        const eventful = await runSection(dialect, size, EVENT_SCALE_SCENARIOS, 'events', options, log, options.events);
        rows.push(...eventful.rows);
        seedSeconds[`${size}+${options.events} events`] = eventful.seedSeconds;
      });
    }
    if (options.scale) {
      for (const size of options.scaleSizes) {
        // The scale scenarios among those asked for (all of them by default).
        await section(`scale ${size} contacts`, async () => {
          const scaled = await runSection(dialect, size, SCALE_SCENARIOS.filter((n) => options.scenarios.includes(n)), 'scale', options, log);
          rows.push(...scaled.rows);
          if (scaled.define !== null) definitions.push(scaled.define);
          seedSeconds[String(size)] = scaled.seedSeconds;
        });
      }
    }
    machine.loadAverageAtEnd = loadavg();
    const { postgresUrl: _postgresUrl, dialects: _dialects, ...recorded } = options;
    const targets = [...(options.bulkOnly === true ? [] : [...evaluateTargets(dialect, rows, options.connections, main.wakeup), ...defineTargets(definitions)]), ...bulkTargets(dialect, rows, bulk)];
    reports.push({ dialect, startedAt, finishedAt: new Date().toISOString(), machine, options: recorded, seedSeconds, rows, targets, wakeup: main.wakeup, definitions, failures, bulk, baseline: baseline === null ? null : { ref: baseline.ref, sha: baseline.sha } });
  }
  return reports;
}
