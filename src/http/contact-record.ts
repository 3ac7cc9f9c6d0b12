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
import type { IncomingHttpHeaders } from 'node:http';
import type { WriteOptions } from '../domain/contacts.ts';
import { expectedVersion } from '../domain/expected-version.ts';

const contexts = new WeakMap<ContactStage[], RenderContext>();

export function renderContext(stages: ContactStage[]): RenderContext {
  let ctx = contexts.get(stages);
  if (ctx === undefined) {
    ctx = { stagesById: new Map(stages.map((s) => [s.id, s])) };
    contexts.set(stages, ctx);
  }
  return ctx;
}

/**
 * One attribute's fixed JSON text, with the comma before it (none for the first): every piece that does
 * not depend on the value is a ready string, so rendering a record only stringifies values.
 */
interface Slot {
  def: AttributeDef;
  name: string;
  isCustom: boolean;
  isList: boolean;
  /** `,"name":{"value":` (a list: `,"name":[`). */
  open: string;
  /** `,"value_type":"…"}` closing one envelope. */
  close: string;
  /** The whole member when the value is unset: `,"name":{"value":null,…}` or `,"name":[]`. */
  empty: string;
}

function slotOf(def: AttributeDef, first: boolean): Slot {
  const key = `${first ? '' : ','}${JSON.stringify(def.apiName)}:`;
  const close = `,"value_type":${JSON.stringify(def.valueType)}}`;
  return {
    def, name: def.apiName, isCustom: def.isCustom, isList: def.isList, close,
    open: def.isList ? `${key}[` : `${key}{"value":`,
    empty: def.isList ? `${key}[]` : `${key}{"value":null${close}`,
  };
}

/** The standard attributes' slots, computed once. */
const STANDARD_SLOTS = CONTACT_CATALOG.map((def, i) => slotOf(def, i === 0));

/** Each catalog's slots (standard, then live custom), computed once per catalog (a catalog is immutable; a change makes a new one). */
const catalogSlots = new WeakMap<ContactCatalog, Slot[]>();

function slotsOf(catalog: ContactCatalog): Slot[] {
  let slots = catalogSlots.get(catalog);
  if (slots === undefined) {
    slots = [...STANDARD_SLOTS, ...catalog.custom.map((def) => slotOf(def, false))];
    catalogSlots.set(catalog, slots);
  }
  return slots;
}

/**
 * The wire record `{id, created_at, updated_at, attributes, record_type}` as JSON text: every catalog
 * attribute in catalog order as an envelope `{value, value_type}` (null or [] when unset), live custom
 * attributes after the standard ones. No record object is built: the fixed text of each attribute is one
 * ready string and only values are stringified. test/http/contact-record-json.test.ts holds it byte-equal
 * to JSON.stringify of the record object.
 */
export function contactRecordJson(contact: Contact, view: RecordView): string {
  const ctx = renderContext(view.stages);
  const slots = slotsOf(view.catalog);
  const values = contact as unknown as Record<string, unknown>;
  const custom = contact.custom;
  let out = `{"id":${JSON.stringify(contact.id)},"created_at":${JSON.stringify(contact.created_at)},"updated_at":${JSON.stringify(contact.updated_at)},"attributes":{`;
  for (let i = 0; i < slots.length; i += 1) {
    const slot = slots[i] as Slot;
    // Values of archived custom attributes stay stored but unseen: only the catalog's live ones have slots.
    const value = slot.isCustom ? custom[slot.name] : values[slot.name];
    if (value === null || value === undefined) {
      out += slot.empty;
    } else if (slot.isList) {
      const items = value as unknown[];
      if (items.length === 0) {
        out += slot.empty;
        continue;
      }
      out += slot.open;
      for (let j = 0; j < items.length; j += 1) out += (j === 0 ? '{"value":' : ',{"value":') + JSON.stringify(slot.def.codec.render(items[j], ctx)) + slot.close;
      out += ']';
    } else {
      // Rendering never yields undefined for a stored value (JSON.stringify would drop the member); null renders as null.
      out += slot.open + JSON.stringify(slot.def.codec.render(value, ctx)) + slot.close;
    }
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

/** The versions an If-None-Match refuses on a write: all ('*') for `*`, and for a list that names none. */
const refusedBy = (versions: readonly number[] | null): readonly number[] | '*' => (versions === null || versions.length === 0 ? '*' : versions);

/**
 * A write's preconditions from its If-Match and If-None-Match headers (RFC 9110 section 13.1): If-Match `*`
 * stays '*' (only _assert can meet no contact), and an If-None-Match list names the versions the write refuses.
 * An If-None-Match that names no version (malformed, or tags contactd never sends) refuses any existing contact,
 * as a malformed If-Match matches none: a write fails safe, and a create-only _assert with a typo in the header
 * never overwrites the contact it matches. (A GET ignores a malformed one: reading cannot lose anything.)
 */
export function writeConditions(headers: IncomingHttpHeaders): Pick<WriteOptions, 'expectedVersion' | 'refusedVersions'> {
  const ifMatch = headers['if-match'];
  const ifNoneMatch = headers['if-none-match'];
  // expectedVersion reads a sent `*` as null (unconditional); kept apart here, as _assert needs a contact for it.
  const accepted = expectedVersion(ifMatch);
  return {
    expectedVersion: ifMatch !== undefined && accepted === null ? '*' : accepted,
    refusedVersions: ifNoneMatch === undefined ? null : refusedBy(expectedVersion(ifNoneMatch)),
  };
}

/**
 * Whether an If-None-Match header names the contact's current version (RFC 9110, weak comparison): `*`, or a
 * list with its ETag in it. Then a GET answers 304 without a body; a malformed header is ignored (200).
 */
export function notModified(ifNoneMatch: string | string[] | undefined, contact: Contact): boolean {
  if (ifNoneMatch === undefined) return false;
  const versions = expectedVersion(ifNoneMatch);
  return versions === null || versions.includes(contact.version);
}
