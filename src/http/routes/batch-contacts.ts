import type { FastifyRequest } from 'fastify';
import type { BatchOutcome } from '../../domain/contacts.ts';
import type { StoredResponse } from '../../domain/idempotency.ts';
import { actorOf } from '../auth.ts';
import { contactRecordJson, JSON_CONTENT_TYPE, type RecordView } from '../contact-record.ts';
import { errorBody } from '../error-handler.ts';
import { ERROR_STATUS } from '../error-status.ts';
import { jsonBody, jsonResponse } from '../schemas/response-schemas.ts';
import type { RouteFactory } from './route-deps.ts';
import { LARGE_RESPONSE } from '../compression.ts';

const DESCRIPTION = [
  'Runs 1 to 100 operations in order, in one database transaction: `{"op": "create", "attributes"}`, `{"op": "patch", "id", "attributes", "if_match"?}`, `{"op": "assert", "match", "attributes"}`, `{"op": "archive", "id", "if_match"?}`. Each result is exactly what the single endpoint would have answered (`status`, and `data` and `meta`, or `error` in the error shape); every write is its own event.',
  'Not atomic (the default): an operation that fails leaves nothing behind and the others still apply; the answer is 200 with one result per operation. `"atomic": true`: all or nothing; when any operation fails nothing is written and the answer is the error (422 validation_failed, or the one code every failure shares, e.g. 409 duplicate_value) with each failed operation\'s problems in `details`, their paths starting `/operations/<index>`.',
  'An empty batch, more than 100 operations, an unknown `op` or an operation missing a member it needs is 422 before anything runs. An Idempotency-Key covers the whole batch: a retry replays the stored answer.',
].join('\n\n');

/** The batch's answer: each outcome as its single endpoint's status and body. */
function renderBatch(request: FastifyRequest, outcomes: BatchOutcome[], view: RecordView): StoredResponse {
  const parts = outcomes.map((outcome) => {
    if (!outcome.ok) {
      const { error } = errorBody(request, outcome.error.code, outcome.error.message, outcome.error.details);
      return `{"status":${ERROR_STATUS[outcome.error.code]},"error":${JSON.stringify(error)}}`;
    }
    if (outcome.op === 'archive') return '{"status":204}';
    const { contact, action } = outcome.result;
    const status = outcome.op === 'create' || action === 'created' ? 201 : 200;
    const meta = outcome.op === 'assert' ? `,"meta":${JSON.stringify({ action })}` : '';
    return `{"status":${status},"data":${contactRecordJson(contact, view)}${meta}}`;
  });
  return { statusCode: 200, headers: { 'content-type': JSON_CONTENT_TYPE }, body: `{"data":[${parts.join(',')}]}` };
}

export const batchContacts: RouteFactory = ({ contacts, afterCommit }) => ({
  method: 'POST',
  url: '/api/v2/contact/_batch',
  compress: LARGE_RESPONSE,
  config: { permission: 'contacts:write', errors: ['duplicate_value', 'record_archived', 'record_not_found', 'precondition_failed', 'ambiguous_match'] },
  schema: {
    operationId: 'batchContacts', tags: ['contacts'], summary: 'Create, patch, assert and archive up to 100 contacts in one request', description: DESCRIPTION,
    body: jsonBody('ContactBatchRequest'),
    response: { 200: jsonResponse('One result per operation, in order.', 'ContactBatchResponse') },
  },
  handler: async (request, reply) => {
    const actor = actorOf(request);
    const view = await contacts.view(actor.organizationId);
    const claim = request.idempotencyClaim;
    const render = (outcomes: BatchOutcome[]) => renderBatch(request, outcomes, view);
    const outcomes = await contacts.batch(actor, request.body, claim === null ? null : { claim, render, stored: () => { request.idempotencyClaim = null; } });
    afterCommit();
    const { statusCode, headers, body } = render(outcomes);
    return reply.status(statusCode).headers(headers).send(Buffer.from(body, 'utf8'));
  },
});
