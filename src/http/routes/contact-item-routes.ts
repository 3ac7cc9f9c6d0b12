import type { ListAttribute } from '../../domain/contact.ts';
import { principalOf } from '../auth.ts';
import { etagOf, expectedVersion, renderItem } from '../contact-record.ts';
import { ETAG_HEADER, emptyResponse, jsonBody, jsonResponse } from '../schemas/response-schemas.ts';
import type { RouteFactory } from './route-deps.ts';

/**
 * The email and phone sub-resources are the same three operations over two lists, so one factory
 * builds them; the exported names are the operationIds.
 */
function itemRoutes(list: ListAttribute, noun: 'Email' | 'PhoneNumber'): { add: RouteFactory; patch: RouteFactory; remove: RouteFactory } {
  const base = `/api/v2/contact/:contact_id/attribute/${list}`;
  const tags = ['contact sub-resources'];
  const field = noun === 'Email' ? 'email' : 'phone_number';
  const rules = `Keeps the primary invariant (a non-empty list has exactly one primary item and ${noun === 'Email' ? 'primary_email' : 'primary_phone_number'} mirrors it), bumps the contact's updated_at and version (ETag) and honours If-Match. Archived contacts answer 409 \`record_archived\`; an unknown item_id is 404 \`record_not_found\`.`;
  type Params = { contact_id: string; item_id: string };
  return {
    add: ({ contacts }) => ({
      method: 'POST',
      url: base,
      config: { permission: 'contacts:write', errors: ['duplicate_value', 'record_archived', 'precondition_failed'] },
      schema: {
        operationId: `addContact${noun}`,
        tags,
        summary: `Add an item to ${list}`,
        description: `Adds \`{${field}, is_primary, labels}\` to ${list}. The first item, or one sent with is_primary: true, becomes primary. A value already on the contact${noun === 'Email' ? ' or on another live contact' : ''} is 409 \`duplicate_value\`. ${rules}`,
        body: jsonBody(`Contact${noun}Input`),
        response: { 201: jsonResponse('The new item: its id and its envelope value.', `Contact${noun}ItemResponse`, ETAG_HEADER) },
      },
      handler: async (request, reply) => {
        const { contact_id } = request.params as Params;
        const { contact, item } = await contacts.addItem(principalOf(request), contact_id, list, request.body, { expectedVersion: expectedVersion(request.headers['if-match']) });
        return reply.status(201).header('etag', etagOf(contact)).send({ data: { id: item.id, envelope: renderItem(list, item) } });
      },
    }),
    patch: ({ contacts }) => ({
      method: 'PATCH',
      url: `${base}/:item_id`,
      config: { permission: 'contacts:write', errors: ['duplicate_value', 'record_archived', 'precondition_failed'] },
      schema: {
        operationId: `patchContact${noun}`,
        tags,
        summary: `Patch an item of ${list}`,
        description: `Partial: omitted members are untouched; labels replaces the item's labels. is_primary: true makes the item primary; false on the primary item promotes another one (the only item must stay primary). ${rules}`,
        body: jsonBody(`Contact${noun}Patch`),
        response: { 200: jsonResponse('The item after the change.', `Contact${noun}ItemResponse`, ETAG_HEADER) },
      },
      handler: async (request, reply) => {
        const { contact_id, item_id } = request.params as Params;
        const { contact, item } = await contacts.patchItem(principalOf(request), contact_id, list, item_id, request.body, { expectedVersion: expectedVersion(request.headers['if-match']) });
        return reply.header('etag', etagOf(contact)).send({ data: { id: item.id, envelope: renderItem(list, item) } });
      },
    }),
    remove: ({ contacts }) => ({
      method: 'DELETE',
      url: `${base}/:item_id`,
      config: { permission: 'contacts:write', errors: ['record_archived', 'precondition_failed'] },
      schema: {
        operationId: `deleteContact${noun}`,
        tags,
        summary: `Remove an item from ${list}`,
        description: `Removes the item; when it was primary the oldest remaining item is promoted. ${rules}`,
        response: { 204: emptyResponse('Removed; no body.', ETAG_HEADER) },
      },
      handler: async (request, reply) => {
        const { contact_id, item_id } = request.params as Params;
        const contact = await contacts.deleteItem(principalOf(request), contact_id, list, item_id, { expectedVersion: expectedVersion(request.headers['if-match']) });
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
