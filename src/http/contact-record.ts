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

/** Every catalog attribute, in catalog order, as an envelope (null or [] when unset): the wire record's readable definition, which contactRecordJson writes directly. */
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

/** Each catalog attribute's fixed JSON text around its value(s), computed once. */
const JSON_PARTS = CONTACT_CATALOG.map((def) => ({
  def,
  key: `${JSON.stringify(def.apiName)}:`,
  valueType: `,"value_type":${JSON.stringify(def.valueType)}}`,
  nullEnvelope: `{"value":null,"value_type":${JSON.stringify(def.valueType)}}`,
}));

/** One envelope as JSON; rendering never yields undefined for a stored value (JSON.stringify would drop the member). */
const envelopeJson = (rendered: unknown, part: (typeof JSON_PARTS)[number]): string =>
  rendered === null ? part.nullEnvelope : `{"value":${JSON.stringify(rendered)}${part.valueType}`;

/**
 * The record as JSON text, exactly `JSON.stringify(toContactRecord(contact, stages))`, without building
 * the record: attribute names and value types are fixed text and only the values are stringified
 * (test/http/contact-record-json.test.ts holds the two equal over random contacts).
 */
export function contactRecordJson(contact: Contact, stages: ContactStage[]): string {
  const ctx = renderContext(stages);
  const values = contact as unknown as Record<string, unknown>;
  let out = `{"id":${JSON.stringify(contact.id)},"created_at":${JSON.stringify(contact.created_at)},"updated_at":${JSON.stringify(contact.updated_at)},"attributes":{`;
  for (let i = 0; i < JSON_PARTS.length; i += 1) {
    const part = JSON_PARTS[i] as (typeof JSON_PARTS)[number];
    const value = values[part.def.apiName];
    out += i === 0 ? part.key : `,${part.key}`;
    if (part.def.isList) {
      out += '[';
      const items = value as unknown[];
      for (let j = 0; j < items.length; j += 1) out += (j === 0 ? '' : ',') + envelopeJson(part.def.codec.render(items[j], ctx), part);
      out += ']';
    } else out += value === null ? part.nullEnvelope : envelopeJson(part.def.codec.render(value, ctx), part);
  }
  return `${out}},"record_type":"contact"}`;
}

/** The JSON content type Fastify gives serialized objects, for bodies sent as ready-made JSON text. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** `{"data": <record>}` as JSON text. */
export const contactResponseJson = (contact: Contact, stages: ContactStage[]): string => `{"data":${contactRecordJson(contact, stages)}}`;

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
