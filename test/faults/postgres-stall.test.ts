import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newBootstrapKey, startChildServer, type ChildServer } from '../helpers/child-server.ts';
import { ownPostgresUnavailable, startOwnPostgres, unavailableBecause, type OwnPostgres } from './support/services.ts';
import { callContactd, type CallOutcome } from './support/call.ts';

/** A request taking longer than this is hanging: a stalled database must be answered within a bounded time. */
const HANG_MS = 15_000;
const QUERY_TIMEOUT_MS = 1500;
const SHUTDOWN_TIMEOUT_MS = 3000;

const skip = unavailableBecause(ownPostgresUnavailable(), 'the stalled PostgreSQL fault test');

/**
 * The database stops answering without closing anything (SIGSTOP to every PostgreSQL process: a hung host,
 * a network that drops packets): no error ever comes, so only contactd's own limits can end the wait.
 */
// Reason: `skip` says why (initdb/pg_ctl cannot start a cluster of its own here); unavailableBecause throws instead under CI=true.
describe.skipIf(skip !== null)('fault: PostgreSQL stops answering', () => {
  let pg: OwnPostgres;
  const servers: ChildServer[] = [];
  const key = newBootstrapKey();
  const startContactd = async (env: Record<string, string> = {}) => {
    const server = await startChildServer({
      DATABASE_URL: pg.url,
      CONTACTD_BOOTSTRAP_API_KEY: key,
      PG_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS),
      PG_POOL_MAX: '4',
      PG_POOL_ACQUIRE_TIMEOUT_MS: '1000',
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
      ...env,
    });
    servers.push(server);
    return server;
  };

  beforeAll(async () => {
    pg = await startOwnPostgres();
  }, 180_000);
  afterAll(async () => {
    pg?.resume();
    for (const s of servers) await s.kill();
    pg?.destroy();
  });

  const call = (server: ChildServer, method: string, path: string, body?: unknown) => callContactd(server.url, key, HANG_MS, method, path, body);
  const create = (server: ChildServer, name: string) =>
    call(server, 'POST', '/api/v2/contact', { attributes: { first_name: name, primary_email: `${name.toLowerCase()}.${randomUUID()}@stall.example` } });

  it('requests get 503 instead of waiting for ever, readiness probes leak no connection, and service resumes with the database', { timeout: 120_000 }, async () => {
    const server = await startContactd();
    const before = await create(server, 'Before');
    expect(before.status).toBe(201);
    const id = (before.json as { data: { id: string } }).data.id;

    pg.pause();
    try {
      // More requests than pooled connections, reads and writes: each is answered, none hangs.
      const during = await Promise.all([
        ...Array.from({ length: 6 }, (_, i) => create(server, `During${i}`)),
        ...Array.from({ length: 4 }, () => call(server, 'GET', `/api/v2/contact/${id}`)),
      ]);
      for (const outcome of during) {
        expect(outcome.status, JSON.stringify(outcome)).toBe(503);
        expect(outcome.code).toBe('service_unavailable');
        expect(Number(outcome.retryAfter)).toBeGreaterThanOrEqual(1);
      }
      expect(during.some((o) => /did not answer within 1500 ms/.test(o.message ?? '')), JSON.stringify(during)).toBe(true);
      // Probes keep coming while it is stalled (more of them than the pool has connections): each says not ready.
      for (let i = 0; i < 6; i += 1) {
        const ready = await call(server, 'GET', '/api/v2/health/ready');
        expect(ready.status, JSON.stringify(ready)).toBe(503);
        expect(ready.json).toMatchObject({ error: { code: 'service_unavailable', details: [{ field: 'database' }] } });
      }
      expect((await call(server, 'GET', '/api/v2/health')).status).toBe(200);
    } finally {
      pg.resume();
    }

    // Back: readiness, writes and reads, the contact from before intact; no stuck connection left behind.
    await expect.poll(async () => (await call(server, 'GET', '/api/v2/health/ready')).status, { timeout: 10_000, interval: 100 }).toBe(200);
    const after = await Promise.all(Array.from({ length: 8 }, (_, i) => create(server, `After${i}`)));
    expect(after.map((o) => o.status)).toEqual(Array(8).fill(201));
    const read = await call(server, 'GET', `/api/v2/contact/${id}`);
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ data: { id, attributes: { first_name: { value: 'Before' } } } });
  });

  /** SIGTERM with a request in flight on the stalled database; resolves with the exit code, or 'still running' after HANG_MS. */
  const terminateDuringStall = async (server: ChildServer): Promise<{ code: number | null | 'still running'; inFlight: CallOutcome }> => {
    expect((await create(server, 'Warm')).status).toBe(201);
    pg.pause();
    try {
      const inFlight = create(server, 'InFlight');
      await new Promise((resolve) => setTimeout(resolve, 200));
      const exited = new Promise<number | null>((resolve) => server.process.once('exit', (code) => resolve(code)));
      server.process.kill('SIGTERM');
      const code = await Promise.race([exited, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), HANG_MS))]);
      return { code, inFlight: await inFlight };
    } finally {
      pg.resume();
    }
  };

  it('SIGTERM while the database is stalled: the request in flight gets its 503 and the process exits 0', { timeout: 60_000 }, async () => {
    const server = await startContactd();
    const { code, inFlight } = await terminateDuringStall(server);
    expect(code, server.output()).toBe(0);
    expect(inFlight.status).toBe(503);
  });

  it('SIGTERM with no query limit (PG_QUERY_TIMEOUT_MS=0): the process still exits, with code 1, once SHUTDOWN_TIMEOUT_MS runs out', { timeout: 60_000 }, async () => {
    const server = await startContactd({ PG_QUERY_TIMEOUT_MS: '0' });
    const { code, inFlight } = await terminateDuringStall(server);
    expect(code, server.output()).toBe(1);
    expect(server.output()).toContain(`shutdown did not finish within ${SHUTDOWN_TIMEOUT_MS} ms`);
    // Cut off with the process: never answered, never acknowledged.
    expect(inFlight.status).toBe('no-answer');
  });
});
