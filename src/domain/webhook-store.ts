import type { ContactEvent, EventType } from './contact-events.ts';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface WebhookSubscription {
  organizationId: string;
  id: string;
  url: string;
  /** null: every event type. */
  eventTypes: EventType[] | null;
  /** null: any attribute; else contact.updated only when one of these changed. */
  attributes: string[] | null;
  description: string | null;
  enabled: boolean;
  disabledReason: string | null;
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: string | null;
  /** Every event up to this sequence has been fanned out. */
  cursorSequence: number;
  failingSince: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookDelivery {
  organizationId: string;
  id: string;
  subscriptionId: string;
  eventId: string;
  eventSequence: number | null;
  recordId: string | null;
  /** The body of a test ping; null for an event (rendered from the change log). */
  payload: string | null;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
}

/** A delivery a worker has claimed, with what it needs to send it. */
export interface ClaimedDelivery extends WebhookDelivery {
  claimToken: string;
  /** What to POST: the test ping's payload or the event's JSON; null when retention or a purge removed the event. */
  body: string | null;
  url: string;
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: string | null;
}

/** The result of one attempt, as the worker records it. */
export interface AttemptOutcome {
  at: string;
  statusCode: number | null;
  error: string | null;
  /** delivered, or pending with nextAttemptAt, or failed (schedule exhausted). */
  status: DeliveryStatus;
  nextAttemptAt: string | null;
  /** On a failure: disable the subscription (with reason) when it has been failing since this time or earlier. */
  disable: { failingSinceAtMost: string; reason: string } | null;
}

export type SubscriptionPatch = Partial<Pick<WebhookSubscription, 'url' | 'eventTypes' | 'attributes' | 'description' | 'enabled'>>;

/** The port storage implements for webhooks; subscription and delivery reads are scoped by organization. */
export interface WebhookStore {
  /** Inserts a subscription whose cursor starts after the organization's newest event. */
  createSubscription(subscription: Omit<WebhookSubscription, 'cursorSequence'>): Promise<WebhookSubscription>;
  listSubscriptions(organizationId: string): Promise<WebhookSubscription[]>;
  getSubscription(organizationId: string, id: string): Promise<WebhookSubscription | null>;
  /** Applies the patch (enabling also clears disabled_reason and the failure clock); null when unknown. */
  updateSubscription(organizationId: string, id: string, patch: SubscriptionPatch, at: string): Promise<WebhookSubscription | null>;
  /** Deletes it and its deliveries; false when unknown. */
  deleteSubscription(organizationId: string, id: string): Promise<boolean>;
  rotateSecret(organizationId: string, id: string, secret: string, previousExpiresAt: string, at: string): Promise<WebhookSubscription | null>;
  /** A pending delivery due now with a body of its own (test ping). */
  addTestDelivery(delivery: WebhookDelivery): Promise<void>;
  /** Newest first, ids below before when given. */
  listDeliveries(organizationId: string, subscriptionId: string, status: DeliveryStatus | null, before: string | null, limit: number): Promise<WebhookDelivery[]>;
  /** Makes the delivery pending and due at `at` (one more attempt); false when unknown. */
  retryDelivery(organizationId: string, subscriptionId: string, deliveryId: string, at: string): Promise<boolean>;
  /** New pending deliveries for every retained event since `since` that the subscription has already fanned out and that matches it. */
  replay(subscription: WebhookSubscription, since: string, at: string, matches: (event: ContactEvent) => boolean): Promise<number>;

  /** Worker: whether any organization has an enabled subscription (none: there is nothing to deliver). */
  hasEnabledSubscription(): Promise<boolean>;
  /** Worker: turns events after each enabled subscription's cursor into deliveries; returns how many it made. */
  fanOut(matches: (subscription: WebhookSubscription, event: ContactEvent) => boolean, at: string, batch: number): Promise<number>;
  /**
   * Worker: claims up to limit pending deliveries due at `at`, of enabled subscriptions not in excluded,
   * whose contact has no earlier pending delivery on the same subscription, until claimedUntil.
   */
  claimDue(at: string, claimedUntil: string, limit: number, excluded: readonly string[]): Promise<ClaimedDelivery[]>;
  /** Worker: records attempts, all in one transaction; each is ignored when its claim was lost (token changed). */
  recordAttempts(attempts: ReadonlyArray<{ delivery: ClaimedDelivery; outcome: AttemptOutcome }>): Promise<void>;
  /** Worker: gives a claim back without an attempt counted (shutdown). */
  releaseClaim(delivery: ClaimedDelivery): Promise<void>;
  /** Pending deliveries of enabled subscriptions (the queue depth). */
  countPending(): Promise<number>;
  /**
   * When the oldest work the workers owe became owed, or null when they are caught up: the earliest of the
   * occurred_at of an event not yet fanned out to an enabled subscription, and the next_attempt_at (at or
   * before `at`) of a pending delivery of one. Deliveries waiting for a later retry are not owed yet.
   */
  oldestOwed(at: string): Promise<string | null>;
}
