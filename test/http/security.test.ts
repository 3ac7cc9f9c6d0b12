import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { loggerOptions, serializeError } from '../../src/http/logging.ts';
import { describeEachDialect, openTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/** Sends raw bytes to a listening server and returns everything it answers before closing. */
function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.write(request);
  });
}

describeEachDialect('security basics', (dialect) => {
  let t: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    t = await createTestApp(dialect, { logLevel: 'trace' }, { logger: loggerOptions('trace', stream) });
  });
  afterAll(async () => t.close());

  it('no x-powered-by header on any response', async () => {
    for (const res of [
      await t.request({ method: 'GET', url: '/api/v2/health', key: null }),
      await t.request({ method: 'GET', url: '/nope' }),
      await t.request({ method: 'POST', url: '/api/v2/contact', body: '{bad' }),
    ]) {
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers.server).toBeUndefined();
    }
  });

  it('404 in the API error shape for a path segment longer than any id and for percent-encoding that does not decode', async () => {
    const long = await t.request({ method: 'GET', url: `/api/v2/contact/${'x'.repeat(500)}` });
    expect(long.statusCode).toBe(404);
    expect(long.json().error).toMatchObject({ code: 'route_not_found', request_id: long.headers['x-request-id'], details: [] });
    const bad = await t.request({ method: 'PATCH', url: '/api/v2/contact/%ZZ', body: { attributes: {} } });
    expect(bad.statusCode).toBe(404);
    expect(bad.json().error.code).toBe('route_not_found');
  });

  it('no CORS headers by default, even for a preflight', async () => {
    const res = await t.request({ method: 'OPTIONS', url: '/api/v2/contact', key: null, headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const get = await t.request({ method: 'GET', url: '/api/v2/health', key: null, headers: { origin: 'https://evil.example' } });
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('emails and keys never reach the log in clear', async () => {
    const email = 'secret.person@private-example.com';
    const created = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: 'Pat', primary_email: email } } });
    expect(created.statusCode).toBe(201);
    const dup = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: 'Pat', primary_email: email } } });
    expect(dup.statusCode).toBe(409);
    await t.request({ method: 'PATCH', url: `/api/v2/contact/${created.json().data.id}`, body: { attributes: { contact_emails: [{ email: 'other.secret@private-example.com', is_primary: true }] } } });
    await t.request({ method: 'GET', url: '/api/v2/contact/x', key: 'ctd_guessedKeyThatDoesNotExist1234567890' });
    await t.request({ method: 'GET', url: '/api/v2/contact/x', headers: { 'x-api-key': t.org.key }, key: null });
    const log = lines.join('');
    expect(log).toContain('"request_id"'); // the capture works: request lines were written
    expect(log).not.toContain('private-example.com');
    expect(log).not.toContain(t.org.key);
    expect(log).not.toContain('ctd_guessedKey');
  });

  it('the clear API key is stored nowhere, only its hash', async () => {
    const rows = await t.db.database.db.selectFrom('api_keys').selectAll().execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(t.org.key);
  });
});

describe('error serializer for logs', () => {
  it('masks email addresses and keys in messages, details and stacks', () => {
    const error = Object.assign(new Error('duplicate key: (email)=(jane.doe@example.org) for ctd_AbCdEfGhIjKlMnOp'), { code: '23505', detail: 'Key (email)=(jane.doe@example.org) already exists.' });
    const text = JSON.stringify(serializeError(error));
    expect(text).not.toContain('jane.doe@example.org');
    expect(text).not.toContain('ctd_AbCdEfGhIjKlMnOp');
    expect(text).toContain('[email]');
    expect(text).toContain('23505');
  });
});

describe('CORS when origins are configured', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase('sqlite');
  });
  afterAll(async () => db.destroy());

  it('204 preflight with Access-Control-Allow-Origin for a listed origin only', async () => {
    const config = loadConfig({ CORS_ORIGINS: 'https://app.example.com, https://admin.example.com' }, { databaseUrl: db.url, logLevel: 'silent' });
    const app = await buildApp({ config, database: db.database });
    try {
      const preflight = (origin: string) =>
        app.inject({ method: 'OPTIONS', url: '/api/v2/contact', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,idempotency-key' } });
      const ok = await preflight('https://admin.example.com');
      expect(ok.statusCode).toBe(204);
      expect(ok.headers['access-control-allow-origin']).toBe('https://admin.example.com');
      expect(String(ok.headers['access-control-allow-headers'])).toContain('idempotency-key');
      expect(String(ok.headers['access-control-allow-headers'])).toContain('content-encoding');
      expect(String(ok.headers['access-control-allow-headers'])).toContain('if-none-match');
      const evil = await preflight('https://evil.example');
      expect(evil.headers['access-control-allow-origin']).toBeUndefined();
      const get = await app.inject({ method: 'GET', url: '/api/v2/health', headers: { origin: 'https://app.example.com' } });
      expect(get.headers['access-control-allow-origin']).toBe('https://app.example.com');
      expect(String(get.headers['access-control-expose-headers'])).toContain('ratelimit-remaining');
    } finally {
      await app.close();
    }
  });

  it('an origin written in capitals or with its default port matches the Origin a browser sends (lower case, no default port)', async () => {
    const config = loadConfig({ CORS_ORIGINS: 'HTTPS://App.Example.com:443, http://Localhost:80' }, { databaseUrl: db.url, logLevel: 'silent' });
    const app = await buildApp({ config, database: db.database });
    try {
      for (const origin of ['https://app.example.com', 'http://localhost']) {
        const get = await app.inject({ method: 'GET', url: '/api/v2/health', headers: { origin } });
        expect(get.headers['access-control-allow-origin'], origin).toBe(origin);
      }
    } finally {
      await app.close();
    }
  });

  it('refuses to start with an origin that is not an origin', () => {
    expect(() => loadConfig({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://a.example/path' })).toThrow(/CORS_ORIGINS/);
    // A port no origin can have, and a list with no origin in it at all (CORS on, every origin refused).
    expect(() => loadConfig({ CORS_ORIGINS: 'https://a.example:99999' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ CORS_ORIGINS: ' , ' })).toThrow(/CORS_ORIGINS/);
  });
});

describe('HTTP server limits on a listening server', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase('sqlite');
  });
  afterAll(async () => db.destroy());

  it('timeouts and the header size limit are the configured ones', async () => {
    const config = loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '7000', HTTP_REQUEST_TIMEOUT_MS: '20000', HTTP_KEEP_ALIVE_TIMEOUT_MS: '65000' }, { databaseUrl: db.url, logLevel: 'silent' });
    const app = await buildApp({ config, database: db.database });
    try {
      expect(app.server.headersTimeout).toBe(7000);
      expect(app.server.requestTimeout).toBe(20000);
      expect(app.server.keepAliveTimeout).toBe(65000);
      expect(app.server.timeout).toBe(20000);
      expect((app.server as unknown as { maxHeaderSize: number }).maxHeaderSize).toBe(16 * 1024);
    } finally {
      await app.close();
    }
  });

  it('431 request_headers_too_large in the API error shape for oversized headers, and 400 for bytes that are not HTTP, each with the x-request-id header every response carries', async () => {
    const config = loadConfig({}, { databaseUrl: db.url, logLevel: 'info' });
    const logged: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        logged.push(chunk.toString('utf8'));
        done();
      },
    });
    const app = await buildApp({ config, database: db.database, logger: loggerOptions('info', stream) });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const port = (app.server.address() as { port: number }).port;
      const big = await rawExchange(port, `GET /api/v2/health HTTP/1.1\r\nHost: x\r\nX-Filler: ${'a'.repeat(20 * 1024)}\r\n\r\n`);
      expect(big.startsWith('HTTP/1.1 431 ')).toBe(true);
      const body = JSON.parse(big.slice(big.indexOf('\r\n\r\n') + 4));
      expect(body.error).toMatchObject({ code: 'request_headers_too_large', request_id: expect.stringMatching(/^req_/), details: [] });
      const requestIdHeader = (raw: string) => /^x-request-id: (\S+)\r$/im.exec(raw.slice(0, raw.indexOf('\r\n\r\n') + 2))?.[1];
      expect(requestIdHeader(big)).toBe(body.error.request_id);
      const junk = await rawExchange(port, 'THIS IS NOT HTTP\r\n\r\n');
      expect(junk.startsWith('HTTP/1.1 400 ')).toBe(true);
      const junkBody = JSON.parse(junk.slice(junk.indexOf('\r\n\r\n') + 4));
      expect(junkBody.error.code).toBe('malformed_json');
      expect(requestIdHeader(junk)).toBe(junkBody.error.request_id);
      // Each refusal is in the log under the id its answer carries.
      const refusals = logged.map((l) => JSON.parse(l) as { request_id?: string; status?: number }).filter((l) => l.request_id !== undefined && l.status !== undefined && l.status >= 400);
      expect(refusals.map((l) => [l.request_id, l.status])).toEqual([[body.error.request_id, 431], [junkBody.error.request_id, 400]]);
      const fine = await fetch(`http://127.0.0.1:${port}/api/v2/health`);
      expect(fine.status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
