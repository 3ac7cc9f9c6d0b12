import { CONTACT_CATALOG, type AttributeDef } from '../domain/catalog/contact-catalog.ts';
import { CUSTOM_TYPE_SPECS, SEARCHED_CUSTOM_TYPES, type CustomAttribute } from '../domain/catalog/custom-attribute.ts';
import { customValues, type Contact } from '../domain/contact.ts';
import type { ContactItem } from '../domain/values/contact-item.ts';
import type { ContactCustomValueRow, ContactEmailRow, ContactPhoneNumberRow, ContactRow } from './schema.ts';
import { FOLDED_COLUMNS, IN_SEARCH_TEXT, contactSearchText, customValueSearchText, foldedColumnValue, isSearchableCustom } from './search-text.ts';

/** Catalog attributes stored as a column of `contacts` under their own name, and how each is encoded there. */
const READERS = CONTACT_CATALOG.flatMap((a) => (a.storage.kind === 'column' ? [{ name: a.apiName as keyof ContactRow & keyof Contact, kind: a.storage.encoding, searchable: IN_SEARCH_TEXT.has(a.apiName) }] : []));

/** List attributes: the JSON column of the row mirroring each one's item table. */
const LISTS = CONTACT_CATALOG.flatMap((a) => (a.storage.kind === 'list' ? [{ name: a.apiName as keyof Contact, column: a.storage.jsonColumn as keyof ContactRow, items: a.valueType !== 'record_reference', searchable: IN_SEARCH_TEXT.has(a.apiName) }] : []));

/** Every column of a contacts row, derived from the catalog; reads name them rather than `*` (see CONTACT_COLUMNS' test). */
/** The derived text columns for search and folded matching (src/storage/search-text.ts). */
const FOLDED = FOLDED_COLUMNS.map((name) => ({ name: name as keyof Contact, column: `${name}_folded` as keyof ContactRow }));

export const CONTACT_COLUMNS: ReadonlyArray<keyof ContactRow> = [...new Set<keyof ContactRow>(['organization_id', 'id', 'version', ...READERS.map((r) => r.name), ...LISTS.map((l) => l.column), 'custom_values', 'search_text', ...FOLDED.map((f) => f.column)])];

/**
 * The columns fromContactRow reads: what pages of contacts (_query, export) select. search_text and the
 * folded columns only serve filters; leaving them out cut SQLite's row reads of an export by about a fifth.
 */
export const CONTACT_READ_COLUMNS: ReadonlyArray<keyof ContactRow> = CONTACT_COLUMNS.filter((c) => c !== 'search_text' && !FOLDED.some((f) => f.column === c));

/**
 * Objects with ~50 members set by computed key fall into V8's slow dictionary mode; a spread of a
 * template with every member already present yields a fast object, so both shapes start from one.
 */
const template = (names: string[]): Record<string, unknown> => ({ ...Object.fromEntries(names.map((n) => [n, null])) });
const ROW_TEMPLATE = template([...CONTACT_COLUMNS]);
const READ_ROW_TEMPLATE = template([...CONTACT_READ_COLUMNS]);

/** A row read as one JSON array of the given columns' values, in their order (see packedColumns in contact-query.ts). */
function rowFromArray(columns: ReadonlyArray<keyof ContactRow>, rowTemplate: Record<string, unknown>): (values: readonly unknown[]) => ContactRow {
  return (values) => {
    const row = { ...rowTemplate };
    for (let i = 0; i < columns.length; i += 1) row[columns[i] as string] = values[i];
    return row as unknown as ContactRow;
  };
}

/** The read columns' row (CONTACT_READ_COLUMNS) from its packed values. */
export const contactRowFromArray = rowFromArray(CONTACT_READ_COLUMNS, READ_ROW_TEMPLATE);

/** The whole row (CONTACT_COLUMNS) from its packed values (see packedColumns in contact-query.ts). */
export const fullContactRowFromArray = rowFromArray(CONTACT_COLUMNS, ROW_TEMPLATE);

const CONTACT_TEMPLATE = template(['version', ...READERS.map((r) => r.name), ...LISTS.map((l) => l.name), 'custom']);

/** A list as stored on the contact row: the items' own fields only, in list order. */
const itemsJson = (items: ContactItem[]): string => JSON.stringify(items.map(({ id, value, isPrimary, labels }) => ({ id, value, isPrimary, labels })));

/**
 * The contact's row. definitions: every custom attribute definition of its organization, archived ones
 * included (the catalog's `definitions`): search_text holds the values of the searchable ones.
 */
export function toContactRow(contact: Contact, definitions: readonly CustomAttribute[] = []): ContactRow {
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
  for (const { name, column, items } of LISTS) row[column] = items ? itemsJson(contact[name] as ContactItem[]) : JSON.stringify(contact[name]);
  row.custom_values = JSON.stringify(contact.custom);
  row.search_text = contactSearchText(contact, definitions);
  for (const { name, column } of FOLDED) row[column] = foldedColumnValue(contact[name] as string | null);
  return row as unknown as ContactRow;
}

/**
 * The columns a write of next over current must set, derived from current's stored row: only the columns
 * of attributes whose value differs (by identity: applyChanges keeps every unchanged value, list and the
 * custom map as they were) are encoded, search_text only when a text it holds changed, and each is kept
 * only when it differs from what is stored. The same columns, in the same order, as
 * changedColumns(stored, toContactRow(next)) whenever stored is current's row, without encoding the
 * whole contact again: a PATCH of one attribute no longer copies and compares its ~60 columns or rebuilds
 * the search document of a contact with many custom texts.
 */
export function changedColumnsAfter(stored: ContactRow, current: Contact, next: Contact, definitions: readonly CustomAttribute[] = []): Partial<ContactRow> {
  const was = stored as unknown as Record<string, unknown>;
  const changed: Record<string, unknown> = {};
  const before = current as unknown as Record<string, unknown>;
  const after = next as unknown as Record<string, unknown>;
  if (next.version !== was.version) changed.version = next.version;
  let searched = false;
  for (const { name, kind, searchable } of READERS) {
    const value = after[name];
    if (value === before[name]) continue;
    if (searchable) searched = true;
    const encoded = value === null ? null : kind === 'boolean' ? (value ? 1 : 0) : kind === 'json' ? JSON.stringify(value) : value;
    if (encoded !== was[name]) changed[name] = encoded;
  }
  for (const { name, column, items, searchable } of LISTS) {
    if (after[name] === before[name]) continue;
    if (searchable) searched = true;
    const encoded = items ? itemsJson(after[name] as ContactItem[]) : JSON.stringify(after[name]);
    if (encoded !== was[column]) changed[column] = encoded;
  }
  if (next.custom !== current.custom) {
    const encoded = JSON.stringify(next.custom);
    if (encoded !== was.custom_values) changed.custom_values = encoded;
    if (!searched) searched = definitions.some((d) => isSearchableCustom(d) && next.custom[d.apiName] !== current.custom[d.apiName]);
  }
  if (searched) {
    const text = contactSearchText(next, definitions);
    if (text !== was.search_text) changed.search_text = text;
  }
  for (const { name, column } of FOLDED) {
    if (after[name] === before[name]) continue;
    const folded = foldedColumnValue(after[name] as string | null);
    if (folded !== was[column]) changed[column] = folded;
  }
  return changed as Partial<ContactRow>;
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
  for (const { name, column } of LISTS) contact[name] = JSON.parse(row[column] as string);
  contact.custom = row.custom_values === '{}' ? customValues() : customValues(JSON.parse(row.custom_values) as Record<string, unknown>);
  return contact as unknown as Contact;
}

/** The columns an email or phone number row shares, as one literal (its value column is assigned after). */
function itemRow(contact: Contact, item: ContactItem, position: number, live: number): Omit<ContactEmailRow, 'email' | 'email_folded'> {
  return {
    organization_id: contact.organization_id,
    id: item.id,
    contact_id: contact.id,
    position,
    is_primary: item.isPrimary ? 1 : 0,
    labels: JSON.stringify(item.labels),
    live,
  };
}

/**
 * A contact's contact_emails rows. The value columns are assigned to the shared literal, not spread into a
 * new object (`{ ...row, email }`): a rest and spread per row took V8's slow path (2 µs against 0.07 µs a
 * row in a loop, Node 20), and a bulk write makes one per email and phone number.
 */
export function toEmailRows(contact: Contact): ContactEmailRow[] {
  const live = contact.archived_at === null ? 1 : 0;
  return contact.contact_emails.map((item, position) => {
    const row = itemRow(contact, item, position, live) as ContactEmailRow;
    row.email = item.value;
    row.email_folded = foldedColumnValue(item.value);
    return row;
  });
}

/** A contact's contact_phone_numbers rows (as toEmailRows). */
export function toPhoneRows(contact: Contact): ContactPhoneNumberRow[] {
  const live = contact.archived_at === null ? 1 : 0;
  return contact.contact_phone_numbers.map((item, position) => {
    const row = itemRow(contact, item, position, live) as ContactPhoneNumberRow;
    row.phone_number = item.value;
    return row;
  });
}

/** The side-table rows of a contact's values of the given custom attributes: one per value (per item of a list). */
export function toCustomValueRows(contact: Contact, defs: readonly AttributeDef[]): ContactCustomValueRow[] {
  const live = contact.archived_at === null ? 1 : 0;
  const rows: ContactCustomValueRow[] = [];
  for (const def of defs) {
    const value = contact.custom[def.apiName];
    if (value === undefined || value === null || def.definition === null) continue;
    const spec = CUSTOM_TYPE_SPECS[def.definition.valueType];
    (def.isList ? (value as unknown[]) : [value]).forEach((item, position) => {
      const indexed = spec.index(item);
      rows.push({
        organization_id: contact.organization_id,
        contact_id: contact.id,
        attribute_id: def.definition!.id,
        position,
        value_text: indexed.text,
        value_number: indexed.number,
        unique_value: def.isUnique ? indexed.unique : null,
        live,
        search_text: customValueSearchText(def.definition!.valueType, item),
        value_folded: SEARCHED_CUSTOM_TYPES.has(def.definition!.valueType) && typeof indexed.text === 'string' ? foldedColumnValue(indexed.text) : null,
      });
    });
  }
  return rows;
}

/** The custom attributes whose values differ between two states of a contact. */
export function changedCustom(before: Contact, after: Contact): string[] {
  if (before.custom === after.custom) return [];
  const names = new Set([...Object.keys(before.custom), ...Object.keys(after.custom)]);
  return [...names].filter((n) => JSON.stringify(before.custom[n]) !== JSON.stringify(after.custom[n]));
}
