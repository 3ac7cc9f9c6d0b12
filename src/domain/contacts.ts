import type { CountryCode } from 'libphonenumber-js';
import { applyChanges, ensureOnePrimary, newContact, parseWriteBody, primaryOf, resolveChanges, stampWrite, type AttributeChanges, type WriteMode } from './contact-write.ts';
import { deriveDisplayName, type Contact, type ListAttribute } from './contact.ts';
import type { ContactStore } from './contact-store.ts';
import { AppError, throwIfInvalid, type ErrorDetail } from './errors.ts';
import { isUuid, newId, nowIso } from './ids.ts';
import type { ContactStage } from './stages.ts';
import { parseContactItem, type ContactItem } from './values/contact-item.ts';
import { EMAIL_ITEM } from './values/contact-email.ts';
import { PHONE_ITEM } from './values/contact-phone-number.ts';
import type { ParseContext } from './values/value-codec.ts';

/** Who is acting: the organization and user behind the calling API key. */
export interface Actor {
  organizationId: string;
  userId: string;
}

export interface WriteOptions {
  /** The version an If-Match header demands, or null when the write is unconditional. */
  expectedVersion?: number | null;
}

const ITEM_KINDS = { contact_emails: EMAIL_ITEM, contact_phone_numbers: PHONE_ITEM } as const;
const PRIMARY_OF = { contact_emails: 'primary_email', contact_phone_numbers: 'primary_phone_number' } as const;

export function notFound(id: string): AppError {
  return new AppError('record_not_found', `no contact ${id}`);
}

/** The contact use cases: create, read, patch, archive and the email / phone sub-resources. */
export class Contacts {
  private readonly parseContext: ParseContext;

  constructor(
    readonly store: ContactStore,
    options: { defaultPhoneRegion: CountryCode },
    private readonly clock: () => string = nowIso,
  ) {
    this.parseContext = { defaultPhoneRegion: options.defaultPhoneRegion };
  }

  stages(organizationId: string): Promise<ContactStage[]> {
    return this.store.stages(organizationId);
  }

  /** Parses and resolves a write body; throws one 422 with every problem. */
  async prepareWrite(actor: Actor, body: unknown, mode: WriteMode, allowedTopLevel: readonly string[] = []): Promise<AttributeChanges> {
    const { changes, details } = parseWriteBody(body, mode, this.parseContext, allowedTopLevel);
    const stages = await this.store.stages(actor.organizationId);
    const { resolved, details: refDetails } = await resolveChanges(changes, actor.organizationId, this.store, stages);
    throwIfInvalid([...details, ...refDetails]);
    return resolved;
  }

  async create(actor: Actor, body: unknown): Promise<Contact> {
    const changes = await this.prepareWrite(actor, body, 'create');
    return this.createPrepared(actor, changes);
  }

  async createPrepared(actor: Actor, changes: AttributeChanges): Promise<Contact> {
    const stages = await this.store.stages(actor.organizationId);
    const defaultStage = stages.find((s) => s.isDefault) ?? stages[0];
    const contact = applyChanges(newContact(actor.organizationId, actor.userId, this.clock(), defaultStage?.id ?? null), changes);
    return this.store.insert({ ...contact, version: 1 });
  }

  async get(actor: Actor, id: string): Promise<Contact> {
    if (!isUuid(id)) throw notFound(id);
    const contact = await this.store.findById(actor.organizationId, id.toLowerCase());
    if (contact === null) throw notFound(id);
    return contact;
  }

  async patch(actor: Actor, id: string, body: unknown, options: WriteOptions = {}): Promise<Contact> {
    if (!isUuid(id)) throw notFound(id);
    const changes = await this.prepareWrite(actor, body, 'update');
    return this.patchPrepared(actor, id, changes, options);
  }

  patchPrepared(actor: Actor, id: string, changes: AttributeChanges, options: WriteOptions = {}): Promise<Contact> {
    return this.mutate(actor, id, options, (current) => applyChanges(current, changes));
  }

  /** Archives (soft-deletes) a contact; archiving an archived contact changes nothing. */
  async archive(actor: Actor, id: string, options: WriteOptions = {}): Promise<Contact> {
    if (!isUuid(id)) throw notFound(id);
    return this.store.update(actor.organizationId, id.toLowerCase(), (current) => {
      checkVersion(current, options);
      if (current.archived_at !== null) return current;
      const now = this.clock();
      return { ...stampWrite(current, actor.userId, now), archived_at: now, archived_by_user_id: actor.userId };
    });
  }

  async addItem(actor: Actor, id: string, list: ListAttribute, body: unknown, options: WriteOptions = {}): Promise<{ contact: Contact; item: ContactItem }> {
    if (!isUuid(id)) throw notFound(id);
    const input = this.parseItem(list, body, false);
    let itemId = '';
    const contact = await this.mutate(actor, id, options, (current) => {
      const items = current[list];
      if (items.some((i) => i.value === input.value)) {
        throw new AppError('duplicate_value', `${input.value} is already on this contact`, [{ code: 'duplicate_value', field: list, path: `/${ITEM_KINDS[list].field}`, message: `${input.value} is already on this contact`, existing_contact_id: current.id }]);
      }
      itemId = newId();
      const primary = input.isPrimary === true || items.length === 0;
      const added: ContactItem = { id: itemId, value: input.value as string, isPrimary: primary, labels: input.labels ?? [] };
      return withItems(current, list, [...items.map((i) => (primary ? { ...i, isPrimary: false } : i)), added]);
    });
    return { contact, item: findItem(contact, list, itemId) };
  }

  async patchItem(actor: Actor, id: string, list: ListAttribute, itemId: string, body: unknown, options: WriteOptions = {}): Promise<{ contact: Contact; item: ContactItem }> {
    if (!isUuid(id)) throw notFound(id);
    const input = this.parseItem(list, body, true);
    const contact = await this.mutate(actor, id, options, (current) => {
      const items = current[list];
      const target = items.find((i) => i.id === itemId.toLowerCase());
      if (target === undefined) throw itemNotFound(list, itemId);
      if (input.value !== undefined && input.value !== target.value && items.some((i) => i.value === input.value)) {
        throw new AppError('duplicate_value', `${input.value} is already on this contact`, [{ code: 'duplicate_value', field: list, message: `${input.value} is already on this contact`, existing_contact_id: current.id }]);
      }
      let next = items.map((i) => (i.id === target.id ? { ...i, value: input.value ?? i.value, labels: input.labels ?? i.labels } : i));
      if (input.isPrimary === true) next = next.map((i) => ({ ...i, isPrimary: i.id === target.id }));
      if (input.isPrimary === false && target.isPrimary) {
        const successor = next.find((i) => i.id !== target.id);
        if (successor === undefined) throw invalidItem(list, 'is_primary', 'the only item of the list must stay primary; add another item first');
        next = next.map((i) => ({ ...i, isPrimary: i.id === successor.id }));
      }
      return withItems(current, list, next);
    });
    return { contact, item: findItem(contact, list, itemId.toLowerCase()) };
  }

  async deleteItem(actor: Actor, id: string, list: ListAttribute, itemId: string, options: WriteOptions = {}): Promise<Contact> {
    if (!isUuid(id)) throw notFound(id);
    return this.mutate(actor, id, options, (current) => {
      const items = current[list];
      if (!items.some((i) => i.id === itemId.toLowerCase())) throw itemNotFound(list, itemId);
      return withItems(current, list, ensureOnePrimary(items.filter((i) => i.id !== itemId.toLowerCase())));
    });
  }

  private mutate(actor: Actor, id: string, options: WriteOptions, change: (current: Contact) => Contact): Promise<Contact> {
    return this.store.update(actor.organizationId, id.toLowerCase(), (current) => {
      checkVersion(current, options);
      if (current.archived_at !== null) throw new AppError('record_archived', `contact ${current.id} is archived and cannot be changed`);
      return stampWrite(change(current), actor.userId, this.clock());
    });
  }

  private parseItem(list: ListAttribute, body: unknown, partial: boolean) {
    const kind = ITEM_KINDS[list];
    if (typeof body === 'string' || body === null || body === undefined || typeof body !== 'object' || Array.isArray(body)) {
      throw invalidItem(list, '', `the body must be a JSON object with ${kind.field}, is_primary and labels`);
    }
    if ('id' in body) throw invalidItem(list, 'id', 'the item id is assigned by the server');
    const parsed = parseContactItem(kind, body, this.parseContext.defaultPhoneRegion, partial);
    if (!parsed.ok) throw invalidItem(list, '', parsed.message);
    if (partial && Object.keys(body).length === 0) throw invalidItem(list, '', `name at least one of ${kind.field}, is_primary, labels`);
    return parsed.value;
  }
}

function checkVersion(current: Contact, options: WriteOptions): void {
  if (options.expectedVersion != null && options.expectedVersion !== current.version) {
    throw new AppError('precondition_failed', `If-Match does not match: the contact is at version ${current.version}`, [
      { code: 'precondition_failed', message: `expected version ${options.expectedVersion}, current version ${current.version}`, current_etag: `W/"${current.version}"` },
    ]);
  }
}

function withItems(current: Contact, list: ListAttribute, items: ContactItem[]): Contact {
  const next = { ...current, [list]: items, [PRIMARY_OF[list]]: primaryOf(items) };
  return { ...next, display_name: deriveDisplayName(next) };
}

function findItem(contact: Contact, list: ListAttribute, itemId: string): ContactItem {
  const item = contact[list].find((i) => i.id === itemId);
  if (item === undefined) throw itemNotFound(list, itemId);
  return item;
}

function itemNotFound(list: ListAttribute, itemId: string): AppError {
  return new AppError('record_not_found', `no ${list === 'contact_emails' ? 'email' : 'phone number'} item ${itemId} on this contact`);
}

function invalidItem(list: ListAttribute, member: string, message: string): AppError {
  const detail: ErrorDetail = { code: 'field_value_invalid', field: list, path: member === '' ? '' : `/${member}`, message };
  return new AppError('validation_failed', message, [detail]);
}
