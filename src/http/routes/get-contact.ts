import { principalOf } from '../auth.ts';
import { etagOf, toContactRecord } from '../contact-record.ts';
import type { RouteFactory } from './route-deps.ts';

export const getContact: RouteFactory = ({ contacts }) => ({
  method: 'GET',
  url: '/api/v2/contact/:contact_id',
  config: { permission: 'contacts:read' },
  schema: { operationId: 'getContact', tags: ['contacts'], summary: 'Get one contact' },
  handler: async (request, reply) => {
    const principal = principalOf(request);
    const { contact_id } = request.params as { contact_id: string };
    const contact = await contacts.get(principal, contact_id);
    const stages = await contacts.stages(principal.organizationId);
    return reply.header('etag', etagOf(contact)).send({ data: toContactRecord(contact, stages) });
  },
});
