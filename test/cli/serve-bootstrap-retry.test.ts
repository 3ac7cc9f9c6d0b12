import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli, startServe } from '../helpers/cli.ts';
import { describeEachDialect, openTestDatabase, type TestDatabase } from '../helpers/databases.ts';

const KEY_PATTERN = /ctd_[A-Za-z0-9_-]{43}/g;

describeEachDialect('contactd serve: a first start that fails to create the organization', (dialect) => {
  let dir: string;
  let db: TestDatabase;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'contactd-bootstrap-retry-'));
    db = await openTestDatabase(dialect, { sqliteFile: join(dir, 'db.sqlite') });
  });
  afterAll(async () => {
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves the next start free to create it and show the key (the failed start\'s claim used to stop every later one)', async () => {
    // The database refuses the organization's insert, as a database that fails mid-start would.
    if (dialect === 'sqlite') {
      await sql`create trigger refuse_organization before insert on organizations begin select raise(abort, 'injected failure'); end`.execute(db.database.db);
    } else {
      await sql`create function refuse_organization() returns trigger language plpgsql as $$ begin raise exception 'injected failure'; end $$`.execute(db.database.db);
      await sql`create trigger refuse_organization before insert on organizations for each row execute function refuse_organization()`.execute(db.database.db);
    }
    const failed = await runCli(['--database-url', db.url, 'serve', '--port', '0', '--host', '127.0.0.1'], { LOG_LEVEL: 'silent' });
    expect(failed.code, failed.stdout).toBe(1);
    expect(failed.stdout).not.toMatch(KEY_PATTERN);

    await sql`drop trigger refuse_organization ${sql.raw(dialect === 'sqlite' ? '' : 'on organizations')}`.execute(db.database.db);
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
  }, 120_000);
});
