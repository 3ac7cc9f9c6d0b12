import type { RouteFactory } from './route-deps.ts';

export const getHealth: RouteFactory = () => ({
  method: 'GET',
  url: '/api/v2/health',
  schema: {
    operationId: 'getHealth',
    tags: ['meta'],
    summary: 'Health check',
    response: {
      200: {
        description: 'The server is up.',
        content: { 'application/json': { schema: { type: 'object', properties: { data: { type: 'object', properties: { status: { type: 'string', const: 'healthy' } }, required: ['status'], additionalProperties: false } }, required: ['data'], additionalProperties: false } } },
      },
    },
  },
  handler: async () => ({ data: { status: 'healthy' } }),
});
