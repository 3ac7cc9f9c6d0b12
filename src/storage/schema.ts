import type { Generated } from 'kysely';
import type { StandardValues } from '../domain/catalog/contact-catalog.ts';

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

/** A column's stored form of a domain value: booleans as 0/1, objects as JSON text, text as is. */
type ColumnValue<T> = T extends boolean ? number : T extends string | null ? T : string;
/** The standard attributes stored as a column of their own (every one but the lists). */
type ColumnAttribute = { [K in keyof StandardValues]: StandardValues[K] extends readonly unknown[] ? never : K }[keyof StandardValues];

/**
 * A contacts row, derived from the catalog (through the Contact type): one column per standard scalar
 * attribute under its api_name, plus the version, the lists as JSON (migration 0006; ContactItem[] / user
 * id[], written with the item tables) and the custom values as JSON (migration 2026-12-02-0020).
 */
export type ContactRow = { [K in ColumnAttribute]: ColumnValue<StandardValues[K]> } & {
  version: number;
  emails_json: string;
  phone_numbers_json: string;
  participant_user_ids_json: string;
  custom_values: string;
  /** Derived text for search and folded matching (src/storage/search-text.ts), written with the row. */
  search_text: string;
  display_name_folded: string | null;
  first_name_folded: string | null;
  last_name_folded: string | null;
  middle_name_folded: string | null;
  title_folded: string | null;
  department_folded: string | null;
  primary_email_folded: string | null;
  linkedin_url_folded: string | null;
  zoominfo_url_folded: string | null;
  x_url_folded: string | null;
  facebook_url_folded: string | null;
};

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
export interface ContactEmailRow extends ContactItemRow {
  email: string;
  /** The folded email when it differs from its ASCII lower-casing (src/storage/search-text.ts). */
  email_folded: string | null;
}
export interface ContactPhoneNumberRow extends ContactItemRow { phone_number: string }
export interface ContactParticipantRow { organization_id: string; contact_id: string; position: number; user_id: string }

export interface CustomAttributeRow {
  organization_id: string;
  id: string;
  api_name: string;
  display_name: string;
  value_type: string;
  is_array: number;
  is_unique: number;
  is_required_on_create: number;
  description: string;
  /** JSON: [{id, api_name, display_value, color}]. */
  options: string;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}
export interface ContactSchemaVersionRow { organization_id: string; version: number }
/** One value of a custom attribute of a contact (one per item of a list), typed for filters and sorts. */
export interface ContactCustomValueRow {
  organization_id: string;
  contact_id: string;
  attribute_id: string;
  position: number;
  value_text: string | null;
  value_number: number | null;
  unique_value: string | null;
  live: number;
  /** A string, email or url value's search document (src/storage/search-text.ts); null for other types. */
  search_text: string | null;
  /** A string, email or url value folded, when folding changes more than ASCII case (else null: lower(value_text) is it). */
  value_folded: string | null;
}

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

/** SQLite's text index: one row per line of a contact's search_text (migration 2026-12-07-0080). */
export interface ContactSearchRow { rowid: number; line: string }
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

export interface ImportJobRow {
  organization_id: string;
  id: string;
  user_id: string;
  api_key_id: string | null;
  request_id: string | null;
  status: string;
  format: string;
  match_key: string | null;
  column_map: string | null;
  dry_run: number;
  ignore_unknown_columns: number;
  size_bytes: number | string;
  next_line: number | string;
  rows: number | string;
  created: number | string;
  updated: number | string;
  failed: number | string;
  attempts: number;
  error_code: string | null;
  error_message: string | null;
  claim_token: string | null;
  claimed_until: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}
export interface ImportJobChunkRow { organization_id: string; job_id: string; seq: number; data: Buffer }
export interface ImportJobErrorRow {
  organization_id: string;
  job_id: string;
  line: number | string;
  detail: number;
  column_name: string;
  code: string;
  message: string;
  raw: string;
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
  custom_attributes: CustomAttributeRow;
  contact_schema_versions: ContactSchemaVersionRow;
  contact_custom_values: ContactCustomValueRow;
  contact_search: ContactSearchRow;
  import_jobs: ImportJobRow;
  import_job_chunks: ImportJobChunkRow;
  import_job_errors: ImportJobErrorRow;
}

