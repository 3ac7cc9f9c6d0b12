import { charactersOver, checkStorableText, describe, invalid, ok, type ValueCodec } from './value-codec.ts';

/** A trimmed string of at most maxLength characters; the empty string stores null. */
export function stringCodec(maxLength: number, valueType: 'string' | 'long_text' = 'string'): ValueCodec<string | null, string> {
  return {
    valueType,
    constraints: { maxLength },
    parse: (raw) => {
      if (typeof raw !== 'string') return invalid(`expected a string, got ${describe(raw)}`);
      const value = raw.trim();
      const bad = checkStorableText(value);
      if (bad !== null) return invalid(`the string ${bad}`);
      const over = charactersOver(value, maxLength);
      if (over !== null) return invalid(`must be at most ${maxLength} characters, got ${over}`);
      return ok(value === '' ? null : value);
    },
    render: (value) => value,
  };
}
