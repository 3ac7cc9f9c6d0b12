import type { ErrorCode } from '../domain/errors.ts';

/** The one map from error code to HTTP status; the Record type makes the compiler check it covers every code. */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  malformed_json: 400,
  unauthenticated: 401,
  permission_denied: 403,
  record_not_found: 404,
  route_not_found: 404,
  duplicate_value: 409,
  record_archived: 409,
  record_not_archived: 409,
  cursor_expired: 410,
  ambiguous_match: 409,
  idempotency_key_in_progress: 409,
  request_timeout: 408,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  idempotency_key_reused: 422,
  rate_limited: 429,
  request_headers_too_large: 431,
  internal_error: 500,
  service_unavailable: 503,
  insufficient_storage: 507,
};
