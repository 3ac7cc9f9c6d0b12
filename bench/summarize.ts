/**
 * Re-summarizes saved results with the current harness: ratios and target checks recomputed from the
 * rounds in the JSON (which stay as measured), the file rewritten and the report printed.
 * Run: `npx tsx bench/summarize.ts bench/results/<file>.json [...]`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { summarizeRatios, type BenchReport } from './harness.ts';
import { formatReport } from './report.ts';
import { bulkTargets, defineTargets, evaluateTargets } from './targets.ts';

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: npx tsx bench/summarize.ts <results.json> [...]\n');
  process.exit(2);
}
for (const file of files) {
  const report = JSON.parse(readFileSync(file, 'utf8')) as BenchReport & { label: string };
  for (const row of report.rows) summarizeRatios(row);
  // The same checks as the harness makes at the end of a run.
  report.targets = [
    ...(report.options.bulkOnly === true ? [] : [...evaluateTargets(report.dialect, report.rows, report.options.connections, report.wakeup), ...defineTargets(report.definitions ?? [])]),
    ...bulkTargets(report.dialect, report.rows, report.bulk ?? null),
  ];
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${formatReport(report)}\n\n`);
}
