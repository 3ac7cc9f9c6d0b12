import { describe, invalid, ok, type ValueCodec } from './value-codec.ts';

// A date, or a date-time with an explicit offset: a timestamp without a zone is ambiguous.
const ISO_PATTERN = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/i;

/**
 * Whether the written date is a day of its month and the time within the day: Date.parse rolls 2024-02-30 over
 * to March 1st and takes 24:00, where a value so written is a mistake to report, not a time to move.
 */
function fieldsInRange(raw: string): boolean {
  const [year, month, day, hour = 0, minute = 0, second = 0] = (raw.match(/\d+/g) ?? []).slice(0, 6).map(Number) as number[];
  const date = new Date(Date.UTC(year!, month! - 1, day!));
  return date.getUTCMonth() === month! - 1 && date.getUTCDate() === day && hour <= 23 && minute <= 59 && second <= 59;
}

/** Parses an ISO-8601 timestamp into the stored form: UTC with milliseconds and a Z. */
export function parseTimestamp(raw: unknown): string | null {
  if (typeof raw !== 'string' || !ISO_PATTERN.test(raw) || !fieldsInRange(raw)) return null;
  const t = Date.parse(raw);
  if (Number.isNaN(t)) return null;
  const year = new Date(t).getUTCFullYear();
  return year >= 0 && year <= 9999 ? new Date(t).toISOString() : null;
}

/**
 * The digits of a written timestamp's fraction of a second beyond the milliseconds, when any is not zero
 * (`…:00.0009Z` → `9`, `…:00.123456Z` → `456`); stored timestamps keep whole milliseconds. Null otherwise.
 */
export function subMillisecondDigits(raw: string): string | null {
  const match = /T\d{2}:\d{2}:\d{2}\.\d{3}(\d+)/i.exec(raw);
  return match !== null && /[1-9]/.test(match[1] as string) ? (match[1] as string) : null;
}

export const timestampCodec: ValueCodec<string> = {
  valueType: 'timestamp',
  parse: (raw) => {
    const value = parseTimestamp(raw);
    return value === null ? invalid(`expected an ISO-8601 timestamp with a time zone (e.g. 2024-05-01T12:00:00Z), got ${describe(raw)}`) : ok(value);
  },
  render: (value) => value,
};
