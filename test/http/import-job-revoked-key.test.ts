import { afterEach, beforeEach, expect, it } from 'vitest';
import { startImportRunner, type ImportRunner } from '../../src/jobs/import-runner.ts';
import { describeEachDialect } from '../helpers/databases.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

interface Job { id: string; status: string; counts: { rows: number; created: number; updated: number; failed: number }; error: { code: string; message: string } | null }

describeEachDialect('an import job whose API key is revoked', (dialect) => {
  let t: TestApp;
  let runner: ImportRunner | null = null;

  beforeEach(async () => {
    t = await createTestApp(dialect);
  });
  afterEach(async () => {
    await runner?.stop();
    runner = null;
    await t.close();
  });

  // The runner is started by the test, so that a job can wait in the queue while its key is revoked.
  const startRunner = () => {
    runner = startImportRunner({ store: t.app.importWork.store, contacts: t.app.importWork.contacts, batchRows: 2, claimMs: 30_000, pollIntervalMs: 20 });
  };
  const upload = async (key: string, csv: string): Promise<string> => {
    const res = await t.request({ method: 'POST', url: '/api/v2/contact/_import', headers: { 'content-type': 'text/csv' }, payload: csv, key });
    expect(res.statusCode, res.body).toBe(202);
    return (res.json() as { data: Job }).data.id;
  };
  const finished = async (id: string): Promise<Job> => {
    const read = async () => (await t.request({ method: 'GET', url: `/api/v2/import/${id}` })).json() as { data: Job };
    await expect.poll(async () => (await read()).data.status, { timeout: 20_000, interval: 25 }).toMatch(/^(completed|failed)$/);
    return (await read()).data;
  };
  const names = async (): Promise<string[]> => {
    const res = await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: { limit: 100 } });
    return (res.json() as { data: Array<{ attributes: { first_name: { value: string } } }> }).data.map((c) => c.attributes.first_name.value).sort();
  };

  it('writes nothing more once the key is revoked: a job queued before the revocation fails with unauthenticated and creates no contact', async () => {
    const { id: keyId, key } = await t.newKey(t.org, ['contacts:write']);
    const jobId = await upload(key, 'first_name\r\nAda\r\nAlan\r\nGrace\r\nKatherine\r\nMargaret\r\n');
    await t.tenancy.revokeApiKey(keyId);
    startRunner();
    const job = await finished(jobId);
    expect(job.status).toBe('failed');
    expect(job.error?.code).toBe('unauthenticated');
    expect(job.error?.message).toMatch(/revoked/);
    expect(job.counts).toEqual({ rows: 0, created: 0, updated: 0, failed: 0 });
    expect(await names()).toEqual([]);
    // No change event either: nothing was written in the key's name after its revocation.
    const events = await t.request({ method: 'POST', url: '/api/v2/event/_query', body: {} });
    expect((events.json() as { data: unknown[] }).data).toEqual([]);
  });

  it('a job of a key that is not revoked runs to completion, and another key\'s revocation does not touch it', async () => {
    const { key } = await t.newKey(t.org, ['contacts:write']);
    const other = await t.newKey(t.org, ['contacts:write']);
    const jobId = await upload(key, 'first_name\r\nAda\r\nAlan\r\nGrace\r\n');
    await t.tenancy.revokeApiKey(other.id);
    startRunner();
    const job = await finished(jobId);
    expect(job).toMatchObject({ status: 'completed', counts: { rows: 3, created: 3, updated: 0, failed: 0 }, error: null });
    expect(await names()).toEqual(['Ada', 'Alan', 'Grace']);
  });
});
