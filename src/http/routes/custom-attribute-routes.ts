import { principalOf } from '../auth.ts';
import { renderDefinition } from '../attribute-definition.ts';
import { ignoreEmptyBodyContentType } from '../empty-body.ts';
import { emptyResponse, jsonBody, jsonResponse } from '../schemas/response-schemas.ts';
import type { RouteFactory } from './route-deps.ts';

const BASE = '/api/v2/_schema/contact/attributes';
const PROPAGATION = 'Every server process honours the change within 2 seconds; the change never rewrites or locks the contacts.';

export const createCustomAttribute: RouteFactory = ({ customAttributes }) => ({
  method: 'POST',
  url: BASE,
  config: { permission: 'schema:write', errors: ['duplicate_value'] },
  schema: {
    operationId: 'createCustomAttribute',
    tags: ['schema'],
    summary: 'Define a custom contact attribute',
    description: [
      'Adds an attribute of the organization\'s own to every contact: it renders in every record after the standard attributes (null or [] until set), is writable through POST, PATCH and _assert, and filterable and sortable in _query with the operators of its value_type (see GET /api/v2/_schema/contact).',
      'api_name matches ^[a-z][a-z0-9_]{0,62}$ and is never a standard attribute nor a name used before in the organization, archived or not (409 duplicate_value). is_unique (not for boolean, select, long_text or lists) makes the value unique among the organization\'s live contacts (409 duplicate_value with existing_contact_id) and a match key of _assert.',
      'At most CUSTOM_ATTRIBUTES_MAX (default 500) live attributes per organization: 422 with detail limit_exceeded.',
      PROPAGATION,
    ].join('\n\n'),
    body: jsonBody('CustomAttributeCreateBody'),
    response: { 201: jsonResponse('The new definition.', 'CustomAttributeResponse') },
  },
  handler: async (request, reply) => {
    const definition = await customAttributes.create(principalOf(request).organizationId, request.body);
    return reply.status(201).send({ data: renderDefinition(definition) });
  },
});

export const patchCustomAttribute: RouteFactory = ({ customAttributes }) => ({
  method: 'PATCH',
  url: `${BASE}/:api_name`,
  config: { permission: 'schema:write', errors: ['record_not_found'] },
  schema: {
    operationId: 'patchCustomAttribute',
    tags: ['schema'],
    summary: 'Change a custom attribute definition',
    description: [
      'Changes display_name, description, is_required_on_create or options (select only). api_name, value_type, is_array and is_unique are immutable (422 field_not_updatable). Options keep their id: name an existing option by id or api_name to change its display_value or color, send new ones without an id; an existing option cannot be removed (contacts may hold it).',
      PROPAGATION,
    ].join('\n\n'),
    body: jsonBody('CustomAttributePatchBody'),
    response: { 200: jsonResponse('The changed definition.', 'CustomAttributeResponse') },
  },
  handler: async (request) => {
    const { api_name } = request.params as { api_name: string };
    return { data: renderDefinition(await customAttributes.patch(principalOf(request).organizationId, api_name, request.body)) };
  },
});

export const archiveCustomAttribute: RouteFactory = ({ customAttributes }) => ({
  method: 'DELETE',
  url: `${BASE}/:api_name`,
  config: { permission: 'schema:write', errors: ['record_not_found'] },
  onRequest: ignoreEmptyBodyContentType,
  schema: {
    operationId: 'archiveCustomAttribute',
    tags: ['schema'],
    summary: 'Archive a custom attribute',
    description: [
      'The attribute leaves records, _schema (unless include_archived=true), filters and writes (422 unknown_field); its values stay stored and come back with _restore. Its api_name stays taken. Archiving an archived attribute changes nothing.',
      PROPAGATION,
    ].join('\n\n'),
    response: { 204: emptyResponse('Archived.') },
  },
  handler: async (request, reply) => {
    const { api_name } = request.params as { api_name: string };
    await customAttributes.archive(principalOf(request).organizationId, api_name);
    return reply.status(204).send();
  },
});

export const restoreCustomAttribute: RouteFactory = ({ customAttributes }) => ({
  method: 'POST',
  url: `${BASE}/:api_name/_restore`,
  config: { permission: 'schema:write', errors: ['record_not_found', 'record_not_archived', 'validation_failed'] },
  onRequest: ignoreEmptyBodyContentType,
  schema: {
    operationId: 'restoreCustomAttribute',
    tags: ['schema'],
    summary: 'Restore an archived custom attribute',
    description: [
      'Brings an archived attribute back with every value it had; 409 record_not_archived when it is live. It counts against CUSTOM_ATTRIBUTES_MAX again (422 limit_exceeded).',
      PROPAGATION,
    ].join('\n\n'),
    response: { 200: jsonResponse('The restored definition.', 'CustomAttributeResponse') },
  },
  handler: async (request) => {
    const { api_name } = request.params as { api_name: string };
    return { data: renderDefinition(await customAttributes.restore(principalOf(request).organizationId, api_name)) };
  },
});
