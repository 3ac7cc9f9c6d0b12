import { afterAll, beforeAll, expect, it } from 'vitest';
import { Contacts } from '../../src/domain/contacts.ts';
import { AppError } from '../../src/domain/errors.ts';
import { Events } from '../../src/domain/events.ts';
import { startEventRetention } from '../../src/jobs/event-retention.ts';
import { DatabaseEventSignal } from '../../src/storage/event-signal.ts';
import { SqlEventStore, uuidv7Floor } from '../../src/storage/sql-event-store.ts';
import { newId } from '../../src/domain/ids.ts';
import { openContactsFixture, type ContactsFixture } from '../helpers/contacts-fixture.ts';
import { describeEachDialect } from '../helpers/databases.ts';

const DAY = 86_400_000;

describeEachDialect('event retention', (dialect) => {
  let f: ContactsFixture;
  beforeAll(async () => {
    f = await openContactsFixture(dialect, 'Retention Org');
  });
  afterAll(async () => f.t.destroy());

  it('the job deletes events older than the retention, oldest first, and cursors before them expire', async () => {
    const old = new Contacts(f.store, { defaultPhoneRegion: 'US', cursorSecret: 'test-secret-test-secret' }, () => new Date(Date.now() - 40 * DAY).toISOString());
    for (const name of ['Old1', 'Old2', 'Old3']) await old.create(f.actor, { attributes: { first_name: name } });
    const fresh = await f.contacts.create(f.actor, { attributes: { first_name: 'Fresh' } });
    const store = new SqlEventStore(f.t.database);
    const signal = new DatabaseEventSignal(f.t.database);
    const events = new Events(store, signal, f.store, { cursorSecret: 'test-secret-test-secret' });
    const before = await events.feed(f.actor, { limit: 1 }, new AbortController().signal);
    expect(before.events.map((e) => e.sequence)).toEqual([1]);

    const job = startEventRetention({ store, retentionDays: 30, intervalMs: 3_600_000 });
    expect(await job.runOnce()).toBeGreaterThanOrEqual(0);
    await job.stop();
    expect(await store.bounds(f.actor.organizationId)).toEqual({ lastSequence: 4, purgedThrough: 3 });
    const rest = await events.feed(f.actor, {}, new AbortController().signal);
    expect(rest.events.map((e) => [e.sequence, e.recordId])).toEqual([[4, fresh.id]]);
    const expired = await events.feed(f.actor, { cursor: before.nextCursor }, new AbortController().signal).catch((error: unknown) => error);
    expect(expired).toBeInstanceOf(AppError);
    expect((expired as AppError).code).toBe('cursor_expired');
    await signal.close();
  });

  it('the deliveries log keeps as long as the change log: delivered and failed deliveries made before the cutoff go, pending ones and newer ones stay', async () => {
    const { db } = f.t.database;
    const org = f.actor.organizationId;
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY);
    // An id made at that time: the time-ordered UUIDv7 floor of the millisecond with random low bits.
    const idAt = (when: Date) => `${uuidv7Floor(when.getTime()).slice(0, 24)}${newId().slice(24)}`;
    const subscription = newId();
    const rows = [
      ['old delivered', 40, 'delivered'], ['old failed', 31, 'failed'], ['old pending', 40, 'pending'], ['old test ping', 35, 'delivered'],
      ['new delivered', 29, 'delivered'], ['new failed', 1, 'failed'],
    ] as const;
    for (const [label, daysAgo, status] of rows) {
      await db.insertInto('webhook_deliveries').values({
        organization_id: org, id: idAt(at(daysAgo)), subscription_id: subscription, event_id: newId(), event_sequence: label === 'old test ping' ? null : 1, record_id: null,
        payload: null, status, attempts: 1, next_attempt_at: status === 'pending' ? at(0).toISOString() : null, last_attempt_at: null, last_status_code: null,
        last_error: label, claimed_until: null, claim_token: null, created_at: at(daysAgo).toISOString(),
      }).execute();
    }
    await new SqlEventStore(f.t.database).purgeOlderThan(at(30).toISOString());
    const left = await db.selectFrom('webhook_deliveries').select('last_error').where('organization_id', '=', org).where('subscription_id', '=', subscription).orderBy('id').execute();
    expect(left.map((r) => r.last_error)).toEqual(['old pending', 'new delivered', 'new failed']);
  });
});
