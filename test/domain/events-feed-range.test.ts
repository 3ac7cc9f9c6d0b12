import { describe, expect, it } from 'vitest';
import type { ContactEvent } from '../../src/domain/contact-events.ts';
import type { EventSignal, EventStore, FeedFilter } from '../../src/domain/event-store.ts';
import { Events } from '../../src/domain/events.ts';

/**
 * Unfiltered, the feed asks the store for a closed range of sequences, (after, after + limit] capped at the
 * newest committed one: sequences have no gaps above retention's mark, and the bound keeps PostgreSQL on the
 * primary key when its statistics are stale (see src/domain/events.ts). Filtered pages cannot know their end.
 */
describe('the events feed reads a page as a closed range of sequences', () => {
  const organizationId = 'org-range';
  const actor = { organizationId, userId: 'user-range' };
  const calls: Array<{ after: number; limit: number; through: number | null; filter: FeedFilter }> = [];
  let lastSequence = 1000;
  const store: EventStore = {
    after: async (_org, after, filter, limit, through = null) => {
      calls.push({ after, limit, through, filter });
      const end = Math.min(through ?? lastSequence, lastSequence, after + limit);
      return Array.from({ length: Math.max(0, end - after) }, (_, i) => ({ sequence: after + i + 1 }) as ContactEvent);
    },
    bounds: async () => ({ lastSequence, purgedThrough: 0 }),
    purgedThrough: async () => 0,
    history: async () => [],
    purgeOlderThan: async () => 0,
  };
  const signal: EventSignal = { subscribe: () => ({ wait: async () => undefined, close: () => undefined }), openSubscriptions: 0 } as unknown as EventSignal;
  const events = new Events(store, signal, { findById: async () => null }, { cursorSecret: 'range-secret' });
  const feed = (body: Record<string, unknown>) => events.feed(actor, body, new AbortController().signal);

  it('pages far behind the head: each read is (after, after + limit], and the cursor moves to its end', async () => {
    calls.length = 0;
    lastSequence = 1000;
    const first = await feed({ limit: 100 });
    expect(first.events.map((e) => e.sequence)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    const second = await feed({ limit: 100, cursor: first.nextCursor });
    expect(second.events[0]?.sequence).toBe(101);
    expect(calls.map(({ after, through }) => [after, through])).toEqual([[0, 100], [100, 200]]);
  });

  it('near the head the range ends at the newest committed sequence; a filtered page has no upper bound', async () => {
    calls.length = 0;
    lastSequence = 150;
    const first = await feed({ limit: 100 });
    const second = await feed({ limit: 100, cursor: first.nextCursor });
    expect(second.events.map((e) => e.sequence)).toEqual(Array.from({ length: 50 }, (_, i) => i + 101));
    await feed({ limit: 100, types: ['contact.updated'] });
    await feed({ limit: 100, record_id: '0192c5d2-8d7e-7b3a-9c1d-2f4e6a8b0c1d' });
    expect(calls.map(({ after, through }) => [after, through])).toEqual([[0, 100], [100, 150], [0, null], [0, null]]);
  });
});
