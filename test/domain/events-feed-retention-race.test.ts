import { describe, expect, it } from 'vitest';
import type { ContactEvent } from '../../src/domain/contact-events.ts';
import type { EventSignal, EventStore } from '../../src/domain/event-store.ts';
import { AppError } from '../../src/domain/errors.ts';
import { Events } from '../../src/domain/events.ts';

/**
 * Retention may delete events between the feed's read of the bounds and its read of the page. The reader must
 * then be told (410), or start again at the oldest retained event when it had no cursor: never be moved past
 * retained events it has not seen, nor past deleted ones silently.
 */
describe('the events feed when retention deletes during a read', () => {
  const organizationId = 'org-race';
  const actor = { organizationId, userId: 'user-race' };
  const lastSequence = 100;
  // The events left in the log; the store's page read runs retention through `deleteThrough` first, once.
  let oldest = 1;
  let purgedThrough = 0;
  let deleteThrough: number | null = null;
  const store: EventStore = {
    after: async (_org, after, filter, limit, through = null) => {
      if (deleteThrough !== null) {
        oldest = deleteThrough + 1;
        purgedThrough = deleteThrough;
        deleteThrough = null;
      }
      const from = Math.max(after + 1, oldest);
      const end = Math.min(through ?? lastSequence, lastSequence, from + limit - 1);
      return Array.from({ length: Math.max(0, end - from + 1) }, (_, i) => ({ sequence: from + i, type: 'contact.updated' }) as ContactEvent)
        .filter((e) => filter.types === null || filter.types.includes(e.type));
    },
    bounds: async () => ({ lastSequence, purgedThrough }),
    purgedThrough: async () => purgedThrough,
    history: async () => [],
    purgeOlderThan: async () => 0,
  };
  const signal = { subscribe: () => ({ wait: async () => undefined, close: () => undefined }), openSubscriptions: 0 } as unknown as EventSignal;
  const events = new Events(store, signal, { findById: async () => null }, { cursorSecret: 'race-secret' });
  const feed = (body: Record<string, unknown>) => events.feed(actor, body, new AbortController().signal);
  const reset = () => {
    oldest = 1;
    purgedThrough = 0;
    deleteThrough = null;
  };

  it('410 cursor_expired for a cursor whose next events were deleted during the read, unfiltered or filtered (not a cursor past retained events)', async () => {
    for (const filter of [{}, { types: ['contact.updated'] }]) {
      reset();
      const first = await feed({ limit: 3, ...filter });
      expect(first.events.map((e) => e.sequence)).toEqual([1, 2, 3]);
      deleteThrough = 50;
      const raced = await feed({ limit: 3, cursor: first.nextCursor, ...filter }).then(() => null, (error: unknown) => error);
      expect(raced).toBeInstanceOf(AppError);
      expect((raced as AppError).code).toBe('cursor_expired');
    }
  });

  it('without a cursor the read starts again at the oldest retained event', async () => {
    reset();
    deleteThrough = 50;
    const page = await feed({ limit: 3 });
    expect(page.events.map((e) => e.sequence)).toEqual([51, 52, 53]);
    const next = await feed({ limit: 3, cursor: page.nextCursor });
    expect(next.events.map((e) => e.sequence)).toEqual([54, 55, 56]);
  });
});
