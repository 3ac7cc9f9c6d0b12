import { Readable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleError } from '../../src/http/error-handler.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { expectError } from '../helpers/contacts.ts';

// The app's own routes never throw such errors; a bare Fastify instance with the app's handler lets a test
// raise each kind the handler must tell apart: a body stream that fails while read, and our own bugs.
describe('error handler: errors by Fastify code and status, never by message text', () => {
  let bare: FastifyInstance;
  beforeAll(async () => {
    bare = Fastify();
    bare.setErrorHandler(handleError);
    bare.post('/broken-body', {
      // What Fastify sees when a client aborts mid-body: the payload stream errors (Fastify then adds statusCode 400).
      preParsing: async () => new Readable({ read() { this.destroy(Object.assign(new Error('aborted at /srv/contactd/body.json: JSON cut short'), { code: 'ECONNRESET' })); } }),
    }, async () => ({ ok: true }));
    bare.get('/bug-json-syntax', async () => JSON.parse('{not json'));
    bare.get('/bug-with-400', async () => {
      throw Object.assign(new Error('Unexpected token in JSON at position 3 (/srv/contactd/secret.json)'), { statusCode: 400 });
    });
    await bare.ready();
  });
  afterAll(async () => bare.close());

  it('400 malformed_json with a fixed message when the body stream fails; the stream error text is not shown', async () => {
    const res = await bare.inject({ method: 'POST', url: '/broken-body', headers: { 'content-type': 'application/json' }, payload: '{"a": 1}' });
    expect(res.statusCode).toBe(400);
    const { error } = res.json<{ error: { code: string; message: string } }>();
    expect(error.code).toBe('malformed_json');
    expect(error.message).toBe('the request body could not be read');
  });

  it('400 without echoing the text of an error that carries a 4xx status and mentions JSON', async () => {
    const res = await bare.inject({ method: 'GET', url: '/bug-with-400' });
    expect(res.statusCode).toBe(400);
    const { error } = res.json<{ error: { code: string; message: string } }>();
    expect(error.code).toBe('malformed_json');
    expect(error.message).not.toContain('/srv/contactd');
    expect(error.message).not.toContain('Unexpected token');
  });

  it('500 internal_error for a SyntaxError of our own code, however its message reads', async () => {
    const res = await bare.inject({ method: 'GET', url: '/bug-json-syntax' });
    expect(res.statusCode).toBe(500);
    const { error } = res.json<{ error: { code: string; message: string } }>();
    expect(error.code).toBe('internal_error');
    expect(error.message).not.toContain('JSON');
  });
});

describe('error handler: every Fastify body error the app can meet, by its code', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { bodyLimitBytes: 1024 });
  });
  afterAll(async () => t.close());

  const post = (payload: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/v2/contact', headers: { authorization: `Bearer ${t.org.key}`, 'content-type': 'application/json', ...headers }, payload });

  it('400 malformed_json naming invalid JSON (FST_ERR_CTP_INVALID_JSON_BODY)', async () => {
    expect(expectError(await post('{"attributes": '), 400, 'malformed_json').message).toMatch(/^the body is not valid JSON/);
  });
  it('400 malformed_json naming the empty body (FST_ERR_CTP_EMPTY_JSON_BODY)', async () => {
    expect(expectError(await post(''), 400, 'malformed_json').message).toBe('the body is empty but Content-Type says application/json');
  });
  it('413 payload_too_large naming the limit (FST_ERR_CTP_BODY_TOO_LARGE)', async () => {
    expect(expectError(await post(JSON.stringify({ attributes: { first_name: 'x'.repeat(2000) } })), 413, 'payload_too_large').message).toContain('1024 bytes');
  });
  it('415 unsupported_media_type (FST_ERR_CTP_INVALID_MEDIA_TYPE)', async () => {
    expect(expectError(await post('first_name=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type').message).toBe('unsupported Content-Type: send application/json');
  });
});
