import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The request being served, carried through everything it awaits, so a failure that escapes it (an unhandled
 * rejection, an uncaught exception) can still be logged with its request id.
 */
const requestContext = new AsyncLocalStorage<{ requestId: string }>();

/** Runs the rest of a request (Fastify's onRequest `done`) inside its context. */
export function runInRequestContext(requestId: string, next: () => void): void {
  requestContext.run({ requestId }, next);
}

/** The id of the request whose work is running now, or null outside any request. */
export function currentRequestId(): string | null {
  return requestContext.getStore()?.requestId ?? null;
}
