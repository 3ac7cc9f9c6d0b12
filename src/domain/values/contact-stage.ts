import type { ContactStage } from '../stages.ts';
import { ok, parseChoiceRef, type ValueCodec } from './value-codec.ts';

/**
 * A stage named by api_name, id or display value; resolved against the organization's stages. The read form
 * names it up to three ways: `others` holds the names after the first, which must all name the same stage.
 */
export interface StageRef { ref: string; others?: string[] }

/** Whether ref names the stage: its id, api_name or display value, case-insensitive. */
export function namesStage(s: ContactStage, ref: string): boolean {
  const lower = ref.toLowerCase();
  return s.id === lower || s.apiName.toLowerCase() === lower || s.displayValue.toLowerCase() === lower;
}

export function findStage(stages: Iterable<ContactStage>, ref: string): ContactStage | undefined {
  const lower = ref.toLowerCase();
  for (const s of stages) if (s.id === lower || s.apiName.toLowerCase() === lower || s.displayValue.toLowerCase() === lower) return s;
  return undefined;
}

export const contactStageCodec: ValueCodec<StageRef, string> = {
  valueType: 'contact_stage',
  parse: (raw) => {
    const parsed = parseChoiceRef(raw, 'a stage');
    if (!parsed.ok) return parsed;
    const { ref, others } = parsed.value;
    return ok(others.length === 0 ? { ref } : { ref, others });
  },
  render: (stageId, ctx) => {
    const s = ctx.stagesById.get(stageId);
    return s === undefined ? null : { id: s.id, display_value: s.displayValue, api_name: s.apiName, color: s.color };
  },
};
