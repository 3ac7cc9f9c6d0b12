import { CONTACT_CATALOG } from '../domain/catalog/contact-catalog.ts';
import type { Contact } from '../domain/contact.ts';
import type { ContactItem, ItemLabel } from '../domain/values/contact-item.ts';
import type { ContactEmailRow, ContactParticipantRow, ContactPhoneNumberRow, ContactRow } from './schema.ts';

/** Catalog attributes stored as a column of `contacts` under their own name. */
export const SCALAR_COLUMNS = CONTACT_CATALOG.filter((a) => !a.isList).map((a) => ({ name: a.apiName as keyof ContactRow & keyof Contact, valueType: a.valueType }));

const JSON_TYPES = new Set(['address', 'created_source_form_submission_details']);

export function toContactRow(contact: Contact): ContactRow {
  const row = { organization_id: contact.organization_id, id: contact.id, version: contact.version } as Record<string, unknown>;
  for (const { name, valueType } of SCALAR_COLUMNS) {
    const value = contact[name];
    if (value === null) row[name] = null;
    else if (valueType === 'boolean') row[name] = value ? 1 : 0;
    else if (JSON_TYPES.has(valueType)) row[name] = JSON.stringify(value);
    else row[name] = value;
  }
  return row as unknown as ContactRow;
}

/** The columns whose stored value differs between two rows of one contact: what an UPDATE must set. */
export function changedColumns(before: ContactRow, after: ContactRow): Partial<ContactRow> {
  const changed: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(after)) {
    if (value !== (before as unknown as Record<string, unknown>)[name]) changed[name] = value;
  }
  return changed as Partial<ContactRow>;
}

/** The columns of a list item row that the domain reads. */
type ItemFields = 'id' | 'is_primary' | 'labels';
export type EmailItemRow = Pick<ContactEmailRow, ItemFields | 'email'>;
export type PhoneItemRow = Pick<ContactPhoneNumberRow, ItemFields | 'phone_number'>;
export type ParticipantItemRow = Pick<ContactParticipantRow, 'user_id'>;

export function fromContactRow(row: ContactRow, emails: EmailItemRow[], phones: PhoneItemRow[], participants: ParticipantItemRow[]): Contact {
  const contact = { version: Number(row.version) } as Record<string, unknown>;
  for (const { name, valueType } of SCALAR_COLUMNS) {
    const value = row[name];
    if (value === null || value === undefined) contact[name] = null;
    else if (valueType === 'boolean') contact[name] = Number(value) === 1;
    else if (JSON_TYPES.has(valueType)) contact[name] = JSON.parse(value as string);
    else contact[name] = value;
  }
  contact.contact_emails = emails.map((e) => toItem(e, e.email));
  contact.contact_phone_numbers = phones.map((p) => toItem(p, p.phone_number));
  contact.participant_user_id_list = participants.map((p) => p.user_id);
  return contact as unknown as Contact;
}

function toItem(row: Pick<ContactEmailRow, ItemFields>, value: string): ContactItem {
  return { id: row.id, value, isPrimary: Number(row.is_primary) === 1, labels: JSON.parse(row.labels) as ItemLabel[] };
}

export function toItemRows(contact: Contact, items: ContactItem[]): Array<Omit<ContactEmailRow, 'email'> & { value: string }> {
  const live = contact.archived_at === null ? 1 : 0;
  return items.map((item, position) => ({
    organization_id: contact.organization_id,
    id: item.id,
    contact_id: contact.id,
    position,
    is_primary: item.isPrimary ? 1 : 0,
    labels: JSON.stringify(item.labels),
    live,
    value: item.value,
  }));
}
