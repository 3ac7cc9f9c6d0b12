import type { Generated } from 'kysely';

/** Row shapes as stored. Timestamps are ISO-8601 UTC strings with milliseconds (fixed width, so text order is time order). */
export interface OrganizationRow { organization_id: string; name: string; created_at: string }
export interface UserRow { organization_id: string; id: string; email: string; name: string | null; created_at: string }
export interface TeamRow { organization_id: string; id: string; name: string; created_at: string }
export interface ApiKeyRow {
  organization_id: string;
  id: string;
  user_id: string;
  name: string | null;
  key_hash: string;
  key_prefix: string;
  permissions: string;
  expires_at: string | null;
  revoked_at: string | null;
  created_at: string;
}
export interface ContactStageRow {
  organization_id: string;
  id: string;
  api_name: string;
  display_value: string;
  color: string;
  position: number;
  is_default: number;
}
export interface ServerSettingRow { key: string; value: string }

export interface ContactRow {
  organization_id: string;
  id: string;
  version: number;
  created_at: string;
  updated_at: string;
  display_name: string | null;
  stage: string | null;
  created_by_user_id: string | null;
  first_name: string | null;
  last_name: string | null;
  middle_name: string | null;
  title: string | null;
  department: string | null;
  primary_email: string | null;
  primary_phone_number: string | null;
  sms_consent: number | null;
  address: string | null;
  linkedin_url: string | null;
  zoominfo_url: string | null;
  x_url: string | null;
  facebook_url: string | null;
  owner_user_id: string | null;
  owner_team_id: string | null;
  updated_by_user_id: string | null;
  archived_by_user_id: string | null;
  created_source: string | null;
  created_source_form_submission_details: string | null;
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
  /** The lists as JSON (ContactItem[] / user id[]), written with the item tables (migration 0006). */
  emails_json: string;
  phone_numbers_json: string;
  participant_user_ids_json: string;
}

export interface ContactItemRow {
  organization_id: string;
  id: string;
  contact_id: string;
  position: number;
  is_primary: number;
  labels: string;
  /** 1 while the contact is not archived; the unique email index covers live rows only. */
  live: number;
}
export interface ContactEmailRow extends ContactItemRow { email: string }
export interface ContactPhoneNumberRow extends ContactItemRow { phone_number: string }
export interface ContactParticipantRow { organization_id: string; contact_id: string; position: number; user_id: string }

export interface IdempotencyKeyRow {
  organization_id: string;
  key: string;
  fingerprint: string;
  state: 'in_progress' | 'completed';
  /** Random per claim, so a request whose claim was taken over cannot complete someone else's. */
  claim_id: string;
  claimed_at: string;
  expires_at: string;
  status_code: number | null;
  /** JSON object of the replayed headers. */
  response_headers: string | null;
  response_body: string | null;
  /** The contact a completed response carries, so purging the contact drops it (migration 0010). */
  contact_id: string | null;
}

export interface ContactEventRow {
  organization_id: string;
  /** bigint: PostgreSQL returns it as a string. */
  sequence: number | string;
  id: string;
  type: string;
  occurred_at: string;
  record_type: string;
  record_id: string;
  version: number;
  actor_user_id: string | null;
  actor_api_key_id: string | null;
  source: string;
  request_id: string | null;
  /** JSON object: attribute name → {previous, current} envelopes as a GET renders them. */
  changes: string;
  /** ",name,name," of the attributes in changes. */
  changed_attributes: string;
}

/** PostgreSQL only: events committed with their write, waiting for the sequencer to number them. */
export interface ContactEventQueueRow extends Omit<ContactEventRow, 'sequence'> {
  queue_id: Generated<number | string>;
}

export interface EventSequenceRow {
  organization_id: string;
  last_sequence: number | string;
  purged_through: number | string;
}

export interface WebhookSubscriptionRow {
  organization_id: string;
  id: string;
  url: string;
  /** JSON array, or null for every type. */
  event_types: string | null;
  /** JSON array, or null for any attribute. */
  attributes: string | null;
  description: string | null;
  /** 0 or 1. */
  enabled: number;
  disabled_reason: string | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: string | null;
  cursor_sequence: number | string;
  failing_since: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookDeliveryRow {
  organization_id: string;
  id: string;
  subscription_id: string;
  event_id: string;
  event_sequence: number | string | null;
  record_id: string | null;
  payload: string | null;
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  claimed_until: string | null;
  claim_token: string | null;
  created_at: string;
}

export interface Schema {
  organizations: OrganizationRow;
  users: UserRow;
  teams: TeamRow;
  api_keys: ApiKeyRow;
  contact_stages: ContactStageRow;
  server_settings: ServerSettingRow;
  contacts: ContactRow;
  contact_emails: ContactEmailRow;
  contact_phone_numbers: ContactPhoneNumberRow;
  contact_participants: ContactParticipantRow;
  idempotency_keys: IdempotencyKeyRow;
  contact_events: ContactEventRow;
  event_sequences: EventSequenceRow;
  webhook_subscriptions: WebhookSubscriptionRow;
  webhook_deliveries: WebhookDeliveryRow;
  contact_event_queue: ContactEventQueueRow;
}

