import { Redis } from 'ioredis';
import { serviceUnavailable } from '../domain/errors.ts';
import { decisionFor, MemoryRateLimiter, type BucketPolicy, type RateLimitDecision, type RateLimiter } from '../domain/rate-limiter.ts';

/**
 * The token bucket as one Lua script, so refill-and-take is atomic across every contactd process; the clock
 * is Redis's own TIME, so processes on hosts with skewed clocks still share one bucket correctly.
 * ARGV[3] '1' takes a token, '0' only looks (and writes nothing).
 * Returns {allowed, tokens*1000} (integers survive the Lua → RESP conversion, floats do not).
 */
const TAKE_SCRIPT = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local take = ARGV[3] == '1'
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
if tokens >= 1 then allowed = 1 end
if not take then return {allowed, math.floor(tokens * 1000)} end
if allowed == 1 then tokens = tokens - 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return {allowed, math.floor(tokens * 1000)}
`;

/** After Redis failed a command, how long commands answer from the fallback before one asks Redis again. */
const SKIP_REDIS_AFTER_FAILURE_MS = 5000;

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
  /** After a failed command, until then (ms) commands answer from the fallback without asking Redis: a Redis that connects but does not answer costs one timeout per window, not one per command. 0: Redis answers. */
  private skipRedisUntil = 0;

  constructor(url: string, private readonly options: RedisRateLimiterOptions = {}) {
    this.prefix = options.keyPrefix ?? 'contactd:rl:';
    // Commands wait for the first connection (bounded by commandTimeout); once Redis is known to be down,
    // take() does not wait at all but answers from the fallback until the client has reconnected.
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000, commandTimeout: 1000 });
    this.redis.on('error', () => undefined); // failures surface per command below; the client reconnects by itself
    this.redis.on('ready', () => {
      this.skipRedisUntil = 0;
    });
    this.redis.defineCommand('contactdTakeToken', { numberOfKeys: 1, lua: TAKE_SCRIPT });
  }

  take(bucketKey: string, policy: BucketPolicy): Promise<RateLimitDecision> {
    return this.run(bucketKey, policy, true);
  }

  peek(bucketKey: string, policy: BucketPolicy): Promise<RateLimitDecision> {
    return this.run(bucketKey, policy, false);
  }

  private async run(bucketKey: string, policy: BucketPolicy, take: boolean): Promise<RateLimitDecision> {
    const status = this.redis.status;
    if (status === 'reconnecting' || status === 'close' || status === 'end') return this.fallbackRun(bucketKey, policy, take, new Error(`Redis connection is ${status}`));
    if (this.skipRedisUntil !== 0) {
      const now = Date.now();
      if (now < this.skipRedisUntil) return this.fallbackRun(bucketKey, policy, take, new Error('Redis did not answer in time'));
      // This command asks Redis again; the commands that arrive while it waits stay on the fallback.
      this.skipRedisUntil = now + SKIP_REDIS_AFTER_FAILURE_MS;
    }
    try {
      const script = (this.redis as unknown as { contactdTakeToken(key: string, rate: number, burst: number, take: '0' | '1'): Promise<[number, number]> }).contactdTakeToken;
      const [allowed, milliTokens] = await script.call(this.redis, this.prefix + bucketKey, policy.ratePerSecond, policy.burst, take ? '1' : '0');
      this.skipRedisUntil = 0;
      return decisionFor(allowed === 1, milliTokens / 1000, policy);
    } catch (error) {
      this.skipRedisUntil = Date.now() + SKIP_REDIS_AFTER_FAILURE_MS;
      return this.fallbackRun(bucketKey, policy, take, error);
    }
  }

  private fallbackRun(bucketKey: string, policy: BucketPolicy, take: boolean, error: unknown): Promise<RateLimitDecision> {
    const now = Date.now();
    if (now - this.lastWarnedAt > 10_000) {
      this.lastWarnedAt = now;
      this.options.onFallback?.(error);
    }
    return take ? this.fallback.take(bucketKey, policy) : this.fallback.peek(bucketKey, policy);
  }

  async ping(): Promise<void> {
    const status = this.redis.status;
    if (status !== 'ready') throw serviceUnavailable(`the Redis connection is ${status}`);
    await this.redis.ping();
  }

  async close(): Promise<void> {
    this.redis.disconnect();
    await this.fallback.close();
  }
}
