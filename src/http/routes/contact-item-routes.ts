import type { ListAttribute } from '../../domain/contact.ts';
import { principalOf } from '../auth.ts';
import { etagOf, expectedVersion, renderItem } from '../contact-record.ts';
import type { RouteFactory } from './route-deps.ts';

/**
 * The email and phone sub-resources are the same three operations over two lists, so one factory
 * builds them; the exported names are the operationIds.
 */
function itemRoutes(list: ListAttribute, noun: 'Email' | 'PhoneNumber'): { add: RouteFactory; patch: RouteFactory; remove: RouteFactory } {
  const base = `/api/v2/contact/:contact_id/attribute/${list}`;
  const tags = ['contact sub-resources'];
  type Params = { contact_id: string; item_id: string };
  return {
    add: ({ contacts }) => ({
      method: 'POST',
      url: base,
      config: { permission: 'contacts:write' },
      schema: { operationId: `addContact${noun}`, tags, summary: `Add an item to ${list}` },
      handler: async (request, reply) => {
        const { contact_id } = request.params as Params;
        const { contact, item } = await contacts.addItem(principalOf(request), contact_id, list, request.body, { expectedVersion: expectedVersion(request.headers['if-match']) });
        return reply.status(201).header('etag', etagOf(contact)).send({ data: { id: item.id, envelope: renderItem(list, item) } });
      },
    }),
    patch: ({ contacts }) => ({
      method: 'PATCH',
      url: `${base}/:item_id`,
      config: { permission: 'contacts:write' },
      schema: { operationId: `patchContact${noun}`, tags, summary: `Patch an item of ${list}` },
      handler: async (request, reply) => {
        const { contact_id, item_id } = request.params as Params;
        const { contact, item } = await contacts.patchItem(principalOf(request), contact_id, list, item_id, request.body, { expectedVersion: expectedVersion(request.headers['if-match']) });
        return reply.header('etag', etagOf(contact)).send({ data: { id: item.id, envelope: renderItem(list, item) } });
      },
    }),
    remove: ({ contacts }) => ({
      method: 'DELETE',
      url: `${base}/:item_id`,
      config: { permission: 'contacts:write' },
      schema: { operationId: `deleteContact${noun}`, tags, summary: `Remove an item from ${list}` },
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
