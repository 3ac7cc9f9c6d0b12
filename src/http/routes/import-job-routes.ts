import { PassThrough } from 'node:stream';
import type { ImportJob } from '../../domain/import-job-store.ts';
import { actorOf } from '../auth.ts';
import { JSON_CONTENT_TYPE } from '../contact-record.ts';
import { jsonResponse } from '../schemas/response-schemas.ts';
import { csvRecord } from '../export-format.ts';
import { writeWithBackpressure } from './export-contacts.ts';
import type { RouteFactory } from './route-deps.ts';
import { LARGE_RESPONSE } from '../compression.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route reads a CSV or NDJSON file as its body (POST /api/v2/contact/_import). */
    importUpload?: boolean;
  }
}

const START_DESCRIPTION = [
  'Starts an asynchronous import of a file of contacts and answers 202 at once with the job (status `queued`); poll `GET /api/v2/import/{import_id}` (the Location header) for its progress and `GET /api/v2/import/{import_id}/errors` for the rows that failed. The body is the file itself: `Content-Type: text/csv` (RFC 4180 with a header row; quoted fields, embedded newlines, CRLF and a UTF-8 byte order mark are read) or `application/x-ndjson` (one JSON object per line: `{"attributes": {...}}` as GET or an export renders a contact, or a flat object of columns). UTF-8 only. At most IMPORT_MAX_BYTES (64 MiB by default); a larger body is 413 payload_too_large.',
  'Columns map to attributes by api_name or display name, case-insensitively (custom attributes included); server-set columns an export carries (id, created_at, …) are skipped. Cells are coerced per type: booleans from true/false/yes/no/y/n/1/0, numbers from decimal text, currency from "12.50 USD" or its JSON, dates and timestamps as ISO-8601, lists split on ";". Empty cells leave the attribute out (an import never clears a value).',
  'Query parameters: `map` ("Column=api_name,Other Column=api_name": overrides the name matching), `match` (`primary_email`, `contact_emails` or a unique custom attribute\'s api_name: each row upserts like _assert instead of creating; a row without a value for it then fails), `dry_run=true` (every row is checked as the write would check it, nothing is written; the counts say what would have happened; a row repeating an email or unique value of a row in an earlier batch is answered as in the real import), `ignore_unknown_columns=true` (skip columns that name no attribute instead of refusing the file). An unknown parameter, a bad value, an empty file, a CSV header with two columns naming one attribute, or a CSV header naming columns that match no attribute is 422 before any job exists; another Content-Type or charset, or a UTF-16 file, is 415.',
  'The job writes as the key\'s user: every contact it creates has created_source CSV_IMPORT and every change is an event with source CSV_IMPORT. Rows are written in batches of IMPORT_BATCH_ROWS (500 by default), one transaction each; the batch\'s progress commits with it. A job interrupted by a restart or a crash resumes after its last committed batch (no row is written twice). Once the key that started the job is revoked, no further batch commits: the job fails with error.code unauthenticated, and the batches committed before stay. A row that fails (a bad value, a duplicate email, a ragged row, invalid UTF-8, a line over 1 MiB) is skipped and reported; the others go on. Within one file a later row with an email an earlier row created fails with duplicate_value, unless `match` makes it update that contact. The uploaded file is stored in the database until the job ends, then deleted; the job and its error report stay. An Idempotency-Key covers the upload: a retry with the same file and query answers the same job.',
].join('\n\n');

const GET_DESCRIPTION = 'The import job: its status (queued, running, completed, failed) and counts so far (rows, created, updated, failed), which grow as batches commit. Any key of the organization with contacts:read can read it.';

const ERRORS_DESCRIPTION = 'The error report of the job, as CSV (RFC 4180, CRLF): a header row `line,column,code,message,raw`, then one row per problem of each failed input row, in line order: `line` is the input line where the row starts (the header is line 1 of a CSV file; NDJSON lines count from 1), `column` the column or attribute at fault (empty when the row as a whole is), `code` the error detail code (field_value_invalid, duplicate_value, unknown_field, malformed_json, …), `message` a human sentence and `raw` the input row as it was. While the job runs the report holds the batches committed so far. Cells starting with =, +, -, @, tab or carriage return are prefixed with a single quote so a spreadsheet never runs them.';

/** A job as the wire renders it. */
export function importJobJson(job: ImportJob): Record<string, unknown> {
  return {
    id: job.id,
    status: job.status,
    format: job.format,
    dry_run: job.dryRun,
    match: job.matchKey,
    counts: job.counts,
    size_bytes: job.sizeBytes,
    error: job.error,
    created_at: job.createdAt,
    started_at: job.startedAt,
    finished_at: job.finishedAt,
  };
}

const jobPath = (id: string) => `/api/v2/import/${id}`;

export const importContacts: RouteFactory = ({ importJobs }) => ({
  method: 'POST',
  url: '/api/v2/contact/_import',
  // Optional chaining: the OpenAPI test builds routes from empty deps to read their documentation.
  bodyLimit: importJobs?.options.maxBytes,
  config: { permission: 'contacts:write', importUpload: true },
  schema: {
    operationId: 'importContacts', tags: ['contacts'], summary: 'Start an import job from a CSV or NDJSON file', description: START_DESCRIPTION,
    querystring: {
      type: 'object',
      properties: {
        map: { type: 'string', description: 'Column mappings "Column=api_name,Other Column=api_name".' },
        match: { type: 'string', description: 'Upsert each row like _assert by this key instead of creating every row: `primary_email`, `contact_emails`, or the api_name of a unique custom attribute (a row without a value for it then fails).' },
        dry_run: { type: 'boolean', default: false, description: 'Check every row as the writes would (a row repeating an email of an earlier row fails or matches as in the real import), write nothing. A dry run interrupted by a restart starts over from the first line.' },
        ignore_unknown_columns: { type: 'boolean', default: false, description: 'Skip columns that name no attribute instead of refusing the file.' },
      },
      additionalProperties: false,
    },
    body: {
      content: {
        'text/csv': { schema: { type: 'string', description: 'A CSV file with a header row.' } },
        'application/x-ndjson': { schema: { type: 'string', description: 'One JSON object per line.' } },
      },
    },
    response: {
      202: jsonResponse('The job is stored and queued.', 'ImportJobResponse', { location: { type: 'string', description: 'The job\'s status URL.' } }),
    },
  },
  handler: async (request, reply) => {
    const actor = actorOf(request);
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const job = await importJobs.start(actor, { contentType: request.headers['content-type'], body, query: request.query });
    return reply.status(202).header('location', jobPath(job.id)).header('content-type', JSON_CONTENT_TYPE).send(JSON.stringify({ data: importJobJson(job) }));
  },
});

export const getImportJob: RouteFactory = ({ importJobs }) => ({
  method: 'GET',
  url: '/api/v2/import/:import_id',
  config: { permission: 'contacts:read' },
  schema: {
    operationId: 'getImportJob', tags: ['contacts'], summary: 'Get an import job\'s status and counts', description: GET_DESCRIPTION,
    response: { 200: jsonResponse('The job.', 'ImportJobResponse') },
  },
  handler: async (request, reply) => {
    const { import_id: id } = request.params as { import_id: string };
    const job = await importJobs.get(actorOf(request), id);
    return reply.status(200).header('content-type', JSON_CONTENT_TYPE).send(JSON.stringify({ data: importJobJson(job) }));
  },
});

export const getImportJobErrors: RouteFactory = ({ importJobs }) => ({
  method: 'GET',
  url: '/api/v2/import/:import_id/errors',
  compress: LARGE_RESPONSE,
  config: { permission: 'contacts:read' },
  schema: {
    operationId: 'getImportJobErrors', tags: ['contacts'], summary: 'Get an import job\'s error report as CSV', description: ERRORS_DESCRIPTION,
    response: { 200: { description: 'The error report, streamed.', content: { 'text/csv': { schema: { type: 'string' } } } } },
  },
  handler: async (request, reply) => {
    const { import_id: id } = request.params as { import_id: string };
    const actor = actorOf(request);
    // Checked before the first byte: an unknown job is a 404, not an empty report.
    await importJobs.get(actor, id);
    const stream = new PassThrough();
    void (async () => {
      try {
        await writeWithBackpressure(stream, csvRecord(['line', 'column', 'code', 'message', 'raw'], false));
        await importJobs.errors(actor, id, (lines) => writeWithBackpressure(stream, lines.map((l) => csvRecord([l.line, l.column, l.code, l.message, l.raw])).join('')));
        stream.end();
      } catch (error) {
        if (!stream.destroyed) request.log.error({ err: error }, 'error report failed after the response started');
        stream.destroy(error as Error);
      }
    })();
    return reply.status(200).header('content-type', 'text/csv; charset=utf-8').send(stream);
  },
});
