import { describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from '../../src/domain/rate-limiter.ts';

describe('MemoryRateLimiter token bucket', () => {
  const policy = { ratePerSecond: 2, burst: 3 };

  it('allows the burst, refuses the next, and refills at the rate', async () => {
    let now = 1_000_000;
    const limiter = new MemoryRateLimiter(() => now);
    const taken = [];
    for (let i = 0; i < 4; i += 1) taken.push(await limiter.take('k', policy));
    expect(taken.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(taken.map((d) => d.remaining)).toEqual([2, 1, 0, 0]);
    expect(taken[3]?.retryAfterSeconds).toBe(1);
    expect(taken[2]?.resetSeconds).toBe(2); // 3 tokens at 2/s
    now += 500; // one token back
    expect((await limiter.take('k', policy)).allowed).toBe(true);
    expect((await limiter.take('k', policy)).allowed).toBe(false);
    now += 60_000; // never more than the burst
    expect((await limiter.take('k', policy)).remaining).toBe(2);
  });

  it('never forgets an address\'s failed key checks while they refill: a sweep set off by a read bucket (full after 2 s) keeps a failure bucket (full after a minute)', async () => {
    // The policies the app gives them: reads 100/s with bursts of 200 (full 2 s after use), failed key checks 3 a minute.
    const reads = { ratePerSecond: 100, burst: 200 };
    const failures = { ratePerSecond: 3 / 60, burst: 3 };
    let now = 1_000_000;
    const limiter = new MemoryRateLimiter(() => now);
    for (let i = 0; i < 3; i += 1) await limiter.take('authfail:192.0.2.66', failures);
    expect((await limiter.peek('authfail:192.0.2.66', failures)).allowed).toBe(false);
    // Past 100,000 buckets a take sweeps the idlest ones: many keys read once, 3 s later (their buckets full again).
    now += 3000;
    for (let i = 0; i <= 100_000; i += 1) await limiter.take(`key-${i}:read`, reads);
    expect((await limiter.peek('authfail:192.0.2.66', failures)).allowed, 'the guesser is still held back').toBe(false);
    // Once it has refilled, forgetting it changes nothing.
    now += 60_000;
    await limiter.take('key-last:read', reads);
    expect((await limiter.peek('authfail:192.0.2.66', failures)).allowed).toBe(true);
  });

  it('keeps separate buckets per key', async () => {
    const limiter = new MemoryRateLimiter(() => 0);
    for (let i = 0; i < 3; i += 1) await limiter.take('a', policy);
    expect((await limiter.take('a', policy)).allowed).toBe(false);
    expect((await limiter.take('b', policy)).allowed).toBe(true);
  });

  it('peek reports the bucket without taking from it', async () => {
    let now = 0;
    const limiter = new MemoryRateLimiter(() => now);
    expect(await limiter.peek('p', policy)).toMatchObject({ allowed: true, remaining: 3 });
    for (let i = 0; i < 3; i += 1) await limiter.take('p', policy);
    const empty = await limiter.peek('p', policy);
    expect(empty).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 1 });
    expect(await limiter.peek('p', policy)).toMatchObject({ allowed: false, remaining: 0 });
    now += 500;
    expect(await limiter.peek('p', policy)).toMatchObject({ allowed: true, remaining: 1 });
    expect((await limiter.take('p', policy)).allowed).toBe(true);
    expect((await limiter.peek('p', policy)).allowed).toBe(false);
  });
});
