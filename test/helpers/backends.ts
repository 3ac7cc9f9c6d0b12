import { describe, it, type TestOptions } from 'vitest';

/** CI set (CI=true, as CI runs .ci/run; the same test as test/faults/support/services.ts): a missing backend fails. */
export const IN_CI = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';

const noted = new Set<string>();

/**
 * describe() for a suite that needs something a developer machine may lack (PostgreSQL, Redis, Chromium).
 * `missing` is null when it is there, else what is missing and how to provide it. Without it the suite is
 * skipped with a NOTE on stderr; under CI=true it becomes one failing test, so a run cannot pass unrun.
 */
export function describeWhenAvailable(name: string, missing: string | null, body: () => void, options: TestOptions = {}): void {
  if (missing === null) {
    describe(name, options, body);
    return;
  }
  if (IN_CI) {
    describe(name, () => {
      it(`cannot run: ${missing}`, () => {
        throw new Error(`${missing}. Under CI=true a suite may not be skipped: provide it.`);
      });
    });
    return;
  }
  if (!noted.has(missing)) {
    noted.add(missing);
    process.stderr.write(`NOTE: ${missing}: the suites that need it were SKIPPED, such as "${name}" (under CI=true this fails the run).\n`);
  }
  // Reason: `missing` (printed in the NOTE above) is absent on this developer machine; under CI=true the branch above fails instead.
  describe.skip(name, body);
}
