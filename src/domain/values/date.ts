import { describe, invalid, ok, type ValueCodec } from './value-codec.ts';

/** A calendar date `YYYY-MM-DD` that exists (no 2024-02-30), or null. */
export function parseDate(raw: unknown): string | null {
  if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(raw)) return null;
  const t = Date.parse(`${raw}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === raw ? raw : null;
}

export const dateCodec: ValueCodec<string> = {
  valueType: 'date',
  parse: (raw) => {
    const value = parseDate(raw);
    return value === null ? invalid(`expected a date YYYY-MM-DD, got ${describe(raw)}`) : ok(value);
  },
  render: (value) => value,
};
