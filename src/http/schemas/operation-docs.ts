import type { ErrorCode } from '../../domain/errors.ts';
import { ETAG_HEADER, jsonBody, jsonResponse } from './response-schemas.ts';
import type { JsonSchema } from './value-schemas.ts';

/** The wire part of a route's documentation: its body, its success responses and its own error codes. */
export interface OperationDocs {
  body?: JsonSchema;
  response?: Record<number, JsonSchema>;
  errors?: readonly ErrorCode[];
}

export const QUERY_CONTACTS_DOCS: OperationDocs = {
  body: jsonBody('ContactQueryRequest'),
  response: { 200: jsonResponse('One page of contacts; next_cursor is null on the last page.', 'ContactQueryResponse') },
};

export const ASSERT_CONTACT_DOCS: OperationDocs = {
  body: jsonBody('ContactAssertRequest'),
  response: {
    201: jsonResponse('Nothing matched: the contact was created (meta.action "created").', 'ContactAssertResponse', ETAG_HEADER),
    200: jsonResponse('One contact matched and was updated with PATCH semantics (meta.action "updated").', 'ContactAssertResponse', ETAG_HEADER),
  },
  errors: ['ambiguous_match', 'duplicate_value'],
};

/**
 * Docs by operationId for routes whose files do not state them (yet): documentRoute fills in what a
 * route leaves out, so _query and _assert are fully documented as soon as their routes are listed.
 */
export const OPERATION_DOCS: Readonly<Record<string, OperationDocs>> = {
  queryContacts: QUERY_CONTACTS_DOCS,
  assertContact: ASSERT_CONTACT_DOCS,
};
