import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchReport, ScenarioRow, TargetResult } from './harness.ts';
import { pairedRatio } from './load.ts';
import { FEW_CONNECTIONS } from './scenarios.ts';

const count = (n: number): string => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));
const num = (n: number | null | undefined, digits = 0): string => (n == null ? '-' : n.toFixed(digits));

function cells(t: TargetResult | null): string[] {
  if (t === null) return ['-', '-', '-', '-', '-'];
  return [`${num(t.reqPerSec)}${t.failures > 0 ? '!' : ''}`, num(t.p50Ms, 2), num(t.p99Ms, 2), num(t.cpuUsPerRequest), num(t.peakRssMb)];
}

function label(row: ScenarioRow): string {
  if (row.section === 'events') return `${row.title}, large change log`;
  return row.section === 'scale' ? `${row.title} @${count(row.contacts)}` : row.title;
}

/** Markdown table: one row per scenario, plus a row for contactd with cluster workers where measured. */
export function formatTable(report: BenchReport): string {
  const head = ['scenario', 'contacts', 'contactd req/s', 'p50 ms', 'p99 ms', 'CPU us/req', 'RSS MB', 'floor req/s', 'p50 ms', 'p99 ms', 'CPU us/req', 'RSS MB', 'contactd / floor'];
  const lines: string[][] = [];
  for (const row of report.rows) {
    if (row.skipped !== null) {
      lines.push([label(row), count(row.contacts), `skipped: ${row.skipped}`, ...head.slice(3).map(() => '')]);
      continue;
    }
    lines.push([label(row), count(row.contacts), ...cells(row.contactd), ...cells(row.floor), num(row.ratio, 2)]);
    if (row.oneConnection !== null) {
      const { contactd, floor } = row.oneConnection;
      lines.push([`${label(row)}, 1 connection`, count(row.contacts), ...cells(contactd), ...cells(floor), num(pairedRatio(contactd, floor), 2)]);
    }
    if (row.fewConnections != null) {
      const { contactd, floor } = row.fewConnections;
      lines.push([`${label(row)}, ${FEW_CONNECTIONS} connections`, count(row.contacts), ...cells(contactd), ...cells(floor), num(pairedRatio(contactd, floor), 2)]);
    }
    if (row.baseline != null) {
      const sha = report.baseline?.sha.slice(0, 7) ?? '';
      lines.push([`${row.title}, baseline ${sha}`, count(row.contacts), ...cells(row.baseline), '', '', '', '', '', `${num(row.floor && pairedRatio(row.baseline, row.floor), 2)} (contactd = ${num(row.baselineRatio, 2)} x baseline)`]);
    }
    if (row.withoutTextIndex !== null) {
      lines.push([`${row.title}, without the text index`, count(row.contacts), ...cells(row.withoutTextIndex), '', '', '', '', '', `${num(row.floor && pairedRatio(row.withoutTextIndex, row.floor), 2)} (contactd = ${num(row.textIndexRatio, 2)} x without)`]);
    }
    if (row.standard != null) {
      lines.push([`${row.title}: its standard counterpart, same rounds`, count(row.contacts), ...cells(row.standard), '', '', '', '', '', `${num(row.floor && pairedRatio(row.standard, row.floor), 2)} (custom = ${num(row.standardRatio, 2)} x standard)`]);
    }
    if (row.workers !== null) {
      const workers = report.options.workers;
      lines.push([`${row.title}, ${workers} workers`, count(row.contacts), ...cells(row.workers), '', '', '', '', '', `${num(row.floor && pairedRatio(row.workers, row.floor), 2)} (${num(row.workersRatio, 2)} x 1 worker)`]);
    }
  }
  const table = [head, head.map(() => '---'), ...lines].map((cols) => `| ${cols.join(' | ')} |`).join('\n');
  const notes = report.rows.filter((r) => r.note !== null).map((r) => `- ${label(r)}: ${r.note}`);
  const failed = report.rows.some((r) => [r.contactd, r.floor, r.workers, r.baseline, r.withoutTextIndex, r.standard].some((t) => (t?.failures ?? 0) > 0));
  return [
    table,
    ...(failed ? ['', '`!` some requests failed or answered an unexpected status: see the JSON rounds.'] : []),
    ...(notes.length > 0 ? ['', ...notes] : []),
  ].join('\n');
}

/** The --bulk section: each timed import / export with its rate and the peak RSS of the process doing it. */
export function formatBulk(report: BenchReport): string {
  const bulk = report.bulk;
  if (bulk == null) return '';
  const head = ['bulk run', 'rows', 'seconds', 'rows/s', 'peak RSS MB', 'process measured'];
  const lines = bulk.runs.map((r) => [r.what, count(r.rows), num(r.seconds, 1), num(r.rowsPerSec), num(r.peakRssMb), r.process]);
  return [head, head.map(() => '---'), ...lines].map((cols) => `| ${cols.join(' | ')} |`).join('\n');
}

export function formatTargets(report: BenchReport): string {
  return report.targets.map((t) => `- [${t.met === null ? ' ' : t.met ? 'x' : ' '}] ${t.target}: ${t.measured}${t.met === false ? ' (NOT MET)' : ''}`).join('\n');
}

export function formatReport(report: BenchReport): string {
  const m = report.machine;
  const o = report.options;
  const run = o.amount !== undefined ? `${o.amount} requests per round` : `${o.duration} s per round`;
  return [
    `## ${report.dialect}: ${report.startedAt.slice(0, 10)}, ${m.cpus} x ${m.cpuModel}, ${m.memoryGb} GB, Node ${m.node}`,
    `${o.connections} connections, ${run}, ${o.rounds} round(s), median shown (ratios: the median of the round-by-round ratios); load average ${m.loadAverageAtStart.map((l) => l.toFixed(2)).join(' ')} at start, ${m.loadAverageAtEnd.map((l) => l.toFixed(2)).join(' ')} at end`,
    '',
    ...(report.rows.length > 0 ? [formatTable(report)] : []),
    ...(report.bulk == null ? [] : ['', formatBulk(report)]),
    '',
    ...((report.failures ?? []).length === 0 ? [] : ['Sections that failed (their rows are missing):', ...(report.failures ?? []).map((f) => `- ${f}`), '']),
    'Targets:',
    formatTargets(report),
    ...(report.wakeup == null ? [] : [
      '',
      `Long-poll wake-up (${report.wakeup.samples} samples, one at a time): the waiting poll answered p50 ${report.wakeup.afterWriteP50Ms.toFixed(2)} ms / p99 ${report.wakeup.afterWriteP99Ms.toFixed(2)} ms after the PATCH's answer (which follows its commit by the contact's rendering), p50 ${report.wakeup.pollP50Ms.toFixed(2)} ms / p99 ${report.wakeup.pollP99Ms.toFixed(2)} ms after the PATCH was sent; the PATCH itself answered p50 ${report.wakeup.writeP50Ms.toFixed(2)} ms / p99 ${report.wakeup.writeP99Ms.toFixed(2)} ms. Target: the poll within 5 ms (p50) of the commit.`,
    ]),
  ].join('\n');
}

/** Writes `<dir>/<YYYY-MM-DD>-<dialect>[-<label>].json`; the label marks anything but a full run. */
export function writeResults(report: BenchReport, dir: string, label: string | null): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${report.startedAt.slice(0, 10)}-${report.dialect}${label ? `-${label}` : ''}.json`);
  writeFileSync(file, `${JSON.stringify({ label: label ?? 'full', ...report }, null, 2)}\n`);
  return file;
}
