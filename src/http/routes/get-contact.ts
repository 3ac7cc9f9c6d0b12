import { principalOf } from '../auth.ts';
import { contactResponseBody, etagOf, JSON_CONTENT_TYPE, notModified } from '../contact-record.ts';
import { emptyResponse, ETAG_HEADER, jsonResponse } from '../schemas/response-schemas.ts';
import type { RouteFactory } from './route-deps.ts';

export const getContact: RouteFactory = ({ contacts }) => ({
  method: 'GET',
  url: '/api/v2/contact/:contact_id',
  config: { permission: 'contacts:read' },
  schema: {
    operationId: 'getContact',
    tags: ['contacts'],
    summary: 'Get one contact',
    description: 'Returns the contact with every catalog attribute as an envelope. Archived contacts are returned too, with archived_at set. The ETag header carries the version for a later If-Match. With If-None-Match naming the current version (or *), the answer is 304 without a body: a client that keeps the record it read re-reads it only when it changed.',
    headers: {
      type: 'object',
      properties: {
        'if-none-match': { type: 'string', description: 'Optional. The ETag of the version you hold (W/"<version>", the weak prefix is optional), or a comma-separated list of ETags; * matches any version. When one names the current version the answer is 304 with the ETag and no body; a malformed list is ignored.' },
      },
    },
    response: { 200: jsonResponse('The contact.', 'ContactResponse', ETAG_HEADER), 304: emptyResponse('Not modified: the version named in If-None-Match is the current one. No body; ETag carries it.', ETAG_HEADER) },
  },
  handler: async (request, reply) => {
    const principal = principalOf(request);
    const { contact_id } = request.params as { contact_id: string };
    const contact = await contacts.get(principal, contact_id);
    if (notModified(request.headers['if-none-match'], contact)) return reply.status(304).header('etag', etagOf(contact)).send();
    const view = await contacts.view(principal.organizationId);
    return reply.header('etag', etagOf(contact)).type(JSON_CONTENT_TYPE).send(contactResponseBody(contact, view));
  },
});
