import { describe, invalid, ok, type ValueCodec } from './value-codec.ts';

// A date, or a date-time with an explicit offset: a timestamp without a zone is ambiguous.
const ISO_PATTERN = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/i;

/** Parses an ISO-8601 timestamp into the stored form: UTC with milliseconds and a Z. */
export function parseTimestamp(raw: unknown): string | null {
  if (typeof raw !== 'string' || !ISO_PATTERN.test(raw)) return null;
  const t = Date.parse(raw);
  if (Number.isNaN(t)) return null;
  const year = new Date(t).getUTCFullYear();
  return year >= 0 && year <= 9999 ? new Date(t).toISOString() : null;
}

export const timestampCodec: ValueCodec<string> = {
  valueType: 'timestamp',
  parse: (raw) => {
    const value = parseTimestamp(raw);
    return value === null ? invalid(`expected an ISO-8601 timestamp with a time zone (e.g. 2024-05-01T12:00:00Z), got ${describe(raw)}`) : ok(value);
  },
  render: (value) => value,
};
