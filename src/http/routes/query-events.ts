import { actorOf } from '../auth.ts';
import { JSON_CONTENT_TYPE } from '../contact-record.ts';
import { eventPageBody } from '../event-json.ts';
import { jsonBody, jsonResponse } from '../schemas/response-schemas.ts';
import type { RouteFactory } from './route-deps.ts';
import { LARGE_RESPONSE } from '../compression.ts';

const DESCRIPTION = [
  'The change log of the organization: every successful write (create, PATCH, archive, restore, sub-resource changes, _assert, purge) appended exactly one event in its own transaction. Events come in sequence order; sequences are per organization and strictly increasing in commit order, so reading from a cursor never skips an event that committed late.',
  'Body (all optional): {"cursor", "types", "record_id", "limit" (1-1000, default 100), "wait_seconds" (0-30, default 0)}. Without cursor the feed starts at the oldest retained event; "cursor": "now" starts after the newest. next_cursor is never null: keep sending it.',
  'Long poll: with wait_seconds and nothing to return, the answer waits until a matching event commits (from any server process sharing the database) or the time passes, then answers (possibly with no events). A client that gives up frees the wait at once.',
  'Retention: events are kept EVENT_RETENTION_DAYS (default 30) days; a cursor older than the oldest retained event is 410 cursor_expired.',
].join('\n\n');

/** Long polls hold the socket idle for up to 30 s: longer than the idle timeout, so it is lifted for the wait. */
const LONG_POLL_SOCKET_TIMEOUT_MS = 45_000;

export const queryEvents: RouteFactory = ({ events, shutdown, socketTimeoutMs }) => ({
  method: 'POST',
  url: '/api/v2/event/_query',
  compress: LARGE_RESPONSE,
  config: { permission: 'contacts:read', errors: ['cursor_expired'] },
  schema: {
    operationId: 'queryEvents', tags: ['events'], summary: 'Read the change log (feed with long polling)', description: DESCRIPTION,
    body: jsonBody('EventQueryRequest'),
    response: { 200: jsonResponse('Events after the cursor, in sequence order, and the cursor to continue from.', 'EventPage') },
  },
  handler: async (request, reply) => {
    const client = new AbortController();
    // The response closing before it was written means the client went away: stop waiting at once.
    const onClose = () => client.abort();
    reply.raw.once('close', onClose);
    // Injected requests (tests) have a stand-in socket without timeouts.
    const socket = typeof request.raw.socket?.setTimeout === 'function' ? request.raw.socket : null;
    socket?.setTimeout(LONG_POLL_SOCKET_TIMEOUT_MS);
    try {
      const page = await events.feed(actorOf(request), request.body, AbortSignal.any([client.signal, shutdown]));
      return reply.type(JSON_CONTENT_TYPE).send(eventPageBody(page.events, page.nextCursor));
    } finally {
      reply.raw.off('close', onClose);
      socket?.setTimeout(socketTimeoutMs);
    }
  },
});
