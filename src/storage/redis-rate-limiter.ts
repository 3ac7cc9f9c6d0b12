import { Redis } from 'ioredis';
import { decisionFor, MemoryRateLimiter, type BucketPolicy, type RateLimitDecision, type RateLimiter } from '../domain/rate-limiter.ts';

/**
 * The token bucket as one Lua script, so refill-and-take is atomic across every contactd process; the clock
 * is Redis's own TIME, so processes on hosts with skewed clocks still share one bucket correctly.
 * Returns {allowed, tokens*1000} (integers survive the Lua → RESP conversion, floats do not).
 */
const TAKE_SCRIPT = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = burst
else
  tokens = math.min(burst, tokens + math.max(0, now - at) / 1000 * rate)
end
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return {allowed, math.floor(tokens * 1000)}
`;

export interface RedisRateLimiterOptions {
  /** Prefix of every bucket key, so tests and several deployments can share one Redis. */
  keyPrefix?: string;
  /** Called (at most every 10 s) when Redis fails and the local fallback answers instead. */
  onFallback?: (error: unknown) => void;
}

/**
 * Buckets in Redis, shared by every process pointed at it. When Redis cannot answer, each process falls back
 * to its own in-memory buckets (fail open to a per-process limit) rather than refusing or stalling traffic.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly redis: Redis;
  private readonly fallback = new MemoryRateLimiter();
  private readonly prefix: string;
  private lastWarnedAt = 0;

  constructor(url: string, private readonly options: RedisRateLimiterOptions = {}) {
    this.prefix = options.keyPrefix ?? 'contactd:rl:';
    // Commands wait for the first connection (bounded by commandTimeout); once Redis is known to be down,
    // take() does not wait at all but answers from the fallback until the client has reconnected.
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000, commandTimeout: 1000 });
    this.redis.on('error', () => undefined); // failures surface per command below; the client reconnects by itself
    this.redis.defineCommand('contactdTakeToken', { numberOfKeys: 1, lua: TAKE_SCRIPT });
  }

  async take(bucketKey: string, policy: BucketPolicy): Promise<RateLimitDecision> {
    const status = this.redis.status;
    if (status === 'reconnecting' || status === 'close' || status === 'end') return this.fallbackTake(bucketKey, policy, new Error(`Redis connection is ${status}`));
    try {
      const run = (this.redis as unknown as { contactdTakeToken(key: string, rate: number, burst: number): Promise<[number, number]> }).contactdTakeToken;
      const [allowed, milliTokens] = await run.call(this.redis, this.prefix + bucketKey, policy.ratePerSecond, policy.burst);
      return decisionFor(allowed === 1, milliTokens / 1000, policy);
    } catch (error) {
      return this.fallbackTake(bucketKey, policy, error);
    }
  }

  private fallbackTake(bucketKey: string, policy: BucketPolicy, error: unknown): Promise<RateLimitDecision> {
    const now = Date.now();
    if (now - this.lastWarnedAt > 10_000) {
      this.lastWarnedAt = now;
      this.options.onFallback?.(error);
    }
    return this.fallback.take(bucketKey, policy);
  }

  async ping(): Promise<void> {
    const status = this.redis.status;
    if (status !== 'ready') throw new Error(`the Redis connection is ${status}`);
    await this.redis.ping();
  }

  async close(): Promise<void> {
    this.redis.disconnect();
    await this.fallback.close();
  }
}
