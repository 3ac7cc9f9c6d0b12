import type { ContactCatalog } from './catalog/organization-catalog.ts';
import type { Contact } from './contact.ts';
import type { ContactQueryPlan } from './contact-query.ts';
import type { ContactStage } from './stages.ts';

/** The port storage implements for contacts. Every method is scoped by organization. */
export interface ContactStore {
  findById(organizationId: string, id: string): Promise<Contact | null>;
  /**
   * Throws AppError duplicate_value when an email or a unique custom value is held by another live contact.
   * The catalog says how the contact's custom values are indexed.
   */
  insert(contact: Contact, catalog: ContactCatalog): Promise<Contact>;
  /**
   * Read-modify-write under the contact's write lock: mutate sees the committed current state and
   * returns the next one (or throws, which changes nothing). Throws record_not_found / duplicate_value.
   */
  update(organizationId: string, id: string, mutate: (current: Contact) => Contact, catalog: ContactCatalog): Promise<Contact>;
  /** One page of a query: at most plan.limit contacts in plan.sort order, strictly after plan.after. */
  query(organizationId: string, plan: ContactQueryPlan): Promise<Contact[]>;
  stages(organizationId: string): Promise<ContactStage[]>;
  /** Of the given ids, those that are users of the organization. */
  existingUserIds(organizationId: string, ids: string[]): Promise<Set<string>>;
  existingTeamIds(organizationId: string, ids: string[]): Promise<Set<string>>;
  /** User ids by (lower-case) email. */
  userIdsByEmail(organizationId: string, emails: string[]): Promise<Map<string, string[]>>;
  /** Team ids by name compared case-insensitively, keyed by the lower-cased name. */
  teamIdsByName(organizationId: string, names: string[]): Promise<Map<string, string[]>>;
}
