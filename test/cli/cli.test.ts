import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/database.ts';
import { describeWhenAvailable } from '../helpers/backends.ts';
import { POSTGRES_MISSING, POSTGRES_URL } from '../helpers/databases.ts';
import { CONTACTD, childEnv, runCli, singleJson, startServe, type CliResult, type ServerProcess } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'contactd-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A failure: non-zero exit, nothing on stdout, exactly one line on stderr; returns that line. */
function oneLineError(result: CliResult): string {
  expect(result.code, result.stdout).not.toBe(0);
  expect(result.stdout).toBe('');
  const lines = result.stderr.split('\n').filter((l) => l !== '');
  expect(lines, result.stderr).toHaveLength(1);
  return lines[0] as string;
}

// Every test starts real processes (seconds each on a busy machine).
describe('contactd CLI on SQLite', { timeout: 120_000 }, () => {
  const file = join(dir, 'cli.sqlite');
  const cli = (...args: string[]) => runCli(['--database-url', `sqlite:${file}`, ...args]);
  let orgId: string;
  let userId: string;

  beforeAll(async () => {
    const org = singleJson(await cli('org', 'create', '--name', 'Acme', '--json'));
    orgId = org.id as string;
    userId = singleJson(await cli('user', 'create', '--org', orgId, '--email', 'Owner@Acme.example', '--name', 'Owner', '--json')).id as string;
  });

  it('migrate applies every migration to a new file, and nothing to an up-to-date one', async () => {
    const [fresh, again] = await Promise.all([runCli(['--database-url', `sqlite:${join(dir, 'fresh', 'new.sqlite')}`, 'migrate']), cli('migrate')]);
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toMatch(/^applied 2026-/);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/up to date/);
  });

  it('a new SQLite file (and the folder made for it) is its owner\'s alone: 0600 for the file and its -wal and -shm, 0700 for the folder; an existing file keeps its mode', async () => {
    const folder = join(dir, 'private');
    const file = join(folder, 'contactd.sqlite');
    const created = await runCli(['--database-url', `sqlite:${file}`, 'org', 'create', '--name', 'Private', '--json']);
    expect(created.code, created.stderr).toBe(0);
    const mode = (path: string) => statSync(path).mode & 0o777;
    expect(mode(folder)).toBe(0o700);
    // SQLite keeps the -wal and -shm files after a clean close only in some cases: check those that are there.
    for (const path of [file, `${file}-wal`, `${file}-shm`].filter((p) => existsSync(p))) expect(mode(path), path).toBe(0o600);
    chmodSync(file, 0o640);
    expect((await runCli(['--database-url', `sqlite:${file}`, 'migrate'])).code).toBe(0);
    expect(mode(file)).toBe(0o640);
  });

  it('org create, user create and team create --json print exactly {"id","name"}, {"id","email"}, {"id","name"}', async () => {
    const [org, user, team] = await Promise.all([
      cli('org', 'create', '--name', 'Second Org', '--json').then(singleJson),
      cli('user', 'create', '--org', orgId, '--email', 'Someone@Acme.example', '--json').then(singleJson),
      cli('team', 'create', '--org', orgId, '--name', 'Sales', '--json').then(singleJson),
    ]);
    expect(Object.keys(org).sort()).toEqual(['id', 'name']);
    expect(org.id).toMatch(UUID);
    expect(org.name).toBe('Second Org');
    expect(Object.keys(user).sort()).toEqual(['email', 'id']);
    expect(user.email).toBe('someone@acme.example');
    expect(Object.keys(team).sort()).toEqual(['id', 'name']);
    expect(team.name).toBe('Sales');
  });

  it('org list, user list and team list show what was created, oldest first; --json is one object; an unset value reads "-"', async () => {
    const teamName = `Support ${randomBytes(3).toString('hex')}`;
    const team = singleJson(await cli('team', 'create', '--org', orgId, '--name', teamName, '--json'));
    const [orgs, users, teams] = await Promise.all([
      cli('org', 'list', '--json').then(singleJson),
      cli('user', 'list', '--org', orgId, '--json').then(singleJson),
      cli('team', 'list', '--org', orgId, '--json').then(singleJson),
    ]);
    expect(Object.keys(orgs)).toEqual(['organizations']);
    const orgRows = orgs.organizations as Array<Record<string, unknown>>;
    expect(orgRows[0]).toMatchObject({ id: orgId, name: 'Acme' });
    expect(Object.keys(orgRows[0] as object).sort()).toEqual(['created_at', 'id', 'name']);
    const userRows = users.users as Array<Record<string, unknown>>;
    expect(userRows[0]).toEqual({ id: userId, email: 'owner@acme.example', name: 'Owner', created_at: expect.any(String) });
    expect((teams.teams as Array<Record<string, unknown>>).find((t) => t.id === team.id)).toMatchObject({ name: teamName });
    // The ids a list prints are the ones the other commands take.
    const key = singleJson(await cli('api-key', 'create', '--org', (orgRows[0] as { id: string }).id, '--user', (userRows[0] as { id: string }).id, '--json'));
    expect(key.api_key).toMatch(/^ctd_/);
    // Without --json: one line a row; a key created without --name shows "name: -".
    const text = await cli('api-key', 'list', '--org', orgId);
    expect(text.code).toBe(0);
    const line = text.stdout.split('\n').find((l) => l.startsWith(`id: ${key.id as string} `));
    expect(line).toContain('name: -');
    expect(line).not.toContain('null');
    const plainOrgs = await cli('org', 'list');
    expect(plainOrgs.stdout.split('\n').filter((l) => l !== '')).toHaveLength(orgRows.length);
    expect(oneLineError(await cli('user', 'list', '--org', 'no-such-org'))).toMatch(/^contactd: /);
  });

  it('api-key create --permissions webhooks:write gives webhooks:read too, and nothing of contacts', async () => {
    const created = singleJson(await cli('api-key', 'create', '--org', orgId, '--user', userId, '--permissions', 'webhooks:write', '--json'));
    const keys = (singleJson(await cli('api-key', 'list', '--org', orgId, '--json')).api_keys as Array<{ id: string; permissions: string[] }>);
    expect(keys.find((k) => k.id === created.id)?.permissions).toEqual(['webhooks:read', 'webhooks:write']);
  });

  it('api-key create --json prints exactly {"id","api_key"}, read+write by default; --permissions, --expires-at, --name; list shows them, never the key', async () => {
    const [created, limited] = await Promise.all([
      cli('api-key', 'create', '--org', orgId, '--user', userId, '--json').then(singleJson),
      cli('api-key', 'create', '--org', orgId, '--user', userId, '--permissions', 'contacts:read', '--expires-at', '2031-01-02T03:04:05Z', '--name', 'reporting', '--json').then(singleJson),
    ]);
    expect(Object.keys(created).sort()).toEqual(['api_key', 'id']);
    expect(created.api_key).toMatch(/^ctd_[A-Za-z0-9_-]{43}$/);
    const [json, text] = await Promise.all([cli('api-key', 'list', '--org', orgId, '--json'), cli('api-key', 'list', '--org', orgId)]);
    const keys = singleJson(json).api_keys as Array<Record<string, unknown>>;
    expect(keys.find((k) => k.id === created.id)).toMatchObject({ permissions: ['contacts:read', 'contacts:write'], revoked_at: null, expires_at: null, user_id: userId });
    expect(keys.find((k) => k.id === limited.id)).toMatchObject({ name: 'reporting', permissions: ['contacts:read'], expires_at: '2031-01-02T03:04:05.000Z' });
    for (const output of [json.stdout, text.stdout]) {
      expect(output).not.toContain(created.api_key as string);
      expect(output).not.toContain(limited.api_key as string);
    }
    // Without --json: one readable line per key.
    expect(text.code).toBe(0);
    expect(text.stdout.trim().split('\n')).toHaveLength(keys.length);
    expect(text.stdout).toContain('permissions: ');
  });

  it('api-key revoke stamps revoked_at, and list shows it', async () => {
    const created = singleJson(await cli('api-key', 'create', '--org', orgId, '--user', userId, '--json'));
    const revoked = singleJson(await cli('api-key', 'revoke', created.id as string, '--json'));
    expect(revoked.id).toBe(created.id);
    expect(Date.parse(revoked.revoked_at as string)).not.toBeNaN();
    const keys = singleJson(await cli('api-key', 'list', '--org', orgId, '--json')).api_keys as Array<Record<string, unknown>>;
    expect(keys.find((k) => k.id === created.id)?.revoked_at).toBe(revoked.revoked_at);
  });

  it('ids written in capitals (as some tools copy a UUID) name the same records: api-key revoke revokes the key, --org and --user find theirs', async () => {
    const created = singleJson(await cli('api-key', 'create', '--org', orgId.toUpperCase(), '--user', userId.toUpperCase(), '--json'));
    expect(created.id).toMatch(UUID);
    const revoked = singleJson(await cli('api-key', 'revoke', (created.id as string).toUpperCase(), '--json'));
    expect(revoked.id).toBe(created.id);
    const keys = singleJson(await cli('api-key', 'list', '--org', orgId.toUpperCase(), '--json')).api_keys as Array<Record<string, unknown>>;
    expect(keys.find((k) => k.id === created.id)?.revoked_at).toBe(revoked.revoked_at);
    const [users, teams] = await Promise.all([cli('user', 'list', '--org', orgId.toUpperCase(), '--json'), cli('team', 'list', '--org', orgId.toUpperCase(), '--json')]);
    expect((singleJson(users).users as Array<{ id: string }>).map((u) => u.id)).toContain(userId);
    expect(singleJson(teams).teams).toEqual(expect.any(Array));
  });

  it('stage list --json includes working / Working (DATABASE_URL read when --database-url is absent)', async () => {
    const stages = singleJson(await runCli(['stage', 'list', '--org', orgId, '--json'], { DATABASE_URL: `sqlite:${file}` })).stages as Array<Record<string, unknown>>;
    expect(stages.map((s) => s.api_name)).toEqual(['new', 'working', 'qualified', 'unqualified', 'customer', 'churned']);
    expect(stages.find((s) => s.api_name === 'working')?.display_value).toBe('Working');
  });

  it('exit 1, one line on stderr for an unknown organization', async () => {
    const [user, team, list] = await Promise.all([
      cli('user', 'create', '--org', '01a21db6-0000-7000-8000-000000000000', '--email', 'x@example.com', '--json'),
      cli('team', 'create', '--org', 'no-such-org', '--name', 'T', '--json'),
      cli('stage', 'list', '--org', 'no-such-org'),
    ]);
    expect(oneLineError(user)).toMatch(/no organization 01a21db6-0000-7000-8000-000000000000/);
    expect(oneLineError(team)).toMatch(/no organization no-such-org/);
    expect(oneLineError(list)).toMatch(/no organization/);
  });

  it('exit 1, one line on stderr for a bad email, a duplicate email, bad permissions, a past expiry, an unknown key id', async () => {
    const results = await Promise.all([
      cli('user', 'create', '--org', orgId, '--email', 'not-an-email', '--json'),
      cli('user', 'create', '--org', orgId, '--email', 'owner@acme.example', '--json'),
      cli('api-key', 'create', '--org', orgId, '--user', userId, '--permissions', 'contacts:admin', '--json'),
      cli('api-key', 'create', '--org', orgId, '--user', userId, '--expires-at', '2001-01-01T00:00:00Z', '--json'),
      cli('api-key', 'revoke', 'no-such-key'),
    ]);
    const messages = results.map(oneLineError);
    expect(messages[0]).toMatch(/not a valid email address/);
    expect(messages[1]).toMatch(/already exists/);
    expect(messages[2]).toMatch(/permissions/);
    expect(messages[3]).toMatch(/expires-at/);
    expect(messages[4]).toMatch(/no API key no-such-key/);
  });

  it('api-key create refuses an --expires-at that is not a real ISO-8601 date (no roll-over, no year 99999, no empty value meaning "never") and creates no key', async () => {
    const before = (singleJson(await cli('api-key', 'list', '--org', orgId, '--json')).api_keys as unknown[]).length;
    const results = await Promise.all(['2031-02-31T00:00:00Z', '99999', 'June 1, 2031', ''].map((expiresAt) => cli('api-key', 'create', '--org', orgId, '--user', userId, '--expires-at', expiresAt, '--json')));
    for (const message of results.map(oneLineError)) expect(message).toMatch(/^contactd: expires-at must be an ISO-8601 date or timestamp/);
    expect((singleJson(await cli('api-key', 'list', '--org', orgId, '--json')).api_keys as unknown[]).length).toBe(before);
  });

  it('exit non-zero, one line on stderr for a missing flag, an unknown command and a bad database URL', async () => {
    const [missing, unknown, badUrl, noFile] = await Promise.all([
      cli('user', 'create', '--org', orgId, '--json'),
      cli('frobnicate'),
      runCli(['--database-url', 'mysql://localhost/x', 'migrate']),
      // Not a database in memory that "migrates" and is gone at exit.
      runCli(['--database-url', 'sqlite:', 'migrate']),
    ]);
    expect(oneLineError(missing)).toMatch(/--email/);
    expect(oneLineError(unknown)).toMatch(/frobnicate/);
    expect(oneLineError(badUrl)).toMatch(/unsupported database URL/);
    expect(oneLineError(noFile)).toMatch(/unsupported database URL "sqlite:"/);
  });

  it('exit 1 quoting a malformed DATABASE_URL or REDIS_URL with its password masked (the line goes to stderr, and on to the logs)', async () => {
    const both = oneLineError(await runCli(['serve'], { DATABASE_URL: 'mysql://app:dbs3cret@db.internal/crm', REDIS_URL: 'http://:r3dis-pw@redis.internal:6379' }));
    expect(both).toContain('"mysql://app:***@db.internal/crm"');
    expect(both).toContain('"http://:***@redis.internal:6379"');
    const flag = oneLineError(await runCli(['--database-url', 'mysql://app:p@ss-word@db.internal/crm', 'migrate']));
    expect(flag).toContain('"mysql://app:***@db.internal/crm"');
    for (const line of [both, flag]) for (const secret of ['dbs3cret', 'r3dis-pw', 'ss-word']) expect(line).not.toContain(secret);
  });

  it('exit 1 naming the flag when --database-url is empty, instead of acting on the database DATABASE_URL names', async () => {
    const other = join(dir, 'other.sqlite');
    const result = await runCli(['--database-url', '', 'org', 'create', '--name', 'Elsewhere', '--json'], { DATABASE_URL: `sqlite:${other}` });
    expect(oneLineError(result)).toMatch(/--database-url/);
    const migrated = await runCli(['--database-url', ' ', 'migrate'], { DATABASE_URL: `sqlite:${other}` });
    expect(oneLineError(migrated)).toMatch(/--database-url/);
    expect(existsSync(other)).toBe(false);
  });

  it.skipIf(!existsSync('/dev/full'))('exit 1 with one line on stderr, never a stack trace, when stdout cannot be written (a full disk), saying the command ran', async () => {
    const full = openSync('/dev/full', 'w');
    const result = await new Promise<CliResult>((resolve, reject) => {
      const child = spawn(process.execPath, [...CONTACTD, '--database-url', `sqlite:${file}`, 'org', 'create', '--name', 'Full disk', '--json'], { env: childEnv(), stdio: ['ignore', full, 'pipe'] });
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout: '', stderr }));
    }).finally(() => closeSync(full));
    expect(oneLineError(result)).toMatch(/^contactd: the command ran, but its output could not be written: ENOSPC/);
  });

  it('exit 1 naming the flag when serve --port is empty, instead of listening on a random port', async () => {
    expect(oneLineError(await cli('serve', '--port', ''))).toMatch(/--port must be an integer/);
  });

  it('exit 1 naming the flag when serve --host is empty, instead of listening on every interface', async () => {
    // Without the check the server starts on [::]; stop it at its listening line so the test fails rather than hangs.
    const result = await new Promise<CliResult>((resolve, reject) => {
      const child = spawn(process.execPath, [...CONTACTD, '--database-url', `sqlite:${file}`, 'serve', '--port', '0', '--host', ''], { env: childEnv({ LOG_LEVEL: 'silent' }), stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('contactd listening')) child.kill('SIGTERM');
      });
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(oneLineError(result)).toMatch(/--host must be an address or host name/);
  });

  it('exit 1 naming the flag when --port, --workers or --resume-from is not written in decimal (0x1F90 was read as 8080)', async () => {
    expect(oneLineError(await cli('serve', '--port', '0x1F90'))).toMatch(/--port must be an integer/);
    expect(oneLineError(await cli('serve', '--workers', '2e0'))).toMatch(/--workers must be an integer/);
    expect(oneLineError(await cli('import', 'nothing.csv', '--org', 'any', '--resume-from', '0x10'))).toMatch(/--resume-from is a line number/);
    expect(oneLineError(await cli('import', 'nothing.csv', '--org', 'any', '--resume-from', ''))).toMatch(/--resume-from is a line number/);
  });

  it('exit 1, every bad variable on one stderr line when the environment is invalid', async () => {
    const line = oneLineError(await runCli(['migrate'], { DATABASE_URL: `sqlite:${file}`, LOG_LEVEL: 'loud', PORT: 'x' }));
    expect(line).toMatch(/LOG_LEVEL/);
    expect(line).toMatch(/PORT/);
  });
});

describe('contactd CLI beside a running server on the same SQLite file', { timeout: 120_000 }, () => {
  const file = join(dir, 'shared.sqlite');
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServe(['--database-url', `sqlite:${file}`], { LOG_LEVEL: 'warn', CONTACTD_BOOTSTRAP_API_KEY: 'shared-file-bootstrap-key-000000' });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('201 with a key the CLI created while the server had the file open, with the server writing at the same time', async () => {
    const cli = (...args: string[]) => runCli(['--database-url', `sqlite:${file}`, ...args]);
    const serverWrites = (async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 20; i += 1) {
        const res = await fetch(`${server.url}/api/v2/contact`, { method: 'POST', headers: { 'x-api-key': 'shared-file-bootstrap-key-000000', 'content-type': 'application/json' }, body: JSON.stringify({ attributes: { first_name: `Busy${i}` } }) });
        statuses.push(res.status);
      }
      return statuses;
    })();
    const org = singleJson(await cli('org', 'create', '--name', 'Shared', '--json'));
    const user = singleJson(await cli('user', 'create', '--org', org.id as string, '--email', 'shared@example.com', '--json'));
    const key = singleJson(await cli('api-key', 'create', '--org', org.id as string, '--user', user.id as string, '--json')).api_key as string;
    expect(await serverWrites).toEqual(Array(20).fill(201));

    const res = await fetch(`${server.url}/api/v2/contact`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ attributes: { first_name: 'FromCliKey' } }) });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { data: { attributes: { organization_id: { value: string } } } };
    expect(body.data.attributes.organization_id.value).toBe(org.id);
  });
});

// PostgreSQL runs only where CONTACTD_TEST_POSTGRES_URL names a server (.ci/run sets it).
describeWhenAvailable('contactd CLI on PostgreSQL', POSTGRES_MISSING, () => {
  const schema = `cli_${randomBytes(6).toString('hex')}`;
  const url = (() => {
    const parsed = new URL(POSTGRES_URL ?? 'postgres://unset');
    parsed.searchParams.set('schema', schema);
    return parsed.toString();
  })();
  afterAll(async () => {
    const database = openDatabase(url);
    await sql.raw(`drop schema if exists "${schema}" cascade`).execute(database.db);
    await database.close();
  });

  it('migrate, org create and list, user create and list, team create and list, api-key create and stage list work against a PostgreSQL schema', async () => {
    expect((await runCli(['--database-url', url, 'migrate'])).stdout).toMatch(/^applied /);
    const org = singleJson(await runCli(['org', 'create', '--name', 'PG Org', '--json'], { DATABASE_URL: url }));
    const user = singleJson(await runCli(['--database-url', url, 'user', 'create', '--org', org.id as string, '--email', 'pg@example.com', '--json']));
    const key = singleJson(await runCli(['--database-url', url, 'api-key', 'create', '--org', org.id as string, '--user', user.id as string, '--json']));
    expect(key.api_key).toMatch(/^ctd_/);
    const stages = singleJson(await runCli(['--database-url', url, 'stage', 'list', '--org', org.id as string, '--json'])).stages as Array<Record<string, unknown>>;
    expect(stages.find((s) => s.api_name === 'working')?.display_value).toBe('Working');
    const team = singleJson(await runCli(['--database-url', url, 'team', 'create', '--org', org.id as string, '--name', 'PG Team', '--json']));
    const [orgs, users, teams] = await Promise.all([
      runCli(['--database-url', url, 'org', 'list', '--json']).then(singleJson),
      runCli(['--database-url', url, 'user', 'list', '--org', org.id as string, '--json']).then(singleJson),
      runCli(['--database-url', url, 'team', 'list', '--org', org.id as string, '--json']).then(singleJson),
    ]);
    expect(orgs.organizations).toEqual([{ id: org.id, name: 'PG Org', created_at: expect.any(String) }]);
    expect(users.users).toEqual([{ id: user.id, email: 'pg@example.com', name: null, created_at: expect.any(String) }]);
    expect(teams.teams).toEqual([{ id: team.id, name: 'PG Team', created_at: expect.any(String) }]);
    const database = openDatabase(url);
    try {
      const rows = await sql<{ n: string }>`select count(*) as n from ${sql.id(schema, 'organizations')}`.execute(database.db);
      expect(Number(rows.rows[0]?.n)).toBe(1);
    } finally {
      await database.close();
    }
  });
}, { timeout: 120_000 });
