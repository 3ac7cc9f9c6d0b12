import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContact, detailsOf, patchContact, uniqueEmail } from '../helpers/contacts.ts';
import { describeEachDialect } from '../helpers/databases.ts';
import { SqlEventStore } from '../../src/storage/sql-event-store.ts';
import { createTestApp, type TestApp, type TestOrg } from '../helpers/test-app.ts';

interface WireEvent {
  id: string;
  sequence: number;
  type: string;
  occurred_at: string;
  record_type: string;
  record_id: string;
  version: number;
  actor: { user_id: string | null; api_key_id: string | null };
  source: string;
  request_id: string | null;
  changes: Record<string, { previous: unknown; current: unknown }>;
}

interface EventPage {
  data: WireEvent[];
  next_cursor: string;
}

describeEachDialect('change events: one per write, in the feed', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  const feed = async (body: Record<string, unknown> = {}, key?: string): Promise<EventPage> => {
    const res = await t.request({ method: 'POST', url: '/api/v2/event/_query', body, key });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as EventPage;
  };
  const eventsOf = async (recordId: string): Promise<WireEvent[]> => (await feed({ record_id: recordId, limit: 1000 })).data;

  describe('what each write appends', () => {
    it('201 create appends contact.created: each set attribute with previous null, the actor, source API and the request id', async () => {
      const res = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: 'Ada', title: 'CTO' } } });
      expect(res.statusCode).toBe(201);
      const id = res.json().data.id as string;
      const [event, ...rest] = await eventsOf(id);
      expect(rest).toEqual([]);
      expect(event).toMatchObject({ type: 'contact.created', record_type: 'contact', record_id: id, version: 1, source: 'API', request_id: res.headers['x-request-id'], actor: { user_id: t.org.userId } });
      expect(event!.actor.api_key_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(event!.changes.first_name).toEqual({ previous: null, current: { value: 'Ada', value_type: 'string' } });
      expect(event!.changes.title).toEqual({ previous: null, current: { value: 'CTO', value_type: 'string' } });
      // The stage renders as a GET renders it; derived and identity attributes are never named; unset ones neither.
      expect((event!.changes.stage?.current as { value: { api_name: string } }).value.api_name).toBe('new');
      for (const name of ['display_name', 'updated_at', 'updated_by_user_id', 'id', 'created_at', 'last_name', 'contact_emails']) expect(event!.changes).not.toHaveProperty(name);
    });

    it('200 PATCH appends contact.updated naming exactly the changed attributes with both envelopes; an unchanged value gives changes {} and still bumps the version', async () => {
      const contact = await createContact(t, { title: 'CTO' });
      expect((await patchContact(t, contact.id, { title: 'CEO', last_name: 'Person' })).statusCode).toBe(200);
      expect((await patchContact(t, contact.id, { title: 'CEO' })).statusCode).toBe(200);
      const [, updated, same] = await eventsOf(contact.id);
      expect(updated).toMatchObject({ type: 'contact.updated', version: 2 });
      expect(updated!.changes).toEqual({ title: { previous: { value: 'CTO', value_type: 'string' }, current: { value: 'CEO', value_type: 'string' } } });
      expect(same).toMatchObject({ type: 'contact.updated', version: 3, changes: {} });
    });

    it('lists change as arrays of envelopes; sub-resource writes, archive and _assert each append one event', async () => {
      const email = uniqueEmail('ev');
      const contact = await createContact(t);
      const added = await t.request({ method: 'POST', url: `/api/v2/contact/${contact.id}/attribute/contact_emails`, body: { email } });
      expect(added.statusCode).toBe(201);
      const asserted = await t.request({ method: 'POST', url: '/api/v2/contact/_assert', body: { match: { primary_email: email }, attributes: { department: 'R&D' } } });
      expect(asserted.statusCode).toBe(200);
      expect((await t.request({ method: 'DELETE', url: `/api/v2/contact/${contact.id}` })).statusCode).toBe(204);
      const events = await eventsOf(contact.id);
      expect(events.map((e) => [e.type, e.version])).toEqual([['contact.created', 1], ['contact.updated', 2], ['contact.updated', 3], ['contact.archived', 4]]);
      const emails = events[1]!.changes.contact_emails!;
      expect(emails.previous).toEqual([]);
      expect(emails.current).toEqual([{ value: { id: added.json().data.id, email, is_primary: true, labels: [] }, value_type: 'contact_email' }]);
      expect(events[1]!.changes.primary_email).toEqual({ previous: { value: null, value_type: 'email' }, current: { value: email, value_type: 'email' } });
      expect(Object.keys(events[2]!.changes)).toEqual(['department']);
      expect(Object.keys(events[3]!.changes).sort()).toEqual(['archived_at', 'archived_by_user_id']);
    });

    it('changing and removing a sub-resource item each append one contact.updated with the whole list before and after', async () => {
      const [first, second] = [uniqueEmail('ev1'), uniqueEmail('ev2')];
      const contact = await createContact(t);
      const itemUrl = (list: string, itemId?: string) => `/api/v2/contact/${contact.id}/attribute/${list}${itemId === undefined ? '' : `/${itemId}`}`;
      const a = (await t.request({ method: 'POST', url: itemUrl('contact_emails'), body: { email: first } })).json().data.id as string;
      const b = (await t.request({ method: 'POST', url: itemUrl('contact_emails'), body: { email: second, labels: ['PERSONAL'] } })).json().data.id as string;
      const phone = await t.request({ method: 'POST', url: itemUrl('contact_phone_numbers'), body: { phone_number: '+14155550123' } });
      expect(phone.statusCode, phone.body).toBe(201);
      const changed = await t.request({ method: 'PATCH', url: itemUrl('contact_emails', b), body: { is_primary: true, labels: ['WORK'] } });
      expect(changed.statusCode, changed.body).toBe(200);
      expect((await t.request({ method: 'DELETE', url: itemUrl('contact_emails', a) })).statusCode).toBe(204);
      expect((await t.request({ method: 'DELETE', url: itemUrl('contact_phone_numbers', phone.json().data.id as string) })).statusCode).toBe(204);

      const events = await eventsOf(contact.id);
      expect(events.map((e) => [e.type, e.version])).toEqual([1, 2, 3, 4, 5, 6, 7].map((v) => [v === 1 ? 'contact.created' : 'contact.updated', v]));
      const envelope = (id: string, email: string, primary: boolean, labels: string[]) => ({ value: { id, email, is_primary: primary, labels }, value_type: 'contact_email' });
      // The item's change: the list before and after, and primary_email, which followed the new primary.
      const change = events[4]!;
      expect(Object.keys(change.changes).sort()).toEqual(['contact_emails', 'primary_email']);
      expect(change.changes.contact_emails).toEqual({
        previous: [envelope(a, first, true, []), envelope(b, second, false, ['PERSONAL'])],
        current: [envelope(a, first, false, []), envelope(b, second, true, ['WORK'])],
      });
      expect(change.changes.primary_email).toEqual({ previous: { value: first, value_type: 'email' }, current: { value: second, value_type: 'email' } });
      // The removal of a secondary: only the list changed.
      expect(events[5]!.changes).toEqual({ contact_emails: { previous: [envelope(a, first, false, []), envelope(b, second, true, ['WORK'])], current: [envelope(b, second, true, ['WORK'])] } });
      // The removal of the only phone: the list emptied and primary_phone_number cleared.
      const phoneRemoved = events[6]!;
      expect(Object.keys(phoneRemoved.changes).sort()).toEqual(['contact_phone_numbers', 'primary_phone_number']);
      expect(phoneRemoved.changes.contact_phone_numbers!.current).toEqual([]);
      expect(phoneRemoved.changes.primary_phone_number!.current).toEqual({ value: null, value_type: 'phone_number' });
    });

    it('no event for a write that fails: 422, 409 and 412 append nothing', async () => {
      const contact = await createContact(t);
      expect((await patchContact(t, contact.id, { display_name: 'x' })).statusCode).toBe(422);
      expect((await patchContact(t, contact.id, { title: 'x' }, { 'if-match': 'W/"9"' })).statusCode).toBe(412);
      expect((await eventsOf(contact.id)).map((e) => e.type)).toEqual(['contact.created']);
    });
  });

  describe('the feed', () => {
    it('200 pages in sequence order with types and record_id filters; next_cursor continues and is never null; "now" starts after the newest', async () => {
      const org = await t.newOrg('Feed Org');
      const a = await createContact(t, {}, org.key);
      const b = await createContact(t, {}, org.key);
      await patchContact(t, a.id, { title: 'one' }, {}, org.key);
      const all = await feed({}, org.key);
      expect(all.data.map((e) => [e.sequence, e.type, e.record_id])).toEqual([[1, 'contact.created', a.id], [2, 'contact.created', b.id], [3, 'contact.updated', a.id]]);
      const first = await feed({ limit: 2 }, org.key);
      expect(first.data.map((e) => e.sequence)).toEqual([1, 2]);
      const second = await feed({ limit: 2, cursor: first.next_cursor }, org.key);
      expect(second.data.map((e) => e.sequence)).toEqual([3]);
      const empty = await feed({ cursor: second.next_cursor }, org.key);
      expect(empty.data).toEqual([]);
      expect(typeof empty.next_cursor).toBe('string');
      expect((await feed({ types: ['contact.updated'] }, org.key)).data.map((e) => e.sequence)).toEqual([3]);
      expect((await feed({ record_id: b.id }, org.key)).data.map((e) => e.sequence)).toEqual([2]);
      const now = await feed({ cursor: 'now' }, org.key);
      expect(now.data).toEqual([]);
      await patchContact(t, b.id, { title: 'two' }, {}, org.key);
      expect((await feed({ cursor: now.next_cursor }, org.key)).data.map((e) => e.sequence)).toEqual([4]);
      // Another organization's events never show.
      expect((await feed({ record_id: a.id })).data).toEqual([]);
    });

    it('422 for unknown types, a malformed or foreign cursor, limit and wait_seconds out of range, unknown members', async () => {
      const other = await t.newOrg('Foreign');
      const foreign = (await feed({}, other.key)).next_cursor;
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ types: ['contact.deleted'] }, 'field_value_invalid'],
        [{ types: [] }, 'field_value_invalid'],
        [{ cursor: 'not-a-cursor' }, 'invalid_cursor'],
        [{ cursor: foreign }, 'invalid_cursor'],
        [{ cursor: 42 }, 'invalid_cursor'],
        [{ limit: 0 }, 'limit_exceeded'],
        [{ limit: 1001 }, 'limit_exceeded'],
        [{ limit: 1.5 }, 'field_value_invalid'],
        [{ wait_seconds: 31 }, 'limit_exceeded'],
        [{ wait_seconds: -1 }, 'limit_exceeded'],
        [{ record_id: 'nope' }, 'field_value_invalid'],
        [{ since: 1 }, 'unknown_field'],
      ];
      for (const [body, code] of cases) {
        const res = await t.request({ method: 'POST', url: '/api/v2/event/_query', body });
        expect(res.statusCode, JSON.stringify(body)).toBe(422);
        expect(detailsOf(res).map((d) => d.code), JSON.stringify(body)).toEqual([code]);
      }
    });

    it('410 cursor_expired for a cursor older than the oldest retained event; without a cursor the feed starts at the oldest retained one', async () => {
      const org = await t.newOrg('Expired');
      await createContact(t, {}, org.key);
      const { next_cursor } = await feed({ cursor: 'now' }, org.key);
      const early = (await feed({ limit: 1 }, org.key)).next_cursor;
      const later = await createContact(t, {}, org.key);
      // Retention with a cutoff in the future deletes everything, as EVENT_RETENTION_DAYS does to old events.
      await new SqlEventStore(t.db.database).purgeOlderThan(new Date(Date.now() + 60_000).toISOString());
      const res = await t.request({ method: 'POST', url: '/api/v2/event/_query', body: { cursor: early }, key: org.key });
      expect(res.statusCode).toBe(410);
      expect(res.json().error.code).toBe('cursor_expired');
      expect((await t.request({ method: 'POST', url: '/api/v2/event/_query', body: { cursor: next_cursor }, key: org.key })).statusCode).toBe(410);
      const after = await createContact(t, {}, org.key);
      expect((await feed({}, org.key)).data.map((e) => e.record_id)).toEqual([after.id]);
      expect(later.id).not.toBe(after.id);
    });

    it('200 long poll answers with the event that commits while it waits', async () => {
      const org = await t.newOrg('Long Poll');
      const { next_cursor } = await feed({ cursor: 'now' }, org.key);
      const waiting = t.request({ method: 'POST', url: '/api/v2/event/_query', body: { cursor: next_cursor, wait_seconds: 20 }, key: org.key });
      while (t.app.openEventWaits() === 0) await new Promise((r) => setTimeout(r, 5));
      const contact = await createContact(t, {}, org.key);
      const res = await waiting;
      expect(res.statusCode).toBe(200);
      expect((res.json() as EventPage).data.map((e) => e.record_id)).toEqual([contact.id]);
      expect(t.app.openEventWaits()).toBe(0);
    });

    it('200 with no events when wait_seconds passes with nothing new', async () => {
      const org = await t.newOrg('Quiet');
      const res = await t.request({ method: 'POST', url: '/api/v2/event/_query', body: { cursor: 'now', wait_seconds: 0.2 }, key: org.key });
      expect(res.statusCode).toBe(200);
      expect((res.json() as EventPage).data).toEqual([]);
    });

    it('a long poll skips events its filter excludes and keeps waiting for a match', async () => {
      const org = await t.newOrg('Filtered Poll');
      const contact = await createContact(t, {}, org.key);
      const waiting = t.request({ method: 'POST', url: '/api/v2/event/_query', body: { cursor: 'now', types: ['contact.archived'], wait_seconds: 20 }, key: org.key });
      while (t.app.openEventWaits() === 0) await new Promise((r) => setTimeout(r, 5));
      await patchContact(t, contact.id, { title: 'not archived yet' }, {}, org.key);
      await t.request({ method: 'DELETE', url: `/api/v2/contact/${contact.id}`, key: org.key });
      const res = await waiting;
      expect((res.json() as EventPage).data.map((e) => e.type)).toEqual(['contact.archived']);
    });
  });

  describe('history', () => {
    it('200 newest first, attribute= keeps the events that changed it, cursor pages; archived contacts keep it', async () => {
      const contact = await createContact(t, { title: 'A' });
      for (const title of ['B', 'C']) await patchContact(t, contact.id, { title });
      await patchContact(t, contact.id, { department: 'Ops' });
      await t.request({ method: 'DELETE', url: `/api/v2/contact/${contact.id}` });
      const all = await t.request({ method: 'GET', url: `/api/v2/contact/${contact.id}/history` });
      expect(all.statusCode).toBe(200);
      expect((all.json() as EventPage).data.map((e) => e.version)).toEqual([5, 4, 3, 2, 1]);
      const page1 = await t.request({ method: 'GET', url: `/api/v2/contact/${contact.id}/history?attribute=title&limit=2` });
      const body1 = page1.json() as { data: WireEvent[]; next_cursor: string };
      expect(body1.data.map((e) => (e.changes.title!.current as { value: string }).value)).toEqual(['C', 'B']);
      const page2 = await t.request({ method: 'GET', url: `/api/v2/contact/${contact.id}/history?attribute=title&limit=2&cursor=${encodeURIComponent(body1.next_cursor)}` });
      const body2 = page2.json() as { data: WireEvent[]; next_cursor: string | null };
      expect(body2.data.map((e) => e.version)).toEqual([1]);
      expect(body2.next_cursor).toBeNull();
    });

    it('422 for an unknown or unrecorded attribute, a bad limit or a cursor of another attribute; 404 for another organization\'s contact', async () => {
      const contact = await createContact(t);
      for (const p of ['attribute=nope', 'attribute=display_name', 'limit=0', 'limit=x', 'cursor=garbage']) {
        const res = await t.request({ method: 'GET', url: `/api/v2/contact/${contact.id}/history?${p}` });
        expect(res.statusCode, p).toBe(422);
      }
      // A misspelt parameter is refused, not ignored (which answered every event, as if no attribute were named).
      const typo = await t.request({ method: 'GET', url: `/api/v2/contact/${contact.id}/history?atribute=title` });
      expect(typo.statusCode).toBe(422);
      expect(typo.json().error.details).toEqual([expect.objectContaining({ code: 'unknown_field', field: 'atribute' })]);
      await patchContact(t, contact.id, { title: 'x' });
      await patchContact(t, contact.id, { title: 'y' });
      const { next_cursor } = (await t.request({ method: 'GET', url: `/api/v2/contact/${contact.id}/history?limit=1` })).json() as { next_cursor: string };
      const mixed = await t.request({ method: 'GET', url: `/api/v2/contact/${contact.id}/history?attribute=title&cursor=${encodeURIComponent(next_cursor)}` });
      expect(detailsOf(mixed).map((d) => d.code)).toEqual(['invalid_cursor']);
      const other = await t.newOrg('History Other');
      expect((await t.request({ method: 'GET', url: `/api/v2/contact/${contact.id}/history`, key: other.key })).statusCode).toBe(404);
      expect((await t.request({ method: 'GET', url: '/api/v2/contact/not-a-uuid/history' })).statusCode).toBe(404);
    });
  });

  describe('restore', () => {
    it('200 restores an archived contact: archived_at and archived_by_user_id cleared, version bumped, contact.restored appended', async () => {
      const contact = await createContact(t);
      await t.request({ method: 'DELETE', url: `/api/v2/contact/${contact.id}` });
      const res = await t.request({ method: 'POST', url: `/api/v2/contact/${contact.id}/_restore` });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers.etag).toBe('W/"3"');
      expect(res.json().data.attributes.archived_at.value).toBeNull();
      expect(res.json().data.attributes.archived_by_user_id.value).toBeNull();
      expect((await patchContact(t, contact.id, { title: 'live again' })).statusCode).toBe(200);
      const events = await eventsOf(contact.id);
      expect(events[2]).toMatchObject({ type: 'contact.restored', version: 3 });
      expect(Object.keys(events[2]!.changes).sort()).toEqual(['archived_at', 'archived_by_user_id']);
    });

    it('409 record_not_archived for a live contact; 409 duplicate_value when its email now belongs to another live contact; 404 for another organization', async () => {
      const live = await createContact(t);
      const notArchived = await t.request({ method: 'POST', url: `/api/v2/contact/${live.id}/_restore` });
      expect(notArchived.statusCode).toBe(409);
      expect(notArchived.json().error.code).toBe('record_not_archived');
      const email = uniqueEmail('restore');
      const old = await createContact(t, { primary_email: email });
      await t.request({ method: 'DELETE', url: `/api/v2/contact/${old.id}` });
      const successor = await createContact(t, { primary_email: email });
      const taken = await t.request({ method: 'POST', url: `/api/v2/contact/${old.id}/_restore` });
      expect(taken.statusCode).toBe(409);
      expect(taken.json().error.code).toBe('duplicate_value');
      expect(taken.json().error.details[0].existing_contact_id).toBe(successor.id);
      const other: TestOrg = await t.newOrg('Restore Other');
      expect((await t.request({ method: 'POST', url: `/api/v2/contact/${old.id}/_restore`, key: other.key })).statusCode).toBe(404);
    });
  });
  describe('purge', () => {
    it('409 record_not_archived for a live contact; 404 for another organization', async () => {
      const live = await createContact(t);
      const res = await t.request({ method: 'POST', url: `/api/v2/contact/${live.id}/_purge` });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('record_not_archived');
      await t.request({ method: 'DELETE', url: `/api/v2/contact/${live.id}` });
      const other = await t.newOrg('Purge Other');
      expect((await t.request({ method: 'POST', url: `/api/v2/contact/${live.id}/_purge`, key: other.key })).statusCode).toBe(404);
    });

    it('204, and afterwards none of its values is readable: GET, history, _query, the feed, idempotent replays, and no stored row holds them', async () => {
      const marker = `Zebulon${randomUUID().slice(0, 8)}`;
      const email = uniqueEmail(marker.toLowerCase());
      const created = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: marker, primary_email: email } }, headers: { 'idempotency-key': randomUUID() } });
      expect(created.statusCode).toBe(201);
      const id = created.json().data.id as string;
      const patchKey = randomUUID();
      expect((await patchContact(t, id, { title: `${marker}-title` }, { 'idempotency-key': patchKey })).statusCode).toBe(200);
      await t.request({ method: 'POST', url: `/api/v2/contact/${id}/attribute/contact_phone_numbers`, body: { phone_number: '+14155550123' } });
      expect((await t.request({ method: 'DELETE', url: `/api/v2/contact/${id}` })).statusCode).toBe(204);
      const purged = await t.request({ method: 'POST', url: `/api/v2/contact/${id}/_purge` });
      expect(purged.statusCode, purged.body).toBe(204);

      expect((await t.request({ method: 'GET', url: `/api/v2/contact/${id}` })).statusCode).toBe(404);
      expect((await t.request({ method: 'GET', url: `/api/v2/contact/${id}/history` })).statusCode).toBe(404);
      const queried = await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: { filters: [{ field: 'archived_at', operator: 'exists' }], limit: 500 } });
      expect(queried.body).not.toContain(marker);
      const events = await eventsOf(id);
      expect(events.map((e) => e.type)).toEqual(['contact.created', 'contact.updated', 'contact.updated', 'contact.archived', 'contact.purged']);
      expect(events.map((e) => e.version)).toEqual([1, 2, 3, 4, 5]);
      for (const e of events) expect(e.changes).toEqual({});
      expect(JSON.stringify((await feed({ limit: 1000 })))).not.toContain(marker);
      // The PATCH's stored response carried the contact: it is gone, so the retry runs again and finds no contact.
      const retried = await patchContact(t, id, { title: `${marker}-title` }, { 'idempotency-key': patchKey });
      expect(retried.statusCode).toBe(404);
      expect(retried.headers['idempotent-replayed']).toBeUndefined();
      const { db } = t.db.database;
      for (const table of ['contacts', 'contact_emails', 'contact_phone_numbers', 'contact_events', 'idempotency_keys'] as const) {
        const rows = await db.selectFrom(table).selectAll().execute();
        expect(JSON.stringify(rows), table).not.toContain(marker);
        expect(JSON.stringify(rows), table).not.toContain(marker.toLowerCase());
      }
    });

    it('drops the stored responses of other keys that name it (a 409 duplicate_value, a _batch), keeps those that do not', async () => {
      const marker = `Quillon${randomUUID().slice(0, 8)}`;
      const email = uniqueEmail(marker.toLowerCase());
      const target = (await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: marker, primary_email: email } } })).json().data.id as string;
      const other = await createContact(t, { title: 'Unrelated' });
      // Another create with its email, under its own key: the stored 409 names the email and the contact's id.
      const conflictKey = randomUUID();
      const conflictBody = { attributes: { first_name: 'Someone', primary_email: email } };
      const conflict = await t.request({ method: 'POST', url: '/api/v2/contact', body: conflictBody, headers: { 'idempotency-key': conflictKey } });
      expect(conflict.statusCode).toBe(409);
      expect(conflict.body).toContain(email);
      expect(conflict.body).toContain(target);
      // A _batch that wrote it and another contact: its stored response carries the contact's record.
      const batchKey = randomUUID();
      const batchBody = { operations: [{ op: 'patch', id: target, attributes: { title: `${marker}-batch` } }, { op: 'patch', id: other.id, attributes: { title: 'Batched' } }] };
      const batch = await t.request({ method: 'POST', url: '/api/v2/contact/_batch', body: batchBody, headers: { 'idempotency-key': batchKey } });
      expect(batch.statusCode, batch.body).toBe(200);
      expect(batch.body).toContain(marker);
      // A response that does not name it stays replayable.
      const keptKey = randomUUID();
      expect((await patchContact(t, other.id, { title: 'Kept' }, { 'idempotency-key': keptKey })).statusCode).toBe(200);

      expect((await t.request({ method: 'DELETE', url: `/api/v2/contact/${target}` })).statusCode).toBe(204);
      expect((await t.request({ method: 'POST', url: `/api/v2/contact/${target}/_purge` })).statusCode).toBe(204);
      const rows = JSON.stringify(await t.db.database.db.selectFrom('idempotency_keys').selectAll().execute());
      for (const value of [marker, email, target]) expect(rows).not.toContain(value);

      // Retries run again (nothing stored to replay): the email is free now, and the batch no longer finds the contact.
      const conflictRetry = await t.request({ method: 'POST', url: '/api/v2/contact', body: conflictBody, headers: { 'idempotency-key': conflictKey } });
      expect(conflictRetry.headers['idempotent-replayed']).toBeUndefined();
      expect(conflictRetry.statusCode, conflictRetry.body).toBe(201);
      expect(conflictRetry.body).not.toContain(target);
      const batchRetry = await t.request({ method: 'POST', url: '/api/v2/contact/_batch', body: batchBody, headers: { 'idempotency-key': batchKey } });
      expect(batchRetry.headers['idempotent-replayed']).toBeUndefined();
      expect(batchRetry.body).not.toContain(marker);
      const kept = await patchContact(t, other.id, { title: 'Kept' }, { 'idempotency-key': keptKey });
      expect(kept.headers['idempotent-replayed']).toBe('true');
    });

    it('drops a refused _restore\'s stored 409, which quotes the contact\'s email but names only the contact now holding it', async () => {
      const email = uniqueEmail('restore-refused');
      const target = await createContact(t, { primary_email: email });
      expect((await t.request({ method: 'DELETE', url: `/api/v2/contact/${target.id}` })).statusCode).toBe(204);
      const holder = await createContact(t, { primary_email: email });
      const restoreKey = randomUUID();
      const refused = await t.request({ method: 'POST', url: `/api/v2/contact/${target.id}/_restore`, headers: { 'idempotency-key': restoreKey } });
      expect(refused.statusCode).toBe(409);
      expect(refused.body).toContain(email);
      expect(refused.body).toContain(holder.id);
      expect(refused.body).not.toContain(target.id);

      expect((await t.request({ method: 'POST', url: `/api/v2/contact/${target.id}/_purge` })).statusCode).toBe(204);
      // Nothing left to replay that would tell the purged contact had this email: the retry runs again and finds no contact.
      const retried = await t.request({ method: 'POST', url: `/api/v2/contact/${target.id}/_restore`, headers: { 'idempotency-key': restoreKey } });
      expect(retried.headers['idempotent-replayed']).toBeUndefined();
      expect(retried.statusCode, retried.body).toBe(404);
      expect(retried.body).not.toContain(email);
    });
  });

  describe('a long poll the client abandons', () => {
    it('frees its wait as soon as the connection closes', async () => {
      const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
      const org = await t.newOrg('Abandoned');
      const abort = new AbortController();
      const pending = fetch(`${url}/api/v2/event/_query`, { method: 'POST', headers: { authorization: `Bearer ${org.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ cursor: 'now', wait_seconds: 30 }), signal: abort.signal }).catch((error: unknown) => error);
      while (t.app.openEventWaits() === 0) await new Promise((r) => setTimeout(r, 5));
      abort.abort();
      expect(await pending).toBeInstanceOf(Error);
      // Bounded, not timed: far below the 30 s the wait would otherwise hold.
      for (let i = 0; i < 200 && t.app.openEventWaits() > 0; i += 1) await new Promise((r) => setTimeout(r, 10));
      expect(t.app.openEventWaits()).toBe(0);
    });
  });
});
