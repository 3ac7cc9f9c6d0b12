import { archiveContact } from './archive-contact.ts';
import { assertContact } from './assert-contact.ts';
import { batchContacts } from './batch-contacts.ts';
import { exportContacts } from './export-contacts.ts';
import { addContactEmail, addContactPhoneNumber, deleteContactEmail, deleteContactPhoneNumber, patchContactEmail, patchContactPhoneNumber } from './contact-item-routes.ts';
import { createContact } from './create-contact.ts';
import { archiveCustomAttribute, createCustomAttribute, patchCustomAttribute, restoreCustomAttribute } from './custom-attribute-routes.ts';
import { getContact } from './get-contact.ts';
import { getImportJob, getImportJobErrors, importContacts } from './import-job-routes.ts';
import { getContactHistory } from './get-contact-history.ts';
import { getContactSchema } from './get-contact-schema.ts';
import { getHealth } from './get-health.ts';
import { getMetrics } from './get-metrics.ts';
import { getHealthReady } from './get-health-ready.ts';
import { getOpenApiDocument } from './get-openapi-document.ts';
import { patchContact } from './patch-contact.ts';
import { purgeContact } from './purge-contact.ts';
import { queryContacts } from './query-contacts.ts';
import { queryEvents } from './query-events.ts';
import { restoreContact } from './restore-contact.ts';
import type { RouteFactory } from './route-deps.ts';
import { createWebhook, deleteWebhook, getWebhook, listWebhookDeliveries, listWebhooks, patchWebhook, replayWebhook, retryWebhookDelivery, rotateWebhookSecret, testWebhook } from './webhook-routes.ts';

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
  batchContacts,
  exportContacts,
  importContacts,
  getImportJob,
  getImportJobErrors,
  restoreContact,
  purgeContact,
  getContactHistory,
  queryEvents,
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
  createWebhook,
  listWebhooks,
  getWebhook,
  patchWebhook,
  deleteWebhook,
  rotateWebhookSecret,
  testWebhook,
  listWebhookDeliveries,
  retryWebhookDelivery,
  replayWebhook,
  getOpenApiDocument,
  getMetrics,
];
