import { principalOf } from '../auth.ts';
import { etagOf, toContactRecord } from '../contact-record.ts';
import type { RouteFactory } from './route-deps.ts';

export const createContact: RouteFactory = ({ contacts }) => ({
  method: 'POST',
  url: '/api/v2/contact',
  config: { permission: 'contacts:write' },
  schema: { operationId: 'createContact', tags: ['contacts'], summary: 'Create a contact' },
  handler: async (request, reply) => {
    const principal = principalOf(request);
    const contact = await contacts.create(principal, request.body);
    const stages = await contacts.stages(principal.organizationId);
    return reply.status(201).header('etag', etagOf(contact)).send({ data: toContactRecord(contact, stages) });
  },
});
