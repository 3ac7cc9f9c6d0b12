import type { ContactCatalog } from './catalog/organization-catalog.ts';
import type { Contact } from './contact.ts';
import type { ContactQueryPlan } from './contact-query.ts';
import type { ContactStage } from './stages.ts';
import type { PendingEvent } from './contact-events.ts';
import type { Claim, StoredResponse } from './idempotency.ts';
import type { ImportCheckpoint } from './import-job-store.ts';

/** A response stored under an Idempotency-Key in the write's own transaction, rendered from the written contact. */
export interface IdempotentWrite {
  claim: Claim;
  response(contact: Contact): StoredResponse;
}

/**
 * What commits with a write, all or nothing: its event and, when the request carries an Idempotency-Key,
 * its response. The use case says what changed; storage decides how it lands.
 */
export interface WriteEffects {
  /** The write's event, from the state it replaces (null for a create) and the next one. */
  event(previous: Contact | null, next: Contact): PendingEvent;
  idempotent: IdempotentWrite | null;
}

/** The port storage implements for contacts. Every method is scoped by organization. */
export interface ContactStore {
  findById(organizationId: string, id: string): Promise<Contact | null>;
  /**
   * Throws AppError duplicate_value when an email or a unique custom value is held by another live contact.
   * The catalog says how the contact's custom values are indexed; the effects commit with the insert.
   */
  insert(contact: Contact, catalog: ContactCatalog, effects: WriteEffects): Promise<Contact>;
  /**
   * Read-modify-write under the contact's write lock: mutate sees the committed current state and
   * returns the next one (or throws, which changes nothing; returning current writes nothing). The effects
   * commit with the write. Throws record_not_found / duplicate_value.
   */
  update(organizationId: string, id: string, mutate: (current: Contact) => Contact, catalog: ContactCatalog, effects: WriteEffects): Promise<Contact>;
  /**
   * Right to erasure, in one transaction: check sees the current contact (and throws to refuse); then the
   * contact, its items and its custom value rows are deleted, its earlier events lose their changes, stored
   * idempotent responses carrying it are dropped, and the event built from the contact is appended.
   */
  purge(organizationId: string, id: string, check: (current: Contact) => void, event: (current: Contact) => PendingEvent): Promise<void>;
  /**
   * Bulk create (imports): every contact with its list rows, custom value rows and its event (one each, in
   * order), all or nothing; in a unit of work, as a savepoint of it. False, with nothing written, when a
   * unique index refused a row (an email or a unique custom value another contact holds); other errors throw.
   */
  insertMany(contacts: readonly Contact[], catalog: ContactCatalog, events: readonly PendingEvent[]): Promise<boolean>;
  /**
   * Of contacts about to be created, the positions of those holding an email or a unique custom value
   * that a live contact already holds (one query per kind, however many contacts).
   */
  conflicting(organizationId: string, contacts: readonly Contact[], catalog: ContactCatalog): Promise<Set<number>>;
  /** One page of a query: at most plan.limit contacts in plan.sort order, strictly after plan.after. */
  query(organizationId: string, plan: ContactQueryPlan): Promise<Contact[]>;
  stages(organizationId: string): Promise<ContactStage[]>;
  /**
   * Every contact the plan selects, in its sort order, from one consistent snapshot, batchSize at a time
   * (keyset, no page limit); the batch after next is read only once onBatch resolves (the next is read
   * while onBatch runs), so a slow consumer holds two batches, never the whole export.
   */
  exportBatches(organizationId: string, plan: ContactQueryPlan, batchSize: number, onBatch: (contacts: Contact[]) => Promise<void>): Promise<void>;
  /** Of the given ids, those that are users of the organization. */
  existingUserIds(organizationId: string, ids: string[]): Promise<Set<string>>;
  existingTeamIds(organizationId: string, ids: string[]): Promise<Set<string>>;
  /** User ids by (lower-case) email. */
  userIdsByEmail(organizationId: string, emails: string[]): Promise<Map<string, string[]>>;
  /** Team ids by name compared case-insensitively, keyed by the lower-cased name. */
  teamIdsByName(organizationId: string, names: string[]): Promise<Map<string, string[]>>;
}

/** A store whose reads and writes share one transaction, and the unit's idempotent response. */
export interface ContactUnitOfWork extends ContactStore {
  /**
   * Runs fn with a store bound to one transaction: commits when fn resolves, rolls back when it throws.
   * Each write inside is all-or-nothing by itself (a failed write leaves nothing, the unit goes on).
   */
  unitOfWork<T>(organizationId: string, fn: (unit: ContactUnitOfWork) => Promise<T>): Promise<T>;
  /** Inside a unit: stores the response under the claim, committing with the unit. */
  storeResponse(claim: Claim, response: StoredResponse): Promise<void>;
  /** Inside a unit: records an import job's progress, committing with the unit; throws when the job's claim is lost. */
  saveImportCheckpoint(checkpoint: ImportCheckpoint): Promise<void>;
  /**
   * Inside a unit: locks these contacts (those that exist) until it ends, in one order every unit uses, so
   * two units that write the same contacts in other orders wait for each other instead of deadlocking.
   */
  lockContacts(organizationId: string, ids: readonly string[]): Promise<void>;
}
