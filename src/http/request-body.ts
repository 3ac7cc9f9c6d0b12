import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.ts';
import { emptyBodyIsNone } from './empty-body.ts';
import { repeatedMember } from './repeated-member.ts';

/** Content-Encoding values a request body may use, and the stream that decodes each. */
const DECODERS: Record<string, () => NodeJS.ReadWriteStream> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  // HTTP's "deflate" is the zlib format (RFC 9110 §8.4.1.2).
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** The charsets a JSON body may declare: JSON exchanged between systems is UTF-8 (RFC 8259 §8.1), of which ASCII is a part. */
const JSON_CHARSETS = new Set(['utf-8', 'utf8', 'us-ascii']);

/** The request's Content-Encoding, lower-cased, or null when there is none or it is identity. */
export function contentEncodingOf(request: FastifyRequest): string | null {
  const raw = request.headers['content-encoding'];
  const value = (Array.isArray(raw) ? raw.join(',') : raw ?? '').trim().toLowerCase();
  return value === '' || value === 'identity' ? null : value;
}

/**
 * preParsing: a body sent with Content-Encoding gzip, deflate or br is decompressed as it is read. The body
 * limit applies to both the bytes received and the bytes they decompress to (Fastify counts both), so a
 * small compressed body that expands past it is 413 payload_too_large. Any other encoding, or a list of
 * several, is 415 unsupported_media_type.
 */
function decodeBody(request: FastifyRequest, payload: Readable): Readable {
  const encoding = contentEncodingOf(request);
  if (encoding === null) return payload;
  const decoder = DECODERS[encoding];
  if (decoder === undefined) {
    throw new AppError('unsupported_media_type', `unsupported Content-Encoding ${JSON.stringify(encoding)}: send the body uncompressed, or with gzip, deflate or br`);
  }
  const decoded = decoder() as unknown as Readable & { receivedEncodedLength: number };
  // Fastify compares this, not the decompressed length, with Content-Length, and holds it to the body limit too.
  decoded.receivedEncodedLength = 0;
  payload.on('data', (chunk: Buffer) => {
    decoded.receivedEncodedLength += chunk.length;
  });
  payload.on('error', (error) => decoded.destroy(error));
  // Fastify's reader listens for the decoder's errors; a body refused unread (415 for its content type) has no
  // reader, and its decoder's error must not become an uncaught exception that exits the process.
  decoded.on('error', () => {});
  payload.pipe(decoded as unknown as NodeJS.WritableStream);
  return decoded;
}

/** Whether Fastify reads a body for the request: never on GET, HEAD or TRACE, nor without Content-Length or Transfer-Encoding (as Fastify decides). */
function carriesBody(request: FastifyRequest): boolean {
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'TRACE') return false;
  const { headers } = request;
  return headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0');
}

/** The charset parameter of a Content-Type, lower-cased and unquoted, or null. */
function charsetOf(contentType: string | undefined): string | null {
  const match = /;\s*charset\s*=\s*("?)([^";\s]*)\1/i.exec(contentType ?? '');
  return match === null ? null : (match[2] as string).toLowerCase();
}

/**
 * How the server reads request bodies: Content-Encoding decoded first (decodeBody), then JSON bodies judged
 * on their bytes. Fastify's own JSON parser decodes the bytes leniently, so a body in Latin-1 or with a cut
 * character was stored with U+FFFD in place of what the client sent; now it is 400 malformed_json, and a
 * body declaring another charset (UTF-16, Latin-1) is 415. The JSON itself is parsed by Fastify's parser
 * (which refuses __proto__ and constructor.prototype keys); a byte order mark is skipped; an object naming
 * a member twice is 400 malformed_json.
 */
export function registerRequestBodies(app: FastifyInstance): void {
  // A callback hook, not an async one: it runs on every request (GETs too), and a request without
  // Content-Encoding should cost one header look-up here, not a promise.
  app.addHook('preParsing', (request, _reply, payload, done) => {
    if (request.headers['content-encoding'] === undefined || !carriesBody(request)) {
      done(null, payload);
      return;
    }
    let decoded: Readable;
    try {
      decoded = decodeBody(request, payload);
    } catch (error) {
      done(error as Error);
      return;
    }
    done(null, decoded);
  });
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const charset = charsetOf(request.headers['content-type']);
    if (charset !== null && !JSON_CHARSETS.has(charset)) {
      done(new AppError('unsupported_media_type', `unsupported charset ${JSON.stringify(charset)}: send JSON as UTF-8 (Content-Type: application/json or application/json; charset=utf-8)`), undefined);
      return;
    }
    const bytes = body as Buffer;
    if (bytes.length === 0 && emptyBodyIsNone(request)) {
      done(null, undefined);
      return;
    }
    if (!isUtf8(bytes)) {
      done(new AppError('malformed_json', 'the body is not valid UTF-8: JSON is sent as UTF-8, and nothing was stored'), undefined);
      return;
    }
    const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    const text = bytes.toString('utf8', start);
    parseJson(request, text, (error, parsed) => {
      // An object naming a member twice is refused too: which one counts is up to each parser (RFC 8259 §4).
      const repeated = error == null ? repeatedMember(text) : null;
      if (repeated === null) done(error, parsed);
      else done(new AppError('malformed_json', `the body names a member twice in one object, at ${repeated}: send each member once`), undefined);
    });
  });
}
