import type { CountryCode } from 'libphonenumber-js';
import { isUuid } from '../ids.ts';
import { describe, invalid, isPlainObject, ok, type Parsed, type ValueCodec, type ValueType } from './value-codec.ts';

export const ITEM_LABELS = ['PERSONAL', 'WORK', 'MOBILE'] as const;
export type ItemLabel = (typeof ITEM_LABELS)[number];

/** An email or phone number of a contact; `value` is the normalized address or E.164 number. */
export interface ContactItem {
  id: string;
  value: string;
  isPrimary: boolean;
  labels: ItemLabel[];
}

/** A written item: id only when the writer names an existing item. */
export interface ContactItemInput {
  id?: string;
  value: string;
  isPrimary?: boolean;
  labels?: ItemLabel[];
}

export function parseLabels(raw: unknown): Parsed<ItemLabel[]> {
  if (!Array.isArray(raw)) return invalid(`labels must be an array of ${ITEM_LABELS.join(', ')}, got ${describe(raw)}`);
  const labels: ItemLabel[] = [];
  for (const l of raw) {
    const upper = typeof l === 'string' ? l.toUpperCase() : null;
    if (upper === null || !(ITEM_LABELS as readonly string[]).includes(upper)) return invalid(`labels must be among ${ITEM_LABELS.join(', ')}, got ${describe(l)}`);
    if (!labels.includes(upper as ItemLabel)) labels.push(upper as ItemLabel);
  }
  return ok(labels);
}

export interface ItemKind {
  valueType: ValueType;
  /** The item's value member on the wire: `email` or `phone_number`. */
  field: 'email' | 'phone_number';
  normalize(raw: string, region: CountryCode): string | null;
  invalidMessage(raw: string, region: CountryCode): string;
}

/** Parses a contact_email / contact_phone_number item: a bare string, or `{field, is_primary, labels}`. */
export function parseContactItem(kind: ItemKind, raw: unknown, region: CountryCode, partial = false): Parsed<Partial<ContactItemInput>> {
  if (typeof raw === 'string') raw = { [kind.field]: raw };
  if (!isPlainObject(raw)) return invalid(`expected a ${kind.field} string or an object with ${kind.field}, is_primary and labels, got ${describe(raw)}`);
  const allowed = ['id', kind.field, 'is_primary', 'labels'];
  const unknown = Object.keys(raw).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) return invalid(`unknown member(s) ${unknown.map((k) => JSON.stringify(k)).join(', ')}; allowed: ${allowed.join(', ')}`);
  const item: Partial<ContactItemInput> = {};
  if (raw.id !== undefined && raw.id !== null) {
    if (!isUuid(raw.id)) return invalid(`id must be a UUID, got ${describe(raw.id)}`);
    item.id = raw.id.toLowerCase();
  }
  const value = raw[kind.field];
  if (value === undefined || value === null) {
    if (!partial) return invalid(`${kind.field} is required`);
  } else {
    if (typeof value !== 'string') return invalid(`${kind.field} must be a string, got ${describe(value)}`);
    const normalized = kind.normalize(value, region);
    if (normalized === null) return invalid(kind.invalidMessage(value, region));
    item.value = normalized;
  }
  if (raw.is_primary !== undefined && raw.is_primary !== null) {
    if (typeof raw.is_primary !== 'boolean') return invalid(`is_primary must be true or false, got ${describe(raw.is_primary)}`);
    item.isPrimary = raw.is_primary;
  }
  if (raw.labels !== undefined && raw.labels !== null) {
    const labels = parseLabels(raw.labels);
    if (!labels.ok) return labels;
    item.labels = labels.value;
  }
  return ok(item);
}

/** The codec of an item list's value type: items parse from a bare string or an object, render as objects. */
export function itemCodec(kind: ItemKind): ValueCodec<ContactItemInput, ContactItem> {
  return {
    valueType: kind.valueType,
    parse: (raw, ctx) => parseContactItem(kind, raw, ctx.defaultPhoneRegion) as Parsed<ContactItemInput>,
    render: (item) => ({ id: item.id, [kind.field]: item.value, is_primary: item.isPrimary, labels: item.labels }),
  };
}
