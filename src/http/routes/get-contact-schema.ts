import { CONTACT_CATALOG } from '../../domain/catalog/contact-catalog.ts';
import { jsonResponse } from '../schemas/response-schemas.ts';
import type { RouteFactory } from './route-deps.ts';

/** The catalog as Reevo's object schema; built once, since the catalog is static. */
export const CONTACT_SCHEMA_DOCUMENT = {
  api_name: 'contact',
  display_name: 'Contact',
  is_custom: false,
  is_junction: false,
  supports_custom_fields: false,
  description: 'A person the organization is in contact with.',
  attributes: CONTACT_CATALOG.map((a) => ({
    api_name: a.apiName,
    display_name: a.displayName,
    is_creatable: a.isCreatable,
    is_updatable: a.isUpdatable,
    type_info: { is_array: a.isList, value_type: a.valueType },
    description: a.description,
    is_required_on_create: a.isRequiredOnCreate,
    is_unique: a.isUnique,
    is_custom: false,
    is_sortable: a.isSortable,
    is_filterable: a.isFilterable,
    filter_operators: a.filterOperators,
  })),
  relationships: [],
};

export const getContactSchema: RouteFactory = () => ({
  method: 'GET',
  url: '/api/v2/_schema/contact',
  config: { permission: 'contacts:read' },
  schema: {
    operationId: 'getContactSchema',
    tags: ['schema'],
    summary: 'Describe the contact object',
    description: 'Every attribute of the contact catalog with its value_type, whether it is a list, creatable, updatable, unique, sortable and filterable, and its filter operators. Generated from the same catalog that validates writes and drives this document.',
    response: { 200: jsonResponse('The contact object schema.', 'ObjectSchemaResponse') },
  },
  handler: async () => ({ data: CONTACT_SCHEMA_DOCUMENT }),
});
