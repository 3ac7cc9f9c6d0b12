import { principalOf } from '../auth.ts';
import { etagOf, expectedVersion, toContactRecord } from '../contact-record.ts';
import type { RouteFactory } from './route-deps.ts';

export const patchContact: RouteFactory = ({ contacts }) => ({
  method: 'PATCH',
  url: '/api/v2/contact/:contact_id',
  config: { permission: 'contacts:write' },
  schema: {
    operationId: 'patchContact', tags: ['contacts'], summary: 'Patch one contact',
    description: 'Body {"attributes": {...}} naming at least one attribute, each a raw value or a read envelope; an omitted attribute is untouched, null clears, a list replaces the whole list. Every problem is reported in one 422. Answers 200 {"data": record} with ETag W/"<version>"; If-Match with a stale version is 412; an archived contact is 409 record_archived.',
  },
  handler: async (request, reply) => {
    const principal = principalOf(request);
    const { contact_id } = request.params as { contact_id: string };
    const contact = await contacts.patch(principal, contact_id, request.body, { expectedVersion: expectedVersion(request.headers['if-match']) });
    const stages = await contacts.stages(principal.organizationId);
    return reply.header('etag', etagOf(contact)).send({ data: toContactRecord(contact, stages) });
  },
});
