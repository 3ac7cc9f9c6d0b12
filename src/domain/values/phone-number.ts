import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { describe, invalid, ok, type ValueCodec } from './value-codec.ts';

/** E.164 (`+14155551234`), or null when the number is not valid; numbers without `+` use the region. */
export function normalizePhoneNumber(raw: string, region: CountryCode): string | null {
  if (raw.length > 64) return null;
  const parsed = parsePhoneNumberFromString(raw.trim(), region);
  return parsed !== undefined && parsed.isValid() ? parsed.number : null;
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
