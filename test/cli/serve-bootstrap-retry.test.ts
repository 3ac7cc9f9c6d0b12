import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { runCli, startServe } from '../helpers/cli.ts';
import { describeEachDialect, openTestDatabase, type TestDatabase } from '../helpers/databases.ts';

const KEY_PATTERN = /ctd_[A-Za-z0-9_-]{43}/g;

describeEachDialect('contactd serve: a first start that fails part way through the bootstrap', (dialect) => {
  const opened: Array<{ dir: string; db: TestDatabase }> = [];
  const freshDatabase = async (): Promise<TestDatabase> => {
    const dir = mkdtempSync(join(tmpdir(), 'contactd-bootstrap-retry-'));
    const db = await openTestDatabase(dialect, { sqliteFile: join(dir, 'db.sqlite') });
    opened.push({ dir, db });
    return db;
  };
  afterAll(async () => {
    for (const { dir, db } of opened) {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // organizations: the failed start's claim used to stop every later one. api_keys: the organization and its user
  // used to stay behind without a key, so no later start bootstrapped and the server had no key at all.
  it.each(['organizations', 'api_keys'])('leaves the next start free to create the organization and show the key when the insert into %s fails', async (table) => {
    const db = await freshDatabase();
    // The database refuses the insert, as a database that fails mid-start would.
    if (dialect === 'sqlite') {
      await sql`create trigger refuse_insert before insert on ${sql.table(table)} begin select raise(abort, 'injected failure'); end`.execute(db.database.db);
    } else {
      await sql`create function refuse_insert() returns trigger language plpgsql as $$ begin raise exception 'injected failure'; end $$`.execute(db.database.db);
      await sql`create trigger refuse_insert before insert on ${sql.table(table)} for each row execute function refuse_insert()`.execute(db.database.db);
    }
    const failed = await runCli(['--database-url', db.url, 'serve', '--port', '0', '--host', '127.0.0.1'], { LOG_LEVEL: 'silent' });
    expect(failed.code, failed.stdout).toBe(1);
    expect(failed.stdout).not.toMatch(KEY_PATTERN);

    await sql`drop trigger refuse_insert ${sql.raw(dialect === 'sqlite' ? '' : `on ${table}`)}`.execute(db.database.db);
    const server = await startServe(['--database-url', db.url], { LOG_LEVEL: 'silent' });
    let status: number | null = null;
    const keys = server.output().match(KEY_PATTERN) ?? [];
    try {
      if (keys.length === 1) status = (await fetch(`${server.url}/api/v2/contact/_query`, { method: 'POST', headers: { authorization: `Bearer ${keys[0]}`, 'content-type': 'application/json' }, body: '{}' })).status;
    } finally {
      await server.stop();
    }
    expect(keys, server.output()).toHaveLength(1);
    expect(status).toBe(200);
    const organizations = await db.database.db.selectFrom('organizations').select('name').execute();
    expect(organizations).toEqual([{ name: 'Default' }]);
    expect(await db.database.db.selectFrom('users').select('email').execute()).toEqual([{ email: 'admin@localhost' }]);
  }, 120_000);
});
