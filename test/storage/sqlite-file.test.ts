import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { migrate, openDatabase, type Database } from '../../src/storage/database.ts';
import { migrations } from '../../src/storage/migrations/index.ts';
import { BACKSTOP_AUTOCHECKPOINT_PAGES, CHECKPOINTER_START_WAL_BYTES } from '../../src/storage/dialects/sqlite-thread.ts';
import { objectRows } from '../../src/storage/dialects/sqlite.ts';
import { childEnv } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'contactd-sqlite-'));
/** How many files descriptors of this process are open on the file or its -wal and -shm files. */
const openHandles = (file: string) => readdirSync('/proc/self/fd').filter((fd) => {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`).startsWith(file);
  } catch {
    return false; // closed meanwhile
  }
}).length;
/** Writes `pages` rows of 3,500 random bytes (about a page each) into `filler` in one write transaction. */
const addPages = (database: Database, pages: number) => database.profile.writeTransaction((trx) => sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${pages}) insert into filler (body) select randomblob(3500) from n`.execute(trx));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const WORKER = fileURLToPath(new URL('../helpers/migrate-worker.ts', import.meta.url));
const OPEN_CLOSE = fileURLToPath(new URL('../helpers/open-close.ts', import.meta.url));

describe('SQLite file', { timeout: 120_000 }, () => {
  it('opens in WAL mode with a busy timeout of a few milliseconds: longer lock waits happen off the event loop (test/faults/sqlite-busy)', async () => {
    const database = openDatabase(`sqlite:${join(dir, 'nested', 'wal.sqlite')}`);
    try {
      const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(database.db);
      expect(mode.rows[0]?.journal_mode).toBe('wal');
      const timeout = await sql<{ timeout: number }>`pragma busy_timeout`.execute(database.db);
      expect(timeout.rows[0]?.timeout).toBeGreaterThan(0);
      expect(timeout.rows[0]?.timeout).toBeLessThanOrEqual(10);
    } finally {
      await database.close();
    }
  });

  it('keeps temporary storage in memory while serving (statement journals of writes that fire triggers) and in files while migrating (index builds sort whole tables)', async () => {
    const database = openDatabase(`sqlite:${join(dir, 'temp-store.sqlite')}`);
    try {
      const tempStore = async () => (await sql<{ temp_store: number }>`pragma temp_store`.execute(database.db)).rows[0]?.temp_store;
      // 2 = MEMORY, 1 = FILE
      expect(await tempStore()).toBe(2);
      const during: Array<number | undefined> = [];
      const withTempFiles = database.profile.withTempFiles!.bind(database.profile);
      const spy = vi.spyOn(database.profile, 'withTempFiles').mockImplementation((fn) => withTempFiles(async () => {
        during.push(await tempStore());
        return fn();
      }));
      expect((await migrate(database)).length).toBeGreaterThan(0);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(during).toEqual([1]);
      expect(await tempStore()).toBe(2);
    } finally {
      await database.close();
    }
  });

  it('checkpoints the WAL on a thread of its own: committed pages reach the database file while the serving connection\'s own threshold is far off', async () => {
    const file = join(dir, 'checkpointer.sqlite');
    const database = openDatabase(`sqlite:${file}`);
    try {
      const threshold = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(database.db);
      expect(threshold.rows[0]?.wal_autocheckpoint).toBe(BACKSTOP_AUTOCHECKPOINT_PAGES);
      await database.profile.writeTransaction((trx) => sql`create table filler (body blob)`.execute(trx));
      const before = statSync(file).size;
      // About 1,000 pages: past SQLite's default threshold of 1,000, far below the backstop's 4,000.
      await addPages(database, 1000);
      await vi.waitFor(() => expect(statSync(file).size).toBeGreaterThan(before + 3_000_000), { timeout: 5_000, interval: 20 });
      const rows = await sql<{ n: number }>`select count(*) as n from filler`.execute(database.db);
      expect(rows.rows[0]?.n).toBe(1000);
    } finally {
      await database.close();
    }
  });

  it('starts the checkpoint thread once the WAL has grown: a process that only reads (or writes little) has the file open once', async () => {
    const file = join(dir, 'reads-only.sqlite');
    const database = openDatabase(`sqlite:${file}`);
    try {
      await database.profile.writeTransaction((trx) => sql`create table filler (body blob)`.execute(trx));
      for (let i = 0; i < 5; i += 1) await sql`select count(*) from filler`.execute(database.db);
      await new Promise((resolve) => setTimeout(resolve, 300));
      // The serving connection: the file, its WAL and the WAL index.
      expect(openHandles(file)).toBe(3);
      // About 4 MiB of pages: the WAL passes CHECKPOINTER_START_WAL_BYTES.
      await addPages(database, 1000);
      expect(statSync(`${file}-wal`).size).toBeGreaterThan(CHECKPOINTER_START_WAL_BYTES);
      await vi.waitFor(() => expect(openHandles(file)).toBeGreaterThan(3), { timeout: 5_000, interval: 5 });
    } finally {
      await database.close();
    }
  });

  it('has the file closed everywhere once close() resolves, the checkpoint thread\'s connection included (test/faults/sqlite-full-disk unmounts right after)', async () => {
    const file = join(dir, 'closed.sqlite');
    for (let round = 0; round < 10; round += 1) {
      const database = openDatabase(`sqlite:${file}`);
      await database.profile.writeTransaction((trx) => sql`create table if not exists filler (body blob)`.execute(trx));
      await addPages(database, 1000);
      // The serving connection holds the file, its WAL and the WAL index; wait until the thread has opened its own.
      await vi.waitFor(() => expect(openHandles(file)).toBeGreaterThan(3), { timeout: 5_000, interval: 5 });
      // Pages for the thread to copy, so that closing its connection (the last one: it checkpoints what is left) takes a while.
      await addPages(database, 3000);
      await database.close();
      expect(openHandles(file)).toBe(0);
    }
  });

  it('lets a process whose last work was closing the database exit 0 (awaiting the checkpoint thread keeps it alive meanwhile)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', OPEN_CLOSE, `sqlite:${join(dir, 'exit.sqlite')}`], { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect({ code, out }).toEqual({ code: 0, out: 'closed\n' });
  });

  it('processes migrating a new file at the same moment: one applies every migration, the others find nothing to do', async () => {
    const url = `sqlite:${join(dir, 'race.sqlite')}`;
    const workers = [0, 1, 2].map(() => {
      const child = spawn(process.execPath, ['--import', 'tsx', WORKER, url], { env: childEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      const ready = new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('ready\n')) resolve();
      }));
      const done = new Promise<{ code: number | null; out: string }>((resolve) => child.on('close', (code) => resolve({ code, out })));
      return { child, ready, done };
    });
    await Promise.all(workers.map((w) => w.ready));
    for (const w of workers) w.child.stdin.end('go\n');
    const results = await Promise.all(workers.map((w) => w.done));
    const applied = results.map((r) => r.out.split('\n').filter((l) => l !== '' && l !== 'ready').join(''));
    expect(results.map((r) => r.code), applied.join(' | ')).toEqual([0, 0, 0]);
    expect(applied.filter((a) => a === JSON.stringify(Object.keys(migrations)))).toHaveLength(1);
    expect(applied.filter((a) => a === '[]')).toHaveLength(2);
  });
});

describe('SQLite rows read as arrays (objectRows)', () => {
  it('gives the objects better-sqlite3 gives: same keys in the same order, a repeated name keeping its last value', () => {
    const raw = new BetterSqlite3(':memory:');
    try {
      raw.exec("create table t (a integer, b text, c blob); insert into t values (1, 'x', x'00ff'), (2, null, null)");
      const text = 'select a, b, c, b as a, a * 2 as twice from t where t.a >= ? order by t.a';
      const expected = raw.prepare(text).all(1) as Array<Record<string, unknown>>;
      const rows = objectRows(raw.prepare(text))([1]);
      expect(rows).toEqual(expected);
      expect(rows.map((r) => Object.keys(r))).toEqual(expected.map((r) => Object.keys(r)));
      expect(rows[0]?.a).toBe('x');
    } finally {
      raw.close();
    }
  });

  it('names a column added to a select-* table after the statement was prepared', () => {
    const raw = new BetterSqlite3(':memory:');
    try {
      raw.exec('create table t (a integer); insert into t values (1)');
      const read = objectRows(raw.prepare('select * from t'));
      expect(read([])).toEqual([{ a: 1 }]);
      raw.exec("alter table t add column b text default 'new'");
      expect(read([])).toEqual([{ a: 1, b: 'new' }]);
    } finally {
      raw.close();
    }
  });
});
