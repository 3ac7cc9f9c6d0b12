import type { ContactStage } from '../stages.ts';
import { describe, invalid, isPlainObject, ok, type ValueCodec } from './value-codec.ts';

/** A stage named by api_name, id or display value; resolved against the organization's stages. */
export interface StageRef { ref: string }

export function findStage(stages: Iterable<ContactStage>, ref: string): ContactStage | undefined {
  const lower = ref.toLowerCase();
  for (const s of stages) if (s.id === lower || s.apiName.toLowerCase() === lower || s.displayValue.toLowerCase() === lower) return s;
  return undefined;
}

export const contactStageCodec: ValueCodec<StageRef, string> = {
  valueType: 'contact_stage',
  parse: (raw) => {
    let ref: unknown = raw;
    if (isPlainObject(raw)) ref = raw.id ?? raw.api_name ?? raw.display_value;
    return typeof ref === 'string' && ref.trim() !== ''
      ? ok({ ref: ref.trim() })
      : invalid(`expected a stage api_name, id or display value, got ${describe(raw)}`);
  },
  render: (stageId, ctx) => {
    const s = ctx.stagesById.get(stageId);
    return s === undefined ? null : { id: s.id, display_value: s.displayValue, api_name: s.apiName, color: s.color };
  },
};
