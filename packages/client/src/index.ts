import createClient, { type Client } from 'openapi-fetch';
// '.js', not '.ts': the published declarations keep this path as written, and TypeScript before 5.0
// cannot resolve a '.ts' path in them.
import type { components, operations, paths } from './schema.js';

export type { components, operations, paths };

type Schemas = components['schemas'];

/** The members a schema names, without the index signature it adds for custom attributes. */
type NamedMembers<T> = { [K in keyof T as string extends K ? never : K]: T[K] };
/**
 * A write's attributes: each standard attribute typed as itself, any other api_name a custom attribute's value.
 * The generated types intersect the standard members with an index signature of custom values, which TypeScript
 * also applies to the standard members, so it refused documented writes such as an address object or email items.
 */
type WriteAttributes<T> = NamedMembers<T> & { [apiName: string]: Schemas['CustomAttributeInput'] | NamedMembers<T>[keyof NamedMembers<T>] };

export type ContactRecord = Schemas['ContactRecord'];
export type ContactCreateAttributes = WriteAttributes<Schemas['ContactCreateAttributes']>;
export type ContactPatchAttributes = WriteAttributes<Schemas['ContactPatchAttributes']>;
export type ContactAssertAttributes = WriteAttributes<Schemas['ContactAssertAttributes']>;
export type ContactQueryRequest = Schemas['ContactQueryRequest'];
export type ContactQueryResponse = Schemas['ContactQueryResponse'];
export type ContactAssertRequest = Omit<Schemas['ContactAssertRequest'], 'attributes'> & { attributes: ContactAssertAttributes };
export type ContactAssertResponse = Schemas['ContactAssertResponse'];
export type QueryFilter = Schemas['QueryFilter'];
export type ContactEvent = Schemas['ContactEvent'];
export type EventQueryRequest = Schemas['EventQueryRequest'];
export type EventPage = Schemas['EventPage'];
export type ContactHistoryPage = Schemas['ContactHistoryPage'];
export type WebhookSubscription = Schemas['WebhookSubscription'];
export type WebhookCreateRequest = Schemas['WebhookCreateRequest'];
export type WebhookPatchRequest = Schemas['WebhookPatchRequest'];
export type WebhookDelivery = Schemas['WebhookDelivery'];
export type WebhookTestEvent = Schemas['WebhookTestEvent'];
/** What _test, a delivery's _retry and _replay answer: the deliveries queued (and the one queued, for _test and _retry). */
export type WebhookAccepted = Schemas['WebhookAccepted']['data'];
/** A subscription as created or rotated: with its signing secret, shown only then. */
export type WebhookSubscriptionWithSecret = Schemas['WebhookSubscriptionWithSecret']['data'];
export type ErrorResponse = Schemas['ErrorResponse'];
export type CustomAttributeValue = Schemas['CustomAttributeValue'];
export type CustomAttributeInput = Schemas['CustomAttributeInput'];
export type CustomAttributeCreateBody = Schemas['CustomAttributeCreateBody'];
export type CustomAttributePatchBody = Schemas['CustomAttributePatchBody'];
export type CustomAttributeDefinition = Schemas['CustomAttributeResponse']['data'];
export type ContactSchema = Schemas['ObjectSchemaResponse']['data'];
export type ContactEmail = Schemas['ContactEmail'];
export type ContactEmailInput = Schemas['ContactEmailInput'];
export type ContactEmailPatch = Schemas['ContactEmailPatch'];
export type ContactPhoneNumber = Schemas['ContactPhoneNumber'];
export type ContactPhoneNumberInput = Schemas['ContactPhoneNumberInput'];
export type ContactPhoneNumberPatch = Schemas['ContactPhoneNumberPatch'];
type BatchOperation<O> = O extends { op: 'create' } ? Omit<O, 'attributes'> & { attributes: ContactCreateAttributes }
  : O extends { op: 'patch' } ? Omit<O, 'attributes'> & { attributes: ContactPatchAttributes }
  : O extends { op: 'assert' } ? Omit<O, 'attributes'> & { attributes: ContactAssertAttributes }
  : O;
export type ContactBatchRequest = Omit<Schemas['ContactBatchRequest'], 'operations'> & {
  operations: Array<BatchOperation<Schemas['ContactBatchRequest']['operations'][number]>>;
};
export type ContactBatchResponse = Schemas['ContactBatchResponse'];
export type ContactBatchResult = ContactBatchResponse['data'][number];
export type ContactExportRequest = Schemas['ContactExportRequest'];
export type ImportJob = Schemas['ImportJob'];

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
  /**
   * Seconds to wait before retrying, from the Retry-After header (429 rate_limited, 503 service_unavailable);
   * null when the answer had none.
   */
  readonly retryAfter: number | null;

  constructor(status: number, body: unknown, headers?: Headers) {
    const error = isErrorResponse(body) ? body.error : null;
    super(error?.message ?? `HTTP ${status}`);
    this.name = 'ContactdError';
    this.status = status;
    this.code = error?.code ?? 'http_error';
    this.requestId = error?.request_id ?? null;
    this.details = error?.details ?? [];
    this.retryAfter = retryAfterSeconds(headers?.get('retry-after') ?? null);
  }
}

/** Retry-After as seconds: delay-seconds, or an HTTP date (RFC 9110); null when absent or unreadable. */
function retryAfterSeconds(value: string | null): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

function isErrorResponse(body: unknown): body is ErrorResponse {
  const error = (body as { error?: { code?: unknown } } | null)?.error;
  return typeof error === 'object' && error !== null && typeof error.code === 'string';
}

export interface ContactdClientOptions {
  /** The server's origin, e.g. http://127.0.0.1:8080 (no /api/v2). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey?: string | undefined;
  /** A fetch to use instead of the global one (tests, proxies, retries). */
  fetch?: ((request: Request) => Promise<Response>) | undefined;
}

/** Options of events(): where to start, what to keep, and how long each request may wait for new events. */
export interface EventsOptions {
  /** A next_cursor kept from before (onCursor), or "now" for only new events; absent: the oldest retained event. */
  cursor?: string | null | undefined;
  /** Only events of these types. */
  types?: EventQueryRequest['types'] | undefined;
  /** Only events of this contact. */
  record_id?: string | undefined;
  /** Events per request (1-1000, default 100). */
  limit?: number | undefined;
  /**
   * Long-poll time per request (0-30, default 30): the iteration follows the feed for ever. 0: no long poll,
   * and the iteration ends once it has caught up (a page with no events), after reading every event there is.
   */
  waitSeconds?: number | undefined;
  /** Stops the iteration (and the request in flight). */
  signal?: AbortSignal | undefined;
  /** Called with each page's next_cursor: store it to resume after a restart. */
  onCursor?: ((cursor: string) => void) | undefined;
}

export interface HistoryOptions {
  /** Only events that changed this attribute. */
  attribute?: string | undefined;
  /** Page size (1-500, default 50). */
  limit?: number | undefined;
}

export interface WriteOptions {
  /** An ETag (W/"<version>") the contact must still have, or the write fails with 412 precondition_failed. */
  ifMatch?: string | undefined;
  /** An ETag the contact must not have, or * (the contact must not exist: on assertContact, create only); else 412. */
  ifNoneMatch?: string | undefined;
}

export interface IdempotencyOptions {
  /**
   * Makes the write safe to retry: a retry with the same key and body replays the first answer instead of
   * writing again (the same key with another body is 422). Keys are kept per organization for 24 hours.
   */
  idempotencyKey?: string | undefined;
}

/** A conditional write that can also be retried safely. */
export interface IdempotentWriteOptions extends WriteOptions, IdempotencyOptions {}

/** A record with the ETag of the version it shows, for a later conditional write. */
export interface VersionedContact {
  contact: ContactRecord;
  etag: string | null;
}

/** An item of contact_emails or contact_phone_numbers, with the ETag (the contact's new version) of the write that returned it. */
export interface VersionedItem<T> {
  item: T;
  etag: string | null;
}

/** What a write without a body answers: the contact's new version, for the next If-Match. */
export interface WriteResult {
  etag: string | null;
}

export interface BatchOptions {
  /** Covers the whole batch: a retry with the same key and batch replays the first answer. */
  idempotencyKey?: string | undefined;
}

/** The options of startImport: the file's format and the import's query parameters. */
export interface ImportOptions {
  /** csv: a header row, then one row per contact; ndjson: one JSON object per line. */
  format: 'csv' | 'ndjson';
  /** Column → api_name overrides, as an object or the "Column=api_name,..." text. */
  map?: Record<string, string> | string | undefined;
  /** Upsert each row like _assert by this key instead of creating every row: primary_email, contact_emails, or a unique custom attribute's api_name. */
  match?: 'primary_email' | 'contact_emails' | (string & {}) | undefined;
  /** Check every row, write nothing. */
  dryRun?: boolean | undefined;
  /** Skip columns that name no attribute instead of refusing the file. */
  ignoreUnknownColumns?: boolean | undefined;
  /** Covers the upload: a retry with the same key, file, format and options answers the same job. */
  idempotencyKey?: string | undefined;
}

export interface WaitOptions {
  /** Time between status requests (default 1000 ms). */
  intervalMs?: number | undefined;
  /** Stops waiting, cancelling the status request in flight (the promise rejects with the signal's reason). */
  signal?: AbortSignal | undefined;
}

const IMPORT_TYPES = { csv: 'text/csv', ndjson: 'application/x-ndjson' } as const;

/**
 * The chunks of a response body. An abort of the signal ends the iteration at once with the signal's reason: the
 * fetch of Node.js 20 leaves a read pending for ever when its signal aborts after the whole body has arrived, so
 * the abort cancels the read itself. A consumer that stops early (break) cancels the download.
 */
async function* chunksOf(stream: ReadableStream<Uint8Array>, signal: AbortSignal | undefined): AsyncGenerator<Uint8Array, void, undefined> {
  const reader = stream.getReader();
  const onAbort = () => void reader.cancel(signal?.reason).catch(() => undefined);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { done, value } = await reader.read();
      signal?.throwIfAborted();
      if (done) return;
      yield value;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (signal?.aborted !== true) await reader.cancel().catch(() => undefined);
  }
}

/** The lines of a byte stream as text, one at a time, without holding more than one line. */
async function* linesOf(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string, void, undefined> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const value of chunks) {
    buffer += decoder.decode(value, { stream: true });
    let at: number;
    while ((at = buffer.indexOf('\n')) >= 0) {
      yield buffer.slice(0, at);
      buffer = buffer.slice(at + 1);
    }
  }
  buffer += decoder.decode();
  if (buffer !== '') yield buffer;
}

/** Unwraps an openapi-fetch result: the data of a 2xx, or a thrown ContactdError. */
function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (!result.response.ok) throw new ContactdError(result.response.status, result.error, result.response.headers);
  return result.data as T;
}

const versionedItem = <T>(result: { data?: { data: { envelope: T } }; error?: unknown; response: Response }): VersionedItem<T> => ({
  item: unwrap(result).data.envelope,
  etag: result.response.headers.get('etag'),
});

/** A 2xx without a body (archive, item removal): its ETag, or a thrown ContactdError. */
function noBody(result: { error?: unknown; response: Response }): WriteResult {
  if (!result.response.ok) throw new ContactdError(result.response.status, result.error, result.response.headers);
  return { etag: result.response.headers.get('etag') };
}

const versioned = (result: { data?: { data: ContactRecord }; error?: unknown; response: Response }): VersionedContact => ({
  contact: unwrap(result).data,
  etag: result.response.headers.get('etag'),
});

/** The members that are not undefined (JSON and the query string leave them out anyway), typed as such. */
function definedMembers<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/** A write body as the generated types spell it: they cannot state standard attributes beside custom ones (see WriteAttributes). */
const wireBody = <T>(body: unknown): T => body as T;

const conditions = (options: WriteOptions) => ({
  ...(options.ifMatch !== undefined ? { 'if-match': options.ifMatch } : {}),
  ...(options.ifNoneMatch !== undefined ? { 'if-none-match': options.ifNoneMatch } : {}),
});
const idempotencyKey = (options: IdempotencyOptions) => (options.idempotencyKey !== undefined ? { 'idempotency-key': options.idempotencyKey } : {});

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

    async createContact(attributes: ContactCreateAttributes, opts: IdempotencyOptions = {}): Promise<VersionedContact> {
      return versioned(await raw.POST('/api/v2/contact', { params: { header: idempotencyKey(opts) }, body: wireBody<Schemas['ContactCreateBody']>({ attributes }) }));
    },

    async getContact(contactId: string): Promise<VersionedContact> {
      return versioned(await raw.GET('/api/v2/contact/{contact_id}', { params: { path: { contact_id: contactId } } }));
    },

    /** The contact if it changed since the version `etag` names, or null when that version is still current (304, no body sent). */
    async getContactIfChanged(contactId: string, etag: string): Promise<VersionedContact | null> {
      const result = await raw.GET('/api/v2/contact/{contact_id}', { params: { path: { contact_id: contactId }, header: { 'if-none-match': etag } } });
      return result.response.status === 304 ? null : versioned(result);
    },

    async patchContact(contactId: string, attributes: ContactPatchAttributes, opts: IdempotentWriteOptions = {}): Promise<VersionedContact> {
      return versioned(await raw.PATCH('/api/v2/contact/{contact_id}', { params: { path: { contact_id: contactId }, header: { ...conditions(opts), ...idempotencyKey(opts) } }, body: wireBody<Schemas['ContactPatchBody']>({ attributes }) }));
    },

    /** Archives (soft-deletes) the contact; it stays readable with archived_at set. Resolves to its new ETag. */
    async archiveContact(contactId: string, opts: WriteOptions = {}): Promise<WriteResult> {
      return noBody(await raw.DELETE('/api/v2/contact/{contact_id}', { params: { path: { contact_id: contactId }, header: conditions(opts) } }));
    },

    /** Adds an email to the contact's contact_emails (is_primary true makes it the primary_email). */
    async addContactEmail(contactId: string, body: ContactEmailInput, opts: IdempotentWriteOptions = {}): Promise<VersionedItem<ContactEmail>> {
      return versionedItem(await raw.POST('/api/v2/contact/{contact_id}/attribute/contact_emails', { params: { path: { contact_id: contactId }, header: { ...conditions(opts), ...idempotencyKey(opts) } }, body }));
    },

    /** Changes an email item (its address, is_primary, labels). */
    async patchContactEmail(contactId: string, itemId: string, body: ContactEmailPatch, opts: IdempotentWriteOptions = {}): Promise<VersionedItem<ContactEmail>> {
      return versionedItem(await raw.PATCH('/api/v2/contact/{contact_id}/attribute/contact_emails/{item_id}', { params: { path: { contact_id: contactId, item_id: itemId }, header: { ...conditions(opts), ...idempotencyKey(opts) } }, body }));
    },

    /** Removes an email item (removing the primary promotes the oldest remaining one). */
    async deleteContactEmail(contactId: string, itemId: string, opts: WriteOptions = {}): Promise<WriteResult> {
      return noBody(await raw.DELETE('/api/v2/contact/{contact_id}/attribute/contact_emails/{item_id}', { params: { path: { contact_id: contactId, item_id: itemId }, header: conditions(opts) } }));
    },

    /** Adds a phone number to the contact's contact_phone_numbers (stored in E.164). */
    async addContactPhoneNumber(contactId: string, body: ContactPhoneNumberInput, opts: IdempotentWriteOptions = {}): Promise<VersionedItem<ContactPhoneNumber>> {
      return versionedItem(await raw.POST('/api/v2/contact/{contact_id}/attribute/contact_phone_numbers', { params: { path: { contact_id: contactId }, header: { ...conditions(opts), ...idempotencyKey(opts) } }, body }));
    },

    /** Changes a phone number item (its number, is_primary, labels). */
    async patchContactPhoneNumber(contactId: string, itemId: string, body: ContactPhoneNumberPatch, opts: IdempotentWriteOptions = {}): Promise<VersionedItem<ContactPhoneNumber>> {
      return versionedItem(await raw.PATCH('/api/v2/contact/{contact_id}/attribute/contact_phone_numbers/{item_id}', { params: { path: { contact_id: contactId, item_id: itemId }, header: { ...conditions(opts), ...idempotencyKey(opts) } }, body }));
    },

    /** Removes a phone number item (removing the primary promotes the oldest remaining one). */
    async deleteContactPhoneNumber(contactId: string, itemId: string, opts: WriteOptions = {}): Promise<WriteResult> {
      return noBody(await raw.DELETE('/api/v2/contact/{contact_id}/attribute/contact_phone_numbers/{item_id}', { params: { path: { contact_id: contactId, item_id: itemId }, header: conditions(opts) } }));
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
    async restoreContact(contactId: string, opts: IdempotentWriteOptions = {}): Promise<VersionedContact> {
      return versioned(await raw.POST('/api/v2/contact/{contact_id}/_restore', { params: { path: { contact_id: contactId }, header: { ...conditions(opts), ...idempotencyKey(opts) } } }));
    },

    /** Erases an archived contact and every value of it the server keeps (409 record_not_archived for a live one). */
    async purgeContact(contactId: string, opts: IdempotentWriteOptions = {}): Promise<void> {
      const result = await raw.POST('/api/v2/contact/{contact_id}/_purge', { params: { path: { contact_id: contactId }, header: { ...conditions(opts), ...idempotencyKey(opts) } } });
      if (!result.response.ok) throw new ContactdError(result.response.status, result.error, result.response.headers);
    },

    /** One page of the events feed. */
    async queryEvents(query: EventQueryRequest = {}, signal?: AbortSignal): Promise<EventPage> {
      return unwrap(await raw.POST('/api/v2/event/_query', { body: query, ...(signal !== undefined ? { signal } : {}) }));
    },

    /**
     * Every event from the cursor on, forever: each request long-polls (waitSeconds), so a new event arrives
     * as soon as it commits. Ends only when signal aborts (or a request fails, e.g. 410 cursor_expired), or,
     * with waitSeconds 0, once it has caught up (instead of asking again at once, which only ran into 429).
     */
    async *events(opts: EventsOptions = {}): AsyncGenerator<ContactEvent, void, undefined> {
      const { waitSeconds = 30, signal, onCursor, ...query } = opts;
      let cursor = query.cursor;
      const aborted = (): boolean => signal?.aborted === true;
      while (!aborted()) {
        let page: EventPage;
        try {
          page = await client.queryEvents({ ...definedMembers(query), ...(cursor != null ? { cursor } : {}), wait_seconds: waitSeconds }, signal);
        } catch (error) {
          if (aborted()) return;
          throw error;
        }
        for (const event of page.data) {
          // An abort while the consumer handled an event ends the iteration there, not at the end of the page.
          if (aborted()) return;
          yield event;
        }
        cursor = page.next_cursor;
        onCursor?.(cursor);
        if (waitSeconds === 0 && page.data.length === 0) return;
      }
    },

    /** A contact's events, newest first, page after page (only those that changed attribute when given). */
    async *history(contactId: string, opts: HistoryOptions = {}): AsyncGenerator<ContactEvent, void, undefined> {
      let cursor: string | null | undefined;
      do {
        const query = { ...definedMembers(opts), ...(cursor != null ? { cursor } : {}) };
        const page: ContactHistoryPage = unwrap(await raw.GET('/api/v2/contact/{contact_id}/history', { params: { path: { contact_id: contactId }, query } }));
        yield* page.data;
        cursor = page.next_cursor;
      } while (cursor !== null);
    },

    /** Subscribes a URL to change events; the answer carries the signing secret, shown only now. */
    async createWebhook(request: WebhookCreateRequest): Promise<WebhookSubscriptionWithSecret> {
      return unwrap(await raw.POST('/api/v2/webhook', { body: request })).data;
    },

    async listWebhooks(): Promise<WebhookSubscription[]> {
      return unwrap(await raw.GET('/api/v2/webhook')).data;
    },

    async getWebhook(webhookId: string): Promise<WebhookSubscription> {
      return unwrap(await raw.GET('/api/v2/webhook/{webhook_id}', { params: { path: { webhook_id: webhookId } } })).data;
    },

    /** Changes the members given; { enabled: true } re-enables a subscription the server disabled. */
    async patchWebhook(webhookId: string, patch: WebhookPatchRequest): Promise<WebhookSubscription> {
      return unwrap(await raw.PATCH('/api/v2/webhook/{webhook_id}', { params: { path: { webhook_id: webhookId } }, body: patch })).data;
    },

    async deleteWebhook(webhookId: string): Promise<void> {
      const result = await raw.DELETE('/api/v2/webhook/{webhook_id}', { params: { path: { webhook_id: webhookId } } });
      if (!result.response.ok) throw new ContactdError(result.response.status, result.error, result.response.headers);
    },

    /** A new signing secret; the old one keeps signing beside it for 24 hours. */
    async rotateWebhookSecret(webhookId: string): Promise<WebhookSubscriptionWithSecret> {
      return unwrap(await raw.POST('/api/v2/webhook/{webhook_id}/_rotate_secret', { params: { path: { webhook_id: webhookId } } })).data;
    },

    /** Queues a webhook.test ping; resolves with how many deliveries were queued (1) and the delivery's and event's ids. */
    async testWebhook(webhookId: string): Promise<WebhookAccepted> {
      return unwrap(await raw.POST('/api/v2/webhook/{webhook_id}/_test', { params: { path: { webhook_id: webhookId } } })).data;
    },

    /** Every delivery of the subscription, newest first, page after page (only one status when given). */
    async *webhookDeliveries(webhookId: string, opts: { status?: 'pending' | 'delivered' | 'failed' | undefined } = {}): AsyncGenerator<WebhookDelivery, void, undefined> {
      let cursor: string | null | undefined;
      do {
        const query = { ...definedMembers(opts), ...(cursor != null ? { cursor } : {}) };
        const page = unwrap(await raw.GET('/api/v2/webhook/{webhook_id}/deliveries', { params: { path: { webhook_id: webhookId }, query } }));
        yield* page.data;
        cursor = page.next_cursor;
      } while (cursor !== null);
    },

    async retryWebhookDelivery(webhookId: string, deliveryId: string): Promise<void> {
      unwrap(await raw.POST('/api/v2/webhook/{webhook_id}/deliveries/{delivery_id}/_retry', { params: { path: { webhook_id: webhookId, delivery_id: deliveryId } } }));
    },

    /** Re-sends every retained matching event since the time; resolves with how many were queued. */
    async replayWebhook(webhookId: string, since: string): Promise<number> {
      return unwrap(await raw.POST('/api/v2/webhook/{webhook_id}/_replay', { params: { path: { webhook_id: webhookId } }, body: { since } })).data.queued;
    },

    /** The contact object schema: standard attributes, then the organization's custom ones. */
    async getContactSchema(options: { includeArchived?: boolean | undefined } = {}): Promise<ContactSchema> {
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
      if (!result.response.ok) throw new ContactdError(result.response.status, result.error, result.response.headers);
    },

    async restoreCustomAttribute(apiName: string): Promise<CustomAttributeDefinition> {
      return unwrap(await raw.POST('/api/v2/_schema/contact/attributes/{api_name}/_restore', { params: { path: { api_name: apiName } } })).data;
    },

    /**
     * Runs 1 to 100 operations in one request and one transaction; each result is what the single endpoint would
     * have answered. Not atomic: per-operation results (200). atomic: true: all or nothing, and a failure throws
     * a ContactdError: 422 validation_failed, or the code every failure shares (404 record_not_found, 409
     * duplicate_value, 412 precondition_failed, ...), with each failed operation's problems in details (path
     * /operations/<index>).
     */
    async batchContacts(request: ContactBatchRequest, opts: BatchOptions = {}): Promise<ContactBatchResult[]> {
      const header = opts.idempotencyKey !== undefined ? { 'idempotency-key': opts.idempotencyKey } : {};
      return unwrap(await raw.POST('/api/v2/contact/_batch', { body: wireBody<Schemas['ContactBatchRequest']>(request), params: { header } })).data;
    },

    /**
     * Every contact the filters and search select, from one consistent snapshot, as records exactly as GET renders
     * them: streamed as NDJSON and parsed one line at a time, so memory does not grow with the export. Stopping
     * the iteration early cancels the download; an abort of signal rejects it at once with the signal's reason.
     */
    async *exportContacts(request: Omit<ContactExportRequest, 'format'> = {}, signal?: AbortSignal): AsyncGenerator<ContactRecord, void, undefined> {
      const result = await raw.POST('/api/v2/contact/_export', { body: { ...request, format: 'ndjson' }, parseAs: 'stream', ...(signal !== undefined ? { signal } : {}) });
      if (!result.response.ok) throw new ContactdError(result.response.status, result.error, result.response.headers);
      if (result.data === undefined || result.data === null) return;
      for await (const line of linesOf(chunksOf(result.data as unknown as ReadableStream<Uint8Array>, signal))) {
        // An abort while the consumer handled a record ends the iteration there, not after the lines already read.
        signal?.throwIfAborted();
        if (line.trim() !== '') yield JSON.parse(line) as ContactRecord;
      }
    },

    /** The export as CSV text, chunk by chunk as it streams (a header row of api_names, then one row per contact). */
    async *exportContactsCsv(request: Omit<ContactExportRequest, 'format'> = {}, signal?: AbortSignal): AsyncGenerator<string, void, undefined> {
      const result = await raw.POST('/api/v2/contact/_export', { body: { ...request, format: 'csv' }, parseAs: 'stream', ...(signal !== undefined ? { signal } : {}) });
      if (!result.response.ok) throw new ContactdError(result.response.status, result.error, result.response.headers);
      if (result.data === undefined || result.data === null) return;
      const decoder = new TextDecoder();
      for await (const chunk of chunksOf(result.data as unknown as ReadableStream<Uint8Array>, signal)) yield decoder.decode(chunk, { stream: true });
      const rest = decoder.decode();
      if (rest !== '') yield rest;
    },

    /** Uploads a CSV or NDJSON file and starts an import job; resolves with the job (status queued). */
    async startImport(file: string | Uint8Array | Blob, opts: ImportOptions): Promise<ImportJob> {
      // The server reads the pairs as one CSV record: a pair holding a comma or a quote is quoted, its quotes doubled.
      const csvField = (pair: string) => (/[",\r\n]/.test(pair) || pair !== pair.trim() ? `"${pair.replaceAll('"', '""')}"` : pair);
      const map = typeof opts.map === 'object' ? Object.entries(opts.map).map(([column, apiName]) => csvField(`${column}=${apiName}`)).join(',') : opts.map;
      const query = {
        ...(map !== undefined && map !== '' ? { map } : {}),
        ...(opts.match !== undefined ? { match: opts.match } : {}),
        ...(opts.dryRun === true ? { dry_run: true } : {}),
        ...(opts.ignoreUnknownColumns === true ? { ignore_unknown_columns: true } : {}),
      };
      const header = { 'content-type': IMPORT_TYPES[opts.format], ...(opts.idempotencyKey !== undefined ? { 'idempotency-key': opts.idempotencyKey } : {}) };
      const result = await raw.POST('/api/v2/contact/_import', {
        params: { query, header },
        // The file goes as it is, not as JSON.
        body: file as unknown as string,
        bodySerializer: (body: unknown) => body,
        headers: { 'content-type': IMPORT_TYPES[opts.format] },
      });
      return unwrap(result).data;
    },

    /** The import job's status and counts so far. */
    async getImport(importId: string, signal?: AbortSignal): Promise<ImportJob> {
      return unwrap(await raw.GET('/api/v2/import/{import_id}', { params: { path: { import_id: importId } }, ...(signal !== undefined ? { signal } : {}) })).data;
    },

    /** Polls the job until it is completed or failed; resolves with it then. */
    async waitForImport(importId: string, opts: WaitOptions = {}): Promise<ImportJob> {
      for (;;) {
        opts.signal?.throwIfAborted();
        let job: ImportJob;
        try {
          job = await client.getImport(importId, opts.signal);
        } catch (error) {
          // A request the abort cancelled rejects with the signal's reason, like an abort during the pause.
          opts.signal?.throwIfAborted();
          throw error;
        }
        if (job.status === 'completed' || job.status === 'failed') return job;
        // Aborted while the request was in flight: an abort listener added now would never fire.
        opts.signal?.throwIfAborted();
        // An abort ends the pause at once (the loop then rejects with its reason), not at the end of the interval.
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            opts.signal?.removeEventListener('abort', done);
            resolve();
          };
          const timer = setTimeout(done, opts.intervalMs ?? 1000);
          opts.signal?.addEventListener('abort', done, { once: true });
        });
      }
    },

    /** The job's error report as CSV text: line, column, code, message, raw (one row per problem of each failed row). */
    async getImportErrors(importId: string): Promise<string> {
      const result = await raw.GET('/api/v2/import/{import_id}/errors', { params: { path: { import_id: importId } }, parseAs: 'text' });
      return unwrap(result) as string;
    },

    /**
     * Upsert by a match key: created (201) or updated (200), as meta.action says. ifMatch makes it update-only
     * (412 when nothing matches), ifNoneMatch: '*' create-only (412 when a contact matches).
     */
    async assertContact(request: ContactAssertRequest, opts: WriteOptions & IdempotencyOptions = {}): Promise<ContactAssertResponse> {
      return unwrap(await raw.POST('/api/v2/contact/_assert', { params: { header: { ...conditions(opts), ...idempotencyKey(opts) } }, body: wireBody<Schemas['ContactAssertRequest']>(request) }));
    },
  };
  return client;
}

export type ContactdClient = ReturnType<typeof createContactdClient>;
