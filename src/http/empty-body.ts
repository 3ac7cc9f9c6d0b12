import type { FastifyRequest } from 'fastify';

/**
 * Route onRequest hook for bodiless writes (DELETE): clients often send `Content-Type: application/json`
 * on every request, and an empty body under that header must not be a 400 malformed_json.
 */
export async function ignoreEmptyBodyContentType(request: FastifyRequest): Promise<void> {
  const { headers } = request;
  if (headers['transfer-encoding'] === undefined && (headers['content-length'] === undefined || headers['content-length'] === '0')) {
    delete headers['content-type'];
  }
}
