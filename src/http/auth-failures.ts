import { isIPv6 } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.ts';
import type { BucketPolicy, RateLimiter } from '../domain/rate-limiter.ts';

/**
 * Failed key checks per client address, as a token bucket of AUTH_FAILURE_LIMIT_PER_MINUTE tokens refilled over a
 * minute: each failure takes one; while the bucket is empty every key from that address is refused with 429
 * before it is checked, the right one included, so a guesser cannot tell a hit from a miss. Successful checks
 * take nothing. The check and the take are two steps, so concurrent guesses can overshoot by the concurrency.
 */
export class AuthFailureGuard {
  private readonly policy: BucketPolicy | null;

  constructor(private readonly limiter: RateLimiter, limitPerMinute: number) {
    this.policy = limitPerMinute > 0 ? { ratePerSecond: limitPerMinute / 60, burst: limitPerMinute } : null;
  }

  /** 429 rate_limited with Retry-After when the request's address has used up its failures. */
  async assertAllowed(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (this.policy === null) return;
    const decision = await this.limiter.peek(bucketKey(request.ip), this.policy);
    if (decision.allowed) return;
    reply.header('retry-after', String(decision.retryAfterSeconds));
    throw new AppError('rate_limited', `too many failed API key checks from this address: the limit is ${this.policy.burst} per minute; retry after ${decision.retryAfterSeconds} s`, [
      { code: 'rate_limited', message: 'failed authentication limit reached for this client address', limit: this.policy.burst, retry_after_seconds: decision.retryAfterSeconds },
    ]);
  }

  async recordFailure(request: FastifyRequest): Promise<void> {
    if (this.policy === null) return;
    await this.limiter.take(bucketKey(request.ip), this.policy);
  }
}

const bucketKey = (ip: string): string => `authfail:${clientAddressKey(ip)}`;

/**
 * The address a failure counts against: IPv4 as it is (an IPv4-mapped IPv6 address as its IPv4), IPv6 by its
 * /64 prefix, since one subscriber usually holds a whole /64 and could otherwise rotate through it.
 */
export function clientAddressKey(ip: string): string {
  // Every request asks (the failure guard peeks before the key is checked): an IPv4 address skips the regexps.
  if (!ip.includes(':')) return ip;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1] as string;
  if (!isIPv6(ip)) return ip;
  const [head = '', tail] = (ip.toLowerCase().split('%')[0] ?? '').split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
