import type { BenchDialect } from './bench-database.ts';
import type { ScenarioRow, WakeupResult } from './harness.ts';
import { BATCH_SIZE, FEW_CONNECTIONS, type ScenarioName } from './scenarios.ts';
import type { BulkResult } from './bulk.ts';
import type { DefineResult } from './define-attribute.ts';

/** One target of issues 6, 14 and 15, as measured by this run; met is null when the run did not measure it. */
export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean | null;
}

const fmt = (n: number, digits = 2): string => n.toFixed(digits);
const count = (n: number): string => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));

function find(rows: ScenarioRow[], scenario: ScenarioName, section: ScenarioRow['section'], contacts?: number): ScenarioRow | undefined {
  return rows.find((r) => r.scenario === scenario && r.section === section && (contacts === undefined || r.contacts === contacts) && r.contactd !== null);
}

/** The rows of the largest database measured for a scenario (the scale section's biggest size, else the main run). */
function largest(rows: ScenarioRow[], scenario: ScenarioName): ScenarioRow | undefined {
  return rows.filter((r) => r.scenario === scenario && r.contactd !== null).sort((a, b) => b.contacts - a.contacts)[0];
}

const missing = (target: string): TargetCheck => ({ target, measured: 'not measured in this run', met: null });

const TEXT_SCENARIOS: ReadonlyArray<[ScenarioName, string]> = [['search-3', 'search, 3-letter token'], ['search-6', 'search, 6-letter token'], ['contains-last-name', 'contains on last_name']];

/**
 * Issue 15, on both dialects, from the smallest and largest databases measured, on one connection:
 * each text query at the largest size within 3x of the smallest, and p50 <= 20 ms there.
 */
export function textTargets(rows: ScenarioRow[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const [scenario, title] of TEXT_SCENARIOS) {
    // The smallest and largest databases measured, in the main or the scale section.
    const sized = rows.filter((r) => r.scenario === scenario && r.oneConnection !== null).sort((a, b) => a.contacts - b.contacts);
    const small = sized[0];
    const big = sized.at(-1);
    const growth = `${title} p50 at the largest size <= 3 x at the smallest (one connection)`;
    const p50 = `${title} p50 <= 20 ms at the largest size (one connection)`;
    if (small === undefined || big === undefined || small === big) {
      checks.push(missing(growth), missing(p50));
      continue;
    }
    const [a, b] = [small.oneConnection!.contactd.p50Ms, big.oneConnection!.contactd.p50Ms];
    checks.push({ target: growth, measured: `${fmt(b / a)} (${fmt(b)} ms at ${count(big.contacts)} vs ${fmt(a)} ms at ${count(small.contacts)})`, met: b <= 3 * a });
    checks.push({ target: p50, measured: `${fmt(b)} ms at ${count(big.contacts)} (floor ${fmt(big.oneConnection!.floor.p50Ms)} ms)`, met: b <= 20 });
  }
  return checks;
}

/**
 * Issue 15: PATCH and create with the text index at >= 0.85 x their req/s on the same rows without it: a
 * second contactd on a copy without the index, in the same alternating rounds (median of the round ratios).
 */
export function textIndexCostTargets(rows: ScenarioRow[]): TargetCheck[] {
  return (['patch', 'create'] as const).map((scenario) => {
    const title = scenario === 'patch' ? 'PATCH' : 'create';
    const target = `${title} req/s with the text index >= 0.85 x without (same rounds)`;
    const row = find(rows, scenario, 'main');
    const without = row?.withoutTextIndex;
    if (row?.contactd == null || without == null || row.textIndexRatio == null) return missing(target);
    return {
      target,
      measured: `${fmt(row.textIndexRatio)} (${fmt(row.contactd.reqPerSec, 0)} vs ${fmt(without.reqPerSec, 0)} req/s; CPU ${fmt(row.contactd.cpuUsPerRequest, 0)} vs ${fmt(without.cpuUsPerRequest, 0)} us/req)`,
      met: row.textIndexRatio >= 0.85,
    };
  });
}

/** The custom scenario's row and its standard counterpart's, both at the largest size where both were measured. */
function customPair(rows: ScenarioRow[], custom: ScenarioName, standard: ScenarioName): [ScenarioRow, ScenarioRow] | null {
  const measured = (r: ScenarioRow) => r.contactd !== null && r.floor !== null;
  const customs = rows.filter((r) => r.scenario === custom && measured(r)).sort((a, b) => b.contacts - a.contacts);
  for (const c of customs) {
    const s = rows.find((r) => r.scenario === standard && r.contacts === c.contacts && measured(r));
    if (s !== undefined) return [c, s];
  }
  return null;
}

/**
 * Issue 14, on both dialects, at the largest size measured. PATCH and GET: the custom row's rounds against
 * its standard counterpart's on the same contactd in the same alternating rounds (row.standardRatio). A row
 * without them (results from before 2026-12-06) falls back to the custom row's contactd / floor beside its
 * standard row's contactd / floor (the floor answers each custom scenario with its standard counterpart);
 * those two rows ran minutes apart, and that ratio moved 0.76-0.88 from run to run for the same code.
 */
export function customTargets(rows: ScenarioRow[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const throughput = (custom: ScenarioName, standard: ScenarioName, target: string, threshold: number) => {
    const paired = rows.filter((r) => r.scenario === custom && r.contactd !== null && r.standard !== null && r.standardRatio !== null).sort((a, b) => b.contacts - a.contacts)[0];
    const pair = customPair(rows, custom, standard);
    if (paired !== undefined && (pair === null || paired.contacts >= pair[0].contacts)) {
      const ratio = paired.standardRatio as number;
      return checks.push({
        target,
        measured: `${fmt(ratio)} at ${count(paired.contacts)} (same rounds, one server: ${fmt(paired.contactd!.reqPerSec, 0)} vs ${fmt(paired.standard!.reqPerSec, 0)} req/s; CPU ${fmt(paired.contactd!.cpuUsPerRequest, 0)} vs ${fmt(paired.standard!.cpuUsPerRequest, 0)} us/req)`,
        met: ratio >= threshold,
      });
    }
    if (pair === null || pair[0].ratio === null || pair[1].ratio === null) return checks.push(missing(target));
    const [c, s] = pair;
    const ratio = (c.ratio as number) / (s.ratio as number);
    return checks.push({
      target,
      measured: `${fmt(ratio)} at ${count(c.contacts)} (over the floor, rows minutes apart: contactd / floor ${fmt(c.ratio as number)} vs ${fmt(s.ratio as number)}; ${fmt(c.contactd!.reqPerSec, 0)} vs ${fmt(s.contactd!.reqPerSec, 0)} req/s)`,
      met: ratio >= threshold,
    });
  };

  // p50 of eq on a custom string within 2x of eq on primary_email: on one connection when measured there
  // (a request's own latency), each p50 over its floor's p50 for the same standard query.
  const eqTarget = '_query eq on a custom string p50 <= 2 x eq on primary_email (one connection, over the floor)';
  const eq = customPair(rows, 'custom-query-eq', 'query-eq');
  if (eq === null) checks.push(missing(eqTarget));
  else {
    const [c, s] = eq;
    const serial = c.oneConnection !== null && s.oneConnection !== null;
    const [cp, cf, sp, sf] = serial
      ? [c.oneConnection!.contactd.p50Ms, c.oneConnection!.floor.p50Ms, s.oneConnection!.contactd.p50Ms, s.oneConnection!.floor.p50Ms]
      : [c.contactd!.p50Ms, c.floor!.p50Ms, s.contactd!.p50Ms, s.floor!.p50Ms];
    const ratio = (cp / cf) / (sp / sf);
    checks.push({ target: eqTarget, measured: `${fmt(ratio)} at ${count(c.contacts)} (${fmt(cp)} vs ${fmt(sp)} ms; floor ${fmt(cf)} vs ${fmt(sf)} ms${serial ? '' : '; at 64 connections'})`, met: ratio <= 2 });
  }

  // Page 100 against page 1 on one connection when measured there: at 64 connections a p50 is mostly the
  // queue (64 / req/s), so it follows the shared machine's load in each scenario's own minutes, not the page's depth.
  const pageTarget = 'sort by a custom number: page 100 p50 <= 1.5 x page 1 p50 (one connection)';
  const page100 = rows.filter((r) => r.scenario === 'custom-sort-page-100' && r.contactd !== null).sort((a, b) => b.contacts - a.contacts)[0];
  const page1 = page100 === undefined ? undefined : rows.find((r) => r.scenario === 'custom-sort-page-1' && r.contacts === page100.contacts && r.contactd !== null);
  if (page100?.contactd == null || page1?.contactd == null) checks.push(missing(pageTarget));
  else {
    const serial = page100.oneConnection !== null && page1.oneConnection !== null;
    const [deep, first] = serial ? [page100.oneConnection!.contactd.p50Ms, page1.oneConnection!.contactd.p50Ms] : [page100.contactd.p50Ms, page1.contactd.p50Ms];
    const crowded = `at 64 connections ${fmt(page100.contactd.p50Ms / page1.contactd.p50Ms)}: ${fmt(page100.contactd.p50Ms)} vs ${fmt(page1.contactd.p50Ms)} ms`;
    checks.push({
      target: pageTarget,
      measured: `${fmt(deep / first)} at ${count(page100.contacts)} (${fmt(deep)} vs ${fmt(first)} ms${serial ? `; ${crowded}` : '; at 64 connections'})`,
      met: deep <= 1.5 * first,
    });
  }

  throughput('custom-patch', 'patch', 'PATCH of a custom attribute req/s >= 0.85 x PATCH of a standard one', 0.85);
  throughput('custom-get', 'get', 'GET with 20 custom attributes req/s >= 0.8 x GET with none', 0.8);
  return checks;
}

/**
 * Issue 12 (change events), on both dialects: PATCH and create >= 0.85 x the --baseline (main before the change
 * log) in the same alternating rounds; PATCH and GET p99 at `connections` <= 1.5 x the floor's and <= 10 ms
 * at FEW_CONNECTIONS; the long-poll wake-up p50 <= 5 ms; PATCH and event/_query with a large change log
 * (--events) >= 0.8 x with the main run's small one.
 */
export function eventTargets(rows: ScenarioRow[], connections: number, wakeup: WakeupResult | null): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const [scenario, title] of [['patch', 'PATCH'], ['create', 'create']] as const) {
    const target = `${title} req/s >= 0.85 x baseline (same rounds)`;
    const row = find(rows, scenario, 'main');
    checks.push(row?.baselineRatio == null || row.baseline == null ? missing(target) : {
      target,
      measured: `${fmt(row.baselineRatio)} (${fmt(row.contactd!.reqPerSec, 0)} vs ${fmt(row.baseline.reqPerSec, 0)} req/s; CPU ${fmt(row.contactd!.cpuUsPerRequest, 0)} vs ${fmt(row.baseline.cpuUsPerRequest, 0)} us/req)`,
      met: row.baselineRatio >= 0.85,
    });
  }
  for (const [scenario, title] of [['patch', 'PATCH'], ['get', 'GET']] as const) {
    const row = find(rows, scenario, 'main');
    const loaded = `${title} p99 <= 1.5 x floor p99 at ${connections} connections`;
    checks.push(row?.contactd == null || row.floor == null ? missing(loaded) : {
      target: loaded,
      measured: `${fmt(row.contactd.p99Ms / row.floor.p99Ms)} (${fmt(row.contactd.p99Ms, 1)} vs ${fmt(row.floor.p99Ms, 1)} ms)`,
      met: row.contactd.p99Ms <= 1.5 * row.floor.p99Ms,
    });
    const light = `${title} p99 <= 10 ms at ${FEW_CONNECTIONS} connections`;
    const few = row?.fewConnections;
    checks.push(few == null ? missing(light) : {
      target: light,
      measured: `${fmt(few.contactd.p99Ms)} ms (floor ${fmt(few.floor.p99Ms)} ms)`,
      met: few.contactd.p99Ms <= 10,
    });
  }
  const wake = 'long-poll wake-up p50 <= 5 ms';
  checks.push(wakeup == null ? missing(wake) : {
    target: wake,
    measured: `${fmt(wakeup.afterWriteP50Ms)} ms after the PATCH's answer, p99 ${fmt(wakeup.afterWriteP99Ms)} ms (from sending the PATCH: p50 ${fmt(wakeup.pollP50Ms)}, p99 ${fmt(wakeup.pollP99Ms)} ms)`,
    met: wakeup.afterWriteP50Ms <= 5,
  });
  for (const [scenario, title] of [['patch', 'PATCH'], ['event-query-100', 'event/_query 100 events']] as const) {
    const small = find(rows, scenario, 'main');
    const large = find(rows, scenario, 'events');
    const target = `${title} req/s with a large change log >= 0.8 x with a small one`;
    if (small?.contactd == null || large?.contactd == null) {
      checks.push(missing(target));
      continue;
    }
    const ratio = large.contactd.reqPerSec / small.contactd.reqPerSec;
    // Minutes apart on a shared machine: each side's ratio to its floor, run beside it, is shown too.
    const toFloor = small.ratio != null && large.ratio != null ? `; to its floor ${fmt(large.ratio)} vs ${fmt(small.ratio)}` : '';
    checks.push({ target, measured: `${fmt(ratio)} (${fmt(large.contactd.reqPerSec, 0)} vs ${fmt(small.contactd.reqPerSec, 0)} req/s${toFloor}; ${large.note ?? ''})`, met: ratio >= 0.8 });
  }
  return checks;
}

export function evaluateTargets(dialect: BenchDialect, rows: ScenarioRow[], connections: number, wakeup: WakeupResult | null = null): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const measuredRows = rows.filter((r) => r.contactd !== null && r.floor !== null);

  if (dialect === 'postgres') {
    const target = 'every scenario >= 0.25 x its floor req/s';
    if (measuredRows.length === 0) return [missing(target), ...customTargets(rows), ...textTargets(rows), ...textIndexCostTargets(rows), ...eventTargets(rows, connections, wakeup)];
    const worst = [...measuredRows].sort((a, b) => (a.ratio ?? 0) - (b.ratio ?? 0))[0] as ScenarioRow;
    checks.push({ target, measured: `lowest ${fmt(worst.ratio ?? 0)} (${worst.scenario} @${count(worst.contacts)})`, met: (worst.ratio ?? 0) >= 0.25 });
    return [...checks, ...customTargets(rows), ...textTargets(rows), ...textIndexCostTargets(rows), ...eventTargets(rows, connections, wakeup)];
  }

  const ratioCheck = (scenario: ScenarioName, title: string, threshold: number) => {
    const target = `${title} req/s >= ${threshold} x floor`;
    const row = find(rows, scenario, 'main');
    checks.push(row?.ratio == null ? missing(target) : { target, measured: fmt(row.ratio), met: row.ratio >= threshold });
  };
  ratioCheck('patch', 'PATCH', 0.5);
  ratioCheck('get', 'GET', 0.6);

  const rssTarget = 'peak RSS <= 300 MB (one process)';
  const withRss = measuredRows.filter((r) => r.contactd !== null);
  if (withRss.length === 0) checks.push(missing(rssTarget));
  else {
    const peak = Math.max(...withRss.map((r) => r.contactd?.peakRssMb ?? 0));
    checks.push({ target: rssTarget, measured: `${fmt(peak, 0)} MB`, met: peak <= 300 });
  }

  const eq = largest(rows, 'query-eq');
  // Judged on one connection: at N connections p50 is about N / throughput, so 3 ms at 64 would need
  // ~21k req/s, several times what even the floor serves on two cores; the load figure is shown beside it.
  const eqTarget = '_query eq primary_email p50 <= 3 ms at 1M contacts (one connection)';
  const serial = eq?.oneConnection?.contactd;
  checks.push(eq?.contactd == null || serial == null ? missing(eqTarget) : {
    target: eqTarget,
    measured: `${fmt(serial.p50Ms)} ms at ${count(eq.contacts)} (floor ${fmt(eq.oneConnection!.floor.p50Ms)} ms; at ${connections} connections ${fmt(eq.contactd.p50Ms)} ms, floor ${fmt(eq.floor?.p50Ms ?? 0)} ms)`,
    met: serial.p50Ms <= 3,
  });

  const page100 = largest(rows, 'query-page-100');
  const page1 = page100 === undefined ? undefined : rows.find((r) => r.scenario === 'query-page-1' && r.contacts === page100.contacts && r.contactd !== null);
  const pageTarget = '_query page 100 p50 <= 1.5 x page 1 p50';
  checks.push(page100?.contactd == null || page1?.contactd == null ? missing(pageTarget) : {
    target: pageTarget,
    measured: `${fmt(page100.contactd.p50Ms / page1.contactd.p50Ms)} at ${count(page100.contacts)} (${fmt(page100.contactd.p50Ms)} vs ${fmt(page1.contactd.p50Ms)} ms)`,
    met: page100.contactd.p50Ms <= 1.5 * page1.contactd.p50Ms,
  });

  const patches = rows.filter((r) => r.scenario === 'patch' && r.section === 'scale' && r.contactd !== null).sort((a, b) => a.contacts - b.contacts);
  const scaleTarget = 'PATCH req/s at 1M >= 0.8 x at 10k';
  const small = patches[0];
  const big = patches.at(-1);
  checks.push(small?.contactd == null || big?.contactd == null || small === big ? missing(scaleTarget) : {
    target: scaleTarget,
    measured: `${fmt(big.contactd.reqPerSec / small.contactd.reqPerSec)} (${fmt(big.contactd.reqPerSec, 0)} at ${count(big.contacts)} vs ${fmt(small.contactd.reqPerSec, 0)} at ${count(small.contacts)})`,
    met: big.contactd.reqPerSec >= 0.8 * small.contactd.reqPerSec,
  });
  return [...checks, ...customTargets(rows), ...textTargets(rows), ...textIndexCostTargets(rows), ...eventTargets(rows, connections, wakeup)];
}

/**
 * Issue 16, on both dialects: `_batch` of 100 creates >= 8 x the contacts/s of single POST creates (same
 * run); `contactd import` >= 10,000 rows/s (SQLite; PostgreSQL reported against the same bar) with peak
 * RSS <= 300 MB; `contactd export` and POST _export >= 20,000 rows/s with RSS <= 300 MB.
 */
export function bulkTargets(dialect: BenchDialect, rows: ScenarioRow[], bulk: BulkResult | null): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const batchTarget = `_batch of ${BATCH_SIZE} creates contacts/s >= 8 x POST create contacts/s`;
  const batch = find(rows, 'batch-create', 'main');
  const create = find(rows, 'create', 'main');
  if (batch?.contactd == null || create?.contactd == null) checks.push(missing(batchTarget));
  else {
    const ratio = (batch.contactd.reqPerSec * BATCH_SIZE) / create.contactd.reqPerSec;
    checks.push({ target: batchTarget, measured: `${fmt(ratio)} (${fmt(batch.contactd.reqPerSec * BATCH_SIZE, 0)} vs ${fmt(create.contactd.reqPerSec, 0)} contacts/s)`, met: ratio >= 8 });
  }
  const importTarget = `contactd import >= 10,000 rows/s${dialect === 'postgres' ? ' (the SQLite target, reported on PostgreSQL)' : ''}, peak RSS <= 300 MB`;
  const exportTarget = (what: string) => `${what} >= 20,000 rows/s, peak RSS <= 300 MB`;
  if (bulk === null) return [...checks, missing(importTarget), missing(exportTarget('contactd export')), missing(exportTarget('POST _export'))];
  const runCheck = (target: string, runs: BulkResult['runs'], minRowsPerSec: number): TargetCheck => {
    if (runs.length === 0) return missing(target);
    const slowest = Math.min(...runs.map((r) => r.rowsPerSec));
    const peak = Math.max(...runs.map((r) => r.peakRssMb));
    return {
      target,
      measured: `${runs.map((r) => `${r.what}: ${fmt(r.rowsPerSec, 0)} rows/s, ${fmt(r.peakRssMb, 0)} MB`).join('; ')} (${count(bulk.rows)} rows)`,
      met: slowest >= minRowsPerSec && peak <= 300,
    };
  };
  checks.push(runCheck(importTarget, bulk.runs.filter((r) => r.what.startsWith('contactd import')), 10_000));
  checks.push(runCheck(exportTarget('contactd export'), bulk.runs.filter((r) => r.what.startsWith('contactd export')), 20_000));
  checks.push(runCheck(exportTarget('POST _export'), bulk.runs.filter((r) => r.what.startsWith('POST')), 20_000));
  return checks;
}

/**
 * Issue 14: defining an attribute on an organization with many contacts answers within a second and locks
 * nothing, judged at the largest size measured: every definition within 1 s, and no PATCH of the same
 * organization's contacts made meanwhile waited a second.
 */
export function defineTargets(results: readonly DefineResult[]): TargetCheck[] {
  const largest = [...results].sort((a, b) => b.contacts - a.contacts)[0];
  const answers = 'attribute definition answers within 1 s (largest size)';
  const locks = 'PATCHes during definitions: none waits 1 s (largest size)';
  if (largest === undefined) return [missing(answers), missing(locks)];
  const at = `at ${largest.contacts.toLocaleString('en-US')} contacts`;
  return [
    { target: answers, measured: `max ${fmt(largest.maxMs, 1)} ms, p50 ${fmt(largest.p50Ms, 1)} ms over ${largest.samples} ${at}`, met: largest.maxMs <= 1000 },
    { target: locks, measured: `${largest.patches} PATCHes meanwhile, slowest ${fmt(largest.patchMaxMs, 1)} ms ${at}`, met: largest.patches > 0 && largest.patchMaxMs < 1000 },
  ];
}
