import type { AttributeDef } from '../domain/catalog/contact-catalog.ts';
import type { CustomAttribute } from '../domain/catalog/custom-attribute.ts';
import { customAttributeDef, type ContactCatalog } from '../domain/catalog/organization-catalog.ts';

/** One attribute as `_schema` lists it; a custom one adds its id, options, archived_at and timestamps. */
export function renderAttribute(def: AttributeDef): Record<string, unknown> {
  // An archived custom attribute takes no value in a write, filter or sort until it is restored: it says so.
  const live = def.definition?.archivedAt == null;
  const wire: Record<string, unknown> = {
    api_name: def.apiName,
    display_name: def.displayName,
    is_creatable: live && def.isCreatable,
    is_updatable: live && def.isUpdatable,
    type_info: { is_array: def.isList, value_type: def.valueType },
    description: def.description,
    is_required_on_create: def.isRequiredOnCreate,
    is_unique: def.isUnique,
    is_custom: def.isCustom,
    is_sortable: live && def.isSortable,
    is_filterable: live && def.isFilterable,
    filter_operators: live ? def.filterOperators : [],
  };
  const c = def.definition;
  if (c === null) return wire;
  return {
    id: c.id,
    ...wire,
    options: c.options.map((o) => ({ id: o.id, api_name: o.apiName, display_value: o.displayValue, color: o.color })),
    archived_at: c.archivedAt,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

/** A custom attribute definition on the wire (the definition endpoints' `data`). */
export const renderDefinition = (c: CustomAttribute): Record<string, unknown> => renderAttribute(customAttributeDef(c));

/** The contact object schema of one organization: standard attributes, then its custom ones (archived ones on request). */
export function contactSchemaDocument(catalog: ContactCatalog, includeArchived: boolean): Record<string, unknown> {
  const archived = includeArchived ? catalog.definitions.filter((d) => d.archivedAt !== null).map(renderDefinition) : [];
  return {
    api_name: 'contact',
    display_name: 'Contact',
    is_custom: false,
    is_junction: false,
    supports_custom_fields: true,
    description: 'A person the organization is in contact with. Custom attributes (is_custom: true) follow the standard ones.',
    attributes: [...catalog.attributes.map(renderAttribute), ...archived],
    relationships: [],
  };
}
