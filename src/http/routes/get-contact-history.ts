import { actorOf } from '../auth.ts';
import { JSON_CONTENT_TYPE } from '../contact-record.ts';
import { eventPageBody } from '../event-json.ts';
import { HISTORY_DEFAULT_LIMIT, HISTORY_MAX_LIMIT } from '../../domain/events.ts';
import { jsonResponse } from '../schemas/response-schemas.ts';
import type { RouteFactory } from './route-deps.ts';
import { LARGE_RESPONSE } from '../compression.ts';

export const getContactHistory: RouteFactory = ({ events }) => ({
  method: 'GET',
  url: '/api/v2/contact/:contact_id/history',
  compress: LARGE_RESPONSE,
  config: { permission: 'contacts:read', errors: ['validation_failed'] },
  schema: {
    operationId: 'getContactHistory', tags: ['events'], summary: 'One contact\'s change history',
    description: 'The contact\'s events, newest first, each with the previous and current envelope of every attribute it changed. `attribute=<api_name>` keeps only the events that changed that attribute (an attribute the change log does not record is 422). Archived contacts keep their history; a purged contact is 404. Cursor-paged: pass next_cursor (with the same attribute) for older events.',
    querystring: {
      type: 'object',
      properties: {
        attribute: { type: 'string', description: 'An attribute api_name, e.g. title.' },
        limit: { type: 'integer', minimum: 1, maximum: HISTORY_MAX_LIMIT, default: HISTORY_DEFAULT_LIMIT },
        cursor: { type: 'string', description: 'The next_cursor of the previous page.' },
      },
    },
    response: { 200: jsonResponse('Events of the contact, newest first.', 'ContactHistoryPage') },
  },
  handler: async (request, reply) => {
    const { contact_id } = request.params as { contact_id: string };
    const page = await events.history(actorOf(request), contact_id, request.query as Record<string, unknown>);
    return reply.type(JSON_CONTENT_TYPE).send(eventPageBody(page.events, page.nextCursor));
  },
});
