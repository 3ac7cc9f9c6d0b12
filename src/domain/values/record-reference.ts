import { isUuid } from '../ids.ts';
import { emailForm } from './email.ts';
import { checkStorableText, describe, invalid, isPlainObject, ok, type Parsed, type ValueCodec } from './value-codec.ts';

export type ReferenceTarget = 'user' | 'team';

/** How a write names a record: by id, or by a match on the target's email (users) or name (teams). */
export type ReferenceInput = { id: string } | { email: string } | { name: string };

/** The members a reference object may have: the read form's two, or a match. */
const REFERENCE_MEMBERS = ['related_record_id', 'related_record_type', 'related_record_match'];

function parseReference(raw: unknown): Parsed<ReferenceInput> {
  if (isUuid(raw)) return ok({ id: raw.toLowerCase() });
  if (isPlainObject(raw)) {
    // An ignored member could be what the writer meant: {"related_record_id": A, "related_record_match": B} wrote A.
    const unknown = Object.keys(raw).filter((k) => !REFERENCE_MEMBERS.includes(k));
    if (unknown.length > 0) return invalid(`unknown member(s) ${unknown.map((k) => JSON.stringify(k)).join(', ')}; a reference has related_record_id (and related_record_type) or related_record_match`);
    if (raw.related_record_id !== undefined && raw.related_record_match !== undefined) return invalid('send related_record_id or related_record_match, not both');
    if (raw.related_record_id !== undefined) {
      return isUuid(raw.related_record_id) ? ok({ id: raw.related_record_id.toLowerCase() }) : invalid(`related_record_id must be a UUID, got ${describe(raw.related_record_id)}`);
    }
    const match = raw.related_record_match;
    if (isPlainObject(match)) {
      const keys = Object.keys(match);
      const text = keys.length === 1 ? (match.email ?? match.name) : undefined;
      // Looked up in the database: PostgreSQL refuses a NUL in text (a 500 there, "not found" on SQLite).
      const bad = typeof text === 'string' ? checkStorableText(text) : null;
      if (bad !== null) return invalid(`related_record_match.${keys[0]} ${bad}`);
      if (keys.length === 1 && typeof match.email === 'string') return ok({ email: emailForm(match.email) });
      if (keys.length === 1 && typeof match.name === 'string') return ok({ name: match.name.trim() });
      return invalid('related_record_match must be {"email": "..."} (users) or {"name": "..."} (teams)');
    }
  }
  return invalid(`expected a UUID, {"related_record_id": uuid} or {"related_record_match": {...}}, got ${describe(raw)}`);
}

export function recordReferenceCodec(target: ReferenceTarget): ValueCodec<ReferenceInput, string> {
  return {
    valueType: 'record_reference',
    parse: (raw) => {
      // The read envelope's value names its type: a user reference is not accepted where a team is expected.
      if (isPlainObject(raw) && raw.related_record_type !== undefined && raw.related_record_type !== target) {
        return invalid(`related_record_type must be "${target}", got ${describe(raw.related_record_type)}`);
      }
      const parsed = parseReference(raw);
      if (!parsed.ok) return parsed;
      if ('name' in parsed.value && target !== 'team') return invalid('users are matched by {"email": "..."}');
      if ('email' in parsed.value && target !== 'user') return invalid('teams are matched by {"name": "..."}');
      return parsed;
    },
    render: (id) => ({ related_record_id: id, related_record_type: target }),
  };
}
