import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { ErrorCode } from '../domain/errors.ts';
import { ERROR_STATUS } from './error-status.ts';

/**
 * Errors Node's HTTP parser raises before any route runs (oversized headers, a client too slow to send its
 * request, bytes that are not HTTP) still get the API error shape, with a fresh request id (in the body and x-request-id), then the socket closes.
 * The refusal is logged with that id, as every answered request is. Fastify calls this bound to the app (`this`).
 */
export function handleClientError(this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  let code: ErrorCode;
  let message: string;
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    code = 'request_headers_too_large';
    message = 'the request headers are larger than the server accepts';
  } else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    code = 'request_timeout';
    message = 'the request was not received in time';
  } else {
    code = 'malformed_json';
    message = 'the request is not valid HTTP/1.1';
  }
  const status = ERROR_STATUS[code];
  const requestId = `req_${randomUUID().replaceAll('-', '')}`;
  const body = JSON.stringify({ error: { code, message, request_id: requestId, details: [] } });
  this.log.info({ request_id: requestId, status, code, remote_address: socket.remoteAddress }, 'request refused before routing: the HTTP parser could not read it');
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy();
}
