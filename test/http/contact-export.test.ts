import { request as httpRequest, type IncomingMessage } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { CONTACT_CATALOG } from '../../src/domain/catalog/contact-catalog.ts';
import { SqlContactStore } from '../../src/storage/sql-contact-store.ts';
import { describeEachDialect } from '../helpers/databases.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

const SEEDED = 1600;
const BATCH = 500;

describeEachDialect('_export', (dialect) => {
  let t: TestApp;
  let dir: string;
  let base: string;
  const batchesRead = { count: 0 };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'contactd-export-'));
    // A file, so the SQLite snapshot is a read transaction on a connection of its own.
    t = await createTestApp(dialect, {}, {}, { sqliteFile: join(dir, 'db.sqlite') });
    // Fat records (about 8 KB of NDJSON each), so the export is far larger than any socket buffer.
    const pad = 'x'.repeat(2000);
    for (let i = 0; i < SEEDED; i += 100) {
      const operations = Array.from({ length: 100 }, (_, j) => ({ op: 'create', attributes: { first_name: `Seed${i + j}`, primary_email: `seed${i + j}@example.com`, linkedin_url: `https://l/${pad}`, zoominfo_url: `https://z/${pad}`, facebook_url: `https://f/${pad}` } }));
      const res = await t.request({ method: 'POST', url: '/api/v2/contact/_batch', body: { operations } });
      expect(res.statusCode).toBe(200);
    }
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    // Observes (never replaces) the storage: how many batches the export has read so far.
    const original = SqlContactStore.prototype.exportBatches;
    vi.spyOn(SqlContactStore.prototype, 'exportBatches').mockImplementation(function (this: SqlContactStore, org, plan, size, onBatch) {
      return original.call(this, org, plan, size, (contacts) => {
        batchesRead.count += 1;
        return onBatch(contacts);
      });
    });
  }, 120_000);
  afterAll(async () => {
    vi.restoreAllMocks();
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const exportBody = async (body: unknown) => {
    const res = await t.request({ method: 'POST', url: '/api/v2/contact/_export', body: body as object });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
    return res;
  };

  it('200 NDJSON: every contact past any page limit, each line exactly what GET renders', async () => {
    const res = await exportBody({});
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = res.body.split('\n').filter((l) => l !== '');
    expect(lines.length).toBeGreaterThanOrEqual(SEEDED);
    const first = JSON.parse(lines[0]!);
    const got = await t.request({ method: 'GET', url: `/api/v2/contact/${first.id}` });
    expect(first).toEqual(got.json().data);
    expect(new Set(lines.map((l) => JSON.parse(l).id)).size).toBe(lines.length);
  });

  it('200 CSV: api_name columns, lists joined with ";", formula cells escaped; filters apply', async () => {
    const created = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: '=HYPERLINK("http://evil")', last_name: '-2+3', title: '@SUM(A1)', department: 'plain', primary_email: 'csv1@example.com', contact_emails: ['csv1@example.com', 'csv2@example.com'], primary_phone_number: '+14155550100', stage: 'working' } } });
    expect(created.statusCode, created.body).toBe(201);
    const res = await exportBody({ format: 'csv', filters: [{ field: 'department', operator: 'eq', value: 'plain' }] });
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const rows = parse(res.body, { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0]!)).toEqual(CONTACT_CATALOG.map((d) => d.apiName));
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row.first_name).toBe(`'=HYPERLINK("http://evil")`);
    expect(row.last_name).toBe(`'-2+3`);
    expect(row.title).toBe(`'@SUM(A1)`);
    expect(row.primary_phone_number).toBe(`'+14155550100`);
    expect(row.contact_emails).toBe('csv1@example.com;csv2@example.com');
    expect(row.stage).toBe('working');
    expect(row.department).toBe('plain');
  });

  it('search selects what the export streams, ANDed with filters, like _query (NDJSON and CSV)', async () => {
    for (const [first, department] of [['Émilienne', 'search-a'], ['Emilien', 'search-b'], ['Zorba', 'search-a']]) {
      const res = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: first, last_name: 'Exportsearch', department } } });
      expect(res.statusCode, res.body).toBe(201);
    }
    const ndjson = await exportBody({ search: 'emilie exportsearch' });
    const names = ndjson.body.split('\n').filter((l) => l !== '').map((l) => (JSON.parse(l) as { attributes: { first_name: { value: string } } }).attributes.first_name.value);
    expect(names.sort()).toEqual(['Emilien', 'Émilienne']);
    const queried = await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: { search: 'emilie exportsearch' } });
    expect(queried.json().data.map((r: { attributes: { first_name: { value: string } } }) => r.attributes.first_name.value).sort()).toEqual(names);
    const csv = await exportBody({ format: 'csv', search: 'exportsearch', filters: [{ field: 'department', operator: 'eq', value: 'search-a' }] });
    const rows = parse(csv.body, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.first_name).sort()).toEqual(['Zorba', 'Émilienne']);
    const none = await exportBody({ search: 'exportsearch nosuchtoken' });
    expect(none.body).toBe('');
  });

  it('CSV carries the organization\'s live custom attributes as columns after the standard ones', async () => {
    const admin = (await t.newKey(t.org, ['contacts:read', 'contacts:write', 'schema:write'])).key;
    const defined = await t.request({ method: 'POST', url: '/api/v2/_schema/contact/attributes', key: admin, body: { api_name: 'export_tier', display_name: 'Export tier', value_type: 'string' } });
    expect(defined.statusCode, defined.body).toBe(201);
    const created = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: 'Custom', department: 'custom-export', export_tier: '=gold' } } });
    expect(created.statusCode, created.body).toBe(201);
    const res = await exportBody({ format: 'csv', filters: [{ field: 'department', operator: 'eq', value: 'custom-export' }] });
    const rows = parse(res.body, { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0]!)).toEqual([...CONTACT_CATALOG.map((d) => d.apiName), 'export_tier']);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.export_tier).toBe(`'=gold`);
    const ndjson = await exportBody({ filters: [{ field: 'department', operator: 'eq', value: 'custom-export' }] });
    expect(JSON.parse(ndjson.body.trim()).attributes.export_tier.value).toBe('=gold');
  });

  it('422 before anything streams for a bad format, a bad filter or a limit', async () => {
    for (const body of [{ format: 'xml' }, { filters: [{ field: 'nope', operator: 'eq', value: 1 }] }, { limit: 10 }]) {
      const res = await t.request({ method: 'POST', url: '/api/v2/contact/_export', body });
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
    }
  });

  it('422 for an unknown member names what an export takes (filters, search, format), not the members of _query', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v2/contact/_export', body: { format: 'csv', filter: [] } });
    expect(res.statusCode).toBe(422);
    const { error } = res.json() as { error: { details: Array<{ code: string; field: string; path: string; message: string }> } };
    expect(error.details).toEqual([{ code: 'unknown_field', field: 'filter', path: '/filter', message: expect.stringContaining('an export takes filters, search, format') }]);
    expect(error.details[0]!.message).not.toMatch(/sort|limit|cursor/);
  });

  it('a paused reader holds the server to a few batches; the export is one snapshot that misses writes made meanwhile', async () => {
    const before = batchesRead.count;
    const totalBatches = Math.ceil(SEEDED / BATCH);
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = httpRequest(`${base}/api/v2/contact/_export`, { method: 'POST', headers: { authorization: `Bearer ${t.org.key}`, 'content-type': 'application/json' } }, resolve);
      req.on('error', reject);
      req.end(JSON.stringify({ filters: [{ field: 'first_name', operator: 'starts_with', value: 'Seed' }] }));
    });
    expect(response.statusCode).toBe(200);
    response.pause();
    // Wait until the server stops reading (the reader is not reading), however long that takes.
    let seen = -1;
    while (seen !== batchesRead.count) {
      seen = batchesRead.count;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(batchesRead.count - before).toBeLessThan(totalBatches);

    // Writes while the export is held open: a new contact and a change to one still to be streamed.
    const late = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: 'SeedLate', primary_email: 'late@example.com' } } });
    expect(late.statusCode).toBe(201);
    const lastSeed = (await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: { filters: [{ field: 'primary_email', operator: 'eq', value: `seed${SEEDED - 1}@example.com` }] } })).json().data[0];
    const patched = await t.request({ method: 'PATCH', url: `/api/v2/contact/${lastSeed.id}`, body: { attributes: { title: 'Changed meanwhile' } } });
    expect(patched.statusCode).toBe(200);

    const chunks: Buffer[] = [];
    response.on('data', (c: Buffer) => chunks.push(c));
    response.resume();
    await new Promise((r) => response.on('end', r));
    const records = Buffer.concat(chunks).toString('utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { id: string; attributes: Record<string, { value: unknown }> });
    expect(records).toHaveLength(SEEDED);
    expect(batchesRead.count - before).toBe(totalBatches);
    expect(records.some((r) => r.attributes.first_name!.value === 'SeedLate')).toBe(false);
    expect(records.find((r) => r.id === lastSeed.id)!.attributes.title!.value).toBeNull();
  }, 60_000);
});
