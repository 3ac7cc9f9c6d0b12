import { principalOf } from '../auth.ts';
import { contactRecordJson, JSON_CONTENT_TYPE, utf8Body } from '../contact-record.ts';
import { DEFAULT_QUERY_LIMIT, MAX_FILTER_DEPTH, MAX_QUERY_LIMIT, MAX_SORT_FIELDS } from '../../domain/contact-query.ts';
import { jsonBody, jsonResponse } from '../schemas/response-schemas.ts';
import type { RouteFactory } from './route-deps.ts';
import { LARGE_RESPONSE } from '../compression.ts';

const DESCRIPTION = [
  'Finds contacts. Body: {"filters": [...], "search": "text", "sort": [{"field", "direction"}], "limit", "cursor"}; every member is optional.',
  `A filter is {"field", "operator", "value"}; top-level filters are ANDed; groups {"and": [...]}, {"or": [...]}, {"not": {...}} nest at most ${MAX_FILTER_DEPTH} deep.`,
  'Operators: eq, ne, in, not_in (value: array), contains, starts_with, ends_with, gt, gte, lt, lte, between (value: [low, high], inclusive), exists, not_exists (no value); GET /api/v2/_schema/contact lists each attribute\'s operators.',
  'A missing value (null, or an empty list) never satisfies eq, in, contains, gt, …; ne, not_in and not_exists are their exact negations, so they do match it. On contact_emails, contact_phone_numbers and participant_user_id_list an operator matches when any item satisfies it; ne / not_in / not_exists when none does.',
  'eq and in compare exactly (emails are normalized first, phone numbers parsed to E.164, stages named by api_name or id). contains / starts_with / ends_with ignore case and accents in every script (both sides folded: NFKD, full case folding, combining marks removed, so Émile = emile and straße = STRASSE) and treat %, _, \\ and * literally.',
  'search: free text over names, display_name, title, department, every email and phone number; every whitespace-separated token must be found (case- and accent-insensitive); tokens of one or two characters match at word starts only. See the search member.',
  'Ordering (sort and gt/lt/between) is byte-wise on text (so code-point order), chronological on timestamps, false before true; a standard attribute\'s null sorts first in asc and last in desc, a custom attribute\'s unset value last in either direction. Custom attributes filter and sort like standard ones, with the operators of their value_type (GET /api/v2/_schema/contact).',
  `At most ${MAX_SORT_FIELDS} sort fields (default created_at asc); ties are broken by id in the direction of the last sort field. limit: 1 to ${MAX_QUERY_LIMIT}, default ${DEFAULT_QUERY_LIMIT}.`,
  'next_cursor (null on the last page) continues the same query: send it with the same filters and sort (the limit may change); a cursor used with another query is invalid_cursor. Pages are keyset pages, stable under concurrent inserts.',
  'Archived contacts are left out unless a filter names archived_at. Incremental sync: filter updated_at gt <the last updated_at you saw>, sort updated_at asc.',
].join('\n\n');

export const queryContacts: RouteFactory = ({ contacts }) => ({
  method: 'POST',
  url: '/api/v2/contact/_query',
  compress: LARGE_RESPONSE,
  config: { permission: 'contacts:read' },
  schema: {
    operationId: 'queryContacts', tags: ['contacts'], summary: 'Query contacts (filters, sort, keyset pages)', description: DESCRIPTION,
    body: jsonBody('ContactQueryRequest'),
    response: { 200: jsonResponse('One page of contacts; next_cursor is null on the last page.', 'ContactQueryResponse') },
  },
  handler: async (request, reply) => {
    const principal = principalOf(request);
    const page = await contacts.query(principal, request.body);
    const view = await contacts.view(principal.organizationId);
    return reply.type(JSON_CONTENT_TYPE).send(utf8Body(`{"data":[${page.contacts.map((c) => contactRecordJson(c, view)).join(',')}],"next_cursor":${JSON.stringify(page.nextCursor)}}`));
  },
});
