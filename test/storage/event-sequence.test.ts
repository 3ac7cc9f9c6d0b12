import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pendingEvent } from '../../src/domain/contact-events.ts';
import type { Schema } from '../../src/storage/schema.ts';
import { appendInTransaction } from '../../src/storage/event-append.ts';
import { SqlEventStore } from '../../src/storage/sql-event-store.ts';
import { openContactsFixture, type ContactsFixture } from '../helpers/contacts-fixture.ts';
import { POSTGRES_URL } from '../helpers/databases.ts';

/** Resolves once some backend waits on a lock held by pid; fails after a bound (it never started waiting). */
async function untilBlockedBy(db: Kysely<Schema>, pid: number): Promise<void> {
  for (let i = 0; i < 400; i += 1) {
    const { rows } = await sql<{ n: string }>`select count(*) as n from pg_stat_activity where ${pid} = any(pg_blocking_pids(pid))`.execute(db);
    if (Number(rows[0]?.n) > 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no transaction ever waited on backend ${pid}: the second writer took a sequence without waiting for the first to commit`);
}

/**
 * Two writers, the one with the lower sequence committing later. A reader that follows the feed by cursor
 * must still receive both: with the counter row, the second writer cannot even take its number before the
 * first commits. The control case shows the hazard with numbers from a PostgreSQL SEQUENCE.
 */
describe.skipIf(POSTGRES_URL === null)('event sequence under out-of-order commits [postgres]', () => {
  let f: ContactsFixture;
  beforeAll(async () => {
    f = await openContactsFixture('postgres', 'Sequence Org');
  });
  afterAll(async () => f.t.destroy());

  it('a reader following the feed receives the late-committing lower sequence: the second writer waits on the counter row', async () => {
    const { db } = f.t.database;
    const events = new SqlEventStore(f.t.database);
    const a = await f.contacts.create(f.actor, { attributes: { first_name: 'A' } });
    const b = await f.contacts.create(f.actor, { attributes: { first_name: 'B' } });
    let cursor = (await events.bounds(f.actor.organizationId)).lastSequence;
    const seen: number[] = [];
    const read = async () => {
      const page = await events.after(f.actor.organizationId, cursor, { types: null, recordId: null }, 1000);
      for (const e of page) seen.push(e.sequence);
      cursor = page.at(-1)?.sequence ?? cursor;
    };

    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let firstPid!: number;
    let firstSequence!: number;
    let holding!: () => void;
    const held = new Promise<void>((r) => (holding = r));
    // Writer 1: a write of contact a, its sequence taken by the storage code, then it lingers before COMMIT.
    const first = db.transaction().execute(async (trx) => {
      firstPid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0]!.pid;
      await trx.updateTable('contacts').set({ title: 'late' }).where('organization_id', '=', f.actor.organizationId).where('id', '=', a.id).execute();
      const event = pendingEvent({ organizationId: f.actor.organizationId, type: 'contact.updated', recordId: a.id, version: 2, actor: { userId: f.actor.userId, apiKeyId: null, requestId: null, source: 'SYSTEM' }, occurredAt: new Date().toISOString(), changes: {} });
      firstSequence = await appendInTransaction(trx, 'postgres', [{ event, contact: a, idempotent: null }]);
      holding();
      await released;
    });
    await held;
    // Writer 2: an ordinary PATCH of another contact through the real write path.
    const second = f.contacts.patch(f.actor, b.id, { attributes: { title: 'early' } });
    await untilBlockedBy(db, firstPid);
    await read();
    expect(seen).toEqual([]);
    release();
    await first;
    await second;
    await read();
    expect(seen).toEqual([firstSequence, firstSequence + 1]);
  });

  it('control: numbers from a SEQUENCE let the second writer commit first, and a reader skips the late event for good', async () => {
    const { db } = f.t.database;
    await sql`create sequence naive_seq`.execute(db);
    await sql`create table naive_events (sequence bigint primary key)`.execute(db);
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let holding!: () => void;
    const held = new Promise<void>((r) => (holding = r));
    const first = db.transaction().execute(async (trx) => {
      await sql`insert into naive_events select nextval('naive_seq')`.execute(trx);
      holding();
      await released;
    });
    await held;
    await sql`insert into naive_events select nextval('naive_seq')`.execute(db);
    const read = async (after: number) => (await sql<{ sequence: string }>`select sequence from naive_events where sequence > ${after} order by sequence`.execute(db)).rows.map((r) => Number(r.sequence));
    const page1 = await read(0);
    expect(page1).toEqual([2]);
    release();
    await first;
    expect(await read(2)).toEqual([]);
    expect(await read(0)).toEqual([1, 2]);
  });
});
