import { CONTACT_CATALOG } from '../domain/catalog/contact-catalog.ts';
import type { Contact } from '../domain/contact.ts';
import type { ContactItem } from '../domain/values/contact-item.ts';
import type { ContactEmailRow, ContactRow } from './schema.ts';
import { FOLDED_COLUMNS, foldedColumnValue, searchDocument, searchableTexts } from './search-text.ts';

/** Catalog attributes stored as a column of `contacts` under their own name. */
export const SCALAR_COLUMNS = CONTACT_CATALOG.filter((a) => !a.isList).map((a) => ({ name: a.apiName as keyof ContactRow & keyof Contact, valueType: a.valueType }));

const JSON_TYPES = new Set(['address', 'created_source_form_submission_details']);

/** How each scalar column is read back: as stored, a 0/1 boolean, or JSON text. */
const READERS = SCALAR_COLUMNS.map(({ name, valueType }) => ({ name, kind: valueType === 'boolean' ? 'boolean' : JSON_TYPES.has(valueType) ? 'json' : 'plain' }) as const);

/**
 * Objects with ~50 members set by computed key fall into V8's slow dictionary mode; a spread of a
 * template with every member already present yields a fast object, so both shapes start from one.
 */
const template = (names: string[]): Record<string, unknown> => ({ ...Object.fromEntries(names.map((n) => [n, null])) });
const FOLDED = FOLDED_COLUMNS.map((name) => ({ name: name as keyof Contact, column: `${name}_folded` }));
const ROW_TEMPLATE = template(['organization_id', 'id', 'version', ...READERS.map((r) => r.name), 'emails_json', 'phone_numbers_json', 'participant_user_ids_json', 'search_text', ...FOLDED.map((f) => f.column)]);
const CONTACT_TEMPLATE = template(['version', ...READERS.map((r) => r.name), 'contact_emails', 'contact_phone_numbers', 'participant_user_id_list']);

/** A list as stored on the contact row: the items' own fields only, in list order. */
const itemsJson = (items: ContactItem[]): string => JSON.stringify(items.map(({ id, value, isPrimary, labels }) => ({ id, value, isPrimary, labels })));

export function toContactRow(contact: Contact): ContactRow {
  const row = { ...ROW_TEMPLATE };
  row.organization_id = contact.organization_id;
  row.id = contact.id;
  row.version = contact.version;
  for (const { name, kind } of READERS) {
    const value = contact[name];
    if (value === null) row[name] = null;
    else if (kind === 'boolean') row[name] = value ? 1 : 0;
    else if (kind === 'json') row[name] = JSON.stringify(value);
    else row[name] = value;
  }
  row.emails_json = itemsJson(contact.contact_emails);
  row.phone_numbers_json = itemsJson(contact.contact_phone_numbers);
  row.participant_user_ids_json = JSON.stringify(contact.participant_user_id_list);
  row.search_text = searchDocument(searchableTexts(contact));
  for (const { name, column } of FOLDED) row[column] = foldedColumnValue(contact[name] as string | null);
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

export function fromContactRow(row: ContactRow): Contact {
  const contact = { ...CONTACT_TEMPLATE };
  contact.version = Number(row.version);
  for (const { name, kind } of READERS) {
    const value = row[name];
    if (value === null || value === undefined) contact[name] = null;
    else if (kind === 'boolean') contact[name] = Number(value) === 1;
    else if (kind === 'json') contact[name] = JSON.parse(value as string);
    else contact[name] = value;
  }
  contact.contact_emails = JSON.parse(row.emails_json) as ContactItem[];
  contact.contact_phone_numbers = JSON.parse(row.phone_numbers_json) as ContactItem[];
  contact.participant_user_id_list = JSON.parse(row.participant_user_ids_json) as string[];
  return contact as unknown as Contact;
}

/** A contact's contact_emails rows. */
export function toEmailRows(contact: Contact): ContactEmailRow[] {
  return toItemRows(contact, contact.contact_emails).map(({ value, ...r }) => ({ ...r, email: value, email_folded: foldedColumnValue(value) }));
}

export function toItemRows(contact: Contact, items: ContactItem[]): Array<Omit<ContactEmailRow, 'email' | 'email_folded'> & { value: string }> {
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
