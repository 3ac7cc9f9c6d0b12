import createClient, { type Client } from 'openapi-fetch';
import type { components, operations, paths } from './schema.d.ts';

export type { components, operations, paths };

type Schemas = components['schemas'];
export type ContactRecord = Schemas['ContactRecord'];
export type ContactCreateAttributes = Schemas['ContactCreateAttributes'];
export type ContactPatchAttributes = Schemas['ContactPatchAttributes'];
export type ContactQueryRequest = Schemas['ContactQueryRequest'];
export type ContactQueryResponse = Schemas['ContactQueryResponse'];
export type ContactAssertRequest = Schemas['ContactAssertRequest'];
export type ContactAssertResponse = Schemas['ContactAssertResponse'];
export type QueryFilter = Schemas['QueryFilter'];
export type ErrorResponse = Schemas['ErrorResponse'];
export type ErrorDetail = Schemas['ErrorDetail'];
export type ErrorCode = ErrorResponse['error']['code'];

/** A non-2xx answer, carrying the API error: code, message, request_id and every detail. */
export class ContactdError extends Error {
  readonly status: number;
  /** The error code, or `http_error` when the body was not a contactd error (e.g. a proxy's page). */
  readonly code: ErrorCode | 'http_error';
  readonly requestId: string | null;
  readonly details: ErrorDetail[];

  constructor(status: number, body: unknown) {
    const error = isErrorResponse(body) ? body.error : null;
    super(error?.message ?? `HTTP ${status}`);
    this.name = 'ContactdError';
    this.status = status;
    this.code = error?.code ?? 'http_error';
    this.requestId = error?.request_id ?? null;
    this.details = error?.details ?? [];
  }
}

function isErrorResponse(body: unknown): body is ErrorResponse {
  const error = (body as { error?: { code?: unknown } } | null)?.error;
  return typeof error === 'object' && error !== null && typeof error.code === 'string';
}

export interface ContactdClientOptions {
  /** The server's origin, e.g. http://127.0.0.1:8080 (no /api/v2). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** A fetch to use instead of the global one (tests, proxies, retries). */
  fetch?: (request: Request) => Promise<Response>;
}

export interface WriteOptions {
  /** An ETag (W/"<version>") the contact must still have, or the write fails with 412 precondition_failed. */
  ifMatch?: string;
}

/** A record with the ETag of the version it shows, for a later conditional write. */
export interface VersionedContact {
  contact: ContactRecord;
  etag: string | null;
}

/** Unwraps an openapi-fetch result: the data of a 2xx, or a thrown ContactdError. */
function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (!result.response.ok) throw new ContactdError(result.response.status, result.error);
  return result.data as T;
}

const versioned = (result: { data?: { data: ContactRecord }; error?: unknown; response: Response }): VersionedContact => ({
  contact: unwrap(result).data,
  etag: result.response.headers.get('etag'),
});

const ifMatch = (options: WriteOptions) => (options.ifMatch !== undefined ? { 'if-match': options.ifMatch } : {});

/**
 * A typed contactd client. `raw` is the openapi-fetch client over every documented route; the methods
 * add what it lacks: the API key header, a ContactdError for every non-2xx, and paging over _query.
 */
export function createContactdClient(options: ContactdClientOptions) {
  const raw: Client<paths> = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    ...(options.fetch !== undefined ? { fetch: options.fetch } : {}),
    headers: options.apiKey !== undefined ? { authorization: `Bearer ${options.apiKey}` } : {},
  });
  const client = {
    raw,

    async createContact(attributes: ContactCreateAttributes): Promise<VersionedContact> {
      return versioned(await raw.POST('/api/v2/contact', { body: { attributes } }));
    },

    async getContact(contactId: string): Promise<VersionedContact> {
      return versioned(await raw.GET('/api/v2/contact/{contact_id}', { params: { path: { contact_id: contactId } } }));
    },

    async patchContact(contactId: string, attributes: ContactPatchAttributes, opts: WriteOptions = {}): Promise<VersionedContact> {
      return versioned(await raw.PATCH('/api/v2/contact/{contact_id}', { params: { path: { contact_id: contactId }, header: ifMatch(opts) }, body: { attributes } }));
    },

    /** Archives (soft-deletes) the contact; it stays readable with archived_at set. */
    async archiveContact(contactId: string, opts: WriteOptions = {}): Promise<void> {
      const result = await raw.DELETE('/api/v2/contact/{contact_id}', { params: { path: { contact_id: contactId }, header: ifMatch(opts) } });
      if (!result.response.ok) throw new ContactdError(result.response.status, result.error);
    },

    /** One page of _query. */
    async queryContacts(query: ContactQueryRequest = {}): Promise<ContactQueryResponse> {
      return unwrap(await raw.POST('/api/v2/contact/_query', { body: query }));
    },

    /** Every page of a _query, following next_cursor until it is null. */
    async *queryPages(query: ContactQueryRequest = {}): AsyncGenerator<ContactQueryResponse, void, undefined> {
      let cursor: string | null | undefined = query.cursor;
      do {
        const page = await client.queryContacts({ ...query, ...(cursor != null ? { cursor } : {}) });
        yield page;
        cursor = page.next_cursor;
      } while (cursor !== null);
    },

    /** Every contact a _query matches, page after page. */
    async *queryAll(query: ContactQueryRequest = {}): AsyncGenerator<ContactRecord, void, undefined> {
      for await (const page of client.queryPages(query)) yield* page.data;
    },

    /** Upsert by a match key: created (201) or updated (200), as meta.action says. */
    async assertContact(request: ContactAssertRequest): Promise<ContactAssertResponse> {
      return unwrap(await raw.POST('/api/v2/contact/_assert', { body: request }));
    },
  };
  return client;
}

export type ContactdClient = ReturnType<typeof createContactdClient>;
