import { randomBytes } from 'node:crypto';
import { CONTACT_CATALOG } from './catalog/contact-catalog.ts';
import type { CatalogSource } from './contacts.ts';
import { EVENT_TYPES, UNTRACKED_ATTRIBUTES, type ContactEvent, type EventType } from './contact-events.ts';
import { AppError, throwIfInvalid, type ErrorDetail } from './errors.ts';
import { isUuid, newId } from './ids.ts';
import { codePoints } from './text-fold.ts';
import { parseTimestamp } from './values/timestamp.ts';
import { decodeSigned, encodeSigned } from './signed-token.ts';
import { checkStorableText, describe, isPlainObject } from './values/value-codec.ts';
import { DELIVERY_STATUSES, type DeliveryStatus, type SubscriptionPatch, type WebhookDelivery, type WebhookStore, type WebhookSubscription } from './webhook-store.ts';
import { webhookUrlRefusal } from './webhook-url.ts';

export const WEBHOOK_SECRET_PREFIX = 'whsec_';
/** How long a rotated-out secret keeps signing beside the new one. */
export const PREVIOUS_SECRET_HOURS = 24;
export const DELIVERIES_PAGE_SIZE = 50;
export const MAX_DESCRIPTION_LENGTH = 1000;

/** The test ping's type: not a change event, sent whatever the subscription's filters. */
export const TEST_EVENT_TYPE = 'webhook.test';

/** Standard attributes a filter may name: those events record changes of (an organization's live custom attributes too). */
export const FILTERABLE_ATTRIBUTES: readonly string[] = CONTACT_CATALOG.map((a) => a.apiName).filter((name) => !UNTRACKED_ATTRIBUTES.has(name));

/** Standard Webhooks secret: whsec_ + base64 of 32 random bytes (the HMAC key). */
export function generateWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(32).toString('base64');
}

/** Whether a subscription wants an event: its type is subscribed, and a contact.updated changed a named attribute. */
export function subscriptionMatches(subscription: Pick<WebhookSubscription, 'eventTypes' | 'attributes'>, event: ContactEvent): boolean {
  if (subscription.eventTypes !== null && !subscription.eventTypes.includes(event.type)) return false;
  if (subscription.attributes !== null && event.type === 'contact.updated') return event.changedAttributes.some((name) => subscription.attributes?.includes(name));
  return true;
}

/** The time of the next attempt after `attempts` failed ones, or null when the schedule is spent (failed). */
export function nextAttemptAt(attempts: number, scheduleMs: readonly number[], at: number): string | null {
  const delay = scheduleMs[attempts - 1];
  return delay === undefined ? null : new Date(at + delay).toISOString();
}

export interface WebhookOptions {
  allowPrivateUrls: boolean;
  /** The organizations' custom attributes: a filter may name the live ones (their changes are recorded by name). */
  catalogs?: CatalogSource;
  now?: () => number;
  /** Signs the deliveries log's cursors (the server's cursor secret, shared by every process). */
  cursorSecret: string;
}

const DELIVERY_CURSOR = 'delivery-cursor';

const CREATE_KEYS = ['url', 'event_types', 'attributes', 'description', 'enabled'];

/** An unknown list item as a message names it: strings quoted (cut to 100 characters), anything else by kind (an array 100,000 deep overflowed JSON.stringify's stack). */
const describeItem = (item: unknown): string => (typeof item === 'string' ? JSON.stringify(item.slice(0, 100)) : describe(item));

function stringList<T extends string>(raw: unknown, name: string, allowed: readonly T[], details: ErrorDetail[]): T[] | null {
  if (raw === null) return null;
  if (!Array.isArray(raw) || raw.length === 0) {
    details.push({ code: 'field_value_invalid', field: name, path: `/${name}`, message: `${name} must be null or a non-empty array, got ${describe(raw)}` });
    return null;
  }
  const unknown = raw.filter((item) => !allowed.includes(item as T));
  if (unknown.length > 0) {
    details.push({ code: 'field_value_invalid', field: name, path: `/${name}`, message: `unknown ${name === 'event_types' ? 'event type' : 'attribute'}${unknown.length > 1 ? 's' : ''} ${unknown.slice(0, 10).map(describeItem).join(', ')}${unknown.length > 10 ? ', …' : ''}; allowed: ${allowed.join(', ')}` });
    return null;
  }
  return [...new Set(raw as T[])];
}

/** Subscriptions, deliveries log, retries and replays: the webhooks API. Delivery itself is src/jobs/webhook-delivery.ts. */
export class Webhooks {
  private readonly now: () => number;

  constructor(private readonly store: WebhookStore, private readonly options: WebhookOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The standard filterable attributes, then the organization's live custom ones (archived ones are refused, as in writes). */
  private async filterableAttributes(organizationId: string): Promise<readonly string[]> {
    if (this.options.catalogs === undefined) return FILTERABLE_ATTRIBUTES;
    const catalog = await this.options.catalogs.catalog(organizationId);
    return [...FILTERABLE_ATTRIBUTES, ...catalog.custom.map((a) => a.apiName)];
  }

  /** Validates a create (all of body) or patch (what it names); the URL is resolved and checked. */
  private async parse(organizationId: string, body: unknown, creating: boolean): Promise<SubscriptionPatch> {
    if (!isPlainObject(body)) throw new AppError('validation_failed', 'the body must be a JSON object', [{ code: 'field_value_invalid', path: '', message: `the body must be a JSON object, got ${describe(body)}` }]);
    const details: ErrorDetail[] = [];
    for (const key of Object.keys(body)) {
      if (!CREATE_KEYS.includes(key)) details.push({ code: 'unknown_field', field: key, path: `/${key}`, message: `unknown member ${JSON.stringify(key)}; a subscription has ${CREATE_KEYS.join(', ')}` });
    }
    const patch: SubscriptionPatch = {};
    if (body.url !== undefined || creating) {
      if (typeof body.url !== 'string') {
        details.push({ code: creating && body.url === undefined ? 'field_required_missing' : 'field_value_invalid', field: 'url', path: '/url', message: `url must be an http or https URL, got ${describe(body.url)}` });
      } else {
        const refusal = await webhookUrlRefusal(body.url, this.options.allowPrivateUrls);
        if (refusal !== null) details.push({ code: 'field_value_invalid', field: 'url', path: '/url', message: refusal });
        else patch.url = body.url;
      }
    }
    if (body.event_types !== undefined) patch.eventTypes = stringList<EventType>(body.event_types, 'event_types', EVENT_TYPES, details);
    if (body.attributes !== undefined) patch.attributes = stringList(body.attributes, 'attributes', await this.filterableAttributes(organizationId), details);
    if (body.description !== undefined) {
      // Characters are code points, as the OpenAPI maxLength counts them (an emoji is one).
      if (body.description !== null && (typeof body.description !== 'string' || codePoints(body.description) > MAX_DESCRIPTION_LENGTH)) {
        details.push({ code: 'field_value_invalid', field: 'description', path: '/description', message: `description must be null or a string of at most ${MAX_DESCRIPTION_LENGTH} characters, got ${describe(body.description)}` });
      } else if (body.description !== null && checkStorableText(body.description) !== null) {
        details.push({ code: 'field_value_invalid', field: 'description', path: '/description', message: `description ${checkStorableText(body.description)}` });
      } else patch.description = body.description;
    }
    if (body.enabled !== undefined) {
      if (typeof body.enabled !== 'boolean') details.push({ code: 'field_value_invalid', field: 'enabled', path: '/enabled', message: `enabled must be true or false, got ${describe(body.enabled)}` });
      else patch.enabled = body.enabled;
    }
    throwIfInvalid(details);
    return patch;
  }

  async create(organizationId: string, body: unknown): Promise<{ subscription: WebhookSubscription; secret: string }> {
    const patch = await this.parse(organizationId, body, true);
    const at = new Date(this.now()).toISOString();
    const secret = generateWebhookSecret();
    const subscription = await this.store.createSubscription({
      organizationId,
      id: newId(),
      url: patch.url as string,
      eventTypes: patch.eventTypes ?? null,
      attributes: patch.attributes ?? null,
      description: patch.description ?? null,
      enabled: patch.enabled ?? true,
      disabledReason: null,
      secret,
      previousSecret: null,
      previousSecretExpiresAt: null,
      failingSince: null,
      createdAt: at,
      updatedAt: at,
    });
    return { subscription, secret };
  }

  list(organizationId: string): Promise<WebhookSubscription[]> {
    return this.store.listSubscriptions(organizationId);
  }

  async get(organizationId: string, id: string): Promise<WebhookSubscription> {
    const found = isUuid(id) ? await this.store.getSubscription(organizationId, id.toLowerCase()) : null;
    if (found === null) throw new AppError('record_not_found', `no webhook subscription ${id}`);
    return found;
  }

  async patch(organizationId: string, id: string, body: unknown): Promise<WebhookSubscription> {
    await this.get(organizationId, id);
    const patch = await this.parse(organizationId, body, false);
    const updated = await this.store.updateSubscription(organizationId, id.toLowerCase(), patch, new Date(this.now()).toISOString());
    if (updated === null) throw new AppError('record_not_found', `no webhook subscription ${id}`);
    return updated;
  }

  async delete(organizationId: string, id: string): Promise<void> {
    if (!isUuid(id) || !(await this.store.deleteSubscription(organizationId, id.toLowerCase()))) throw new AppError('record_not_found', `no webhook subscription ${id}`);
  }

  async rotateSecret(organizationId: string, id: string): Promise<{ subscription: WebhookSubscription; secret: string }> {
    await this.get(organizationId, id);
    const now = this.now();
    const secret = generateWebhookSecret();
    const subscription = await this.store.rotateSecret(organizationId, id.toLowerCase(), secret, new Date(now + PREVIOUS_SECRET_HOURS * 3_600_000).toISOString(), new Date(now).toISOString());
    if (subscription === null) throw new AppError('record_not_found', `no webhook subscription ${id}`);
    return { subscription, secret };
  }

  /** Queues a webhook.test event for the subscription, due at once; returns its delivery. */
  async test(organizationId: string, id: string): Promise<WebhookDelivery> {
    const subscription = await this.get(organizationId, id);
    const at = new Date(this.now()).toISOString();
    const eventId = newId();
    const payload = JSON.stringify({ id: eventId, type: TEST_EVENT_TYPE, occurred_at: at, webhook_id: subscription.id });
    const delivery: WebhookDelivery = {
      organizationId, id: newId(), subscriptionId: subscription.id, eventId, eventSequence: null, recordId: null, payload,
      status: 'pending', attempts: 0, nextAttemptAt: at, lastAttemptAt: null, lastStatusCode: null, lastError: null, createdAt: at,
    };
    await this.store.addTestDelivery(delivery);
    return delivery;
  }

  async deliveries(organizationId: string, id: string, query: { status?: unknown; cursor?: unknown }): Promise<{ deliveries: WebhookDelivery[]; nextCursor: string | null }> {
    const subscription = await this.get(organizationId, id);
    const details: ErrorDetail[] = [];
    let status: DeliveryStatus | null = null;
    if (query.status !== undefined && query.status !== '') {
      if (typeof query.status === 'string' && DELIVERY_STATUSES.includes(query.status as DeliveryStatus)) status = query.status as DeliveryStatus;
      else details.push({ code: 'invalid_filter_value', field: 'status', path: '/status', message: `status must be one of ${DELIVERY_STATUSES.join(', ')}, got ${describe(query.status)}` });
    }
    let before: string | null = null;
    if (query.cursor !== undefined && query.cursor !== '') {
      // Delivery ids are UUIDv7 (time-ordered): the cursor carries the last id of the previous page, signed with the
      // subscription it pages, so it still pages after retention (or a purge) removed that delivery.
      const decoded = typeof query.cursor === 'string' && query.cursor.length <= 1024 ? decodeSigned(DELIVERY_CURSOR, query.cursor, this.options.cursorSecret) : null;
      if (decoded !== null && decoded.o === organizationId && decoded.w === subscription.id && isUuid(decoded.b)) before = decoded.b;
      else details.push({ code: 'invalid_cursor', field: 'cursor', path: '/cursor', message: 'cursor must be the next_cursor of a previous page of this subscription\'s deliveries' });
    }
    throwIfInvalid(details);
    const rows = await this.store.listDeliveries(organizationId, subscription.id, status, before, DELIVERIES_PAGE_SIZE + 1);
    const page = rows.slice(0, DELIVERIES_PAGE_SIZE);
    const last = page[page.length - 1];
    return { deliveries: page, nextCursor: rows.length > DELIVERIES_PAGE_SIZE && last !== undefined ? encodeSigned(DELIVERY_CURSOR, { o: organizationId, w: subscription.id, b: last.id }, this.options.cursorSecret) : null };
  }

  async retry(organizationId: string, id: string, deliveryId: string): Promise<void> {
    const subscription = await this.get(organizationId, id);
    const found = isUuid(deliveryId) && (await this.store.retryDelivery(organizationId, subscription.id, deliveryId.toLowerCase(), new Date(this.now()).toISOString()));
    if (!found) throw new AppError('record_not_found', `no delivery ${deliveryId} of webhook subscription ${id}`);
  }

  async replay(organizationId: string, id: string, body: unknown): Promise<number> {
    const subscription = await this.get(organizationId, id);
    const details: ErrorDetail[] = [];
    let since = '';
    if (!isPlainObject(body)) details.push({ code: 'field_value_invalid', path: '', message: `the body must be {"since": "<ISO-8601 timestamp>"}, got ${describe(body)}` });
    else {
      for (const key of Object.keys(body)) if (key !== 'since') details.push({ code: 'unknown_field', field: key, path: `/${key}`, message: `unknown member ${JSON.stringify(key)}; a replay has since` });
      // The rules of a timestamp value: a time zone is required, and 2026-02-31 or 24:00 is refused rather than moved.
      const parsed = parseTimestamp(body.since);
      if (parsed === null) details.push({ code: body.since === undefined ? 'field_required_missing' : 'field_value_invalid', field: 'since', path: '/since', message: `since must be an ISO-8601 timestamp with a time zone (e.g. 2026-12-01T00:00:00Z), got ${describe(body.since)}` });
      else since = parsed;
    }
    throwIfInvalid(details);
    return this.store.replay(subscription, since, new Date(this.now()).toISOString(), (event) => subscriptionMatches(subscription, event));
  }
}
