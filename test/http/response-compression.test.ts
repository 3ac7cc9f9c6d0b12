import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { describeEachDialect } from '../helpers/databases.ts';

const DECOMPRESS: Record<string, (b: Buffer) => Buffer> = { gzip: gunzipSync, br: brotliDecompressSync, deflate: inflateSync };

/** Large answers are compressed when the client accepts it; one contact's answer never is. */
describeEachDialect('response compression (Accept-Encoding)', (dialect) => {
  let t: TestApp;
  let id: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    for (let i = 0; i < 12; i += 1) {
      const res = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: `Squash${i}`, title: 'Compressible title text' } } });
      id = (res.json() as { data: { id: string } }).data.id;
    }
  });
  afterAll(async () => t.close());

  // Raw inject (not t.request): its response validator reads the body as JSON, which a compressed body is not.
  const raw = (method: 'GET' | 'POST', url: string, acceptEncoding: string | null, body?: unknown) =>
    t.app.inject({
      method, url,
      headers: { authorization: `Bearer ${t.org.key}`, ...(acceptEncoding === null ? {} : { 'accept-encoding': acceptEncoding }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });

  it('_query, event/_query, history, _schema, the OpenAPI document and _export: compressed as asked, the same bytes once decompressed', async () => {
    const cases: Array<['GET' | 'POST', string, unknown?]> = [
      ['POST', '/api/v2/contact/_query', { limit: 12 }],
      ['POST', '/api/v2/event/_query', { limit: 12 }],
      ['GET', `/api/v2/contact/${id}/history`],
      ['GET', '/api/v2/_schema/contact'],
      ['GET', '/api/v2/openapi.json'],
      ['POST', '/api/v2/contact/_export', { format: 'ndjson' }],
      ['POST', '/api/v2/contact/_export', { format: 'csv' }],
    ];
    for (const [method, url, body] of cases) {
      const plain = await raw(method, url, null, body);
      expect(plain.statusCode, url).toBe(200);
      expect(plain.headers['content-encoding'], url).toBeUndefined();
      for (const encoding of ['gzip', 'br', 'deflate']) {
        const res = await raw(method, url, encoding, body);
        expect(res.statusCode, `${url} ${encoding}`).toBe(200);
        expect(res.headers['content-encoding'], `${url} ${encoding}`).toBe(encoding);
        expect(String(res.headers.vary), url).toMatch(/accept-encoding/i);
        expect(res.rawPayload.length, `${url} ${encoding}`).toBeLessThan(plain.rawPayload.length);
        const decompressed = (DECOMPRESS[encoding] as (b: Buffer) => Buffer)(res.rawPayload).toString('utf8');
        // Exports carry no varying member; pages of events and contacts are read again the same way.
        if (url.endsWith('_export') || url.endsWith('_schema/contact') || url.endsWith('openapi.json')) expect(decompressed, url).toBe(plain.body);
        else expect(JSON.parse(decompressed), url).toEqual(JSON.parse(plain.body));
      }
    }
  });

  it('HEAD answers the header fields GET would: Content-Encoding and Vary when compressed, the plain length when not', async () => {
    for (const url of [`/api/v2/contact/${id}/history`, '/api/v2/_schema/contact', '/api/v2/openapi.json']) {
      for (const encoding of ['gzip', 'br', null]) {
        const headers = { authorization: `Bearer ${t.org.key}`, ...(encoding === null ? {} : { 'accept-encoding': encoding }) };
        const get = await t.app.inject({ method: 'GET', url, headers });
        const head = await t.app.inject({ method: 'HEAD', url, headers });
        const label = `${url} ${encoding ?? 'none'}`;
        expect(head.statusCode, label).toBe(200);
        expect(head.rawPayload.length, label).toBe(0);
        expect(head.headers['content-encoding'], label).toBe(get.headers['content-encoding']);
        expect(head.headers.vary, label).toBe(get.headers.vary);
        expect(head.headers['content-type'], label).toBe(get.headers['content-type']);
        if (encoding === null) {
          expect(head.headers['content-encoding'], label).toBeUndefined();
          expect(head.headers['content-length'], label).toBe(String(get.rawPayload.length));
        } else {
          expect(head.headers['content-encoding'], label).toBe(encoding);
          // The compressed length is known only by compressing: HEAD may omit it (RFC 9110 §9.3.2), never state the plain one.
          if (head.headers['content-length'] !== undefined) expect(head.headers['content-length'], label).toBe(String(get.rawPayload.length));
        }
      }
    }
  });

  it('_batch results are compressed too', async () => {
    const operations = Array.from({ length: 5 }, (_, i) => ({ op: 'create', attributes: { first_name: `Batched${i}` } }));
    const res = await raw('POST', '/api/v2/contact/_batch', 'gzip', { operations });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    const results = (JSON.parse(gunzipSync(res.rawPayload).toString('utf8')) as { data: Array<{ status: number }> }).data;
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
  });

  it('q-values are honoured: br;q=0 with gzip gives gzip; identity alone, or nothing acceptable, gives the plain body', async () => {
    const url = '/api/v2/contact/_query';
    expect((await raw('POST', url, 'br;q=0, gzip', {})).headers['content-encoding']).toBe('gzip');
    for (const accept of ['identity', 'compress', 'gzip;q=0']) {
      const res = await raw('POST', url, accept, {});
      expect(res.statusCode, accept).toBe(200);
      expect(res.headers['content-encoding'], accept).toBeUndefined();
      expect((res.json() as { data: unknown[] }).data.length, accept).toBeGreaterThan(0);
    }
  });

  it('one contact (GET, POST, PATCH) and small answers are never compressed', async () => {
    const get = await raw('GET', `/api/v2/contact/${id}`, 'gzip');
    expect(get.statusCode).toBe(200);
    expect(get.headers['content-encoding']).toBeUndefined();
    const patch = await t.app.inject({ method: 'PATCH', url: `/api/v2/contact/${id}`, headers: { authorization: `Bearer ${t.org.key}`, 'content-type': 'application/json', 'accept-encoding': 'gzip' }, payload: JSON.stringify({ attributes: { title: 'Plain' } }) });
    expect(patch.statusCode).toBe(200);
    expect(patch.headers['content-encoding']).toBeUndefined();
    const empty = await raw('POST', '/api/v2/contact/_query', 'gzip', { filters: [{ field: 'first_name', operator: 'eq', value: 'nobody at all' }] });
    expect(empty.headers['content-encoding']).toBeUndefined();
    expect(empty.json()).toEqual({ data: [], next_cursor: null });
  });
});
