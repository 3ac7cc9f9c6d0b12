import { describe, expect, it } from 'vitest';
import { summarizeRatios, type ScenarioRow, type TargetResult } from '../../bench/harness.ts';
import type { ScenarioName } from '../../bench/scenarios.ts';
import { defineTargets, evaluateTargets } from '../../bench/targets.ts';
import { pairedRatio } from '../../bench/load.ts';

const result = (reqPerSec: number, p50Ms: number, p99Ms: number, peakRssMb = 150): TargetResult => ({ reqPerSec, cpuUsPerRequest: 100, p50Ms, p99Ms, peakRssMb, failures: 0, rounds: [] });

function row(scenario: ScenarioName, contactd: TargetResult, floor: TargetResult, extra: Partial<ScenarioRow> = {}): ScenarioRow {
  return { scenario, title: scenario, section: 'main', contacts: 100_000, responseBytes: 3500, contactd, floor, workers: null, oneConnection: null, fewConnections: null, baseline: null, baselineRatio: null, withoutTextIndex: null, textIndexRatio: null, standard: null, standardRatio: null, ratio: contactd.reqPerSec / floor.reqPerSec, workersRatio: null, skipped: null, note: null, ...extra };
}

/** A result with the given req/s round by round (the paired ratios read them). */
const withRounds = (t: TargetResult, ...r: number[]): TargetResult => ({
  ...t,
  rounds: r.map((reqPerSec) => ({ reqPerSec, p50Ms: 1, p99Ms: 2, requests: 1, failures: 0, statusCounts: {}, seconds: 1, cpuUsPerRequest: 1, peakRssMb: 1 })),
});

const byTarget = (rows: ScenarioRow[]) => new Map(evaluateTargets('sqlite', rows, 64).map((c) => [c.target, c]));

describe('bench targets', () => {
  it('met for ratios, p99 and RSS within the targets; p99 judged on PATCH and GET only', () => {
    const checks = byTarget([
      row('patch', result(3000, 15, 19), result(4000, 12, 18)),
      row('get', result(7000, 8, 18), result(10000, 5, 12)),
      row('query-page-1', result(200, 300, 4000, 290), result(300, 200, 2000)),
    ]);
    expect(checks.get('PATCH req/s >= 0.5 x floor')?.met).toBe(true);
    expect(checks.get('GET req/s >= 0.6 x floor')?.met).toBe(true);
    expect(checks.get('PATCH p99 <= 1.5 x floor p99 at 64 connections')?.met).toBe(true);
    expect(checks.get('GET p99 <= 1.5 x floor p99 at 64 connections')?.measured).toBe('1.50 (18.0 vs 12.0 ms)');
    expect(checks.get('GET p99 <= 1.5 x floor p99 at 64 connections')?.met).toBe(true);
    expect(checks.get('peak RSS <= 300 MB (one process)')?.met).toBe(true);
  });

  it('not met when a ratio, a PATCH or GET p99 or the RSS misses; null when not measured', () => {
    const checks = byTarget([
      row('patch', result(1500, 40, 85), result(4000, 12, 18)),
      row('get', result(5000, 12, 19, 320), result(10000, 5, 12)),
    ]);
    expect(checks.get('PATCH req/s >= 0.5 x floor')?.met).toBe(false);
    expect(checks.get('GET req/s >= 0.6 x floor')?.met).toBe(false);
    expect(checks.get('PATCH p99 <= 1.5 x floor p99 at 64 connections')?.met).toBe(false);
    expect(checks.get('GET p99 <= 1.5 x floor p99 at 64 connections')?.met).toBe(false);
    expect(checks.get('PATCH p99 <= 10 ms at 8 connections')?.met).toBeNull();
    expect(checks.get('peak RSS <= 300 MB (one process)')?.met).toBe(false);
    expect(checks.get('PATCH req/s at 1M >= 0.8 x at 10k')?.met).toBeNull();
  });

  it('judges PATCH at scale and the _query targets from the largest database measured', () => {
    const scale = (scenario: ScenarioName, contacts: number, contactd: TargetResult, floor: TargetResult, extra: Partial<ScenarioRow> = {}) => row(scenario, contactd, floor, { section: 'scale', contacts, ...extra });
    const checks = byTarget([
      scale('patch', 10_000, result(2000, 30, 60), result(3000, 20, 40)),
      scale('patch', 1_000_000, result(1500, 40, 80), result(3000, 20, 40)),
      scale('query-eq', 1_000_000, result(1500, 40, 80), result(3000, 20, 40), { oneConnection: { contactd: result(1000, 0.8, 2), floor: result(2000, 0.4, 1) } }),
      scale('query-page-1', 1_000_000, result(200, 300, 700), result(300, 150, 500)),
      scale('query-page-100', 1_000_000, result(190, 460, 900), result(300, 160, 500)),
    ]);
    expect(checks.get('PATCH req/s at 1M >= 0.8 x at 10k')?.met).toBe(false);
    expect(checks.get('_query eq primary_email p50 <= 3 ms at 1M contacts (one connection)')?.met).toBe(true);
    expect(checks.get('_query page 100 p50 <= 1.5 x page 1 p50')?.met).toBe(false);
  });

  it('issue 12 on both dialects: against the baseline, p99 at 64 and 8 connections, wake-up, a large change log', () => {
    for (const dialect of ['sqlite', 'postgres'] as const) {
      const rows = [
        row('patch', withRounds(result(900, 15, 30), 900, 800, 1000), result(1000, 12, 20), {
          baseline: withRounds(result(1000, 12, 25), 1000, 1000, 1000), fewConnections: { contactd: result(800, 3, 9.5), floor: result(900, 2, 6) },
        }),
        row('create', withRounds(result(500, 15, 30), 500, 300, 500), result(800, 12, 20), { baseline: withRounds(result(600, 12, 25), 600, 600, 600) }),
        row('get', result(2000, 8, 40), result(3000, 5, 20), { fewConnections: { contactd: result(2000, 3, 12), floor: result(2500, 2, 6) } }),
        row('event-query-100', result(500, 50, 90), result(600, 40, 80)),
        row('patch', result(700, 15, 30), result(1000, 12, 20), { section: 'events', note: '10,000,000 events in the change log' }),
        row('event-query-100', result(450, 50, 90), result(600, 40, 80), { section: 'events' }),
      ];
      rows.forEach((r) => summarizeRatios(r));
      const checks = new Map(evaluateTargets(dialect, rows, 64, { samples: 10, afterWriteP50Ms: 1, afterWriteP99Ms: 3, pollP50Ms: 4, pollP99Ms: 9, writeP50Ms: 3, writeP99Ms: 8 }).map((c) => [c.target, c]));
      // Round by round 0.9, 0.8, 1.0: the median 0.9; create's 0.83, 0.5, 0.83.
      expect(checks.get('PATCH req/s >= 0.85 x baseline (same rounds)'), dialect).toMatchObject({ met: true, measured: expect.stringMatching(/^0\.90 /) });
      expect(checks.get('create req/s >= 0.85 x baseline (same rounds)')?.met, dialect).toBe(false);
      expect(checks.get('PATCH p99 <= 1.5 x floor p99 at 64 connections')?.met, dialect).toBe(true);
      expect(checks.get('GET p99 <= 1.5 x floor p99 at 64 connections')?.met, dialect).toBe(false);
      expect(checks.get('PATCH p99 <= 10 ms at 8 connections')?.met, dialect).toBe(true);
      expect(checks.get('GET p99 <= 10 ms at 8 connections')?.met, dialect).toBe(false);
      expect(checks.get('long-poll wake-up p50 <= 5 ms')?.met, dialect).toBe(true);
      expect(checks.get('PATCH req/s with a large change log >= 0.8 x with a small one')?.met, dialect).toBe(false);
      expect(checks.get('event/_query 100 events req/s with a large change log >= 0.8 x with a small one')?.met, dialect).toBe(true);
    }
    expect(new Map(evaluateTargets('sqlite', [], 64).map((c) => [c.target, c])).get('long-poll wake-up p50 <= 5 ms')?.met).toBeNull();
  });

  it('ratio is the median of round-by-round ratios, so one slow pair of rounds does not move it; rounds without a partner are left out', () => {
    const rounds = (...r: number[]) => ({ rounds: r.map((reqPerSec) => ({ reqPerSec })) });
    // The medians of each side would give 100 / 300 = 0.33; the pairs give 0.5, 0.5 and 0.2.
    expect(pairedRatio(rounds(100, 300, 60), rounds(200, 600, 300))).toBe(0.5);
    expect(pairedRatio(rounds(100, 300), rounds(200, 0))).toBe(0.5);
    expect(pairedRatio(rounds(100), rounds())).toBeNull();
  });

  it('judges the text queries (issue 15) on one connection from the smallest and largest scale databases, on both dialects', () => {
    const one = (p50: number) => ({ oneConnection: { contactd: result(100, p50, p50 * 2), floor: result(200, p50 / 2, p50) } });
    const scale = (scenario: ScenarioName, contacts: number, p50: number) => row(scenario, result(1000, 5, 10), result(2000, 3, 6), { section: 'scale', contacts, ...one(p50) });
    for (const dialect of ['sqlite', 'postgres'] as const) {
      const checks = new Map(evaluateTargets(dialect, [
        scale('search-3', 10_000, 1), scale('search-3', 1_000_000, 2.9),
        scale('search-6', 10_000, 1), scale('search-6', 1_000_000, 3.1),
        scale('contains-last-name', 10_000, 8), scale('contains-last-name', 1_000_000, 21),
      ], 64).map((c) => [c.target, c]));
      expect(checks.get('search, 3-letter token p50 at the largest size <= 3 x at the smallest (one connection)')?.met, dialect).toBe(true);
      expect(checks.get('search, 3-letter token p50 <= 20 ms at the largest size (one connection)')?.met, dialect).toBe(true);
      expect(checks.get('search, 6-letter token p50 at the largest size <= 3 x at the smallest (one connection)')?.met, dialect).toBe(false);
      expect(checks.get('contains on last_name p50 at the largest size <= 3 x at the smallest (one connection)')?.measured, dialect).toBe('2.63 (21.00 ms at 1M vs 8.00 ms at 10k)');
      expect(checks.get('contains on last_name p50 <= 20 ms at the largest size (one connection)')?.met, dialect).toBe(false);
    }
    expect(evaluateTargets('sqlite', [], 64).find((c) => c.target.startsWith('search, 6-letter'))?.met).toBeNull();
  });

  it('judges PATCH and create with the text index against a second contactd without it in the same rounds (issue 15), on both dialects', () => {
    for (const dialect of ['sqlite', 'postgres'] as const) {
      const rows = [
        // Round by round 800/1000, 900/1000, 700/1000: the median 0.80.
        row('patch', withRounds(result(800, 5, 10), 800, 900, 700), result(2000, 3, 6), { withoutTextIndex: withRounds(result(1000, 5, 10), 1000, 1000, 1000) }),
        // 800/1000, 950/1000, 700/700: the median 0.95, where the medians' ratio (800 / 1000) would say 0.80 — a
        // round in which the machine slowed moves both servers alike.
        row('create', withRounds(result(800, 5, 10), 800, 950, 700), result(2000, 3, 6), { withoutTextIndex: withRounds(result(1000, 5, 10), 1000, 1000, 700) }),
      ];
      rows.forEach((r) => summarizeRatios(r));
      const checks = new Map(evaluateTargets(dialect, rows, 64).map((c) => [c.target, c]));
      expect(checks.get('PATCH req/s with the text index >= 0.85 x without (same rounds)'), dialect).toMatchObject({ met: false, measured: expect.stringMatching(/^0\.80 \(800 vs 1000 req\/s/) });
      expect(checks.get('create req/s with the text index >= 0.85 x without (same rounds)'), dialect).toMatchObject({ met: true, measured: expect.stringMatching(/^0\.95 /) });
    }
    expect(evaluateTargets('sqlite', [row('patch', result(1000, 5, 10), result(2000, 3, 6))], 64).find((c) => c.target.startsWith('PATCH req/s with the text index'))?.met).toBeNull();
  });

  it('judges the custom-attribute targets (issue 14) at the largest size, each custom row over its floor against its standard row over its floor', () => {
    const at = (scenario: ScenarioName, contacts: number, contactd: TargetResult, floor: TargetResult, extra: Partial<ScenarioRow> = {}) => row(scenario, contactd, floor, { section: contacts === 10_000 ? 'main' : 'scale', contacts, ...extra });
    const serial = (c: number, f: number) => ({ oneConnection: { contactd: result(1000, c, 2 * c), floor: result(2000, f, 2 * f) } });
    for (const dialect of ['sqlite', 'postgres'] as const) {
      const checks = new Map(evaluateTargets(dialect, [
        at('query-eq', 10_000, result(1000, 30, 60), result(2000, 15, 30), serial(0.5, 0.25)),
        at('custom-query-eq', 10_000, result(1000, 30, 60), result(2000, 15, 30), serial(5, 0.25)),
        at('query-eq', 1_000_000, result(1000, 30, 60), result(2000, 15, 30), serial(0.5, 0.25)),
        at('custom-query-eq', 1_000_000, result(900, 33, 60), result(2000, 15, 30), serial(0.9, 0.3)),
        at('custom-sort-page-1', 1_000_000, result(200, 100, 300), result(300, 80, 200)),
        at('custom-sort-page-100', 1_000_000, result(150, 160, 400), result(300, 80, 200)),
        at('patch', 1_000_000, result(1000, 30, 60), result(2000, 15, 30)),
        at('custom-patch', 1_000_000, result(900, 33, 60), result(2000, 15, 30)),
        at('get', 1_000_000, result(4000, 10, 20), result(8000, 5, 10)),
        at('custom-get', 1_000_000, result(2800, 10, 20), result(8000, 5, 10)),
      ], 64).map((c) => [c.target, c]));
      const eq = checks.get('_query eq on a custom string p50 <= 2 x eq on primary_email (one connection, over the floor)');
      expect(eq?.met, dialect).toBe(true);
      expect(eq?.measured, dialect).toMatch(/^1\.50 at 1M/);
      expect(checks.get('sort by a custom number: page 100 p50 <= 1.5 x page 1 p50 (one connection)')?.met, dialect).toBe(false);
      expect(checks.get('sort by a custom number: page 100 p50 <= 1.5 x page 1 p50 (one connection)')?.measured, dialect).toBe('1.60 at 1M (160.00 vs 100.00 ms; at 64 connections)');
      // Measured on one connection too: that pair decides, the 64-connection one is reported beside it.
      const pages = new Map(evaluateTargets(dialect, [
        at('custom-sort-page-1', 1_000_000, result(200, 100, 300), result(300, 80, 200), serial(5, 4)),
        at('custom-sort-page-100', 1_000_000, result(150, 160, 400), result(300, 80, 200), serial(6, 4)),
      ], 64).map((c) => [c.target, c]));
      expect(pages.get('sort by a custom number: page 100 p50 <= 1.5 x page 1 p50 (one connection)')?.met, dialect).toBe(true);
      expect(pages.get('sort by a custom number: page 100 p50 <= 1.5 x page 1 p50 (one connection)')?.measured, dialect).toBe('1.20 at 1M (6.00 vs 5.00 ms; at 64 connections 1.60: 160.00 vs 100.00 ms)');
      expect(checks.get('PATCH of a custom attribute req/s >= 0.85 x PATCH of a standard one')?.measured, dialect).toMatch(/^0\.90 at 1M \(over the floor/);
      expect(checks.get('PATCH of a custom attribute req/s >= 0.85 x PATCH of a standard one')?.met, dialect).toBe(true);
      expect(checks.get('GET with 20 custom attributes req/s >= 0.8 x GET with none')?.met, dialect).toBe(false);
    }
    expect(evaluateTargets('sqlite', [], 64).find((c) => c.target.startsWith('PATCH of a custom attribute'))?.met).toBeNull();
  });

  it('judges custom PATCH and GET by their standard counterpart in the same rounds on one server when measured so, at the largest size', () => {
    const at = (scenario: ScenarioName, contacts: number, contactd: TargetResult, floor: TargetResult, extra: Partial<ScenarioRow> = {}) => row(scenario, contactd, floor, { section: contacts === 10_000 ? 'main' : 'scale', contacts, ...extra });
    // Paired rounds: custom 900/800/700 against standard 1000/1000/1000 (median 0.80); over the floor the rows say 0.90 / 0.5.
    const paired = (custom: number[], standard: number[]): Partial<ScenarioRow> => {
      const s = withRounds(result(1000, 5, 10), ...standard);
      const c = withRounds(result(800, 5, 10), ...custom);
      return { standard: s, standardRatio: pairedRatio(c, s) };
    };
    const rows = [
      at('patch', 1_000_000, result(1000, 30, 60), result(2000, 15, 30)),
      at('custom-patch', 1_000_000, withRounds(result(800, 33, 60), 900, 800, 700), result(2000, 15, 30), paired([900, 800, 700], [1000, 1000, 1000])),
      at('get', 1_000_000, result(4000, 10, 20), result(8000, 5, 10)),
      at('custom-get', 1_000_000, withRounds(result(3600, 10, 20), 3600, 3700, 3500), result(8000, 5, 10), paired([3600, 3700, 3500], [4000, 4000, 4000])),
    ];
    for (const dialect of ['sqlite', 'postgres'] as const) {
      const checks = new Map(evaluateTargets(dialect, rows, 64).map((c) => [c.target, c]));
      const patch = checks.get('PATCH of a custom attribute req/s >= 0.85 x PATCH of a standard one');
      expect(patch?.met, dialect).toBe(false);
      expect(patch?.measured, dialect).toMatch(/^0\.80 at 1M \(same rounds, one server: 800 vs 1000 req\/s/);
      const get = checks.get('GET with 20 custom attributes req/s >= 0.8 x GET with none');
      expect(get?.met, dialect).toBe(true);
      expect(get?.measured, dialect).toMatch(/^0\.90 at 1M \(same rounds/);
    }
    // A larger size measured only the old way decides over a smaller paired one.
    const larger = new Map(evaluateTargets('sqlite', [...rows.map((r) => ({ ...r, contacts: 10_000, section: 'main' as const })),
      at('patch', 1_000_000, result(1000, 30, 60), result(2000, 15, 30)),
      at('custom-patch', 1_000_000, result(900, 33, 60), result(2000, 15, 30))], 64).map((c) => [c.target, c]));
    expect(larger.get('PATCH of a custom attribute req/s >= 0.85 x PATCH of a standard one')?.measured).toMatch(/^0\.90 at 1M \(over the floor/);
  });

  it('judges attribute definitions (issue 14) at the largest size: each within 1 s, and no PATCH meanwhile waiting 1 s', () => {
    const define = (contacts: number, maxMs: number, patches: number, patchMaxMs: number) => ({ contacts, samples: 10, p50Ms: maxMs / 2, maxMs, patches, patchMaxMs });
    const [answers, locks] = defineTargets([define(1_000_000, 120, 900, 80), define(10_000, 2500, 900, 1500)]);
    expect(answers?.met).toBe(true);
    expect(answers?.measured).toContain('1,000,000 contacts');
    expect(locks?.met).toBe(true);
    const [slow, blocked] = defineTargets([define(1_000_000, 1200, 900, 1000)]);
    expect(slow?.met).toBe(false);
    expect(blocked?.met).toBe(false);
    expect(defineTargets([define(1_000_000, 50, 0, 0)])[1]?.met).toBe(false);
    expect(defineTargets([]).map((c) => c.met)).toEqual([null, null]);
  });
});
