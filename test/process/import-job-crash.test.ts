import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { newBootstrapKey, startChildServer, type ChildServer } from '../helpers/child-server.ts';
import { describeEachDialect, openTestDatabase, type TestDatabase } from '../helpers/databases.ts';

interface Job { id: string; status: string; counts: { rows: number; created: number; updated: number; failed: number } }

describeEachDialect('an import job across a kill -9', (dialect) => {
  const children: ChildServer[] = [];
  const databases: TestDatabase[] = [];
  const files: string[] = [];
  afterAll(async () => {
    for (const c of children) await c.kill();
    for (const d of databases) await d.destroy();
    for (const file of files) for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  });
  const freshDatabase = async (): Promise<TestDatabase> => {
    const file = join(tmpdir(), `contactd-import-crash-${randomUUID()}.sqlite`);
    files.push(file);
    const db = await openTestDatabase(dialect, { sqliteFile: file, migrate: false });
    databases.push(db);
    return db;
  };
  const csvOf = (rows: number) => ['first_name,primary_email', ...Array.from({ length: rows }, (_, i) => `Row${i},row${i}@example.com`)].join('\n');
  const jobOf = async (server: ChildServer, key: string, id: string): Promise<Job> => {
    const res = await fetch(`${server.url}/api/v2/import/${id}`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { data: Job }).data;
  };
  const startJob = async (server: ChildServer, key: string, rows: number): Promise<string> => {
    const res = await fetch(`${server.url}/api/v2/contact/_import`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' }, body: csvOf(rows) });
    expect(res.status).toBe(202);
    return ((await res.json()) as { data: Job }).data.id;
  };
  const contactCounts = async (testDb: TestDatabase) => {
    const row = (await sql<{ n: number; emails: number }>`select count(*) as n, count(distinct primary_email) as emails from contacts`.execute(testDb.database.db)).rows[0];
    return { contacts: Number(row?.n), emails: Number(row?.emails) };
  };

  // Enough rows that the kill lands mid-way on either dialect (SQLite writes these batches several times faster).
  const ROWS = dialect === 'sqlite' ? 5000 : 1500;

  it('a job killed mid-way resumes after the restart from its last committed batch and completes with every row written exactly once', { timeout: 180_000 }, async () => {
    const testDb = await freshDatabase();
    const key = newBootstrapKey();
    // Small batches (many checkpoints to die between) and a short claim (the dead process's claim runs out soon).
    const env = { DATABASE_URL: testDb.url, CONTACTD_BOOTSTRAP_API_KEY: key, IMPORT_BATCH_ROWS: '25', IMPORT_CLAIM_MS: '1500' };
    const first = await startChildServer(env);
    children.push(first);
    // No match: every row creates, so a batch written twice would show as duplicate contacts.
    const id = await startJob(first, key, ROWS);
    await expect.poll(async () => (await jobOf(first, key, id)).counts.rows, { timeout: 60_000, interval: 20 }).toBeGreaterThanOrEqual(100);
    await first.kill('SIGKILL');

    const db = testDb.database.db;
    const committed = await db.selectFrom('import_jobs').select(['status', 'rows', 'next_line']).where('id', '=', id).executeTakeFirstOrThrow();
    // Killed mid-way: the job is still running, with part of the file done.
    expect(committed.status).toBe('running');
    expect(Number(committed.rows)).toBeLessThan(ROWS);
    const contactsAtKill = Number((await sql<{ n: number }>`select count(*) as n from contacts`.execute(db)).rows[0]?.n);
    // What the job row says is committed is exactly what is in the contacts table.
    expect(contactsAtKill).toBe(Number(committed.rows));
    expect(Number(committed.next_line)).toBe(Number(committed.rows) + 2);

    const second = await startChildServer(env);
    children.push(second);
    await expect.poll(async () => (await jobOf(second, key, id)).status, { timeout: 120_000, interval: 100 }).toBe('completed');
    expect((await jobOf(second, key, id)).counts).toEqual({ rows: ROWS, created: ROWS, updated: 0, failed: 0 });
    expect(await contactCounts(testDb)).toEqual({ contacts: ROWS, emails: ROWS });
    const events = (await sql<{ n: number }>`select count(*) as n from contact_events where source = 'CSV_IMPORT'`.execute(db)).rows[0];
    expect(Number(events?.n)).toBe(ROWS);
    // The uploaded file is gone once the job is done.
    expect(Number((await sql<{ n: number }>`select count(*) as n from import_job_chunks`.execute(db)).rows[0]?.n)).toBe(0);
  });

  it('a dry-run job stopped mid-way starts over after the restart: its counts and report are those of an uninterrupted dry run', { timeout: 180_000 }, async () => {
    const testDb = await freshDatabase();
    const key = newBootstrapKey();
    const env = { DATABASE_URL: testDb.url, CONTACTD_BOOTSTRAP_API_KEY: key, IMPORT_BATCH_ROWS: '25', IMPORT_CLAIM_MS: '600000' };
    const first = await startChildServer(env);
    children.push(first);
    // The second half repeats the first half's emails: each of those rows is a duplicate_value of a contact
    // an earlier batch would have created, including batches from before the stop.
    const half = ROWS / 2;
    const csv = ['first_name,primary_email', ...Array.from({ length: ROWS }, (_, i) => `Row${i},row${i % half}@example.com`)].join('\n');
    const res = await fetch(`${first.url}/api/v2/contact/_import?dry_run=true`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' }, body: csv });
    expect(res.status).toBe(202);
    const id = ((await res.json()) as { data: Job }).data.id;
    await expect.poll(async () => (await jobOf(first, key, id)).counts.rows, { timeout: 60_000, interval: 20 }).toBeGreaterThanOrEqual(100);
    await first.kill('SIGTERM');
    const db = testDb.database.db;
    const atStop = await db.selectFrom('import_jobs').select(['status', 'rows']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(atStop.status).toBe('running');
    expect(Number(atStop.rows)).toBeLessThan(half);

    const second = await startChildServer(env);
    children.push(second);
    await expect.poll(async () => (await jobOf(second, key, id)).status, { timeout: 120_000, interval: 100 }).toBe('completed');
    expect((await jobOf(second, key, id)).counts).toEqual({ rows: ROWS, created: half, updated: 0, failed: half });
    const report = await fetch(`${second.url}/api/v2/import/${id}/errors`, { headers: { authorization: `Bearer ${key}` } });
    expect(report.status).toBe(200);
    const lines = (await report.text()).trim().split('\n').slice(1);
    // One line per repeated row, each once (the report of the run before the stop was dropped with it).
    expect(lines).toHaveLength(half);
    expect(new Set(lines.map((l) => l.split(',')[0])).size).toBe(half);
    expect(lines.every((l) => l.includes('duplicate_value'))).toBe(true);
    expect((await contactCounts(testDb)).contacts).toBe(0);
  });

  it('SIGTERM mid-job: the batch in flight commits, the job is handed back, and the next start resumes it at once', { timeout: 180_000 }, async () => {
    const testDb = await freshDatabase();
    const key = newBootstrapKey();
    // A claim far longer than the test may wait: the restart only resumes in time if the stop handed the job back.
    const env = { DATABASE_URL: testDb.url, CONTACTD_BOOTSTRAP_API_KEY: key, IMPORT_BATCH_ROWS: '25', IMPORT_CLAIM_MS: '600000' };
    const first = await startChildServer(env);
    children.push(first);
    const id = await startJob(first, key, ROWS);
    await expect.poll(async () => (await jobOf(first, key, id)).counts.rows, { timeout: 60_000, interval: 20 }).toBeGreaterThanOrEqual(100);
    await first.kill('SIGTERM');
    expect(first.process.exitCode).toBe(0);
    const db = testDb.database.db;
    const stopped = await db.selectFrom('import_jobs').select(['status', 'rows', 'claim_token']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(stopped).toMatchObject({ status: 'running', claim_token: null });
    expect(Number(stopped.rows)).toBeLessThan(ROWS);
    expect((await contactCounts(testDb)).contacts).toBe(Number(stopped.rows));

    const second = await startChildServer(env);
    children.push(second);
    await expect.poll(async () => (await jobOf(second, key, id)).status, { timeout: 120_000, interval: 100 }).toBe('completed');
    expect((await jobOf(second, key, id)).counts).toEqual({ rows: ROWS, created: ROWS, updated: 0, failed: 0 });
    expect(await contactCounts(testDb)).toEqual({ contacts: ROWS, emails: ROWS });
  });
});
