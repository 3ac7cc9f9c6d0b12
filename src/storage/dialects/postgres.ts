import { createHash } from 'node:crypto';
import pg from 'pg';
import { CompiledQuery, Kysely, PostgresDialect, sql, type Driver } from 'kysely';
import { AppError, serviceUnavailable } from '../../domain/errors.ts';
import type { Schema } from '../schema.ts';
import { GuardedDriver } from './guarded-driver.ts';
import type { DialectProfile } from './profile.ts';

const UNIQUE_VIOLATION = '23505';
const DISK_FULL = '53100';
/** deadlock_detected and serialization_failure: the transaction was rolled back whole. */
const DEADLOCK_SQLSTATES = new Set(['40P01', '40001']);

export interface PostgresOptions {
  /** Most connections the pool opens. */
  poolMax?: number;
  /** Longest wait for a pooled connection (a free one, or a new one being opened) before the request gets 503. */
  poolAcquireTimeoutMs?: number;
  /**
   * Longest wait for the server's answer to one query on a pooled connection (0: no limit). A query left
   * unanswered that long (the server stopped, a network that drops packets without resetting) closes its
   * connection and fails as 503 service_unavailable; migrations are exempt (see withoutQueryTimeout).
   */
  queryTimeoutMs?: number;
  /** A connection failed while nobody was using it (the server restarted): the pool drops it and opens a new one on demand. */
  onConnectionError?: (error: Error) => void;
}

/** What a query the server did not answer in time fails with (postgresFault makes it a 503). */
const QUERY_TIMEOUT = 'CONTACTD_QUERY_TIMEOUT';
/** A query config's own limit in milliseconds, instead of the pool's (readiness pings use their probe's bound). */
export const QUERY_TIMEOUT_MS = Symbol('contactd query timeout');

interface QueryLimits {
  /** The pool's limit; 0 is none. */
  ms: number;
  /** Calls of withoutQueryTimeout running: while any runs, queries have no limit. */
  exempt: number;
}

/** How long a cancel request may take to reach the server before its connection is dropped (the server may be the reason for the timeout). */
const CANCEL_REQUEST_TIMEOUT_MS = 5000;

/**
 * Asks the server to cancel what the client's backend is running (PostgreSQL's cancel request, on a connection
 * of its own): closing the client's socket alone leaves a running statement, or one waiting for a lock with the
 * locks its transaction already holds, on the server until the backend next writes to the socket. Best effort:
 * a server that cannot be reached, or a statement that has just finished, is left to the closed socket.
 */
function cancelOnServer(client: pg.PoolClient): void {
  const { processID, secretKey, host, port } = client as unknown as { processID: number | null; secretKey: number | null; host: string; port: number };
  if (processID === null || secretKey === null) return;
  // node-postgres' protocol connection, as its own Client.cancel uses it (its typings leave these members out).
  const con = new pg.Connection() as unknown as { stream: { destroy(): void }; on(event: string, listener: () => void): void; connect(portOrPath: number | string, host?: string): void; cancel(processID: number, secretKey: number): void };
  const giveUp = setTimeout(() => con.stream.destroy(), CANCEL_REQUEST_TIMEOUT_MS);
  giveUp.unref();
  con.on('error', () => undefined);
  con.on('end', () => clearTimeout(giveUp));
  con.on('connect', () => con.cancel(processID, secretKey));
  if (host.startsWith('/')) con.connect(`${host}/.s.PGSQL.${port}`);
  else con.connect(port, host);
}

/**
 * Puts a limit on every query of a pooled client: past it the client's socket is destroyed, which fails the
 * query in flight at once (node-postgres' own query_timeout only stops waiting, leaving the connection busy
 * with the unanswered query, so the pool would hand it out again) and makes the pool drop the client.
 * Cursors (submittables) are not limited: their reads are the caller's to bound.
 */
function limitQueries(client: pg.PoolClient, limits: QueryLimits): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  // With the error, so that whoever hears of the broken connection first (the query, or pool.query's listener
  // on the client's 'error') learns why.
  const destroy = (error: Error) => (client as unknown as { connection: { stream: { destroy(error: Error): void } } }).connection.stream.destroy(error);
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const config = args[0] as { submit?: unknown; [QUERY_TIMEOUT_MS]?: number } | string;
    const own = typeof config === 'object' ? config[QUERY_TIMEOUT_MS] : undefined;
    const ms = own ?? (limits.exempt > 0 ? 0 : limits.ms);
    if (ms <= 0 || (typeof config === 'object' && typeof config.submit === 'function')) return query(...args);
    let timedOut: Error | null = null;
    const timer = setTimeout(() => {
      timedOut = Object.assign(new Error(`the database did not answer within ${ms} ms`), { code: QUERY_TIMEOUT });
      cancelOnServer(client);
      destroy(timedOut);
    }, ms);
    const outcome = (error: unknown) => {
      clearTimeout(timer);
      return timedOut ?? error;
    };
    const callback = args[args.length - 1];
    if (typeof callback === 'function') {
      args[args.length - 1] = (error: unknown, result: unknown) => {
        clearTimeout(timer);
        (callback as (e: unknown, r: unknown) => void)(error === null || error === undefined ? error : outcome(error), result);
      };
      return query(...args);
    }
    return (query(...args) as Promise<unknown>).then(
      (result) => {
        clearTimeout(timer);
        return result;
      },
      (error: unknown) => {
        throw outcome(error);
      },
    );
  };
}

/**
 * SQLSTATE classes and socket errors that mean the server cannot answer now (it restarts, fails over, refuses
 * connections, or the pool has none free): class 08 connection exceptions, 57P01-57P03 shutdown and start-up,
 * 53300 too many connections. The statement did not commit, or its commit was never acknowledged to us.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_SOCKET_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// node-postgres reports a lost connection and a pool wait that ran out with messages only, no code.
const UNAVAILABLE_MESSAGES = /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Client was closed and is not queryable|Connection ended)/;

/** node-postgres' answer to a query on a client whose connection already failed or was closed. */
const NOT_QUERYABLE = /^(Client has encountered a connection error and is not queryable|Client was closed and is not queryable)/;

/** A driver error as the fault a client sees (503 or 507), or null when it is not one. */
export function postgresFault(error: unknown): AppError | null {
  if (error instanceof AppError) return null;
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code === QUERY_TIMEOUT) return serviceUnavailable(`${String(message)}: it may be stopped or unreachable`);
  // The server's own limits (statement_timeout, lock_timeout, idle_in_transaction_session_timeout set for the role) and an administrator's pg_cancel_backend.
  if (code === '57014') return serviceUnavailable('the database cancelled the statement (statement_timeout or an administrator)');
  if (code === '55P03') return serviceUnavailable('the database did not grant a lock in time (lock_timeout)');
  if (code === '25P03') return serviceUnavailable('the database ended an idle transaction (idle_in_transaction_session_timeout)');
  if (code === DISK_FULL) return new AppError('insufficient_storage', 'the database server is out of disk space: nothing was written');
  if (typeof code === 'string' && (code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_SOCKET_ERRORS.has(code))) {
    return serviceUnavailable('the database is unreachable or restarting');
  }
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) {
    return serviceUnavailable(message.startsWith('timeout') ? 'every database connection is busy' : 'the database is unreachable or restarting');
  }
  return null;
}

/** The PostgreSQL dialect whose driver turns connection faults into 503 service_unavailable. */
class GuardedPostgresDialect extends PostgresDialect {
  override createDriver(): Driver {
    return new GuardedDriver(super.createDriver(), { translate: postgresFault, connectionGone: (error) => NOT_QUERYABLE.test(String((error as { message?: unknown } | null)?.message)) });
  }
}

/** Thrown inside a write unit to roll it back when a guarded statement changed nothing. */
class StepChangedNothing extends Error {}

/**
 * `postgres://user@host:port/db`; an extra `schema=<name>` query parameter puts every table in that schema
 * (created by `migrate` if missing), which the tests use to isolate themselves.
 */
export function openPostgres(url: string, options: PostgresOptions = {}): { db: Kysely<Schema>; profile: DialectProfile; ping(timeoutMs: number): Promise<void> } {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  if (schema !== null && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${JSON.stringify(schema)} in DATABASE_URL`);
  // The search_path is a startup option of every connection, so no query can run before it applies.
  const clientConfig = { connectionString: parsed.toString(), keepAlive: true, ...(schema !== null ? { options: `-c search_path=${schema}` } : {}) };
  const pool = new pg.Pool({
    ...clientConfig,
    max: options.poolMax ?? 10,
    // Bounds both waiting for a free connection and opening a new one, so no request waits on the pool for ever.
    connectionTimeoutMillis: options.poolAcquireTimeoutMs ?? 5000,
    // TCP keepalive notices a server that vanished without closing the connection (a failover, a cut network).
    keepAlive: true,
  });
  // node-postgres emits 'error' on the pool for an idle connection the server closed, and on a checked-out client
  // whose connection dies between queries; unheard, either would end the process. The pool drops such clients.
  const limits: QueryLimits = { ms: options.queryTimeoutMs ?? 0, exempt: 0 };
  pool.on('connect', (client) => {
    client.on('error', (error) => options.onConnectionError?.(error));
    limitQueries(client, limits);
  });
  pool.on('error', () => undefined); // the same error, already reported by the client's own listener

  const db = new Kysely<Schema>({ dialect: new GuardedPostgresDialect({ pool }) });
  const profile: DialectProfile = {
    name: 'postgres',
    ...(schema !== null ? { schema } : {}),
    writeTransaction: (fn) => db.transaction().execute(fn),
    async writeAll(build) {
      const statements = build(db);
      const last = statements.pop();
      if (last === undefined) return;
      if (statements.length === 0) {
        await last.execute();
        return;
      }
      // One statement is one implicit transaction: unique indexes are checked row by row, foreign keys at its end,
      // when the rows of every WITH query are there; the pieces share one snapshot, so none sees another's rows.
      const ctes = statements.map((statement, i) => sql`${sql.id(`w${i}`)} as (${statement})`);
      await sql`with ${sql.join(ctes)} ${last}`.execute(db);
    },
    async writeSteps(steps) {
      try {
        await db.transaction().execute(async (trx) => {
          for (const step of steps) {
            const result = await trx.executeQuery(CompiledQuery.raw(step.sql, [...step.parameters]));
            if (step.mustChange === true && Number(result.numAffectedRows ?? 0) === 0) throw new StepChangedNothing();
          }
        });
        return true;
      } catch (error) {
        if (error instanceof StepChangedNothing) return false;
        throw error;
      }
    },
    isUniqueViolation: (error) => (error as { code?: string } | null)?.code === UNIQUE_VIOLATION,
    isDeadlock: (error) => DEADLOCK_SQLSTATES.has((error as { code?: string } | null)?.code ?? ''),
    forUpdate: (query) => query.forUpdate() as typeof query,
    caseInsensitiveLike: 'ilike',
    prepare(text) {
      // Named: each pooled connection parses and plans it once, then only binds and executes.
      const name = `contactd_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
      return async (parameters) => {
        const result = await pool.query({ name, text, values: [...parameters] }).catch((error: unknown) => {
          throw postgresFault(error) ?? error;
        });
        return { rows: result.rows, ...(result.command === 'SELECT' || result.rowCount === null ? {} : { numAffectedRows: BigInt(result.rowCount) }) };
      };
    },
    async listen(channel, onMessage, onError) {
      const client = new pg.Client(clientConfig);
      let closing = false;
      client.on('notification', (message) => onMessage(message.payload ?? ''));
      client.on('error', (error) => {
        if (!closing) onError(error);
      });
      client.on('end', () => {
        if (!closing) onError(new Error('the LISTEN connection ended'));
      });
      await client.connect();
      await client.query(`listen ${client.escapeIdentifier(channel)}`);
      return {
        close: async () => {
          closing = true;
          await client.end();
        },
      };
    },
    integrityCheck: async () => 'ok',
    poolStats: () => ({ max: pool.options.max, total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    readSnapshot: (fn) => db.transaction().setIsolationLevel('repeatable read').execute(fn),
    async withoutQueryTimeout(fn) {
      limits.exempt += 1;
      try {
        return await fn();
      } finally {
        limits.exempt -= 1;
      }
    },
  };
  // A ping bounded by its own limit: a probe that gives up must not leave its connection waiting on the server.
  const ping = async (timeoutMs: number) => {
    await pool.query({ text: 'select 1', [QUERY_TIMEOUT_MS]: timeoutMs } as pg.QueryConfig).catch((error: unknown) => {
      throw postgresFault(error) ?? error;
    });
  };
  return { db, profile, ping };
}
