import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { WIRE_SCHEMAS } from './schemas/contact-schemas.ts';
import { EVENT_SCHEMAS } from './schemas/event-schemas.ts';
import { OPENAPI_WEBHOOKS, WEBHOOK_SCHEMAS } from './schemas/webhook-schemas.ts';
import { BULK_SCHEMAS } from './schemas/bulk-schemas.ts';
import { ERROR_DETAIL_SCHEMA, ERROR_RESPONSE_SCHEMA } from './schemas/error-schemas.ts';

/** The contract decisions that hold for every route; route descriptions add their own. */
const API_DESCRIPTION = `contactd serves CRM contact records over a surface wire-compatible with the Reevo Public API v2 contact endpoints.

**Auth.** Send the API key as \`Authorization: Bearer <key>\` or \`X-Api-Key: <key>\`. Keys belong to a user of one organization; every read and write is scoped to that organization.

**Records.** A contact travels as \`{"data": record}\`; a record is \`{id, created_at, updated_at, attributes, record_type: "contact"}\`. Every attribute of the catalog is always present, as an envelope \`{"value": ..., "value_type": "..."}\` (lists: an array of envelopes); unset scalars have \`value: null\`, unset lists are \`[]\`. GET /api/v2/_schema/contact describes every attribute.

**Writes.** Bodies are \`{"attributes": {...}}\`; each attribute may be a raw value (\`"first_name": "Sarah"\`) or the read envelope (\`{"value": "Sarah", "value_type": "string"}\`); an envelope whose value_type does not match is \`field_value_invalid\`. PATCH is partial: omitted attributes are untouched, \`null\` clears, a list replaces the whole list. \`display_name\` is derived (first_name + " " + last_name, else primary_email) and never writable. Every problem of a request is reported in one 422.

**Primary email and phone.** When a contact has emails exactly one is primary and \`primary_email\` equals it. Setting \`primary_email\` to a listed address promotes it; to a new one adds it as primary and keeps the old primary as a secondary; \`null\` removes the primary item and promotes the oldest remaining one. A \`contact_emails\` list without a primary makes its first item primary; two primaries are invalid. Phones follow the same rules (E.164).

**Versions.** Every successful write bumps the contact's version; responses carry \`ETag: W/"<version>"\`. PATCH and DELETE (and the item routes) honour \`If-Match\` and answer 412 \`precondition_failed\` on a mismatch.

**Archive.** DELETE archives: the contact stays readable by GET with \`archived_at\` set, is left out of _query unless a filter names archived_at, and rejects changes with 409 \`record_archived\`.

**Bodies.** JSON in UTF-8 (\`Content-Type: application/json\`, optionally \`; charset=utf-8\`): another charset is 415 \`unsupported_media_type\`, bytes that are not UTF-8, or an object naming a member twice, are 400 \`malformed_json\` (nothing is stored). A body may be compressed with \`Content-Encoding: gzip\`, \`deflate\` or \`br\` (another encoding is 415); the body limit applies to the bytes sent and to what they decompress to (413 \`payload_too_large\`). Large answers (_query, event/_query, history, _batch, _export, import error reports, webhook lists and deliveries, _schema, this document) are compressed when Accept-Encoding allows br, gzip or deflate and the body is at least 1 KiB; one contact's answer never is.

**Errors.** Every error is \`{"error": {code, message, request_id, details}}\`; \`details\` lists every problem with Reevo's machine codes. A method or path that no route answers (including a path that is not valid percent-encoding) is 404 \`route_not_found\`.`;

export const OPENAPI_TAGS = [
  { name: 'contacts', description: 'Create, read, patch, archive, query and upsert contact records.' },
  { name: 'contact sub-resources', description: 'Add, change and remove single items of contact_emails and contact_phone_numbers; the primary invariant and email uniqueness hold after every change.' },
  { name: 'events', description: 'The change log: every write appends one event in its own transaction. Read it as a feed (with long polling) or as one contact\'s history.' },
  { name: 'webhooks', description: 'Subscriptions that have contactd POST change events to your URL: signed (Standard Webhooks), retried, one contact\'s events in order, at least once. The webhooks section of this document describes what your endpoint receives.' },
  { name: 'schema', description: 'The contact attribute catalog, as Reevo\'s object schema.' },
  { name: 'meta', description: 'Health and this document; no API key needed.' },
];

/**
 * Registers @fastify/swagger (OpenAPI 3.1) and the shared wire schemas. Call before adding routes:
 * the document is built from the routes registered after it.
 */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'contactd', version, description: API_DESCRIPTION, license: { name: 'MIT', identifier: 'MIT' } },
      tags: OPENAPI_TAGS,
      webhooks: OPENAPI_WEBHOOKS,
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <api-key>' },
          metricsToken: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <METRICS_TOKEN>, on GET /metrics only, when the server sets METRICS_TOKEN (not an API key)' },
          apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'X-Api-Key: <api-key>' },
        },
      },
    },
    // OpenAPI 3.1 is JSON Schema 2020-12: const needs no rewriting to a one-value enum.
    convertConstToEnum: false,
    // Components are named by their $id (ContactRecord, ErrorResponse, ...) instead of def-N.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  for (const schema of [...WIRE_SCHEMAS, ...EVENT_SCHEMAS, ...WEBHOOK_SCHEMAS, ...BULK_SCHEMAS, ERROR_DETAIL_SCHEMA, ERROR_RESPONSE_SCHEMA]) app.addSchema(schema);
}
