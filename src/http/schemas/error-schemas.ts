import type { DetailCode, ErrorCode } from '../../domain/errors.ts';
import { ERROR_STATUS } from '../error-status.ts';
import type { JsonSchema } from './value-schemas.ts';

/** What each top-level code means to a client; a Record so a new code cannot go undocumented. */
export const ERROR_CODE_DESCRIPTIONS: Record<ErrorCode, string> = {
  malformed_json: 'The body is not valid JSON, its bytes are not UTF-8, an object of it names a member twice, or its Content-Length is wrong.',
  unauthenticated: 'No API key, or an unknown, revoked or expired one; the message says which.',
  permission_denied: 'The API key lacks the permission the route needs; details name it (missing_permission).',
  record_not_found: 'No such record in the calling organization (a malformed id is a 404 too, never a hint that it exists elsewhere).',
  route_not_found: 'No route answers this method and path.',
  duplicate_value: 'A unique value (an email, a unique custom attribute) already belongs to another live contact, with the detail carrying existing_contact_id; or a custom attribute api_name is standard or was already used.',
  record_archived: 'The contact is archived and cannot be changed.',
  record_not_archived: 'The record is not archived: only an archived contact can be restored or purged (archive it with DELETE first), and only an archived custom attribute can be restored.',
  cursor_expired: 'The events cursor points before the oldest retained event (EVENT_RETENTION_DAYS): events were purged since; start again without a cursor or with "now".',
  ambiguous_match: 'Several contacts match the _assert match; the detail lists candidate_ids.',
  precondition_failed: 'If-Match does not name the current version, or If-None-Match names it (or is * and the contact exists), or an _assert with If-Match matched no contact; the detail carries current_etag when a contact was found.',
  payload_too_large: 'The body is larger than BODY_LIMIT_BYTES.',
  unsupported_media_type: 'The body is not application/json.',
  validation_failed: 'One or more problems in the request; details lists every one of them.',
  idempotency_key_reused: 'An Idempotency-Key was reused with a different request.',
  idempotency_key_in_progress: 'A request with the same Idempotency-Key is still running.',
  rate_limited: 'Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header.',
  request_timeout: 'The client did not send the whole request in time (408 from the HTTP server).',
  request_headers_too_large: 'The request headers exceed the server limit (431 from the HTTP server).',
  service_unavailable: 'The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once.',
  insufficient_storage: 'The server\'s disk is full: the write was not applied (reads keep working). It succeeds again once the operator frees space.',
  internal_error: 'An unexpected failure; quote the request_id when reporting it. No internals are exposed.',
};

/** Reevo's machine codes for one problem of a 422; a Record so the list stays complete. */
export const DETAIL_CODE_DESCRIPTIONS: Record<DetailCode, string> = {
  unknown_field: 'The attribute or top-level member does not exist.',
  field_not_creatable: 'The attribute is set by the server (or derived, like display_name) and cannot be sent on create.',
  field_not_updatable: 'The attribute is set by the server (or derived, like display_name) and cannot be patched.',
  field_required_missing: 'A required member is missing (attributes, or a name or email on create).',
  field_value_invalid: 'The value does not fit the attribute\'s value_type or rules.',
  target_record_not_found: 'A referenced user or team does not exist in the organization.',
  ambiguous_match: 'A related_record_match finds several records.',
  invalid_filter_field: 'A _query filter or sort names an attribute that is not filterable.',
  invalid_filter_operator: 'The operator is not supported for the attribute\'s value_type.',
  invalid_filter_value: 'The filter value does not fit the operator or the attribute.',
  filter_depth_exceeded: 'Filter groups are nested more than 4 deep.',
  sort_too_many_fields: 'More than 3 sort fields.',
  limit_exceeded: 'A per-organization limit is reached (CUSTOM_ATTRIBUTES_MAX live custom attributes), or a number (limit, wait_seconds) is outside its allowed range; the message gives the limit or range.',
  unsortable_field: 'The sort field cannot be sorted on.',
  invalid_cursor: 'The cursor is malformed, was made by a different filter or sort, or (events) belongs to another organization or was altered.',
};

const errorCodes = Object.keys(ERROR_CODE_DESCRIPTIONS) as ErrorCode[];
const detailCodes = Object.keys(DETAIL_CODE_DESCRIPTIONS) as DetailCode[];

export const ERROR_DETAIL_SCHEMA: JsonSchema = {
  $id: 'ErrorDetail',
  type: 'object',
  description: 'One problem. Some codes carry extra members: existing_contact_id (duplicate_value), candidate_ids (ambiguous_match), current_etag and, for a refused If-None-Match, existing_contact_id (precondition_failed), missing_permission (permission_denied). In an atomic _batch\'s error: operation (the index of the failed operation) and, for a duplicate_value whose holder an earlier operation of the batch wrote, existing_operation (that operation\'s index; existing_contact_id is left out when it created the contact, which the rollback removed).',
  properties: {
    code: { type: 'string', enum: [...new Set([...detailCodes, ...errorCodes])] },
    field: { type: 'string', description: 'The attribute or request member at fault.' },
    path: { type: 'string', description: 'JSON Pointer into the request body.' },
    message: { type: 'string' },
    existing_contact_id: { type: 'string', format: 'uuid' },
    operation: { type: 'integer', minimum: 0 },
    existing_operation: { type: 'integer', minimum: 0 },
    candidate_ids: { type: 'array', items: { type: 'string', format: 'uuid' } },
    current_etag: { type: 'string' },
    missing_permission: { type: 'string' },
  },
  required: ['code', 'message'],
  additionalProperties: true,
};

export const ERROR_RESPONSE_SCHEMA: JsonSchema = {
  $id: 'ErrorResponse',
  type: 'object',
  description: 'The one error shape of every non-2xx response.',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string', enum: errorCodes },
        message: { type: 'string' },
        request_id: { type: 'string', description: 'Also sent as the x-request-id header; quote it when reporting a problem.' },
        details: { type: 'array', items: { $ref: 'ErrorDetail#' } },
      },
      required: ['code', 'message', 'request_id', 'details'],
      additionalProperties: false,
    },
  },
  required: ['error'],
  additionalProperties: false,
};

/** Response entries (by status) for a set of error codes: each narrows error.code to the codes it may carry. */
export function errorResponses(codes: Iterable<ErrorCode>): Record<number, JsonSchema> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<number, JsonSchema> = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    list.sort((a, b) => errorCodes.indexOf(a) - errorCodes.indexOf(b));
    responses[status] = {
      description: list.map((c) => `\`${c}\`: ${ERROR_CODE_DESCRIPTIONS[c]}`).join('\n\n'),
      ...(status === 429 || status === 503 ? { headers: { 'retry-after': { type: 'string', description: 'Seconds to wait before retrying.' } } } : {}),
      content: {
        'application/json': {
          schema: {
            allOf: [{ $ref: 'ErrorResponse#' }, { type: 'object', properties: { error: { type: 'object', properties: { code: { type: 'string', enum: list } } } } }],
          },
        },
      },
    };
  }
  return responses;
}
