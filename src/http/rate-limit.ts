import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { AppError } from '../domain/errors.ts';
import type { BucketPolicy, RateLimitClass, RateLimiter } from '../domain/rate-limiter.ts';

export function rateLimitPolicies(config: Config): Record<RateLimitClass, BucketPolicy> {
  return {
    read: { ratePerSecond: config.rateLimitReadPerSecond, burst: config.rateLimitReadBurst },
    write: { ratePerSecond: config.rateLimitWritePerSecond, burst: config.rateLimitWriteBurst },
  };
}

/**
 * Takes a token from the calling key's read or write bucket and sets the RateLimit-* headers (IETF draft names)
 * on the response, whatever its status; refuses with 429 rate_limited and Retry-After when the bucket is empty.
 */
export async function enforceRateLimit(request: FastifyRequest, reply: FastifyReply, limiter: RateLimiter, policies: Record<RateLimitClass, BucketPolicy>): Promise<void> {
  const principal = request.principal;
  if (principal === null) return;
  // Reads are what a read permission allows (every GET, _query, _export), whichever resource: not only contacts.
  const cls: RateLimitClass = request.routeOptions.config.permission?.endsWith(':read') === true ? 'read' : 'write';
  const decision = await limiter.take(`${principal.keyId}:${cls}`, policies[cls]);
  reply.header('ratelimit-limit', String(decision.limit));
  reply.header('ratelimit-remaining', String(decision.remaining));
  reply.header('ratelimit-reset', String(decision.resetSeconds));
  if (!decision.allowed) {
    reply.header('retry-after', String(decision.retryAfterSeconds));
    throw new AppError('rate_limited', `too many ${cls} requests for this API key: the limit is ${policies[cls].ratePerSecond} per second with bursts of ${decision.limit}; retry after ${decision.retryAfterSeconds} s`, [
      { code: 'rate_limited', message: `${cls} bucket empty`, limit: decision.limit, retry_after_seconds: decision.retryAfterSeconds },
    ]);
  }
}
