import type { RouteFactory } from './route-deps.ts';
import { LARGE_RESPONSE } from '../compression.ts';

export const getOpenApiDocument: RouteFactory = () => ({
  method: 'GET',
  url: '/api/v2/openapi.json',
  compress: LARGE_RESPONSE,
  schema: {
    operationId: 'getOpenApiDocument',
    tags: ['meta'],
    summary: 'This OpenAPI 3.1 document',
    description: 'Generated at start-up from the route schemas and the attribute catalog the server validates with; the interactive reference at /docs renders it.',
    response: { 200: { description: 'An OpenAPI 3.1 document.', content: { 'application/json': { schema: { type: 'object', required: ['openapi', 'info', 'paths'] } } } } },
  },
  handler: async function () {
    return this.swagger();
  },
});
