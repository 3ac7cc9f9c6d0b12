import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('reliability settings in loadConfig', () => {
  it('defaults: 24 h idempotency, 60 s stale claims, 100/s bursts of 200 for reads and writes, no Redis, no CORS, deliberate timeouts', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      idempotencyTtlHours: 24,
      idempotencyLockTimeoutSeconds: 60,
      rateLimitReadPerSecond: 100,
      rateLimitReadBurst: 200,
      rateLimitWritePerSecond: 100,
      rateLimitWriteBurst: 200,
      redisUrl: null,
      corsOrigins: null,
      httpHeadersTimeoutMs: 10_000,
      httpRequestTimeoutMs: 30_000,
      httpKeepAliveTimeoutMs: 72_000,
      httpMaxHeaderBytes: 16_384,
    });
  });

  it('reads every variable', () => {
    const c = loadConfig({
      IDEMPOTENCY_TTL_HOURS: '48',
      IDEMPOTENCY_LOCK_TIMEOUT_SECONDS: '90',
      RATE_LIMIT_READ_PER_SECOND: '0.5',
      RATE_LIMIT_READ_BURST: '10',
      RATE_LIMIT_WRITE_PER_SECOND: '20',
      RATE_LIMIT_WRITE_BURST: '40',
      REDIS_URL: 'redis://127.0.0.1:6379/2',
      CORS_ORIGINS: 'https://a.example, http://localhost:3000',
      HTTP_MAX_HEADER_BYTES: '32768',
    });
    expect(c).toMatchObject({ idempotencyTtlHours: 48, idempotencyLockTimeoutSeconds: 90, rateLimitReadPerSecond: 0.5, rateLimitReadBurst: 10, rateLimitWritePerSecond: 20, rateLimitWriteBurst: 40, redisUrl: 'redis://127.0.0.1:6379/2', corsOrigins: ['https://a.example', 'http://localhost:3000'], httpMaxHeaderBytes: 32768 });
  });

  it('refuses bad values, listing every one', () => {
    let error: unknown;
    try {
      loadConfig({ IDEMPOTENCY_TTL_HOURS: '0', RATE_LIMIT_WRITE_PER_SECOND: '-1', RATE_LIMIT_READ_BURST: 'lots', REDIS_URL: 'localhost:6379', HTTP_HEADERS_TIMEOUT_MS: '60000', HTTP_REQUEST_TIMEOUT_MS: '5000' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as ConfigError).problems.join('\n');
    for (const name of ['IDEMPOTENCY_TTL_HOURS', 'RATE_LIMIT_WRITE_PER_SECOND', 'RATE_LIMIT_READ_BURST', 'REDIS_URL', 'HTTP_HEADERS_TIMEOUT_MS must not exceed']) expect(text).toContain(name);
  });
});
