import { actorOf } from '../auth.ts';
import { contactWriteResponse, writeConditions } from '../contact-record.ts';
import { writeResponder } from '../write-response.ts';
import { ETAG_HEADER, jsonBody, jsonResponse } from '../schemas/response-schemas.ts';
import type { RouteFactory } from './route-deps.ts';

export const patchContact: RouteFactory = ({ contacts, afterCommit }) => ({
  method: 'PATCH',
  url: '/api/v2/contact/:contact_id',
  config: { permission: 'contacts:write', errors: ['duplicate_value', 'record_archived', 'precondition_failed'] },
  schema: {
    operationId: 'patchContact',
    tags: ['contacts'],
    summary: 'Patch one contact',
    description: [
      'Partial update: an omitted attribute is untouched, a value sets it, `null` clears it (nullable attributes only), a list replaces the whole list. `attributes` must name at least one attribute, each a raw value or a read envelope. Every problem is reported in one 422.',
      '`display_name` is derived from first_name and last_name (else primary_email) and is never patchable: 422 `field_not_updatable`, like every server-set attribute.',
      'Primary invariant: setting primary_email to an address already in contact_emails makes it primary; a new address is added as primary and the old primary stays as a secondary; null removes the primary item and promotes the oldest remaining one. Phones likewise. A list holds at most 100 items, also when a new primary would add the 101st (422).',
      'Every successful PATCH bumps updated_at and the version (ETag). Send `If-Match` to make it conditional (412 `precondition_failed` on mismatch). Archived contacts answer 409 `record_archived`.',
    ].join('\n\n'),
    body: jsonBody('ContactPatchBody'),
    response: { 200: jsonResponse('The contact after the change.', 'ContactResponse', ETAG_HEADER) },
  },
  handler: async (request, reply) => {
    const actor = actorOf(request);
    const { contact_id } = request.params as { contact_id: string };
    const view = await contacts.view(actor.organizationId);
    const responder = writeResponder(request, reply, ({ contact }) => contactWriteResponse(200, contact, view), afterCommit);
    const contact = await contacts.patch(actor, contact_id, request.body, { ...writeConditions(request.headers), idempotent: responder.idempotent });
    return responder.send({ contact });
  },
});
