import { principalOf } from '../auth.ts';
import { etagOf, expectedVersion } from '../contact-record.ts';
import { ETAG_HEADER, emptyResponse } from '../schemas/response-schemas.ts';
import type { RouteFactory } from './route-deps.ts';

export const archiveContact: RouteFactory = ({ contacts }) => ({
  method: 'DELETE',
  url: '/api/v2/contact/:contact_id',
  config: { permission: 'contacts:write', errors: ['precondition_failed'] },
  schema: {
    operationId: 'archiveContact',
    tags: ['contacts'],
    summary: 'Archive one contact',
    description: 'Archives (soft-deletes) the contact: it stays readable by GET with archived_at and archived_by_user_id set, is left out of _query unless a filter names archived_at, and rejects further changes with 409 `record_archived`. Archiving an archived contact is a no-op 204. Honours `If-Match`.',
    response: { 204: emptyResponse('Archived; no body. ETag carries the version.', ETAG_HEADER) },
  },
  handler: async (request, reply) => {
    const { contact_id } = request.params as { contact_id: string };
    const contact = await contacts.archive(principalOf(request), contact_id, { expectedVersion: expectedVersion(request.headers['if-match']) });
    return reply.status(204).header('etag', etagOf(contact)).send();
  },
});
