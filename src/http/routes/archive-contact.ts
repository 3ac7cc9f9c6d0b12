import { actorOf } from '../auth.ts';
import { etagOf, writeConditions } from '../contact-record.ts';
import { ignoreEmptyBodyContentType } from '../empty-body.ts';
import { ETAG_HEADER, emptyResponse } from '../schemas/response-schemas.ts';
import type { RouteFactory } from './route-deps.ts';

export const archiveContact: RouteFactory = ({ contacts }) => ({
  method: 'DELETE',
  url: '/api/v2/contact/:contact_id',
  config: { permission: 'contacts:write', errors: ['precondition_failed'] },
  onRequest: ignoreEmptyBodyContentType,
  schema: {
    operationId: 'archiveContact', tags: ['contacts'], summary: 'Archive one contact',
    description: 'Soft delete: sets archived_at and archived_by_user_id and answers 204. The contact stays readable by GET, is left out of _query unless a filter names archived_at, answers 409 record_archived to PATCH and sub-resource writes, and frees its emails for other contacts. Archiving an archived contact changes nothing (204). Honours If-Match (412).',
    response: { 204: emptyResponse('Archived; no body. ETag carries the contact\'s version.', ETAG_HEADER) },
  },
  handler: async (request, reply) => {
    const { contact_id } = request.params as { contact_id: string };
    const contact = await contacts.archive(actorOf(request), contact_id, writeConditions(request.headers));
    return reply.status(204).header('etag', etagOf(contact)).send();
  },
});
