import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WriteStep } from '../../src/storage/dialects/profile.ts';
import { describeEachDialect, openTestDatabase, type Dialect, type TestDatabase } from '../helpers/databases.ts';

/** Steps of a dialect: SQL written with `?` placeholders, numbered for PostgreSQL. */
function stepsFor(dialect: Dialect) {
  const step = (text: string, parameters: unknown[], mustChange = false): WriteStep => {
    let n = 0;
    return { sql: dialect === 'postgres' ? text.replace(/\?/g, () => `$${(n += 1)}`) : text, parameters, mustChange };
  };
  return {
    step,
    insert: (id: number, name: string): WriteStep => step('insert into group_items (id, name) values (?, ?)', [id, name]),
    bump: (id: number): WriteStep => step('update group_items set n = n + 1 where id = ?', [id], true),
  };
}

async function rows(t: TestDatabase): Promise<Array<{ id: number; name: string; n: number }>> {
  const { rows: found } = await sql<{ id: number; name: string; n: number }>`select id, name, n from group_items order by id`.execute(t.database.db);
  return found.map((r) => ({ id: Number(r.id), name: r.name, n: Number(r.n) }));
}

describeEachDialect('writeSteps: writes started together each get their own outcome, all or nothing each', (dialect) => {
  let t: TestDatabase;
  const { step, insert, bump } = stepsFor(dialect);
  beforeAll(async () => {
    t = await openTestDatabase(dialect);
    await sql`create table group_items (id integer primary key, name text not null unique, n integer not null default 0)`.execute(t.database.db);
  });
  afterAll(async () => t.destroy());
  beforeEach(async () => {
    await sql`delete from group_items`.execute(t.database.db);
  });

  it('a write whose guarded step changes nothing answers false and leaves nothing; a unique violation rejects its write alone', async () => {
    const { profile } = t.database;
    // Started in one turn of the event loop: on SQLite they commit as one group.
    const outcomes = await Promise.allSettled([
      profile.writeSteps([insert(1, 'a')]),
      profile.writeSteps([insert(2, 'b'), bump(99)]),
      profile.writeSteps([insert(3, 'a')]),
      profile.writeSteps([insert(4, 'd'), bump(4)]),
      profile.writeSteps([insert(5, 'e')]),
    ]);
    const seen = outcomes.map((o) => (o.status === 'fulfilled' ? o.value : 'rejected'));
    // Writes 1 and 3 both take name 'a': exactly one is written and the other rejected by the unique index.
    // SQLite's group commits them in the order they started; PostgreSQL runs them on two connections at
    // once, and either may commit first.
    const winner = dialect === 'sqlite' || seen[0] === true ? 0 : 2;
    const loser = 2 - winner;
    expect(seen[winner]).toBe(true);
    expect(seen[loser]).toBe('rejected');
    expect(profile.isUniqueViolation((outcomes[loser] as PromiseRejectedResult).reason)).toBe(true);
    expect([seen[1], seen[3], seen[4]]).toEqual([false, true, true]);
    expect(await rows(t)).toEqual([{ id: winner + 1, name: 'a', n: 0 }, { id: 4, name: 'd', n: 1 }, { id: 5, name: 'e', n: 0 }]);
  });

  it('a write that fails otherwise rejects alone; the others are written once', async () => {
    const { profile } = t.database;
    const outcomes = await Promise.allSettled([
      profile.writeSteps([insert(1, 'a')]),
      profile.writeSteps([insert(2, 'b'), step('insert into no_such_table (id) values (?)', [2])]),
      profile.writeSteps([insert(3, 'c')]),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await rows(t)).toEqual([{ id: 1, name: 'a', n: 0 }, { id: 3, name: 'c', n: 0 }]);
  });
});

describe('writeSteps on SQLite: group commit', () => {
  let dir: string;
  let t: TestDatabase;
  let other: BetterSqlite3.Database;
  const { insert } = stepsFor('sqlite');
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'contactd-group-'));
    const file = join(dir, 'group.sqlite');
    t = await openTestDatabase('sqlite', { sqliteFile: file });
    await sql`create table group_items (id integer primary key, name text not null unique, n integer not null default 0)`.execute(t.database.db);
    other = new BetterSqlite3(file);
    other.pragma('busy_timeout = 0');
  });
  afterAll(async () => {
    other.close();
    await t.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  /** WAL frames written since the last truncating checkpoint: one per page per commit. */
  const framesAfter = async (write: () => Promise<unknown>): Promise<number> => {
    other.pragma('wal_checkpoint(TRUNCATE)');
    await write();
    return (other.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>)[0]!.log;
  };

  it('writes started in one turn share one commit: fewer WAL frames than the same writes one after another', async () => {
    const { profile } = t.database;
    const together = await framesAfter(() => Promise.all(Array.from({ length: 20 }, (_, i) => profile.writeSteps([insert(100 + i, `t${i}`)]))));
    const oneByOne = await framesAfter(async () => {
      for (let i = 0; i < 20; i += 1) await profile.writeSteps([insert(200 + i, `s${i}`)]);
    });
    // One commit rewrites the table's and the name index's page once; twenty commits rewrite them twenty times.
    expect(together).toBeLessThan(oneByOne / 5);
    expect((await rows(t)).length).toBe(40);
  });

  it('while another connection holds the write lock, the group waits and every write lands once', async () => {
    const { profile } = t.database;
    other.exec('begin immediate');
    const writes = Promise.all([1, 2, 3].map((i) => profile.writeSteps([insert(300 + i, `w${i}`)])));
    await new Promise((resolve) => setTimeout(resolve, 150));
    other.exec('commit');
    expect(await writes).toEqual([true, true, true]);
    expect((await rows(t)).filter((r) => r.id > 300).map((r) => r.id)).toEqual([301, 302, 303]);
  });
});
