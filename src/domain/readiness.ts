/** One dependency the server needs, and whether the server can serve without it. */
export interface ReadinessCheck {
  readonly name: string;
  /** false: its failure is reported but leaves the server ready (Redis: rate limits fall back to process memory). */
  readonly required: boolean;
  /** Resolves when the dependency answers; rejects with the reason when it does not. */
  check(): Promise<void>;
}

export type CheckStatus = 'ok' | 'unavailable';

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, CheckStatus>;
  /** Why each failed check failed, by name. */
  problems: Record<string, string>;
}

/** Runs every check at once, each bounded by timeoutMs, so a hung dependency cannot hang the probe. */
export async function checkReadiness(checks: readonly ReadinessCheck[], timeoutMs: number): Promise<ReadinessReport> {
  const outcomes = await Promise.all(checks.map(async (c) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([c.check(), timeout]);
      return { check: c, problem: null };
    } catch (error) {
      return { check: c, problem: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }));
  const report: ReadinessReport = { ready: true, checks: {}, problems: {} };
  for (const { check, problem } of outcomes) {
    report.checks[check.name] = problem === null ? 'ok' : 'unavailable';
    if (problem === null) continue;
    report.problems[check.name] = problem;
    if (check.required) report.ready = false;
  }
  return report;
}
