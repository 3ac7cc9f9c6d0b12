// Generated from openapi/openapi.json by `npm run openapi` (openapi-typescript). Do not edit.

export interface paths {
    "/api/v2/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Health check
         * @description No API key needed.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness check
         * @description Whether this process can serve requests now: it asks the database (and Redis, when configured) for an answer, each within 2 s. Point a load balancer's or orchestrator's readiness probe here, and its liveness probe at /api/v2/health. 503 while the database is unreachable, with one detail per failed check, in contactd's own words: a failure it has no words for (a driver's error, which may name hosts, users or databases) is reported as "it failed with an error the server has logged" and logged in full, since no key is needed here.
         *
         *     No API key needed.
         */
        get: operations["getHealthReady"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/contact": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a contact
         * @description Creates a contact from `{"attributes": {...}}` (raw values or read envelopes). The contact needs a name or an email: at least one of first_name, last_name, primary_email or an item of contact_emails, otherwise 422 `field_required_missing`.
         *
         *     Server-set attributes (display_name, ids, timestamps, created_source, activity fields) are 422 `field_not_creatable`. stage defaults to the organization's default stage; created_source is API. Emails are lower-cased and unique among the organization's live contacts (409 `duplicate_value` with existing_contact_id); phones are stored in E.164.
         *
         *     Answers 201 with the full record and `ETag: W/"1"`.
         *
         *     Needs an API key with the `contacts:write` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        post: operations["createContact"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/contact/{contact_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get one contact
         * @description Returns the contact with every catalog attribute as an envelope. Archived contacts are returned too, with archived_at set. The ETag header carries the version for a later If-Match. With If-None-Match naming the current version (or *), the answer is 304 without a body: a client that keeps the record it read re-reads it only when it changed.
         *
         *     Needs an API key with the `contacts:read` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        get: operations["getContact"];
        put?: never;
        post?: never;
        /**
         * Archive one contact
         * @description Soft delete: sets archived_at and archived_by_user_id and answers 204. The contact stays readable by GET, is left out of _query unless a filter names archived_at, answers 409 record_archived to PATCH and sub-resource writes, and frees its emails for other contacts. Archiving an archived contact changes nothing (204). Honours If-Match (412).
         *
         *     Needs an API key with the `contacts:write` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        delete: operations["archiveContact"];
        options?: never;
        head?: never;
        /**
         * Patch one contact
         * @description Partial update: an omitted attribute is untouched, a value sets it, `null` clears it (nullable attributes only), a list replaces the whole list. `attributes` must name at least one attribute, each a raw value or a read envelope. Every problem is reported in one 422.
         *
         *     `display_name` is derived from first_name and last_name (else primary_email) and is never patchable: 422 `field_not_updatable`, like every server-set attribute.
         *
         *     Primary invariant: setting primary_email to an address already in contact_emails makes it primary; a new address is added as primary and the old primary stays as a secondary; null removes the primary item and promotes the oldest remaining one. Phones likewise. A list holds at most 100 items, also when a new primary would add the 101st (422).
         *
         *     Every successful PATCH bumps updated_at and the version (ETag). Send `If-Match` to make it conditional (412 `precondition_failed` on mismatch). Archived contacts answer 409 `record_archived`.
         *
         *     Needs an API key with the `contacts:write` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        patch: operations["patchContact"];
        trace?: never;
    };
    "/api/v2/contact/_query": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Query contacts (filters, sort, keyset pages)
         * @description Finds contacts. Body: {"filters": [...], "search": "text", "sort": [{"field", "direction"}], "limit", "cursor"}; every member is optional.
         *
         *     A filter is {"field", "operator", "value"}; top-level filters are ANDed; groups {"and": [...]}, {"or": [...]}, {"not": {...}} nest at most 4 deep.
         *
         *     Operators: eq, ne, in, not_in (value: array), contains, starts_with, ends_with, gt, gte, lt, lte, between (value: [low, high], inclusive), exists, not_exists (no value); GET /api/v2/_schema/contact lists each attribute's operators.
         *
         *     A missing value (null, or an empty list) never satisfies eq, in, contains, gt, …; ne, not_in and not_exists are their exact negations, so they do match it. On contact_emails, contact_phone_numbers and participant_user_id_list an operator matches when any item satisfies it; ne / not_in / not_exists when none does.
         *
         *     eq and in compare exactly (emails are normalized first, phone numbers parsed to E.164, stages named by api_name or id). contains / starts_with / ends_with ignore case and accents in every script (both sides folded: NFKD, full case folding, combining marks removed, so Émile = emile and straße = STRASSE) and treat %, _, \ and * literally.
         *
         *     search: free text over names, display_name, title, department, every email and phone number; every whitespace-separated token must be found (case- and accent-insensitive); tokens of one or two characters match at word starts only. See the search member.
         *
         *     Ordering (sort and gt/lt/between) is byte-wise on text (so code-point order), chronological on timestamps, false before true; a standard attribute's null sorts first in asc and last in desc, a custom attribute's unset value last in either direction. Custom attributes filter and sort like standard ones, with the operators of their value_type (GET /api/v2/_schema/contact).
         *
         *     At most 3 sort fields (default created_at asc); ties are broken by id in the direction of the last sort field. limit: 1 to 500, default 50.
         *
         *     next_cursor (null on the last page) continues the same query: send it with the same filters and sort (the limit may change); a cursor used with another query is invalid_cursor. Pages are keyset pages, stable under concurrent inserts.
         *
         *     Archived contacts are left out unless a filter names archived_at. Incremental sync: filter updated_at gt <the last updated_at you saw>, sort updated_at asc.
         *
         *     Needs an API key with the `contacts:read` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        post: operations["queryContacts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/contact/_assert": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create or update a contact by a match key
         * @description Upsert. Body: {"match": {<key>: <value>}, "attributes": {...}} with exactly one match key: id (a UUID), primary_email (matches the primary email only) or contact_emails (an email or an array of emails; matches a contact holding any of them as any of its emails).
         *
         *     Only live contacts match; archived ones are ignored. No match: the contact is created (201, "meta": {"action": "created"}); the matched email(s) are added to it (a matched primary_email becomes its primary unless attributes set one; a primary_email of null clears nothing on a new contact). A new contact never takes the matched id: ids are minted by the server.
         *
         *     One match: the attributes are applied with PATCH semantics (200, "action": "updated"); an empty attributes object changes nothing. Several matches: 409 ambiguous_match listing candidate_ids.
         *
         *     Concurrent asserts for the same new email create exactly one contact: the email uniqueness constraint decides, and the losers apply their attributes as updates.
         *
         *     Conditional: If-Match (an ETag, a list, or *) makes it update-only: the matched contact must be at a version it names, and when nothing matches the answer is 412 precondition_failed and nothing is created. If-None-Match: * makes it create-only: when a contact matches, the answer is 412 with its id (existing_contact_id) and current_etag, and nothing changes; an If-None-Match list refuses a matched contact at one of the versions it names.
         *
         *     Needs an API key with the `contacts:write` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        post: operations["assertContact"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/contact/_batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create, patch, assert and archive up to 100 contacts in one request
         * @description Runs 1 to 100 operations in order, in one database transaction: `{"op": "create", "attributes"}`, `{"op": "patch", "id", "attributes", "if_match"?}`, `{"op": "assert", "match", "attributes"}`, `{"op": "archive", "id", "if_match"?}`. Each result is exactly what the single endpoint would have answered (`status`, and `data` and `meta`, or `error` in the error shape); every write is its own event.
         *
         *     Not atomic (the default): an operation that fails leaves nothing behind and the others still apply; the answer is 200 with one result per operation. `"atomic": true`: all or nothing; when any operation fails nothing is written and the answer is the error (422 validation_failed, or the one code every failure shares, e.g. 409 duplicate_value) with each failed operation's problems in `details`, their paths starting `/operations/<index>`.
         *
         *     An empty batch, more than 100 operations, an unknown `op` or an operation missing a member it needs is 422 before anything runs. An Idempotency-Key covers the whole batch: a retry replays the stored answer.
         *
         *     Needs an API key with the `contacts:write` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        post: operations["batchContacts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/contact/_export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Export contacts as NDJSON or CSV, streamed
         * @description Streams every contact the filters and the free-text search select (both as in _query, ANDed), with no page limit, from one consistent snapshot: writes made while the export runs are not in it. Body `{"filters"?, "search"?, "format"?: "ndjson" | "csv"}` (ndjson by default); filters are those of _query; archived contacts are left out unless a filter names archived_at; order is created_at, then id.
         *
         *     NDJSON: one record per line, exactly as GET renders it. CSV (RFC 4180, CRLF): a header row of attribute api_names (the standard ones, then the organization's live custom attributes), then one row per contact; list attributes are joined with ";" (emails and phone numbers by address, users by id), stage by api_name, references by id, address as JSON; cells starting with =, +, -, @, tab or carriage return are prefixed with a single quote so a spreadsheet never runs them (import strips it again).
         *
         *     The export is read from the database as the client reads the response: a slow reader holds the server to two batches of contacts (the one being written and the next, read meanwhile), never the whole export. A bad request is a 422 before anything streams; an error after the first byte ends the response early.
         *
         *     Needs an API key with the `contacts:read` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        post: operations["exportContacts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/contact/_import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start an import job from a CSV or NDJSON file
         * @description Starts an asynchronous import of a file of contacts and answers 202 at once with the job (status `queued`); poll `GET /api/v2/import/{import_id}` (the Location header) for its progress and `GET /api/v2/import/{import_id}/errors` for the rows that failed. The body is the file itself: `Content-Type: text/csv` (RFC 4180 with a header row; quoted fields, embedded newlines, CRLF and a UTF-8 byte order mark are read) or `application/x-ndjson` (one JSON object per line: `{"attributes": {...}}` as GET or an export renders a contact, or a flat object of columns). UTF-8 only. At most IMPORT_MAX_BYTES (64 MiB by default); a larger body is 413 payload_too_large.
         *
         *     Columns map to attributes by api_name or display name, case-insensitively (custom attributes included); server-set columns an export carries (id, created_at, …) are skipped. Cells are coerced per type: booleans from true/false/yes/no/y/n/1/0, numbers from decimal text, currency from "12.50 USD" or its JSON, dates and timestamps as ISO-8601, lists split on ";". Empty cells leave the attribute out (an import never clears a value).
         *
         *     Query parameters: `map` ("Column=api_name,Other Column=api_name": overrides the name matching), `match` (`primary_email`, `contact_emails` or a unique custom attribute's api_name: each row upserts like _assert instead of creating; a row without a value for it then fails), `dry_run=true` (every row is checked as the write would check it, nothing is written; the counts say what would have happened; a row repeating an email or unique value of a row in an earlier batch is answered as in the real import), `ignore_unknown_columns=true` (skip columns that name no attribute instead of refusing the file). An unknown parameter, a bad value, an empty file, a CSV header with two columns naming one attribute, or a CSV header naming columns that match no attribute is 422 before any job exists; another Content-Type or charset, or a UTF-16 file, is 415.
         *
         *     The job writes as the key's user: every contact it creates has created_source CSV_IMPORT and every change is an event with source CSV_IMPORT. Rows are written in batches of IMPORT_BATCH_ROWS (500 by default), one transaction each; the batch's progress commits with it. A job interrupted by a restart or a crash resumes after its last committed batch (no row is written twice). Once the key that started the job is revoked, no further batch commits: the job fails with error.code unauthenticated, and the batches committed before stay. A row that fails (a bad value, a duplicate email, a ragged row, invalid UTF-8, a line over 1 MiB) is skipped and reported; the others go on. Within one file a later row with an email an earlier row created fails with duplicate_value, unless `match` makes it update that contact. The uploaded file is stored in the database until the job ends, then deleted; the job and its error report stay. An Idempotency-Key covers the upload: a retry with the same file and query answers the same job.
         *
         *     Needs an API key with the `contacts:write` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        post: operations["importContacts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/import/{import_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an import job's status and counts
         * @description The import job: its status (queued, running, completed, failed) and counts so far (rows, created, updated, failed), which grow as batches commit. Any key of the organization with contacts:read can read it.
         *
         *     Needs an API key with the `contacts:read` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        get: operations["getImportJob"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/import/{import_id}/errors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an import job's error report as CSV
         * @description The error report of the job, as CSV (RFC 4180, CRLF): a header row `line,column,code,message,raw`, then one row per problem of each failed input row, in line order: `line` is the input line where the row starts (the header is line 1 of a CSV file; NDJSON lines count from 1), `column` the column or attribute at fault (empty when the row as a whole is), `code` the error detail code (field_value_invalid, duplicate_value, unknown_field, malformed_json, …), `message` a human sentence and `raw` the input row as it was. While the job runs the report holds the batches committed so far. Cells starting with =, +, -, @, tab or carriage return are prefixed with a single quote so a spreadsheet never runs them.
         *
         *     Needs an API key with the `contacts:read` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        get: operations["getImportJobErrors"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/contact/{contact_id}/_restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Restore an archived contact
         * @description Clears archived_at and archived_by_user_id, bumps the version and answers 200 with the record; appends a contact.restored event. A live contact is 409 record_not_archived; 409 duplicate_value when one of its emails or unique custom attribute values now belongs to another live contact (change that contact first). No body needed. Honours If-Match (412).
         *
         *     Needs an API key with the `contacts:write` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        post: operations["restoreContact"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/contact/{contact_id}/_purge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Erase an archived contact (right to erasure)
         * @description Deletes an archived contact for good (a live one is 409 record_not_archived): the contact and its items go, every earlier event of it keeps its id, type, time and version but loses its changes, stored idempotent responses carrying it are dropped, and a contact.purged event is appended. Afterwards no endpoint returns any of its attribute values: GET and history are 404. Answers 204. Honours If-Match (412).
         *
         *     Needs an API key with the `contacts:write` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        post: operations["purgeContact"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/contact/{contact_id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One contact's change history
         * @description The contact's events, newest first, each with the previous and current envelope of every attribute it changed. `attribute=<api_name>` keeps only the events that changed that attribute (an attribute the change log does not record is 422). Archived contacts keep their history; a purged contact is 404. Cursor-paged: pass next_cursor (with the same attribute) for older events.
         *
         *     Needs an API key with the `contacts:read` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        get: operations["getContactHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/event/_query": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Read the change log (feed with long polling)
         * @description The change log of the organization: every successful write (create, PATCH, archive, restore, sub-resource changes, _assert, purge) appended exactly one event in its own transaction. Events come in sequence order; sequences are per organization and strictly increasing in commit order, so reading from a cursor never skips an event that committed late.
         *
         *     Body (all optional): {"cursor", "types", "record_id", "limit" (1-1000, default 100), "wait_seconds" (0-30, default 0)}. Without cursor the feed starts at the oldest retained event; "cursor": "now" starts after the newest. next_cursor is never null: keep sending it.
         *
         *     Long poll: with wait_seconds and nothing to return, the answer waits until a matching event commits (from any server process sharing the database) or the time passes, then answers (possibly with no events). A client that gives up frees the wait at once.
         *
         *     Retention: events are kept EVENT_RETENTION_DAYS (default 30) days; a cursor older than the oldest retained event is 410 cursor_expired.
         *
         *     Needs an API key with the `contacts:read` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        post: operations["queryEvents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/contact/{contact_id}/attribute/contact_emails": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add an item to contact_emails
         * @description Body {"email", "is_primary", "labels"}; answers 201 {"data": {"id": item_id, "envelope": {id, email, is_primary, labels}}}. The first item of an empty list is primary even if is_primary is false; is_primary true demotes the old primary to a secondary; a list holds at most 100 items (a 101st is 422 field_value_invalid). An address already on this or another live contact is 409 duplicate_value with existing_contact_id. Keeps the primary invariant: the primary_email attribute always mirrors the item with is_primary true; every change bumps the contact's version (ETag) and updated_at; If-Match is honoured (412); an archived contact answers 409 record_archived.
         *
         *     Needs an API key with the `contacts:write` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        post: operations["addContactEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/contact/{contact_id}/attribute/contact_emails/{item_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove an item from contact_emails
         * @description Answers 204. Removing the primary promotes the oldest remaining item; removing the last item sets primary_email to null. Keeps the primary invariant: the primary_email attribute always mirrors the item with is_primary true; every change bumps the contact's version (ETag) and updated_at; If-Match is honoured (412); an archived contact answers 409 record_archived.
         *
         *     Needs an API key with the `contacts:write` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        delete: operations["deleteContactEmail"];
        options?: never;
        head?: never;
        /**
         * Patch an item of contact_emails
         * @description Partial body with any of email, is_primary, labels; answers 200 with the same shape as the add. is_primary true makes the item primary; is_primary false on the primary promotes the oldest other item (the first in list order), and on the only item is 422. Keeps the primary invariant: the primary_email attribute always mirrors the item with is_primary true; every change bumps the contact's version (ETag) and updated_at; If-Match is honoured (412); an archived contact answers 409 record_archived.
         *
         *     Needs an API key with the `contacts:write` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        patch: operations["patchContactEmail"];
        trace?: never;
    };
    "/api/v2/contact/{contact_id}/attribute/contact_phone_numbers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add an item to contact_phone_numbers
         * @description Body {"phone_number", "is_primary", "labels"}; answers 201 {"data": {"id": item_id, "envelope": {id, phone_number, is_primary, labels}}}. The first item of an empty list is primary even if is_primary is false; is_primary true demotes the old primary to a secondary; a list holds at most 100 items (a 101st is 422 field_value_invalid). Keeps the primary invariant: the primary_phone_number attribute always mirrors the item with is_primary true; every change bumps the contact's version (ETag) and updated_at; If-Match is honoured (412); an archived contact answers 409 record_archived.
         *
         *     Needs an API key with the `contacts:write` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        post: operations["addContactPhoneNumber"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/contact/{contact_id}/attribute/contact_phone_numbers/{item_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove an item from contact_phone_numbers
         * @description Answers 204. Removing the primary promotes the oldest remaining item; removing the last item sets primary_phone_number to null. Keeps the primary invariant: the primary_phone_number attribute always mirrors the item with is_primary true; every change bumps the contact's version (ETag) and updated_at; If-Match is honoured (412); an archived contact answers 409 record_archived.
         *
         *     Needs an API key with the `contacts:write` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        delete: operations["deleteContactPhoneNumber"];
        options?: never;
        head?: never;
        /**
         * Patch an item of contact_phone_numbers
         * @description Partial body with any of phone_number, is_primary, labels; answers 200 with the same shape as the add. is_primary true makes the item primary; is_primary false on the primary promotes the oldest other item (the first in list order), and on the only item is 422. Keeps the primary invariant: the primary_phone_number attribute always mirrors the item with is_primary true; every change bumps the contact's version (ETag) and updated_at; If-Match is honoured (412); an archived contact answers 409 record_archived.
         *
         *     Needs an API key with the `contacts:write` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        patch: operations["patchContactPhoneNumber"];
        trace?: never;
    };
    "/api/v2/_schema/contact": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Describe the contact object
         * @description Every attribute of the organization's contact catalog with its value_type, whether it is a list, creatable, updatable, unique, sortable and filterable, and its filter operators: the standard attributes, then the organization's custom attributes (is_custom: true, with their id, options, archived_at and timestamps) in the order they were defined. Generated from the same catalog that validates writes.
         *
         *     Archived custom attributes are left out unless `include_archived=true` (then listed with is_creatable, is_updatable, is_filterable and is_sortable false and no filter_operators: nothing takes them until they are restored); any value but `true` or `false` is 422 field_value_invalid. A definition change made through any server process shows here (and in every record, filter and write) within 2 seconds.
         *
         *     Needs an API key with the `contacts:read` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        get: operations["getContactSchema"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/_schema/contact/attributes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Define a custom contact attribute
         * @description Adds an attribute of the organization's own to every contact: it renders in every record after the standard attributes (null or [] until set), is writable through POST, PATCH and _assert, and filterable and sortable in _query with the operators of its value_type (see GET /api/v2/_schema/contact).
         *
         *     api_name matches ^[a-z][a-z0-9_]{0,62}$ and is never a standard attribute nor a name used before in the organization, archived or not (409 duplicate_value). is_unique (not for boolean, select, long_text or lists) makes the value unique among the organization's live contacts (409 duplicate_value with existing_contact_id) and a match key of _assert.
         *
         *     At most CUSTOM_ATTRIBUTES_MAX (default 500) live attributes per organization: 422 with detail limit_exceeded.
         *
         *     Every server process honours the change within 2 seconds; the change never rewrites or locks the contacts.
         *
         *     Needs an API key with the `schema:write` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        post: operations["createCustomAttribute"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/_schema/contact/attributes/{api_name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Archive a custom attribute
         * @description The attribute leaves records, _schema (unless include_archived=true), filters and writes (422 unknown_field); its values stay stored and come back with _restore. Its api_name stays taken. Archiving an archived attribute changes nothing.
         *
         *     Every server process honours the change within 2 seconds; the change never rewrites or locks the contacts.
         *
         *     Needs an API key with the `schema:write` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        delete: operations["archiveCustomAttribute"];
        options?: never;
        head?: never;
        /**
         * Change a custom attribute definition
         * @description Changes display_name, description, is_required_on_create or options (select only). api_name, value_type, is_array and is_unique are immutable (422 field_not_updatable). Options keep their id: name an existing option by id or api_name to change its display_value or color, send new ones without an id; an existing option cannot be removed (contacts may hold it).
         *
         *     Every server process honours the change within 2 seconds; the change never rewrites or locks the contacts.
         *
         *     Needs an API key with the `schema:write` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        patch: operations["patchCustomAttribute"];
        trace?: never;
    };
    "/api/v2/_schema/contact/attributes/{api_name}/_restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Restore an archived custom attribute
         * @description Brings an archived attribute back with every value it had; 409 record_not_archived when it is live. It counts against CUSTOM_ATTRIBUTES_MAX again (422 limit_exceeded).
         *
         *     Every server process honours the change within 2 seconds; the change never rewrites or locks the contacts.
         *
         *     Needs an API key with the `schema:write` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        post: operations["restoreCustomAttribute"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/webhook": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List webhook subscriptions
         * @description Needs an API key with the `webhooks:read` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        get: operations["listWebhooks"];
        put?: never;
        /**
         * Subscribe a URL to change events
         * @description Creates a subscription and answers with its signing secret, shown only here (and by _rotate_secret). Events committed from now on that match event_types and attributes are POSTed to url, signed per Standard Webhooks. Earlier events: see _replay.
         *
         *     Needs an API key with the `webhooks:write` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        post: operations["createWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/webhook/{webhook_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read one webhook subscription
         * @description Needs an API key with the `webhooks:read` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        get: operations["getWebhook"];
        put?: never;
        post?: never;
        /**
         * Delete a webhook subscription
         * @description Deletes the subscription and its deliveries log; nothing more is sent to it. Takes no body (a body other than {} is 422).
         *
         *     Needs an API key with the `webhooks:write` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        delete: operations["deleteWebhook"];
        options?: never;
        head?: never;
        /**
         * Change a webhook subscription
         * @description Changes the members sent. enabled: true re-enables a subscription the server disabled (clearing disabled_reason and restarting the failure clock); its pending deliveries, and events that happened while it was disabled (while retained), are then delivered.
         *
         *     Needs an API key with the `webhooks:write` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        patch: operations["patchWebhook"];
        trace?: never;
    };
    "/api/v2/webhook/{webhook_id}/_rotate_secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate the signing secret
         * @description Answers with a new secret (shown only here). For 24 hours every delivery carries two signatures in webhook-signature, one per secret, so receivers can switch without losing a delivery; then only the new one signs.
         *
         *     Needs an API key with the `webhooks:write` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        post: operations["rotateWebhookSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/webhook/{webhook_id}/_test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a test ping
         * @description Queues a webhook.test event for the subscription, whatever its filters, signed like every delivery, retried like every delivery; it shows in the deliveries log. On a disabled subscription it waits, like every delivery, until the subscription is enabled again.
         *
         *     Needs an API key with the `webhooks:write` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        post: operations["testWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/webhook/{webhook_id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The deliveries log of a subscription
         * @description Deliveries newest first, 50 per page, optionally only one status. An unknown status or a cursor that is not a next_cursor is 422.
         *
         *     Needs an API key with the `webhooks:read` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/webhook/{webhook_id}/deliveries/{delivery_id}/_retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Retry one delivery now
         * @description Makes the delivery pending and due now: one more attempt, whatever its status (a failed one that fails again is failed again). An earlier pending event of the same contact still goes first.
         *
         *     Needs an API key with the `webhooks:write` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        post: operations["retryWebhookDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/webhook/{webhook_id}/_replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-send events since a time
         * @description Queues a new delivery of every retained event since `since` that matches the subscription (events not yet delivered at all are left to their own delivery, not doubled). Each carries its event id as webhook-id, as before.
         *
         *     Needs an API key with the `webhooks:write` permission (`contacts:write` implies `contacts:read` and `webhooks:write` implies `webhooks:read`; `schema:write` is granted only explicitly).
         */
        post: operations["replayWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This OpenAPI 3.1 document
         * @description Generated at start-up from the route schemas and the attribute catalog the server validates with; the interactive reference at /docs renders it.
         *
         *     No API key needed.
         */
        get: operations["getOpenApiDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics
         * @description Metrics in the Prometheus text exposition format: request durations by route pattern and status, requests in flight, the database pool (PostgreSQL) or file sizes (SQLite), process CPU, memory and event loop. With `serve --workers N` the answer combines every worker; while one of them does not report within 5 s (its event loop is stuck) the answer is 503 service_unavailable with Retry-After.
         *
         *     When the server is configured with METRICS_TOKEN, send `Authorization: Bearer <METRICS_TOKEN>` (a missing or wrong token is 401 unauthenticated; wrong tokens count towards the per-address limit of failed key checks). Without METRICS_TOKEN anyone who reaches the port can read them.
         *
         *     No API key needed.
         */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    contactEvent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A change event (contact.created, contact.updated, contact.archived, contact.restored, contact.purged)
         * @description The event exactly as the events feed renders it, signed per the Standard Webhooks specification.
         */
        post: operations["receiveContactEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    webhookTest: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A webhook.test ping (from POST /api/v2/webhook/{webhook_id}/_test) */
        post: operations["receiveWebhookTest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        /** @description A custom attribute of the organization, after the standard attributes: an envelope {value, value_type} (value null when unset), or for a list (is_array) an array of envelopes ([] when unset). Which custom attributes an organization has, with each one's value_type, is_array and options, is listed by GET /api/v2/_schema/contact (is_custom: true). */
        CustomAttributeValue: ({
            value: string | null;
            /** @constant */
            value_type: "string";
        } | {
            value: string | null;
            /** @constant */
            value_type: "long_text";
        } | {
            value: number | null;
            /** @constant */
            value_type: "number";
        } | {
            value: boolean | null;
            /** @constant */
            value_type: "boolean";
        } | {
            value: string | null;
            /** @constant */
            value_type: "timestamp";
        } | {
            value: string | null;
            /** @constant */
            value_type: "date";
        } | {
            value: string | null;
            /** @constant */
            value_type: "email";
        } | {
            value: string | null;
            /** @constant */
            value_type: "phone_number";
        } | {
            value: string | null;
            /** @constant */
            value_type: "url";
        } | {
            value: {
                /** Format: uuid */
                id: string;
                api_name: string;
                display_value: string;
                color: string | null;
            } | null;
            /** @constant */
            value_type: "select";
        } | {
            value: {
                amount: string;
                currency_code: string;
            } | null;
            /** @constant */
            value_type: "currency";
        } | {
            value: {
                /** Format: uuid */
                related_record_id: string;
                /** @constant */
                related_record_type: "user";
            } | null;
            /** @constant */
            value_type: "record_reference";
        }) | ({
            value: string;
            /** @constant */
            value_type: "string";
        } | {
            value: string;
            /** @constant */
            value_type: "long_text";
        } | {
            value: number;
            /** @constant */
            value_type: "number";
        } | {
            value: boolean;
            /** @constant */
            value_type: "boolean";
        } | {
            /**
             * Format: date-time
             * @description UTC with a Z suffix and milliseconds.
             */
            value: string;
            /** @constant */
            value_type: "timestamp";
        } | {
            /** Format: date */
            value: string;
            /** @constant */
            value_type: "date";
        } | {
            /**
             * Format: idn-email
             * @description Lower-cased, in Unicode NFC; the local part may be UTF-8.
             */
            value: string;
            /** @constant */
            value_type: "email";
        } | {
            /** @description E.164, e.g. +14155551234. */
            value: string;
            /** @constant */
            value_type: "phone_number";
        } | {
            /** @description An absolute http(s) URL. */
            value: string;
            /** @constant */
            value_type: "url";
        } | {
            value: {
                /** Format: uuid */
                id: string;
                api_name: string;
                display_value: string;
                color: string | null;
            };
            /** @constant */
            value_type: "select";
        } | {
            value: {
                amount: string;
                currency_code: string;
            };
            /** @constant */
            value_type: "currency";
        } | {
            value: {
                /** Format: uuid */
                related_record_id: string;
                /** @constant */
                related_record_type: "user";
            };
            /** @constant */
            value_type: "record_reference";
        })[];
        /** @description A value for a custom attribute: raw or as the read envelope, null to clear; an array for a list (is_array). string ≤ 255 characters, long_text ≤ 65536, number a finite JSON number, date YYYY-MM-DD, url an absolute http(s) URL, select an option's api_name, id or display value, currency {amount: "<decimal string>", currency_code: "<ISO 4217>"}, record_reference a user (UUID, {related_record_id} or {related_record_match: {email}}). A value of the wrong type or an unknown option is 422 field_value_invalid; an archived attribute is 422 unknown_field. Which custom attributes an organization has, with each one's value_type, is_array and options, is listed by GET /api/v2/_schema/contact (is_custom: true). */
        CustomAttributeInput: (string | {
            value: string | null;
            /** @constant */
            value_type: "string";
        } | null) | (string | {
            value: string | null;
            /** @constant */
            value_type: "long_text";
        } | null) | (number | {
            value: number | null;
            /** @constant */
            value_type: "number";
        } | null) | (boolean | {
            value: boolean | null;
            /** @constant */
            value_type: "boolean";
        } | null) | (string | {
            value: string | null;
            /** @constant */
            value_type: "timestamp";
        } | null) | (string | {
            value: string | null;
            /** @constant */
            value_type: "date";
        } | null) | (string | {
            value: string | null;
            /** @constant */
            value_type: "email";
        } | null) | (string | {
            value: string | null;
            /** @constant */
            value_type: "phone_number";
        } | null) | (string | {
            value: string | null;
            /** @constant */
            value_type: "url";
        } | null) | ((string | {
            id?: string;
            api_name?: string;
            display_value?: string;
            color?: string | null;
        }) | {
            value: (string | {
                id?: string;
                api_name?: string;
                display_value?: string;
                color?: string | null;
            }) | null;
            /** @constant */
            value_type: "select";
        } | null) | ({
            amount: string;
            currency_code: string;
        } | {
            value: {
                amount: string;
                currency_code: string;
            } | null;
            /** @constant */
            value_type: "currency";
        } | null) | ((string | {
            /** Format: uuid */
            related_record_id: string;
            related_record_type?: string;
        } | {
            /** @description Matches the user by email. */
            related_record_match: {
                email: string;
            };
        }) | {
            value: (string | {
                /** Format: uuid */
                related_record_id: string;
                related_record_type?: string;
            } | {
                /** @description Matches the user by email. */
                related_record_match: {
                    email: string;
                };
            }) | null;
            /** @constant */
            value_type: "record_reference";
        } | null) | ((string | {
            /** @description Trimmed; an empty string clears the attribute. */
            value: string;
            /** @constant */
            value_type: "string";
        }) | (string | {
            /** @description Trimmed; an empty string clears the attribute. */
            value: string;
            /** @constant */
            value_type: "long_text";
        }) | (number | {
            /** @description A finite JSON number. */
            value: number;
            /** @constant */
            value_type: "number";
        }) | (boolean | {
            /** @description JSON true or false only. */
            value: boolean;
            /** @constant */
            value_type: "boolean";
        }) | (string | {
            /** @description ISO 8601 date or date-time with a zone (Z or an offset); stored in UTC. */
            value: string;
            /** @constant */
            value_type: "timestamp";
        }) | (string | {
            /**
             * Format: date
             * @description A calendar date YYYY-MM-DD.
             */
            value: string;
            /** @constant */
            value_type: "date";
        }) | (string | {
            /** @description Trimmed, lower-cased and put in Unicode NFC before it is checked and stored. */
            value: string;
            /** @constant */
            value_type: "email";
        }) | (string | {
            /** @description Any format a phone library can parse; without a + country prefix the server's DEFAULT_PHONE_REGION applies. */
            value: string;
            /** @constant */
            value_type: "phone_number";
        }) | (string | {
            /** @description An absolute http or https URL, at most 2048 bytes; stored as written (trimmed). */
            value: string;
            /** @constant */
            value_type: "url";
        }) | ((string | {
            id?: string;
            api_name?: string;
            display_value?: string;
            color?: string | null;
        }) | {
            value: string | {
                id?: string;
                api_name?: string;
                display_value?: string;
                color?: string | null;
            };
            /** @constant */
            value_type: "select";
        }) | ({
            amount: string;
            currency_code: string;
        } | {
            /** @description Amount as a decimal string (at most 15 integer and 6 fraction digits; stored without leading or trailing zeros), currency_code an ISO 4217 code (upper-cased). */
            value: {
                amount: string;
                currency_code: string;
            };
            /** @constant */
            value_type: "currency";
        }) | ((string | {
            /** Format: uuid */
            related_record_id: string;
            related_record_type?: string;
        } | {
            /** @description Matches the user by email. */
            related_record_match: {
                email: string;
            };
        }) | {
            value: string | {
                /** Format: uuid */
                related_record_id: string;
                related_record_type?: string;
            } | {
                /** @description Matches the user by email. */
                related_record_match: {
                    email: string;
                };
            };
            /** @constant */
            value_type: "record_reference";
        }))[];
        /** @description A contact. Every catalog attribute is always present, as a value envelope {value, value_type}; an unset scalar has value null, an unset list is []. Attributes come in catalog order: the standard ones listed here, then the organization's live custom attributes (see CustomAttributeValue and GET /api/v2/_schema/contact). */
        ContactRecord: {
            /** Format: uuid */
            id: string;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
            attributes: {
                /** @description The contact id, a UUID (version 7) minted on create. Read-only: set by the server. */
                id: {
                    value: string | null;
                    /** @constant */
                    value_type: "uuid";
                };
                /** @description The organization that owns the contact: the calling API key's organization. Read-only: set by the server. */
                organization_id: {
                    value: string | null;
                    /** @constant */
                    value_type: "uuid";
                };
                /** @description When the contact was created (server clock, UTC). Read-only: set by the server. */
                created_at: {
                    value: string | null;
                    /** @constant */
                    value_type: "timestamp";
                };
                /** @description When the contact last changed; every successful write moves it forward. Read-only: set by the server. */
                updated_at: {
                    value: string | null;
                    /** @constant */
                    value_type: "timestamp";
                };
                /** @description Derived: first_name and last_name joined by a space and trimmed, else primary_email. Never writable. Read-only: set by the server. */
                display_name: {
                    value: string | null;
                    /** @constant */
                    value_type: "string";
                };
                /** @description The contact stage. Write its api_name, id or display value (case-insensitive); read as {id, display_value, api_name, color}. New contacts get the organization's default stage. Filter by api_name or id. Writable on create and PATCH. */
                stage: {
                    value: {
                        /** Format: uuid */
                        id: string;
                        display_value: string;
                        api_name: string;
                        color: string;
                    } | null;
                    /** @constant */
                    value_type: "contact_stage";
                };
                /** @description The user whose API key created the contact. Read-only: set by the server. */
                created_by_user_id: {
                    value: {
                        /** Format: uuid */
                        related_record_id: string;
                        /** @constant */
                        related_record_type: "user";
                    } | null;
                    /** @constant */
                    value_type: "record_reference";
                };
                /** @description Users taking part in the contact. A write replaces the whole list; null or [] clears it. Filters match any listed user. Writable on create and PATCH. */
                participant_user_id_list: {
                    value: {
                        /** Format: uuid */
                        related_record_id: string;
                        /** @constant */
                        related_record_type: "user";
                    };
                    /** @constant */
                    value_type: "record_reference";
                }[];
                /** @description Given name; trimmed, at most 255 characters; an empty string clears it. A new contact needs at least one of first_name, last_name, primary_email or an item of contact_emails (422 field_required_missing otherwise). Writable on create and PATCH. */
                first_name: {
                    value: string | null;
                    /** @constant */
                    value_type: "string";
                };
                /** @description Family name; trimmed, at most 255 characters; an empty string clears it. Writable on create and PATCH. */
                last_name: {
                    value: string | null;
                    /** @constant */
                    value_type: "string";
                };
                /** @description Middle name; trimmed, at most 255 characters; an empty string clears it. Writable on create and PATCH. */
                middle_name: {
                    value: string | null;
                    /** @constant */
                    value_type: "string";
                };
                /** @description Job title; trimmed, at most 255 characters; an empty string clears it. Writable on create and PATCH. */
                title: {
                    value: string | null;
                    /** @constant */
                    value_type: "string";
                };
                /** @description Department; trimmed, at most 255 characters; an empty string clears it. Writable on create and PATCH. */
                department: {
                    value: string | null;
                    /** @constant */
                    value_type: "string";
                };
                /** @description The primary item of contact_emails, trimmed, lower-cased and in Unicode NFC. Setting an address already listed makes it primary; a new address is added as primary and the old primary stays as a secondary; null removes the primary item and promotes the oldest remaining one. Unique among live contacts of the organization. Writable on create and PATCH. */
                primary_email: {
                    value: string | null;
                    /** @constant */
                    value_type: "email";
                };
                /** @description The primary item of contact_phone_numbers in E.164 (+14155551234); numbers without a + country prefix use the server's default region. Same primary rules as primary_email. Writable on create and PATCH. */
                primary_phone_number: {
                    value: string | null;
                    /** @constant */
                    value_type: "phone_number";
                };
                /** @description Whether the contact agreed to SMS; JSON true or false only. Writable on create and PATCH. */
                sms_consent: {
                    value: boolean | null;
                    /** @constant */
                    value_type: "boolean";
                };
                /** @description Postal address {street_one, street_two, city, state, country, zip_code}, all optional strings (trimmed, at most 255 characters). A write replaces the whole object; an object with no field set, or null, clears it. Writable on create and PATCH. */
                address: {
                    value: {
                        street_one: string | null;
                        street_two: string | null;
                        city: string | null;
                        state: string | null;
                        country: string | null;
                        zip_code: string | null;
                    } | null;
                    /** @constant */
                    value_type: "address";
                };
                /** @description All email addresses of the contact, items {id, email, is_primary, labels} with labels among PERSONAL, WORK, MOBILE, in the order they were added. A write replaces the list (items may be bare strings; an item keeps its id when it names it or re-sends the same address); with no item marked primary the first becomes primary; more than one primary, or the same address twice, is invalid; a primary_email in the same write must agree with the item marked primary. Whenever the primary item goes away (primary_email null, is_primary false, DELETE of the item) the oldest remaining item, the first in list order, becomes primary; the only item cannot be un-primaried (422). Each address belongs to at most one live contact of the organization (409 duplicate_value with existing_contact_id). Filters match any item. Writable on create and PATCH. */
                contact_emails: {
                    value: {
                        /** Format: uuid */
                        id: string;
                        /**
                         * Format: idn-email
                         * @description Lower-cased, in Unicode NFC; the local part may be UTF-8.
                         */
                        email: string;
                        is_primary: boolean;
                        /** @description Labels among PERSONAL, WORK, MOBILE (written case-insensitively). */
                        labels: ("PERSONAL" | "WORK" | "MOBILE")[];
                    };
                    /** @constant */
                    value_type: "contact_email";
                }[];
                /** @description All phone numbers of the contact in E.164, items {id, phone_number, is_primary, labels}. Same list and primary rules as contact_emails; a number may appear on several contacts. Filters match any item. Writable on create and PATCH. */
                contact_phone_numbers: {
                    value: {
                        /** Format: uuid */
                        id: string;
                        /** @description E.164, e.g. +14155551234. */
                        phone_number: string;
                        is_primary: boolean;
                        /** @description Labels among PERSONAL, WORK, MOBILE (written case-insensitively). */
                        labels: ("PERSONAL" | "WORK" | "MOBILE")[];
                    };
                    /** @constant */
                    value_type: "contact_phone_number";
                }[];
                /** @description LinkedIn profile URL; at most 2048 characters. Writable on create and PATCH. */
                linkedin_url: {
                    value: string | null;
                    /** @constant */
                    value_type: "string";
                };
                /** @description ZoomInfo profile URL; at most 2048 characters. Writable on create and PATCH. */
                zoominfo_url: {
                    value: string | null;
                    /** @constant */
                    value_type: "string";
                };
                /** @description X (Twitter) profile URL; at most 2048 characters. Writable on create and PATCH. */
                x_url: {
                    value: string | null;
                    /** @constant */
                    value_type: "string";
                };
                /** @description Facebook profile URL; at most 2048 characters. Writable on create and PATCH. */
                facebook_url: {
                    value: string | null;
                    /** @constant */
                    value_type: "string";
                };
                /** @description The owning user: a UUID, {"related_record_id": uuid}, {"related_record_match": {"email": "..."}} or the read envelope; must be a user of the organization (else target_record_not_found). Writable on create and PATCH. */
                owner_user_id: {
                    value: {
                        /** Format: uuid */
                        related_record_id: string;
                        /** @constant */
                        related_record_type: "user";
                    } | null;
                    /** @constant */
                    value_type: "record_reference";
                };
                /** @description The owning team: a UUID, {"related_record_id": uuid} or {"related_record_match": {"name": "..."}} (case-insensitive; several matches are ambiguous_match); must be a team of the organization. Writable on create and PATCH. */
                owner_team_id: {
                    value: {
                        /** Format: uuid */
                        related_record_id: string;
                        /** @constant */
                        related_record_type: "team";
                    } | null;
                    /** @constant */
                    value_type: "record_reference";
                };
                /** @description The user whose API key made the last change. Read-only: set by the server. */
                updated_by_user_id: {
                    value: {
                        /** Format: uuid */
                        related_record_id: string;
                        /** @constant */
                        related_record_type: "user";
                    } | null;
                    /** @constant */
                    value_type: "record_reference";
                };
                /** @description The user whose API key archived the contact; null while live. Read-only: set by the server. */
                archived_by_user_id: {
                    value: {
                        /** Format: uuid */
                        related_record_id: string;
                        /** @constant */
                        related_record_type: "user";
                    } | null;
                    /** @constant */
                    value_type: "record_reference";
                };
                /** @description How the contact was made: API for records created through this API (CSV_IMPORT, FORM and UI are reserved). Read-only: set by the server. */
                created_source: {
                    value: ("API" | "CSV_IMPORT" | "FORM" | "UI") | null;
                    /** @constant */
                    value_type: "enum";
                };
                /** @description The form submission that created the contact, or null. Read-only: set by the server. */
                created_source_form_submission_details: {
                    value: {
                        form_submission_id: string | null;
                        form_id: string | null;
                        source_event_occurred_at: string | null;
                        utm_campaign: string | null;
                        utm_source: string | null;
                        utm_medium: string | null;
                        utm_content: string | null;
                        utm_term: string | null;
                    } | null;
                    /** @constant */
                    value_type: "created_source_form_submission_details";
                };
                /** @description When an enrichment source last set phone data; null until then. Read-only: set by the server. */
                phone_enriched_at: {
                    value: string | null;
                    /** @constant */
                    value_type: "timestamp";
                };
                /** @description When an enrichment source last set email data; null until then. Read-only: set by the server. */
                email_enriched_at: {
                    value: string | null;
                    /** @constant */
                    value_type: "timestamp";
                };
                /** @description Email enrichment status; null until enrichment runs. Read-only: set by the server. */
                email_enrich_status: {
                    value: ("PENDING" | "ENRICHED" | "NOT_FOUND" | "FAILED") | null;
                    /** @constant */
                    value_type: "enum";
                };
                /** @description Phone enrichment status; null until enrichment runs. Read-only: set by the server. */
                phone_number_enrich_status: {
                    value: ("PENDING" | "ENRICHED" | "NOT_FOUND" | "FAILED") | null;
                    /** @constant */
                    value_type: "enum";
                };
                /** @description When any activity last happened with this contact; derived from activities, null until one exists. Read-only: set by the server. */
                last_activity_at: {
                    value: string | null;
                    /** @constant */
                    value_type: "timestamp";
                };
                /** @description When a voice call last happened with this contact; derived from activities, null until one exists. Read-only: set by the server. */
                last_voice_call: {
                    value: string | null;
                    /** @constant */
                    value_type: "timestamp";
                };
                /** @description When a meeting last happened with this contact; derived from activities, null until one exists. Read-only: set by the server. */
                last_meeting: {
                    value: string | null;
                    /** @constant */
                    value_type: "timestamp";
                };
                /** @description When an email thread last happened with this contact; derived from activities, null until one exists. Read-only: set by the server. */
                last_global_thread: {
                    value: string | null;
                    /** @constant */
                    value_type: "timestamp";
                };
                /** @description When an engagement last happened with this contact; derived from activities, null until one exists. Read-only: set by the server. */
                last_engaged_at: {
                    value: string | null;
                    /** @constant */
                    value_type: "timestamp";
                };
                /** @description When an outreach last happened with this contact; derived from activities, null until one exists. Read-only: set by the server. */
                last_outreached_at: {
                    value: string | null;
                    /** @constant */
                    value_type: "timestamp";
                };
                /** @description When an inbound meeting last happened with this contact; derived from activities, null until one exists. Read-only: set by the server. */
                last_inbound_meeting_at: {
                    value: string | null;
                    /** @constant */
                    value_type: "timestamp";
                };
                /** @description When an inbound voice call last happened with this contact; derived from activities, null until one exists. Read-only: set by the server. */
                last_inbound_voice_call_at: {
                    value: string | null;
                    /** @constant */
                    value_type: "timestamp";
                };
                /** @description When an inbound email thread last happened with this contact; derived from activities, null until one exists. Read-only: set by the server. */
                last_inbound_global_thread_at: {
                    value: string | null;
                    /** @constant */
                    value_type: "timestamp";
                };
                /** @description When an outbound meeting last happened with this contact; derived from activities, null until one exists. Read-only: set by the server. */
                last_outbound_meeting_at: {
                    value: string | null;
                    /** @constant */
                    value_type: "timestamp";
                };
                /** @description When an outbound voice call last happened with this contact; derived from activities, null until one exists. Read-only: set by the server. */
                last_outbound_voice_call_at: {
                    value: string | null;
                    /** @constant */
                    value_type: "timestamp";
                };
                /** @description When an outbound email thread last happened with this contact; derived from activities, null until one exists. Read-only: set by the server. */
                last_outbound_global_thread_at: {
                    value: string | null;
                    /** @constant */
                    value_type: "timestamp";
                };
                /** @description When the contact was archived (DELETE); null while live. Archived contacts are left out of _query unless a filter names archived_at. Read-only: set by the server. */
                archived_at: {
                    value: string | null;
                    /** @constant */
                    value_type: "timestamp";
                };
            } & {
                [key: string]: components["schemas"]["CustomAttributeValue"];
            };
            /** @constant */
            record_type: "contact";
        };
        ContactResponse: {
            data: components["schemas"]["ContactRecord"];
        };
        /** @description The attributes of a new contact. Each may be a raw value or the read envelope {value, value_type}. At least one of first_name, last_name, primary_email or contact_emails is required. Any other attribute (display_name, ids, timestamps, activity fields) is 422 field_not_creatable; an unknown name is unknown_field. */
        ContactCreateAttributes: {
            /** @description The contact stage. Write its api_name, id or display value (case-insensitive); read as {id, display_value, api_name, color}. New contacts get the organization's default stage. Filter by api_name or id. */
            stage?: (string | {
                id?: string;
                api_name?: string;
                display_value?: string;
                color?: string;
            }) | {
                value: string | {
                    id?: string;
                    api_name?: string;
                    display_value?: string;
                    color?: string;
                };
                /** @constant */
                value_type: "contact_stage";
            };
            /** @description Users taking part in the contact. A write replaces the whole list; null or [] clears it. Filters match any listed user. */
            participant_user_id_list?: ((string | {
                /** Format: uuid */
                related_record_id: string;
                related_record_type?: string;
            } | {
                /** @description Matches the user by email. */
                related_record_match: {
                    email: string;
                };
            }) | {
                value: string | {
                    /** Format: uuid */
                    related_record_id: string;
                    related_record_type?: string;
                } | {
                    /** @description Matches the user by email. */
                    related_record_match: {
                        email: string;
                    };
                };
                /** @constant */
                value_type: "record_reference";
            })[] | null;
            /** @description Given name; trimmed, at most 255 characters; an empty string clears it. A new contact needs at least one of first_name, last_name, primary_email or an item of contact_emails (422 field_required_missing otherwise). */
            first_name?: string | {
                value: string | null;
                /** @constant */
                value_type: "string";
            } | null;
            /** @description Family name; trimmed, at most 255 characters; an empty string clears it. */
            last_name?: string | {
                value: string | null;
                /** @constant */
                value_type: "string";
            } | null;
            /** @description Middle name; trimmed, at most 255 characters; an empty string clears it. */
            middle_name?: string | {
                value: string | null;
                /** @constant */
                value_type: "string";
            } | null;
            /** @description Job title; trimmed, at most 255 characters; an empty string clears it. */
            title?: string | {
                value: string | null;
                /** @constant */
                value_type: "string";
            } | null;
            /** @description Department; trimmed, at most 255 characters; an empty string clears it. */
            department?: string | {
                value: string | null;
                /** @constant */
                value_type: "string";
            } | null;
            /** @description The primary item of contact_emails, trimmed, lower-cased and in Unicode NFC. Setting an address already listed makes it primary; a new address is added as primary and the old primary stays as a secondary; null removes the primary item and promotes the oldest remaining one. Unique among live contacts of the organization. */
            primary_email?: string | {
                value: string | null;
                /** @constant */
                value_type: "email";
            } | null;
            /** @description The primary item of contact_phone_numbers in E.164 (+14155551234); numbers without a + country prefix use the server's default region. Same primary rules as primary_email. */
            primary_phone_number?: string | {
                value: string | null;
                /** @constant */
                value_type: "phone_number";
            } | null;
            /** @description Whether the contact agreed to SMS; JSON true or false only. */
            sms_consent?: boolean | {
                value: boolean | null;
                /** @constant */
                value_type: "boolean";
            } | null;
            /** @description Postal address {street_one, street_two, city, state, country, zip_code}, all optional strings (trimmed, at most 255 characters). A write replaces the whole object; an object with no field set, or null, clears it. */
            address?: {
                street_one?: string | null;
                street_two?: string | null;
                city?: string | null;
                state?: string | null;
                country?: string | null;
                zip_code?: string | null;
            } | {
                value: {
                    street_one?: string | null;
                    street_two?: string | null;
                    city?: string | null;
                    state?: string | null;
                    country?: string | null;
                    zip_code?: string | null;
                } | null;
                /** @constant */
                value_type: "address";
            } | null;
            /** @description All email addresses of the contact, items {id, email, is_primary, labels} with labels among PERSONAL, WORK, MOBILE, in the order they were added. A write replaces the list (items may be bare strings; an item keeps its id when it names it or re-sends the same address); with no item marked primary the first becomes primary; more than one primary, or the same address twice, is invalid; a primary_email in the same write must agree with the item marked primary. Whenever the primary item goes away (primary_email null, is_primary false, DELETE of the item) the oldest remaining item, the first in list order, becomes primary; the only item cannot be un-primaried (422). Each address belongs to at most one live contact of the organization (409 duplicate_value with existing_contact_id). Filters match any item. */
            contact_emails?: ((string | {
                /**
                 * Format: uuid
                 * @description An existing item's id keeps that item (and its id).
                 */
                id?: string;
                email: string;
                is_primary?: boolean;
                /** @description Labels among PERSONAL, WORK, MOBILE (written case-insensitively). */
                labels?: ("PERSONAL" | "WORK" | "MOBILE")[];
            }) | {
                value: string | {
                    /**
                     * Format: uuid
                     * @description An existing item's id keeps that item (and its id).
                     */
                    id?: string;
                    email: string;
                    is_primary?: boolean;
                    /** @description Labels among PERSONAL, WORK, MOBILE (written case-insensitively). */
                    labels?: ("PERSONAL" | "WORK" | "MOBILE")[];
                };
                /** @constant */
                value_type: "contact_email";
            })[] | null;
            /** @description All phone numbers of the contact in E.164, items {id, phone_number, is_primary, labels}. Same list and primary rules as contact_emails; a number may appear on several contacts. Filters match any item. */
            contact_phone_numbers?: ((string | {
                /**
                 * Format: uuid
                 * @description An existing item's id keeps that item (and its id).
                 */
                id?: string;
                phone_number: string;
                is_primary?: boolean;
                /** @description Labels among PERSONAL, WORK, MOBILE (written case-insensitively). */
                labels?: ("PERSONAL" | "WORK" | "MOBILE")[];
            }) | {
                value: string | {
                    /**
                     * Format: uuid
                     * @description An existing item's id keeps that item (and its id).
                     */
                    id?: string;
                    phone_number: string;
                    is_primary?: boolean;
                    /** @description Labels among PERSONAL, WORK, MOBILE (written case-insensitively). */
                    labels?: ("PERSONAL" | "WORK" | "MOBILE")[];
                };
                /** @constant */
                value_type: "contact_phone_number";
            })[] | null;
            /** @description LinkedIn profile URL; at most 2048 characters. */
            linkedin_url?: string | {
                value: string | null;
                /** @constant */
                value_type: "string";
            } | null;
            /** @description ZoomInfo profile URL; at most 2048 characters. */
            zoominfo_url?: string | {
                value: string | null;
                /** @constant */
                value_type: "string";
            } | null;
            /** @description X (Twitter) profile URL; at most 2048 characters. */
            x_url?: string | {
                value: string | null;
                /** @constant */
                value_type: "string";
            } | null;
            /** @description Facebook profile URL; at most 2048 characters. */
            facebook_url?: string | {
                value: string | null;
                /** @constant */
                value_type: "string";
            } | null;
            /** @description The owning user: a UUID, {"related_record_id": uuid}, {"related_record_match": {"email": "..."}} or the read envelope; must be a user of the organization (else target_record_not_found). */
            owner_user_id?: (string | {
                /** Format: uuid */
                related_record_id: string;
                related_record_type?: string;
            } | {
                /** @description Matches the user by email. */
                related_record_match: {
                    email: string;
                };
            }) | {
                value: (string | {
                    /** Format: uuid */
                    related_record_id: string;
                    related_record_type?: string;
                } | {
                    /** @description Matches the user by email. */
                    related_record_match: {
                        email: string;
                    };
                }) | null;
                /** @constant */
                value_type: "record_reference";
            } | null;
            /** @description The owning team: a UUID, {"related_record_id": uuid} or {"related_record_match": {"name": "..."}} (case-insensitive; several matches are ambiguous_match); must be a team of the organization. */
            owner_team_id?: (string | {
                /** Format: uuid */
                related_record_id: string;
                related_record_type?: string;
            } | {
                /** @description Matches the team by exact name. */
                related_record_match: {
                    name: string;
                };
            }) | {
                value: (string | {
                    /** Format: uuid */
                    related_record_id: string;
                    related_record_type?: string;
                } | {
                    /** @description Matches the team by exact name. */
                    related_record_match: {
                        name: string;
                    };
                }) | null;
                /** @constant */
                value_type: "record_reference";
            } | null;
        } & {
            [key: string]: components["schemas"]["CustomAttributeInput"];
        };
        /** @description The attributes to change: an omitted attribute is untouched, a value sets it, null clears it (nullable attributes only), a list replaces the whole list. At least one attribute. display_name and server-set attributes are 422 field_not_updatable. */
        ContactPatchAttributes: {
            /** @description The contact stage. Write its api_name, id or display value (case-insensitive); read as {id, display_value, api_name, color}. New contacts get the organization's default stage. Filter by api_name or id. */
            stage?: (string | {
                id?: string;
                api_name?: string;
                display_value?: string;
                color?: string;
            }) | {
                value: string | {
                    id?: string;
                    api_name?: string;
                    display_value?: string;
                    color?: string;
                };
                /** @constant */
                value_type: "contact_stage";
            };
            /** @description Users taking part in the contact. A write replaces the whole list; null or [] clears it. Filters match any listed user. */
            participant_user_id_list?: ((string | {
                /** Format: uuid */
                related_record_id: string;
                related_record_type?: string;
            } | {
                /** @description Matches the user by email. */
                related_record_match: {
                    email: string;
                };
            }) | {
                value: string | {
                    /** Format: uuid */
                    related_record_id: string;
                    related_record_type?: string;
                } | {
                    /** @description Matches the user by email. */
                    related_record_match: {
                        email: string;
                    };
                };
                /** @constant */
                value_type: "record_reference";
            })[] | null;
            /** @description Given name; trimmed, at most 255 characters; an empty string clears it. A new contact needs at least one of first_name, last_name, primary_email or an item of contact_emails (422 field_required_missing otherwise). */
            first_name?: string | {
                value: string | null;
                /** @constant */
                value_type: "string";
            } | null;
            /** @description Family name; trimmed, at most 255 characters; an empty string clears it. */
            last_name?: string | {
                value: string | null;
                /** @constant */
                value_type: "string";
            } | null;
            /** @description Middle name; trimmed, at most 255 characters; an empty string clears it. */
            middle_name?: string | {
                value: string | null;
                /** @constant */
                value_type: "string";
            } | null;
            /** @description Job title; trimmed, at most 255 characters; an empty string clears it. */
            title?: string | {
                value: string | null;
                /** @constant */
                value_type: "string";
            } | null;
            /** @description Department; trimmed, at most 255 characters; an empty string clears it. */
            department?: string | {
                value: string | null;
                /** @constant */
                value_type: "string";
            } | null;
            /** @description The primary item of contact_emails, trimmed, lower-cased and in Unicode NFC. Setting an address already listed makes it primary; a new address is added as primary and the old primary stays as a secondary; null removes the primary item and promotes the oldest remaining one. Unique among live contacts of the organization. */
            primary_email?: string | {
                value: string | null;
                /** @constant */
                value_type: "email";
            } | null;
            /** @description The primary item of contact_phone_numbers in E.164 (+14155551234); numbers without a + country prefix use the server's default region. Same primary rules as primary_email. */
            primary_phone_number?: string | {
                value: string | null;
                /** @constant */
                value_type: "phone_number";
            } | null;
            /** @description Whether the contact agreed to SMS; JSON true or false only. */
            sms_consent?: boolean | {
                value: boolean | null;
                /** @constant */
                value_type: "boolean";
            } | null;
            /** @description Postal address {street_one, street_two, city, state, country, zip_code}, all optional strings (trimmed, at most 255 characters). A write replaces the whole object; an object with no field set, or null, clears it. */
            address?: {
                street_one?: string | null;
                street_two?: string | null;
                city?: string | null;
                state?: string | null;
                country?: string | null;
                zip_code?: string | null;
            } | {
                value: {
                    street_one?: string | null;
                    street_two?: string | null;
                    city?: string | null;
                    state?: string | null;
                    country?: string | null;
                    zip_code?: string | null;
                } | null;
                /** @constant */
                value_type: "address";
            } | null;
            /** @description All email addresses of the contact, items {id, email, is_primary, labels} with labels among PERSONAL, WORK, MOBILE, in the order they were added. A write replaces the list (items may be bare strings; an item keeps its id when it names it or re-sends the same address); with no item marked primary the first becomes primary; more than one primary, or the same address twice, is invalid; a primary_email in the same write must agree with the item marked primary. Whenever the primary item goes away (primary_email null, is_primary false, DELETE of the item) the oldest remaining item, the first in list order, becomes primary; the only item cannot be un-primaried (422). Each address belongs to at most one live contact of the organization (409 duplicate_value with existing_contact_id). Filters match any item. */
            contact_emails?: ((string | {
                /**
                 * Format: uuid
                 * @description An existing item's id keeps that item (and its id).
                 */
                id?: string;
                email: string;
                is_primary?: boolean;
                /** @description Labels among PERSONAL, WORK, MOBILE (written case-insensitively). */
                labels?: ("PERSONAL" | "WORK" | "MOBILE")[];
            }) | {
                value: string | {
                    /**
                     * Format: uuid
                     * @description An existing item's id keeps that item (and its id).
                     */
                    id?: string;
                    email: string;
                    is_primary?: boolean;
                    /** @description Labels among PERSONAL, WORK, MOBILE (written case-insensitively). */
                    labels?: ("PERSONAL" | "WORK" | "MOBILE")[];
                };
                /** @constant */
                value_type: "contact_email";
            })[] | null;
            /** @description All phone numbers of the contact in E.164, items {id, phone_number, is_primary, labels}. Same list and primary rules as contact_emails; a number may appear on several contacts. Filters match any item. */
            contact_phone_numbers?: ((string | {
                /**
                 * Format: uuid
                 * @description An existing item's id keeps that item (and its id).
                 */
                id?: string;
                phone_number: string;
                is_primary?: boolean;
                /** @description Labels among PERSONAL, WORK, MOBILE (written case-insensitively). */
                labels?: ("PERSONAL" | "WORK" | "MOBILE")[];
            }) | {
                value: string | {
                    /**
                     * Format: uuid
                     * @description An existing item's id keeps that item (and its id).
                     */
                    id?: string;
                    phone_number: string;
                    is_primary?: boolean;
                    /** @description Labels among PERSONAL, WORK, MOBILE (written case-insensitively). */
                    labels?: ("PERSONAL" | "WORK" | "MOBILE")[];
                };
                /** @constant */
                value_type: "contact_phone_number";
            })[] | null;
            /** @description LinkedIn profile URL; at most 2048 characters. */
            linkedin_url?: string | {
                value: string | null;
                /** @constant */
                value_type: "string";
            } | null;
            /** @description ZoomInfo profile URL; at most 2048 characters. */
            zoominfo_url?: string | {
                value: string | null;
                /** @constant */
                value_type: "string";
            } | null;
            /** @description X (Twitter) profile URL; at most 2048 characters. */
            x_url?: string | {
                value: string | null;
                /** @constant */
                value_type: "string";
            } | null;
            /** @description Facebook profile URL; at most 2048 characters. */
            facebook_url?: string | {
                value: string | null;
                /** @constant */
                value_type: "string";
            } | null;
            /** @description The owning user: a UUID, {"related_record_id": uuid}, {"related_record_match": {"email": "..."}} or the read envelope; must be a user of the organization (else target_record_not_found). */
            owner_user_id?: (string | {
                /** Format: uuid */
                related_record_id: string;
                related_record_type?: string;
            } | {
                /** @description Matches the user by email. */
                related_record_match: {
                    email: string;
                };
            }) | {
                value: (string | {
                    /** Format: uuid */
                    related_record_id: string;
                    related_record_type?: string;
                } | {
                    /** @description Matches the user by email. */
                    related_record_match: {
                        email: string;
                    };
                }) | null;
                /** @constant */
                value_type: "record_reference";
            } | null;
            /** @description The owning team: a UUID, {"related_record_id": uuid} or {"related_record_match": {"name": "..."}} (case-insensitive; several matches are ambiguous_match); must be a team of the organization. */
            owner_team_id?: (string | {
                /** Format: uuid */
                related_record_id: string;
                related_record_type?: string;
            } | {
                /** @description Matches the team by exact name. */
                related_record_match: {
                    name: string;
                };
            }) | {
                value: (string | {
                    /** Format: uuid */
                    related_record_id: string;
                    related_record_type?: string;
                } | {
                    /** @description Matches the team by exact name. */
                    related_record_match: {
                        name: string;
                    };
                }) | null;
                /** @constant */
                value_type: "record_reference";
            } | null;
        } & {
            [key: string]: components["schemas"]["CustomAttributeInput"];
        };
        /** @description Applied on create when nothing matches (create rules), or with PATCH semantics to the one match; may be empty, which changes nothing on a match. */
        ContactAssertAttributes: {
            /** @description The contact stage. Write its api_name, id or display value (case-insensitive); read as {id, display_value, api_name, color}. New contacts get the organization's default stage. Filter by api_name or id. */
            stage?: (string | {
                id?: string;
                api_name?: string;
                display_value?: string;
                color?: string;
            }) | {
                value: string | {
                    id?: string;
                    api_name?: string;
                    display_value?: string;
                    color?: string;
                };
                /** @constant */
                value_type: "contact_stage";
            };
            /** @description Users taking part in the contact. A write replaces the whole list; null or [] clears it. Filters match any listed user. */
            participant_user_id_list?: ((string | {
                /** Format: uuid */
                related_record_id: string;
                related_record_type?: string;
            } | {
                /** @description Matches the user by email. */
                related_record_match: {
                    email: string;
                };
            }) | {
                value: string | {
                    /** Format: uuid */
                    related_record_id: string;
                    related_record_type?: string;
                } | {
                    /** @description Matches the user by email. */
                    related_record_match: {
                        email: string;
                    };
                };
                /** @constant */
                value_type: "record_reference";
            })[] | null;
            /** @description Given name; trimmed, at most 255 characters; an empty string clears it. A new contact needs at least one of first_name, last_name, primary_email or an item of contact_emails (422 field_required_missing otherwise). */
            first_name?: string | {
                value: string | null;
                /** @constant */
                value_type: "string";
            } | null;
            /** @description Family name; trimmed, at most 255 characters; an empty string clears it. */
            last_name?: string | {
                value: string | null;
                /** @constant */
                value_type: "string";
            } | null;
            /** @description Middle name; trimmed, at most 255 characters; an empty string clears it. */
            middle_name?: string | {
                value: string | null;
                /** @constant */
                value_type: "string";
            } | null;
            /** @description Job title; trimmed, at most 255 characters; an empty string clears it. */
            title?: string | {
                value: string | null;
                /** @constant */
                value_type: "string";
            } | null;
            /** @description Department; trimmed, at most 255 characters; an empty string clears it. */
            department?: string | {
                value: string | null;
                /** @constant */
                value_type: "string";
            } | null;
            /** @description The primary item of contact_emails, trimmed, lower-cased and in Unicode NFC. Setting an address already listed makes it primary; a new address is added as primary and the old primary stays as a secondary; null removes the primary item and promotes the oldest remaining one. Unique among live contacts of the organization. */
            primary_email?: string | {
                value: string | null;
                /** @constant */
                value_type: "email";
            } | null;
            /** @description The primary item of contact_phone_numbers in E.164 (+14155551234); numbers without a + country prefix use the server's default region. Same primary rules as primary_email. */
            primary_phone_number?: string | {
                value: string | null;
                /** @constant */
                value_type: "phone_number";
            } | null;
            /** @description Whether the contact agreed to SMS; JSON true or false only. */
            sms_consent?: boolean | {
                value: boolean | null;
                /** @constant */
                value_type: "boolean";
            } | null;
            /** @description Postal address {street_one, street_two, city, state, country, zip_code}, all optional strings (trimmed, at most 255 characters). A write replaces the whole object; an object with no field set, or null, clears it. */
            address?: {
                street_one?: string | null;
                street_two?: string | null;
                city?: string | null;
                state?: string | null;
                country?: string | null;
                zip_code?: string | null;
            } | {
                value: {
                    street_one?: string | null;
                    street_two?: string | null;
                    city?: string | null;
                    state?: string | null;
                    country?: string | null;
                    zip_code?: string | null;
                } | null;
                /** @constant */
                value_type: "address";
            } | null;
            /** @description All email addresses of the contact, items {id, email, is_primary, labels} with labels among PERSONAL, WORK, MOBILE, in the order they were added. A write replaces the list (items may be bare strings; an item keeps its id when it names it or re-sends the same address); with no item marked primary the first becomes primary; more than one primary, or the same address twice, is invalid; a primary_email in the same write must agree with the item marked primary. Whenever the primary item goes away (primary_email null, is_primary false, DELETE of the item) the oldest remaining item, the first in list order, becomes primary; the only item cannot be un-primaried (422). Each address belongs to at most one live contact of the organization (409 duplicate_value with existing_contact_id). Filters match any item. */
            contact_emails?: ((string | {
                /**
                 * Format: uuid
                 * @description An existing item's id keeps that item (and its id).
                 */
                id?: string;
                email: string;
                is_primary?: boolean;
                /** @description Labels among PERSONAL, WORK, MOBILE (written case-insensitively). */
                labels?: ("PERSONAL" | "WORK" | "MOBILE")[];
            }) | {
                value: string | {
                    /**
                     * Format: uuid
                     * @description An existing item's id keeps that item (and its id).
                     */
                    id?: string;
                    email: string;
                    is_primary?: boolean;
                    /** @description Labels among PERSONAL, WORK, MOBILE (written case-insensitively). */
                    labels?: ("PERSONAL" | "WORK" | "MOBILE")[];
                };
                /** @constant */
                value_type: "contact_email";
            })[] | null;
            /** @description All phone numbers of the contact in E.164, items {id, phone_number, is_primary, labels}. Same list and primary rules as contact_emails; a number may appear on several contacts. Filters match any item. */
            contact_phone_numbers?: ((string | {
                /**
                 * Format: uuid
                 * @description An existing item's id keeps that item (and its id).
                 */
                id?: string;
                phone_number: string;
                is_primary?: boolean;
                /** @description Labels among PERSONAL, WORK, MOBILE (written case-insensitively). */
                labels?: ("PERSONAL" | "WORK" | "MOBILE")[];
            }) | {
                value: string | {
                    /**
                     * Format: uuid
                     * @description An existing item's id keeps that item (and its id).
                     */
                    id?: string;
                    phone_number: string;
                    is_primary?: boolean;
                    /** @description Labels among PERSONAL, WORK, MOBILE (written case-insensitively). */
                    labels?: ("PERSONAL" | "WORK" | "MOBILE")[];
                };
                /** @constant */
                value_type: "contact_phone_number";
            })[] | null;
            /** @description LinkedIn profile URL; at most 2048 characters. */
            linkedin_url?: string | {
                value: string | null;
                /** @constant */
                value_type: "string";
            } | null;
            /** @description ZoomInfo profile URL; at most 2048 characters. */
            zoominfo_url?: string | {
                value: string | null;
                /** @constant */
                value_type: "string";
            } | null;
            /** @description X (Twitter) profile URL; at most 2048 characters. */
            x_url?: string | {
                value: string | null;
                /** @constant */
                value_type: "string";
            } | null;
            /** @description Facebook profile URL; at most 2048 characters. */
            facebook_url?: string | {
                value: string | null;
                /** @constant */
                value_type: "string";
            } | null;
            /** @description The owning user: a UUID, {"related_record_id": uuid}, {"related_record_match": {"email": "..."}} or the read envelope; must be a user of the organization (else target_record_not_found). */
            owner_user_id?: (string | {
                /** Format: uuid */
                related_record_id: string;
                related_record_type?: string;
            } | {
                /** @description Matches the user by email. */
                related_record_match: {
                    email: string;
                };
            }) | {
                value: (string | {
                    /** Format: uuid */
                    related_record_id: string;
                    related_record_type?: string;
                } | {
                    /** @description Matches the user by email. */
                    related_record_match: {
                        email: string;
                    };
                }) | null;
                /** @constant */
                value_type: "record_reference";
            } | null;
            /** @description The owning team: a UUID, {"related_record_id": uuid} or {"related_record_match": {"name": "..."}} (case-insensitive; several matches are ambiguous_match); must be a team of the organization. */
            owner_team_id?: (string | {
                /** Format: uuid */
                related_record_id: string;
                related_record_type?: string;
            } | {
                /** @description Matches the team by exact name. */
                related_record_match: {
                    name: string;
                };
            }) | {
                value: (string | {
                    /** Format: uuid */
                    related_record_id: string;
                    related_record_type?: string;
                } | {
                    /** @description Matches the team by exact name. */
                    related_record_match: {
                        name: string;
                    };
                }) | null;
                /** @constant */
                value_type: "record_reference";
            } | null;
        } & {
            [key: string]: components["schemas"]["CustomAttributeInput"];
        };
        /**
         * @description Only "attributes": any other top-level member (relationships included) is 422 unknown_field.
         * @example {
         *       "attributes": {
         *         "first_name": "Sarah",
         *         "last_name": "Lee",
         *         "primary_email": "sarah@example.com",
         *         "title": {
         *           "value": "CTO",
         *           "value_type": "string"
         *         },
         *         "stage": "working"
         *       }
         *     }
         */
        ContactCreateBody: {
            attributes: components["schemas"]["ContactCreateAttributes"];
        };
        /**
         * @description Only "attributes": any other top-level member (relationships included) is 422 unknown_field.
         * @example {
         *       "attributes": {
         *         "title": "Chief Technology Officer",
         *         "middle_name": null
         *       }
         *     }
         */
        ContactPatchBody: {
            attributes: components["schemas"]["ContactPatchAttributes"];
        };
        ContactEmail: {
            /** Format: uuid */
            id: string;
            /**
             * Format: idn-email
             * @description Lower-cased, in Unicode NFC; the local part may be UTF-8.
             */
            email: string;
            is_primary: boolean;
            /** @description Labels among PERSONAL, WORK, MOBILE (written case-insensitively). */
            labels: ("PERSONAL" | "WORK" | "MOBILE")[];
        };
        /** @description A new item; the first item of a list is always primary. No member may be null (422). */
        ContactEmailInput: {
            /** @description The address; trimmed, lower-cased, in Unicode NFC, unique among the organization's live contacts. */
            email: string;
            /** @description true makes this item primary (and the primary_* attribute follows); false on the primary item promotes another one. */
            is_primary?: boolean;
            /** @description Labels among PERSONAL, WORK, MOBILE; the list replaces the item's labels. */
            labels?: ("PERSONAL" | "WORK" | "MOBILE")[];
        };
        /** @description Partial: omitted members are untouched; no member may be null (422). */
        ContactEmailPatch: {
            /** @description The address; trimmed, lower-cased, in Unicode NFC, unique among the organization's live contacts. */
            email?: string;
            /** @description true makes this item primary (and the primary_* attribute follows); false on the primary item promotes another one. */
            is_primary?: boolean;
            /** @description Labels among PERSONAL, WORK, MOBILE; the list replaces the item's labels. */
            labels?: ("PERSONAL" | "WORK" | "MOBILE")[];
        };
        ContactEmailItemResponse: {
            data: {
                /** Format: uuid */
                id: string;
                envelope: components["schemas"]["ContactEmail"];
            };
        };
        ContactPhoneNumber: {
            /** Format: uuid */
            id: string;
            /** @description E.164, e.g. +14155551234. */
            phone_number: string;
            is_primary: boolean;
            /** @description Labels among PERSONAL, WORK, MOBILE (written case-insensitively). */
            labels: ("PERSONAL" | "WORK" | "MOBILE")[];
        };
        /** @description A new item; the first item of a list is always primary. No member may be null (422). */
        ContactPhoneNumberInput: {
            /** @description The number; stored in E.164, numbers without a + prefix use DEFAULT_PHONE_REGION. */
            phone_number: string;
            /** @description true makes this item primary (and the primary_* attribute follows); false on the primary item promotes another one. */
            is_primary?: boolean;
            /** @description Labels among PERSONAL, WORK, MOBILE; the list replaces the item's labels. */
            labels?: ("PERSONAL" | "WORK" | "MOBILE")[];
        };
        /** @description Partial: omitted members are untouched; no member may be null (422). */
        ContactPhoneNumberPatch: {
            /** @description The number; stored in E.164, numbers without a + prefix use DEFAULT_PHONE_REGION. */
            phone_number?: string;
            /** @description true makes this item primary (and the primary_* attribute follows); false on the primary item promotes another one. */
            is_primary?: boolean;
            /** @description Labels among PERSONAL, WORK, MOBILE; the list replaces the item's labels. */
            labels?: ("PERSONAL" | "WORK" | "MOBILE")[];
        };
        ContactPhoneNumberItemResponse: {
            data: {
                /** Format: uuid */
                id: string;
                envelope: components["schemas"]["ContactPhoneNumber"];
            };
        };
        /** @description A condition {field, operator, value} or a group {and: [...]}, {or: [...]}, {not: filter}. Groups nest at most 4 deep (filter_depth_exceeded); a query has at most 200 conditions and 5000 values (at most 1000 in one in / not_in). Which operators an attribute takes is listed per attribute in GET /api/v2/_schema/contact (filter_operators). */
        QueryFilter: {
            field: ("id" | "created_at" | "updated_at" | "display_name" | "stage" | "created_by_user_id" | "participant_user_id_list" | "first_name" | "last_name" | "middle_name" | "title" | "department" | "primary_email" | "primary_phone_number" | "sms_consent" | "address" | "contact_emails" | "contact_phone_numbers" | "linkedin_url" | "zoominfo_url" | "x_url" | "facebook_url" | "owner_user_id" | "owner_team_id" | "updated_by_user_id" | "archived_by_user_id" | "created_source" | "phone_enriched_at" | "email_enriched_at" | "email_enrich_status" | "phone_number_enrich_status" | "last_activity_at" | "last_voice_call" | "last_meeting" | "last_global_thread" | "last_engaged_at" | "last_outreached_at" | "last_inbound_meeting_at" | "last_inbound_voice_call_at" | "last_inbound_global_thread_at" | "last_outbound_meeting_at" | "last_outbound_voice_call_at" | "last_outbound_global_thread_at" | "archived_at") | string;
            /**
             * @description eq, ne; in, not_in (value: array); contains, starts_with, ends_with (strings, case-insensitive); gt, gte, lt, lte; between (value: [low, high], inclusive); exists, not_exists (no value). Emails compare after normalization; phone numbers in E.164 (eq and in parse the value; a contains, starts_with or ends_with fragment written with punctuation, e.g. "555-0132", compares by its digits); stage by api_name or id; references by UUID; contact_emails / contact_phone_numbers match any item.
             * @enum {string}
             */
            operator: "eq" | "ne" | "in" | "not_in" | "contains" | "starts_with" | "ends_with" | "gt" | "gte" | "lt" | "lte" | "between" | "exists" | "not_exists";
            /** @description Omitted for exists / not_exists; an array for in, not_in and between. */
            value?: unknown;
        } | {
            and: components["schemas"]["QueryFilter"][];
        } | {
            or: components["schemas"]["QueryFilter"][];
        } | {
            not: components["schemas"]["QueryFilter"];
        };
        /** @description All members optional: {} lists live contacts, oldest first. */
        ContactQueryRequest: {
            /** @description ANDed together. Archived contacts are left out unless a filter names archived_at. */
            filters?: components["schemas"]["QueryFilter"][];
            /** @description Free text, ANDed with filters: split on whitespace into tokens, and a contact matches when every token is found inside one of its searchable texts: display_name, first_name, last_name, middle_name, title, department, contact_emails, contact_phone_numbers (every email and every phone number, in E.164, so "555 0132" finds +14155550132), and the values of live custom attributes of type `string`, `email`, `url` (each item of a list). A token made only of digits and + ( ) - . / with at least three digits (a phone number as people write it: "555-0132", "(415)", "415.555.0132") is also found as its digits, with a leading + kept ("5550132", "415", "4155550132"); two or more such groups in a row, with seven digits or more in all, are also found as their digits together ("+44 20 7946 0958" finds +442079460958). Case- and accent-insensitive (text is folded: NFKD, full case folding, combining marks removed; É = e, ß = ss, Σ = ς = σ). A token of one or two characters matches only at the start of a word (the start of a text, or after a character that is neither letter nor digit); longer tokens match anywhere. %, _, \ and * are ordinary characters. Results follow sort and page with cursors; the cursor is bound to the search text. 422 field_value_invalid for an empty or whitespace-only text, more than 200 characters, or control characters. */
            search?: string;
            /** @description At most 3 fields (sort_too_many_fields). Default created_at asc; ties are always broken by id, so pages are stable. */
            sort?: {
                field: ("id" | "created_at" | "updated_at" | "display_name" | "created_by_user_id" | "first_name" | "last_name" | "middle_name" | "title" | "department" | "primary_email" | "primary_phone_number" | "sms_consent" | "linkedin_url" | "zoominfo_url" | "x_url" | "facebook_url" | "owner_user_id" | "owner_team_id" | "updated_by_user_id" | "archived_by_user_id" | "created_source" | "phone_enriched_at" | "email_enriched_at" | "email_enrich_status" | "phone_number_enrich_status" | "last_activity_at" | "last_voice_call" | "last_meeting" | "last_global_thread" | "last_engaged_at" | "last_outreached_at" | "last_inbound_meeting_at" | "last_inbound_voice_call_at" | "last_inbound_global_thread_at" | "last_outbound_meeting_at" | "last_outbound_voice_call_at" | "last_outbound_global_thread_at" | "archived_at") | string;
                /**
                 * @default asc
                 * @enum {string}
                 */
                direction?: "asc" | "desc";
            }[];
            /** @default 50 */
            limit?: number;
            /** @description The next_cursor of the previous page. Opaque and bound to the filters and sort that made it (invalid_cursor otherwise); pages by keyset, so every page costs the same. */
            cursor?: string | null;
        };
        ContactQueryResponse: {
            data: components["schemas"]["ContactRecord"][];
            /** @description Pass it as cursor (with the same filters and sort) for the next page; null on the last page. */
            next_cursor: string | null;
        };
        /** @description Upsert: no contact matches → create (attributes as on POST); one matches → PATCH semantics; several → 409 ambiguous_match with candidate_ids. */
        ContactAssertRequest: {
            /** @description Exactly one key: id, primary_email, contact_emails (matches any of a contact's emails, not only the primary), or the api_name of a unique custom attribute (is_unique: true) with a value of its type. Only live contacts match. */
            match: {
                /**
                 * Format: uuid
                 * @description Matches the contact with this id; a new contact never takes it (ids are minted).
                 */
                id?: string;
                /** @description Matches the contact whose primary email this is. */
                primary_email?: string;
                /** @description Matches a contact holding any of these (one address, or 1 to 20) among any of its emails. */
                contact_emails?: string | string[];
            } & {
                [key: string]: unknown;
            };
            attributes: components["schemas"]["ContactAssertAttributes"];
        };
        ContactAssertResponse: {
            data: components["schemas"]["ContactRecord"];
            meta: {
                /** @enum {string} */
                action: "created" | "updated";
            };
        };
        ObjectSchemaResponse: {
            data: {
                api_name: string;
                display_name: string;
                is_custom: boolean;
                is_junction: boolean;
                supports_custom_fields: boolean;
                description: string;
                attributes: {
                    api_name: string;
                    display_name: string;
                    is_creatable: boolean;
                    is_updatable: boolean;
                    type_info: {
                        is_array: boolean;
                        value_type: string;
                    };
                    description: string;
                    is_required_on_create: boolean;
                    is_unique: boolean;
                    is_custom: boolean;
                    is_sortable: boolean;
                    is_filterable: boolean;
                    filter_operators: ("eq" | "ne" | "in" | "not_in" | "contains" | "starts_with" | "ends_with" | "gt" | "gte" | "lt" | "lte" | "between" | "exists" | "not_exists")[];
                    /**
                     * Format: uuid
                     * @description Custom attributes only: the definition id.
                     */
                    id?: string;
                    /** @description Custom attributes only: the options of a select ([] otherwise). */
                    options?: {
                        /** Format: uuid */
                        id: string;
                        api_name: string;
                        display_value: string;
                        color: string | null;
                    }[];
                    /**
                     * Format: date-time
                     * @description Custom attributes only: when it was archived; null while live.
                     */
                    archived_at?: string | null;
                    /**
                     * Format: date-time
                     * @description Custom attributes only.
                     */
                    created_at?: string;
                    /**
                     * Format: date-time
                     * @description Custom attributes only.
                     */
                    updated_at?: string;
                }[];
                relationships: unknown[];
            };
        };
        /**
         * @example {
         *       "api_name": "lead_score",
         *       "display_name": "Lead score",
         *       "value_type": "number"
         *     }
         * @example {
         *       "api_name": "industry",
         *       "display_name": "Industry",
         *       "value_type": "select",
         *       "options": [
         *         {
         *           "api_name": "saas",
         *           "display_value": "SaaS",
         *           "color": "#3366ff"
         *         }
         *       ]
         *     }
         */
        CustomAttributeCreateBody: {
            /** @description Immutable; not a standard attribute, never used before in the organization (archived or not): 409 duplicate_value. */
            api_name: string;
            /** @description Shown to people; trimmed. */
            display_name: string;
            description?: string | null;
            /**
             * @description A new contact must set it (422 field_required_missing otherwise).
             * @default false
             */
            is_required_on_create?: boolean;
            /** @description select only. New options get an id; api_names and display values (case-insensitively) are distinct. */
            options?: {
                /**
                 * Format: uuid
                 * @description PATCH only: names an existing option to change.
                 */
                id?: string;
                api_name?: string;
                display_value?: string;
                color?: string | null;
            }[];
            /**
             * @description Immutable. record_reference points at users.
             * @enum {string}
             */
            value_type: "string" | "long_text" | "number" | "boolean" | "timestamp" | "date" | "email" | "phone_number" | "url" | "select" | "currency" | "record_reference";
            /**
             * @description Immutable. A list of values (a multi-select for select).
             * @default false
             */
            is_array?: boolean;
            /**
             * @description Immutable. Unique among the organization's live contacts, and an _assert match key; not for boolean, select, long_text or lists.
             * @default false
             */
            is_unique?: boolean;
        };
        /** @description Only display_name, description, is_required_on_create and options change; api_name, value_type, is_array and is_unique are 422 field_not_updatable. */
        CustomAttributePatchBody: {
            /** @description Shown to people; trimmed. */
            display_name?: string;
            description?: string | null;
            /**
             * @description A new contact must set it (422 field_required_missing otherwise).
             * @default false
             */
            is_required_on_create?: boolean;
            /** @description select only. New options get an id; api_names and display values (case-insensitively) are distinct. */
            options?: {
                /**
                 * Format: uuid
                 * @description PATCH only: names an existing option to change.
                 */
                id?: string;
                api_name?: string;
                display_value?: string;
                color?: string | null;
            }[];
        };
        CustomAttributeResponse: {
            /** @description The definition as GET /api/v2/_schema/contact lists it. */
            data: {
                api_name: string;
                display_name: string;
                is_creatable: boolean;
                is_updatable: boolean;
                type_info: {
                    is_array: boolean;
                    /** @enum {string} */
                    value_type: "string" | "long_text" | "number" | "boolean" | "timestamp" | "date" | "email" | "phone_number" | "url" | "select" | "currency" | "record_reference";
                };
                description: string;
                is_required_on_create: boolean;
                is_unique: boolean;
                /** @constant */
                is_custom: true;
                is_sortable: boolean;
                is_filterable: boolean;
                filter_operators: ("eq" | "ne" | "in" | "not_in" | "contains" | "starts_with" | "ends_with" | "gt" | "gte" | "lt" | "lte" | "between" | "exists" | "not_exists")[];
                /**
                 * Format: uuid
                 * @description Custom attributes only: the definition id.
                 */
                id: string;
                /** @description Custom attributes only: the options of a select ([] otherwise). */
                options: {
                    /** Format: uuid */
                    id: string;
                    api_name: string;
                    display_value: string;
                    color: string | null;
                }[];
                /**
                 * Format: date-time
                 * @description Custom attributes only: when it was archived; null while live.
                 */
                archived_at: string | null;
                /**
                 * Format: date-time
                 * @description Custom attributes only.
                 */
                created_at: string;
                /**
                 * Format: date-time
                 * @description Custom attributes only.
                 */
                updated_at: string;
            };
        };
        /** @description One change of a contact, appended in the same transaction as the write. */
        ContactEvent: {
            /**
             * Format: uuid
             * @description The event id.
             */
            id: string;
            /** @description Per organization, strictly increasing in commit order: a reader that saw N never later receives an event numbered N or lower, and never misses one. */
            sequence: number;
            /** @enum {string} */
            type: "contact.created" | "contact.updated" | "contact.archived" | "contact.restored" | "contact.purged";
            /** Format: date-time */
            occurred_at: string;
            /** @constant */
            record_type: "contact";
            /** Format: uuid */
            record_id: string;
            /** @description The contact's version after the write (its ETag). */
            version: number;
            actor: {
                /** Format: uuid */
                user_id: string | null;
                /** Format: uuid */
                api_key_id: string | null;
            };
            /** @enum {string} */
            source: "API" | "CSV_IMPORT" | "SYSTEM";
            /** @description The X-Request-Id of the request that made the change. */
            request_id: string | null;
            /** @description Every attribute whose value changed, with its previous and current envelope as a GET renders it. Derived attributes (display_name, updated_at, updated_by_user_id) and identity (id, organization_id, created_at) are left out. A create names each set attribute with previous null; a PATCH that changes nothing has {}; a purge empties the changes of every earlier event of the contact. */
            changes: {
                [key: string]: {
                    /** @description The attribute as a GET renders it: an envelope {value, value_type}, or an array of envelopes for a list; null when the attribute did not exist before (create). */
                    previous: null | {
                        value: unknown;
                        value_type: string;
                    } | {
                        value: unknown;
                        value_type: string;
                    }[];
                    /** @description The attribute as a GET renders it: an envelope {value, value_type}, or an array of envelopes for a list; null when the attribute did not exist before (create). */
                    current: null | {
                        value: unknown;
                        value_type: string;
                    } | {
                        value: unknown;
                        value_type: string;
                    }[];
                };
            };
        };
        /** @description All members optional: {} reads from the oldest retained event. */
        EventQueryRequest: {
            /** @description The next_cursor of the previous answer; "now" starts after the newest event; absent starts at the oldest retained one. Cursors are bound to the organization, not to types or record_id. One older than the oldest retained event is 410 cursor_expired. */
            cursor?: string | null;
            /** @description Only events of these types. */
            types?: ("contact.created" | "contact.updated" | "contact.archived" | "contact.restored" | "contact.purged")[];
            /**
             * Format: uuid
             * @description Only events of this contact.
             */
            record_id?: string;
            /** @default 100 */
            limit?: number;
            /**
             * @description Long poll: with nothing to return, wait up to this long for a matching event to commit (from any server process sharing the database), then answer.
             * @default 0
             */
            wait_seconds?: number;
        };
        EventPage: {
            /** @description Events in sequence order. */
            data: components["schemas"]["ContactEvent"][];
            /** @description Never null: send it as cursor to continue after these events. */
            next_cursor: string;
        };
        ContactHistoryPage: {
            /** @description The contact's events, newest first. */
            data: components["schemas"]["ContactEvent"][];
            /** @description Older events: send it as cursor (with the same attribute); null on the last page. */
            next_cursor: string | null;
        };
        /** @description A webhook subscription. Its signing secret is shown only when created and when rotated. */
        WebhookSubscription: {
            /** Format: uuid */
            id: string;
            /** @description The receiver: an absolute http or https URL (at most 2048 characters, no user:password@, not port 0). Its host must resolve only to public addresses: loopback, private, link-local (cloud metadata), unique-local, carrier-grade NAT and IPv4-mapped, IPv4-compatible or NAT64 forms of them are 422, at create, at update and again at every delivery after DNS resolution, unless the server runs with WEBHOOK_ALLOW_PRIVATE_URLS=true. */
            url: string;
            /** @description The event types to deliver; null (the default) delivers every type, including types added later. Unknown types are 422. */
            event_types: ("contact.created" | "contact.updated" | "contact.archived" | "contact.restored" | "contact.purged")[] | null;
            /** @description null (the default): any change. A list of attribute api_names: a contact.updated is delivered only when it changed at least one of them (other event types are not affected). Unknown attributes, archived custom attributes, and derived ones the change log does not record (display_name, updated_at, ...), are 422. Allowed: the organization's live custom attributes (GET /api/v2/_schema/contact) and stage, created_by_user_id, participant_user_id_list, first_name, last_name, middle_name, title, department, primary_email, primary_phone_number, sms_consent, address, contact_emails, contact_phone_numbers, linkedin_url, zoominfo_url, x_url, facebook_url, owner_user_id, owner_team_id, archived_by_user_id, created_source, created_source_form_submission_details, phone_enriched_at, email_enriched_at, email_enrich_status, phone_number_enrich_status, last_activity_at, last_voice_call, last_meeting, last_global_thread, last_engaged_at, last_outreached_at, last_inbound_meeting_at, last_inbound_voice_call_at, last_inbound_global_thread_at, last_outbound_meeting_at, last_outbound_voice_call_at, last_outbound_global_thread_at, archived_at. */
            attributes: string[] | null;
            description: string | null;
            /** @description Disabled subscriptions get nothing; events that happen meanwhile are delivered after re-enabling (while retained). PATCH enabled: true re-enables and clears disabled_reason. */
            enabled: boolean;
            /** @description Why the server disabled the subscription (every attempt failed for WEBHOOK_DISABLE_AFTER_HOURS, default 120); null otherwise. */
            disabled_reason: string | null;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        WebhookSubscriptionWithSecret: {
            data: {
                /** Format: uuid */
                id: string;
                /** @description The receiver: an absolute http or https URL (at most 2048 characters, no user:password@, not port 0). Its host must resolve only to public addresses: loopback, private, link-local (cloud metadata), unique-local, carrier-grade NAT and IPv4-mapped, IPv4-compatible or NAT64 forms of them are 422, at create, at update and again at every delivery after DNS resolution, unless the server runs with WEBHOOK_ALLOW_PRIVATE_URLS=true. */
                url: string;
                /** @description The event types to deliver; null (the default) delivers every type, including types added later. Unknown types are 422. */
                event_types: ("contact.created" | "contact.updated" | "contact.archived" | "contact.restored" | "contact.purged")[] | null;
                /** @description null (the default): any change. A list of attribute api_names: a contact.updated is delivered only when it changed at least one of them (other event types are not affected). Unknown attributes, archived custom attributes, and derived ones the change log does not record (display_name, updated_at, ...), are 422. Allowed: the organization's live custom attributes (GET /api/v2/_schema/contact) and stage, created_by_user_id, participant_user_id_list, first_name, last_name, middle_name, title, department, primary_email, primary_phone_number, sms_consent, address, contact_emails, contact_phone_numbers, linkedin_url, zoominfo_url, x_url, facebook_url, owner_user_id, owner_team_id, archived_by_user_id, created_source, created_source_form_submission_details, phone_enriched_at, email_enriched_at, email_enrich_status, phone_number_enrich_status, last_activity_at, last_voice_call, last_meeting, last_global_thread, last_engaged_at, last_outreached_at, last_inbound_meeting_at, last_inbound_voice_call_at, last_inbound_global_thread_at, last_outbound_meeting_at, last_outbound_voice_call_at, last_outbound_global_thread_at, archived_at. */
                attributes: string[] | null;
                description: string | null;
                /** @description Disabled subscriptions get nothing; events that happen meanwhile are delivered after re-enabling (while retained). PATCH enabled: true re-enables and clears disabled_reason. */
                enabled: boolean;
                /** @description Why the server disabled the subscription (every attempt failed for WEBHOOK_DISABLE_AFTER_HOURS, default 120); null otherwise. */
                disabled_reason: string | null;
                /** Format: date-time */
                created_at: string;
                /** Format: date-time */
                updated_at: string;
                /** @description The signing secret (whsec_ + base64 key), shown only in this response: store it. Verify each delivery with a Standard Webhooks library. */
                secret: string;
            };
        };
        WebhookSubscriptionResponse: {
            data: components["schemas"]["WebhookSubscription"];
        };
        WebhookSubscriptionList: {
            data: components["schemas"]["WebhookSubscription"][];
        };
        WebhookCreateRequest: {
            /** @description The receiver: an absolute http or https URL (at most 2048 characters, no user:password@, not port 0). Its host must resolve only to public addresses: loopback, private, link-local (cloud metadata), unique-local, carrier-grade NAT and IPv4-mapped, IPv4-compatible or NAT64 forms of them are 422, at create, at update and again at every delivery after DNS resolution, unless the server runs with WEBHOOK_ALLOW_PRIVATE_URLS=true. */
            url: string;
            /** @description The event types to deliver; null (the default) delivers every type, including types added later. Unknown types are 422. */
            event_types?: ("contact.created" | "contact.updated" | "contact.archived" | "contact.restored" | "contact.purged")[] | null;
            /** @description null (the default): any change. A list of attribute api_names: a contact.updated is delivered only when it changed at least one of them (other event types are not affected). Unknown attributes, archived custom attributes, and derived ones the change log does not record (display_name, updated_at, ...), are 422. Allowed: the organization's live custom attributes (GET /api/v2/_schema/contact) and stage, created_by_user_id, participant_user_id_list, first_name, last_name, middle_name, title, department, primary_email, primary_phone_number, sms_consent, address, contact_emails, contact_phone_numbers, linkedin_url, zoominfo_url, x_url, facebook_url, owner_user_id, owner_team_id, archived_by_user_id, created_source, created_source_form_submission_details, phone_enriched_at, email_enriched_at, email_enrich_status, phone_number_enrich_status, last_activity_at, last_voice_call, last_meeting, last_global_thread, last_engaged_at, last_outreached_at, last_inbound_meeting_at, last_inbound_voice_call_at, last_inbound_global_thread_at, last_outbound_meeting_at, last_outbound_voice_call_at, last_outbound_global_thread_at, archived_at. */
            attributes?: string[] | null;
            description?: string | null;
            /** @default true */
            enabled?: boolean;
        };
        /** @description Only the members sent change. enabled: true re-enables a disabled subscription and clears disabled_reason. */
        WebhookPatchRequest: {
            /** @description The receiver: an absolute http or https URL (at most 2048 characters, no user:password@, not port 0). Its host must resolve only to public addresses: loopback, private, link-local (cloud metadata), unique-local, carrier-grade NAT and IPv4-mapped, IPv4-compatible or NAT64 forms of them are 422, at create, at update and again at every delivery after DNS resolution, unless the server runs with WEBHOOK_ALLOW_PRIVATE_URLS=true. */
            url?: string;
            /** @description The event types to deliver; null (the default) delivers every type, including types added later. Unknown types are 422. */
            event_types?: ("contact.created" | "contact.updated" | "contact.archived" | "contact.restored" | "contact.purged")[] | null;
            /** @description null (the default): any change. A list of attribute api_names: a contact.updated is delivered only when it changed at least one of them (other event types are not affected). Unknown attributes, archived custom attributes, and derived ones the change log does not record (display_name, updated_at, ...), are 422. Allowed: the organization's live custom attributes (GET /api/v2/_schema/contact) and stage, created_by_user_id, participant_user_id_list, first_name, last_name, middle_name, title, department, primary_email, primary_phone_number, sms_consent, address, contact_emails, contact_phone_numbers, linkedin_url, zoominfo_url, x_url, facebook_url, owner_user_id, owner_team_id, archived_by_user_id, created_source, created_source_form_submission_details, phone_enriched_at, email_enriched_at, email_enrich_status, phone_number_enrich_status, last_activity_at, last_voice_call, last_meeting, last_global_thread, last_engaged_at, last_outreached_at, last_inbound_meeting_at, last_inbound_voice_call_at, last_inbound_global_thread_at, last_outbound_meeting_at, last_outbound_voice_call_at, last_outbound_global_thread_at, archived_at. */
            attributes?: string[] | null;
            description?: string | null;
            /** @default true */
            enabled?: boolean;
        };
        /** @description One event to one subscription. Every attempt carries webhook-id = event_id. */
        WebhookDelivery: {
            /** Format: uuid */
            id: string;
            /**
             * Format: uuid
             * @description The event id (the webhook-id header); a test ping has an id of its own.
             */
            event_id: string;
            /**
             * @description pending: waiting for its next attempt (or for an earlier event of the same contact); delivered: a 2xx came back; failed: the retry schedule is spent.
             * @enum {string}
             */
            status: "pending" | "delivered" | "failed";
            attempts: number;
            /** Format: date-time */
            last_attempt_at: string | null;
            /** @description The receiver's HTTP status at the last attempt; null when it did not answer. */
            last_status_code: number | null;
            /** @description Why the last attempt failed (HTTP status and the start of the body, timeout, connection error, refused address, redirect). */
            last_error: string | null;
            /**
             * Format: date-time
             * @description When the next attempt is due; null once delivered or failed.
             */
            next_attempt_at: string | null;
            /** Format: date-time */
            created_at: string;
        };
        WebhookDeliveryPage: {
            /** @description Newest first, 50 per page. */
            data: components["schemas"]["WebhookDelivery"][];
            /** @description Older deliveries: send it as cursor (with the same status); null on the last page. */
            next_cursor: string | null;
        };
        WebhookReplayRequest: {
            /**
             * Format: date-time
             * @description Re-send every retained event that occurred at or after this time and matches the subscription's filters (new deliveries, new attempts; same webhook-id as before).
             */
            since: string;
        };
        WebhookAccepted: {
            data: {
                /** @description Deliveries queued by this request. */
                queued: number;
                /**
                 * Format: uuid
                 * @description The delivery queued (test ping, retry).
                 */
                delivery_id?: string;
                /**
                 * Format: uuid
                 * @description The webhook.test event's id (test ping).
                 */
                event_id?: string;
            };
        };
        /** @description What POST /api/v2/webhook/{webhook_id}/_test sends (signed like every delivery, whatever the filters). */
        WebhookTestEvent: {
            /** Format: uuid */
            id: string;
            /** @constant */
            type: "webhook.test";
            /** Format: date-time */
            occurred_at: string;
            /** Format: uuid */
            webhook_id: string;
        };
        /**
         * @example {
         *       "operations": [
         *         {
         *           "op": "create",
         *           "attributes": {
         *             "first_name": "Ada",
         *             "primary_email": "ada@example.com"
         *           }
         *         },
         *         {
         *           "op": "assert",
         *           "match": {
         *             "primary_email": "grace@example.com"
         *           },
         *           "attributes": {
         *             "title": "Admiral"
         *           }
         *         }
         *       ],
         *       "atomic": false
         *     }
         */
        ContactBatchRequest: {
            /** @description 1 to 100 operations, run in order; each is the body of the single endpoint it stands for. */
            operations: ({
                /** @constant */
                op: "create";
                attributes: components["schemas"]["ContactCreateAttributes"];
            } | {
                /** @constant */
                op: "patch";
                /** @description The contact id; an unknown or malformed one fails the operation with 404 record_not_found. */
                id: string;
                attributes: components["schemas"]["ContactPatchAttributes"];
                /** @description Optional: the version the contact must be at, as the If-Match header names it (the ETag W/"<version>", the weak prefix optional, a comma-separated list of ETags of which any may match, or * for any), or the version number itself (a number, or a string of its digits). A mismatch, or a string that is no such list, fails the operation with 412 precondition_failed, as the header does; another type is 422 before anything runs. */
                if_match?: string | number;
            } | {
                /** @constant */
                op: "assert";
                match: components["schemas"]["ContactAssertRequest"]["match"];
                attributes: components["schemas"]["ContactAssertAttributes"];
            } | {
                /** @constant */
                op: "archive";
                /** @description The contact id; an unknown or malformed one fails the operation with 404 record_not_found. */
                id: string;
                /** @description Optional: the version the contact must be at, as the If-Match header names it (the ETag W/"<version>", the weak prefix optional, a comma-separated list of ETags of which any may match, or * for any), or the version number itself (a number, or a string of its digits). A mismatch, or a string that is no such list, fails the operation with 412 precondition_failed, as the header does; another type is 422 before anything runs. */
                if_match?: string | number;
            })[];
            /**
             * @description true: all or nothing. When any operation fails nothing is written and the answer is that error (422 validation_failed, or the one failing code, e.g. 409 duplicate_value), with every failed operation's problems in details, each path starting /operations/<index>.
             * @default false
             */
            atomic?: boolean;
        };
        ContactBatchResponse: {
            /** @description One result per operation, in order: the status and body the single endpoint would have answered. */
            data: {
                /** @description 201 created, 200 patched or asserted, 204 archived, or the error status. */
                status: number;
                data?: components["schemas"]["ContactRecord"];
                /** @description assert only. */
                meta?: {
                    /** @enum {string} */
                    action: "created" | "updated";
                };
                error?: components["schemas"]["ErrorResponse"]["error"];
            }[];
        };
        /**
         * @example {
         *       "format": "csv",
         *       "filters": [
         *         {
         *           "field": "stage",
         *           "operator": "eq",
         *           "value": "working"
         *         }
         *       ]
         *     }
         */
        ContactExportRequest: {
            /** @description The _query filters (ANDed); none exports every live contact. */
            filters?: components["schemas"]["QueryFilter"][];
            /** @description The _query free-text search: only contacts it finds are exported (ANDed with filters). As in _query, 422 field_value_invalid for an empty or whitespace-only text, more than 200 characters, or control characters. */
            search?: string;
            /**
             * @default ndjson
             * @enum {string}
             */
            format?: "ndjson" | "csv";
        };
        /** @description An import job: its options, its progress and how it ended. */
        ImportJob: {
            /** Format: uuid */
            id: string;
            /**
             * @description queued: stored, not started; running: rows are being written (also while it waits to be resumed after a restart); completed: every row was read (rows that failed are in the error report); failed: the file as a whole was refused (see error) after the batches already committed.
             * @enum {string}
             */
            status: "queued" | "running" | "completed" | "failed";
            /**
             * @description From the upload's Content-Type.
             * @enum {string}
             */
            format: "csv" | "ndjson";
            /** @description true: every row was checked as the writes would check it and nothing was written; counts say what would have happened. */
            dry_run: boolean;
            /** @description The _assert match key rows upsert by (primary_email, contact_emails or a unique custom attribute's api_name); null: every row creates a contact. */
            match: string | null;
            /** @description Rows read so far (the header row and blank lines are not rows) and what became of them; they grow batch by batch while the job runs. rows = created + updated + failed. */
            counts: {
                rows: number;
                created: number;
                updated: number;
                failed: number;
            };
            /** @description The size of the uploaded file. */
            size_bytes: number;
            /** @description Why a failed job stopped; null otherwise. Rows that failed one by one are not here but in the error report. */
            error: {
                code: string;
                message: string;
            } | null;
            /** Format: date-time */
            created_at: string;
            /**
             * Format: date-time
             * @description When a runner first took the job.
             */
            started_at: string | null;
            /**
             * Format: date-time
             * @description When the job completed or failed.
             */
            finished_at: string | null;
        };
        ImportJobResponse: {
            data: components["schemas"]["ImportJob"];
        };
        /** @description One problem. Some codes carry extra members: existing_contact_id (duplicate_value), candidate_ids (ambiguous_match), current_etag and, for a refused If-None-Match, existing_contact_id (precondition_failed), missing_permission (permission_denied). In an atomic _batch's error: operation (the index of the failed operation) and, for a duplicate_value whose holder an earlier operation of the batch wrote, existing_operation (that operation's index; existing_contact_id is left out when it created the contact, which the rollback removed). */
        ErrorDetail: {
            /** @enum {string} */
            code: "unknown_field" | "field_not_creatable" | "field_not_updatable" | "field_required_missing" | "field_value_invalid" | "target_record_not_found" | "ambiguous_match" | "invalid_filter_field" | "invalid_filter_operator" | "invalid_filter_value" | "filter_depth_exceeded" | "sort_too_many_fields" | "limit_exceeded" | "unsortable_field" | "invalid_cursor" | "malformed_json" | "unauthenticated" | "permission_denied" | "record_not_found" | "route_not_found" | "duplicate_value" | "record_archived" | "record_not_archived" | "cursor_expired" | "precondition_failed" | "payload_too_large" | "unsupported_media_type" | "validation_failed" | "idempotency_key_reused" | "idempotency_key_in_progress" | "rate_limited" | "request_timeout" | "request_headers_too_large" | "service_unavailable" | "insufficient_storage" | "internal_error";
            /** @description The attribute or request member at fault. */
            field?: string;
            /** @description JSON Pointer into the request body. */
            path?: string;
            message: string;
            /** Format: uuid */
            existing_contact_id?: string;
            operation?: number;
            existing_operation?: number;
            candidate_ids?: string[];
            current_etag?: string;
            missing_permission?: string;
        } & {
            [key: string]: unknown;
        };
        /** @description The one error shape of every non-2xx response. */
        ErrorResponse: {
            error: {
                /** @enum {string} */
                code: "malformed_json" | "unauthenticated" | "permission_denied" | "record_not_found" | "route_not_found" | "duplicate_value" | "record_archived" | "record_not_archived" | "cursor_expired" | "ambiguous_match" | "precondition_failed" | "payload_too_large" | "unsupported_media_type" | "validation_failed" | "idempotency_key_reused" | "idempotency_key_in_progress" | "rate_limited" | "request_timeout" | "request_headers_too_large" | "service_unavailable" | "insufficient_storage" | "internal_error";
                message: string;
                /** @description Also sent as the x-request-id header; quote it when reporting a problem. */
                request_id: string;
                details: components["schemas"]["ErrorDetail"][];
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The server is up. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** @constant */
                            status: "healthy";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
        };
    };
    getHealthReady: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The database answers. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            /** @constant */
                            status: "ready";
                            /** @description Each dependency checked and its state: `database` always, `redis` when REDIS_URL is set. Redis being unavailable leaves the server ready (rate limits fall back to each process's memory), so it is reported here but never makes this probe fail. */
                            checks: {
                                [key: string]: "ok" | "unavailable";
                            };
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
        };
    };
    createContact: {
        parameters: {
            query?: never;
            header?: {
                /** @description Optional. 1-255 visible ASCII characters. The first response is stored for the idempotency window (IDEMPOTENCY_TTL_HOURS, default 24 h) and a retry with the same key and the same request replays it with Idempotent-Replayed: true; the same key with a different request is 422 idempotency_key_reused; a retry while the first is running is 409 idempotency_key_in_progress. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ContactCreateBody"];
            };
        };
        responses: {
            /** @description The created contact. */
            201: {
                headers: {
                    /** @description W/"<version>": the contact's version after this request; send it back as If-Match to make the next write conditional. */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactResponse"];
                };
            };
            /** @description `malformed_json`: The body is not valid JSON, its bytes are not UTF-8, an object of it names a member twice, or its Content-Length is wrong. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "malformed_json";
                        };
                    };
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /**
             * @description `duplicate_value`: A unique value (an email, a unique custom attribute) already belongs to another live contact, with the detail carrying existing_contact_id; or a custom attribute api_name is standard or was already used.
             *
             *     `idempotency_key_in_progress`: A request with the same Idempotency-Key is still running.
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "duplicate_value" | "idempotency_key_in_progress";
                        };
                    };
                };
            };
            /** @description `payload_too_large`: The body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "payload_too_large";
                        };
                    };
                };
            };
            /** @description `unsupported_media_type`: The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
            };
            /**
             * @description `validation_failed`: One or more problems in the request; details lists every one of them.
             *
             *     `idempotency_key_reused`: An Idempotency-Key was reused with a different request.
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "validation_failed" | "idempotency_key_reused";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
            /** @description `insufficient_storage`: The server's disk is full: the write was not applied (reads keep working). It succeeds again once the operator frees space. */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "insufficient_storage";
                        };
                    };
                };
            };
        };
    };
    getContact: {
        parameters: {
            query?: never;
            header?: {
                /** @description Optional. The ETag of the version you hold (W/"<version>", the weak prefix is optional), or a comma-separated list of ETags; * matches any version. When one names the current version the answer is 304 with the ETag and no body; a malformed list is ignored. */
                "if-none-match"?: string;
            };
            path: {
                /** @description The contact id. A malformed id, or one of another organization, is 404 record_not_found. */
                contact_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The contact. */
            200: {
                headers: {
                    /** @description W/"<version>": the contact's version after this request; send it back as If-Match to make the next write conditional. */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactResponse"];
                };
            };
            /** @description Not modified: the version named in If-None-Match is the current one. No body; ETag carries it. */
            304: {
                headers: {
                    /** @description W/"<version>": the contact's version after this request; send it back as If-Match to make the next write conditional. */
                    etag?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /** @description `record_not_found`: No such record in the calling organization (a malformed id is a 404 too, never a hint that it exists elsewhere). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "record_not_found";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
        };
    };
    archiveContact: {
        parameters: {
            query?: never;
            header?: {
                /** @description Optional. The ETag of the version you read (W/"<version>", the weak prefix is optional), or a comma-separated list of ETags of which any may match (RFC 9110); * alone matches any version. A mismatch, or a malformed list, is 412 precondition_failed and changes nothing. */
                "if-match"?: string;
                /** @description Optional. * refuses any existing contact (on _assert: create only, 412 when a contact matches); a list of ETags refuses the versions it names. A refused write is 412 precondition_failed and changes nothing; a header that names no version (malformed) refuses any existing contact, as a malformed If-Match matches none. */
                "if-none-match"?: string;
            };
            path: {
                /** @description The contact id. A malformed id, or one of another organization, is 404 record_not_found. */
                contact_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Archived; no body. ETag carries the contact's version. */
            204: {
                headers: {
                    /** @description W/"<version>": the contact's version after this request; send it back as If-Match to make the next write conditional. */
                    etag?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `malformed_json`: The body is not valid JSON, its bytes are not UTF-8, an object of it names a member twice, or its Content-Length is wrong. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "malformed_json";
                        };
                    };
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /** @description `record_not_found`: No such record in the calling organization (a malformed id is a 404 too, never a hint that it exists elsewhere). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "record_not_found";
                        };
                    };
                };
            };
            /** @description `precondition_failed`: If-Match does not name the current version, or If-None-Match names it (or is * and the contact exists), or an _assert with If-Match matched no contact; the detail carries current_etag when a contact was found. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "precondition_failed";
                        };
                    };
                };
            };
            /** @description `payload_too_large`: The body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "payload_too_large";
                        };
                    };
                };
            };
            /** @description `unsupported_media_type`: The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
            /** @description `insufficient_storage`: The server's disk is full: the write was not applied (reads keep working). It succeeds again once the operator frees space. */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "insufficient_storage";
                        };
                    };
                };
            };
        };
    };
    patchContact: {
        parameters: {
            query?: never;
            header?: {
                /** @description Optional. The ETag of the version you read (W/"<version>", the weak prefix is optional), or a comma-separated list of ETags of which any may match (RFC 9110); * alone matches any version. A mismatch, or a malformed list, is 412 precondition_failed and changes nothing. */
                "if-match"?: string;
                /** @description Optional. * refuses any existing contact (on _assert: create only, 412 when a contact matches); a list of ETags refuses the versions it names. A refused write is 412 precondition_failed and changes nothing; a header that names no version (malformed) refuses any existing contact, as a malformed If-Match matches none. */
                "if-none-match"?: string;
                /** @description Optional. 1-255 visible ASCII characters. The first response is stored for the idempotency window (IDEMPOTENCY_TTL_HOURS, default 24 h) and a retry with the same key and the same request replays it with Idempotent-Replayed: true; the same key with a different request is 422 idempotency_key_reused; a retry while the first is running is 409 idempotency_key_in_progress. */
                "idempotency-key"?: string;
            };
            path: {
                /** @description The contact id. A malformed id, or one of another organization, is 404 record_not_found. */
                contact_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ContactPatchBody"];
            };
        };
        responses: {
            /** @description The contact after the change. */
            200: {
                headers: {
                    /** @description W/"<version>": the contact's version after this request; send it back as If-Match to make the next write conditional. */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactResponse"];
                };
            };
            /** @description `malformed_json`: The body is not valid JSON, its bytes are not UTF-8, an object of it names a member twice, or its Content-Length is wrong. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "malformed_json";
                        };
                    };
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /** @description `record_not_found`: No such record in the calling organization (a malformed id is a 404 too, never a hint that it exists elsewhere). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "record_not_found";
                        };
                    };
                };
            };
            /**
             * @description `duplicate_value`: A unique value (an email, a unique custom attribute) already belongs to another live contact, with the detail carrying existing_contact_id; or a custom attribute api_name is standard or was already used.
             *
             *     `record_archived`: The contact is archived and cannot be changed.
             *
             *     `idempotency_key_in_progress`: A request with the same Idempotency-Key is still running.
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "duplicate_value" | "record_archived" | "idempotency_key_in_progress";
                        };
                    };
                };
            };
            /** @description `precondition_failed`: If-Match does not name the current version, or If-None-Match names it (or is * and the contact exists), or an _assert with If-Match matched no contact; the detail carries current_etag when a contact was found. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "precondition_failed";
                        };
                    };
                };
            };
            /** @description `payload_too_large`: The body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "payload_too_large";
                        };
                    };
                };
            };
            /** @description `unsupported_media_type`: The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
            };
            /**
             * @description `validation_failed`: One or more problems in the request; details lists every one of them.
             *
             *     `idempotency_key_reused`: An Idempotency-Key was reused with a different request.
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "validation_failed" | "idempotency_key_reused";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
            /** @description `insufficient_storage`: The server's disk is full: the write was not applied (reads keep working). It succeeds again once the operator frees space. */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "insufficient_storage";
                        };
                    };
                };
            };
        };
    };
    queryContacts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ContactQueryRequest"];
            };
        };
        responses: {
            /** @description One page of contacts; next_cursor is null on the last page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactQueryResponse"];
                };
            };
            /** @description `malformed_json`: The body is not valid JSON, its bytes are not UTF-8, an object of it names a member twice, or its Content-Length is wrong. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "malformed_json";
                        };
                    };
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /** @description `payload_too_large`: The body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "payload_too_large";
                        };
                    };
                };
            };
            /** @description `unsupported_media_type`: The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
            };
            /** @description `validation_failed`: One or more problems in the request; details lists every one of them. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "validation_failed";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
        };
    };
    assertContact: {
        parameters: {
            query?: never;
            header?: {
                /** @description Optional. The ETag of the version you read (W/"<version>", the weak prefix is optional), or a comma-separated list of ETags of which any may match (RFC 9110); * alone matches any version. A mismatch, or a malformed list, is 412 precondition_failed and changes nothing. */
                "if-match"?: string;
                /** @description Optional. * refuses any existing contact (on _assert: create only, 412 when a contact matches); a list of ETags refuses the versions it names. A refused write is 412 precondition_failed and changes nothing; a header that names no version (malformed) refuses any existing contact, as a malformed If-Match matches none. */
                "if-none-match"?: string;
                /** @description Optional. 1-255 visible ASCII characters. The first response is stored for the idempotency window (IDEMPOTENCY_TTL_HOURS, default 24 h) and a retry with the same key and the same request replays it with Idempotent-Replayed: true; the same key with a different request is 422 idempotency_key_reused; a retry while the first is running is 409 idempotency_key_in_progress. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ContactAssertRequest"];
            };
        };
        responses: {
            /** @description One contact matched and was updated with PATCH semantics (meta.action "updated"). */
            200: {
                headers: {
                    /** @description W/"<version>": the contact's version after this request; send it back as If-Match to make the next write conditional. */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactAssertResponse"];
                };
            };
            /** @description Nothing matched: the contact was created (meta.action "created"). */
            201: {
                headers: {
                    /** @description W/"<version>": the contact's version after this request; send it back as If-Match to make the next write conditional. */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactAssertResponse"];
                };
            };
            /** @description `malformed_json`: The body is not valid JSON, its bytes are not UTF-8, an object of it names a member twice, or its Content-Length is wrong. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "malformed_json";
                        };
                    };
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /**
             * @description `duplicate_value`: A unique value (an email, a unique custom attribute) already belongs to another live contact, with the detail carrying existing_contact_id; or a custom attribute api_name is standard or was already used.
             *
             *     `ambiguous_match`: Several contacts match the _assert match; the detail lists candidate_ids.
             *
             *     `idempotency_key_in_progress`: A request with the same Idempotency-Key is still running.
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "duplicate_value" | "ambiguous_match" | "idempotency_key_in_progress";
                        };
                    };
                };
            };
            /** @description `precondition_failed`: If-Match does not name the current version, or If-None-Match names it (or is * and the contact exists), or an _assert with If-Match matched no contact; the detail carries current_etag when a contact was found. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "precondition_failed";
                        };
                    };
                };
            };
            /** @description `payload_too_large`: The body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "payload_too_large";
                        };
                    };
                };
            };
            /** @description `unsupported_media_type`: The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
            };
            /**
             * @description `validation_failed`: One or more problems in the request; details lists every one of them.
             *
             *     `idempotency_key_reused`: An Idempotency-Key was reused with a different request.
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "validation_failed" | "idempotency_key_reused";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
            /** @description `insufficient_storage`: The server's disk is full: the write was not applied (reads keep working). It succeeds again once the operator frees space. */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "insufficient_storage";
                        };
                    };
                };
            };
        };
    };
    batchContacts: {
        parameters: {
            query?: never;
            header?: {
                /** @description Optional. 1-255 visible ASCII characters. The first response is stored for the idempotency window (IDEMPOTENCY_TTL_HOURS, default 24 h) and a retry with the same key and the same request replays it with Idempotent-Replayed: true; the same key with a different request is 422 idempotency_key_reused; a retry while the first is running is 409 idempotency_key_in_progress. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ContactBatchRequest"];
            };
        };
        responses: {
            /** @description One result per operation, in order. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactBatchResponse"];
                };
            };
            /** @description `malformed_json`: The body is not valid JSON, its bytes are not UTF-8, an object of it names a member twice, or its Content-Length is wrong. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "malformed_json";
                        };
                    };
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /** @description `record_not_found`: No such record in the calling organization (a malformed id is a 404 too, never a hint that it exists elsewhere). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "record_not_found";
                        };
                    };
                };
            };
            /**
             * @description `duplicate_value`: A unique value (an email, a unique custom attribute) already belongs to another live contact, with the detail carrying existing_contact_id; or a custom attribute api_name is standard or was already used.
             *
             *     `record_archived`: The contact is archived and cannot be changed.
             *
             *     `ambiguous_match`: Several contacts match the _assert match; the detail lists candidate_ids.
             *
             *     `idempotency_key_in_progress`: A request with the same Idempotency-Key is still running.
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "duplicate_value" | "record_archived" | "ambiguous_match" | "idempotency_key_in_progress";
                        };
                    };
                };
            };
            /** @description `precondition_failed`: If-Match does not name the current version, or If-None-Match names it (or is * and the contact exists), or an _assert with If-Match matched no contact; the detail carries current_etag when a contact was found. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "precondition_failed";
                        };
                    };
                };
            };
            /** @description `payload_too_large`: The body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "payload_too_large";
                        };
                    };
                };
            };
            /** @description `unsupported_media_type`: The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
            };
            /**
             * @description `validation_failed`: One or more problems in the request; details lists every one of them.
             *
             *     `idempotency_key_reused`: An Idempotency-Key was reused with a different request.
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "validation_failed" | "idempotency_key_reused";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
            /** @description `insufficient_storage`: The server's disk is full: the write was not applied (reads keep working). It succeeds again once the operator frees space. */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "insufficient_storage";
                        };
                    };
                };
            };
        };
    };
    exportContacts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ContactExportRequest"];
            };
        };
        responses: {
            /** @description The export, streamed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": string;
                    "text/csv": string;
                };
            };
            /** @description `malformed_json`: The body is not valid JSON, its bytes are not UTF-8, an object of it names a member twice, or its Content-Length is wrong. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "malformed_json";
                        };
                    };
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /** @description `payload_too_large`: The body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "payload_too_large";
                        };
                    };
                };
            };
            /** @description `unsupported_media_type`: The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
            };
            /** @description `validation_failed`: One or more problems in the request; details lists every one of them. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "validation_failed";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
        };
    };
    importContacts: {
        parameters: {
            query?: {
                /** @description Column mappings "Column=api_name,Other Column=api_name". */
                map?: string;
                /** @description Upsert each row like _assert by this key instead of creating every row: `primary_email`, `contact_emails`, or the api_name of a unique custom attribute (a row without a value for it then fails). */
                match?: string;
                /** @description Check every row as the writes would (a row repeating an email of an earlier row fails or matches as in the real import), write nothing. A dry run interrupted by a restart starts over from the first line. */
                dry_run?: boolean;
                /** @description Skip columns that name no attribute instead of refusing the file. */
                ignore_unknown_columns?: boolean;
            };
            header?: {
                /** @description Optional. 1-255 visible ASCII characters. The first response is stored for the idempotency window (IDEMPOTENCY_TTL_HOURS, default 24 h) and a retry with the same key and the same request replays it with Idempotent-Replayed: true; the same key with a different request is 422 idempotency_key_reused; a retry while the first is running is 409 idempotency_key_in_progress. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "text/csv": string;
                "application/x-ndjson": string;
            };
        };
        responses: {
            /** @description The job is stored and queued. */
            202: {
                headers: {
                    /** @description The job's status URL. */
                    location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportJobResponse"];
                };
            };
            /** @description `malformed_json`: The body is not valid JSON, its bytes are not UTF-8, an object of it names a member twice, or its Content-Length is wrong. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "malformed_json";
                        };
                    };
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /** @description `idempotency_key_in_progress`: A request with the same Idempotency-Key is still running. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "idempotency_key_in_progress";
                        };
                    };
                };
            };
            /** @description `payload_too_large`: The body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "payload_too_large";
                        };
                    };
                };
            };
            /** @description `unsupported_media_type`: The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
            };
            /**
             * @description `validation_failed`: One or more problems in the request; details lists every one of them.
             *
             *     `idempotency_key_reused`: An Idempotency-Key was reused with a different request.
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "validation_failed" | "idempotency_key_reused";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
            /** @description `insufficient_storage`: The server's disk is full: the write was not applied (reads keep working). It succeeds again once the operator frees space. */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "insufficient_storage";
                        };
                    };
                };
            };
        };
    };
    getImportJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The import job id (data.id of the POST /api/v2/contact/_import answer). A malformed id, or one of another organization, is 404 record_not_found. */
                import_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The job. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportJobResponse"];
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /** @description `record_not_found`: No such record in the calling organization (a malformed id is a 404 too, never a hint that it exists elsewhere). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "record_not_found";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
        };
    };
    getImportJobErrors: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The import job id (data.id of the POST /api/v2/contact/_import answer). A malformed id, or one of another organization, is 404 record_not_found. */
                import_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The error report, streamed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /** @description `record_not_found`: No such record in the calling organization (a malformed id is a 404 too, never a hint that it exists elsewhere). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "record_not_found";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
        };
    };
    restoreContact: {
        parameters: {
            query?: never;
            header?: {
                /** @description Optional. The ETag of the version you read (W/"<version>", the weak prefix is optional), or a comma-separated list of ETags of which any may match (RFC 9110); * alone matches any version. A mismatch, or a malformed list, is 412 precondition_failed and changes nothing. */
                "if-match"?: string;
                /** @description Optional. * refuses any existing contact (on _assert: create only, 412 when a contact matches); a list of ETags refuses the versions it names. A refused write is 412 precondition_failed and changes nothing; a header that names no version (malformed) refuses any existing contact, as a malformed If-Match matches none. */
                "if-none-match"?: string;
                /** @description Optional. 1-255 visible ASCII characters. The first response is stored for the idempotency window (IDEMPOTENCY_TTL_HOURS, default 24 h) and a retry with the same key and the same request replays it with Idempotent-Replayed: true; the same key with a different request is 422 idempotency_key_reused; a retry while the first is running is 409 idempotency_key_in_progress. */
                "idempotency-key"?: string;
            };
            path: {
                /** @description The contact id. A malformed id, or one of another organization, is 404 record_not_found. */
                contact_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The contact, live again. */
            200: {
                headers: {
                    /** @description W/"<version>": the contact's version after this request; send it back as If-Match to make the next write conditional. */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactResponse"];
                };
            };
            /** @description `malformed_json`: The body is not valid JSON, its bytes are not UTF-8, an object of it names a member twice, or its Content-Length is wrong. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "malformed_json";
                        };
                    };
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /** @description `record_not_found`: No such record in the calling organization (a malformed id is a 404 too, never a hint that it exists elsewhere). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "record_not_found";
                        };
                    };
                };
            };
            /**
             * @description `duplicate_value`: A unique value (an email, a unique custom attribute) already belongs to another live contact, with the detail carrying existing_contact_id; or a custom attribute api_name is standard or was already used.
             *
             *     `record_not_archived`: The record is not archived: only an archived contact can be restored or purged (archive it with DELETE first), and only an archived custom attribute can be restored.
             *
             *     `idempotency_key_in_progress`: A request with the same Idempotency-Key is still running.
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "duplicate_value" | "record_not_archived" | "idempotency_key_in_progress";
                        };
                    };
                };
            };
            /** @description `precondition_failed`: If-Match does not name the current version, or If-None-Match names it (or is * and the contact exists), or an _assert with If-Match matched no contact; the detail carries current_etag when a contact was found. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "precondition_failed";
                        };
                    };
                };
            };
            /** @description `payload_too_large`: The body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "payload_too_large";
                        };
                    };
                };
            };
            /** @description `unsupported_media_type`: The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
            };
            /** @description `idempotency_key_reused`: An Idempotency-Key was reused with a different request. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "idempotency_key_reused";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
            /** @description `insufficient_storage`: The server's disk is full: the write was not applied (reads keep working). It succeeds again once the operator frees space. */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "insufficient_storage";
                        };
                    };
                };
            };
        };
    };
    purgeContact: {
        parameters: {
            query?: never;
            header?: {
                /** @description Optional. The ETag of the version you read (W/"<version>", the weak prefix is optional), or a comma-separated list of ETags of which any may match (RFC 9110); * alone matches any version. A mismatch, or a malformed list, is 412 precondition_failed and changes nothing. */
                "if-match"?: string;
                /** @description Optional. * refuses any existing contact (on _assert: create only, 412 when a contact matches); a list of ETags refuses the versions it names. A refused write is 412 precondition_failed and changes nothing; a header that names no version (malformed) refuses any existing contact, as a malformed If-Match matches none. */
                "if-none-match"?: string;
                /** @description Optional. 1-255 visible ASCII characters. The first response is stored for the idempotency window (IDEMPOTENCY_TTL_HOURS, default 24 h) and a retry with the same key and the same request replays it with Idempotent-Replayed: true; the same key with a different request is 422 idempotency_key_reused; a retry while the first is running is 409 idempotency_key_in_progress. */
                "idempotency-key"?: string;
            };
            path: {
                /** @description The contact id. A malformed id, or one of another organization, is 404 record_not_found. */
                contact_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Purged; no body. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `malformed_json`: The body is not valid JSON, its bytes are not UTF-8, an object of it names a member twice, or its Content-Length is wrong. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "malformed_json";
                        };
                    };
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /** @description `record_not_found`: No such record in the calling organization (a malformed id is a 404 too, never a hint that it exists elsewhere). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "record_not_found";
                        };
                    };
                };
            };
            /**
             * @description `record_not_archived`: The record is not archived: only an archived contact can be restored or purged (archive it with DELETE first), and only an archived custom attribute can be restored.
             *
             *     `idempotency_key_in_progress`: A request with the same Idempotency-Key is still running.
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "record_not_archived" | "idempotency_key_in_progress";
                        };
                    };
                };
            };
            /** @description `precondition_failed`: If-Match does not name the current version, or If-None-Match names it (or is * and the contact exists), or an _assert with If-Match matched no contact; the detail carries current_etag when a contact was found. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "precondition_failed";
                        };
                    };
                };
            };
            /** @description `payload_too_large`: The body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "payload_too_large";
                        };
                    };
                };
            };
            /** @description `unsupported_media_type`: The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
            };
            /** @description `idempotency_key_reused`: An Idempotency-Key was reused with a different request. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "idempotency_key_reused";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
            /** @description `insufficient_storage`: The server's disk is full: the write was not applied (reads keep working). It succeeds again once the operator frees space. */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "insufficient_storage";
                        };
                    };
                };
            };
        };
    };
    getContactHistory: {
        parameters: {
            query?: {
                /** @description An attribute api_name, e.g. title. */
                attribute?: string;
                limit?: number;
                /** @description The next_cursor of the previous page. */
                cursor?: string;
            };
            header?: never;
            path: {
                /** @description The contact id. A malformed id, or one of another organization, is 404 record_not_found. */
                contact_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Events of the contact, newest first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactHistoryPage"];
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /** @description `record_not_found`: No such record in the calling organization (a malformed id is a 404 too, never a hint that it exists elsewhere). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "record_not_found";
                        };
                    };
                };
            };
            /** @description `validation_failed`: One or more problems in the request; details lists every one of them. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "validation_failed";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
        };
    };
    queryEvents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EventQueryRequest"];
            };
        };
        responses: {
            /** @description Events after the cursor, in sequence order, and the cursor to continue from. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventPage"];
                };
            };
            /** @description `malformed_json`: The body is not valid JSON, its bytes are not UTF-8, an object of it names a member twice, or its Content-Length is wrong. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "malformed_json";
                        };
                    };
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /** @description `cursor_expired`: The events cursor points before the oldest retained event (EVENT_RETENTION_DAYS): events were purged since; start again without a cursor or with "now". */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "cursor_expired";
                        };
                    };
                };
            };
            /** @description `payload_too_large`: The body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "payload_too_large";
                        };
                    };
                };
            };
            /** @description `unsupported_media_type`: The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
            };
            /** @description `validation_failed`: One or more problems in the request; details lists every one of them. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "validation_failed";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
        };
    };
    addContactEmail: {
        parameters: {
            query?: never;
            header?: {
                /** @description Optional. The ETag of the version you read (W/"<version>", the weak prefix is optional), or a comma-separated list of ETags of which any may match (RFC 9110); * alone matches any version. A mismatch, or a malformed list, is 412 precondition_failed and changes nothing. */
                "if-match"?: string;
                /** @description Optional. * refuses any existing contact (on _assert: create only, 412 when a contact matches); a list of ETags refuses the versions it names. A refused write is 412 precondition_failed and changes nothing; a header that names no version (malformed) refuses any existing contact, as a malformed If-Match matches none. */
                "if-none-match"?: string;
                /** @description Optional. 1-255 visible ASCII characters. The first response is stored for the idempotency window (IDEMPOTENCY_TTL_HOURS, default 24 h) and a retry with the same key and the same request replays it with Idempotent-Replayed: true; the same key with a different request is 422 idempotency_key_reused; a retry while the first is running is 409 idempotency_key_in_progress. */
                "idempotency-key"?: string;
            };
            path: {
                /** @description The contact id. A malformed id, or one of another organization, is 404 record_not_found. */
                contact_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ContactEmailInput"];
            };
        };
        responses: {
            /** @description The new item: its id and its envelope value. */
            201: {
                headers: {
                    /** @description W/"<version>": the contact's version after this request; send it back as If-Match to make the next write conditional. */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactEmailItemResponse"];
                };
            };
            /** @description `malformed_json`: The body is not valid JSON, its bytes are not UTF-8, an object of it names a member twice, or its Content-Length is wrong. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "malformed_json";
                        };
                    };
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /** @description `record_not_found`: No such record in the calling organization (a malformed id is a 404 too, never a hint that it exists elsewhere). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "record_not_found";
                        };
                    };
                };
            };
            /**
             * @description `duplicate_value`: A unique value (an email, a unique custom attribute) already belongs to another live contact, with the detail carrying existing_contact_id; or a custom attribute api_name is standard or was already used.
             *
             *     `record_archived`: The contact is archived and cannot be changed.
             *
             *     `idempotency_key_in_progress`: A request with the same Idempotency-Key is still running.
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "duplicate_value" | "record_archived" | "idempotency_key_in_progress";
                        };
                    };
                };
            };
            /** @description `precondition_failed`: If-Match does not name the current version, or If-None-Match names it (or is * and the contact exists), or an _assert with If-Match matched no contact; the detail carries current_etag when a contact was found. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "precondition_failed";
                        };
                    };
                };
            };
            /** @description `payload_too_large`: The body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "payload_too_large";
                        };
                    };
                };
            };
            /** @description `unsupported_media_type`: The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
            };
            /**
             * @description `validation_failed`: One or more problems in the request; details lists every one of them.
             *
             *     `idempotency_key_reused`: An Idempotency-Key was reused with a different request.
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "validation_failed" | "idempotency_key_reused";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
            /** @description `insufficient_storage`: The server's disk is full: the write was not applied (reads keep working). It succeeds again once the operator frees space. */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "insufficient_storage";
                        };
                    };
                };
            };
        };
    };
    deleteContactEmail: {
        parameters: {
            query?: never;
            header?: {
                /** @description Optional. The ETag of the version you read (W/"<version>", the weak prefix is optional), or a comma-separated list of ETags of which any may match (RFC 9110); * alone matches any version. A mismatch, or a malformed list, is 412 precondition_failed and changes nothing. */
                "if-match"?: string;
                /** @description Optional. * refuses any existing contact (on _assert: create only, 412 when a contact matches); a list of ETags refuses the versions it names. A refused write is 412 precondition_failed and changes nothing; a header that names no version (malformed) refuses any existing contact, as a malformed If-Match matches none. */
                "if-none-match"?: string;
            };
            path: {
                /** @description The contact id. A malformed id, or one of another organization, is 404 record_not_found. */
                contact_id: string;
                /** @description The id of an item of the list (its envelope value.id). */
                item_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed; no body. ETag carries the contact's version. */
            204: {
                headers: {
                    /** @description W/"<version>": the contact's version after this request; send it back as If-Match to make the next write conditional. */
                    etag?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `malformed_json`: The body is not valid JSON, its bytes are not UTF-8, an object of it names a member twice, or its Content-Length is wrong. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "malformed_json";
                        };
                    };
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /** @description `record_not_found`: No such record in the calling organization (a malformed id is a 404 too, never a hint that it exists elsewhere). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "record_not_found";
                        };
                    };
                };
            };
            /** @description `record_archived`: The contact is archived and cannot be changed. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "record_archived";
                        };
                    };
                };
            };
            /** @description `precondition_failed`: If-Match does not name the current version, or If-None-Match names it (or is * and the contact exists), or an _assert with If-Match matched no contact; the detail carries current_etag when a contact was found. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "precondition_failed";
                        };
                    };
                };
            };
            /** @description `payload_too_large`: The body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "payload_too_large";
                        };
                    };
                };
            };
            /** @description `unsupported_media_type`: The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
            /** @description `insufficient_storage`: The server's disk is full: the write was not applied (reads keep working). It succeeds again once the operator frees space. */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "insufficient_storage";
                        };
                    };
                };
            };
        };
    };
    patchContactEmail: {
        parameters: {
            query?: never;
            header?: {
                /** @description Optional. The ETag of the version you read (W/"<version>", the weak prefix is optional), or a comma-separated list of ETags of which any may match (RFC 9110); * alone matches any version. A mismatch, or a malformed list, is 412 precondition_failed and changes nothing. */
                "if-match"?: string;
                /** @description Optional. * refuses any existing contact (on _assert: create only, 412 when a contact matches); a list of ETags refuses the versions it names. A refused write is 412 precondition_failed and changes nothing; a header that names no version (malformed) refuses any existing contact, as a malformed If-Match matches none. */
                "if-none-match"?: string;
                /** @description Optional. 1-255 visible ASCII characters. The first response is stored for the idempotency window (IDEMPOTENCY_TTL_HOURS, default 24 h) and a retry with the same key and the same request replays it with Idempotent-Replayed: true; the same key with a different request is 422 idempotency_key_reused; a retry while the first is running is 409 idempotency_key_in_progress. */
                "idempotency-key"?: string;
            };
            path: {
                /** @description The contact id. A malformed id, or one of another organization, is 404 record_not_found. */
                contact_id: string;
                /** @description The id of an item of the list (its envelope value.id). */
                item_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ContactEmailPatch"];
            };
        };
        responses: {
            /** @description The item after the change. */
            200: {
                headers: {
                    /** @description W/"<version>": the contact's version after this request; send it back as If-Match to make the next write conditional. */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactEmailItemResponse"];
                };
            };
            /** @description `malformed_json`: The body is not valid JSON, its bytes are not UTF-8, an object of it names a member twice, or its Content-Length is wrong. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "malformed_json";
                        };
                    };
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /** @description `record_not_found`: No such record in the calling organization (a malformed id is a 404 too, never a hint that it exists elsewhere). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "record_not_found";
                        };
                    };
                };
            };
            /**
             * @description `duplicate_value`: A unique value (an email, a unique custom attribute) already belongs to another live contact, with the detail carrying existing_contact_id; or a custom attribute api_name is standard or was already used.
             *
             *     `record_archived`: The contact is archived and cannot be changed.
             *
             *     `idempotency_key_in_progress`: A request with the same Idempotency-Key is still running.
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "duplicate_value" | "record_archived" | "idempotency_key_in_progress";
                        };
                    };
                };
            };
            /** @description `precondition_failed`: If-Match does not name the current version, or If-None-Match names it (or is * and the contact exists), or an _assert with If-Match matched no contact; the detail carries current_etag when a contact was found. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "precondition_failed";
                        };
                    };
                };
            };
            /** @description `payload_too_large`: The body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "payload_too_large";
                        };
                    };
                };
            };
            /** @description `unsupported_media_type`: The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
            };
            /**
             * @description `validation_failed`: One or more problems in the request; details lists every one of them.
             *
             *     `idempotency_key_reused`: An Idempotency-Key was reused with a different request.
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "validation_failed" | "idempotency_key_reused";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
            /** @description `insufficient_storage`: The server's disk is full: the write was not applied (reads keep working). It succeeds again once the operator frees space. */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "insufficient_storage";
                        };
                    };
                };
            };
        };
    };
    addContactPhoneNumber: {
        parameters: {
            query?: never;
            header?: {
                /** @description Optional. The ETag of the version you read (W/"<version>", the weak prefix is optional), or a comma-separated list of ETags of which any may match (RFC 9110); * alone matches any version. A mismatch, or a malformed list, is 412 precondition_failed and changes nothing. */
                "if-match"?: string;
                /** @description Optional. * refuses any existing contact (on _assert: create only, 412 when a contact matches); a list of ETags refuses the versions it names. A refused write is 412 precondition_failed and changes nothing; a header that names no version (malformed) refuses any existing contact, as a malformed If-Match matches none. */
                "if-none-match"?: string;
                /** @description Optional. 1-255 visible ASCII characters. The first response is stored for the idempotency window (IDEMPOTENCY_TTL_HOURS, default 24 h) and a retry with the same key and the same request replays it with Idempotent-Replayed: true; the same key with a different request is 422 idempotency_key_reused; a retry while the first is running is 409 idempotency_key_in_progress. */
                "idempotency-key"?: string;
            };
            path: {
                /** @description The contact id. A malformed id, or one of another organization, is 404 record_not_found. */
                contact_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ContactPhoneNumberInput"];
            };
        };
        responses: {
            /** @description The new item: its id and its envelope value. */
            201: {
                headers: {
                    /** @description W/"<version>": the contact's version after this request; send it back as If-Match to make the next write conditional. */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactPhoneNumberItemResponse"];
                };
            };
            /** @description `malformed_json`: The body is not valid JSON, its bytes are not UTF-8, an object of it names a member twice, or its Content-Length is wrong. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "malformed_json";
                        };
                    };
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /** @description `record_not_found`: No such record in the calling organization (a malformed id is a 404 too, never a hint that it exists elsewhere). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "record_not_found";
                        };
                    };
                };
            };
            /**
             * @description `duplicate_value`: A unique value (an email, a unique custom attribute) already belongs to another live contact, with the detail carrying existing_contact_id; or a custom attribute api_name is standard or was already used.
             *
             *     `record_archived`: The contact is archived and cannot be changed.
             *
             *     `idempotency_key_in_progress`: A request with the same Idempotency-Key is still running.
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "duplicate_value" | "record_archived" | "idempotency_key_in_progress";
                        };
                    };
                };
            };
            /** @description `precondition_failed`: If-Match does not name the current version, or If-None-Match names it (or is * and the contact exists), or an _assert with If-Match matched no contact; the detail carries current_etag when a contact was found. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "precondition_failed";
                        };
                    };
                };
            };
            /** @description `payload_too_large`: The body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "payload_too_large";
                        };
                    };
                };
            };
            /** @description `unsupported_media_type`: The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
            };
            /**
             * @description `validation_failed`: One or more problems in the request; details lists every one of them.
             *
             *     `idempotency_key_reused`: An Idempotency-Key was reused with a different request.
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "validation_failed" | "idempotency_key_reused";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
            /** @description `insufficient_storage`: The server's disk is full: the write was not applied (reads keep working). It succeeds again once the operator frees space. */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "insufficient_storage";
                        };
                    };
                };
            };
        };
    };
    deleteContactPhoneNumber: {
        parameters: {
            query?: never;
            header?: {
                /** @description Optional. The ETag of the version you read (W/"<version>", the weak prefix is optional), or a comma-separated list of ETags of which any may match (RFC 9110); * alone matches any version. A mismatch, or a malformed list, is 412 precondition_failed and changes nothing. */
                "if-match"?: string;
                /** @description Optional. * refuses any existing contact (on _assert: create only, 412 when a contact matches); a list of ETags refuses the versions it names. A refused write is 412 precondition_failed and changes nothing; a header that names no version (malformed) refuses any existing contact, as a malformed If-Match matches none. */
                "if-none-match"?: string;
            };
            path: {
                /** @description The contact id. A malformed id, or one of another organization, is 404 record_not_found. */
                contact_id: string;
                /** @description The id of an item of the list (its envelope value.id). */
                item_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed; no body. ETag carries the contact's version. */
            204: {
                headers: {
                    /** @description W/"<version>": the contact's version after this request; send it back as If-Match to make the next write conditional. */
                    etag?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `malformed_json`: The body is not valid JSON, its bytes are not UTF-8, an object of it names a member twice, or its Content-Length is wrong. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "malformed_json";
                        };
                    };
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /** @description `record_not_found`: No such record in the calling organization (a malformed id is a 404 too, never a hint that it exists elsewhere). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "record_not_found";
                        };
                    };
                };
            };
            /** @description `record_archived`: The contact is archived and cannot be changed. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "record_archived";
                        };
                    };
                };
            };
            /** @description `precondition_failed`: If-Match does not name the current version, or If-None-Match names it (or is * and the contact exists), or an _assert with If-Match matched no contact; the detail carries current_etag when a contact was found. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "precondition_failed";
                        };
                    };
                };
            };
            /** @description `payload_too_large`: The body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "payload_too_large";
                        };
                    };
                };
            };
            /** @description `unsupported_media_type`: The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
            /** @description `insufficient_storage`: The server's disk is full: the write was not applied (reads keep working). It succeeds again once the operator frees space. */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "insufficient_storage";
                        };
                    };
                };
            };
        };
    };
    patchContactPhoneNumber: {
        parameters: {
            query?: never;
            header?: {
                /** @description Optional. The ETag of the version you read (W/"<version>", the weak prefix is optional), or a comma-separated list of ETags of which any may match (RFC 9110); * alone matches any version. A mismatch, or a malformed list, is 412 precondition_failed and changes nothing. */
                "if-match"?: string;
                /** @description Optional. * refuses any existing contact (on _assert: create only, 412 when a contact matches); a list of ETags refuses the versions it names. A refused write is 412 precondition_failed and changes nothing; a header that names no version (malformed) refuses any existing contact, as a malformed If-Match matches none. */
                "if-none-match"?: string;
                /** @description Optional. 1-255 visible ASCII characters. The first response is stored for the idempotency window (IDEMPOTENCY_TTL_HOURS, default 24 h) and a retry with the same key and the same request replays it with Idempotent-Replayed: true; the same key with a different request is 422 idempotency_key_reused; a retry while the first is running is 409 idempotency_key_in_progress. */
                "idempotency-key"?: string;
            };
            path: {
                /** @description The contact id. A malformed id, or one of another organization, is 404 record_not_found. */
                contact_id: string;
                /** @description The id of an item of the list (its envelope value.id). */
                item_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ContactPhoneNumberPatch"];
            };
        };
        responses: {
            /** @description The item after the change. */
            200: {
                headers: {
                    /** @description W/"<version>": the contact's version after this request; send it back as If-Match to make the next write conditional. */
                    etag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactPhoneNumberItemResponse"];
                };
            };
            /** @description `malformed_json`: The body is not valid JSON, its bytes are not UTF-8, an object of it names a member twice, or its Content-Length is wrong. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "malformed_json";
                        };
                    };
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /** @description `record_not_found`: No such record in the calling organization (a malformed id is a 404 too, never a hint that it exists elsewhere). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "record_not_found";
                        };
                    };
                };
            };
            /**
             * @description `duplicate_value`: A unique value (an email, a unique custom attribute) already belongs to another live contact, with the detail carrying existing_contact_id; or a custom attribute api_name is standard or was already used.
             *
             *     `record_archived`: The contact is archived and cannot be changed.
             *
             *     `idempotency_key_in_progress`: A request with the same Idempotency-Key is still running.
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "duplicate_value" | "record_archived" | "idempotency_key_in_progress";
                        };
                    };
                };
            };
            /** @description `precondition_failed`: If-Match does not name the current version, or If-None-Match names it (or is * and the contact exists), or an _assert with If-Match matched no contact; the detail carries current_etag when a contact was found. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "precondition_failed";
                        };
                    };
                };
            };
            /** @description `payload_too_large`: The body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "payload_too_large";
                        };
                    };
                };
            };
            /** @description `unsupported_media_type`: The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
            };
            /**
             * @description `validation_failed`: One or more problems in the request; details lists every one of them.
             *
             *     `idempotency_key_reused`: An Idempotency-Key was reused with a different request.
             */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "validation_failed" | "idempotency_key_reused";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
            /** @description `insufficient_storage`: The server's disk is full: the write was not applied (reads keep working). It succeeds again once the operator frees space. */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "insufficient_storage";
                        };
                    };
                };
            };
        };
    };
    getContactSchema: {
        parameters: {
            query?: {
                /** @description true lists archived custom attributes too (after the live ones). */
                include_archived?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The contact object schema. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ObjectSchemaResponse"];
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /** @description `validation_failed`: One or more problems in the request; details lists every one of them. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "validation_failed";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
        };
    };
    createCustomAttribute: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CustomAttributeCreateBody"];
            };
        };
        responses: {
            /** @description The new definition. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomAttributeResponse"];
                };
            };
            /** @description `malformed_json`: The body is not valid JSON, its bytes are not UTF-8, an object of it names a member twice, or its Content-Length is wrong. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "malformed_json";
                        };
                    };
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /** @description `duplicate_value`: A unique value (an email, a unique custom attribute) already belongs to another live contact, with the detail carrying existing_contact_id; or a custom attribute api_name is standard or was already used. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "duplicate_value";
                        };
                    };
                };
            };
            /** @description `payload_too_large`: The body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "payload_too_large";
                        };
                    };
                };
            };
            /** @description `unsupported_media_type`: The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
            };
            /** @description `validation_failed`: One or more problems in the request; details lists every one of them. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "validation_failed";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
            /** @description `insufficient_storage`: The server's disk is full: the write was not applied (reads keep working). It succeeds again once the operator frees space. */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "insufficient_storage";
                        };
                    };
                };
            };
        };
    };
    archiveCustomAttribute: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The custom attribute's api_name (archived ones included). An unknown one is 404 record_not_found. */
                api_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Archived. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `malformed_json`: The body is not valid JSON, its bytes are not UTF-8, an object of it names a member twice, or its Content-Length is wrong. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "malformed_json";
                        };
                    };
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /** @description `record_not_found`: No such record in the calling organization (a malformed id is a 404 too, never a hint that it exists elsewhere). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "record_not_found";
                        };
                    };
                };
            };
            /** @description `payload_too_large`: The body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "payload_too_large";
                        };
                    };
                };
            };
            /** @description `unsupported_media_type`: The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
            /** @description `insufficient_storage`: The server's disk is full: the write was not applied (reads keep working). It succeeds again once the operator frees space. */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "insufficient_storage";
                        };
                    };
                };
            };
        };
    };
    patchCustomAttribute: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The custom attribute's api_name (archived ones included). An unknown one is 404 record_not_found. */
                api_name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CustomAttributePatchBody"];
            };
        };
        responses: {
            /** @description The changed definition. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomAttributeResponse"];
                };
            };
            /** @description `malformed_json`: The body is not valid JSON, its bytes are not UTF-8, an object of it names a member twice, or its Content-Length is wrong. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "malformed_json";
                        };
                    };
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /** @description `record_not_found`: No such record in the calling organization (a malformed id is a 404 too, never a hint that it exists elsewhere). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "record_not_found";
                        };
                    };
                };
            };
            /** @description `payload_too_large`: The body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "payload_too_large";
                        };
                    };
                };
            };
            /** @description `unsupported_media_type`: The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
            };
            /** @description `validation_failed`: One or more problems in the request; details lists every one of them. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "validation_failed";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
            /** @description `insufficient_storage`: The server's disk is full: the write was not applied (reads keep working). It succeeds again once the operator frees space. */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "insufficient_storage";
                        };
                    };
                };
            };
        };
    };
    restoreCustomAttribute: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The custom attribute's api_name (archived ones included). An unknown one is 404 record_not_found. */
                api_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The restored definition. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomAttributeResponse"];
                };
            };
            /** @description `malformed_json`: The body is not valid JSON, its bytes are not UTF-8, an object of it names a member twice, or its Content-Length is wrong. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "malformed_json";
                        };
                    };
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /** @description `record_not_found`: No such record in the calling organization (a malformed id is a 404 too, never a hint that it exists elsewhere). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "record_not_found";
                        };
                    };
                };
            };
            /** @description `record_not_archived`: The record is not archived: only an archived contact can be restored or purged (archive it with DELETE first), and only an archived custom attribute can be restored. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "record_not_archived";
                        };
                    };
                };
            };
            /** @description `payload_too_large`: The body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "payload_too_large";
                        };
                    };
                };
            };
            /** @description `unsupported_media_type`: The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
            };
            /** @description `validation_failed`: One or more problems in the request; details lists every one of them. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "validation_failed";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
            /** @description `insufficient_storage`: The server's disk is full: the write was not applied (reads keep working). It succeeds again once the operator frees space. */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "insufficient_storage";
                        };
                    };
                };
            };
        };
    };
    listWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every subscription of the organization, oldest first (never their secrets). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSubscriptionList"];
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
        };
    };
    createWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookCreateRequest"];
            };
        };
        responses: {
            /** @description Created; data.secret is shown only now. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSubscriptionWithSecret"];
                };
            };
            /** @description `malformed_json`: The body is not valid JSON, its bytes are not UTF-8, an object of it names a member twice, or its Content-Length is wrong. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "malformed_json";
                        };
                    };
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /** @description `payload_too_large`: The body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "payload_too_large";
                        };
                    };
                };
            };
            /** @description `unsupported_media_type`: The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
            };
            /** @description `validation_failed`: One or more problems in the request; details lists every one of them. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "validation_failed";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
            /** @description `insufficient_storage`: The server's disk is full: the write was not applied (reads keep working). It succeeds again once the operator frees space. */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "insufficient_storage";
                        };
                    };
                };
            };
        };
    };
    getWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The webhook subscription id. A malformed id, or one of another organization, is 404 record_not_found. */
                webhook_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The subscription (never its secret). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSubscriptionResponse"];
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /** @description `record_not_found`: No such record in the calling organization (a malformed id is a 404 too, never a hint that it exists elsewhere). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "record_not_found";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
        };
    };
    deleteWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The webhook subscription id. A malformed id, or one of another organization, is 404 record_not_found. */
                webhook_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `malformed_json`: The body is not valid JSON, its bytes are not UTF-8, an object of it names a member twice, or its Content-Length is wrong. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "malformed_json";
                        };
                    };
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /** @description `record_not_found`: No such record in the calling organization (a malformed id is a 404 too, never a hint that it exists elsewhere). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "record_not_found";
                        };
                    };
                };
            };
            /** @description `payload_too_large`: The body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "payload_too_large";
                        };
                    };
                };
            };
            /** @description `unsupported_media_type`: The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
            };
            /** @description `validation_failed`: One or more problems in the request; details lists every one of them. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "validation_failed";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
            /** @description `insufficient_storage`: The server's disk is full: the write was not applied (reads keep working). It succeeds again once the operator frees space. */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "insufficient_storage";
                        };
                    };
                };
            };
        };
    };
    patchWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The webhook subscription id. A malformed id, or one of another organization, is 404 record_not_found. */
                webhook_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookPatchRequest"];
            };
        };
        responses: {
            /** @description The subscription after the change. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSubscriptionResponse"];
                };
            };
            /** @description `malformed_json`: The body is not valid JSON, its bytes are not UTF-8, an object of it names a member twice, or its Content-Length is wrong. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "malformed_json";
                        };
                    };
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /** @description `record_not_found`: No such record in the calling organization (a malformed id is a 404 too, never a hint that it exists elsewhere). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "record_not_found";
                        };
                    };
                };
            };
            /** @description `payload_too_large`: The body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "payload_too_large";
                        };
                    };
                };
            };
            /** @description `unsupported_media_type`: The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
            };
            /** @description `validation_failed`: One or more problems in the request; details lists every one of them. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "validation_failed";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
            /** @description `insufficient_storage`: The server's disk is full: the write was not applied (reads keep working). It succeeds again once the operator frees space. */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "insufficient_storage";
                        };
                    };
                };
            };
        };
    };
    rotateWebhookSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The webhook subscription id. A malformed id, or one of another organization, is 404 record_not_found. */
                webhook_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The subscription with its new secret. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSubscriptionWithSecret"];
                };
            };
            /** @description `malformed_json`: The body is not valid JSON, its bytes are not UTF-8, an object of it names a member twice, or its Content-Length is wrong. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "malformed_json";
                        };
                    };
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /** @description `record_not_found`: No such record in the calling organization (a malformed id is a 404 too, never a hint that it exists elsewhere). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "record_not_found";
                        };
                    };
                };
            };
            /** @description `payload_too_large`: The body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "payload_too_large";
                        };
                    };
                };
            };
            /** @description `unsupported_media_type`: The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
            };
            /** @description `validation_failed`: One or more problems in the request; details lists every one of them. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "validation_failed";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
            /** @description `insufficient_storage`: The server's disk is full: the write was not applied (reads keep working). It succeeds again once the operator frees space. */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "insufficient_storage";
                        };
                    };
                };
            };
        };
    };
    testWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The webhook subscription id. A malformed id, or one of another organization, is 404 record_not_found. */
                webhook_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookAccepted"];
                };
            };
            /** @description `malformed_json`: The body is not valid JSON, its bytes are not UTF-8, an object of it names a member twice, or its Content-Length is wrong. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "malformed_json";
                        };
                    };
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /** @description `record_not_found`: No such record in the calling organization (a malformed id is a 404 too, never a hint that it exists elsewhere). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "record_not_found";
                        };
                    };
                };
            };
            /** @description `payload_too_large`: The body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "payload_too_large";
                        };
                    };
                };
            };
            /** @description `unsupported_media_type`: The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
            };
            /** @description `validation_failed`: One or more problems in the request; details lists every one of them. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "validation_failed";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
            /** @description `insufficient_storage`: The server's disk is full: the write was not applied (reads keep working). It succeeds again once the operator frees space. */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "insufficient_storage";
                        };
                    };
                };
            };
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                status?: "pending" | "delivered" | "failed";
                /** @description The next_cursor of the previous page: opaque and signed, bound to this subscription; it keeps paging after the delivery it points at was deleted (retention, a purge). */
                cursor?: string;
            };
            header?: never;
            path: {
                /** @description The webhook subscription id. A malformed id, or one of another organization, is 404 record_not_found. */
                webhook_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of deliveries. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryPage"];
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /** @description `record_not_found`: No such record in the calling organization (a malformed id is a 404 too, never a hint that it exists elsewhere). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "record_not_found";
                        };
                    };
                };
            };
            /** @description `validation_failed`: One or more problems in the request; details lists every one of them. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "validation_failed";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
        };
    };
    retryWebhookDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The webhook subscription id. A malformed id, or one of another organization, is 404 record_not_found. */
                webhook_id: string;
                /** @description A delivery id from the deliveries log. */
                delivery_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookAccepted"];
                };
            };
            /** @description `malformed_json`: The body is not valid JSON, its bytes are not UTF-8, an object of it names a member twice, or its Content-Length is wrong. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "malformed_json";
                        };
                    };
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /** @description `record_not_found`: No such record in the calling organization (a malformed id is a 404 too, never a hint that it exists elsewhere). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "record_not_found";
                        };
                    };
                };
            };
            /** @description `payload_too_large`: The body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "payload_too_large";
                        };
                    };
                };
            };
            /** @description `unsupported_media_type`: The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
            };
            /** @description `validation_failed`: One or more problems in the request; details lists every one of them. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "validation_failed";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
            /** @description `insufficient_storage`: The server's disk is full: the write was not applied (reads keep working). It succeeds again once the operator frees space. */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "insufficient_storage";
                        };
                    };
                };
            };
        };
    };
    replayWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The webhook subscription id. A malformed id, or one of another organization, is 404 record_not_found. */
                webhook_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookReplayRequest"];
            };
        };
        responses: {
            /** @description Queued; data.queued says how many. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookAccepted"];
                };
            };
            /** @description `malformed_json`: The body is not valid JSON, its bytes are not UTF-8, an object of it names a member twice, or its Content-Length is wrong. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "malformed_json";
                        };
                    };
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `permission_denied`: The API key lacks the permission the route needs; details name it (missing_permission). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "permission_denied";
                        };
                    };
                };
            };
            /** @description `record_not_found`: No such record in the calling organization (a malformed id is a 404 too, never a hint that it exists elsewhere). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "record_not_found";
                        };
                    };
                };
            };
            /** @description `payload_too_large`: The body is larger than BODY_LIMIT_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "payload_too_large";
                        };
                    };
                };
            };
            /** @description `unsupported_media_type`: The body is not application/json. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unsupported_media_type";
                        };
                    };
                };
            };
            /** @description `validation_failed`: One or more problems in the request; details lists every one of them. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "validation_failed";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
            /** @description `insufficient_storage`: The server's disk is full: the write was not applied (reads keep working). It succeeds again once the operator frees space. */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "insufficient_storage";
                        };
                    };
                };
            };
        };
    };
    getOpenApiDocument: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An OpenAPI 3.1 document. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Prometheus text format 0.0.4. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description `unauthenticated`: No API key, or an unknown, revoked or expired one; the message says which. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "unauthenticated";
                        };
                    };
                };
            };
            /** @description `rate_limited`: Too many requests with this API key, or too many failed API key checks from this client address (then every key it sends is refused until Retry-After); retry after the Retry-After header. */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "rate_limited";
                        };
                    };
                };
            };
            /** @description `internal_error`: An unexpected failure; quote the request_id when reporting it. No internals are exposed. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "internal_error";
                        };
                    };
                };
            };
            /** @description `service_unavailable`: The database is unreachable, restarting, out of free connections or locked by another process. Retry after the Retry-After header; a write refused this way was not acknowledged, so retry it with the same Idempotency-Key to apply it exactly once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "retry-after"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"] & {
                        error?: {
                            /** @enum {string} */
                            code?: "service_unavailable";
                        };
                    };
                };
            };
        };
    };
    receiveContactEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id: the same on every attempt and every replay of the event. Deduplicate on it (delivery is at least once). */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; reject ones too far from your clock (Standard Webhooks libraries allow 5 minutes). */
                "webhook-timestamp": string;
                /** @description Space-separated v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}"> keyed by the base64 part of the whsec_ secret; for 24 h after a rotation also one made with the previous secret. */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ContactEvent"];
            };
        };
        responses: {
            /** @description Delivered. Answer within WEBHOOK_TIMEOUT_MS (default 15 s); the body is ignored (read up to 64 KiB). */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (another status, a redirect, a timeout, a refused connection) fails the attempt; it is retried on WEBHOOK_RETRY_SCHEDULE (default 5s,5m,30m,2h,5h,10h,10h), then the delivery is failed. One contact's events reach a subscription in sequence order: a later one waits for the earlier to be delivered or failed. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    receiveWebhookTest: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id: the same on every attempt and every replay of the event. Deduplicate on it (delivery is at least once). */
                "webhook-id": string;
                /** @description Unix seconds of this attempt; reject ones too far from your clock (Standard Webhooks libraries allow 5 minutes). */
                "webhook-timestamp": string;
                /** @description Space-separated v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}"> keyed by the base64 part of the whsec_ secret; for 24 h after a rotation also one made with the previous secret. */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookTestEvent"];
            };
        };
        responses: {
            /** @description Delivered. Answer within WEBHOOK_TIMEOUT_MS (default 15 s); the body is ignored (read up to 64 KiB). */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (another status, a redirect, a timeout, a refused connection) fails the attempt; it is retried on WEBHOOK_RETRY_SCHEDULE (default 5s,5m,30m,2h,5h,10h,10h), then the delivery is failed. One contact's events reach a subscription in sequence order: a later one waits for the earlier to be delivered or failed. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
