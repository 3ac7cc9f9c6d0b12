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
export type ContactEvent = Schemas['ContactEvent'];
export type EventQueryRequest = Schemas['EventQueryRequest'];
export type EventPage = Schemas['EventPage'];
export type ContactHistoryPage = Schemas['ContactHistoryPage'];
export type ErrorResponse = Schemas['ErrorResponse'];
export type CustomAttributeValue = Schemas['CustomAttributeValue'];
export type CustomAttributeInput = Schemas['CustomAttributeInput'];
export type CustomAttributeCreateBody = Schemas['CustomAttributeCreateBody'];
export type CustomAttributePatchBody = Schemas['CustomAttributePatchBody'];
export type CustomAttributeDefinition = Schemas['CustomAttributeResponse']['data'];
export type ContactSchema = Schemas['ObjectSchemaResponse']['data'];

/** A custom attribute's envelope, by value_type. */
type CustomEnvelope = Extract<CustomAttributeValue, { value_type: string }>;
export type CustomValueType = CustomEnvelope['value_type'];
/** The `value` a record carries for a custom attribute of each value_type (null when unset). */
export type CustomValueOf<T extends CustomValueType> = NonNullable<Extract<CustomEnvelope, { value_type: T }>['value']>;

/**
 * A custom attribute's value read from a record, typed by the value_type you expect (see GET
 * /api/v2/_schema/contact): null when unset; throws when the record has no such attribute, it is a list,
 * or its value_type differs.
 */
export function customValue<T extends CustomValueType>(record: ContactRecord, apiName: string, valueType: T): CustomValueOf<T> | null {
  const envelope = (record.attributes as Record<string, unknown>)[apiName] as CustomEnvelope | CustomEnvelope[] | undefined;
  if (envelope === undefined || Array.isArray(envelope) || envelope.value_type !== valueType) throw new TypeError(`${apiName} is not a ${valueType} attribute of this record`);
  return envelope.value as CustomValueOf<T> | null;
}

/** The values of a list (is_array) custom attribute, typed like customValue; [] when unset. */
export function customValues<T extends CustomValueType>(record: ContactRecord, apiName: string, valueType: T): Array<CustomValueOf<T>> {
  const envelopes = (record.attributes as Record<string, unknown>)[apiName] as CustomEnvelope[] | CustomEnvelope | undefined;
  if (!Array.isArray(envelopes) || envelopes.some((e) => e.value_type !== valueType)) throw new TypeError(`${apiName} is not a list of ${valueType} on this record`);
  return envelopes.map((e) => e.value as CustomValueOf<T>);
}
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

/** Options of events(): where to start, what to keep, and how long each request may wait for new events. */
export interface EventsOptions extends Omit<EventQueryRequest, 'wait_seconds'> {
  /** Long-poll time per request (0-30, default 30). */
  waitSeconds?: number;
  /** Stops the iteration (and the request in flight). */
  signal?: AbortSignal;
  /** Called with each page's next_cursor: store it to resume after a restart. */
  onCursor?: (cursor: string) => void;
}

export interface HistoryOptions {
  /** Only events that changed this attribute. */
  attribute?: string;
  /** Page size (1-500, default 50). */
  limit?: number;
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

    /** Brings an archived contact back (409 record_not_archived for a live one). */
    async restoreContact(contactId: string, opts: WriteOptions = {}): Promise<VersionedContact> {
      return versioned(await raw.POST('/api/v2/contact/{contact_id}/_restore', { params: { path: { contact_id: contactId }, header: ifMatch(opts) } }));
    },

    /** Erases an archived contact and every value of it the server keeps (409 record_not_archived for a live one). */
    async purgeContact(contactId: string, opts: WriteOptions = {}): Promise<void> {
      const result = await raw.POST('/api/v2/contact/{contact_id}/_purge', { params: { path: { contact_id: contactId }, header: ifMatch(opts) } });
      if (!result.response.ok) throw new ContactdError(result.response.status, result.error);
    },

    /** One page of the events feed. */
    async queryEvents(query: EventQueryRequest = {}, signal?: AbortSignal): Promise<EventPage> {
      return unwrap(await raw.POST('/api/v2/event/_query', { body: query, ...(signal !== undefined ? { signal } : {}) }));
    },

    /**
     * Every event from the cursor on, forever: each request long-polls (waitSeconds), so a new event arrives
     * as soon as it commits. Ends only when signal aborts (or a request fails, e.g. 410 cursor_expired).
     */
    async *events(opts: EventsOptions = {}): AsyncGenerator<ContactEvent, void, undefined> {
      const { waitSeconds = 30, signal, onCursor, ...query } = opts;
      let cursor = query.cursor;
      const aborted = (): boolean => signal?.aborted === true;
      while (!aborted()) {
        let page: EventPage;
        try {
          page = await client.queryEvents({ ...query, ...(cursor != null ? { cursor } : {}), wait_seconds: waitSeconds }, signal);
        } catch (error) {
          if (aborted()) return;
          throw error;
        }
        yield* page.data;
        cursor = page.next_cursor;
        onCursor?.(cursor);
      }
    },

    /** A contact's events, newest first, page after page (only those that changed attribute when given). */
    async *history(contactId: string, opts: HistoryOptions = {}): AsyncGenerator<ContactEvent, void, undefined> {
      let cursor: string | null | undefined;
      do {
        const query = { ...opts, ...(cursor != null ? { cursor } : {}) };
        const page: ContactHistoryPage = unwrap(await raw.GET('/api/v2/contact/{contact_id}/history', { params: { path: { contact_id: contactId }, query } }));
        yield* page.data;
        cursor = page.next_cursor;
      } while (cursor !== null);
    },

    /** The contact object schema: standard attributes, then the organization's custom ones. */
    async getContactSchema(options: { includeArchived?: boolean } = {}): Promise<ContactSchema> {
      return unwrap(await raw.GET('/api/v2/_schema/contact', { params: { query: options.includeArchived === true ? { include_archived: 'true' } : {} } })).data;
    },

    /** Defines a custom attribute (needs schema:write). */
    async defineCustomAttribute(body: CustomAttributeCreateBody): Promise<CustomAttributeDefinition> {
      return unwrap(await raw.POST('/api/v2/_schema/contact/attributes', { body })).data;
    },

    async patchCustomAttribute(apiName: string, body: CustomAttributePatchBody): Promise<CustomAttributeDefinition> {
      return unwrap(await raw.PATCH('/api/v2/_schema/contact/attributes/{api_name}', { params: { path: { api_name: apiName } }, body })).data;
    },

    /** Archives a custom attribute; its values are kept for a restore. */
    async archiveCustomAttribute(apiName: string): Promise<void> {
      const result = await raw.DELETE('/api/v2/_schema/contact/attributes/{api_name}', { params: { path: { api_name: apiName } } });
      if (!result.response.ok) throw new ContactdError(result.response.status, result.error);
    },

    async restoreCustomAttribute(apiName: string): Promise<CustomAttributeDefinition> {
      return unwrap(await raw.POST('/api/v2/_schema/contact/attributes/{api_name}/_restore', { params: { path: { api_name: apiName } } })).data;
    },

    /** Upsert by a match key: created (201) or updated (200), as meta.action says. */
    async assertContact(request: ContactAssertRequest): Promise<ContactAssertResponse> {
      return unwrap(await raw.POST('/api/v2/contact/_assert', { body: request }));
    },
  };
  return client;
}

export type ContactdClient = ReturnType<typeof createContactdClient>;
