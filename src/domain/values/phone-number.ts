import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { describe, invalid, ok, type ValueCodec } from './value-codec.ts';

/** E.164 (`+14155551234`), or null when the number is not valid; numbers without `+` use the region. */
export function normalizePhoneNumber(raw: string, region: CountryCode): string | null {
  if (raw.length > 64) return null;
  const parsed = parsePhoneNumberFromString(raw.trim(), region);
  return parsed !== undefined && parsed.isValid() ? parsed.number : null;
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
    return value === null
      ? invalid(`not a valid phone number: ${JSON.stringify(raw.slice(0, 64))} (numbers without a + country prefix are read as ${ctx.defaultPhoneRegion})`)
      : ok(value);
  },
  render: (value) => value,
};
