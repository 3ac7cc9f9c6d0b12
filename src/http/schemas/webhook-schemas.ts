import { EVENT_TYPES } from '../../domain/contact-events.ts';
import { DELIVERY_STATUSES } from '../../domain/webhook-store.ts';
import { FILTERABLE_ATTRIBUTES, MAX_DESCRIPTION_LENGTH, TEST_EVENT_TYPE } from '../../domain/webhooks.ts';
import { MAX_WEBHOOK_URL_LENGTH } from '../../domain/webhook-url.ts';
import type { OpenAPIV3_1 } from 'openapi-types';
import type { JsonSchema } from './value-schemas.ts';

const uuid: JsonSchema = { type: 'string', format: 'uuid' };
const timestamp: JsonSchema = { type: 'string', format: 'date-time' };

const URL_DESCRIPTION = `The receiver: an absolute http or https URL (at most ${MAX_WEBHOOK_URL_LENGTH} characters, no user:password@, not port 0). Its host must resolve only to public addresses: loopback, private, link-local (cloud metadata), unique-local, carrier-grade NAT and IPv4-mapped, IPv4-compatible or NAT64 forms of them are 422, at create, at update and again at every delivery after DNS resolution, unless the server runs with WEBHOOK_ALLOW_PRIVATE_URLS=true.`;
const EVENT_TYPES_DESCRIPTION = `The event types to deliver; null (the default) delivers every type, including types added later. Unknown types are 422.`;
const ATTRIBUTES_DESCRIPTION = `null (the default): any change. A list of attribute api_names: a contact.updated is delivered only when it changed at least one of them (other event types are not affected). Unknown attributes, archived custom attributes, and derived ones the change log does not record (display_name, updated_at, ...), are 422. Allowed: the organization's live custom attributes (GET /api/v2/_schema/contact) and ${FILTERABLE_ATTRIBUTES.join(', ')}.`;

const subscriptionProperties: Record<string, JsonSchema> = {
  id: uuid,
  url: { type: 'string', description: URL_DESCRIPTION },
  event_types: { type: ['array', 'null'], items: { type: 'string', enum: [...EVENT_TYPES] }, description: EVENT_TYPES_DESCRIPTION },
  attributes: { type: ['array', 'null'], items: { type: 'string' }, description: ATTRIBUTES_DESCRIPTION },
  description: { type: ['string', 'null'] },
  enabled: { type: 'boolean', description: 'Disabled subscriptions get nothing; events that happen meanwhile are delivered after re-enabling (while retained). PATCH enabled: true re-enables and clears disabled_reason.' },
  disabled_reason: { type: ['string', 'null'], description: 'Why the server disabled the subscription (every attempt failed for WEBHOOK_DISABLE_AFTER_HOURS, default 120); null otherwise.' },
  created_at: timestamp,
  updated_at: timestamp,
};
const SUBSCRIPTION_REQUIRED = Object.keys(subscriptionProperties);

export const WEBHOOK_SUBSCRIPTION_SCHEMA: JsonSchema = {
  $id: 'WebhookSubscription',
  type: 'object',
  description: 'A webhook subscription. Its signing secret is shown only when created and when rotated.',
  properties: subscriptionProperties,
  required: SUBSCRIPTION_REQUIRED,
  additionalProperties: false,
};

const SECRET: JsonSchema = { type: 'string', pattern: '^whsec_', description: 'The signing secret (whsec_ + base64 key), shown only in this response: store it. Verify each delivery with a Standard Webhooks library.' };

export const WEBHOOK_SUBSCRIPTION_WITH_SECRET_SCHEMA: JsonSchema = {
  $id: 'WebhookSubscriptionWithSecret',
  type: 'object',
  properties: { data: { type: 'object', properties: { ...subscriptionProperties, secret: SECRET }, required: [...SUBSCRIPTION_REQUIRED, 'secret'], additionalProperties: false } },
  required: ['data'],
  additionalProperties: false,
};

export const WEBHOOK_SUBSCRIPTION_RESPONSE_SCHEMA: JsonSchema = {
  $id: 'WebhookSubscriptionResponse', type: 'object', properties: { data: { $ref: 'WebhookSubscription#' } }, required: ['data'], additionalProperties: false,
};

export const WEBHOOK_SUBSCRIPTION_LIST_SCHEMA: JsonSchema = {
  $id: 'WebhookSubscriptionList', type: 'object', properties: { data: { type: 'array', items: { $ref: 'WebhookSubscription#' } } }, required: ['data'], additionalProperties: false,
};

export const WEBHOOK_CREATE_REQUEST_SCHEMA: JsonSchema = {
  $id: 'WebhookCreateRequest',
  type: 'object',
  properties: {
    url: { type: 'string', description: URL_DESCRIPTION },
    event_types: { type: ['array', 'null'], minItems: 1, items: { type: 'string', enum: [...EVENT_TYPES] }, description: EVENT_TYPES_DESCRIPTION },
    attributes: { type: ['array', 'null'], minItems: 1, items: { type: 'string' }, description: ATTRIBUTES_DESCRIPTION },
    description: { type: ['string', 'null'], maxLength: MAX_DESCRIPTION_LENGTH },
    enabled: { type: 'boolean', default: true },
  },
  required: ['url'],
  additionalProperties: false,
};

export const WEBHOOK_PATCH_REQUEST_SCHEMA: JsonSchema = {
  $id: 'WebhookPatchRequest',
  type: 'object',
  description: 'Only the members sent change. enabled: true re-enables a disabled subscription and clears disabled_reason.',
  properties: (WEBHOOK_CREATE_REQUEST_SCHEMA.properties as Record<string, JsonSchema>),
  additionalProperties: false,
};

export const WEBHOOK_DELIVERY_SCHEMA: JsonSchema = {
  $id: 'WebhookDelivery',
  type: 'object',
  description: 'One event to one subscription. Every attempt carries webhook-id = event_id.',
  properties: {
    id: uuid,
    event_id: { ...uuid, description: 'The event id (the webhook-id header); a test ping has an id of its own.' },
    status: { type: 'string', enum: [...DELIVERY_STATUSES], description: 'pending: waiting for its next attempt (or for an earlier event of the same contact); delivered: a 2xx came back; failed: the retry schedule is spent.' },
    attempts: { type: 'integer', minimum: 0 },
    last_attempt_at: { type: ['string', 'null'], format: 'date-time' },
    last_status_code: { type: ['integer', 'null'], description: 'The receiver\'s HTTP status at the last attempt; null when it did not answer.' },
    last_error: { type: ['string', 'null'], description: 'Why the last attempt failed (HTTP status and the start of the body, timeout, connection error, refused address, redirect).' },
    next_attempt_at: { type: ['string', 'null'], format: 'date-time', description: 'When the next attempt is due; null once delivered or failed.' },
    created_at: timestamp,
  },
  required: ['id', 'event_id', 'status', 'attempts', 'last_attempt_at', 'last_status_code', 'last_error', 'next_attempt_at', 'created_at'],
  additionalProperties: false,
};

export const WEBHOOK_DELIVERY_PAGE_SCHEMA: JsonSchema = {
  $id: 'WebhookDeliveryPage',
  type: 'object',
  properties: {
    data: { type: 'array', items: { $ref: 'WebhookDelivery#' }, description: 'Newest first, 50 per page.' },
    next_cursor: { type: ['string', 'null'], description: 'Older deliveries: send it as cursor (with the same status); null on the last page.' },
  },
  required: ['data', 'next_cursor'],
  additionalProperties: false,
};

export const WEBHOOK_REPLAY_REQUEST_SCHEMA: JsonSchema = {
  $id: 'WebhookReplayRequest',
  type: 'object',
  properties: { since: { ...timestamp, description: 'Re-send every retained event that occurred at or after this time and matches the subscription\'s filters (new deliveries, new attempts; same webhook-id as before).' } },
  required: ['since'],
  additionalProperties: false,
};

export const WEBHOOK_ACCEPTED_SCHEMA: JsonSchema = {
  $id: 'WebhookAccepted',
  type: 'object',
  properties: {
    data: {
      type: 'object',
      properties: {
        queued: { type: 'integer', minimum: 0, description: 'Deliveries queued by this request.' },
        delivery_id: { ...uuid, description: 'The delivery queued (test ping, retry).' },
        event_id: { ...uuid, description: `The ${TEST_EVENT_TYPE} event's id (test ping).` },
      },
      required: ['queued'],
      additionalProperties: false,
    },
  },
  required: ['data'],
  additionalProperties: false,
};

export const WEBHOOK_TEST_EVENT_SCHEMA: JsonSchema = {
  $id: 'WebhookTestEvent',
  type: 'object',
  description: 'What POST /api/v2/webhook/{webhook_id}/_test sends (signed like every delivery, whatever the filters).',
  properties: { id: uuid, type: { type: 'string', const: TEST_EVENT_TYPE }, occurred_at: timestamp, webhook_id: uuid },
  required: ['id', 'type', 'occurred_at', 'webhook_id'],
  additionalProperties: false,
};

export const WEBHOOK_SCHEMAS: readonly JsonSchema[] = [
  WEBHOOK_SUBSCRIPTION_SCHEMA, WEBHOOK_SUBSCRIPTION_WITH_SECRET_SCHEMA, WEBHOOK_SUBSCRIPTION_RESPONSE_SCHEMA, WEBHOOK_SUBSCRIPTION_LIST_SCHEMA,
  WEBHOOK_CREATE_REQUEST_SCHEMA, WEBHOOK_PATCH_REQUEST_SCHEMA, WEBHOOK_DELIVERY_SCHEMA, WEBHOOK_DELIVERY_PAGE_SCHEMA, WEBHOOK_REPLAY_REQUEST_SCHEMA,
  WEBHOOK_ACCEPTED_SCHEMA, WEBHOOK_TEST_EVENT_SCHEMA,
];

const DELIVERY_HEADERS: OpenAPIV3_1.ParameterObject[] = [
  { name: 'webhook-id', in: 'header', required: true, schema: { type: 'string' }, description: 'The event id: the same on every attempt and every replay of the event. Deduplicate on it (delivery is at least once).' },
  { name: 'webhook-timestamp', in: 'header', required: true, schema: { type: 'string' }, description: 'Unix seconds of this attempt; reject ones too far from your clock (Standard Webhooks libraries allow 5 minutes).' },
  { name: 'webhook-signature', in: 'header', required: true, schema: { type: 'string' }, description: 'Space-separated v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}"> keyed by the base64 part of the whsec_ secret; for 24 h after a rotation also one made with the previous secret.' },
];

const DELIVERY_RESPONSES = {
  '2XX': { description: 'Delivered. Answer within WEBHOOK_TIMEOUT_MS (default 15 s); the body is ignored (read up to 64 KiB).' },
  default: { description: 'Anything else (another status, a redirect, a timeout, a refused connection) fails the attempt; it is retried on WEBHOOK_RETRY_SCHEDULE (default 5s,5m,30m,2h,5h,10h,10h), then the delivery is failed. One contact\'s events reach a subscription in sequence order: a later one waits for the earlier to be delivered or failed.' },
};

/** The OpenAPI 3.1 `webhooks` section: what contactd POSTs to a subscription's URL. */
export const OPENAPI_WEBHOOKS: Record<string, OpenAPIV3_1.PathItemObject> = {
  contactEvent: {
    post: {
      operationId: 'receiveContactEvent',
      summary: 'A change event (contact.created, contact.updated, contact.archived, contact.restored, contact.purged)',
      description: 'The event exactly as the events feed renders it, signed per the Standard Webhooks specification.',
      tags: ['webhooks'],
      parameters: DELIVERY_HEADERS,
      requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ContactEvent' } } } },
      responses: DELIVERY_RESPONSES,
    },
  },
  webhookTest: {
    post: {
      operationId: 'receiveWebhookTest',
      summary: `A ${TEST_EVENT_TYPE} ping (from POST /api/v2/webhook/{webhook_id}/_test)`,
      tags: ['webhooks'],
      parameters: DELIVERY_HEADERS,
      requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/WebhookTestEvent' } } } },
      responses: DELIVERY_RESPONSES,
    },
  },
};
