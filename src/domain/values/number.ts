import { describe, invalid, ok, type ValueCodec } from './value-codec.ts';

/** A finite JSON number; -0 is stored as 0 so equal numbers have one form. */
export const numberCodec: ValueCodec<number> = {
  valueType: 'number',
  parse: (raw) => (typeof raw === 'number' && Number.isFinite(raw) ? ok(raw === 0 ? 0 : raw) : invalid(`expected a finite JSON number, got ${describe(raw)}`)),
  render: (value) => value,
};
