import { archiveContact } from './archive-contact.ts';
import { assertContact } from './assert-contact.ts';
import { addContactEmail, addContactPhoneNumber, deleteContactEmail, deleteContactPhoneNumber, patchContactEmail, patchContactPhoneNumber } from './contact-item-routes.ts';
import { createContact } from './create-contact.ts';
import { archiveCustomAttribute, createCustomAttribute, patchCustomAttribute, restoreCustomAttribute } from './custom-attribute-routes.ts';
import { getContact } from './get-contact.ts';
import { getContactSchema } from './get-contact-schema.ts';
import { getHealth } from './get-health.ts';
import { getHealthReady } from './get-health-ready.ts';
import { getOpenApiDocument } from './get-openapi-document.ts';
import { patchContact } from './patch-contact.ts';
import { queryContacts } from './query-contacts.ts';
import type { RouteFactory } from './route-deps.ts';

/** Every endpoint contactd serves. */
export const ROUTES: readonly RouteFactory[] = [
  getHealth,
  getHealthReady,
  createContact,
  getContact,
  patchContact,
  archiveContact,
  queryContacts,
  assertContact,
  addContactEmail,
  patchContactEmail,
  deleteContactEmail,
  addContactPhoneNumber,
  patchContactPhoneNumber,
  deleteContactPhoneNumber,
  getContactSchema,
  createCustomAttribute,
  patchCustomAttribute,
  archiveCustomAttribute,
  restoreCustomAttribute,
  getOpenApiDocument,
];
