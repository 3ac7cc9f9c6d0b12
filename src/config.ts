import { isIP } from 'node:net';
import { isSupportedCountry, type CountryCode } from 'libphonenumber-js';
import { quotedUrl } from './domain/redact-url.ts';
import { sqliteFilename } from './storage/dialects/sqlite.ts';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string;
  readonly logLevel: LogLevel;
  readonly bootstrapApiKey: string | null;
  readonly defaultPhoneRegion: CountryCode;
  readonly bodyLimitBytes: number;
  readonly cursorSecret: string | null;
  readonly keyCacheTtlMs: number;
  /** How long a stored Idempotency-Key response is replayed before it is purged. */
  readonly idempotencyTtlHours: number;
  /** An in-progress idempotency claim older than this belongs to a dead request and may be taken over. */
  readonly idempotencyLockTimeoutSeconds: number;
  /** Token buckets per API key: reads (GET, _query) and writes (everything else) are limited separately. */
  readonly rateLimitReadPerSecond: number;
  readonly rateLimitReadBurst: number;
  readonly rateLimitWritePerSecond: number;
  readonly rateLimitWriteBurst: number;
  /** Shared rate-limit state for several processes; null keeps the buckets in process memory. */
  readonly redisUrl: string | null;
  /** Origins allowed by CORS; null (the default) sends no CORS headers at all. */
  readonly corsOrigins: readonly string[] | null;
  /** Time a client may take to send the request headers. */
  readonly httpHeadersTimeoutMs: number;
  /** Time a client may take to send the whole request; also the idle socket timeout. */
  readonly httpRequestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  readonly httpKeepAliveTimeoutMs: number;
  /** Largest request head (request line plus headers) accepted; larger gets 431 from Node. */
  readonly httpMaxHeaderBytes: number;
  /** HTTP server processes (node:cluster workers) sharing the port; 1 serves from the main process. */
  readonly workers: number;
  /** Failed API key checks one client address may make per minute before every key it sends gets 429; 0 turns the limit off. */
  readonly authFailureLimitPerMinute: number;
  /** Which proxies' X-Forwarded-For to believe for the client address: false (none), true (any), a hop count, or addresses/CIDRs. */
  readonly trustProxy: boolean | number | readonly string[];
  /** Bearer token GET /metrics requires; null serves the metrics to anyone who can reach the port. */
  readonly metricsToken: string | null;
  /** How long one webhook delivery attempt may take (connect, send, answer); slower is a failed attempt. */
  readonly webhookTimeoutMs: number;
  /** Delays before each retry of a failed delivery, in ms; after the last one the delivery is failed. */
  readonly webhookRetryScheduleMs: readonly number[];
  /** A subscription whose every attempt failed for this long is disabled. */
  readonly webhookDisableAfterHours: number;
  /** Lets webhook URLs point at loopback, private and link-local addresses (tests, private networks). */
  readonly webhookAllowPrivateUrls: boolean;
  /** Whether `contactd serve` runs the webhook delivery worker in its process (else run `contactd worker`). */
  readonly webhookWorker: boolean;
  /** Largest file POST /api/v2/contact/_import accepts (held in memory while it is stored). */
  readonly importMaxBytes: number;
  /** Whether `contactd serve` runs the import job runner in its process (else run `contactd worker`). */
  readonly importWorker: boolean;
  /** Rows an import job writes per transaction: the unit a restart resumes after. */
  readonly importBatchRows: number;
  /** How long an import job's claim lasts without a committed batch; a dead process's job is resumed after it. */
  readonly importClaimMs: number;
  /** Live custom contact attributes an organization may define. */
  readonly customAttributesMax: number;
  /** PostgreSQL: most pooled connections per process. */
  readonly pgPoolMax: number;
  /** PostgreSQL: longest wait for a pooled connection before a request gets 503 service_unavailable. */
  readonly pgPoolAcquireTimeoutMs: number;
  /** PostgreSQL: longest wait for the answer to one query before its connection is closed and the request gets 503; 0 is no limit. */
  readonly pgQueryTimeoutMs: number;
  /** After SIGTERM or SIGINT: longest the process waits for requests in flight and its workers before it exits anyway. */
  readonly shutdownTimeoutMs: number;
  /** SQLite: longest wait for another process's write lock before a request gets 503 service_unavailable. */
  readonly sqliteBusyTimeoutMs: number;
  /** Days the change log keeps events; older ones are purged and cursors before them answer 410. */
  readonly eventRetentionDays: number;
  /** Test-only fault point: `exit-after-commit` makes the process die between a write's commit and its reply. */
  readonly testFault: 'exit-after-commit' | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

export const DEFAULT_WEBHOOK_RETRY_SCHEDULE = '5s,5m,30m,2h,5h,10h,10h';

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "5s,5m,2h" → milliseconds; null when any part is not a duration or the list is empty or too long. */
export function parseDurations(raw: string): number[] | null {
  const parts = raw.split(',').map((p) => p.trim());
  if (parts.length === 0 || parts.length > 20) return null;
  const out: number[] = [];
  for (const part of parts) {
    const match = /^(\d+)(ms|s|m|h)$/.exec(part);
    if (match === null) return null;
    const ms = Number(match[1]) * (DURATION_UNITS_MS[match[2] as string] as number);
    if (ms > 7 * 24 * 3_600_000) return null;
    out.push(ms);
  }
  return out;
}

/** A whole number written in decimal digits (spaces around allowed), else NaN: Number() would also read ' ' as 0, '0x10' as 16, '1e3' as 1000 and '5.' as 5. */
export function decimalInteger(raw: string): number {
  return /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** The only reader of the environment: every variable contactd understands, validated together. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = decimalInteger(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
      return fallback;
    }
    return n;
  };

  const databaseUrl = env.DATABASE_URL || 'sqlite:./data/contactd.sqlite';
  if (!/^(sqlite:|postgres:\/\/|postgresql:\/\/)/.test(databaseUrl)) {
    problems.push(`DATABASE_URL must start with sqlite: or postgres://, got ${quotedUrl(databaseUrl)}`);
  } else if (/^sqlite:(\/\/)?$/.test(databaseUrl)) {
    problems.push(`DATABASE_URL must name a SQLite file after sqlite: (or be sqlite::memory: to keep nothing), got ${JSON.stringify(databaseUrl)}`);
  }
  const logLevel = (env.LOG_LEVEL || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(env.LOG_LEVEL)}`);
  const region = (env.DEFAULT_PHONE_REGION || 'US').toUpperCase();
  if (!isSupportedCountry(region)) problems.push(`DEFAULT_PHONE_REGION must be an ISO 3166 country code such as US or GB, got ${JSON.stringify(env.DEFAULT_PHONE_REGION)}`);
  const bootstrapApiKey = env.CONTACTD_BOOTSTRAP_API_KEY || null;
  if (bootstrapApiKey !== null && (bootstrapApiKey.length < 20 || /\s/.test(bootstrapApiKey))) {
    problems.push('CONTACTD_BOOTSTRAP_API_KEY must be at least 20 characters long, without spaces');
  }
  const cursorSecret = env.CONTACTD_CURSOR_SECRET || null;
  if (cursorSecret !== null && cursorSecret.length < 16) problems.push('CONTACTD_CURSOR_SECRET must be at least 16 characters long');

  const positive = (name: string, fallback: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    // A decimal number (Number() would also read '0x10' as 16 and ' ' as 0).
    const n = /^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isFinite(n) || n <= 0 || n > max) {
      problems.push(`${name} must be a number greater than 0 and at most ${max}, got ${JSON.stringify(raw)}`);
      return fallback;
    }
    return n;
  };
  const redisUrl = env.REDIS_URL || null;
  if (redisUrl !== null && !/^rediss?:\/\//.test(redisUrl)) problems.push(`REDIS_URL must start with redis:// or rediss://, got ${quotedUrl(redisUrl)}`);
  let corsOrigins: string[] | null = null;
  if (env.CORS_ORIGINS !== undefined && env.CORS_ORIGINS.trim() !== '') {
    corsOrigins = [];
    const problemsBefore = problems.length;
    for (const origin of env.CORS_ORIGINS.split(',').map((o) => o.trim()).filter((o) => o !== '')) {
      // As a browser writes its Origin header (lower case, no default port), which CORS compares byte for byte:
      // HTTPS://App.example.com or https://app.example.com:443 as written would never match it.
      const normalized = /^https?:\/\/[^/\s@]+$/i.test(origin) ? URL.parse(origin)?.origin : undefined;
      if (normalized === undefined) problems.push(`CORS_ORIGINS must be a comma-separated list of origins such as https://app.example.com (no path, no *), got ${JSON.stringify(origin)}`);
      else corsOrigins.push(normalized);
    }
    if (corsOrigins.length === 0 && problems.length === problemsBefore) problems.push(`CORS_ORIGINS names no origin, got ${JSON.stringify(env.CORS_ORIGINS)}`);
  }
  const metricsToken = env.METRICS_TOKEN || null;
  if (metricsToken !== null && (metricsToken.length < 16 || /\s/.test(metricsToken))) problems.push('METRICS_TOKEN must be at least 16 characters long, without spaces');
  const trustProxy = parseTrustProxy(env.TRUST_PROXY, problems);
  const httpHeadersTimeoutMs = int('HTTP_HEADERS_TIMEOUT_MS', 10_000, 1000, 600_000);
  const httpRequestTimeoutMs = int('HTTP_REQUEST_TIMEOUT_MS', 30_000, 1000, 600_000);
  if (httpHeadersTimeoutMs > httpRequestTimeoutMs) problems.push('HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS');

  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    problems.push(`${name} must be true or false, got ${JSON.stringify(raw)}`);
    return fallback;
  };
  const rawSchedule = env.WEBHOOK_RETRY_SCHEDULE || DEFAULT_WEBHOOK_RETRY_SCHEDULE;
  const webhookRetryScheduleMs = parseDurations(rawSchedule);
  if (webhookRetryScheduleMs === null) problems.push(`WEBHOOK_RETRY_SCHEDULE must be 1 to 20 comma-separated durations such as 5s,5m,2h (units ms, s, m, h; each at most 7 days), got ${JSON.stringify(rawSchedule)}`);

  const testFault = env.CONTACTD_TEST_FAULT || null;
  if (testFault !== null && testFault !== 'exit-after-commit') problems.push(`CONTACTD_TEST_FAULT must be exit-after-commit or unset, got ${JSON.stringify(testFault)}`);

  const config: Config = {
    port: int('PORT', 8080, 0, 65535),
    host: env.HOST || '127.0.0.1',
    databaseUrl,
    logLevel,
    bootstrapApiKey,
    defaultPhoneRegion: region as CountryCode,
    bodyLimitBytes: int('BODY_LIMIT_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024),
    cursorSecret,
    keyCacheTtlMs: int('CONTACTD_KEY_CACHE_TTL_MS', 2000, 0, 5000),
    idempotencyTtlHours: int('IDEMPOTENCY_TTL_HOURS', 24, 1, 24 * 30),
    idempotencyLockTimeoutSeconds: int('IDEMPOTENCY_LOCK_TIMEOUT_SECONDS', 60, 1, 3600),
    rateLimitReadPerSecond: positive('RATE_LIMIT_READ_PER_SECOND', 100, 1_000_000),
    rateLimitReadBurst: int('RATE_LIMIT_READ_BURST', 200, 1, 10_000_000),
    rateLimitWritePerSecond: positive('RATE_LIMIT_WRITE_PER_SECOND', 100, 1_000_000),
    rateLimitWriteBurst: int('RATE_LIMIT_WRITE_BURST', 200, 1, 10_000_000),
    redisUrl,
    corsOrigins,
    httpHeadersTimeoutMs,
    httpRequestTimeoutMs,
    httpKeepAliveTimeoutMs: int('HTTP_KEEP_ALIVE_TIMEOUT_MS', 72_000, 1000, 600_000),
    httpMaxHeaderBytes: int('HTTP_MAX_HEADER_BYTES', 16 * 1024, 1024, 1024 * 1024),
    workers: int('WORKERS', 1, 1, 64),
    authFailureLimitPerMinute: int('AUTH_FAILURE_LIMIT_PER_MINUTE', 30, 0, 1_000_000),
    trustProxy,
    metricsToken,
    webhookTimeoutMs: int('WEBHOOK_TIMEOUT_MS', 15_000, 100, 120_000),
    webhookRetryScheduleMs: webhookRetryScheduleMs ?? (parseDurations(DEFAULT_WEBHOOK_RETRY_SCHEDULE) as number[]),
    webhookDisableAfterHours: positive('WEBHOOK_DISABLE_AFTER_HOURS', 120, 24 * 365),
    webhookAllowPrivateUrls: bool('WEBHOOK_ALLOW_PRIVATE_URLS', false),
    webhookWorker: bool('WEBHOOK_WORKER', true),
    importMaxBytes: int('IMPORT_MAX_BYTES', 64 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    importWorker: bool('IMPORT_WORKER', true),
    importBatchRows: int('IMPORT_BATCH_ROWS', 500, 1, 10_000),
    importClaimMs: int('IMPORT_CLAIM_MS', 30_000, 1000, 3_600_000),
    customAttributesMax: int('CUSTOM_ATTRIBUTES_MAX', 500, 1, 10_000),
    pgPoolMax: int('PG_POOL_MAX', 10, 1, 1000),
    pgPoolAcquireTimeoutMs: int('PG_POOL_ACQUIRE_TIMEOUT_MS', 5000, 1, 600_000),
    pgQueryTimeoutMs: int('PG_QUERY_TIMEOUT_MS', 30_000, 0, 3_600_000),
    shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS', 25_000, 100, 3_600_000),
    sqliteBusyTimeoutMs: int('SQLITE_BUSY_TIMEOUT_MS', 5000, 0, 600_000),
    eventRetentionDays: int('EVENT_RETENTION_DAYS', 30, 1, 3650),
    testFault: testFault as Config['testFault'],
    ...overrides,
  };
  // Revocation must bite within 5 s, whoever sets the TTL.
  if (config.keyCacheTtlMs > 5000 || config.keyCacheTtlMs < 0) problems.push(`the key cache TTL must be from 0 to 5000 ms, got ${config.keyCacheTtlMs}`);
  if (config.workers > 1 && config.databaseUrl.startsWith('sqlite:') && sqliteFilename(config.databaseUrl) === ':memory:') {
    problems.push('WORKERS above 1 needs a database the processes can share: an in-memory SQLite database is private to one process');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/** An IPv4 or IPv6 address, optionally with a prefix length that fits it (`10.0.0.0/8`, `fd00::/8`). */
function isAddressOrRange(entry: string): boolean {
  const match = /^([0-9a-fA-F:.]+)(?:\/(\d{1,3}))?$/.exec(entry);
  if (match === null) return false;
  const family = isIP(match[1] as string);
  if (family === 0) return false;
  return match[2] === undefined || Number(match[2]) <= (family === 4 ? 32 : 128);
}

/** TRUST_PROXY: unset or false, true, a number of proxy hops, or a comma-separated list of addresses and CIDR ranges. */
function parseTrustProxy(raw: string | undefined, problems: string[]): boolean | number | readonly string[] {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  const bad = entries.filter((entry) => !isAddressOrRange(entry) && !['loopback', 'linklocal', 'uniquelocal'].includes(entry));
  if (bad.length > 0 || entries.length === 0) {
    problems.push(`TRUST_PROXY must be true, false, a hop count, or a comma-separated list of addresses or CIDR ranges (or loopback, linklocal, uniquelocal), got ${JSON.stringify(raw)}`);
    return false;
  }
  return entries;
}

/** The database settings of a configuration, as openDatabase takes them. */
export function databaseOptions(config: Config): { poolMax: number; poolAcquireTimeoutMs: number; queryTimeoutMs: number; sqliteBusyTimeoutMs: number } {
  return { poolMax: config.pgPoolMax, poolAcquireTimeoutMs: config.pgPoolAcquireTimeoutMs, queryTimeoutMs: config.pgQueryTimeoutMs, sqliteBusyTimeoutMs: config.sqliteBusyTimeoutMs };
}
