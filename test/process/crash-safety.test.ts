import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/database.ts';
import { newBootstrapKey, startChildServer, type ChildServer } from '../helpers/child-server.ts';
import { describeEachDialect, openTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { listColumnMismatches } from '../helpers/list-columns.ts';

const WORKERS = 6;
const ACKS_BEFORE_KILL = 120;

interface Tracked {
  id: string;
  firstName: string;
  email: string;
  /** The last title a 2xx acknowledged, and the one sent but not answered when the process died. */
  ackedTitle: string | null;
  inflightTitle: string | null;
}

describeEachDialect('crash safety: SIGKILL under concurrent write load', (dialect) => {
  const children: ChildServer[] = [];
  let testDb: TestDatabase | null = null;
  const file = join(tmpdir(), `contactd-crash-${randomUUID()}.sqlite`);
  afterAll(async () => {
    for (const c of children) await c.kill();
    await testDb?.destroy();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  });

  it('every acknowledged write survives with its exact values and its event, nothing is half-written, and every contact\'s list columns agree with its item rows', { timeout: 180_000 }, async () => {
    testDb = await openTestDatabase(dialect, { sqliteFile: file, migrate: false });
    const databaseUrl = testDb.url;
    const key = newBootstrapKey();
    const env = { DATABASE_URL: databaseUrl, CONTACTD_BOOTSTRAP_API_KEY: key };
    const first = await startChildServer(env);
    children.push(first);

    const tracked: Tracked[] = [];
    let acks = 0;
    let dead = false;
    const send = async (method: string, path: string, body: unknown): Promise<Response | null> => {
      try {
        return await fetch(first.url + path, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      } catch {
        dead = true; // connection refused or reset: the process is gone
        return null;
      }
    };
    const worker = async (w: number) => {
      for (let n = 0; !dead; n += 1) {
        const firstName = `W${w}N${n}`;
        const email = `w${w}.n${n}.${randomUUID().slice(0, 8)}@crash.example`;
        const created = await send('POST', '/api/v2/contact', { attributes: { first_name: firstName, primary_email: email, contact_emails: [{ email, is_primary: true }, { email: `alt.${email}`, is_primary: false }] } });
        if (created === null) return;
        expect(created.status, await created.clone().text()).toBe(201);
        const contact: Tracked = { id: ((await created.json()) as { data: { id: string } }).data.id, firstName, email, ackedTitle: null, inflightTitle: null };
        tracked.push(contact);
        acks += 1;
        for (let p = 0; p < 3 && !dead; p += 1) {
          const title = `${firstName}-title-${p}`;
          contact.inflightTitle = title;
          const patched = await send('PATCH', `/api/v2/contact/${contact.id}`, { attributes: { title } });
          if (patched === null) return;
          expect(patched.status).toBe(200);
          contact.ackedTitle = title;
          contact.inflightTitle = null;
          acks += 1;
        }
      }
    };
    const load = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
    while (acks < ACKS_BEFORE_KILL) await new Promise((r) => setTimeout(r, 20));
    await first.kill('SIGKILL');
    await load;
    expect(tracked.length).toBeGreaterThan(0);

    const second = await startChildServer(env);
    children.push(second);
    for (const c of tracked) {
      const res = await fetch(`${second.url}/api/v2/contact/${c.id}`, { headers: { authorization: `Bearer ${key}` } });
      expect(res.status, `acknowledged contact ${c.id}`).toBe(200);
      const { attributes } = ((await res.json()) as { data: { attributes: Record<string, { value: unknown }> } }).data;
      expect(attributes.first_name?.value).toBe(c.firstName);
      expect(attributes.primary_email?.value).toBe(c.email);
      const title = attributes.title?.value ?? null;
      // The write in flight when the process died may or may not have committed; nothing else is acceptable.
      expect([c.ackedTitle, c.inflightTitle].filter((t) => t !== null || c.ackedTitle === null), `title of ${c.id}`).toContain(title);
    }
    await second.kill('SIGTERM');

    const database = openDatabase(databaseUrl);
    try {
      // SQLite checks its own file; PostgreSQL has no such check, and both must hold the invariant contactd adds:
      // every contact's list columns (what reads return) agree with its item rows (what uniqueness and filters use).
      if (dialect === 'sqlite') expect(await database.profile.integrityCheck()).toBe('ok');
      expect(await listColumnMismatches(database)).toEqual([]);
      const contacts = await database.db.selectFrom('contacts').select(['organization_id', 'id', 'primary_email', 'version']).execute();
      // No write without its event, no event without its write: each contact's events are exactly versions 1..version.
      const events = await database.db.selectFrom('contact_events').select(['record_id', 'version', 'sequence']).orderBy('sequence').execute();
      expect(events.map((e) => Number(e.sequence)), 'sequences without gaps').toEqual(events.map((_, i) => i + 1));
      const byContact = new Map<string, number[]>();
      for (const e of events) byContact.set(e.record_id, [...(byContact.get(e.record_id) ?? []), Number(e.version)]);
      expect([...byContact.keys()].sort(), 'events of contacts that do not exist').toEqual(contacts.map((c) => c.id).sort());
      for (const contact of contacts) {
        expect(byContact.get(contact.id), `events of ${contact.id}`).toEqual(Array.from({ length: Number(contact.version) }, (_, i) => i + 1));
      }
      const emails = await database.db.selectFrom('contact_emails').select(['contact_id', 'email', 'is_primary']).execute();
      expect(contacts.length).toBeGreaterThanOrEqual(tracked.length);
      for (const contact of contacts) {
        const mine = emails.filter((e) => e.contact_id === contact.id);
        const primaries = mine.filter((e) => Number(e.is_primary) === 1);
        // Half-written would be a contact without its email rows, or a primary_email its rows disagree with.
        if (contact.primary_email === null) expect(primaries).toHaveLength(0);
        else {
          expect(primaries.map((e) => e.email), `emails of ${contact.id}`).toEqual([contact.primary_email]);
          expect(mine).toHaveLength(2);
        }
      }
    } finally {
      await database.close();
    }
  });
});
