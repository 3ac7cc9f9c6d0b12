import { MAX_BATCH_OPERATIONS } from '../../domain/contact-batch.ts';
import { MAX_SEARCH_LENGTH } from '../../domain/contact-query.ts';
import type { JsonSchema } from './value-schemas.ts';

const ifMatch: JsonSchema = { anyOf: [{ type: 'string' }, { type: 'integer', minimum: 0 }], description: 'Optional: the version the contact must be at, as the If-Match header names it (the ETag W/"<version>", the weak prefix optional, a comma-separated list of ETags of which any may match, or * for any), or the version number itself (a number, or a string of its digits). A mismatch, or a string that is no such list, fails the operation with 412 precondition_failed, as the header does; another type is 422 before anything runs.' };
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
    search: { type: 'string', minLength: 1, maxLength: MAX_SEARCH_LENGTH, description: `The _query free-text search: only contacts it finds are exported (ANDed with filters). As in _query, 422 field_value_invalid for an empty or whitespace-only text, more than ${MAX_SEARCH_LENGTH} characters, or control characters.` },
    format: { type: 'string', enum: ['ndjson', 'csv'], default: 'ndjson' },
  },
  additionalProperties: false,
  examples: [{ format: 'csv', filters: [{ field: 'stage', operator: 'eq', value: 'working' }] }],
};

const COUNT = { type: 'integer', minimum: 0 };

export const IMPORT_JOB_SCHEMA: JsonSchema = {
  $id: 'ImportJob',
  type: 'object',
  description: 'An import job: its options, its progress and how it ended.',
  properties: {
    id: { type: 'string', format: 'uuid' },
    status: { type: 'string', enum: ['queued', 'running', 'completed', 'failed'], description: 'queued: stored, not started; running: rows are being written (also while it waits to be resumed after a restart); completed: every row was read (rows that failed are in the error report); failed: the file as a whole was refused (see error) after the batches already committed.' },
    format: { type: 'string', enum: ['csv', 'ndjson'], description: 'From the upload\'s Content-Type.' },
    dry_run: { type: 'boolean', description: 'true: every row was checked as the writes would check it and nothing was written; counts say what would have happened.' },
    match: { type: ['string', 'null'], description: 'The _assert match key rows upsert by (primary_email, contact_emails or a unique custom attribute\'s api_name); null: every row creates a contact.' },
    counts: {
      type: 'object',
      description: 'Rows read so far (the header row and blank lines are not rows) and what became of them; they grow batch by batch while the job runs. rows = created + updated + failed.',
      properties: { rows: COUNT, created: COUNT, updated: COUNT, failed: COUNT },
      required: ['rows', 'created', 'updated', 'failed'],
      additionalProperties: false,
    },
    size_bytes: { type: 'integer', minimum: 0, description: 'The size of the uploaded file.' },
    error: {
      type: ['object', 'null'],
      description: 'Why a failed job stopped; null otherwise. Rows that failed one by one are not here but in the error report.',
      properties: { code: { type: 'string' }, message: { type: 'string' } },
      required: ['code', 'message'],
      additionalProperties: false,
    },
    created_at: { type: 'string', format: 'date-time' },
    started_at: { type: ['string', 'null'], format: 'date-time', description: 'When a runner first took the job.' },
    finished_at: { type: ['string', 'null'], format: 'date-time', description: 'When the job completed or failed.' },
  },
  required: ['id', 'status', 'format', 'dry_run', 'match', 'counts', 'size_bytes', 'error', 'created_at', 'started_at', 'finished_at'],
  additionalProperties: false,
};

export const IMPORT_JOB_RESPONSE_SCHEMA: JsonSchema = {
  $id: 'ImportJobResponse',
  type: 'object',
  properties: { data: { $ref: 'ImportJob#' } },
  required: ['data'],
  additionalProperties: false,
};

export const BULK_SCHEMAS: readonly JsonSchema[] = [BATCH_REQUEST_SCHEMA, BATCH_RESPONSE_SCHEMA, EXPORT_REQUEST_SCHEMA, IMPORT_JOB_SCHEMA, IMPORT_JOB_RESPONSE_SCHEMA];
