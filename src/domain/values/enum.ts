import { describe, invalid, ok, type ValueCodec } from './value-codec.ts';

export function enumCodec(values: readonly string[]): ValueCodec<string> {
  return {
    valueType: 'enum',
    constraints: { enum: values },
    parse: (raw) =>
      typeof raw === 'string' && values.includes(raw) ? ok(raw) : invalid(`expected one of ${values.join(', ')}, got ${describe(raw)}`),
    render: (value) => value,
  };
}
