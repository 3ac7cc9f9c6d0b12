import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { REPORT_FOLDED_AT, REPORT_PASSES, REPORT_SLOTS, REPORT_SYNCS, TEXT_INDEX_FOLD_SQL, startSqliteThread, type textIndexFolder } from '../../src/storage/dialects/sqlite-thread.ts';
import { openContactsFixture, type ContactsFixture } from '../helpers/contacts-fixture.ts';
import { expectTextIndexWhole } from '../helpers/text-index.ts';

// SQLite only: the thread that folds the text index exists for a SQLite file (PostgreSQL keeps its GIN
// index in step inside each write).
const dir = mkdtempSync(join(tmpdir(), 'contactd-text-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** How many file descriptors of this process are open on the file or its -wal and -shm files. */
const openHandles = (file: string) => readdirSync('/proc/self/fd').filter((fd) => {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`).startsWith(file);
  } catch {
    return false;
  }
}).length;

/** A file database whose SQLite thread runs: enough written for the WAL to pass the thread's start size, and the notes so far folded. */
async function withThread(name: string): Promise<ContactsFixture & { file: string; pending: () => number }> {
  const file = join(dir, name);
  const fixture = await openContactsFixture('sqlite', 'Text thread', { sqliteFile: file });
  for (let i = 0; i < 20; i += 1) await fixture.contacts.create(fixture.actor, { attributes: { first_name: `Warm${i}` } });
  // About 2 MiB of pages: the WAL passes the size at which the thread starts.
  await fixture.t.database.profile.writeTransaction(async (trx) => {
    await sql`create table filler (body blob)`.execute(trx);
    await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < 500) insert into filler (body) select randomblob(3500) from n`.execute(trx);
  });
  // The serving connection holds the file, its WAL and the WAL index; the thread opens its own.
  await vi.waitFor(() => expect(openHandles(file)).toBeGreaterThan(3), { timeout: 5_000, interval: 10 });
  // Read on a connection of its own, synchronously: no turn of the event loop between the caller's last step and the count.
  const counter = new BetterSqlite3(file, { readonly: true });
  const count = counter.prepare('select count(*) from contact_search_pending').pluck();
  const pending = () => count.get() as number;
  await vi.waitFor(() => expect(pending()).toBe(0), { timeout: 5_000, interval: 10 });
  const destroy = fixture.t.destroy;
  fixture.t.destroy = async () => {
    counter.close();
    await destroy();
  };
  return { ...fixture, file, pending };
}

/** The text index holds exactly contacts.search_text. */
const ftsIntact = (fixture: ContactsFixture) => expectTextIndexWhole(fixture.t.database.db);

describe('SQLite text index folded on the SQLite thread', { timeout: 60_000 }, () => {
  it('folds noted changes off the event loop: they reach the index while the event loop is blocked', async () => {
    const f = await withThread('blocked.sqlite');
    try {
      await Promise.all(Array.from({ length: 50 }, (_, i) => f.contacts.create(f.actor, { attributes: { first_name: `Burst${i}`, last_name: 'Quintavalle' } })));
      const last = await f.contacts.create(f.actor, { attributes: { first_name: 'Ultima', last_name: 'Zephyrine' } });
      // No turn of the event loop since that write committed: the event loop folds nothing from here on.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1_500);
      expect(f.pending()).toBe(0);
      await ftsIntact(f);
      expect((await f.contacts.query(f.actor, { search: 'zephyr' })).contacts.map((c) => c.id)).toEqual([last.id]);
      expect((await f.contacts.query(f.actor, { search: 'quintav' })).contacts).toHaveLength(50);
    } finally {
      await f.t.destroy();
    }
  });

  it('writes go on while the thread folds a backlog, and the index ends up whole', async () => {
    const f = await withThread('backlog.sqlite');
    try {
      const ids: string[] = [];
      for (let round = 0; round < 10; round += 1) {
        ids.push(...(await Promise.all(Array.from({ length: 40 }, (_, i) => f.contacts.create(f.actor, { attributes: { first_name: `Back${round}x${i}`, title: 'Archivist' } })))).map((c) => c.id));
      }
      // Every contact noted again at once (a backlog of hundreds, folded in many slices).
      await sql`update contacts set search_text = search_text || ' ' where organization_id = ${f.actor.organizationId}`.execute(f.t.database.db);
      expect(f.pending()).toBeGreaterThan(400);
      // Concurrent writes (group commits) meanwhile: every one answered, none refused for a lock.
      const patched = await Promise.all(ids.slice(0, 200).map((id, i) => f.contacts.patch(f.actor, id, { attributes: { title: `Cartographer${i % 10}` } })));
      expect(patched.map((c) => c.title)).toEqual(ids.slice(0, 200).map((_, i) => `Cartographer${i % 10}`));
      await vi.waitFor(() => expect(f.pending()).toBe(0), { timeout: 10_000, interval: 10 });
      await ftsIntact(f);
      expect((await f.contacts.query(f.actor, { search: 'cartographer3', limit: 100 })).contacts).toHaveLength(20);
      expect((await f.contacts.query(f.actor, { search: 'archivist', limit: 100 })).contacts).toHaveLength(100);
    } finally {
      await f.t.destroy();
    }
  });

  it('the fold runs from its own source alone, as tsx compiles it (the thread evaluates that source), and rewrites only the lines that changed', async () => {
    // tsx (npm run dev, the benchmark) keeps function names: a named inner function would call a helper of the module.
    const module = fileURLToPath(new URL('../../src/storage/dialects/sqlite-thread.ts', import.meta.url));
    const source = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e',
      `const m = await import(${JSON.stringify(module)}); process.stdout.write(m.textIndexFolder.toString());`], { encoding: 'utf8' });
    const folderOf = new Function(`return (${source});`)() as typeof textIndexFolder;
    const file = join(dir, 'source.sqlite');
    const f = await openContactsFixture('sqlite', 'Fold source', { sqliteFile: file });
    const raw = new BetterSqlite3(file);
    try {
      const ids: string[] = [];
      for (let i = 0; i < 3; i += 1) ids.push((await f.contacts.create(f.actor, { attributes: { first_name: `Sourced${i}`, last_name: 'Lineby', title: 'Surveyor', contact_emails: [`sourced${i}@example.org`] } })).id);
      // The connection as the fold sees it, counting the rows it deletes from and adds to the index.
      const written = { remove: 0, add: 0 };
      const counted = new Proxy(raw, {
        get: (target, key) => (key !== 'prepare' ? Reflect.get(target, key, target) : (text: string) => {
          const statement = target.prepare(text);
          const kind = text === TEXT_INDEX_FOLD_SQL.remove ? 'remove' : text === TEXT_INDEX_FOLD_SQL.add ? 'add' : null;
          if (kind === null) return statement;
          return { run: (...parameters: unknown[]) => { written[kind] += 1; return statement.run(...parameters); } };
        }),
      });
      const fold = folderOf(counted as BetterSqlite3.Database, TEXT_INDEX_FOLD_SQL);
      const pending = raw.prepare('select count(*) from contact_search_pending').pluck();
      // Synchronous from here to the fold: the fixture's own connection folds nothing in between.
      fold(1000);
      expect(pending.get()).toBe(0);
      const before = (await f.t.database.db.selectFrom('contacts').select('search_text').where('id', '=', ids[1]!).executeTakeFirstOrThrow()).search_text;
      await f.contacts.patch(f.actor, ids[1]!, { attributes: { title: 'Cartographer' } });
      const after = (await f.t.database.db.selectFrom('contacts').select('search_text').where('id', '=', ids[1]!).executeTakeFirstOrThrow()).search_text;
      const [was, now] = [before.split('\n'), after.split('\n')];
      const changed = was.filter((line, i) => line !== now[i]).length;
      expect(was.length).toBe(now.length);
      expect(changed).toBe(2); // the title's line and the word starts'
      expect(pending.get()).toBe(1);
      written.remove = 0;
      written.add = 0;
      expect(fold(1000)).toBe(1);
      // A 'delete' and an insert for each changed line, nothing for the others.
      expect(written).toEqual({ remove: changed, add: changed });
      await ftsIntact(f);
      expect((await f.contacts.query(f.actor, { search: 'cartog lineby' })).contacts.map((c) => c.id)).toEqual([ids[1]]);
    } finally {
      raw.close();
      await f.t.destroy();
    }
  });

  it('the serving connection folds what is left when it closes', async () => {
    const f = await withThread('close.sqlite');
    await sql`update contacts set search_text = search_text || ' ' where organization_id = ${f.actor.organizationId}`.execute(f.t.database.db);
    await f.t.destroy();
    const reader = new BetterSqlite3(f.file, { readonly: true });
    try {
      expect(reader.prepare('select count(*) from contact_search_pending').pluck().get()).toBe(0);
    } finally {
      reader.close();
    }
  });

  it('syncs the database file itself after a checkpoint that copied pages, and not while nothing new is copied', async () => {
    const f = await withThread('sync.sqlite');
    const report = new BigInt64Array(new SharedArrayBuffer(8 * REPORT_SLOTS));
    // A second thread on the file, whose report the test reads (the serving connection's is its own).
    const thread = startSqliteThread(f.file, { lock: new Int32Array(new SharedArrayBuffer(8)), report, foldText: false });
    const syncs = () => Atomics.load(report, REPORT_SYNCS);
    const passes = () => Atomics.load(report, REPORT_PASSES);
    /** Waits until `n` more checkpoint passes have finished (counted, not timed: a slow disk makes passes slow). */
    const afterPasses = (n: bigint) => {
      const target = passes() + n;
      return vi.waitFor(() => expect(passes()).toBeGreaterThanOrEqual(target), { timeout: 10_000, interval: 5 });
    };
    try {
      for (let i = 0; i < 30; i += 1) await f.contacts.create(f.actor, { attributes: { first_name: `Synced${i}` } });
      await vi.waitFor(() => expect(syncs()).toBeGreaterThan(0n), { timeout: 5_000, interval: 10 });
      // Writes stopped: once the WAL is copied, later passes find nothing new and sync nothing. Then one write
      // at a time after a quiet spell: each starts the WAL over with as many frames as the one before it, and
      // is synced all the same.
      for (let round = 0; round < 3; round += 1) {
        let settled = -1n;
        await vi.waitFor(async () => {
          const before = syncs();
          await afterPasses(5n);
          settled = syncs();
          expect(settled).toBe(before);
        }, { timeout: 20_000, interval: 0 });
        await afterPasses(10n);
        expect(syncs()).toBe(settled);
        await f.contacts.create(f.actor, { attributes: { first_name: `AfterQuiet${round}` } });
        await vi.waitFor(() => expect(syncs()).toBeGreaterThan(settled), { timeout: 5_000, interval: 10 });
      }
    } finally {
      await thread.stop();
      await f.t.destroy();
    }
  });

  it('a thread says when it last looked at the noted changes, and one that cannot open the file ends (the serving connection folds then)', async () => {
    const f = await withThread('heartbeat.sqlite');
    const lock = new Int32Array(new SharedArrayBuffer(8));
    const healthy = new BigInt64Array(new SharedArrayBuffer(8 * REPORT_SLOTS));
    const thread = startSqliteThread(f.file, { lock, report: healthy, foldText: true });
    const broken = new BigInt64Array(new SharedArrayBuffer(8 * REPORT_SLOTS));
    const failing = startSqliteThread(join(dir, 'missing', 'none.sqlite'), { lock: new Int32Array(new SharedArrayBuffer(8)), report: broken, foldText: true });
    try {
      await vi.waitFor(() => expect(Number(Atomics.load(healthy, REPORT_FOLDED_AT))).toBeGreaterThan(Date.now() - 5_000), { timeout: 5_000, interval: 10 });
      await vi.waitFor(() => expect(failing.running()).toBe(false), { timeout: 5_000, interval: 10 });
      expect(Atomics.load(broken, REPORT_FOLDED_AT)).toBe(0n);
      expect(thread.running()).toBe(true);
    } finally {
      await thread.stop();
      await failing.stop();
      await f.t.destroy();
    }
  });
});
