import { principalOf } from '../auth.ts';
import { contactResponseBody, etagOf, JSON_CONTENT_TYPE } from '../contact-record.ts';
import { ETAG_HEADER, jsonResponse } from '../schemas/response-schemas.ts';
import type { RouteFactory } from './route-deps.ts';

export const getContact: RouteFactory = ({ contacts }) => ({
  method: 'GET',
  url: '/api/v2/contact/:contact_id',
  config: { permission: 'contacts:read' },
  schema: {
    operationId: 'getContact',
    tags: ['contacts'],
    summary: 'Get one contact',
    description: 'Returns the contact with every catalog attribute as an envelope. Archived contacts are returned too, with archived_at set. The ETag header carries the version for a later If-Match.',
    response: { 200: jsonResponse('The contact.', 'ContactResponse', ETAG_HEADER) },
  },
  handler: async (request, reply) => {
    const principal = principalOf(request);
    const { contact_id } = request.params as { contact_id: string };
    const contact = await contacts.get(principal, contact_id);
    const view = await contacts.view(principal.organizationId);
    return reply.header('etag', etagOf(contact)).type(JSON_CONTENT_TYPE).send(contactResponseBody(contact, view));
  },
});
