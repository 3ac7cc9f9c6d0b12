import { actorOf } from '../auth.ts';
import { contactWriteResponse, writeConditions } from '../contact-record.ts';
import { ignoreEmptyBodyContentType } from '../empty-body.ts';
import { ETAG_HEADER, jsonResponse } from '../schemas/response-schemas.ts';
import { writeResponder } from '../write-response.ts';
import type { RouteFactory } from './route-deps.ts';

export const restoreContact: RouteFactory = ({ contacts, afterCommit }) => ({
  method: 'POST',
  url: '/api/v2/contact/:contact_id/_restore',
  config: { permission: 'contacts:write', errors: ['record_not_archived', 'duplicate_value', 'precondition_failed'] },
  onRequest: ignoreEmptyBodyContentType,
  schema: {
    operationId: 'restoreContact', tags: ['contacts'], summary: 'Restore an archived contact',
    description: 'Clears archived_at and archived_by_user_id, bumps the version and answers 200 with the record; appends a contact.restored event. A live contact is 409 record_not_archived; 409 duplicate_value when one of its emails or unique custom attribute values now belongs to another live contact (change that contact first). No body needed. Honours If-Match (412).',
    response: { 200: jsonResponse('The contact, live again.', 'ContactResponse', ETAG_HEADER) },
  },
  handler: async (request, reply) => {
    const actor = actorOf(request);
    const { contact_id } = request.params as { contact_id: string };
    const view = await contacts.view(actor.organizationId);
    const responder = writeResponder(request, reply, ({ contact }) => contactWriteResponse(200, contact, view), afterCommit);
    const contact = await contacts.restore(actor, contact_id, { ...writeConditions(request.headers), idempotent: responder.idempotent });
    return responder.send({ contact });
  },
});
