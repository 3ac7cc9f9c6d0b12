import { describe, expect, it } from 'vitest';
import { ConfigError, databaseOptions, loadConfig } from '../../src/config.ts';

describe('fault settings in loadConfig', () => {
  it('defaults: a pool of 10 PostgreSQL connections, 5 s waits for a connection and for a SQLite lock, 30 s for an answer, 25 s to shut down', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ pgPoolMax: 10, pgPoolAcquireTimeoutMs: 5000, pgQueryTimeoutMs: 30_000, sqliteBusyTimeoutMs: 5000, shutdownTimeoutMs: 25_000 });
    expect(databaseOptions(c)).toEqual({ poolMax: 10, poolAcquireTimeoutMs: 5000, queryTimeoutMs: 30_000, sqliteBusyTimeoutMs: 5000 });
  });

  it('reads PG_POOL_MAX, PG_POOL_ACQUIRE_TIMEOUT_MS, PG_QUERY_TIMEOUT_MS (0: no limit), SQLITE_BUSY_TIMEOUT_MS and SHUTDOWN_TIMEOUT_MS', () => {
    const c = loadConfig({ PG_POOL_MAX: '2', PG_POOL_ACQUIRE_TIMEOUT_MS: '250', PG_QUERY_TIMEOUT_MS: '0', SQLITE_BUSY_TIMEOUT_MS: '0', SHUTDOWN_TIMEOUT_MS: '9000' });
    expect(databaseOptions(c)).toEqual({ poolMax: 2, poolAcquireTimeoutMs: 250, queryTimeoutMs: 0, sqliteBusyTimeoutMs: 0 });
    expect(c.shutdownTimeoutMs).toBe(9000);
  });

  it('ConfigError naming each bad value: a pool of 0, a negative or non-numeric wait', () => {
    let error: unknown;
    try {
      loadConfig({ PG_POOL_MAX: '0', PG_POOL_ACQUIRE_TIMEOUT_MS: 'soon', SQLITE_BUSY_TIMEOUT_MS: '-1', PG_QUERY_TIMEOUT_MS: '-5', SHUTDOWN_TIMEOUT_MS: '0' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as ConfigError).problems.join('\n');
    for (const name of ['PG_POOL_MAX', 'PG_POOL_ACQUIRE_TIMEOUT_MS', 'SQLITE_BUSY_TIMEOUT_MS', 'PG_QUERY_TIMEOUT_MS', 'SHUTDOWN_TIMEOUT_MS']) expect(text).toContain(name);
  });
});
