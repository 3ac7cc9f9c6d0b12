import { principalOf } from '../auth.ts';
import { etagOf, expectedVersion, toContactRecord } from '../contact-record.ts';
import type { RouteFactory } from './route-deps.ts';

export const patchContact: RouteFactory = ({ contacts }) => ({
  method: 'PATCH',
  url: '/api/v2/contact/:contact_id',
  config: { permission: 'contacts:write' },
  schema: { operationId: 'patchContact', tags: ['contacts'], summary: 'Patch one contact' },
  handler: async (request, reply) => {
    const principal = principalOf(request);
    const { contact_id } = request.params as { contact_id: string };
    const contact = await contacts.patch(principal, contact_id, request.body, { expectedVersion: expectedVersion(request.headers['if-match']) });
    const stages = await contacts.stages(principal.organizationId);
    return reply.header('etag', etagOf(contact)).send({ data: toContactRecord(contact, stages) });
  },
});
