import type { RouteOptions } from 'fastify';
import type { ErrorCode } from '../../domain/errors.ts';
import { honoursIdempotencyKey } from '../idempotency-hooks.ts';
import { errorResponses } from './error-schemas.ts';
import type { JsonSchema } from './value-schemas.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Error codes the route itself can answer with, beyond those documentRoute derives (auth, body, ids). */
    errors?: readonly ErrorCode[];
  }
}

// Fastify parses a body on these methods whatever the route, so its parse errors can answer any of them.
const BODY_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];
const PARSE_ERRORS: readonly ErrorCode[] = ['malformed_json', 'payload_too_large', 'unsupported_media_type'];

const PATH_PARAMS: Record<string, JsonSchema> = {
  contact_id: { type: 'string', format: 'uuid', description: 'The contact id. A malformed id, or one of another organization, is 404 record_not_found.' },
  webhook_id: { type: 'string', format: 'uuid', description: 'The webhook subscription id. A malformed id, or one of another organization, is 404 record_not_found.' },
  import_id: { type: 'string', format: 'uuid', description: 'The import job id (data.id of the POST /api/v2/contact/_import answer). A malformed id, or one of another organization, is 404 record_not_found.' },
  delivery_id: { type: 'string', format: 'uuid', description: 'A delivery id from the deliveries log.' },
  item_id: { type: 'string', format: 'uuid', description: 'The id of an item of the list (its envelope value.id).' },
  api_name: { type: 'string', description: 'The custom attribute\'s api_name (archived ones included). An unknown one is 404 record_not_found.' },
};

const IF_MATCH: JsonSchema = {
  type: 'string',
  description: 'Optional. The ETag of the version you read (W/"<version>", the weak prefix is optional), or a comma-separated list of ETags of which any may match (RFC 9110); * alone matches any version. A mismatch, or a malformed list, is 412 precondition_failed and changes nothing.',
};

const IF_NONE_MATCH: JsonSchema = {
  type: 'string',
  description: 'Optional. * refuses any existing contact (on _assert: create only, 412 when a contact matches); a list of ETags refuses the versions it names. A refused write is 412 precondition_failed and changes nothing; a header that names no version (malformed) refuses any existing contact, as a malformed If-Match matches none.',
};

const IDEMPOTENCY_KEY: JsonSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 255,
  description: 'Optional. 1-255 visible ASCII characters. The first response is stored for the idempotency window (IDEMPOTENCY_TTL_HOURS, default 24 h) and a retry with the same key and the same request replays it with Idempotent-Replayed: true; the same key with a different request is 422 idempotency_key_reused; a retry while the first is running is 409 idempotency_key_in_progress.',
};

/** The auth schemes every route with a permission accepts (either one). */
export const API_KEY_SECURITY: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { apiKeyHeader: [] }];

/**
 * Completes a route's schema with what follows from the route itself, so no route can forget it:
 * path parameters, security from its permission, If-Match and If-None-Match where they can fail a precondition, and the
 * error responses (auth, body, unknown ids, internal errors, plus the route's own config.errors).
 */
export function documentRoute(route: RouteOptions): RouteOptions {
  const schema = route.schema ?? {};
  const methods = [route.method].flat().map(String);
  const permission = route.config?.permission;
  const codes: ErrorCode[] = [];
  // Requests with a key are rate limited per key (429 with Retry-After).
  if (permission !== undefined) codes.push('unauthenticated', 'permission_denied', 'rate_limited');
  // Checking the key reads the database, so any route with a permission can meet a database outage.
  if (permission !== undefined) codes.push('service_unavailable');
  // Every write permission's routes write to the database (contacts, webhooks, custom attributes), so a full disk reaches them all.
  if (permission?.endsWith(':write') === true) codes.push('insufficient_storage');
  if (methods.some((m) => BODY_METHODS.includes(m))) codes.push(...PARSE_ERRORS);
  if (schema.body !== undefined) codes.push('validation_failed');
  if (route.url.includes(':contact_id') || route.url.includes(':webhook_id') || route.url.includes(':import_id')) codes.push('record_not_found');
  const idempotent = methods.some((m) => honoursIdempotencyKey(m, permission));
  if (idempotent) codes.push('idempotency_key_in_progress', 'idempotency_key_reused');
  codes.push(...(route.config?.errors ?? []), 'internal_error');

  const params = [...route.url.matchAll(/:([a-z_]+)/g)].map((m) => m[1] as string);
  // If-Match names a version of the contact in the path (of the matched one on _assert); _batch's 412s come from its operations' own if_match.
  const readsIfMatch = codes.includes('precondition_failed') && (params.includes('contact_id') || route.url.endsWith('/_assert'));
  const description = [schema.description, permission === undefined ? 'No API key needed.' : `Needs an API key with the \`${permission}\` permission (\`contacts:write\` implies \`contacts:read\` and \`webhooks:write\` implies \`webhooks:read\`; \`schema:write\` is granted only explicitly).`]
    .filter((s) => s !== undefined)
    .join('\n\n');
  return {
    ...route,
    schema: {
      ...schema,
      description,
      // A route with a credential of its own (the metrics token) states it; the rest need an API key or nothing.
      security: schema.security ?? (permission === undefined ? [] : API_KEY_SECURITY),
      ...(params.length > 0 && schema.params === undefined
        ? { params: { type: 'object', properties: Object.fromEntries(params.map((p) => [p, PATH_PARAMS[p] ?? { type: 'string' }])), required: params } }
        : {}),
      ...(schema.headers === undefined && (idempotent || readsIfMatch)
        ? { headers: { type: 'object', properties: { ...(readsIfMatch ? { 'if-match': IF_MATCH, 'if-none-match': IF_NONE_MATCH } : {}), ...(idempotent ? { 'idempotency-key': IDEMPOTENCY_KEY } : {}) } } }
        : {}),
      response: { ...(schema.response as Record<string, unknown> | undefined), ...errorResponses(codes) },
    },
  };
}
