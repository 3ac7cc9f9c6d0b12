import { CONTACT_CATALOG, type AttributeDef } from './catalog/contact-catalog.ts';
import { EVENT_TYPES, UNTRACKED_ATTRIBUTES, type ContactEvent, type EventType } from './contact-events.ts';
import type { Actor, CatalogSource } from './contacts.ts';
import type { ContactStore } from './contact-store.ts';
import { AppError, throwIfInvalid, type ErrorDetail } from './errors.ts';
import type { EventSignal, EventStore } from './event-store.ts';
import { isUuid } from './ids.ts';
import { decodeSigned as decode, encodeSigned as encode } from './signed-token.ts';
import { describe, isPlainObject } from './values/value-codec.ts';

export const FEED_DEFAULT_LIMIT = 100;
export const FEED_MAX_LIMIT = 1000;
export const MAX_WAIT_SECONDS = 30;
export const HISTORY_DEFAULT_LIMIT = 50;
export const HISTORY_MAX_LIMIT = 500;

export interface EventPage {
  events: ContactEvent[];
  nextCursor: string | null;
}

const FEED_KEYS = ['cursor', 'types', 'record_id', 'limit', 'wait_seconds'];

function numberIn(raw: unknown, name: string, path: string, min: number, max: number, fallback: number, integer: boolean, details: ErrorDetail[]): number {
  if (raw === undefined || raw === null) return fallback;
  if (typeof raw !== 'number' || !Number.isFinite(raw) || (integer && !Number.isInteger(raw))) {
    details.push({ code: 'field_value_invalid', field: name, path, message: `${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got ${describe(raw)}` });
    return fallback;
  }
  if (raw < min || raw > max) {
    details.push({ code: 'limit_exceeded', field: name, path, message: `${name} must be from ${min} to ${max}, got ${raw}` });
    return fallback;
  }
  return raw;
}

const badCursor = (path: string, message: string): ErrorDetail => ({ code: 'invalid_cursor', field: 'cursor', path, message });

/** The events feed and contact history over the change log. */
export class Events {
  private readonly trackedAttributes: Set<string>;

  constructor(
    private readonly store: EventStore,
    private readonly signal: EventSignal,
    private readonly contacts: Pick<ContactStore, 'findById'>,
    /** catalogs: the organizations' custom attributes, whose names history accepts too (archived ones included: their events stay). */
    private readonly options: { cursorSecret: string; attributes?: readonly AttributeDef[]; catalogs?: CatalogSource },
  ) {
    this.trackedAttributes = new Set((options.attributes ?? CONTACT_CATALOG).map((a) => a.apiName).filter((n) => !UNTRACKED_ATTRIBUTES.has(n)));
  }

  get openWaits(): number {
    return this.signal.openSubscriptions;
  }

  /**
   * POST /event/_query: events after the cursor in sequence order. With wait_seconds and nothing to
   * return, waits until a matching event commits (in any process), the time passes, or abort fires.
   */
  async feed(actor: Actor, body: unknown, abort: AbortSignal): Promise<EventPage> {
    const organizationId = actor.organizationId;
    const details: ErrorDetail[] = [];
    const input = body === undefined || body === null ? {} : body;
    if (!isPlainObject(input)) throw new AppError('validation_failed', 'the body must be a JSON object {"cursor", "types", "record_id", "limit", "wait_seconds"}', [{ code: 'field_value_invalid', path: '', message: 'the body must be a JSON object' }]);
    for (const key of Object.keys(input)) {
      if (!FEED_KEYS.includes(key)) details.push({ code: 'unknown_field', field: key, path: `/${key}`, message: `${JSON.stringify(key)} is not a member of an events query; use ${FEED_KEYS.join(', ')}` });
    }
    let types: EventType[] | null = null;
    if (input.types !== undefined && input.types !== null) {
      const raw = input.types;
      if (!Array.isArray(raw) || raw.length === 0) details.push({ code: 'field_value_invalid', field: 'types', path: '/types', message: `types must be a non-empty array of ${EVENT_TYPES.join(', ')}` });
      else {
        raw.forEach((t, i) => {
          if (!(EVENT_TYPES as readonly unknown[]).includes(t)) details.push({ code: 'field_value_invalid', field: 'types', path: `/types/${i}`, message: `unknown event type ${describe(t)}; the types are ${EVENT_TYPES.join(', ')}` });
        });
        types = [...new Set(raw as EventType[])];
      }
    }
    let recordId: string | null = null;
    if (input.record_id !== undefined && input.record_id !== null) {
      if (isUuid(input.record_id)) recordId = input.record_id.toLowerCase();
      else details.push({ code: 'field_value_invalid', field: 'record_id', path: '/record_id', message: `record_id must be a contact id (UUID), got ${describe(input.record_id)}` });
    }
    const limit = numberIn(input.limit, 'limit', '/limit', 1, FEED_MAX_LIMIT, FEED_DEFAULT_LIMIT, true, details);
    const waitSeconds = numberIn(input.wait_seconds, 'wait_seconds', '/wait_seconds', 0, MAX_WAIT_SECONDS, 0, false, details);
    let cursor: number | 'now' | null = null;
    if (input.cursor === 'now') cursor = 'now';
    else if (input.cursor !== undefined && input.cursor !== null) {
      const decoded = typeof input.cursor === 'string' ? decode('event-cursor', input.cursor, this.options.cursorSecret) : null;
      if (decoded === null || typeof decoded.s !== 'number') details.push(badCursor('/cursor', 'the cursor is not one this server issued (or it was altered); start without a cursor or with "now"'));
      else if (decoded.o !== organizationId) details.push(badCursor('/cursor', 'the cursor belongs to another organization'));
      else cursor = decoded.s;
    }
    throwIfInvalid(details);

    const filter = { types, recordId };
    const deadline = Date.now() + waitSeconds * 1000;
    let after: number | null = typeof cursor === 'number' ? cursor : null;
    for (;;) {
      // Armed before the read, so an event committing between the read and the wait still wakes it.
      const subscription = waitSeconds > 0 ? this.signal.subscribe(organizationId) : null;
      try {
        // Every sequence up to lastSequence has committed: the counter row is written in the same transaction.
        const { lastSequence, purgedThrough } = await this.store.bounds(organizationId);
        if (after === null) after = cursor === 'now' ? lastSequence : purgedThrough;
        else if (after < purgedThrough) {
          throw new AppError('cursor_expired', `this cursor points before the oldest retained event: events up to sequence ${purgedThrough} were deleted by retention; start again without a cursor`);
        }
        // Unfiltered, the page is a closed range of sequences: they have no gaps above purgedThrough, so the next
        // limit events are exactly (after, after + limit]. Said so, PostgreSQL reads just those by the primary key
        // even when its statistics are stale (after a burst of writes it expected a few rows after an old cursor,
        // read every event after it with a bitmap scan and sorted them: 13 ms a page at 30k, 0.1 ms bounded).
        const through = types === null && recordId === null ? Math.min(after + limit, lastSequence) : null;
        const events = await this.store.after(organizationId, after, filter, limit, through);
        // Retention may have deleted events after `after` since bounds() (a closed range came back short, or a
        // filtered read, which cannot tell): moving on would skip them unseen, or skip retained ones to the head.
        if ((through === null || events.length < through - after) && (await this.store.purgedThrough(organizationId)) > after) {
          if (typeof cursor === 'number') throw new AppError('cursor_expired', 'this cursor points before the oldest retained event: retention deleted events after it while they were read; start again without a cursor');
          after = null;
          continue;
        }
        const remaining = deadline - Date.now();
        if (events.length > 0 || subscription === null || remaining <= 0 || abort.aborted) {
          // A short page read everything committed up to lastSequence: the next read starts there, not at its last match.
          const last = events.length === limit ? (events.at(-1) as ContactEvent).sequence : Math.max(after, lastSequence, events.at(-1)?.sequence ?? 0);
          return { events, nextCursor: encode('event-cursor', { o: organizationId, s: last }, this.options.cursorSecret) };
        }
        after = Math.max(after, lastSequence);
        await subscription.wait(remaining, abort);
      } finally {
        subscription?.close();
      }
    }
  }

  private async isCustom(organizationId: string, name: string): Promise<boolean> {
    if (this.options.catalogs === undefined) return false;
    return (await this.options.catalogs.catalog(organizationId)).definition(name) !== undefined;
  }

  /** GET /contact/{id}/history: the contact's events newest first, only those naming attribute when given. */
  async history(actor: Actor, contactId: string, query: { attribute?: unknown; limit?: unknown; cursor?: unknown }): Promise<EventPage> {
    const organizationId = actor.organizationId;
    if (!isUuid(contactId)) throw new AppError('record_not_found', `no contact ${contactId}`);
    const id = contactId.toLowerCase();
    const details: ErrorDetail[] = [];
    let attribute: string | null = null;
    if (query.attribute !== undefined && query.attribute !== '') {
      if (typeof query.attribute === 'string' && (this.trackedAttributes.has(query.attribute) || await this.isCustom(organizationId, query.attribute))) attribute = query.attribute;
      else details.push({ code: 'field_value_invalid', field: 'attribute', path: '/attribute', message: `attribute ${describe(query.attribute)} is not an attribute the change log records; use an attribute api_name other than ${[...UNTRACKED_ATTRIBUTES].join(', ')}` });
    }
    const rawLimit = typeof query.limit === 'string' && /^-?\d+$/.test(query.limit) ? Number(query.limit) : query.limit;
    const limit = numberIn(rawLimit, 'limit', '/limit', 1, HISTORY_MAX_LIMIT, HISTORY_DEFAULT_LIMIT, true, details);
    let before: number | null = null;
    if (query.cursor !== undefined && query.cursor !== '') {
      const decoded = typeof query.cursor === 'string' ? decode('history-cursor', query.cursor, this.options.cursorSecret) : null;
      if (decoded === null || typeof decoded.b !== 'number') details.push(badCursor('/cursor', 'the cursor is not one this server issued (or it was altered)'));
      else if (decoded.o !== organizationId || decoded.r !== id || decoded.a !== attribute) details.push(badCursor('/cursor', 'the cursor belongs to another contact or attribute; send the same contact and attribute as the request that returned it'));
      else before = decoded.b;
    }
    throwIfInvalid(details);
    if ((await this.contacts.findById(organizationId, id)) === null) throw new AppError('record_not_found', `no contact ${contactId}`);
    const rows = await this.store.history(organizationId, id, attribute, before, limit + 1);
    const events = rows.slice(0, limit);
    const last = events.at(-1);
    const nextCursor = rows.length > limit && last !== undefined ? encode('history-cursor', { o: organizationId, r: id, a: attribute, b: last.sequence }, this.options.cursorSecret) : null;
    return { events, nextCursor };
  }
}
