import { invalid, ok, parseChoiceRef, type ValueCodec } from './value-codec.ts';

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

function namesOption(o: SelectOption, ref: string): boolean {
  const lower = ref.trim().toLowerCase();
  return o.id === lower || o.apiName === lower || o.displayValue.toLowerCase() === lower;
}

/** A select: written as an option's api_name, id or display value (case-insensitive), stored as its id, read as the option. */
export function selectCodec(options: readonly SelectOption[]): ValueCodec<string> {
  const byId = new Map(options.map((o) => [o.id, o]));
  return {
    valueType: 'select',
    parse: (raw) => {
      const parsed = parseChoiceRef(raw, 'an option');
      if (!parsed.ok) return parsed;
      const { ref, others } = parsed.value;
      const option = findOption(options, ref);
      if (option === undefined) return invalid(`unknown option ${JSON.stringify(ref.slice(0, 100))}; the options are ${options.map((o) => o.apiName).join(', ') || '(none)'}`);
      // A read form edited in one member only (api_name changed, id kept) must not silently keep the old option.
      if (others.some((n) => !namesOption(option, n))) return invalid('the option object\'s id, api_name and display_value name different options; send one of them');
      return ok(option.id);
    },
    render: (id) => {
      const o = byId.get(id);
      return o === undefined ? null : { id: o.id, api_name: o.apiName, display_value: o.displayValue, color: o.color };
    },
  };
}
