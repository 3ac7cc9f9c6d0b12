/** Top-level error codes: the closed set a client can see in `error.code`. */
export type ErrorCode =
  | 'malformed_json'
  | 'unauthenticated'
  | 'permission_denied'
  | 'record_not_found'
  | 'route_not_found'
  | 'duplicate_value'
  | 'record_archived'
  | 'record_not_archived'
  | 'cursor_expired'
  | 'ambiguous_match'
  | 'precondition_failed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'validation_failed'
  | 'idempotency_key_reused'
  | 'idempotency_key_in_progress'
  | 'rate_limited'
  | 'request_timeout'
  | 'request_headers_too_large'
  | 'insufficient_storage'
  | 'service_unavailable'
  | 'internal_error';

/** Reevo's machine codes for one problem inside a 422. */
export type DetailCode =
  | 'unknown_field'
  | 'field_not_creatable'
  | 'field_not_updatable'
  | 'field_required_missing'
  | 'field_value_invalid'
  | 'target_record_not_found'
  | 'ambiguous_match'
  | 'invalid_filter_field'
  | 'invalid_filter_operator'
  | 'invalid_filter_value'
  | 'filter_depth_exceeded'
  | 'sort_too_many_fields'
  | 'unsortable_field'
  | 'invalid_cursor'
  | 'limit_exceeded';

export interface ErrorDetail {
  code: DetailCode | ErrorCode;
  /** The attribute or request member at fault, when there is one. */
  field?: string;
  /** JSON Pointer into the request body. */
  path?: string;
  message: string;
  [extra: string]: unknown;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** Seconds a client should wait before trying again (sent as Retry-After), for transient refusals. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** The database (or another service a request needs) cannot answer now; the client may retry after a moment. */
export function serviceUnavailable(message: string, retryAfterSeconds = 1): AppError {
  return new AppError('service_unavailable', message, [], retryAfterSeconds);
}

/** One 422 carrying every problem found, or nothing when there were none. */
export function throwIfInvalid(details: ErrorDetail[]): void {
  if (details.length === 0) return;
  const message = details.length === 1 ? (details[0] as ErrorDetail).message : `${details.length} problems in the request`;
  throw new AppError('validation_failed', message, details);
}
