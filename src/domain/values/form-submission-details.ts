import { describe, invalid, isPlainObject, ok, type ValueCodec } from './value-codec.ts';

export const FORM_SUBMISSION_FIELDS = [
  'form_submission_id', 'form_id', 'source_event_occurred_at', 'utm_campaign', 'utm_source', 'utm_medium', 'utm_content', 'utm_term',
] as const;
export type FormSubmissionDetails = Record<(typeof FORM_SUBMISSION_FIELDS)[number], string | null>;

/** Set by form capture, never by API writes; parse exists so the value type is complete. */
export const formSubmissionDetailsCodec: ValueCodec<FormSubmissionDetails> = {
  valueType: 'created_source_form_submission_details',
  parse: (raw) => {
    if (!isPlainObject(raw)) return invalid(`expected an object, got ${describe(raw)}`);
    const details = {} as FormSubmissionDetails;
    for (const f of FORM_SUBMISSION_FIELDS) {
      const v = raw[f];
      if (v !== undefined && v !== null && typeof v !== 'string') return invalid(`${f} must be a string or null`);
      details[f] = (v as string | undefined) ?? null;
    }
    return ok(details);
  },
  render: (value) => value,
};
