import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.ts';
import { presentedKey } from '../auth.ts';
import type { MetricsAccess, RouteFactory } from './route-deps.ts';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** With METRICS_TOKEN set, the Bearer token must equal it; a wrong one counts as a failed key check of the address. */
async function authorizeScrape(request: FastifyRequest, reply: FastifyReply, { token, failures }: MetricsAccess): Promise<void> {
  if (token === null) return;
  const presented = presentedKey(request);
  if (presented === null) throw new AppError('unauthenticated', 'no metrics token: send Authorization: Bearer <METRICS_TOKEN>');
  await failures.assertAllowed(request, reply);
  // Equal-length digests, so the comparison takes the same time whatever was sent.
  if (!timingSafeEqual(digest(presented), digest(token))) {
    await failures.recordFailure(request);
    throw new AppError('unauthenticated', 'the metrics token is not recognised');
  }
}

export const getMetrics: RouteFactory = ({ metrics, metricsAccess }) => ({
  method: 'GET',
  url: '/metrics',
  config: { errors: ['unauthenticated', 'rate_limited', 'service_unavailable'] },
  schema: {
    operationId: 'getMetrics',
    tags: ['meta'],
    summary: 'Prometheus metrics',
    description: [
      'Metrics in the Prometheus text exposition format: request durations by route pattern and status, requests in flight, the database pool (PostgreSQL) or file sizes (SQLite), process CPU, memory and event loop. With `serve --workers N` the answer combines every worker; while one of them does not report within 5 s (its event loop is stuck) the answer is 503 service_unavailable with Retry-After.',
      'When the server is configured with METRICS_TOKEN, send `Authorization: Bearer <METRICS_TOKEN>` (a missing or wrong token is 401 unauthenticated; wrong tokens count towards the per-address limit of failed key checks). Without METRICS_TOKEN anyone who reaches the port can read them.',
    ].join('\n\n'),
    // No credential, or the metrics token where the server sets METRICS_TOKEN.
    security: [{}, { metricsToken: [] as string[] }] as Array<Record<string, string[]>>,
    response: {
      200: { description: 'Prometheus text format 0.0.4.', content: { 'text/plain': { schema: { type: 'string' } } } },
    },
  },
  handler: async (request, reply) => {
    await authorizeScrape(request, reply, metricsAccess);
    const text = await metrics.scrape();
    return reply.header('content-type', metrics.contentType).header('cache-control', 'no-store').send(text);
  },
});
