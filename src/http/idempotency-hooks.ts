import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.ts';
import { checkIdempotencyKey, type Claim, type Idempotency } from '../domain/idempotency.ts';
import { isUuid } from '../domain/ids.ts';
import { IMPORT_CONTENT_TYPES } from '../domain/import-jobs.ts';

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyClaim: Claim | null;
  }
}

/** The response headers a replay repeats; the rest (request id, rate limit) belong to the retry itself. */
const REPLAYED_HEADERS = ['content-type', 'etag', 'location'] as const;

/** Object keys sorted at every level, so a retry that reorders members is still the same request. */
function canonicalJson(body: unknown): string {
  try {
    return JSON.stringify(body ?? null, (_key, value: unknown) => {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(value).sort()) Object.defineProperty(sorted, k, { value: (value as Record<string, unknown>)[k], enumerable: true });
      return sorted;
    });
  } catch {
    throw new AppError('validation_failed', 'the request body is nested too deeply');
  }
}

/**
 * sha256 over method, path (query string and trailing slash dropped), organization, If-Match and If-None-Match
 * when the request sends them (a write conditional on another version is another request), and canonical body. A file body (an
 * import upload) is hashed as its bytes, with the query string, which carries the import's options, and the format its
 * Content-Type names: the same bytes sent as NDJSON are another import than as CSV (CSV, the first format, adds nothing,
 * so keys stored before still match).
 */
export function fingerprintOf(method: string, url: string, organizationId: string, body: unknown, ifMatch?: string, contentType?: string): string {
  const [rawPath = '', query = ''] = url.split('?');
  const path = rawPath.replace(/\/+$/, '');
  // Without If-Match the hashed prefix is what it always was, so keys stored before this change still match.
  const head = ifMatch === undefined ? [method, path, organizationId] : [method, path, organizationId, ifMatch];
  const hash = createHash('sha256').update(JSON.stringify(head)).update('\n');
  if (Buffer.isBuffer(body)) {
    const format = IMPORT_CONTENT_TYPES[(contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''];
    if (format !== undefined && format !== 'csv') hash.update(`format=${format}\n`);
    return hash.update(query).update('\n').update(body).digest('hex');
  }
  return hash.update(canonicalJson(body)).digest('hex');
}

/**
 * The request's preconditions as fingerprintOf hashes them: If-Match alone as it always was (keys stored before
 * If-None-Match counted still match), with If-None-Match after it when sent.
 */
function conditionsOf(headers: FastifyRequest['headers']): string | undefined {
  const joined = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : value);
  const ifMatch = joined(headers['if-match']);
  const ifNoneMatch = joined(headers['if-none-match']);
  return ifNoneMatch === undefined ? ifMatch : `${ifMatch ?? ''}\nif-none-match: ${ifNoneMatch}`;
}

/**
 * The URL a fingerprint hashes: the route's path with each parameter as the route reads it (percent-decoded,
 * a UUID lower-cased as ids are stored), then the query string as sent. A retry that writes the contact id in
 * capitals or percent-encodes it names the same contact, so it is the same request; for ids in lower case,
 * as the API writes them, this is the path sent, so keys stored before still match.
 */
function canonicalUrl(request: FastifyRequest): string {
  const pattern = request.routeOptions.url;
  if (pattern === undefined) return request.url;
  const params = request.params as Record<string, string | undefined>;
  const path = pattern.replace(/:([A-Za-z_]+)/g, (_match, name: string) => {
    const value = params[name] ?? '';
    return isUuid(value) ? value.toLowerCase() : encodeURIComponent(value);
  });
  const at = request.url.indexOf('?');
  return at === -1 ? path : path + request.url.slice(at);
}

/** Writes that honour Idempotency-Key: POST and PATCH on routes that need the write permission. */
export function honoursIdempotencyKey(method: string, permission: string | undefined): boolean {
  return (method === 'POST' || method === 'PATCH') && permission === 'contacts:write';
}

/** preHandler of the routes that honour Idempotency-Key (app.ts attaches it): claims the key, or answers a retry from the stored response. */
export async function beginIdempotent(request: FastifyRequest, reply: FastifyReply, idempotency: Idempotency): Promise<FastifyReply | undefined> {
  if (request.principal === null) return undefined;
  const key = checkIdempotencyKey(request.headers['idempotency-key']);
  if (key === null) return undefined;
  const organizationId = request.principal.organizationId;
  const outcome = await idempotency.begin(organizationId, key, fingerprintOf(request.method, canonicalUrl(request), organizationId, request.body, conditionsOf(request.headers), request.headers['content-type']));
  if (outcome.kind === 'claimed') {
    request.idempotencyClaim = outcome.claim;
    return undefined;
  }
  const { statusCode, headers, body } = outcome.response;
  reply.status(statusCode).headers(headers).header('idempotent-replayed', 'true');
  return reply.send(body === '' ? undefined : body);
}

/** onSend: stores the outcome under the claimed key; a 5xx releases the key so a retry runs again. */
export async function finishIdempotent(request: FastifyRequest, reply: FastifyReply, payload: unknown, idempotency: Idempotency): Promise<void> {
  const claim = request.idempotencyClaim;
  if (claim === null) return;
  request.idempotencyClaim = null;
  try {
    if (reply.statusCode >= 500) {
      await idempotency.release(claim);
      return;
    }
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = reply.getHeader(name);
      if (value !== undefined) headers[name] = String(value);
    }
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : '';
    // A refusal on a contact's own path (a _restore's 409 duplicate_value quotes the contact's email and names
    // only the other holder) is recorded against that contact too, so its purge drops it with its writes' responses.
    const contactId = (request.params as { contact_id?: unknown } | undefined)?.contact_id;
    await idempotency.complete(claim, { statusCode: reply.statusCode, headers, body }, isUuid(contactId) ? contactId.toLowerCase() : null);
  } catch (error) {
    // The response still goes out; the claim stays in progress until the lock timeout lets a retry take it over.
    request.log.error({ err: error }, 'could not store the idempotent response');
  }
}
