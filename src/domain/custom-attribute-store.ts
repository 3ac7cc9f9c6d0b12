import type { CustomAttribute } from './catalog/custom-attribute.ts';

/** The port storage implements for custom attribute definitions. Every method is scoped by organization. */
export interface CustomAttributeStore {
  /** Every definition of the organization (archived included) in definition order, and the schema version they belong to. */
  customAttributes(organizationId: string): Promise<{ definitions: CustomAttribute[]; version: number }>;
  /** The organization's schema version: it grows with every definition change; 0 before the first. */
  schemaVersion(organizationId: string): Promise<number>;
  /**
   * Stores a new definition and bumps the schema version, all or nothing. Throws duplicate_value when the
   * api_name was ever used in the organization, validation_failed (limit_exceeded) when maxLive are live.
   */
  createCustomAttribute(attribute: CustomAttribute, maxLive: number): Promise<void>;
  /**
   * Replaces a stored definition (same id) and bumps the schema version, unless the stored definition is no
   * longer `previous` (another change committed since it was read): then nothing is written and it answers
   * false. With maxLive (a restore), fails with validation_failed (limit_exceeded) when that many other
   * definitions are live.
   */
  saveCustomAttribute(attribute: CustomAttribute, maxLive: number | null, previous: CustomAttribute): Promise<boolean>;
}
