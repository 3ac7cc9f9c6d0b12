import { CONTACT_CATALOG, type AttributeDef } from '../domain/catalog/contact-catalog.ts';
import type { ContactCatalog } from '../domain/catalog/organization-catalog.ts';
import type { Contact } from '../domain/contact.ts';
import type { ContactStage } from '../domain/stages.ts';
import type { ContactItem } from '../domain/values/contact-item.ts';
import { contactEmailCodec } from '../domain/values/contact-email.ts';
import { contactPhoneNumberCodec } from '../domain/values/contact-phone-number.ts';
import type { RenderContext } from '../domain/values/value-codec.ts';
import type { ListAttribute } from '../domain/contact.ts';
import type { StoredResponse } from '../domain/idempotency.ts';

const contexts = new WeakMap<ContactStage[], RenderContext>();

export function renderContext(stages: ContactStage[]): RenderContext {
  let ctx = contexts.get(stages);
  if (ctx === undefined) {
    ctx = { stagesById: new Map(stages.map((s) => [s.id, s])) };
    contexts.set(stages, ctx);
  }
  return ctx;
}

interface JsonPart { def: AttributeDef; key: string; valueType: string; nullEnvelope: string }

/** An attribute's fixed JSON text around its value(s). */
const jsonPart = (def: AttributeDef): JsonPart => ({
  def,
  key: `${JSON.stringify(def.apiName)}:`,
  valueType: `,"value_type":${JSON.stringify(def.valueType)}}`,
  nullEnvelope: `{"value":null,"value_type":${JSON.stringify(def.valueType)}}`,
});

/** The standard attributes' parts, computed once. */
const JSON_PARTS = CONTACT_CATALOG.map(jsonPart);

/** Each catalog's custom attributes' parts, computed once per catalog (a catalog is immutable; a change makes a new one). */
const customParts = new WeakMap<ContactCatalog, JsonPart[]>();

function customPartsOf(catalog: ContactCatalog): JsonPart[] {
  let parts = customParts.get(catalog);
  if (parts === undefined) {
    parts = catalog.custom.map(jsonPart);
    customParts.set(catalog, parts);
  }
  return parts;
}

/** One envelope as JSON; rendering never yields undefined for a stored value (JSON.stringify would drop the member). */
const envelopeJson = (rendered: unknown, part: JsonPart): string =>
  rendered === null ? part.nullEnvelope : `{"value":${JSON.stringify(rendered)}${part.valueType}`;

/** One attribute's `"name":<envelope or list of envelopes>`; value undefined is unset. */
function attributeJson(part: JsonPart, value: unknown, ctx: RenderContext): string {
  if (part.def.isList) {
    let out = `${part.key}[`;
    const items = (value ?? []) as unknown[];
    for (let j = 0; j < items.length; j += 1) out += (j === 0 ? '' : ',') + envelopeJson(part.def.codec.render(items[j], ctx), part);
    return `${out}]`;
  }
  return part.key + (value === null || value === undefined ? part.nullEnvelope : envelopeJson(part.def.codec.render(value, ctx), part));
}

/**
 * The wire record `{id, created_at, updated_at, attributes, record_type}` as JSON text: every catalog
 * attribute in catalog order as an envelope `{value, value_type}` (null or [] when unset). Attribute
 * names and value types are fixed text and only the values are stringified, so no record object is
 * built; test/http/contact-record-json.test.ts holds it byte-equal to JSON.stringify of that object.
 */
export function contactRecordJson(contact: Contact, view: RecordView): string {
  const ctx = renderContext(view.stages);
  const values = contact as unknown as Record<string, unknown>;
  let out = `{"id":${JSON.stringify(contact.id)},"created_at":${JSON.stringify(contact.created_at)},"updated_at":${JSON.stringify(contact.updated_at)},"attributes":{`;
  for (let i = 0; i < JSON_PARTS.length; i += 1) {
    const part = JSON_PARTS[i] as JsonPart;
    out += (i === 0 ? '' : ',') + attributeJson(part, values[part.def.apiName], ctx);
  }
  // Live custom attributes follow the standard ones; values of archived ones stay stored but unseen.
  const custom = customPartsOf(view.catalog);
  for (let i = 0; i < custom.length; i += 1) {
    const part = custom[i] as JsonPart;
    out += `,${attributeJson(part, contact.custom[part.def.apiName], ctx)}`;
  }
  return `${out}},"record_type":"contact"}`;
}

/** What rendering a record needs besides the contact: the organization's stages and catalog. */
export interface RecordView {
  stages: ContactStage[];
  catalog: ContactCatalog;
}

/** The JSON content type Fastify gives serialized objects, for bodies sent as ready-made JSON text. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * A JSON text as the UTF-8 bytes reply.send gets. Sent as a string, Fastify measures it (Buffer.byteLength
 * flattens the concatenated text) and the socket encodes it again; encoding once nearly halved the CPU of a
 * 50-record _query page in the benchmark.
 */
export const utf8Body = (json: string): Buffer => Buffer.from(json, 'utf8');

/** A contact write's response as the reply sends it and an idempotent replay repeats it. */
export function contactWriteResponse(statusCode: number, contact: Contact, view: RecordView, meta?: Record<string, unknown>): StoredResponse {
  const body = `{"data":${contactRecordJson(contact, view)}${meta === undefined ? '' : `,"meta":${JSON.stringify(meta)}`}}`;
  return { statusCode, headers: { 'content-type': JSON_CONTENT_TYPE, etag: etagOf(contact) }, body };
}

/** `{"data": <record>}` as UTF-8 JSON. */
export const contactResponseBody = (contact: Contact, view: RecordView): Buffer => utf8Body(`{"data":${contactRecordJson(contact, view)}}`);

export function renderItem(list: ListAttribute, item: ContactItem): unknown {
  return (list === 'contact_emails' ? contactEmailCodec : contactPhoneNumberCodec).render(item, { stagesById: new Map() });
}

export function etagOf(contact: Contact): string {
  return `W/"${contact.version}"`;
}

/** One list element of If-Match: an entity tag, weak or strong, whose opaque part may hold commas (RFC 9110). */
const ENTITY_TAG = /^(?:W\/)?"([\x21\x23-\x7e\x80-\xff]*)"\s*(?:,|$)/;

/**
 * The versions an If-Match header accepts: null when the write is unconditional (no header, or `*`);
 * otherwise the versions its entity tags name (RFC 9110: `*` or a comma-separated list of tags, any of
 * which may match). Weak and strong tags both match, as contactd's ETags are weak. A malformed list
 * (or `*` inside a list) yields no version, so it never matches.
 */
export function expectedVersion(ifMatch: string | string[] | undefined): readonly number[] | null {
  if (ifMatch === undefined) return null;
  let rest = (Array.isArray(ifMatch) ? ifMatch.join(',') : ifMatch).trim();
  if (rest === '*') return null;
  const versions: number[] = [];
  while (rest !== '') {
    if (rest.startsWith(',')) {
      rest = rest.slice(1).trimStart(); // empty list elements are allowed
      continue;
    }
    const match = ENTITY_TAG.exec(rest);
    if (match === null) return [];
    if (/^\d{1,15}$/.test(match[1]!)) versions.push(Number(match[1]));
    rest = rest.slice(match[0].length).trimStart();
  }
  return versions;
}
