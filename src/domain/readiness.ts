import { AppError, serviceUnavailable } from './errors.ts';

/** One dependency the server needs, and whether the server can serve without it. */
export interface ReadinessCheck {
  readonly name: string;
  /** false: its failure is reported but leaves the server ready (Redis: rate limits fall back to process memory). */
  readonly required: boolean;
  /**
   * Resolves when the dependency answers; rejects with the reason when it does not. An AppError's message is
   * shown to the prober; any other error (a driver's, which may name hosts, users or databases) is not.
   */
  check(): Promise<void>;
}

export type CheckStatus = 'ok' | 'unavailable';

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, CheckStatus>;
  /** Why each failed check failed, by name, in words fit for an unauthenticated client. */
  problems: Record<string, string>;
  /** The errors behind problems that are not shown as they are (driver text), by name: for the log only. */
  hidden: Record<string, unknown>;
}

/** What a prober is told of a failed check: our own words, never a driver's (no key is needed to ask). */
const HIDDEN_PROBLEM = 'it failed with an error the server has logged';

/** Runs every check at once, each bounded by timeoutMs, so a hung dependency cannot hang the probe. */
export async function checkReadiness(checks: readonly ReadinessCheck[], timeoutMs: number): Promise<ReadinessReport> {
  const outcomes = await Promise.all(checks.map(async (c) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(serviceUnavailable(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([c.check(), timeout]);
      return { check: c, problem: null, error: null };
    } catch (error) {
      return { check: c, problem: error instanceof AppError ? error.message : HIDDEN_PROBLEM, error: error instanceof AppError ? null : error };
    } finally {
      clearTimeout(timer);
    }
  }));
  const report: ReadinessReport = { ready: true, checks: {}, problems: {}, hidden: {} };
  for (const { check, problem, error } of outcomes) {
    report.checks[check.name] = problem === null ? 'ok' : 'unavailable';
    if (problem === null) continue;
    report.problems[check.name] = problem;
    if (error !== null) report.hidden[check.name] = error;
    if (check.required) report.ready = false;
  }
  return report;
}
