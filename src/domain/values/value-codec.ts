import type { CountryCode } from 'libphonenumber-js';
import type { ContactStage } from '../stages.ts';
import { codePoints } from '../text-fold.ts';

export type ValueType =
  | 'uuid'
  | 'timestamp'
  | 'string'
  | 'email'
  | 'phone_number'
  | 'boolean'
  | 'enum'
  | 'address'
  | 'contact_stage'
  | 'record_reference'
  | 'contact_email'
  | 'contact_phone_number'
  | 'created_source_form_submission_details'
  // The value types only custom attributes use (string, email, phone_number, boolean, timestamp and
  // record_reference are shared with the standard catalog).
  | 'long_text'
  | 'number'
  | 'date'
  | 'url'
  | 'select'
  | 'currency';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const invalid = (message: string): Parsed<never> => ({ ok: false, message });

export interface ParseContext {
  readonly defaultPhoneRegion: CountryCode;
}

export interface RenderContext {
  readonly stagesById: ReadonlyMap<string, ContactStage>;
}

/**
 * One value_type: parse turns a raw write value (already out of its envelope, never null) into the
 * input form; render turns the stored form into the envelope's `value`.
 */
export interface ValueCodec<Input, Stored = Input> {
  readonly valueType: ValueType;
  /** Limits parse enforces, stated so the wire schemas can publish them. */
  readonly constraints?: { readonly maxLength?: number; readonly enum?: readonly string[] };
  parse(raw: unknown, ctx: ParseContext): Parsed<Input>;
  render(value: Stored, ctx: RenderContext): unknown;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The length of text in characters (Unicode code points, as JSON Schema's maxLength counts them: an emoji is
 * one) when it is more than max; null when it fits.
 */
export function charactersOver(text: string, max: number): number | null {
  // UTF-16 units are never fewer than code points: short text needs no count.
  if (text.length <= max) return null;
  const n = codePoints(text);
  return n > max ? n : null;
}

export function describe(raw: unknown): string {
  if (raw === null) return 'null';
  // A member not sent; a number JSON cannot write back (1e400 parses as Infinity).
  if (raw === undefined) return 'nothing';
  if (typeof raw === 'number' && !Number.isFinite(raw)) return `number ${raw}`;
  if (Array.isArray(raw)) return 'an array';
  if (typeof raw === 'object') return 'an object';
  // Cut at 60 UTF-16 units, but never inside a surrogate pair: its lone half would reach the client's JSON.
  const quoted = JSON.stringify(raw)?.slice(0, 60);
  return `${typeof raw} ${quoted !== undefined && /[\uD800-\uDBFF]$/.test(quoted) ? quoted.slice(0, -1) : quoted}`;
}

/** Text the database can store faithfully: well-formed UTF-16 with no NUL. */
export function checkStorableText(s: string): string | null {
  if (!s.isWellFormed()) return 'contains an unpaired surrogate (not valid Unicode)';
  if (s.includes('\u0000')) return 'contains a NUL character';
  return null;
}

/** The members of a named choice's read form (a stage, a select option); color is the choice's own, never written. */
const CHOICE_MEMBERS = ['id', 'api_name', 'display_value', 'color'];

/**
 * A named choice (a stage, a select option) as written: its api_name, id or display value as a string, or its
 * read form `{id, api_name, display_value, color}` naming it up to three ways; `others` holds the names after
 * the first, which must all name the same choice (the caller checks that against its choices). `noun` is how
 * messages name it, with its article ("a stage", "an option").
 */
export function parseChoiceRef(raw: unknown, noun: string): Parsed<{ ref: string; others: string[] }> {
  const expected = `expected ${noun} api_name, id or display value, got ${describe(raw)}`;
  if (!isPlainObject(raw)) return typeof raw === 'string' && raw.trim() !== '' ? ok({ ref: raw.trim(), others: [] }) : invalid(expected);
  const unknown = Object.keys(raw).filter((k) => !CHOICE_MEMBERS.includes(k));
  if (unknown.length > 0) return invalid(`unknown member(s) ${unknown.map((k) => JSON.stringify(k)).join(', ')}; ${noun} object has ${CHOICE_MEMBERS.join(', ')}`);
  const names = [raw.id, raw.api_name, raw.display_value].filter((n) => n !== undefined && n !== null);
  if (names.length === 0 || names.some((n) => typeof n !== 'string' || n.trim() === '')) return invalid(expected);
  const [ref, ...others] = (names as string[]).map((n) => n.trim());
  return ok({ ref: ref as string, others });
}
