/**
 * A plain in-memory evaluator of the documented _query semantics, written independently of the SQL
 * compiler, over wire records read back through the API. The differential and paging tests hold the
 * server to it.
 */
import { CATALOG_BY_NAME } from '../../src/domain/catalog/contact-catalog.ts';
import { normalizeEmail } from '../../src/domain/values/email.ts';
import { normalizePhoneNumber } from '../../src/domain/values/phone-number.ts';

export type WireEnvelope = { value: unknown; value_type: string };
export interface WireRecord { id: string; created_at: string; updated_at: string; attributes: Record<string, WireEnvelope | WireEnvelope[]> }
export interface WireStage { id: string; api_name: string; display_value: string }
export type JsonFilter = Record<string, unknown>;
export interface JsonSort { field: string; direction?: 'asc' | 'desc' }

type Scalar = string | boolean | null;

/** Tiny seeded PRNG (mulberry32), so a failing run can be replayed from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The documented folding rule, written out independently of src/domain/text-fold.ts: compatibility
 * decomposition, full case folding one code point at a time, marks removed, final sigma as sigma, NFC.
 */
export function fold(s: string): string {
  let mapped = '';
  for (const ch of s.normalize('NFKD')) mapped += ch.toLowerCase().toUpperCase().toLowerCase();
  return mapped.normalize('NFKD').replace(/\p{M}/gu, '').replaceAll('ς', 'σ').normalize('NFC');
}
const bytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** The comparable value(s) of an attribute: one scalar, or the items of a list. */
export function valuesOf(record: WireRecord, field: string): { list: boolean; values: Scalar[] } {
  const raw = record.attributes[field];
  if (Array.isArray(raw)) {
    return {
      list: true,
      values: raw.map((e) => {
        const v = e.value as Record<string, unknown>;
        return (v.email ?? v.phone_number ?? v.related_record_id) as string;
      }),
    };
  }
  const v = raw?.value ?? null;
  if (v === null) return { list: false, values: [null] };
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (o.related_record_id !== undefined) return { list: false, values: [o.related_record_id as string] };
    if (o.api_name !== undefined) return { list: false, values: [o.id as string] };
    return { list: false, values: ['(object)'] };
  }
  return { list: false, values: [v as string | boolean] };
}

/** The documented phone fragment: only digits and + ( ) - . / space, with a digit: its digits, + in front when one comes before the first digit; else folded. */
function phoneFragment(text: string): string {
  const isDigit = (c: string) => c >= '0' && c <= '9';
  const chars = [...text];
  if (!chars.some(isDigit) || !chars.every((c) => isDigit(c) || '+()-./ '.includes(c))) return fold(text);
  return (chars.slice(0, chars.findIndex(isDigit)).includes('+') ? '+' : '') + chars.filter(isDigit).join('');
}

function normalizeValue(field: string, operator: string, raw: unknown, stages: WireStage[]): Scalar {
  const type = CATALOG_BY_NAME.get(field)!.valueType;
  const textMatch = ['contains', 'starts_with', 'ends_with'].includes(operator);
  if (type === 'uuid' || type === 'record_reference') return (raw as string).toLowerCase();
  if (type === 'timestamp') return new Date(raw as string).toISOString();
  if (type === 'email' || type === 'contact_email') return textMatch ? fold((raw as string).trim()) : normalizeEmail(raw as string);
  if (type === 'phone_number' || type === 'contact_phone_number') return textMatch ? phoneFragment((raw as string).trim()) : normalizePhoneNumber(raw as string, 'US');
  if (textMatch) return fold(raw as string);
  if (type === 'contact_stage') {
    const ref = (raw as string).toLowerCase();
    return stages.find((s) => s.id === ref || s.api_name.toLowerCase() === ref || s.display_value.toLowerCase() === ref)!.id;
  }
  return raw as Scalar;
}

function positive(operator: string, x: Scalar, vs: Scalar[]): boolean {
  if (x === null) return false;
  const v = vs[0] as string;
  switch (operator) {
    case 'eq': return x === vs[0];
    case 'in': return vs.includes(x);
    case 'contains': return fold(x as string).includes(v);
    case 'starts_with': return fold(x as string).startsWith(v);
    case 'ends_with': return fold(x as string).endsWith(v);
    case 'gt': return bytes(x as string, v) > 0;
    case 'gte': return bytes(x as string, v) >= 0;
    case 'lt': return bytes(x as string, v) < 0;
    case 'lte': return bytes(x as string, v) <= 0;
    case 'between': return bytes(x as string, v) >= 0 && bytes(x as string, vs[1] as string) <= 0;
    case 'exists': return true;
  }
  throw new Error(`unknown operator ${operator}`);
}

const NEGATION: Record<string, string> = { ne: 'eq', not_in: 'in', not_exists: 'exists' };

export function matches(filter: JsonFilter, record: WireRecord, stages: WireStage[]): boolean {
  if (Array.isArray(filter.and)) return (filter.and as JsonFilter[]).every((f) => matches(f, record, stages));
  if (Array.isArray(filter.or)) return (filter.or as JsonFilter[]).some((f) => matches(f, record, stages));
  if (filter.not !== undefined) return !matches(filter.not as JsonFilter, record, stages);
  const field = filter.field as string;
  const operator = filter.operator as string;
  const base = NEGATION[operator] ?? operator;
  const raw = base === 'exists' ? [] : Array.isArray(filter.value) ? filter.value : [filter.value];
  const vs = raw.map((r) => normalizeValue(field, operator, r, stages));
  const { values } = valuesOf(record, field);
  const hit = values.some((x) => positive(base, x, vs));
  return NEGATION[operator] !== undefined ? !hit : hit;
}

export function namesArchived(filter: JsonFilter): boolean {
  if (Array.isArray(filter.and)) return (filter.and as JsonFilter[]).some(namesArchived);
  if (Array.isArray(filter.or)) return (filter.or as JsonFilter[]).some(namesArchived);
  if (filter.not !== undefined) return namesArchived(filter.not as JsonFilter);
  return filter.field === 'archived_at';
}

function compareScalar(a: Scalar, b: Scalar): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'boolean') return a ? 1 : -1;
  return bytes(a, b as string);
}

/** The documented order: the sort keys (null smallest), then id in the last key's direction. */
export function comparator(sort: JsonSort[]): (a: WireRecord, b: WireRecord) => number {
  const keys = sort.length === 0 ? [{ field: 'created_at', direction: 'asc' as const }] : sort;
  const last = keys.at(-1)!.direction ?? 'asc';
  const all = keys.some((k) => k.field === 'id') ? keys : [...keys, { field: 'id', direction: last }];
  return (a, b) => {
    for (const k of all) {
      const c = compareScalar(valuesOf(a, k.field).values[0] ?? null, valuesOf(b, k.field).values[0] ?? null);
      if (c !== 0) return k.direction === 'desc' ? -c : c;
    }
    return 0;
  };
}

/** The attributes `search` looks in. */
export const SEARCHED = ['first_name', 'middle_name', 'last_name', 'display_name', 'title', 'department', 'contact_emails', 'contact_phone_numbers'];
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Whether a folded token is found in a folded text: anywhere, or at a word start for 1-2 characters. */
function found(token: string, text: string): boolean {
  const t = Array.from(token);
  if (t.length > 2) return text.includes(token);
  const chars = Array.from(text);
  return chars.some((_, p) => (p === 0 || !LETTER_OR_DIGIT.test(chars[p - 1] as string)) && chars.slice(p, p + t.length).join('') === token);
}

/**
 * The documented phone-number spelling of a token: made of digits and + ( ) - . / only, with at least three
 * digits and at least one of the others, it is also found as its digits, a + in front when one comes
 * before the first digit. Null for any other token.
 */
function phoneDigits(token: string): string | null {
  if (!/^[0-9+()./-]+$/.test(token)) return null;
  const digits = [...token].filter((c) => c >= '0' && c <= '9').join('');
  if (digits.length < 3 || digits.length === token.length) return null;
  const firstDigit = [...token].findIndex((c) => c >= '0' && c <= '9');
  return (token.slice(0, firstDigit).includes('+') ? '+' : '') + digits;
}

/**
 * The documented `search`: every whitespace-separated token (after folding) is found in one searchable text
 * (a phone-like token also as its digits); two or more consecutive groups of a phone number (digits and
 * + ( ) - . / only) with seven digits or more in all are also found as those digits together.
 */
export function searchMatches(record: WireRecord, search: string): boolean {
  const texts = SEARCHED.flatMap((field) => valuesOf(record, field).values).filter((v): v is string => typeof v === 'string').map(fold);
  const words = fold(search).split(/\s+/u).filter((t) => t !== '');
  const tokenFound = (token: string): boolean => {
    const digits = phoneDigits(token);
    return texts.some((text) => found(token, text) || (digits !== null && found(digits, text)));
  };
  const isGroup = (word: string): boolean => /^[0-9+()./-]+$/.test(word) && /[0-9]/.test(word);
  for (let i = 0; i < words.length; ) {
    let end = i;
    while (end < words.length && isGroup(words[end] as string)) end += 1;
    const run = words.slice(i, end);
    const digits = run.join('').replace(/[^0-9]/g, '');
    if (run.length >= 2 && digits.length >= 7) {
      const number = (/^[^0-9]*\+/.test(run[0] as string) ? '+' : '') + digits;
      if (!texts.some((text) => text.includes(number)) && !run.every(tokenFound)) return false;
      i = end;
    } else {
      if (!tokenFound(words[i] as string)) return false;
      i += 1;
    }
  }
  return true;
}

/** What _query must return for these filters, search and sort, in order. */
export function expectedIds(records: WireRecord[], filters: JsonFilter[], sort: JsonSort[], stages: WireStage[], search: string | null = null): string[] {
  const includeArchived = filters.some(namesArchived);
  return records
    .filter((r) => includeArchived || (r.attributes.archived_at as WireEnvelope).value === null)
    .filter((r) => search === null || searchMatches(r, search))
    .filter((r) => filters.every((f) => matches(f, r, stages)))
    .sort(comparator(sort))
    .map((r) => r.id);
}
