import { principalOf } from '../auth.ts';
import { contactSchemaDocument } from '../attribute-definition.ts';
import { throwIfInvalid } from '../../domain/errors.ts';
import { describe } from '../../domain/values/value-codec.ts';
import { jsonResponse } from '../schemas/response-schemas.ts';
import type { RouteFactory } from './route-deps.ts';
import { LARGE_RESPONSE } from '../compression.ts';

export const getContactSchema: RouteFactory = ({ contacts }) => ({
  method: 'GET',
  url: '/api/v2/_schema/contact',
  compress: LARGE_RESPONSE,
  config: { permission: 'contacts:read', errors: ['validation_failed'] },
  schema: {
    operationId: 'getContactSchema',
    tags: ['schema'],
    summary: 'Describe the contact object',
    description: [
      'Every attribute of the organization\'s contact catalog with its value_type, whether it is a list, creatable, updatable, unique, sortable and filterable, and its filter operators: the standard attributes, then the organization\'s custom attributes (is_custom: true, with their id, options, archived_at and timestamps) in the order they were defined. Generated from the same catalog that validates writes.',
      'Archived custom attributes are left out unless `include_archived=true` (then listed with is_creatable, is_updatable, is_filterable and is_sortable false and no filter_operators: nothing takes them until they are restored); any value but `true` or `false` is 422 field_value_invalid. A definition change made through any server process shows here (and in every record, filter and write) within 2 seconds.',
    ].join('\n\n'),
    querystring: { type: 'object', properties: { include_archived: { type: 'string', enum: ['true', 'false'], description: 'true lists archived custom attributes too (after the live ones).' } } },
    response: { 200: jsonResponse('The contact object schema.', 'ObjectSchemaResponse') },
  },
  handler: async (request) => {
    const principal = principalOf(request);
    const { include_archived } = request.query as { include_archived?: unknown };
    if (include_archived !== undefined && include_archived !== 'true' && include_archived !== 'false') {
      throwIfInvalid([{ code: 'field_value_invalid', field: 'include_archived', path: '/include_archived', message: `include_archived is true or false, got ${describe(include_archived)}` }]);
    }
    const catalog = await contacts.catalog(principal.organizationId);
    return { data: contactSchemaDocument(catalog, include_archived === 'true') };
  },
});
