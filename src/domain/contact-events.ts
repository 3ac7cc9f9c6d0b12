import type { AttributeDef } from './catalog/contact-catalog.ts';
import type { Contact } from './contact.ts';
import { newId } from './ids.ts';
import type { ContactStage } from './stages.ts';
import type { RenderContext } from './values/value-codec.ts';

export const EVENT_TYPES = ['contact.created', 'contact.updated', 'contact.archived', 'contact.restored', 'contact.purged'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const EVENT_SOURCES = ['API', 'CSV_IMPORT', 'SYSTEM'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

/** An envelope as a GET renders it; a list attribute renders as an array of envelopes. */
export type RenderedValue = { value: unknown; value_type: string } | Array<{ value: unknown; value_type: string }>;

export interface AttributeChange {
  previous: RenderedValue | null;
  current: RenderedValue | null;
}

/** Attribute name → its previous and current envelope. */
export type EventChanges = Record<string, AttributeChange>;

/** Who wrote, and through what. */
export interface EventActor {
  userId: string | null;
  apiKeyId: string | null;
  requestId: string | null;
  source: EventSource;
}

/** An event as the write hands it to storage: everything but the sequence, which storage assigns at commit. */
export interface PendingEvent {
  id: string;
  organizationId: string;
  type: EventType;
  occurredAt: string;
  recordType: 'contact';
  recordId: string;
  version: number;
  actor: EventActor;
  /** The changes as JSON text (rendered once, stored and sent as is). */
  changesJson: string;
  changedAttributes: string[];
}

/** A committed event. */
export interface ContactEvent extends PendingEvent {
  sequence: number;
}

/**
 * Attributes an event never names: identity, and values derived from others or stamped on every write
 * (display_name follows the names; updated_at and updated_by_user_id change with every write and are the
 * event's own occurred_at and actor).
 */
export const UNTRACKED_ATTRIBUTES: ReadonlySet<string> = new Set(['id', 'organization_id', 'created_at', 'updated_at', 'display_name', 'updated_by_user_id']);

const renderContexts = new WeakMap<readonly ContactStage[], RenderContext>();

export function renderContextOf(stages: readonly ContactStage[]): RenderContext {
  let ctx = renderContexts.get(stages);
  if (ctx === undefined) {
    ctx = { stagesById: new Map(stages.map((s) => [s.id, s])) };
    renderContexts.set(stages, ctx);
  }
  return ctx;
}

/** One attribute's envelope exactly as a GET renders it (null value, or [] for an unset list). */
export function renderAttribute(def: AttributeDef, value: unknown, ctx: RenderContext): RenderedValue {
  if (def.isList) return ((value ?? []) as unknown[]).map((item) => ({ value: def.codec.render(item, ctx) ?? null, value_type: def.valueType }));
  return { value: value === null || value === undefined ? null : def.codec.render(value, ctx) ?? null, value_type: def.valueType };
}

const isUnset = (value: unknown): boolean => value === null || value === undefined || (Array.isArray(value) && value.length === 0);

/**
 * The changes between two states of a record, over the attributes given (the organization's catalog,
 * standard and custom alike): each attribute whose rendered envelope differs, with both envelopes.
 * previous null is a create: each set attribute appears with previous null.
 */
export function diffAttributes(attributes: readonly AttributeDef[], previous: Contact | null, next: Contact, ctx: RenderContext): EventChanges {
  const changes: EventChanges = {};
  const before = previous as unknown as Record<string, unknown> | null;
  const after = next as unknown as Record<string, unknown>;
  for (const def of attributes) {
    const name = def.apiName;
    if (UNTRACKED_ATTRIBUTES.has(name)) continue;
    // Custom values live in the contact's custom map, standard ones are its own members.
    const nextValue = def.isCustom ? next.custom[name] : after[name];
    if (before === null) {
      if (!isUnset(nextValue)) changes[name] = { previous: null, current: renderAttribute(def, nextValue, ctx) };
      continue;
    }
    const previousValue = def.isCustom ? previous!.custom[name] : before[name];
    // Writes copy untouched members by reference, so identity settles most attributes without rendering.
    if (previousValue === nextValue) continue;
    const was = renderAttribute(def, previousValue, ctx);
    const now = renderAttribute(def, nextValue, ctx);
    if (JSON.stringify(was) !== JSON.stringify(now)) changes[name] = { previous: was, current: now };
  }
  return changes;
}

/** Builds the event of one write. */
export function pendingEvent(input: { organizationId: string; type: EventType; recordId: string; version: number; actor: EventActor; occurredAt: string; changes: EventChanges }): PendingEvent {
  return {
    id: newId(),
    organizationId: input.organizationId,
    type: input.type,
    occurredAt: input.occurredAt,
    recordType: 'contact',
    recordId: input.recordId,
    version: input.version,
    actor: input.actor,
    changesJson: JSON.stringify(input.changes),
    changedAttributes: Object.keys(input.changes),
  };
}

/**
 * The event's wire JSON, the one rendering the feed, history and webhooks share:
 * `{id, sequence, type, occurred_at, record_type, record_id, version, actor, source, request_id, changes}`.
 */
export function eventJson(event: ContactEvent): string {
  return `{"id":${JSON.stringify(event.id)},"sequence":${event.sequence},"type":${JSON.stringify(event.type)},"occurred_at":${JSON.stringify(event.occurredAt)},`
    + `"record_type":${JSON.stringify(event.recordType)},"record_id":${JSON.stringify(event.recordId)},"version":${event.version},`
    + `"actor":{"user_id":${JSON.stringify(event.actor.userId)},"api_key_id":${JSON.stringify(event.actor.apiKeyId)}},`
    + `"source":${JSON.stringify(event.actor.source)},"request_id":${JSON.stringify(event.actor.requestId)},"changes":${event.changesJson}}`;
}
