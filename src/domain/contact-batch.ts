import { AppError, throwIfInvalid, type ErrorCode, type ErrorDetail } from './errors.ts';
import { canonicalVersion, expectedVersion } from './expected-version.ts';
import { describe, isPlainObject } from './values/value-codec.ts';

export const MAX_BATCH_OPERATIONS = 100;

/** One operation of a _batch, each the body of the single endpoint it stands for. */
export type BatchOperation =
  | { op: 'create'; body: { attributes: unknown } }
  | { op: 'patch'; id: string; body: { attributes: unknown }; expectedVersion: readonly number[] | null }
  | { op: 'assert'; body: { match: unknown; attributes: unknown } }
  | { op: 'archive'; id: string; expectedVersion: readonly number[] | null };

export interface BatchRequest {
  operations: BatchOperation[];
  atomic: boolean;
}

const MEMBERS: Record<BatchOperation['op'], { required: readonly string[]; optional: readonly string[] }> = {
  create: { required: ['attributes'], optional: [] },
  patch: { required: ['id', 'attributes'], optional: ['if_match'] },
  assert: { required: ['match', 'attributes'], optional: [] },
  archive: { required: ['id'], optional: ['if_match'] },
};
const OPS = Object.keys(MEMBERS) as Array<BatchOperation['op']>;

/**
 * if_match: a string is read as the If-Match header is (an ETag W/"<n>", weak prefix optional, a list of them,
 * or *), so an operation answers as the single endpoint would; or the version number itself, as a number or
 * as a string of its digits ("3", as batches sent before the header's reading was shared). Anything else is
 * undefined (422 before anything runs).
 */
function parseIfMatch(raw: unknown): readonly number[] | null | undefined {
  if (raw === undefined || raw === null) return null;
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) return [raw];
  if (typeof raw === 'string') {
    const version = canonicalVersion(raw.trim());
    return version !== null ? [version] : expectedVersion(raw);
  }
  return undefined;
}

/**
 * Checks the batch's shape: 1..100 operations, each with a known op and the members it needs. What an
 * operation's attributes say is checked when it runs, as its single endpoint checks it.
 */
export function parseBatch(body: unknown): BatchRequest {
  const details: ErrorDetail[] = [];
  if (!isPlainObject(body)) throwIfInvalid([{ code: 'field_required_missing', field: 'operations', path: '/operations', message: 'the body must be a JSON object with an "operations" array' }]);
  const record = body as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key !== 'operations' && key !== 'atomic') details.push({ code: 'unknown_field', field: key, path: `/${key}`, message: `unknown member ${JSON.stringify(key)}; a batch has "operations" and "atomic"` });
  }
  if (record.atomic !== undefined && typeof record.atomic !== 'boolean') details.push({ code: 'field_value_invalid', field: 'atomic', path: '/atomic', message: `atomic must be a boolean, got ${describe(record.atomic)}` });
  const raw = record.operations;
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_BATCH_OPERATIONS) {
    const code = raw === undefined ? 'field_required_missing' : Array.isArray(raw) && raw.length > MAX_BATCH_OPERATIONS ? 'limit_exceeded' : 'field_value_invalid';
    details.push({ code, field: 'operations', path: '/operations', message: `operations must be an array of 1 to ${MAX_BATCH_OPERATIONS} operations, got ${Array.isArray(raw) ? `${raw.length}` : describe(raw)}` });
    throwIfInvalid(details);
  }
  const operations: BatchOperation[] = [];
  (raw as unknown[]).forEach((item, i) => {
    const path = `/operations/${i}`;
    if (!isPlainObject(item)) {
      details.push({ code: 'field_value_invalid', field: 'operations', path, message: `operation ${i} must be an object with "op", got ${describe(item)}` });
      return;
    }
    const op = item.op;
    if (typeof op !== 'string' || !(OPS as string[]).includes(op)) {
      details.push({ code: op === undefined ? 'field_required_missing' : 'field_value_invalid', field: 'op', path: `${path}/op`, message: `op must be one of ${OPS.join(', ')}, got ${describe(op)}` });
      return;
    }
    const kind = op as BatchOperation['op'];
    const { required, optional } = MEMBERS[kind];
    const before = details.length;
    for (const key of Object.keys(item)) {
      if (key !== 'op' && !required.includes(key) && !optional.includes(key)) details.push({ code: 'unknown_field', field: key, path: `${path}/${key}`, message: `a ${kind} operation has no member ${JSON.stringify(key)}; it takes ${[...required, ...optional].join(', ')}` });
    }
    for (const key of required) {
      if (item[key] === undefined) details.push({ code: 'field_required_missing', field: key, path: `${path}/${key}`, message: `a ${kind} operation needs ${JSON.stringify(key)}` });
    }
    if ('id' in item && item.id !== undefined && typeof item.id !== 'string') details.push({ code: 'field_value_invalid', field: 'id', path: `${path}/id`, message: `id must be a string, got ${describe(item.id)}` });
    const versions = parseIfMatch(item.if_match);
    if (versions === undefined) details.push({ code: 'field_value_invalid', field: 'if_match', path: `${path}/if_match`, message: `if_match must be an ETag (W/"<version>") or a version number, got ${describe(item.if_match)}` });
    if (details.length > before) return;
    if (kind === 'create') operations.push({ op: kind, body: { attributes: item.attributes } });
    else if (kind === 'patch') operations.push({ op: kind, id: item.id as string, body: { attributes: item.attributes }, expectedVersion: versions ?? null });
    else if (kind === 'assert') operations.push({ op: kind, body: { match: item.match, attributes: item.attributes } });
    else operations.push({ op: kind, id: item.id as string, expectedVersion: versions ?? null });
  });
  throwIfInvalid(details);
  return { operations, atomic: record.atomic === true };
}

/**
 * An atomic batch that failed: 422 validation_failed, or the failing code itself when every failed
 * operation failed the same way (e.g. 409 duplicate_value); every failed operation's problems as details
 * whose path starts with /operations/<i>.
 */
/**
 * A detail naming a contact that an earlier operation of the atomic batch wrote (a duplicate_value whose
 * holder is that operation's contact): rolled back with the batch, the conflict was within the batch. It names
 * the operation (existing_operation) instead, and no longer a contact id that the rollback left nonexistent.
 */
function withinBatch(detail: ErrorDetail, written: ReadonlyMap<string, { index: number; created: boolean }>): ErrorDetail {
  const holder = typeof detail.existing_contact_id === 'string' ? written.get(detail.existing_contact_id) : undefined;
  if (holder === undefined) return detail;
  const { existing_contact_id: contactId, ...rest } = detail;
  const what = holder.created ? 'the contact it created' : `contact ${String(contactId)}`;
  return {
    ...rest,
    ...(holder.created ? {} : { existing_contact_id: contactId }),
    existing_operation: holder.index,
    message: `${detail.message} (written by operation ${holder.index} of this batch, to ${what}; rolled back with the batch, so the conflict is within the batch)`,
  };
}

export function atomicBatchError(failures: ReadonlyArray<{ index: number; error: AppError }>, written: ReadonlyMap<string, { index: number; created: boolean }> = new Map()): AppError {
  const codes = new Set(failures.map((f) => f.error.code));
  const code: ErrorCode = codes.size === 1 ? (failures[0] as { error: AppError }).error.code : 'validation_failed';
  const details: ErrorDetail[] = failures.flatMap(({ index, error }) => {
    const prefix = `/operations/${index}`;
    if (error.details.length === 0) return [{ code: error.code, path: prefix, message: `operation ${index}: ${error.message}`, operation: index }];
    return error.details.map((d) => {
      const detail = withinBatch(d, written);
      return { ...detail, path: `${prefix}${d.path ?? ''}`, message: `operation ${index}: ${detail.message}`, operation: index };
    });
  });
  const message = `atomic batch: ${failures.length} operation${failures.length === 1 ? '' : 's'} failed (${failures.map((f) => f.index).join(', ')}); nothing was written`;
  return new AppError(code, message, details);
}
