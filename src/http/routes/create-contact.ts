import { actorOf } from '../auth.ts';
import { contactWriteResponse } from '../contact-record.ts';
import { writeResponder } from '../write-response.ts';
import { ETAG_HEADER, jsonBody, jsonResponse } from '../schemas/response-schemas.ts';
import type { RouteFactory } from './route-deps.ts';

export const createContact: RouteFactory = ({ contacts, afterCommit }) => ({
  method: 'POST',
  url: '/api/v2/contact',
  config: { permission: 'contacts:write', errors: ['duplicate_value'] },
  schema: {
    operationId: 'createContact',
    tags: ['contacts'],
    summary: 'Create a contact',
    description: [
      'Creates a contact from `{"attributes": {...}}` (raw values or read envelopes). The contact needs a name or an email: at least one of first_name, last_name, primary_email or an item of contact_emails, otherwise 422 `field_required_missing`.',
      'Server-set attributes (display_name, ids, timestamps, created_source, activity fields) are 422 `field_not_creatable`. stage defaults to the organization\'s default stage; created_source is API. Emails are lower-cased and unique among the organization\'s live contacts (409 `duplicate_value` with existing_contact_id); phones are stored in E.164.',
      'Answers 201 with the full record and `ETag: W/"1"`.',
    ].join('\n\n'),
    body: jsonBody('ContactCreateBody'),
    response: { 201: jsonResponse('The created contact.', 'ContactResponse', ETAG_HEADER) },
  },
  handler: async (request, reply) => {
    const actor = actorOf(request);
    const view = await contacts.view(actor.organizationId);
    const responder = writeResponder(request, reply, ({ contact }) => contactWriteResponse(201, contact, view), afterCommit);
    return responder.send({ contact: await contacts.create(actor, request.body, { idempotent: responder.idempotent }) });
  },
});
