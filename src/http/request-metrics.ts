import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../metrics.ts';

/** Requests no route matched share one label value, so scanners probing random paths cannot grow the series without bound. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Feeds the request metrics: in flight from the first hook until the response closes (answered or abandoned),
 * and the duration by route pattern (never the raw URL, which carries ids) once the response is finished.
 * Registered before the authentication hook, so refused requests are measured too.
 */
export function instrumentRequests(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onRequest', (_request, reply, done) => {
    metrics.requestStarted();
    reply.raw.once('close', () => metrics.requestEnded());
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    metrics.requestDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? UNMATCHED_ROUTE, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
