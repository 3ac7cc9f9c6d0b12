import type { RouteFactory } from './route-deps.ts';

export const getHealth: RouteFactory = () => ({
  method: 'GET',
  url: '/api/v2/health',
  schema: { operationId: 'getHealth', tags: ['health'], summary: 'Health check (no auth)' },
  handler: async () => ({ data: { status: 'healthy' } }),
});
