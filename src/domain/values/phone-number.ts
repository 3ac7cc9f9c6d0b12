import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { describe, invalid, ok, type ValueCodec } from './value-codec.ts';

/** The number's extension (`ext. 5`, `x5`, `;ext=5`) as libphonenumber reads it, or null. */
function extensionOf(raw: string, region: CountryCode): string | null {
  return raw.length > 64 ? null : parsePhoneNumberFromString(raw.trim(), region)?.ext ?? null;
}

/**
 * E.164 (`+14155551234`), or null when the number is not valid; numbers without `+` use the region. A number
 * with an extension is not valid here: E.164 has no place for one, and storing the number without it would
 * lose what the client sent.
 */
export function normalizePhoneNumber(raw: string, region: CountryCode): string | null {
  if (raw.length > 64) return null;
  const parsed = parsePhoneNumberFromString(raw.trim(), region);
  return parsed !== undefined && parsed.isValid() && parsed.ext === undefined ? parsed.number : null;
}

/** Why normalizePhoneNumber refused raw, for the client: an extension, or not a valid number in the region. */
export function phoneNumberProblem(raw: string, region: CountryCode): string {
  const ext = extensionOf(raw, region);
  return ext !== null
    ? `${JSON.stringify(raw.slice(0, 64))} has an extension (${ext}), which a stored phone number (E.164) cannot hold: send the number without it`
    : `not a valid phone number: ${JSON.stringify(raw.slice(0, 64))} (numbers without a + country prefix are read as ${region})`;
}

/** Text written like (part of) a phone number: digits and the characters numbers are written with. */
const PHONE_WRITING = /^[0-9+()\-./ ]+$/;

/**
 * The digits of text written like (part of) a phone number (`(415) 555-0132`, `555.0132`, `+1-415`), a `+`
 * in front when one comes before the first digit: `4155550132`, `5550132`, `+1415`; what such text is in
 * E.164, where numbers are stored without punctuation. Null for text with anything else in it, or no digit.
 */
export function phoneDigits(text: string): string | null {
  if (!PHONE_WRITING.test(text)) return null;
  const digits = text.replace(/[^0-9]/g, '');
  if (digits === '') return null;
  return (/^[^0-9]*\+/.test(text) ? '+' : '') + digits;
}

export const phoneNumberCodec: ValueCodec<string> = {
  valueType: 'phone_number',
  parse: (raw, ctx) => {
    if (typeof raw !== 'string') return invalid(`expected a phone number string, got ${describe(raw)}`);
    const value = normalizePhoneNumber(raw, ctx.defaultPhoneRegion);
    return value === null ? invalid(phoneNumberProblem(raw, ctx.defaultPhoneRegion)) : ok(value);
  },
  render: (value) => value,
};
