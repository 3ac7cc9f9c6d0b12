import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { describeEachDialect } from '../helpers/databases.ts';

const BODY_LIMIT = 4096;

/** How request bodies are read: JSON judged on its bytes (UTF-8 only), and compressed bodies (Content-Encoding). */
describeEachDialect('request bodies: charset, UTF-8 and Content-Encoding', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { bodyLimitBytes: BODY_LIMIT });
  });
  afterAll(async () => t.close());

  const post = (payload: Buffer | string, headers: Record<string, string> = {}) =>
    t.request({ method: 'POST', url: '/api/v2/contact', headers: { 'content-type': 'application/json', ...headers }, payload });
  const countNamed = async (name: string): Promise<number> => {
    const res = await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: { filters: [{ field: 'first_name', operator: 'eq', value: name }], limit: 100 } });
    return (res.json() as { data: unknown[] }).data.length;
  };
  const errorOf = (res: { json(): unknown }) => (res.json() as { error: { code: string; message: string } }).error;

  it('bytes that are not UTF-8 (a Latin-1 é) are 400 malformed_json and nothing is stored; before, the é was stored as U+FFFD', async () => {
    const latin1 = Buffer.from('{"attributes":{"first_name":"Ren\u00e9e"}}', 'latin1');
    const res = await post(latin1);
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'malformed_json', message: expect.stringContaining('not valid UTF-8') });
    expect(await countNamed('Ren\ufffde')).toBe(0);
    // A character cut in the middle is no better.
    const cut = Buffer.concat([Buffer.from('{"attributes":{"first_name":"A'), Buffer.from('\u00e9', 'utf8').subarray(0, 1), Buffer.from('"}}')]);
    expect((await post(cut)).statusCode).toBe(400);
    // The same name in UTF-8 is stored as sent, with or without a byte order mark and a charset parameter.
    const utf8 = Buffer.from('{"attributes":{"first_name":"Ren\u00e9e"}}', 'utf8');
    for (const [body, type] of [[utf8, 'application/json'], [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]), 'application/json'], [utf8, 'application/json; charset="UTF-8"'], [utf8, 'application/json;charset=utf8']] as const) {
      const ok = await post(body, { 'content-type': type });
      expect(ok.statusCode, ok.body).toBe(201);
      expect((ok.json() as { data: { attributes: { first_name: { value: string } } } }).data.attributes.first_name.value).toBe('Ren\u00e9e');
    }
  });

  it('a charset other than UTF-8 is 415 unsupported_media_type, not misread', async () => {
    for (const charset of ['utf-16', 'ISO-8859-1', 'latin1']) {
      const res = await post('{"attributes":{"first_name":"Charset"}}', { 'content-type': `application/json; charset=${charset}` });
      expect(res.statusCode, charset).toBe(415);
      expect(errorOf(res)).toMatchObject({ code: 'unsupported_media_type', message: expect.stringContaining(charset.toLowerCase()) });
    }
    expect(await countNamed('Charset')).toBe(0);
  });

  it('gzip, deflate and br bodies are decompressed: 201 with the values sent; identity is no encoding', async () => {
    const json = (name: string) => Buffer.from(JSON.stringify({ attributes: { first_name: name, title: 'Caf\u00e9 owner' } }));
    for (const [encoding, compress] of [['gzip', gzipSync], ['x-gzip', gzipSync], ['deflate', deflateSync], ['br', brotliCompressSync], ['GZIP', gzipSync]] as const) {
      const res = await post(compress(json(`Zipped-${encoding}`)), { 'content-encoding': encoding });
      expect(res.statusCode, `${encoding}: ${res.body}`).toBe(201);
      expect((res.json() as { data: { attributes: { title: { value: string } } } }).data.attributes.title.value).toBe('Caf\u00e9 owner');
    }
    expect((await post(json('Identity'), { 'content-encoding': 'identity' })).statusCode).toBe(201);
  });

  it('a small compressed body that expands past BODY_LIMIT_BYTES is 413; data that does not decompress is 400; other encodings 415', async () => {
    const bomb = gzipSync(Buffer.from(JSON.stringify({ attributes: { first_name: 'Bomb', title: 'x'.repeat(BODY_LIMIT * 20) } })));
    expect(bomb.length).toBeLessThan(BODY_LIMIT);
    const big = await post(bomb, { 'content-encoding': 'gzip' });
    expect(big.statusCode).toBe(413);
    expect(errorOf(big).code).toBe('payload_too_large');

    const garbage = await post('{"attributes":{"first_name":"Plain"}}', { 'content-encoding': 'gzip' });
    expect(garbage.statusCode).toBe(400);
    expect(errorOf(garbage)).toMatchObject({ code: 'malformed_json', message: expect.stringContaining('gzip') });
    const truncated = gzipSync(Buffer.from('{"attributes":{"first_name":"Truncated"}}'));
    expect((await post(truncated.subarray(0, truncated.length - 10), { 'content-encoding': 'gzip' })).statusCode).toBe(400);

    for (const encoding of ['zstd', 'compress', 'gzip, br']) {
      const res = await post(gzipSync(Buffer.from('{"attributes":{"first_name":"Other"}}')), { 'content-encoding': encoding });
      expect(res.statusCode, encoding).toBe(415);
      expect(errorOf(res).code).toBe('unsupported_media_type');
    }
    for (const name of ['Bomb', 'Plain', 'Truncated', 'Other']) expect(await countNamed(name), name).toBe(0);
  });

  it('a compressed PATCH and a compressed _query work like plain ones', async () => {
    const created = await post(JSON.stringify({ attributes: { first_name: 'Patchme' } }));
    const { id } = (created.json() as { data: { id: string } }).data;
    const patched = await t.request({ method: 'PATCH', url: `/api/v2/contact/${id}`, headers: { 'content-type': 'application/json', 'content-encoding': 'br' }, payload: brotliCompressSync(Buffer.from(JSON.stringify({ attributes: { title: 'Squeezed' } }))) });
    expect(patched.statusCode, patched.body).toBe(200);
    const query = await t.request({ method: 'POST', url: '/api/v2/contact/_query', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, payload: gzipSync(Buffer.from(JSON.stringify({ filters: [{ field: 'title', operator: 'eq', value: 'Squeezed' }] }))) });
    expect(query.statusCode, query.body).toBe(200);
    expect((query.json() as { data: Array<{ id: string }> }).data.map((c) => c.id)).toEqual([id]);
  });

  it('200 and 204 for a GET and a bodiless DELETE sent with Content-Encoding, and the process survives a refused compressed body; before, the GET was 415 and the unread decoder failed after the answer, exiting the server', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const created = await post(JSON.stringify({ attributes: { first_name: 'Bodiless' } }));
      const { id } = (created.json() as { data: { id: string } }).data;
      for (const encoding of ['gzip', 'br', 'zstd']) {
        const health = await t.request({ method: 'GET', url: '/api/v2/health', key: null, headers: { 'content-encoding': encoding } });
        expect(health.statusCode, `${encoding}: ${health.body}`).toBe(200);
        const read = await t.request({ method: 'GET', url: `/api/v2/contact/${id}`, headers: { 'content-encoding': encoding } });
        expect(read.statusCode, `${encoding}: ${read.body}`).toBe(200);
      }
      expect((await t.request({ method: 'DELETE', url: `/api/v2/contact/${id}`, headers: { 'content-encoding': 'gzip' } })).statusCode).toBe(204);
      // Refused for its content type before anything reads it: the decoder is never read.
      const xml = await t.request({ method: 'POST', url: '/api/v2/contact', headers: { 'content-type': 'application/xml', 'content-encoding': 'gzip' }, payload: 'not gzip at all' });
      expect(xml.statusCode).toBe(415);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});
