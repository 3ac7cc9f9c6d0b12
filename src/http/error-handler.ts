import type { FastifyError, FastifyErrorCodes, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode, type ErrorDetail } from '../domain/errors.ts';
import { ERROR_STATUS } from './error-status.ts';
import { contentEncodingOf } from './request-body.ts';

export interface WireError {
  error: { code: ErrorCode; message: string; request_id: string; details: ErrorDetail[] };
}

export function errorBody(request: FastifyRequest, code: ErrorCode, message: string, details: ErrorDetail[] = []): WireError {
  return { error: { code, message: message.toWellFormed(), request_id: request.id, details: details.map((d) => wellFormed(d) as ErrorDetail) } };
}

/**
 * A detail with every string well formed: a message or path may quote what the client sent, and a lone
 * surrogate it held ({"attributes": {"\ud800": 1}}) would make the answer JSON that strict readers refuse.
 */
function wellFormed(value: unknown): unknown {
  if (typeof value === 'string') return value.toWellFormed();
  if (Array.isArray(value)) return value.map(wellFormed);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.toWellFormed(), wellFormed(v)]));
  return value;
}

/**
 * Fastify's own errors, by code, as the API error codes a client can act on. Keyed by Fastify's exported
 * codes, so the compiler refuses a code Fastify does not have. Route schemas never validate (app.ts), so
 * FST_ERR_VALIDATION cannot occur; the router's errors are answered by frameworkErrors in app.ts.
 */
const FASTIFY_ERRORS: Partial<Record<keyof FastifyErrorCodes, { code: ErrorCode; message?: string }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload_too_large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type', message: 'unsupported Content-Type: send application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'malformed_json', message: 'the Content-Length header does not match the body' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'malformed_json', message: 'the body is empty but Content-Type says application/json' },
  // secure-json-parse's refusals (__proto__, constructor.prototype) land here too: Fastify wraps every parse error.
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'malformed_json', message: 'the body is not valid JSON (keys named __proto__ or constructor.prototype are refused too)' },
};

const isFastifyCode = (code: string | undefined): code is keyof FastifyErrorCodes => code !== undefined && Object.hasOwn(FASTIFY_ERRORS, code);

/**
 * A body the import upload refused before its handler ran: another Content-Type than the file types it reads
 * (Fastify has no parser for it), or JSON, which the JSON parser read (and refused when the file is not
 * JSON). Either is a 415 naming the file types, as the handler answers application/json that parses.
 */
function importMediaTypeRefusal(error: FastifyError | AppError | Error, request: FastifyRequest): boolean {
  if (request.routeOptions.config?.importUpload !== true) return false;
  const code = error instanceof AppError ? error.code : (error as FastifyError).code;
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return true;
  const json = /^application\/json\s*(;|$)/i.test(String(request.headers['content-type'] ?? ''));
  return json && (code === 'malformed_json' || code === 'unsupported_media_type' || code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY');
}

/** Renders every error in the API error shape; anything unexpected is logged and becomes a bare internal_error. */
export function handleError(error: FastifyError | AppError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (importMediaTypeRefusal(error, request)) {
    // The words of the handler's own refusal (ImportJobs.start).
    const message = `unsupported Content-Type ${JSON.stringify(String(request.headers['content-type'] ?? ''))}: send the file as text/csv or application/x-ndjson`;
    return reply.status(ERROR_STATUS.unsupported_media_type).send(errorBody(request, 'unsupported_media_type', message));
  }
  if (error instanceof AppError) {
    if (error.retryAfterSeconds !== null) reply.header('retry-after', String(error.retryAfterSeconds));
    if (error.code === 'service_unavailable' || error.code === 'insufficient_storage') request.log.warn({ code: error.code, reason: error.message }, 'request refused: a service it needs is unavailable');
    return reply.status(ERROR_STATUS[error.code]).send(errorBody(request, error.code, error.message, error.details));
  }
  const fastifyError = error as FastifyError;
  const known = isFastifyCode(fastifyError.code) ? FASTIFY_ERRORS[fastifyError.code] : undefined;
  if (known !== undefined) {
    const message = known.message ?? `the request body is larger than the ${request.routeOptions.bodyLimit ?? request.server.initialConfig.bodyLimit} bytes the server accepts`;
    return reply.status(ERROR_STATUS[known.code]).send(errorBody(request, known.code, message));
  }
  // Fastify marks a body that failed while it was read (the client aborted, the stream broke) as a 400 with
  // the stream's own error. Its text is not ours to show: answer with a fixed message.
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    request.log.info({ err: error, request_id: request.id }, 'request body could not be read');
    const encoding = contentEncodingOf(request);
    const message = encoding === null ? 'the request body could not be read' : `the request body could not be read or is not valid ${encoding} data`;
    return reply.status(ERROR_STATUS.malformed_json).send(errorBody(request, 'malformed_json', message));
  }
  request.log.error({ err: error, request_id: request.id }, 'unhandled error');
  return reply.status(500).send(errorBody(request, 'internal_error', `an unexpected error occurred; quote request id ${request.id} when reporting it`));
}
