import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBench, type BenchReport } from '../../bench/harness.ts';
import { formatReport, writeResults } from '../../bench/report.ts';
import { EVENT_SCALE_SCENARIOS, SCENARIO_NAMES } from '../../bench/scenarios.ts';
import { POSTGRES_URL } from '../helpers/databases.ts';

// A tiny end-to-end run of `npm run bench`: real servers as child processes, a few hundred requests per
// round. It checks the harness works, never how fast anything is (the machine is shared and noisy).
describe('bench harness smoke run', () => {
  const out = mkdtempSync(join(tmpdir(), 'contactd-bench-smoke-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('produces a row with positive req/s for every scenario, contactd and floor, on each dialect, and writes the JSON', async () => {
    const reports: BenchReport[] = await runBench({
      dialects: POSTGRES_URL === null ? ['sqlite'] : ['sqlite', 'postgres'],
      postgresUrl: POSTGRES_URL,
      contacts: 300,
      scenarios: [...SCENARIO_NAMES],
      connections: 8,
      duration: 1,
      rounds: 1,
      warmup: 0,
      amount: 200,
      workers: 2,
      scale: false,
      scaleSizes: [],
      cpuProfDir: null,
      logLevel: 'warn',
      events: 2000,
      wakeupSamples: 5,
      defineSamples: 3,
    });
    expect(reports.map((r) => r.dialect)).toEqual(POSTGRES_URL === null ? ['sqlite'] : ['sqlite', 'postgres']);
    for (const report of reports) {
      expect(report.rows.map((r) => r.scenario)).toEqual([...SCENARIO_NAMES, ...EVENT_SCALE_SCENARIOS]);
      expect(report.rows.slice(SCENARIO_NAMES.length).every((r) => r.note?.includes('2,000 events'))).toBe(true);
      expect(report.wakeup?.pollP50Ms).toBeGreaterThan(0);
      expect(formatReport(report)).toContain('Long-poll wake-up');
      // Three definitions under PATCH load, checked against the 1 s target.
      expect(report.definitions?.map((d) => [d.contacts, d.samples])).toEqual([[300, 3]]);
      expect(report.definitions?.[0]?.patches).toBeGreaterThan(0);
      expect(report.targets.some((t) => t.target.startsWith('attribute definition answers') && t.met !== null)).toBe(true);
      for (const row of report.rows) {
        // Only a scenario whose endpoint this build lacks may be skipped (the harness says so in the table).
        if (row.skipped !== null && row.scenario.startsWith('query') && row.skipped.includes('route_not_found')) {
          process.stderr.write(`NOTE: bench smoke: ${report.dialect} ${row.scenario} skipped: ${row.skipped}\n`);
          continue;
        }
        expect(row.skipped, `${report.dialect} ${row.scenario}`).toBeNull();
        expect(row.contactd?.reqPerSec, `${report.dialect} ${row.scenario} contactd`).toBeGreaterThan(0);
        expect(row.floor?.reqPerSec, `${report.dialect} ${row.scenario} floor`).toBeGreaterThan(0);
        expect(row.contactd?.failures, `${report.dialect} ${row.scenario} contactd failures`).toBe(0);
        expect(row.floor?.failures, `${report.dialect} ${row.scenario} floor failures`).toBe(0);
        expect(row.responseBytes).toBeGreaterThan(0);
        expect(row.contactd?.peakRssMb).toBeGreaterThan(0);
      }
      for (const name of ['patch', 'get'] as const) {
        const row = report.rows.find((r) => r.scenario === name);
        expect(row?.workers?.reqPerSec, `${report.dialect} ${name} with 2 workers`).toBeGreaterThan(0);
        expect(row?.fewConnections?.contactd.reqPerSec, `${report.dialect} ${name} at 8 connections`).toBeGreaterThan(0);
      }
      // Custom PATCH and GET run their standard counterpart on the same contactd in the same rounds.
      for (const name of ['custom-patch', 'custom-get'] as const) {
        const row = report.rows.find((r) => r.scenario === name);
        expect(row?.standard?.reqPerSec, `${report.dialect} ${name}'s standard counterpart`).toBeGreaterThan(0);
        expect(row?.standard?.failures, `${report.dialect} ${name}'s standard counterpart failures`).toBe(0);
        expect(row?.standardRatio, `${report.dialect} ${name} custom / standard`).toBeGreaterThan(0);
      }
      expect(formatReport(report)).toContain('PATCH one custom attribute (number): its standard counterpart, same rounds');
      expect(formatReport(report)).toContain('| PATCH one attribute |');
      const file = writeResults(report, out, 'smoke');
      const saved = JSON.parse(readFileSync(file, 'utf8')) as BenchReport & { label: string };
      expect(saved.label).toBe('smoke');
      expect(saved.rows).toHaveLength(SCENARIO_NAMES.length + EVENT_SCALE_SCENARIOS.length);
    }
  }, 600_000);

  it('--bulk --bulk-only: times contactd import, contactd export (CSV, NDJSON) and POST _export of generated rows, with peak RSS and target checks', async () => {
    const reports: BenchReport[] = await runBench({
      dialects: POSTGRES_URL === null ? ['sqlite'] : ['sqlite', 'postgres'],
      postgresUrl: POSTGRES_URL,
      contacts: 300, scenarios: [], connections: 8, duration: 1, rounds: 1, warmup: 0, amount: 200, workers: 0,
      scale: false, scaleSizes: [], cpuProfDir: null, logLevel: 'warn', bulk: 500, bulkOnly: true,
    });
    for (const report of reports) {
      expect(report.rows).toEqual([]);
      expect(report.bulk?.runs.map((r) => r.what)).toEqual(['contactd import (CSV)', 'contactd export (CSV)', 'contactd export (NDJSON)', 'POST /api/v2/contact/_export (NDJSON)', 'gzip-compressed POST /api/v2/contact/_export (NDJSON; not a target)']);
      for (const run of report.bulk!.runs) {
        expect(run.rows).toBe(500);
        expect(run.rowsPerSec).toBeGreaterThan(0);
        expect(run.peakRssMb).toBeGreaterThan(0);
      }
      const targets = report.targets.map((t) => t.target);
      expect(targets.some((t) => t.startsWith('contactd import >= 10,000 rows/s'))).toBe(true);
      expect(report.targets.find((t) => t.target.startsWith('POST _export'))?.met).not.toBeNull();
      expect(formatReport(report)).toContain('| contactd import (CSV) | 500 |');
    }
  }, 600_000);
});
