import type { FastifyRequest } from 'fastify';

/** Requests to bodiless writes whose body length is not known before it is read (Transfer-Encoding: chunked). */
const bodilessChunked = new WeakSet<FastifyRequest>();

/**
 * Route onRequest hook for bodiless writes (DELETE): clients often send `Content-Type: application/json`
 * on every request, and an empty body under that header must not be a 400 malformed_json. A chunked body
 * may be empty too (a client streaming it, a proxy re-framing it): the JSON parser reads that as no body.
 */
export async function ignoreEmptyBodyContentType(request: FastifyRequest): Promise<void> {
  const { headers } = request;
  if (headers['transfer-encoding'] !== undefined) {
    bodilessChunked.add(request);
    return;
  }
  if (headers['content-length'] === undefined || headers['content-length'] === '0') {
    delete headers['content-type'];
  }
}

/** Whether an empty JSON body is no body for this request: a chunked one to a route that reads none. */
export const emptyBodyIsNone = (request: FastifyRequest): boolean => bodilessChunked.has(request);
