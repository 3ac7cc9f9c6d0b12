import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWhenAvailable } from '../helpers/backends.ts';
import { runCli, singleJson, type CliResult } from '../helpers/cli.ts';
import { openTestDatabase, POSTGRES_MISSING, type TestDatabase } from '../helpers/databases.ts';

// import and export open the database themselves: they must take the database settings every other command takes
// (PG_QUERY_TIMEOUT_MS, PG_POOL_*, SQLITE_BUSY_TIMEOUT_MS), not the driver defaults.
describeWhenAvailable('contactd import / export honour the database settings [postgres]', POSTGRES_MISSING, () => {
  let dir: string;
  let db: TestDatabase;
  let org: string;
  const cli = (args: string[], env: Record<string, string> = {}) => runCli(['--database-url', db.url, ...args], env);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'contactd-cli-settings-'));
    db = await openTestDatabase('postgres');
    org = singleJson(await cli(['org', 'create', '--name', 'Settings', '--json'])).id as string;
    singleJson(await cli(['user', 'create', '--org', org, '--email', 'owner@settings.example', '--json']));
  }, 60_000);
  afterAll(async () => {
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('PG_QUERY_TIMEOUT_MS bounds their wait for a locked table: exit 1 with the 503 message instead of waiting for the lock', async () => {
    const input = join(dir, 'in.csv');
    writeFileSync(input, 'first_name,primary_email\nAda,ada@example.com\n');
    const env = { PG_QUERY_TIMEOUT_MS: '1000' };
    // Another session holds the contacts table for as long as the commands run (released at the latest after
    // 30 s, so a command that ignores the setting finishes then, successfully, and fails the test).
    let commands: Promise<CliResult[]> | null = null;
    await db.database.db.transaction().execute(async (trx) => {
      await sql`lock table contacts in access exclusive mode`.execute(trx);
      commands = Promise.all([cli(['export', '--org', org], env), cli(['import', input, '--org', org, '--json'], env)]);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([commands, new Promise((resolve) => (timer = setTimeout(resolve, 30_000)))]);
      clearTimeout(timer);
    });
    const [exported, imported] = (await (commands as unknown as Promise<CliResult[]>)) as [CliResult, CliResult];
    for (const result of [exported, imported]) {
      expect(result.code, result.stdout).toBe(1);
      expect(result.stdout).toBe('');
    }
    expect(exported.stderr).toMatch(/^contactd: the database did not answer within 1000 ms/);
    // The import's transaction loses its connection to the timeout, and says so.
    expect(imported.stderr).toMatch(/^contactd: the database (did not answer within 1000 ms|is unreachable)/);
    const rows = await db.database.db.selectFrom('contacts').select('id').where('organization_id', '=', org).execute();
    expect(rows).toEqual([]);
  }, 120_000);
});
