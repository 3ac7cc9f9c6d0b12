import { CONTACT_CATALOG } from '../domain/catalog/contact-catalog.ts';
import type { Contact } from '../domain/contact.ts';
import type { ContactStage } from '../domain/stages.ts';
import type { ContactItem } from '../domain/values/contact-item.ts';
import { contactEmailCodec } from '../domain/values/contact-email.ts';
import { contactPhoneNumberCodec } from '../domain/values/contact-phone-number.ts';
import type { RenderContext } from '../domain/values/value-codec.ts';
import type { ListAttribute } from '../domain/contact.ts';

export interface Envelope { value: unknown; value_type: string }

/** The wire record: `{id, created_at, updated_at, attributes, record_type}`. */
export interface ContactRecord {
  id: string;
  created_at: string;
  updated_at: string;
  attributes: Record<string, Envelope | Envelope[]>;
  record_type: 'contact';
}

const contexts = new WeakMap<ContactStage[], RenderContext>();

function renderContext(stages: ContactStage[]): RenderContext {
  let ctx = contexts.get(stages);
  if (ctx === undefined) {
    ctx = { stagesById: new Map(stages.map((s) => [s.id, s])) };
    contexts.set(stages, ctx);
  }
  return ctx;
}

/** Every catalog attribute, in catalog order, as an envelope (null or [] when unset). */
export function toContactRecord(contact: Contact, stages: ContactStage[]): ContactRecord {
  const ctx = renderContext(stages);
  const values = contact as unknown as Record<string, unknown>;
  const attributes: Record<string, Envelope | Envelope[]> = {};
  for (const def of CONTACT_CATALOG) {
    const value = values[def.apiName];
    attributes[def.apiName] = def.isList
      ? (value as unknown[]).map((item) => ({ value: def.codec.render(item, ctx), value_type: def.valueType }))
      : { value: value === null ? null : def.codec.render(value, ctx), value_type: def.valueType };
  }
  return { id: contact.id, created_at: contact.created_at, updated_at: contact.updated_at, attributes, record_type: 'contact' };
}

export function renderItem(list: ListAttribute, item: ContactItem): unknown {
  return (list === 'contact_emails' ? contactEmailCodec : contactPhoneNumberCodec).render(item, { stagesById: new Map() });
}

export function etagOf(contact: Contact): string {
  return `W/"${contact.version}"`;
}

/** The version an If-Match header demands: null for none or `*`, -1 for one that can never match. */
export function expectedVersion(ifMatch: string | string[] | undefined): number | null {
  if (ifMatch === undefined) return null;
  const value = (Array.isArray(ifMatch) ? ifMatch.join(',') : ifMatch).trim();
  if (value === '*') return null;
  const match = /^(?:W\/)?"(\d{1,15})"$/.exec(value);
  return match ? Number(match[1]) : -1;
}
