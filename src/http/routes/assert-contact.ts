import { actorOf } from '../auth.ts';
import { contactWriteResponse, writeConditions } from '../contact-record.ts';
import { writeResponder } from '../write-response.ts';
import { ETAG_HEADER, jsonBody, jsonResponse } from '../schemas/response-schemas.ts';
import type { RouteFactory } from './route-deps.ts';

const DESCRIPTION = [
  'Upsert. Body: {"match": {<key>: <value>}, "attributes": {...}} with exactly one match key: id (a UUID), primary_email (matches the primary email only) or contact_emails (an email or an array of emails; matches a contact holding any of them as any of its emails).',
  'Only live contacts match; archived ones are ignored. No match: the contact is created (201, "meta": {"action": "created"}); the matched email(s) are added to it (a matched primary_email becomes its primary unless attributes set one; a primary_email of null clears nothing on a new contact). A new contact never takes the matched id: ids are minted by the server.',
  'One match: the attributes are applied with PATCH semantics (200, "action": "updated"); an empty attributes object changes nothing. Several matches: 409 ambiguous_match listing candidate_ids.',
  'Concurrent asserts for the same new email create exactly one contact: the email uniqueness constraint decides, and the losers apply their attributes as updates.',
  'Conditional: If-Match (an ETag, a list, or *) makes it update-only: the matched contact must be at a version it names, and when nothing matches the answer is 412 precondition_failed and nothing is created. If-None-Match: * makes it create-only: when a contact matches, the answer is 412 with its id (existing_contact_id) and current_etag, and nothing changes; an If-None-Match list refuses a matched contact at one of the versions it names.',
].join('\n\n');

export const assertContact: RouteFactory = ({ contacts, afterCommit }) => ({
  method: 'POST',
  url: '/api/v2/contact/_assert',
  config: { permission: 'contacts:write', errors: ['ambiguous_match', 'duplicate_value', 'precondition_failed'] },
  schema: {
    operationId: 'assertContact', tags: ['contacts'], summary: 'Create or update a contact by a match key', description: DESCRIPTION,
    body: jsonBody('ContactAssertRequest'),
    response: {
      201: jsonResponse('Nothing matched: the contact was created (meta.action "created").', 'ContactAssertResponse', ETAG_HEADER),
      200: jsonResponse('One contact matched and was updated with PATCH semantics (meta.action "updated").', 'ContactAssertResponse', ETAG_HEADER),
    },
  },
  handler: async (request, reply) => {
    const actor = actorOf(request);
    const view = await contacts.view(actor.organizationId);
    const responder = writeResponder(request, reply, ({ contact, action }) => contactWriteResponse(action === 'created' ? 201 : 200, contact, view, { action }), afterCommit);
    return responder.send(await contacts.assert(actor, request.body, { ...writeConditions(request.headers), idempotent: responder.idempotent }));
  },
});
