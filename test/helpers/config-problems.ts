import { ConfigError, loadConfig } from '../../src/config.ts';

/** The problems loadConfig reports for env; fails the test when it accepts env. */
export function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
