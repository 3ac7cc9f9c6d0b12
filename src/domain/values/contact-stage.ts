import type { ContactStage } from '../stages.ts';
import { describe, invalid, isPlainObject, ok, type ValueCodec } from './value-codec.ts';

/**
 * A stage named by api_name, id or display value; resolved against the organization's stages. The read form
 * names it up to three ways: `others` holds the names after the first, which must all name the same stage.
 */
export interface StageRef { ref: string; others?: string[] }

/** The members of the stage read form `{id, display_value, api_name, color}`; color is the stage's, not written. */
const STAGE_MEMBERS = ['id', 'api_name', 'display_value', 'color'];

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
    if (isPlainObject(raw)) {
      const unknown = Object.keys(raw).filter((k) => !STAGE_MEMBERS.includes(k));
      if (unknown.length > 0) return invalid(`unknown member(s) ${unknown.map((k) => JSON.stringify(k)).join(', ')}; a stage object has ${STAGE_MEMBERS.join(', ')}`);
      const names = [raw.id, raw.api_name, raw.display_value].filter((n) => n !== undefined && n !== null);
      if (names.length === 0 || names.some((n) => typeof n !== 'string' || n.trim() === '')) return invalid(`expected a stage api_name, id or display value, got ${describe(raw)}`);
      const [ref, ...others] = (names as string[]).map((n) => n.trim());
      return ok(others.length === 0 ? { ref: ref as string } : { ref: ref as string, others });
    }
    return typeof raw === 'string' && raw.trim() !== ''
      ? ok({ ref: raw.trim() })
      : invalid(`expected a stage api_name, id or display value, got ${describe(raw)}`);
  },
  render: (stageId, ctx) => {
    const s = ctx.stagesById.get(stageId);
    return s === undefined ? null : { id: s.id, display_value: s.displayValue, api_name: s.apiName, color: s.color };
  },
};
