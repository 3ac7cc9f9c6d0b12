import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IdempotentResponder, WriteResult } from '../domain/contacts.ts';
import type { StoredResponse } from '../domain/idempotency.ts';

/** How a write route renders its response from what the write produced: status, replayed headers, body. */
export type RenderWrite = (result: WriteResult) => StoredResponse;

/** The response of a write, shared by the reply and the idempotent record stored inside the write. */
export interface WriteResponder {
  /** For the use case: null when the request carries no Idempotency-Key. */
  idempotent: IdempotentResponder | null;
  send(result: WriteResult): FastifyReply;
}

/**
 * Builds a write route's responder. With an Idempotency-Key the write stores the rendered response in its
 * own transaction, so a process that dies after the commit still has the retry replay it; the onSend hook
 * then has nothing left to store. afterCommit runs between the write and the reply (a test fault point).
 */
export function writeResponder(request: FastifyRequest, reply: FastifyReply, render: RenderWrite, afterCommit: () => void): WriteResponder {
  let last: { contact: WriteResult['contact']; response: StoredResponse } | null = null;
  const renderOnce = (result: WriteResult): StoredResponse => {
    if (last?.contact !== result.contact) last = { contact: result.contact, response: render(result) };
    return last.response;
  };
  const claim = request.idempotencyClaim;
  return {
    idempotent: claim === null ? null : { claim, render: renderOnce, stored: () => { request.idempotencyClaim = null; } },
    send: (result) => {
      afterCommit();
      const { statusCode, headers, body } = renderOnce(result);
      reply.status(statusCode).headers(headers);
      return reply.send(body === '' ? undefined : Buffer.from(body, 'utf8'));
    },
  };
}
