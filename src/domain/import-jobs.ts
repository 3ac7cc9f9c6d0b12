import { Readable } from 'node:stream';
import type { Actor, Contacts } from './contacts.ts';
import { importMatchProblem, parseColumnMap, type ImportMatchKey } from './contact-import.ts';
import { AppError, type ErrorDetail } from './errors.ts';
import { isUuid, newId, nowIso } from './ids.ts';
import { checkHeader, MAX_RECORD_BYTES, readCsvHeader } from './import-reader.ts';
import type { ImportErrorLine, ImportFormat, ImportJob, ImportJobStore } from './import-job-store.ts';

/** The Content-Types an import takes, and the format each means. */
export const IMPORT_CONTENT_TYPES: Readonly<Record<string, ImportFormat>> = {
  'text/csv': 'csv',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
};
const QUERY_MEMBERS = ['match', 'map', 'dry_run', 'ignore_unknown_columns'];
const UNKNOWN_COLUMNS_HINT = 'map them with the map query parameter ("Column=api_name") or pass ignore_unknown_columns=true';

export interface ImportUpload {
  /** The Content-Type header as sent. */
  contentType: string | undefined;
  body: Buffer;
  /** The query string's members, as Fastify parsed them. */
  query: unknown;
}

/** Nothing but a byte order mark and white space (checked on the bytes: the file may be large). */
function isBlank(body: Buffer): boolean {
  const start = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
  for (let i = start; i < body.length; i += 1) {
    const byte = body[i];
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return false;
  }
  return true;
}

function booleanParameter(name: string, raw: unknown, details: ErrorDetail[]): boolean {
  if (raw === undefined) return false;
  if (raw === 'true' || raw === '1' || raw === '') return true;
  if (raw === 'false' || raw === '0') return false;
  details.push({ code: 'field_value_invalid', field: name, message: `${name} is true or false, got ${JSON.stringify(raw)}` });
  return false;
}

/** The import job use cases: start one from an upload, read its status and its error report. */
export class ImportJobs {
  constructor(
    private readonly store: ImportJobStore,
    private readonly contacts: Contacts,
    readonly options: { maxBytes: number; onCreated?: () => void },
  ) {}

  /**
   * Checks the upload (format, options, the CSV header against the organization's attributes) and stores
   * the job with its file; the runner picks it up. Throws 415 for a type or charset it does not read, 422
   * for an empty file, a bad option or unknown columns (unless ignored).
   */
  async start(actor: Actor, upload: ImportUpload): Promise<ImportJob> {
    const [mediaType = '', ...parameters] = (upload.contentType ?? '').split(';').map((p) => p.trim().toLowerCase());
    const format = IMPORT_CONTENT_TYPES[mediaType];
    if (format === undefined) throw new AppError('unsupported_media_type', `unsupported Content-Type ${JSON.stringify(upload.contentType ?? '')}: send the file as text/csv or application/x-ndjson`);
    const charset = parameters.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') throw new AppError('unsupported_media_type', `charset ${charset} is not read: send the file as UTF-8`);
    const { body } = upload;
    if ((body[0] === 0xff && body[1] === 0xfe) || (body[0] === 0xfe && body[1] === 0xff)) throw new AppError('unsupported_media_type', 'the file is UTF-16 (it starts with a UTF-16 byte order mark): send it as UTF-8');

    const query = (upload.query ?? {}) as Record<string, unknown>;
    const details: ErrorDetail[] = [];
    for (const name of Object.keys(query)) {
      if (!QUERY_MEMBERS.includes(name)) details.push({ code: 'unknown_field', field: name, message: `unknown query parameter ${JSON.stringify(name)}; the import takes ${QUERY_MEMBERS.join(', ')}` });
      else if (typeof query[name] !== 'string') details.push({ code: 'field_value_invalid', field: name, message: `${name} is given once` });
    }
    const match = query.match;
    const { attributes: catalog } = await this.contacts.catalog(actor.organizationId);
    const matchProblem = typeof match === 'string' ? importMatchProblem(match, catalog) : null;
    if (matchProblem !== null) details.push({ code: 'field_value_invalid', field: 'match', message: matchProblem });
    const columnMap = typeof query.map === 'string' && query.map.trim() !== '' ? query.map : null;
    let map = new Map<string, string>();
    try {
      map = parseColumnMap(columnMap ?? undefined);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      details.push({ code: 'field_value_invalid', field: 'map', message: error.message.replace('--map', 'map') });
    }
    const dryRun = booleanParameter('dry_run', query.dry_run, details);
    const ignoreUnknownColumns = booleanParameter('ignore_unknown_columns', query.ignore_unknown_columns, details);
    if (details.length > 0) throw new AppError('validation_failed', details.map((d) => d.message).join('; '), details);

    if (isBlank(body)) throw new AppError('validation_failed', `the body is empty: send ${format === 'csv' ? 'a CSV file with a header row' : 'NDJSON, one JSON object per line'}`, [{ code: 'field_required_missing', message: 'the file is empty' }]);
    if (format === 'csv') {
      let header: string[] | null;
      try {
        // The header is within the first record's limit: parsing more could only meet a later record's problems.
        header = await readCsvHeader(Readable.from([body.subarray(0, MAX_RECORD_BYTES)]));
      } catch (error) {
        throw new AppError('validation_failed', `the header row cannot be read as CSV: ${(error as Error).message}`);
      }
      if (header === null) throw new AppError('validation_failed', 'the body is empty: send a CSV file with a header row', [{ code: 'field_required_missing', message: 'the file is empty' }]);
      checkHeader(header, { map, catalog, ignoreUnknownColumns, unknownColumnsHint: UNKNOWN_COLUMNS_HINT });
    }

    const job: ImportJob = {
      organizationId: actor.organizationId,
      id: newId(),
      userId: actor.userId,
      apiKeyId: actor.apiKeyId ?? null,
      requestId: actor.requestId ?? null,
      status: 'queued',
      format,
      matchKey: (match as ImportMatchKey | undefined) ?? null,
      columnMap,
      dryRun,
      ignoreUnknownColumns,
      sizeBytes: body.length,
      nextLine: 0,
      counts: { rows: 0, created: 0, updated: 0, failed: 0 },
      attempts: 0,
      error: null,
      createdAt: nowIso(),
      startedAt: null,
      finishedAt: null,
    };
    await this.store.create(job, body);
    this.options.onCreated?.();
    return job;
  }

  /** The organization's job; 404 for an unknown id or another organization's job. */
  async get(actor: Actor, id: string): Promise<ImportJob> {
    const job = isUuid(id) ? await this.store.find(actor.organizationId, id.toLowerCase()) : null;
    if (job === null) throw new AppError('record_not_found', `no import job ${id}`);
    return job;
  }

  /** The job's error report so far, in line order, a batch at a time. */
  async errors(actor: Actor, id: string, onBatch: (lines: ImportErrorLine[]) => Promise<void>): Promise<void> {
    const job = await this.get(actor, id);
    await this.store.errorLines(job.organizationId, job.id, 1000, onBatch);
  }
}
