import { describe, invalid, isPlainObject, ok, type ValueCodec } from './value-codec.ts';

/** One option of a select attribute. */
export interface SelectOption {
  readonly id: string;
  readonly apiName: string;
  readonly displayValue: string;
  readonly color: string | null;
}

export function findOption(options: readonly SelectOption[], ref: string): SelectOption | undefined {
  const lower = ref.trim().toLowerCase();
  return options.find((o) => o.id === lower) ?? options.find((o) => o.apiName === lower) ?? options.find((o) => o.displayValue.toLowerCase() === lower);
}

/** A select: written as an option's api_name, id or display value (case-insensitive), stored as its id, read as the option. */
export function selectCodec(options: readonly SelectOption[]): ValueCodec<string> {
  const byId = new Map(options.map((o) => [o.id, o]));
  return {
    valueType: 'select',
    parse: (raw) => {
      let ref: unknown = raw;
      if (isPlainObject(raw)) ref = raw.id ?? raw.api_name ?? raw.display_value;
      if (typeof ref !== 'string' || ref.trim() === '') return invalid(`expected an option api_name, id or display value, got ${describe(raw)}`);
      const option = findOption(options, ref);
      return option === undefined
        ? invalid(`unknown option ${JSON.stringify(ref.slice(0, 100))}; the options are ${options.map((o) => o.apiName).join(', ') || '(none)'}`)
        : ok(option.id);
    },
    render: (id) => {
      const o = byId.get(id);
      return o === undefined ? null : { id: o.id, api_name: o.apiName, display_value: o.displayValue, color: o.color };
    },
  };
}
