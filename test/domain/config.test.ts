import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { problemsOf } from '../helpers/config-problems.ts';

describe('loadConfig', () => {
  it('defaults: port 8080 on 127.0.0.1, SQLite file, info logs, US region, 1 MiB bodies, no bootstrap key', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'sqlite:./data/contactd.sqlite',
      logLevel: 'info',
      bootstrapApiKey: null,
      defaultPhoneRegion: 'US',
      bodyLimitBytes: 1024 * 1024,
    });
    expect(config.keyCacheTtlMs).toBeGreaterThan(0);
    expect(config.keyCacheTtlMs).toBeLessThanOrEqual(5000);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads every variable it documents', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://u@db:5432/crm',
      LOG_LEVEL: 'debug',
      CONTACTD_BOOTSTRAP_API_KEY: 'ctd_0123456789abcdefghij',
      DEFAULT_PHONE_REGION: 'gb',
      BODY_LIMIT_BYTES: '2048',
      CONTACTD_KEY_CACHE_TTL_MS: '5000',
    });
    expect(config).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      databaseUrl: 'postgres://u@db:5432/crm',
      logLevel: 'debug',
      bootstrapApiKey: 'ctd_0123456789abcdefghij',
      defaultPhoneRegion: 'GB',
      bodyLimitBytes: 2048,
      keyCacheTtlMs: 5000,
    });
  });

  it('accepts sqlite::memory:, a SQLite path and postgresql:// URLs', () => {
    for (const url of ['sqlite::memory:', 'sqlite:/var/lib/contactd/db.sqlite', 'postgresql://u@h/db']) {
      expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
    }
  });

  it('ConfigError when DATABASE_URL is sqlite: without a file (an unset variable in sqlite:$DIR/...), not a database that vanishes at exit', () => {
    for (const url of ['sqlite:', 'sqlite://']) {
      const problems = problemsOf({ DATABASE_URL: url });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^DATABASE_URL .*sqlite::memory:/);
    }
  });

  it('ConfigError for an integer variable set to spaces, not 0 (a random port, the failed-authentication limit off)', () => {
    for (const name of ['PORT', 'AUTH_FAILURE_LIMIT_PER_MINUTE', 'CONTACTD_KEY_CACHE_TTL_MS', 'SQLITE_BUSY_TIMEOUT_MS']) {
      const problems = problemsOf({ [name]: ' ' });
      expect(problems, name).toHaveLength(1);
      expect(problems[0], name).toMatch(new RegExp(`^${name} must be an integer`));
    }
  });

  it('ConfigError for numbers written other than in decimal (hex, exponent, a trailing dot), which Number() would have read', () => {
    for (const [name, raw] of [['PORT', '0x1F90'], ['PG_POOL_MAX', '1e1'], ['BODY_LIMIT_BYTES', '0x100000'], ['IMPORT_BATCH_ROWS', '5.'], ['RATE_LIMIT_READ_PER_SECOND', '0x10'], ['RATE_LIMIT_WRITE_PER_SECOND', 'Infinity'], ['WORKERS', '0b10']] as const) {
      const problems = problemsOf({ [name]: raw });
      expect(problems, `${name}=${raw}`).toHaveLength(1);
      expect(problems[0], name).toMatch(new RegExp(`^${name} must be`));
    }
    // Decimal values, with surrounding spaces and a fraction where a fraction is allowed, still read.
    expect(loadConfig({ PORT: ' 8081 ', RATE_LIMIT_READ_PER_SECOND: '2.5', RATE_LIMIT_WRITE_PER_SECOND: '.5' })).toMatchObject({ port: 8081, rateLimitReadPerSecond: 2.5, rateLimitWritePerSecond: 0.5 });
  });

  it('ConfigError listing every bad variable together, each by name', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://localhost/x',
      LOG_LEVEL: 'loud',
      CONTACTD_BOOTSTRAP_API_KEY: 'short',
      DEFAULT_PHONE_REGION: 'XX',
      BODY_LIMIT_BYTES: '-1',
      CONTACTD_KEY_CACHE_TTL_MS: '60000',
    });
    expect(problems).toHaveLength(7);
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'CONTACTD_BOOTSTRAP_API_KEY', 'DEFAULT_PHONE_REGION', 'BODY_LIMIT_BYTES', 'CONTACTD_KEY_CACHE_TTL_MS']) {
      expect(problems.some((p) => p.startsWith(name)), name).toBe(true);
    }
  });

  it('ConfigError message names every problem, one per line', () => {
    try {
      loadConfig({ PORT: '70000', LOG_LEVEL: 'x' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const lines = (error as Error).message.split('\n');
      expect(lines.filter((l) => /^\s+- PORT /.test(l))).toHaveLength(1);
      expect(lines.filter((l) => /^\s+- LOG_LEVEL /.test(l))).toHaveLength(1);
    }
  });

  it('ConfigError for a bootstrap key with spaces (it could never be sent as a Bearer token)', () => {
    expect(problemsOf({ CONTACTD_BOOTSTRAP_API_KEY: 'has a space in the middle of it' })).toHaveLength(1);
  });

  it('ConfigError when an override pushes the key cache TTL past 5 s (revocation must bite within 5 s)', () => {
    expect(() => loadConfig({}, { keyCacheTtlMs: 5001 })).toThrow(ConfigError);
  });

  it('EVENT_RETENTION_DAYS defaults to 30 and must be a whole number of days from 1 to 3650', () => {
    expect(loadConfig({}).eventRetentionDays).toBe(30);
    expect(loadConfig({ EVENT_RETENTION_DAYS: '7' }).eventRetentionDays).toBe(7);
    for (const bad of ['0', '3651', '1.5', 'week']) expect(problemsOf({ EVENT_RETENTION_DAYS: bad }).join()).toContain('EVENT_RETENTION_DAYS');
  });

  it('CONTACTD_TEST_FAULT is unset by default and only knows exit-after-commit', () => {
    expect(loadConfig({}).testFault).toBeNull();
    expect(loadConfig({ CONTACTD_TEST_FAULT: 'exit-after-commit' }).testFault).toBe('exit-after-commit');
    expect(problemsOf({ CONTACTD_TEST_FAULT: 'crash' }).join()).toContain('CONTACTD_TEST_FAULT');
  });

  it('overrides (CLI flags) win over the environment', () => {
    expect(loadConfig({ PORT: '9000' }, { port: 0 }).port).toBe(0);
  });
});

describe('CUSTOM_ATTRIBUTES_MAX', () => {
  it('defaults to 500 live custom attributes per organization and takes 1 to 10000', () => {
    expect(loadConfig({}).customAttributesMax).toBe(500);
    expect(loadConfig({ CUSTOM_ATTRIBUTES_MAX: '20' }).customAttributesMax).toBe(20);
  });

  it('refuses 0, a fraction or text, naming the variable', () => {
    for (const raw of ['0', '2.5', 'many', '10001']) expect(problemsOf({ CUSTOM_ATTRIBUTES_MAX: raw }).join(), raw).toMatch(/CUSTOM_ATTRIBUTES_MAX must be an integer from 1 to 10000/);
  });
});
