import { actorOf } from '../auth.ts';
import { writeConditions } from '../contact-record.ts';
import { ignoreEmptyBodyContentType } from '../empty-body.ts';
import { emptyResponse } from '../schemas/response-schemas.ts';
import type { RouteFactory } from './route-deps.ts';

export const purgeContact: RouteFactory = ({ contacts }) => ({
  method: 'POST',
  url: '/api/v2/contact/:contact_id/_purge',
  config: { permission: 'contacts:write', errors: ['record_not_archived', 'precondition_failed'] },
  onRequest: ignoreEmptyBodyContentType,
  schema: {
    operationId: 'purgeContact', tags: ['contacts'], summary: 'Erase an archived contact (right to erasure)',
    description: 'Deletes an archived contact for good (a live one is 409 record_not_archived): the contact and its items go, every earlier event of it keeps its id, type, time and version but loses its changes, stored idempotent responses carrying it are dropped, and a contact.purged event is appended. Afterwards no endpoint returns any of its attribute values: GET and history are 404. Answers 204. Honours If-Match (412).',
    response: { 204: emptyResponse('Purged; no body.') },
  },
  handler: async (request, reply) => {
    const { contact_id } = request.params as { contact_id: string };
    await contacts.purge(actorOf(request), contact_id, writeConditions(request.headers));
    return reply.status(204).send();
  },
});
