import validator from 'validator';
import { checkStorableText, describe, invalid, ok, type ValueCodec } from './value-codec.ts';

/**
 * Trimmed and lower-cased, or null when it is not a syntactically valid address. Contact emails need a
 * top-level domain; user accounts may live on a bare host such as `admin@localhost`.
 */
export function normalizeEmail(raw: string, requireTld = true): string | null {
  const value = raw.trim().toLowerCase();
  // validator's byte-length check runs encodeURI, which throws on a lone surrogate: such a string is no address.
  return value.length <= 254 && checkStorableText(value) === null && validator.isEmail(value, { allow_utf8_local_part: true, require_tld: requireTld }) ? value : null;
}

export const emailCodec: ValueCodec<string> = {
  valueType: 'email',
  parse: (raw) => {
    if (typeof raw !== 'string') return invalid(`expected an email address string, got ${describe(raw)}`);
    const value = normalizeEmail(raw);
    return value === null ? invalid(`not a valid email address: ${JSON.stringify(raw.slice(0, 100))}`) : ok(value);
  },
  render: (value) => value,
};
