import { describe, invalid, ok, type ValueCodec } from './value-codec.ts';

export const booleanCodec: ValueCodec<boolean> = {
  valueType: 'boolean',
  parse: (raw) => (typeof raw === 'boolean' ? ok(raw) : invalid(`expected true or false, got ${describe(raw)}`)),
  render: (value) => value,
};
