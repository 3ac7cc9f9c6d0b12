import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const VITEST = resolve(ROOT, 'node_modules/vitest/vitest.mjs');

/** Runs vitest on one file, in a child, with the given environment changes (undefined removes a variable). */
function runVitest(args: string[], env: Record<string, string | undefined>): { status: number | null; output: string } {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[name];
    else childEnv[name] = value;
  }
  const result = spawnSync(process.execPath, [VITEST, 'run', '--reporter=dot', ...args], { cwd: ROOT, env: childEnv, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

// The suites that need PostgreSQL, Redis or Chromium may skip on a developer machine, never under CI=true.
describe('suites whose backend is missing', { timeout: 150_000 }, () => {
  it('fail the run under CI=true: the Redis suite without CONTACTD_TEST_REDIS_URL', () => {
    const run = runVitest(['test/http/rate-limit.test.ts', '-t', 'shared through Redis'], { CI: 'true', CONTACTD_TEST_REDIS_URL: undefined });
    expect(run.status, run.output).not.toBe(0);
    expect(run.output).toContain('CONTACTD_TEST_REDIS_URL');
  });

  it('fail the run under CI=true: the PostgreSQL variant of a storage suite without CONTACTD_TEST_POSTGRES_URL', () => {
    const run = runVitest(['test/storage/contact-create-write.test.ts', '-t', 'postgres'], { CI: 'true', CONTACTD_TEST_POSTGRES_URL: undefined });
    expect(run.status, run.output).not.toBe(0);
    expect(run.output).toContain('CONTACTD_TEST_POSTGRES_URL');
  });

  it('are skipped with a visible NOTE on a developer machine (CI unset)', () => {
    const run = runVitest(['test/http/rate-limit.test.ts', '-t', 'shared through Redis'], { CI: undefined, CONTACTD_TEST_REDIS_URL: undefined });
    expect(run.status, run.output).toBe(0);
    expect(run.output).toMatch(/NOTE: .*CONTACTD_TEST_REDIS_URL.*SKIPPED/);
  });
});
