import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { pendingEvent } from '../../src/domain/contact-events.ts';
import { appendInTransaction } from '../../src/storage/event-append.ts';
import { EventSequencer } from '../../src/storage/event-sequencer.ts';
import { SqlEventStore } from '../../src/storage/sql-event-store.ts';
import { SqlWebhookStore } from '../../src/storage/sql-webhook-store.ts';
import { newId } from '../../src/domain/ids.ts';
import { openContactsFixture, type ContactsFixture } from '../helpers/contacts-fixture.ts';
import { describeWhenAvailable } from '../helpers/backends.ts';
import { POSTGRES_MISSING } from '../helpers/databases.ts';

/**
 * Two writers, the first committing after the second. A reader that follows the feed by cursor must
 * receive both: events are numbered after their commit (the sequencer), so the late one is numbered after
 * everything the reader saw. The control case shows the hazard of numbering at write time with a SEQUENCE:
 * the later writer commits the higher number first and the reader skips the lower one for good.
 */
describeWhenAvailable('event sequence under out-of-order commits [postgres]', POSTGRES_MISSING, () => {
  let f: ContactsFixture;
  beforeAll(async () => {
    f = await openContactsFixture('postgres', 'Sequence Org');
  });
  afterAll(async () => f.t.destroy());

  it('a reader following the feed receives a write that committed late: it is numbered after what the reader saw, never below', async () => {
    const { db } = f.t.database;
    const events = new SqlEventStore(f.t.database);
    const a = await f.contacts.create(f.actor, { attributes: { first_name: 'A' } });
    const b = await f.contacts.create(f.actor, { attributes: { first_name: 'B' } });
    let cursor = (await events.bounds(f.actor.organizationId)).lastSequence;
    const seen: Array<[number, string]> = [];
    const read = async () => {
      await events.bounds(f.actor.organizationId);
      const page = await events.after(f.actor.organizationId, cursor, { types: null, recordId: null }, 1000);
      for (const e of page) seen.push([e.sequence, e.recordId]);
      cursor = page.at(-1)?.sequence ?? cursor;
    };

    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let holding!: () => void;
    const held = new Promise<void>((r) => (holding = r));
    // Writer 1: a write of contact a with its event, through the storage code, lingering before COMMIT.
    const first = db.transaction().execute(async (trx) => {
      await trx.updateTable('contacts').set({ title: 'late', version: 2 }).where('organization_id', '=', f.actor.organizationId).where('id', '=', a.id).execute();
      const event = pendingEvent({ organizationId: f.actor.organizationId, type: 'contact.updated', recordId: a.id, version: 2, actor: { userId: f.actor.userId, apiKeyId: null, requestId: null, source: 'SYSTEM' }, occurredAt: new Date().toISOString(), changes: {} });
      await appendInTransaction(trx, 'postgres', [{ event, contact: a, idempotent: null }]);
      holding();
      await released;
    });
    await held;
    // Writer 2 starts later and commits first: an ordinary PATCH of another contact through the real write path.
    await f.contacts.patch(f.actor, b.id, { attributes: { title: 'early' } });
    await read();
    expect(seen).toEqual([[3, b.id]]);
    release();
    await first;
    await read();
    expect(seen).toEqual([[3, b.id], [4, a.id]]);
  });

  it('a webhook subscription starts after every event committed before it, numbered or still queued', async () => {
    const org = f.actor.organizationId;
    // The fixture's store runs no sequencer after its commits: this write's event stays queued.
    await f.contacts.create(f.actor, { attributes: { first_name: 'Queued' } });
    const queued = await f.t.database.db.selectFrom('contact_event_queue').select('queue_id').where('organization_id', '=', org).execute();
    expect(queued.length).toBeGreaterThan(0);
    const now = new Date().toISOString();
    const subscription = await new SqlWebhookStore(f.t.database).createSubscription({
      organizationId: org, id: newId(), url: 'https://example.com/hook', eventTypes: null, attributes: null, description: null, enabled: true, disabledReason: null,
      secret: 'whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0', previousSecret: null, previousSecretExpiresAt: null, failingSince: null, createdAt: now, updatedAt: now,
    });
    expect(subscription.cursorSequence).toBe((await new SqlEventStore(f.t.database).bounds(org)).lastSequence);
    expect(await f.t.database.db.selectFrom('contact_event_queue').select('queue_id').where('organization_id', '=', org).execute()).toEqual([]);
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

  it('a backlog larger than a batch is numbered in several batches, in queue order, none skipped', async () => {
    const { db } = f.t.database;
    const org = f.actor.organizationId;
    await new EventSequencer(f.t.database).sequence(org);
    const events = new SqlEventStore(f.t.database);
    const from = (await events.bounds(org)).lastSequence;
    // The fixture's store runs no sequencer after its commits: these 12 events stay queued.
    const created: string[] = [];
    for (let i = 0; i < 12; i += 1) created.push((await f.contacts.create(f.actor, { attributes: { first_name: `Backlog${i}` } })).id);
    const batches: number[] = [];
    const sequencer = new EventSequencer(f.t.database, { committed: () => batches.push(1) }, undefined, undefined, 5);
    await sequencer.sequence(org);
    expect(batches).toHaveLength(3);
    expect(Number((await sql<{ n: string }>`select count(*) as n from contact_event_queue where organization_id = ${org}`.execute(db)).rows[0]?.n)).toBe(0);
    const page = await events.after(org, from, { types: null, recordId: null }, 100);
    expect(page.map((e) => e.recordId)).toEqual(created);
    expect(page.map((e) => e.sequence)).toEqual(created.map((_, i) => from + 1 + i));
    await sequencer.close();
  });

  it('the sequencer vacuums the queue after every so many events it moved (its rows die at once; autovacuum may be off or lag)', async () => {
    const { db } = f.t.database;
    const vacuums = async () => Number((await sql<{ n: string }>`select vacuum_count as n from pg_stat_user_tables where relid = 'contact_event_queue'::regclass`.execute(db)).rows[0]?.n ?? 0);
    const org = f.actor.organizationId;
    // Number what the tests above left queued, with a sequencer of its own.
    await new EventSequencer(f.t.database).sequence(org);
    const errors: unknown[] = [];
    const sequencer = new EventSequencer(f.t.database, null, (error) => errors.push(error), 12);
    const before = await vacuums();
    const writes = async (n: number) => {
      for (let i = 0; i < n; i += 1) await f.contacts.create(f.actor, { attributes: { first_name: `Vac${i}` } });
      await sequencer.sequence(org);
    };
    // 8 moved: fewer than 12, no vacuum.
    await writes(8);
    expect(await vacuums()).toBe(before);
    // 16 moved since: one vacuum, in the background (close waits for it).
    await writes(8);
    await sequencer.close();
    await vi.waitFor(async () => expect(await vacuums()).toBe(before + 1), { timeout: 5_000, interval: 50 });
    expect(errors).toEqual([]);
    expect(Number((await sql<{ n: string }>`select count(*) as n from contact_event_queue`.execute(db)).rows[0]?.n)).toBe(0);
  });
});
