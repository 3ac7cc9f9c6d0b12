import { OPERATORS_BY_VALUE_TYPE } from './filter-operators.ts';
import { CONTACT_CATALOG, type AttributeDef } from './contact-catalog.ts';
import { CUSTOM_TYPE_SPECS, SEARCHED_CUSTOM_TYPES, type CustomAttribute } from './custom-attribute.ts';

/** A custom attribute as a catalog row: writable, nullable, with the operators and sortability of its type. */
export function customAttributeDef(c: CustomAttribute): AttributeDef {
  const spec = CUSTOM_TYPE_SPECS[c.valueType];
  const operators = spec.filterColumn === null ? OPERATORS_BY_VALUE_TYPE.long_text : OPERATORS_BY_VALUE_TYPE[c.valueType];
  return {
    apiName: c.apiName,
    displayName: c.displayName,
    valueType: c.valueType,
    isList: c.isArray,
    isCreatable: true,
    isUpdatable: true,
    isNullable: true,
    isRequiredOnCreate: c.isRequiredOnCreate,
    isUnique: c.isUnique,
    isSortable: !c.isArray && spec.sortColumn !== null,
    isFilterable: true,
    filterOperators: operators,
    // Its values are in the contact's search_text (src/storage/search-text.ts).
    isSearchable: SEARCHED_CUSTOM_TYPES.has(c.valueType),
    referenceTarget: c.valueType === 'record_reference' ? 'user' : null,
    description: c.description,
    isCustom: true,
    definition: c,
    storage: { kind: 'custom' },
    codec: spec.codec(c.options),
  };
}

/**
 * One organization's contact catalog: the standard attributes, then its live custom attributes in the
 * order they were defined. Parsing, rendering, _schema and the query compiler all read this one object.
 */
export class ContactCatalog {
  /** Standard then live custom attributes, in response order. */
  readonly attributes: readonly AttributeDef[];
  /** The live custom attributes. */
  readonly custom: readonly AttributeDef[];
  private readonly byName: ReadonlyMap<string, AttributeDef>;
  private readonly all: ReadonlyMap<string, CustomAttribute>;

  constructor(
    /** Every definition of the organization, archived ones included, in definition order. */
    readonly definitions: readonly CustomAttribute[],
    /** The organization's schema version this was read at. */
    readonly version: number,
  ) {
    this.custom = definitions.filter((d) => d.archivedAt === null).map(customAttributeDef);
    this.attributes = [...CONTACT_CATALOG, ...this.custom];
    this.byName = new Map(this.attributes.map((a) => [a.apiName, a]));
    this.all = new Map(definitions.map((d) => [d.apiName, d]));
  }

  /** A live attribute by api_name (archived custom attributes are unknown to reads, writes and filters). */
  get(apiName: string): AttributeDef | undefined {
    return this.byName.get(apiName);
  }

  /** A definition by api_name, archived or not. */
  definition(apiName: string): CustomAttribute | undefined {
    return this.all.get(apiName);
  }

  /**
   * Why a request cannot use `name` (one get does not know), said the same way by writes, filters and sorts:
   * an archived custom attribute (restore it to `use` it), or no attribute at all.
   */
  unknownName(name: string, use: 'write it' | 'filter on it' | 'sort on it'): string {
    return this.all.get(name)?.archivedAt != null
      ? `${name} is an archived custom attribute; restore it to ${use}`
      : `${JSON.stringify(name)} is not a contact attribute (see GET /api/v2/_schema/contact)`;
  }
}

/** The catalog of an organization without custom attributes. */
export const STANDARD_CATALOG = new ContactCatalog([], 0);
