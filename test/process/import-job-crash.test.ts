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
  let testDb: TestDatabase | null = null;
  const file = join(tmpdir(), `contactd-import-crash-${randomUUID()}.sqlite`);
  afterAll(async () => {
    for (const c of children) await c.kill();
    await testDb?.destroy();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  });

  // Enough rows that the kill lands mid-way on either dialect (SQLite writes these batches several times faster).
  const ROWS = dialect === 'sqlite' ? 10_000 : 4000;

  it('a job killed mid-way resumes after the restart from its last committed batch and completes with every row written exactly once', { timeout: 180_000 }, async () => {
    testDb = await openTestDatabase(dialect, { sqliteFile: file, migrate: false });
    const key = newBootstrapKey();
    // Small batches (many checkpoints to die between) and a short claim (the dead process's claim runs out soon).
    const env = { DATABASE_URL: testDb.url, CONTACTD_BOOTSTRAP_API_KEY: key, IMPORT_BATCH_ROWS: '25', IMPORT_CLAIM_MS: '1500' };
    const jobOf = async (server: ChildServer, id: string): Promise<Job> => {
      const res = await fetch(`${server.url}/api/v2/import/${id}`, { headers: { authorization: `Bearer ${key}` } });
      expect(res.status).toBe(200);
      return ((await res.json()) as { data: Job }).data;
    };
    const first = await startChildServer(env);
    children.push(first);
    // No match: every row creates, so a batch written twice would show as duplicate contacts.
    const csv = ['first_name,primary_email', ...Array.from({ length: ROWS }, (_, i) => `Row${i},row${i}@example.com`)].join('\n');
    const res = await fetch(`${first.url}/api/v2/contact/_import`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' }, body: csv });
    expect(res.status).toBe(202);
    const { id } = ((await res.json()) as { data: Job }).data;
    await expect.poll(async () => (await jobOf(first, id)).counts.rows, { timeout: 60_000, interval: 20 }).toBeGreaterThanOrEqual(100);
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
    await expect.poll(async () => (await jobOf(second, id)).status, { timeout: 120_000, interval: 100 }).toBe('completed');
    expect((await jobOf(second, id)).counts).toEqual({ rows: ROWS, created: ROWS, updated: 0, failed: 0 });
    const counts = (await sql<{ n: number; emails: number }>`select count(*) as n, count(distinct primary_email) as emails from contacts`.execute(db)).rows[0];
    expect(Number(counts?.n)).toBe(ROWS);
    expect(Number(counts?.emails)).toBe(ROWS);
    const events = (await sql<{ n: number }>`select count(*) as n from contact_events where source = 'CSV_IMPORT'`.execute(db)).rows[0];
    expect(Number(events?.n)).toBe(ROWS);
    // The uploaded file is gone once the job is done.
    expect(Number((await sql<{ n: number }>`select count(*) as n from import_job_chunks`.execute(db)).rows[0]?.n)).toBe(0);
  });
});
