import { AppError } from '../../domain/errors.ts';
import type { WebhookDelivery, WebhookSubscription } from '../../domain/webhook-store.ts';
import { principalOf } from '../auth.ts';
import { ignoreEmptyBodyContentType } from '../empty-body.ts';
import { emptyResponse, jsonBody, jsonResponse } from '../schemas/response-schemas.ts';
import type { RouteFactory } from './route-deps.ts';
import { LARGE_RESPONSE } from '../compression.ts';

/** The wire record of a subscription (the secret only where a route adds it). */
export function subscriptionRecord(s: WebhookSubscription): Record<string, unknown> {
  return {
    id: s.id, url: s.url, event_types: s.eventTypes, attributes: s.attributes, description: s.description,
    enabled: s.enabled, disabled_reason: s.disabledReason, created_at: s.createdAt, updated_at: s.updatedAt,
  };
}

export function deliveryRecord(d: WebhookDelivery): Record<string, unknown> {
  return {
    id: d.id, event_id: d.eventId, status: d.status, attempts: d.attempts, last_attempt_at: d.lastAttemptAt,
    last_status_code: d.lastStatusCode, last_error: d.lastError, next_attempt_at: d.nextAttemptAt, created_at: d.createdAt,
  };
}

/** The verbs without a body take none: anything but an empty body or {} is 422, not silently ignored. */
function refuseBody(body: unknown): void {
  if (body === undefined || body === null) return;
  if (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0) return;
  const keys = typeof body === 'object' && !Array.isArray(body) ? Object.keys(body) : [];
  throw new AppError('validation_failed', 'this request takes no body', keys.length > 0
    ? keys.map((key) => ({ code: 'unknown_field', field: key, path: `/${key}`, message: `unknown member ${JSON.stringify(key)}; this request takes no body` }))
    : [{ code: 'field_value_invalid', path: '', message: 'this request takes no body (send none, or {})' }]);
}

const webhookIdOf = (params: unknown): string => (params as { webhook_id: string }).webhook_id;
const tags = ['webhooks'];

export const createWebhook: RouteFactory = ({ webhooks }) => ({
  method: 'POST',
  url: '/api/v2/webhook',
  config: { permission: 'webhooks:write' },
  schema: {
    operationId: 'createWebhook', tags, summary: 'Subscribe a URL to change events',
    description: 'Creates a subscription and answers with its signing secret, shown only here (and by _rotate_secret). Events committed from now on that match event_types and attributes are POSTed to url, signed per Standard Webhooks. Earlier events: see _replay.',
    body: jsonBody('WebhookCreateRequest'),
    response: { 201: jsonResponse('Created; data.secret is shown only now.', 'WebhookSubscriptionWithSecret') },
  },
  handler: async (request, reply) => {
    const { subscription, secret } = await webhooks.create(principalOf(request).organizationId, request.body);
    return reply.status(201).send({ data: { ...subscriptionRecord(subscription), secret } });
  },
});

export const listWebhooks: RouteFactory = ({ webhooks }) => ({
  method: 'GET',
  url: '/api/v2/webhook',
  compress: LARGE_RESPONSE,
  config: { permission: 'webhooks:read' },
  schema: {
    operationId: 'listWebhooks', tags, summary: 'List webhook subscriptions',
    response: { 200: jsonResponse('Every subscription of the organization, oldest first (never their secrets).', 'WebhookSubscriptionList') },
  },
  handler: async (request) => ({ data: (await webhooks.list(principalOf(request).organizationId)).map(subscriptionRecord) }),
});

export const getWebhook: RouteFactory = ({ webhooks }) => ({
  method: 'GET',
  url: '/api/v2/webhook/:webhook_id',
  config: { permission: 'webhooks:read' },
  schema: { operationId: 'getWebhook', tags, summary: 'Read one webhook subscription', response: { 200: jsonResponse('The subscription (never its secret).', 'WebhookSubscriptionResponse') } },
  handler: async (request) => ({ data: subscriptionRecord(await webhooks.get(principalOf(request).organizationId, webhookIdOf(request.params))) }),
});

export const patchWebhook: RouteFactory = ({ webhooks }) => ({
  method: 'PATCH',
  url: '/api/v2/webhook/:webhook_id',
  config: { permission: 'webhooks:write' },
  schema: {
    operationId: 'patchWebhook', tags, summary: 'Change a webhook subscription',
    description: 'Changes the members sent. enabled: true re-enables a subscription the server disabled (clearing disabled_reason and restarting the failure clock); its pending deliveries, and events that happened while it was disabled (while retained), are then delivered.',
    body: jsonBody('WebhookPatchRequest'),
    response: { 200: jsonResponse('The subscription after the change.', 'WebhookSubscriptionResponse') },
  },
  handler: async (request) => ({ data: subscriptionRecord(await webhooks.patch(principalOf(request).organizationId, webhookIdOf(request.params), request.body)) }),
});

export const deleteWebhook: RouteFactory = ({ webhooks }) => ({
  method: 'DELETE',
  url: '/api/v2/webhook/:webhook_id',
  config: { permission: 'webhooks:write', errors: ['validation_failed'] },
  onRequest: ignoreEmptyBodyContentType,
  schema: { operationId: 'deleteWebhook', tags, summary: 'Delete a webhook subscription', description: 'Deletes the subscription and its deliveries log; nothing more is sent to it. Takes no body (a body other than {} is 422).', response: { 204: emptyResponse('Deleted.') } },
  handler: async (request, reply) => {
    refuseBody(request.body);
    await webhooks.delete(principalOf(request).organizationId, webhookIdOf(request.params));
    return reply.status(204).send();
  },
});

export const rotateWebhookSecret: RouteFactory = ({ webhooks }) => ({
  method: 'POST',
  url: '/api/v2/webhook/:webhook_id/_rotate_secret',
  config: { permission: 'webhooks:write', errors: ['validation_failed'] },
  onRequest: ignoreEmptyBodyContentType,
  schema: {
    operationId: 'rotateWebhookSecret', tags, summary: 'Rotate the signing secret',
    description: 'Answers with a new secret (shown only here). For 24 hours every delivery carries two signatures in webhook-signature, one per secret, so receivers can switch without losing a delivery; then only the new one signs.',
    response: { 200: jsonResponse('The subscription with its new secret.', 'WebhookSubscriptionWithSecret') },
  },
  handler: async (request) => {
    refuseBody(request.body);
    const { subscription, secret } = await webhooks.rotateSecret(principalOf(request).organizationId, webhookIdOf(request.params));
    return { data: { ...subscriptionRecord(subscription), secret } };
  },
});

export const testWebhook: RouteFactory = ({ webhooks }) => ({
  method: 'POST',
  url: '/api/v2/webhook/:webhook_id/_test',
  config: { permission: 'webhooks:write', errors: ['validation_failed'] },
  onRequest: ignoreEmptyBodyContentType,
  schema: {
    operationId: 'testWebhook', tags, summary: 'Send a test ping',
    description: 'Queues a webhook.test event for the subscription, whatever its filters, signed like every delivery, retried like every delivery; it shows in the deliveries log. On a disabled subscription it waits, like every delivery, until the subscription is enabled again.',
    response: { 202: jsonResponse('Queued.', 'WebhookAccepted') },
  },
  handler: async (request, reply) => {
    refuseBody(request.body);
    const delivery = await webhooks.test(principalOf(request).organizationId, webhookIdOf(request.params));
    return reply.status(202).send({ data: { queued: 1, delivery_id: delivery.id, event_id: delivery.eventId } });
  },
});

export const listWebhookDeliveries: RouteFactory = ({ webhooks }) => ({
  method: 'GET',
  url: '/api/v2/webhook/:webhook_id/deliveries',
  compress: LARGE_RESPONSE,
  config: { permission: 'webhooks:read', errors: ['validation_failed'] },
  schema: {
    operationId: 'listWebhookDeliveries', tags, summary: 'The deliveries log of a subscription',
    description: 'Deliveries newest first, 50 per page, optionally only one status. An unknown status or a cursor that is not a next_cursor is 422.',
    querystring: {
      type: 'object',
      properties: {
        status: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
        cursor: { type: 'string', description: 'The next_cursor of the previous page: opaque and signed, bound to this subscription; it keeps paging after the delivery it points at was deleted (retention, a purge).' },
      },
    },
    response: { 200: jsonResponse('A page of deliveries.', 'WebhookDeliveryPage') },
  },
  handler: async (request) => {
    const page = await webhooks.deliveries(principalOf(request).organizationId, webhookIdOf(request.params), request.query as Record<string, unknown>);
    return { data: page.deliveries.map(deliveryRecord), next_cursor: page.nextCursor };
  },
});

export const retryWebhookDelivery: RouteFactory = ({ webhooks }) => ({
  method: 'POST',
  url: '/api/v2/webhook/:webhook_id/deliveries/:delivery_id/_retry',
  config: { permission: 'webhooks:write', errors: ['validation_failed'] },
  onRequest: ignoreEmptyBodyContentType,
  schema: {
    operationId: 'retryWebhookDelivery', tags, summary: 'Retry one delivery now',
    description: 'Makes the delivery pending and due now: one more attempt, whatever its status (a failed one that fails again is failed again). An earlier pending event of the same contact still goes first.',
    response: { 202: jsonResponse('Queued.', 'WebhookAccepted') },
  },
  handler: async (request, reply) => {
    refuseBody(request.body);
    const { delivery_id } = request.params as { delivery_id: string };
    await webhooks.retry(principalOf(request).organizationId, webhookIdOf(request.params), delivery_id);
    return reply.status(202).send({ data: { queued: 1, delivery_id: delivery_id.toLowerCase() } });
  },
});

export const replayWebhook: RouteFactory = ({ webhooks }) => ({
  method: 'POST',
  url: '/api/v2/webhook/:webhook_id/_replay',
  config: { permission: 'webhooks:write' },
  schema: {
    operationId: 'replayWebhook', tags, summary: 'Re-send events since a time',
    description: 'Queues a new delivery of every retained event since `since` that matches the subscription (events not yet delivered at all are left to their own delivery, not doubled). Each carries its event id as webhook-id, as before.',
    body: jsonBody('WebhookReplayRequest'),
    response: { 202: jsonResponse('Queued; data.queued says how many.', 'WebhookAccepted') },
  },
  handler: async (request, reply) => {
    const queued = await webhooks.replay(principalOf(request).organizationId, webhookIdOf(request.params), request.body);
    return reply.status(202).send({ data: { queued } });
  },
});
