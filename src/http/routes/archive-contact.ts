import { principalOf } from '../auth.ts';
import { etagOf, expectedVersion } from '../contact-record.ts';
import type { RouteFactory } from './route-deps.ts';

export const archiveContact: RouteFactory = ({ contacts }) => ({
  method: 'DELETE',
  url: '/api/v2/contact/:contact_id',
  config: { permission: 'contacts:write' },
  schema: { operationId: 'archiveContact', tags: ['contacts'], summary: 'Archive one contact' },
  handler: async (request, reply) => {
    const { contact_id } = request.params as { contact_id: string };
    const contact = await contacts.archive(principalOf(request), contact_id, { expectedVersion: expectedVersion(request.headers['if-match']) });
    return reply.status(204).header('etag', etagOf(contact)).send();
  },
});
