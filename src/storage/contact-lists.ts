import type { ExpressionBuilder } from 'kysely';
import type { Contact } from '../domain/contact.ts';
import type { DialectProfile } from './dialects/profile.ts';
import { fromContactRow, type EmailItemRow, type ParticipantItemRow, type PhoneItemRow } from './contact-row.ts';
import type { ContactRow, Schema } from './schema.ts';

/**
 * A contact's three lists as JSON array columns of a query over `contacts` (the table or a page of it
 * aliased so): the record and its lists come in one statement, from one snapshot.
 */
export function listColumns(eb: ExpressionBuilder<Schema, 'contacts'>, profile: DialectProfile) {
  return [
    profile.jsonArrayFrom(eb.selectFrom('contact_emails as e').select(['e.id', 'e.email', 'e.is_primary', 'e.labels']).whereRef('e.organization_id', '=', 'contacts.organization_id').whereRef('e.contact_id', '=', 'contacts.id').orderBy('e.position')).as('emails'),
    profile.jsonArrayFrom(eb.selectFrom('contact_phone_numbers as p').select(['p.id', 'p.phone_number', 'p.is_primary', 'p.labels']).whereRef('p.organization_id', '=', 'contacts.organization_id').whereRef('p.contact_id', '=', 'contacts.id').orderBy('p.position')).as('phones'),
    profile.jsonArrayFrom(eb.selectFrom('contact_participants as u').select('u.user_id').whereRef('u.organization_id', '=', 'contacts.organization_id').whereRef('u.contact_id', '=', 'contacts.id').orderBy('u.position')).as('participants'),
  ] as const;
}

/** JSON arrays come back parsed from PostgreSQL and as text from SQLite. */
const parsedList = <T>(value: T[] | string): T[] => (typeof value === 'string' ? (JSON.parse(value) as T[]) : value);

export interface ContactWithListsRow extends ContactRow {
  emails: EmailItemRow[] | string;
  phones: PhoneItemRow[] | string;
  participants: ParticipantItemRow[] | string;
}

export function toContact(row: ContactWithListsRow): Contact {
  const { emails, phones, participants, ...contact } = row;
  return fromContactRow(contact, parsedList(emails), parsedList(phones), parsedList(participants));
}
