import { MAX_BATCH_OPERATIONS } from '../../domain/contact-batch.ts';
import type { JsonSchema } from './value-schemas.ts';

const ifMatch: JsonSchema = { anyOf: [{ type: 'string' }, { type: 'integer', minimum: 0 }], description: 'Optional: the version the contact must be at (W/"<version>" as an ETag, or the number); a mismatch fails the operation with 412 precondition_failed.' };
const id: JsonSchema = { type: 'string', description: 'The contact id; an unknown or malformed one fails the operation with 404 record_not_found.' };

export const BATCH_REQUEST_SCHEMA: JsonSchema = {
  $id: 'ContactBatchRequest',
  type: 'object',
  properties: {
    operations: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_BATCH_OPERATIONS,
      description: `1 to ${MAX_BATCH_OPERATIONS} operations, run in order; each is the body of the single endpoint it stands for.`,
      items: {
        oneOf: [
          { type: 'object', title: 'create', properties: { op: { const: 'create' }, attributes: { $ref: 'ContactCreateAttributes#' } }, required: ['op', 'attributes'], additionalProperties: false, description: 'POST /api/v2/contact' },
          { type: 'object', title: 'patch', properties: { op: { const: 'patch' }, id, attributes: { $ref: 'ContactPatchAttributes#' }, if_match: ifMatch }, required: ['op', 'id', 'attributes'], additionalProperties: false, description: 'PATCH /api/v2/contact/{id}' },
          { type: 'object', title: 'assert', properties: { op: { const: 'assert' }, match: { $ref: 'ContactAssertRequest#/properties/match' }, attributes: { $ref: 'ContactAssertAttributes#' } }, required: ['op', 'match', 'attributes'], additionalProperties: false, description: 'POST /api/v2/contact/_assert' },
          { type: 'object', title: 'archive', properties: { op: { const: 'archive' }, id, if_match: ifMatch }, required: ['op', 'id'], additionalProperties: false, description: 'DELETE /api/v2/contact/{id}' },
        ],
      },
    },
    atomic: { type: 'boolean', default: false, description: 'true: all or nothing. When any operation fails nothing is written and the answer is that error (422 validation_failed, or the one failing code, e.g. 409 duplicate_value), with every failed operation\'s problems in details, each path starting /operations/<index>.' },
  },
  required: ['operations'],
  additionalProperties: false,
  examples: [{ operations: [{ op: 'create', attributes: { first_name: 'Ada', primary_email: 'ada@example.com' } }, { op: 'assert', match: { primary_email: 'grace@example.com' }, attributes: { title: 'Admiral' } }], atomic: false }],
};

export const BATCH_RESPONSE_SCHEMA: JsonSchema = {
  $id: 'ContactBatchResponse',
  type: 'object',
  properties: {
    data: {
      type: 'array',
      description: 'One result per operation, in order: the status and body the single endpoint would have answered.',
      items: {
        type: 'object',
        properties: {
          status: { type: 'integer', description: '201 created, 200 patched or asserted, 204 archived, or the error status.' },
          data: { $ref: 'ContactRecord#' },
          meta: { type: 'object', properties: { action: { type: 'string', enum: ['created', 'updated'] } }, required: ['action'], additionalProperties: false, description: 'assert only.' },
          error: { $ref: 'ErrorResponse#/properties/error' },
        },
        required: ['status'],
        additionalProperties: false,
      },
    },
  },
  required: ['data'],
  additionalProperties: false,
};

export const EXPORT_REQUEST_SCHEMA: JsonSchema = {
  $id: 'ContactExportRequest',
  type: 'object',
  properties: {
    filters: { type: 'array', items: { $ref: 'QueryFilter#' }, description: 'The _query filters (ANDed); none exports every live contact.' },
    search: { type: 'string', description: 'The _query free-text search: only contacts it finds are exported (ANDed with filters).' },
    format: { type: 'string', enum: ['ndjson', 'csv'], default: 'ndjson' },
  },
  additionalProperties: false,
  examples: [{ format: 'csv', filters: [{ field: 'stage', operator: 'eq', value: 'working' }] }],
};

export const BULK_SCHEMAS: readonly JsonSchema[] = [BATCH_REQUEST_SCHEMA, BATCH_RESPONSE_SCHEMA, EXPORT_REQUEST_SCHEMA];
