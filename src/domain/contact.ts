import { CONTACT_CATALOG, type StandardValues } from './catalog/contact-catalog.ts';

/**
 * A contact as the domain holds it: one member per standard catalog attribute in its stored form (stage
 * and references are ids), derived from the catalog rows, plus the write version and the custom values.
 */
export type Contact = StandardValues & {
  version: number;
  /**
   * Custom attribute values in stored form by api_name (lists as arrays); an unset attribute has no
   * member. Values of archived attributes stay here untouched, so a restore brings them back.
   */
  custom: Readonly<Record<string, unknown>>;
};

export type ListAttribute = 'contact_emails' | 'contact_phone_numbers';

/** A new contact with every catalog attribute unset (null, or [] for lists). */
export function blankContact(organizationId: string, id: string, now: string): Contact {
  const unset = Object.fromEntries(CONTACT_CATALOG.map((a) => [a.apiName, a.isList ? [] : null]));
  return { ...unset, version: 0, id, organization_id: organizationId, created_at: now, updated_at: now, custom: {} } as unknown as Contact;
}

/** display_name: first and last name joined and trimmed, else the primary email. */
export function deriveDisplayName(c: Pick<Contact, 'first_name' | 'last_name' | 'primary_email'>): string | null {
  const name = [c.first_name, c.last_name].filter((p) => p !== null && p !== '').join(' ').trim();
  return name !== '' ? name : c.primary_email;
}
