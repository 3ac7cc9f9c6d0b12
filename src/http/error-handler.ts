import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode, type ErrorDetail } from '../domain/errors.ts';
import { ERROR_STATUS } from './error-status.ts';

export interface WireError {
  error: { code: ErrorCode; message: string; request_id: string; details: ErrorDetail[] };
}

export function errorBody(request: FastifyRequest, code: ErrorCode, message: string, details: ErrorDetail[] = []): WireError {
  return { error: { code, message, request_id: request.id, details } };
}

/** Fastify's own errors, by code, as the API error codes a client can act on. */
const FASTIFY_ERRORS: Record<string, { code: ErrorCode; message?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload_too_large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type', message: 'unsupported Content-Type: send application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'malformed_json', message: 'the Content-Length header does not match the body' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'malformed_json', message: 'the body is empty but Content-Type says application/json' },
  // secure-json-parse also lands here for bodies carrying __proto__ or constructor.prototype keys.
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'malformed_json', message: 'the body is not valid JSON (keys named __proto__ or constructor.prototype are refused too)' },
};

/** Renders every error in the API error shape; anything unexpected is logged and becomes a bare internal_error. */
export function handleError(error: FastifyError | AppError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof AppError) {
    if (error.retryAfterSeconds !== null) reply.header('retry-after', String(error.retryAfterSeconds));
    if (error.code === 'service_unavailable' || error.code === 'insufficient_storage') request.log.warn({ code: error.code, reason: error.message }, 'request refused: a service it needs is unavailable');
    return reply.status(ERROR_STATUS[error.code]).send(errorBody(request, error.code, error.message, error.details));
  }
  const fastifyError = error as FastifyError;
  const known = fastifyError.code !== undefined ? FASTIFY_ERRORS[fastifyError.code] : undefined;
  if (known !== undefined) {
    const message = known.message ?? `the request body is larger than the ${request.server.initialConfig.bodyLimit} bytes the server accepts`;
    return reply.status(ERROR_STATUS[known.code]).send(errorBody(request, known.code, message));
  }
  // Only parser errors (they carry a 400): a SyntaxError thrown by our own code is a bug, so a 500.
  if (fastifyError.statusCode === 400 && /JSON|prototype/i.test(error.message)) {
    return reply.status(400).send(errorBody(request, 'malformed_json', `the body is not acceptable JSON: ${error.message}`));
  }
  if (fastifyError.validation !== undefined) {
    const details: ErrorDetail[] = fastifyError.validation.map((v) => ({ code: 'field_value_invalid', path: v.instancePath, message: v.message ?? 'invalid' }));
    return reply.status(422).send(errorBody(request, 'validation_failed', error.message, details));
  }
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    const code: ErrorCode = fastifyError.statusCode === 413 ? 'payload_too_large' : fastifyError.statusCode === 415 ? 'unsupported_media_type' : 'malformed_json';
    return reply.status(ERROR_STATUS[code]).send(errorBody(request, code, error.message));
  }
  request.log.error({ err: error, request_id: request.id }, 'unhandled error');
  return reply.status(500).send(errorBody(request, 'internal_error', `an unexpected error occurred; quote request id ${request.id} when reporting it`));
}
