import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/storage/database.ts';
import { newBootstrapKey, startChildServer, type ChildServer } from '../helpers/child-server.ts';
import { ownPostgresUnavailable, startOwnPostgres, unavailableBecause, type OwnPostgres } from './support/services.ts';
import { callContactd, type CallOutcome } from './support/call.ts';

const CLIENTS = 8;
/** A request taking longer than this is hanging: the outage must be answered within a bounded time. */
const HANG_MS = 15_000;
/** The bound: writes resume by themselves within 5 s of the database accepting connections again. */
const RESUME_WITHIN_MS = 5000;

const skip = unavailableBecause(ownPostgresUnavailable(), 'the PostgreSQL restart fault test');

interface Acked { id: string; email: string; firstName: string }

describe.skipIf(skip !== null)('fault: the PostgreSQL server restarts under write load', () => {
  let pg: OwnPostgres;
  let server: ChildServer;
  const servers: ChildServer[] = [];
  const key = newBootstrapKey();
  /** A fresh contactd process for each test, so one test's outcome cannot decide the next one's. */
  const startContactd = async () => {
    server = await startChildServer({
      DATABASE_URL: pg.url,
      CONTACTD_BOOTSTRAP_API_KEY: key,
      RATE_LIMIT_WRITE_PER_SECOND: '100000',
      RATE_LIMIT_WRITE_BURST: '100000',
      RATE_LIMIT_READ_PER_SECOND: '100000',
      RATE_LIMIT_READ_BURST: '100000',
    });
    servers.push(server);
  };

  beforeAll(async () => {
    pg = await startOwnPostgres();
  }, 180_000);
  afterAll(async () => {
    for (const s of servers) await s.kill();
    pg?.destroy();
  });

  const call = (method: string, path: string, body?: unknown) => callContactd(server.url, key, HANG_MS, method, path, body);

  it('503 service_unavailable with Retry-After while it is down, /health/ready says so, and both recover once it is back', { timeout: 120_000 }, async () => {
    await startContactd();
    expect((await call('GET', '/api/v2/health/ready')).json).toEqual({ data: { status: 'ready', checks: { database: 'ok' } } });
    await pg.stop();
    const write = await call('POST', '/api/v2/contact', { attributes: { first_name: 'During', primary_email: `during.${randomUUID()}@outage.example` } });
    expect(write.status, JSON.stringify(write)).toBe(503);
    expect(write.code).toBe('service_unavailable');
    expect(Number(write.retryAfter)).toBeGreaterThanOrEqual(1);
    const ready = await call('GET', '/api/v2/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.json).toMatchObject({ error: { code: 'service_unavailable', details: [{ code: 'service_unavailable', field: 'database' }] } });
    expect(Number(ready.retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await call('GET', '/api/v2/health')).status).toBe(200);
    await pg.start();
    const startedAt = Date.now();
    await expect.poll(async () => (await call('GET', '/api/v2/health/ready')).status, { timeout: RESUME_WITHIN_MS, interval: 50 }).toBe(200);
    const readyAfterMs = Date.now() - startedAt;
    const after = await call('POST', '/api/v2/contact', { attributes: { first_name: 'After', primary_email: `after.${randomUUID()}@outage.example` } });
    expect(after.status).toBe(201);
    const figures = { outage_write_answer_ms: write.endedAt - write.startedAt, outage_ready_answer_ms: ready.endedAt - ready.startedAt, ready_after_start_ms: readyAfterMs, first_write_after_ready_ms: after.endedAt - after.startedAt };
    mkdirSync('test-artifacts/faults', { recursive: true });
    writeFileSync('test-artifacts/faults/postgres-stop-start.json', `${JSON.stringify(figures, null, 2)}\n`);
    process.stdout.write(`postgres stop/start figures: ${JSON.stringify(figures)}\n`);
    expect(server.process.exitCode).toBeNull();
  });

  it('survives `pg_ctl restart -m fast` under 8 writing clients: only 201 and 503, writes resume within 5 s, no acknowledged write lost or half-applied', { timeout: 180_000 }, async () => {
    await startContactd();
    const outcomes: CallOutcome[] = [];
    const acked: Acked[] = [];
    let stop = false;
    const client = async (c: number) => {
      for (let n = 0; !stop; n += 1) {
        const email = `c${c}.n${n}.${randomUUID().slice(0, 8)}@restart.example`;
        const firstName = `C${c}N${n}`;
        const outcome = await call('POST', '/api/v2/contact', { attributes: { first_name: firstName, primary_email: email, contact_emails: [{ email, is_primary: true }, { email: `alt.${email}`, is_primary: false }] } });
        outcomes.push(outcome);
        if (outcome.status === 201) acked.push({ id: (outcome.json as { data: { id: string } }).data.id, email, firstName });
        // A refused client waits as told, like a well-behaved one; the server's answer must come either way.
        else if (outcome.status === 503) await new Promise((r) => setTimeout(r, 100));
      }
    };
    const load = Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
    while (acked.length < 100) await new Promise((r) => setTimeout(r, 20));
    const restartAt = Date.now();
    await pg.restart();
    const acceptingAt = Date.now();
    // Keep writing until writes have flowed again for a while (or long enough to show that they do not).
    await expect.poll(() => outcomes.filter((o) => o.status === 201 && o.startedAt > acceptingAt).length, { timeout: 30_000, interval: 100 }).toBeGreaterThanOrEqual(50);
    await new Promise((r) => setTimeout(r, 1000));
    stop = true;
    await load;

    expect(server.process.exitCode, server.output()).toBeNull();
    const unexpected = outcomes.filter((o) => o.status !== 201 && !(o.status === 503 && o.code === 'service_unavailable' && o.retryAfter !== null));
    expect(unexpected, JSON.stringify(unexpected.slice(0, 5))).toEqual([]);
    const firstWriteAfter = outcomes.filter((o) => o.status === 201 && o.startedAt >= acceptingAt).sort((a, b) => a.startedAt - b.startedAt)[0] as CallOutcome;
    expect(firstWriteAfter.startedAt - acceptingAt).toBeLessThanOrEqual(RESUME_WITHIN_MS);

    // Every acknowledged contact is there with its values and both of its email rows (nothing half-applied).
    const database: Database = openDatabase(pg.url);
    let lost = 0;
    try {
      const ids = acked.map((a) => a.id);
      const contacts = new Map<string, { first_name: string | null; primary_email: string | null }>();
      const emails = new Map<string, number>();
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        for (const row of await database.db.selectFrom('contacts').select(['id', 'first_name', 'primary_email']).where('id', 'in', chunk).execute()) contacts.set(row.id, row);
        for (const row of await database.db.selectFrom('contact_emails').select(['contact_id']).where('contact_id', 'in', chunk).execute()) emails.set(row.contact_id, (emails.get(row.contact_id) ?? 0) + 1);
      }
      for (const a of acked) {
        const row = contacts.get(a.id);
        if (row === undefined) lost += 1;
        else {
          expect(row).toEqual({ id: a.id, first_name: a.firstName, primary_email: a.email });
          expect(emails.get(a.id), `email rows of ${a.id}`).toBe(2);
        }
      }
      // Also the contacts whose 201 never arrived: each is all there or not there at all.
      const all = await database.db.selectFrom('contacts').leftJoin('contact_emails', 'contact_emails.contact_id', 'contacts.id').select(['contacts.id', 'contact_emails.email']).where('contacts.primary_email', 'like', '%@restart.example').execute();
      const perContact = new Map<string, number>();
      for (const row of all) perContact.set(row.id, (perContact.get(row.id) ?? 0) + (row.email === null ? 0 : 1));
      expect([...perContact.values()].filter((n) => n !== 2), 'contacts without both email rows').toEqual([]);
    } finally {
      await database.close();
    }
    expect(lost).toBe(0);

    // The figures for docs/operations-faults.md: statuses per second around the restart.
    const perSecond = new Map<number, Record<string, number>>();
    for (const o of outcomes) {
      const second = Math.floor((o.endedAt - restartAt) / 1000);
      const bucket = perSecond.get(second) ?? {};
      bucket[String(o.status)] = (bucket[String(o.status)] ?? 0) + 1;
      perSecond.set(second, bucket);
    }
    const refused = outcomes.filter((o) => o.status === 503);
    const figures = {
      clients: CLIENTS,
      restart_seconds: (acceptingAt - restartAt) / 1000,
      first_201_after_accepting_ms: firstWriteAfter.startedAt - acceptingAt,
      last_503_after_accepting_ms: refused.length === 0 ? null : Math.max(...refused.map((o) => o.endedAt)) - acceptingAt,
      slowest_503_ms: refused.length === 0 ? null : Math.max(...refused.map((o) => o.endedAt - o.startedAt)),
      acknowledged: acked.length,
      acknowledged_lost: lost,
      statuses_per_second: Object.fromEntries([...perSecond].sort(([a], [b]) => a - b).filter(([s]) => s >= -2 && s <= 8)),
    };
    mkdirSync('test-artifacts/faults', { recursive: true });
    writeFileSync('test-artifacts/faults/postgres-restart.json', `${JSON.stringify(figures, null, 2)}\n`);
    process.stdout.write(`postgres restart figures: ${JSON.stringify(figures)}\n`);
  });
});
