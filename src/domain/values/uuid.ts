import { isUuid } from '../ids.ts';
import { describe, invalid, ok, type ValueCodec } from './value-codec.ts';

export const uuidCodec: ValueCodec<string> = {
  valueType: 'uuid',
  parse: (raw) => (isUuid(raw) ? ok(raw.toLowerCase()) : invalid(`expected a UUID, got ${describe(raw)}`)),
  render: (value) => value,
};
