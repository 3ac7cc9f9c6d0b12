import { EVENT_SOURCES, EVENT_TYPES } from '../../domain/contact-events.ts';
import { FEED_DEFAULT_LIMIT, FEED_MAX_LIMIT, MAX_WAIT_SECONDS } from '../../domain/events.ts';
import type { JsonSchema } from './value-schemas.ts';

const uuid: JsonSchema = { type: 'string', format: 'uuid' };
const renderedValue: JsonSchema = {
  description: 'The attribute as a GET renders it: an envelope {value, value_type}, or an array of envelopes for a list; null when the attribute did not exist before (create).',
  anyOf: [
    { type: 'null' },
    { type: 'object', properties: { value: {}, value_type: { type: 'string' } }, required: ['value', 'value_type'] },
    { type: 'array', items: { type: 'object', properties: { value: {}, value_type: { type: 'string' } }, required: ['value', 'value_type'] } },
  ],
};

export const CONTACT_EVENT_SCHEMA: JsonSchema = {
  $id: 'ContactEvent',
  type: 'object',
  description: 'One change of a contact, appended in the same transaction as the write.',
  properties: {
    id: { ...uuid, description: 'The event id.' },
    sequence: { type: 'integer', minimum: 1, description: 'Per organization, strictly increasing in commit order: a reader that saw N never later receives an event numbered N or lower, and never misses one.' },
    type: { type: 'string', enum: [...EVENT_TYPES] },
    occurred_at: { type: 'string', format: 'date-time' },
    record_type: { type: 'string', const: 'contact' },
    record_id: uuid,
    version: { type: 'integer', description: 'The contact\'s version after the write (its ETag).' },
    actor: {
      type: 'object',
      properties: { user_id: { type: ['string', 'null'], format: 'uuid' }, api_key_id: { type: ['string', 'null'], format: 'uuid' } },
      required: ['user_id', 'api_key_id'],
      additionalProperties: false,
    },
    source: { type: 'string', enum: [...EVENT_SOURCES] },
    request_id: { type: ['string', 'null'], description: 'The X-Request-Id of the request that made the change.' },
    changes: {
      type: 'object',
      description: 'Every attribute whose value changed, with its previous and current envelope as a GET renders it. Derived attributes (display_name, updated_at, updated_by_user_id) and identity (id, organization_id, created_at) are left out. A create names each set attribute with previous null; a PATCH that changes nothing has {}; a purge empties the changes of every earlier event of the contact.',
      additionalProperties: { type: 'object', properties: { previous: renderedValue, current: renderedValue }, required: ['previous', 'current'], additionalProperties: false },
    },
  },
  required: ['id', 'sequence', 'type', 'occurred_at', 'record_type', 'record_id', 'version', 'actor', 'source', 'request_id', 'changes'],
  additionalProperties: false,
};

export const EVENT_QUERY_REQUEST_SCHEMA: JsonSchema = {
  $id: 'EventQueryRequest',
  type: 'object',
  description: 'All members optional: {} reads from the oldest retained event.',
  properties: {
    cursor: { type: ['string', 'null'], description: 'The next_cursor of the previous answer; "now" starts after the newest event; absent starts at the oldest retained one. Cursors are bound to the organization, not to types or record_id. One older than the oldest retained event is 410 cursor_expired.' },
    types: { type: 'array', minItems: 1, items: { type: 'string', enum: [...EVENT_TYPES] }, description: 'Only events of these types.' },
    record_id: { ...uuid, description: 'Only events of this contact.' },
    limit: { type: 'integer', minimum: 1, maximum: FEED_MAX_LIMIT, default: FEED_DEFAULT_LIMIT },
    wait_seconds: { type: 'number', minimum: 0, maximum: MAX_WAIT_SECONDS, default: 0, description: 'Long poll: with nothing to return, wait up to this long for a matching event to commit (from any server process sharing the database), then answer.' },
  },
  additionalProperties: false,
};

export const EVENT_PAGE_SCHEMA: JsonSchema = {
  $id: 'EventPage',
  type: 'object',
  properties: {
    data: { type: 'array', items: { $ref: 'ContactEvent#' }, description: 'Events in sequence order.' },
    next_cursor: { type: 'string', description: 'Never null: send it as cursor to continue after these events.' },
  },
  required: ['data', 'next_cursor'],
  additionalProperties: false,
};

export const HISTORY_PAGE_SCHEMA: JsonSchema = {
  $id: 'ContactHistoryPage',
  type: 'object',
  properties: {
    data: { type: 'array', items: { $ref: 'ContactEvent#' }, description: 'The contact\'s events, newest first.' },
    next_cursor: { type: ['string', 'null'], description: 'Older events: send it as cursor (with the same attribute); null on the last page.' },
  },
  required: ['data', 'next_cursor'],
  additionalProperties: false,
};

export const EVENT_SCHEMAS: readonly JsonSchema[] = [CONTACT_EVENT_SCHEMA, EVENT_QUERY_REQUEST_SCHEMA, EVENT_PAGE_SCHEMA, HISTORY_PAGE_SCHEMA];
