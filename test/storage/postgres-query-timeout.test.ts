import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.ts';
import { migrate } from '../../src/storage/database.ts';
import { describeWhenAvailable } from '../helpers/backends.ts';
import { openTestDatabase, POSTGRES_MISSING, POSTGRES_URL, type TestDatabase } from '../helpers/databases.ts';

const LIMIT_MS = 300;

/** PG_QUERY_TIMEOUT_MS: a query left unanswered past the limit fails as a 503 and its connection is closed (PostgreSQL only). */
describeWhenAvailable('PostgreSQL query limit', POSTGRES_MISSING, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase('postgres', { databaseOptions: { queryTimeoutMs: LIMIT_MS, poolMax: 2 } });
  });
  afterAll(async () => t?.destroy());

  const expectTimedOut = async (run: () => Promise<unknown>) => {
    const error = await run().then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('service_unavailable');
    expect((error as AppError).message).toContain(`did not answer within ${LIMIT_MS} ms`);
  };

  it('a statement through Kysely, a prepared statement and a statement in a transaction each fail as 503 past the limit', async () => {
    const { db, profile } = t.database;
    await expectTimedOut(() => sql`select pg_sleep(3)`.execute(db));
    await expectTimedOut(() => profile.prepare('select pg_sleep(3)')([]));
    await expectTimedOut(() => db.transaction().execute(async (trx) => sql`select pg_sleep(3)`.execute(trx)));
  });

  it('the timed-out connections are closed, not handed out again: with a pool of two, the next queries run at once', async () => {
    const { db, profile } = t.database;
    await Promise.all([expectTimedOut(() => sql`select pg_sleep(3)`.execute(db)), expectTimedOut(() => sql`select pg_sleep(3)`.execute(db))]);
    // Were the two connections returned busy with their sleeps, these would wait for them and time out too.
    const rows = await Promise.all([sql<{ one: number }>`select 1 as one`.execute(db), sql<{ one: number }>`select 1 as one`.execute(db)]);
    expect(rows.map((r) => r.rows[0]?.one)).toEqual([1, 1]);
    expect(profile.poolStats?.().total).toBeLessThanOrEqual(2);
  });

  it('a timed-out statement is cancelled on the server too: no sleep left running, no lock wait left holding its transaction', async () => {
    const { db } = t.database;
    const tag = `cancel_probe_${process.pid}_${Date.now()}`;
    // What the server is still running of ours, seen from a connection outside the pool.
    const watcher = new pg.Client({ connectionString: POSTGRES_URL ?? undefined });
    await watcher.connect();
    // Holds the lock the second statement waits for (a connection of its own: pg_stat_activity is read once per transaction).
    const holder = new pg.Client({ connectionString: POSTGRES_URL ?? undefined });
    await holder.connect();
    const running = async () => Number((await watcher.query<{ n: string }>(`select count(*) as n from pg_stat_activity where state = 'active' and query like $1 and pid <> pg_backend_pid()`, [`%${tag}%`])).rows[0]?.n);
    const gone = async () => {
      for (let i = 0; i < 50 && (await running()) > 0; i += 1) await new Promise((r) => setTimeout(r, 100));
      return running();
    };
    try {
      await expectTimedOut(() => sql.raw(`select pg_sleep(30) as ${tag}`).execute(db));
      expect(await gone()).toBe(0);

      await sql`create table if not exists lock_probe (id int primary key)`.execute(db);
      await sql`insert into lock_probe values (1) on conflict do nothing`.execute(db);
      await holder.query(`set search_path = ${new URL(t.url).searchParams.get('schema') ?? 'public'}`);
      await holder.query('begin');
      await holder.query('select * from lock_probe where id = 1 for update');
      // The waiter takes a row lock of its own first: a waiter left on the server would keep it.
      await sql`insert into lock_probe values (2) on conflict do nothing`.execute(db);
      await expectTimedOut(() => db.transaction().execute(async (trx) => {
        await sql`select * from lock_probe where id = 2 for update`.execute(trx);
        await sql.raw(`select id as ${tag} from lock_probe where id = 1 for update`).execute(trx);
      }));
      expect(await gone()).toBe(0);
      // Its transaction is over on the server: the row it had locked is free while the holder still holds its own.
      await holder.query(`set local lock_timeout = 1000`);
      await expect(holder.query('select * from lock_probe where id = 2 for update')).resolves.toBeDefined();
      await holder.query('rollback');
    } finally {
      await holder.end();
      await watcher.end();
    }
  });

  it('a statement the server cancels itself (statement_timeout, lock_timeout set for the role) fails as 503', async () => {
    const { db } = t.database;
    const cancelled = await db.transaction().execute(async (trx) => {
      await sql`set local statement_timeout = 50`.execute(trx);
      await sql`select pg_sleep(0.25)`.execute(trx);
    }).then(() => null, (e: unknown) => e);
    expect(cancelled).toBeInstanceOf(AppError);
    expect((cancelled as AppError).code).toBe('service_unavailable');
    // lock_timeout: a row lock another transaction holds.
    await sql`create table if not exists lock_probe (id int primary key)`.execute(db);
    await sql`insert into lock_probe values (1) on conflict do nothing`.execute(db);
    const refused = await db.transaction().execute(async (holder) => {
      await sql`select * from lock_probe where id = 1 for update`.execute(holder);
      return db.transaction().execute(async (waiter) => {
        await sql`set local lock_timeout = 50`.execute(waiter);
        await sql`select * from lock_probe where id = 1 for update`.execute(waiter);
      }).then(() => null, (e: unknown) => e);
    });
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('service_unavailable');
  });

  it('queries under the limit and a readiness ping with a limit of its own run as usual', async () => {
    const { db } = t.database;
    const { rows } = await sql<{ slept: string }>`select pg_sleep(0.05)::text as slept`.execute(db);
    expect(rows).toHaveLength(1);
    // (A ping past its limit is tested against a stopped server in test/faults/postgres-stall.test.ts.)
    await expect(t.database.ping(2000)).resolves.toBeUndefined();
  });

  it('migrations and withoutQueryTimeout have no limit: an index build may take as long as it takes', async () => {
    const { db, profile } = t.database;
    const { rows } = await (profile.withoutQueryTimeout as NonNullable<typeof profile.withoutQueryTimeout>)(() => sql<{ ok: number }>`select 1 as ok from pg_sleep(0.6)`.execute(db));
    expect(rows).toEqual([{ ok: 1 }]);
    // A second migrate on a migrated schema runs Kysely's migration bookkeeping only; it must not be cut short either.
    await expect(migrate(t.database)).resolves.toEqual([]);
    // And the limit applies again afterwards.
    await expectTimedOut(() => sql`select pg_sleep(3)`.execute(db));
  });
});
