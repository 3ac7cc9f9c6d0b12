import type { ListAttribute } from '../../domain/contact.ts';
import { actorOf } from '../auth.ts';
import { JSON_CONTENT_TYPE } from '../contact-record.ts';
import { writeResponder, type RenderWrite } from '../write-response.ts';
import { etagOf, renderItem, writeConditions } from '../contact-record.ts';
import type { ContactItem } from '../../domain/values/contact-item.ts';
import { ignoreEmptyBodyContentType } from '../empty-body.ts';
import { ETAG_HEADER, emptyResponse, jsonBody, jsonResponse } from '../schemas/response-schemas.ts';
import type { RouteFactory } from './route-deps.ts';

/**
 * The email and phone sub-resources are the same three operations over two lists, so one factory
 * builds them; the exported names are the operationIds.
 */
const PRIMARY = { contact_emails: 'primary_email', contact_phone_numbers: 'primary_phone_number' } as const;

function itemRoutes(list: ListAttribute, noun: 'Email' | 'PhoneNumber'): { add: RouteFactory; patch: RouteFactory; remove: RouteFactory } {
  const base = `/api/v2/contact/:contact_id/attribute/${list}`;
  const tags = ['contact sub-resources'];
  const member = list === 'contact_emails' ? 'email' : 'phone_number';
  const rules = `Keeps the primary invariant: the ${PRIMARY[list]} attribute always mirrors the item with is_primary true; every change bumps the contact's version (ETag) and updated_at; If-Match is honoured (412); an archived contact answers 409 record_archived.`;
  type Params = { contact_id: string; item_id: string };
  const itemResponse = (statusCode: number): RenderWrite => ({ contact, item }) => ({
    statusCode,
    headers: { 'content-type': JSON_CONTENT_TYPE, etag: etagOf(contact) },
    body: JSON.stringify({ data: { id: (item as ContactItem).id, envelope: renderItem(list, item as ContactItem) } }),
  });
  return {
    add: ({ contacts, afterCommit }) => ({
      method: 'POST',
      url: base,
      config: { permission: 'contacts:write', errors: ['duplicate_value', 'record_archived', 'precondition_failed'] },
      schema: {
        operationId: `addContact${noun}`, tags, summary: `Add an item to ${list}`,
        body: jsonBody(`Contact${noun}Input`),
        response: { 201: jsonResponse('The new item: its id and its envelope value.', `Contact${noun}ItemResponse`, ETAG_HEADER) },
        description: `Body {"${member}", "is_primary", "labels"}; answers 201 {"data": {"id": item_id, "envelope": {id, ${member}, is_primary, labels}}}. The first item of an empty list is primary even if is_primary is false; is_primary true demotes the old primary to a secondary; a list holds at most 100 items (a 101st is 422 field_value_invalid).${list === 'contact_emails' ? ' An address already on this or another live contact is 409 duplicate_value with existing_contact_id.' : ''} ${rules}`,
      },
      handler: async (request, reply) => {
        const { contact_id } = request.params as Params;
        const responder = writeResponder(request, reply, itemResponse(201), afterCommit);
        return responder.send(await contacts.addItem(actorOf(request), contact_id, list, request.body, { ...writeConditions(request.headers), idempotent: responder.idempotent }));
      },
    }),
    patch: ({ contacts, afterCommit }) => ({
      method: 'PATCH',
      url: `${base}/:item_id`,
      config: { permission: 'contacts:write', errors: ['duplicate_value', 'record_archived', 'precondition_failed'] },
      schema: {
        operationId: `patchContact${noun}`, tags, summary: `Patch an item of ${list}`,
        body: jsonBody(`Contact${noun}Patch`),
        response: { 200: jsonResponse('The item after the change.', `Contact${noun}ItemResponse`, ETAG_HEADER) },
        description: `Partial body with any of ${member}, is_primary, labels; answers 200 with the same shape as the add. is_primary true makes the item primary; is_primary false on the primary promotes the oldest other item (the first in list order), and on the only item is 422. ${rules}`,
      },
      handler: async (request, reply) => {
        const { contact_id, item_id } = request.params as Params;
        const responder = writeResponder(request, reply, itemResponse(200), afterCommit);
        return responder.send(await contacts.patchItem(actorOf(request), contact_id, list, item_id, request.body, { ...writeConditions(request.headers), idempotent: responder.idempotent }));
      },
    }),
    remove: ({ contacts }) => ({
      method: 'DELETE',
      url: `${base}/:item_id`,
      config: { permission: 'contacts:write', errors: ['record_archived', 'precondition_failed'] },
      onRequest: ignoreEmptyBodyContentType,
      schema: {
        operationId: `deleteContact${noun}`, tags, summary: `Remove an item from ${list}`,
        response: { 204: emptyResponse('Removed; no body. ETag carries the contact\'s version.', ETAG_HEADER) },
        description: `Answers 204. Removing the primary promotes the oldest remaining item; removing the last item sets ${PRIMARY[list]} to null. ${rules}`,
      },
      handler: async (request, reply) => {
        const { contact_id, item_id } = request.params as Params;
        const contact = await contacts.deleteItem(actorOf(request), contact_id, list, item_id, writeConditions(request.headers));
        return reply.status(204).header('etag', etagOf(contact)).send();
      },
    }),
  };
}

const emails = itemRoutes('contact_emails', 'Email');
const phones = itemRoutes('contact_phone_numbers', 'PhoneNumber');

export const addContactEmail = emails.add;
export const patchContactEmail = emails.patch;
export const deleteContactEmail = emails.remove;
export const addContactPhoneNumber = phones.add;
export const patchContactPhoneNumber = phones.patch;
export const deleteContactPhoneNumber = phones.remove;
