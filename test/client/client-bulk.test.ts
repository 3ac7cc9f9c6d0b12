import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactdError, createContactdClient, type ContactdClient, type ContactRecord } from '../../packages/client/src/index.ts';
import { startImportRunner, type ImportRunner } from '../../src/jobs/import-runner.ts';
import { describeEachDialect } from '../helpers/databases.ts';
import { responseValidatorFor, validatingFetch } from '../helpers/openapi-validator.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

// The @contactd/client bulk methods (_batch, _export, import jobs) against a listening server; every response is
// checked against the OpenAPI document too.
describeEachDialect('@contactd/client bulk methods against a live server', (dialect) => {
  let t: TestApp;
  let client: ContactdClient;
  let runner: ImportRunner;
  let origin: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    runner = startImportRunner({ store: t.app.importWork.store, contacts: t.app.importWork.contacts, batchRows: 50, claimMs: 30_000, pollIntervalMs: 20 });
    t.app.importWork.onJobCreated(() => runner.poke());
    origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
    client = createContactdClient({ baseUrl: origin, apiKey: t.org.key, fetch: validatingFetch(responseValidatorFor(t.app.swagger())) });
  });
  afterAll(async () => {
    await runner.stop();
    await t.close();
  });

  it('batchContacts: one typed result per operation; atomic failure throws a ContactdError with per-operation details; an Idempotency-Key replays', async () => {
    const results = await client.batchContacts({ operations: [{ op: 'create', attributes: { first_name: 'B1', primary_email: 'b1@example.com' } }, { op: 'create', attributes: { primary_email: 'not-an-email' } }] });
    expect(results.map((r) => r.status)).toEqual([201, 422]);
    expect(results[0]?.data?.attributes.first_name.value).toBe('B1');
    expect(results[1]?.error?.code).toBe('validation_failed');
    const atomic = await client.batchContacts({ atomic: true, operations: [{ op: 'create', attributes: { first_name: 'B2' } }, { op: 'create', attributes: { primary_email: 'bad' } }] }).catch((e: unknown) => e);
    expect(atomic).toBeInstanceOf(ContactdError);
    expect((atomic as ContactdError).status).toBe(422);
    expect((atomic as ContactdError).details.some((d) => String(d.path).startsWith('/operations/1'))).toBe(true);
    const key = `batch-${dialect}-${Date.now()}`;
    const first = await client.batchContacts({ operations: [{ op: 'create', attributes: { first_name: 'Idem' } }] }, { idempotencyKey: key });
    const again = await client.batchContacts({ operations: [{ op: 'create', attributes: { first_name: 'Idem' } }] }, { idempotencyKey: key });
    expect(again[0]?.data?.id).toBe(first[0]?.data?.id);
  });

  it('exportContacts: an async iterator of records parsed from the NDJSON stream; breaking early is fine; CSV streams as text', async () => {
    const org = await t.newOrg();
    // The export streams: this client reads it without the validating fetch, which buffers each body.
    const c = createContactdClient({ baseUrl: origin, apiKey: org.key });
    const operations = Array.from({ length: 100 }, (_, i) => ({ op: 'create' as const, attributes: { first_name: `E${i}`, primary_email: `e${i}@example.com`, title: i % 2 === 0 ? 'Even' : 'Odd' } }));
    await c.batchContacts({ operations });
    await c.batchContacts({ operations: operations.map((o, i) => ({ ...o, attributes: { ...o.attributes, first_name: `F${i}`, primary_email: `f${i}@example.com` } })) });
    const all: ContactRecord[] = [];
    for await (const record of c.exportContacts()) all.push(record);
    expect(all).toHaveLength(200);
    expect(new Set(all.map((r) => r.id)).size).toBe(200);
    const even: string[] = [];
    for await (const record of c.exportContacts({ filters: [{ field: 'title', operator: 'eq', value: 'Even' }] })) even.push(String(record.attributes.first_name.value));
    expect(even).toHaveLength(100);
    let seen = 0;
    for await (const record of c.exportContacts()) {
      expect(record.record_type).toBe('contact');
      seen += 1;
      if (seen === 3) break;
    }
    expect(seen).toBe(3);
    let csv = '';
    for await (const chunk of c.exportContactsCsv({ search: 'e7@example.com' })) csv += chunk;
    const rows = parse(csv, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.primary_email)).toEqual(['e7@example.com']);
    const bad = await (async () => {
      for await (const record of c.exportContacts({ filters: [{ field: 'nope', operator: 'eq', value: 1 }] })) void record;
    })().catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ContactdError);
    expect((bad as ContactdError).status).toBe(422);
  });

  it('exportContacts and exportContactsCsv: an abort while the consumer handles the first item rejects with the signal\'s reason at once, instead of leaving the iteration pending for ever', async () => {
    const org = await t.newOrg();
    const c = createContactdClient({ baseUrl: origin, apiKey: org.key });
    await c.batchContacts({ operations: Array.from({ length: 5 }, (_, i) => ({ op: 'create' as const, attributes: { first_name: `Abort${i}` } })) });
    // The whole (small) export has arrived when the consumer aborts: Node's fetch then never settles the next read.
    const stalled = new Promise<string>((resolve) => setTimeout(() => resolve('still pending'), 2000).unref());
    const records = async () => {
      const abort = new AbortController();
      let seen = 0;
      for await (const record of c.exportContacts({}, abort.signal)) {
        void record;
        seen += 1;
        abort.abort(new Error('stop the export'));
      }
      return `ended after ${seen}`;
    };
    expect(await Promise.race([records().catch((e: unknown) => `${(e as Error).message} after the first record`), stalled])).toBe('stop the export after the first record');
    const csv = async () => {
      const abort = new AbortController();
      for await (const chunk of c.exportContactsCsv({}, abort.signal)) {
        void chunk;
        abort.abort(new Error('stop the CSV'));
      }
      return 'ended';
    };
    expect(await Promise.race([csv().catch((e: unknown) => (e as Error).message), stalled])).toBe('stop the CSV');
  });

  it('startImport → waitForImport → getImportErrors: a CSV job with a mapping, match and a bad row; a dry run; NDJSON from bytes', async () => {
    // Column names with a comma and a quote: the client quotes their pairs as the server reads them (one CSV record).
    const csv = '"Given, first","E-mail ""work"""\nAda,ada.client@example.com\nBad,not-an-email\n';
    const job = await client.startImport(csv, { format: 'csv', map: { 'Given, first': 'first_name', 'E-mail "work"': 'primary_email' } });
    expect(job.status).toBe('queued');
    const done = await client.waitForImport(job.id, { intervalMs: 20 });
    expect(done).toMatchObject({ status: 'completed', counts: { rows: 2, created: 1, updated: 0, failed: 1 } });
    const report = parse(await client.getImportErrors(job.id)) as string[][];
    expect(report.slice(1).map((r) => [r[0], r[1], r[2]])).toEqual([['3', 'primary_email', 'field_value_invalid']]);
    const upsert = await client.waitForImport((await client.startImport(new TextEncoder().encode('{"primary_email":"ada.client@example.com","title":"Countess"}\n'), { format: 'ndjson', match: 'primary_email' })).id, { intervalMs: 20 });
    expect(upsert.counts).toEqual({ rows: 1, created: 0, updated: 1, failed: 0 });
    const dry = await client.waitForImport((await client.startImport('first_name\nDry\n', { format: 'csv', dryRun: true })).id, { intervalMs: 20 });
    expect(dry).toMatchObject({ dry_run: true, counts: { rows: 1, created: 1 } });
    const refused = await client.startImport('first_name,shoe_size\nA,1\n', { format: 'csv' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ContactdError);
    expect((refused as ContactdError).code).toBe('validation_failed');
    const ignored = await client.startImport('first_name,shoe_size\nA,1\n', { format: 'csv', ignoreUnknownColumns: true });
    expect((await client.waitForImport(ignored.id, { intervalMs: 20 })).counts.created).toBe(1);
    const missing = await client.getImport('0190b7a0-0000-7000-8000-000000000000').catch((e: unknown) => e);
    expect((missing as ContactdError).status).toBe(404);
  });
});

describe('@contactd/client waitForImport', () => {
  it('rejects with the signal\'s reason as soon as the signal aborts, not at the end of the interval', async () => {
    const queued = { data: { id: '0190a000-0000-7000-8000-000000000001', status: 'queued' } };
    const client = createContactdClient({ baseUrl: 'http://contactd.invalid', fetch: async () => new Response(JSON.stringify(queued), { status: 200, headers: { 'content-type': 'application/json' } }) });
    const abort = new AbortController();
    const startedAt = Date.now();
    setTimeout(() => abort.abort(new Error('stop waiting')), 50);
    await expect(client.waitForImport(queued.data.id, { intervalMs: 60_000, signal: abort.signal })).rejects.toThrow('stop waiting');
    expect(Date.now() - startedAt).toBeLessThan(5000);
  });

  it('rejects with the signal\'s reason when the signal aborts while a status request is in flight, and cancels that request', async () => {
    const queued = { data: { id: '0190a000-0000-7000-8000-000000000001', status: 'queued' } };
    const abort = new AbortController();
    let requestSignal: AbortSignal | null = null;
    const client = createContactdClient({
      baseUrl: 'http://contactd.invalid',
      // The status request answers only after the abort (or when its own signal aborts it).
      fetch: async (request) => {
        requestSignal = request.signal;
        setTimeout(() => abort.abort(new Error('stop waiting')), 0);
        await new Promise((resolve) => {
          request.signal.addEventListener('abort', resolve, { once: true });
          setTimeout(resolve, 50);
        });
        return new Response(JSON.stringify(queued), { status: 200, headers: { 'content-type': 'application/json' } });
      },
    });
    const outcome = await Promise.race([
      client.waitForImport(queued.data.id, { intervalMs: 600_000, signal: abort.signal }).then(() => 'resolved', (error: unknown) => (error as Error).message),
      new Promise((resolve) => setTimeout(() => resolve('still waiting after 5 s'), 5000).unref()),
    ]);
    expect(outcome).toBe('stop waiting');
    expect((requestSignal as AbortSignal | null)?.aborted).toBe(true);
  });
});
