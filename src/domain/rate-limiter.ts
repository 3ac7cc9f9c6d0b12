/** Reads (GET, `_query`) and writes are limited by separate buckets, so a bulk sync cannot starve lookups. */
export type RateLimitClass = 'read' | 'write';

export interface BucketPolicy {
  /** Tokens added per second. */
  readonly ratePerSecond: number;
  /** Bucket size: the most requests that may arrive at once after a quiet period. */
  readonly burst: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  /** Whole tokens left after this request. */
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** Seconds until one token is available (only meaningful when refused). */
  retryAfterSeconds: number;
}

/** The port: takes one token from a key's bucket, atomically, wherever the buckets live. */
export interface RateLimiter {
  take(bucketKey: string, policy: BucketPolicy): Promise<RateLimitDecision>;
  /** Whether a token is there, without taking it (allowed: at least one whole token is left). */
  peek(bucketKey: string, policy: BucketPolicy): Promise<RateLimitDecision>;
  /** For a limiter that keeps its buckets in another service: resolves when that service answers. */
  ping?(): Promise<void>;
  close(): Promise<void>;
}

/** The token-bucket step shared by every implementation: refill for the elapsed time, then take one token (unless only peeking). */
export function tokenBucketStep(
  state: { tokens: number; atMs: number } | null,
  policy: BucketPolicy,
  nowMs: number,
  take = true,
): { state: { tokens: number; atMs: number }; decision: RateLimitDecision } {
  const { ratePerSecond: rate, burst } = policy;
  const elapsed = state === null ? 0 : Math.max(0, nowMs - state.atMs) / 1000;
  let tokens = state === null ? burst : Math.min(burst, state.tokens + elapsed * rate);
  const allowed = tokens >= 1;
  if (allowed && take) tokens -= 1;
  return { state: { tokens, atMs: nowMs }, decision: decisionFor(allowed, tokens, policy) };
}

export function decisionFor(allowed: boolean, tokens: number, { ratePerSecond: rate, burst }: BucketPolicy): RateLimitDecision {
  return {
    allowed,
    limit: burst,
    remaining: Math.max(0, Math.floor(tokens)),
    resetSeconds: Math.max(0, Math.ceil((burst - tokens) / rate)),
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - tokens) / rate)),
  };
}

/** Buckets in this process's memory: the default, exact for one process. */
export class MemoryRateLimiter implements RateLimiter {
  /** Each bucket with the time it is full again (its own policy's), after which forgetting it changes nothing. */
  private readonly buckets = new Map<string, { tokens: number; atMs: number; fullAtMs: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async take(bucketKey: string, policy: BucketPolicy): Promise<RateLimitDecision> {
    const nowMs = this.now();
    const { state, decision } = tokenBucketStep(this.buckets.get(bucketKey) ?? null, policy, nowMs);
    // Delete-then-set keeps the map in last-use order, so the sweep below drops the idlest buckets first.
    this.buckets.delete(bucketKey);
    this.buckets.set(bucketKey, { tokens: state.tokens, atMs: state.atMs, fullAtMs: state.atMs + ((policy.burst - state.tokens) / policy.ratePerSecond) * 1000 });
    if (this.buckets.size > 100_000) this.sweep(nowMs);
    return decision;
  }

  async peek(bucketKey: string, policy: BucketPolicy): Promise<RateLimitDecision> {
    return tokenBucketStep(this.buckets.get(bucketKey) ?? null, policy, this.now(), false).decision;
  }

  /**
   * Forgets the idlest buckets that are full again; they would start full anyway. Each by its own policy: the
   * policy of the take that set off the sweep (a read bucket's, full after 2 s) would forget an address's
   * failed key checks (full only after a minute) and let it guess again at once.
   */
  private sweep(nowMs: number): void {
    for (const [key, state] of this.buckets) {
      if (state.fullAtMs > nowMs) break;
      this.buckets.delete(key);
    }
  }

  async close(): Promise<void> {
    this.buckets.clear();
  }
}
