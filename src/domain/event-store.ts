import type { ContactEvent, EventType } from './contact-events.ts';

export interface FeedFilter {
  types: readonly EventType[] | null;
  recordId: string | null;
}

/** The port storage implements for reading the change log; every method is scoped by organization. */
export interface EventStore {
  /**
   * Up to limit events with a sequence above afterSequence (and at most through, when given), in sequence order,
   * matching the filter.
   */
  after(organizationId: string, afterSequence: number, filter: FeedFilter, limit: number, through?: number | null): Promise<ContactEvent[]>;
  /** The newest sequence handed out (0 before the first event) and the newest one retention deleted. */
  bounds(organizationId: string): Promise<{ lastSequence: number; purgedThrough: number }>;
  /** The newest sequence retention deleted (bounds' purgedThrough alone, one row read). */
  purgedThrough(organizationId: string): Promise<number>;
  /** A record's events below beforeSequence (null: from the newest), newest first; only those naming attribute when given. */
  history(organizationId: string, recordId: string, attribute: string | null, beforeSequence: number | null, limit: number): Promise<ContactEvent[]>;
  /** Deletes every event that occurred before cutoff; returns how many. */
  purgeOlderThan(cutoffIso: string): Promise<number>;
}

/** A wait for the next commit of an organization's events, armed before the read it follows so none slips between. */
export interface EventSubscription {
  /** Resolves when an event of the organization commits (possibly already, since subscribing), after ms, or on abort. */
  wait(ms: number, signal: AbortSignal): Promise<void>;
  close(): void;
}

/** Tells waiting readers that events committed: from this process and, through the database, from others. */
export interface EventSignal {
  subscribe(organizationId: string): EventSubscription;
  /** Subscriptions open now (an abandoned long poll must not leave one behind). */
  readonly openSubscriptions: number;
}
