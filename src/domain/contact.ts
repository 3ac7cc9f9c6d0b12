import { CONTACT_CATALOG } from './catalog/contact-catalog.ts';
import type { Address } from './values/address.ts';
import type { ContactItem } from './values/contact-item.ts';
import type { FormSubmissionDetails } from './values/form-submission-details.ts';

/**
 * A contact as the domain holds it: one member per catalog attribute, in its stored form
 * (stage and references are ids), plus the write version.
 */
export interface Contact {
  version: number;
  id: string;
  organization_id: string;
  created_at: string;
  updated_at: string;
  display_name: string | null;
  stage: string | null;
  created_by_user_id: string | null;
  participant_user_id_list: string[];
  first_name: string | null;
  last_name: string | null;
  middle_name: string | null;
  title: string | null;
  department: string | null;
  primary_email: string | null;
  primary_phone_number: string | null;
  sms_consent: boolean | null;
  address: Address | null;
  contact_emails: ContactItem[];
  contact_phone_numbers: ContactItem[];
  linkedin_url: string | null;
  zoominfo_url: string | null;
  x_url: string | null;
  facebook_url: string | null;
  owner_user_id: string | null;
  owner_team_id: string | null;
  updated_by_user_id: string | null;
  archived_by_user_id: string | null;
  created_source: string | null;
  created_source_form_submission_details: FormSubmissionDetails | null;
  phone_enriched_at: string | null;
  email_enriched_at: string | null;
  email_enrich_status: string | null;
  phone_number_enrich_status: string | null;
  last_activity_at: string | null;
  last_voice_call: string | null;
  last_meeting: string | null;
  last_global_thread: string | null;
  last_engaged_at: string | null;
  last_outreached_at: string | null;
  last_inbound_meeting_at: string | null;
  last_inbound_voice_call_at: string | null;
  last_inbound_global_thread_at: string | null;
  last_outbound_meeting_at: string | null;
  last_outbound_voice_call_at: string | null;
  last_outbound_global_thread_at: string | null;
  archived_at: string | null;
  /**
   * Custom attribute values in stored form by api_name (lists as arrays); an unset attribute has no
   * member. Values of archived attributes stay here untouched, so a restore brings them back.
   */
  custom: Readonly<Record<string, unknown>>;
}

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
