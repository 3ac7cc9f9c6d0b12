// Prints the one closing line CI reads, "N passed, N failed[, N skipped]", summed over every report named
// on the command line: vitest JSON reports (*.json: npm test, npm run test:faults, the Node 24 run) and
// check lists (one "passed NAME" or "failed NAME" a line, as .ci/pack-check.sh writes). One line per report
// comes first. A missing report counts as a failure.
import { existsSync, readFileSync } from 'node:fs';

const files = process.argv.slice(2);
const total = { passed: 0, failed: 0, skipped: 0 };
const line = ({ passed, failed, skipped }) => `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;

const failedOutsideTests = (result) => result.status === 'failed' && !(result.assertionResults ?? []).some((t) => t.status === 'failed');

/** A vitest JSON report, parsed once; null for a check list or a missing file. */
const readReport = (file) => (file.endsWith('.json') && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);

function count(file, report) {
  if (!existsSync(file)) return { passed: 0, failed: 1, skipped: 0 };
  if (report === null) {
    const lines = readFileSync(file, 'utf8').split('\n');
    return { passed: lines.filter((l) => l.startsWith('passed ')).length, failed: lines.filter((l) => l.startsWith('failed ')).length, skipped: 0 };
  }
  return {
    passed: report.numPassedTests ?? 0,
    // A file that failed outside its tests counts as a failure too: one that failed to load (its tests never
    // ran) or whose hook failed after its tests passed (an afterAll that could not clean up).
    failed: (report.numFailedTests ?? 0) + (report.testResults ?? []).filter(failedOutsideTests).length,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

/** The failed tests (and files that failed outside any test) of a vitest report, a line each, for the log's tail. */
function failures(file, report) {
  if (report === null) return [];
  const firstLine = (messages) => String((messages ?? [])[0] ?? '').split('\n').find((l) => l.trim() !== '')?.trim().slice(0, 300) ?? '';
  const lines = [];
  for (const result of report.testResults ?? []) {
    for (const test of result.assertionResults ?? []) {
      if (test.status === 'failed') lines.push(`FAILED ${result.name} > ${test.fullName}: ${firstLine(test.failureMessages)}`);
    }
    if (failedOutsideTests(result)) lines.push(`FAILED ${result.name} (outside its tests): ${String(result.message ?? '').split('\n')[0]?.slice(0, 300)}`);
  }
  return lines;
}

let empty = files.length === 0;
const reports = new Map(files.map((file) => [file, readReport(file)]));
for (const file of files) for (const failure of failures(file, reports.get(file))) console.log(failure);
for (const file of files) {
  const counts = count(file, reports.get(file));
  if (counts.passed === 0) empty = true;
  for (const key of Object.keys(total)) total[key] += counts[key];
  console.log(`${file}: ${line(counts)}`);
}
if (files.length === 0) total.failed = 1;
// In CI (CI=true) a skipped test fails the run: a suite whose backend is missing must not pass unseen.
const inCi = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
const skipFails = inCi && total.skipped > 0;
if (skipFails) {
  console.log(`CI=true: ${total.skipped} test(s) were skipped; every suite must run in CI`);
  total.failed += 1;
}
console.log(line(total));
process.exit(total.failed > 0 || empty ? 1 : 0);
