import validator from 'validator';
import { checkStorableText, describe, invalid, ok, type ValueCodec } from './value-codec.ts';

/**
 * Trimmed, lower-cased and in Unicode NFC (`é` typed as e + a combining accent is the same address as the
 * precomposed one), or null when it is not a syntactically valid address. Contact emails need a top-level
 * domain; user accounts may live on a bare host such as `admin@localhost`.
 */
export function normalizeEmail(raw: string, requireTld = true): string | null {
  const value = emailForm(raw);
  // validator's byte-length check runs encodeURI, which throws on a lone surrogate: such a string is no address.
  return value.length <= 254 && checkStorableText(value) === null && validator.isEmail(value, { allow_utf8_local_part: true, require_tld: requireTld }) ? value : null;
}

/** The form addresses are stored and compared in, before any syntax check. */
export function emailForm(raw: string): string {
  const value = raw.trim().toLowerCase();
  // ASCII is in NFC already: most addresses skip the work.
  return /[^\p{ASCII}]/u.test(value) ? value.normalize('NFC') : value;
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
