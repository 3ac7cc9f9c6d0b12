import { AppError } from '../../domain/errors.ts';
import type { RouteFactory } from './route-deps.ts';

const CHECKS_SCHEMA = {
  type: 'object',
  description: 'Each dependency checked and its state: `database` always, `redis` when REDIS_URL is set. Redis being unavailable leaves the server ready (rate limits fall back to each process\'s memory), so it is reported here but never makes this probe fail.',
  additionalProperties: { type: 'string', enum: ['ok', 'unavailable'] },
  required: ['database'],
};

export const getHealthReady: RouteFactory = ({ readiness }) => ({
  method: 'GET',
  url: '/api/v2/health/ready',
  config: { errors: ['service_unavailable'] },
  schema: {
    operationId: 'getHealthReady',
    tags: ['meta'],
    summary: 'Readiness check',
    description: 'Whether this process can serve requests now: it asks the database (and Redis, when configured) for an answer, each within 2 s. Point a load balancer\'s or orchestrator\'s readiness probe here, and its liveness probe at /api/v2/health. 503 while the database is unreachable, with one detail per failed check, in contactd\'s own words: a failure it has no words for (a driver\'s error, which may name hosts, users or databases) is reported as "it failed with an error the server has logged" and logged in full, since no key is needed here.',
    response: {
      200: {
        description: 'The database answers.',
        content: { 'application/json': { schema: { type: 'object', properties: { data: { type: 'object', properties: { status: { type: 'string', const: 'ready' }, checks: CHECKS_SCHEMA }, required: ['status', 'checks'], additionalProperties: false } }, required: ['data'], additionalProperties: false } } },
      },
    },
  },
  handler: async (request) => {
    const report = await readiness();
    // The details quote our own words only; what a driver said (hosts, users, database names) goes to the log.
    for (const [name, error] of Object.entries(report.hidden)) request.log.warn({ err: error, check: name }, 'readiness check failed');
    if (!report.ready) {
      const failed = Object.entries(report.problems);
      throw new AppError(
        'service_unavailable',
        `not ready: ${failed.map(([name]) => name).join(', ')} unavailable`,
        failed.map(([name, problem]) => ({ code: 'service_unavailable', field: name, message: `${name}: ${problem}` })),
        1,
      );
    }
    return { data: { status: 'ready', checks: report.checks } };
  },
});
