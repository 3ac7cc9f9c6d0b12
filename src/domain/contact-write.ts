import type { AttributeDef } from './catalog/contact-catalog.ts';
import type { ContactCatalog } from './catalog/organization-catalog.ts';
import { blankContact, customValues, deriveDisplayName, type Contact, type ListAttribute } from './contact.ts';
import type { ContactStore } from './contact-store.ts';
import { throwIfInvalid, type ErrorDetail } from './errors.ts';
import { newId } from './ids.ts';
import type { ContactStage } from './stages.ts';
import { findStage, namesStage, type StageRef } from './values/contact-stage.ts';
import type { ContactItem, ContactItemInput } from './values/contact-item.ts';
import type { ReferenceInput } from './values/record-reference.ts';
import { isPlainObject, type ParseContext } from './values/value-codec.ts';

export type WriteMode = 'create' | 'update';

/** Attribute name → the written value in input form (null clears). */
export type AttributeChanges = Map<string, unknown>;

export const MAX_LIST_ITEMS = 100;

const pathOf = (name: string, index?: number): string => `/attributes/${name}${index === undefined ? '' : `/${index}`}`;

/** Unwraps a read envelope `{value, value_type}`; a mismatched value_type is an error message. */
export function unwrapEnvelope(raw: unknown, valueType: string): { value: unknown } | { error: string } {
  if (!isPlainObject(raw) || !Object.hasOwn(raw, 'value_type')) return { value: raw };
  if (raw.value_type !== valueType) return { error: `value_type ${JSON.stringify(raw.value_type)} does not match this attribute's value_type "${valueType}"` };
  const extra = Object.keys(raw).filter((k) => k !== 'value' && k !== 'value_type');
  if (extra.length > 0) return { error: `an envelope has only value and value_type; unexpected ${extra.map((k) => JSON.stringify(k)).join(', ')}` };
  return { value: raw.value ?? null };
}

/**
 * Checks the body's shape and parses every attribute, collecting every problem.
 * `allowedTopLevel` names members besides `attributes` that the endpoint accepts (e.g. `match`).
 */
export function parseWriteBody(body: unknown, mode: WriteMode, ctx: ParseContext, catalog: ContactCatalog, allowedTopLevel: readonly string[] = []): { changes: AttributeChanges; details: ErrorDetail[] } {
  const details: ErrorDetail[] = [];
  const changes: AttributeChanges = new Map();
  if (!isPlainObject(body)) {
    details.push({ code: 'field_required_missing', field: 'attributes', path: '/attributes', message: 'the request body must be a JSON object with an "attributes" object' });
    return { changes, details };
  }
  for (const key of Object.keys(body)) {
    if (key === 'attributes' || allowedTopLevel.includes(key)) continue;
    const message = key === 'relationships'
      ? 'relationships cannot be written through the contact write surface; send only "attributes"'
      : `unknown top-level member ${JSON.stringify(key)}; the body carries only ${['attributes', ...allowedTopLevel].map((k) => `"${k}"`).join(' and ')}`;
    details.push({ code: 'unknown_field', field: key, path: `/${key}`, message });
  }
  const attributes = body.attributes;
  if (attributes === undefined || attributes === null) {
    details.push({ code: 'field_required_missing', field: 'attributes', path: '/attributes', message: 'the "attributes" object is required' });
    return { changes, details };
  }
  if (!isPlainObject(attributes)) {
    details.push({ code: 'field_value_invalid', field: 'attributes', path: '/attributes', message: '"attributes" must be a JSON object of attribute name to value' });
    return { changes, details };
  }
  const names = Object.keys(attributes);
  if (names.length === 0) {
    details.push({ code: 'field_required_missing', field: 'attributes', path: '/attributes', message: mode === 'update' ? 'a PATCH must name at least one attribute to change' : '"attributes" must name at least one attribute' });
    return { changes, details };
  }
  for (const name of names) {
    const def = catalog.get(name);
    if (def === undefined) {
      details.push({ code: 'unknown_field', field: name, path: pathOf(name), message: catalog.unknownName(name, 'write it') });
      continue;
    }
    if (mode === 'create' ? !def.isCreatable : !def.isUpdatable) {
      const why = name === 'display_name' ? 'it is derived from first_name and last_name' : 'it is set by the server';
      details.push({ code: mode === 'create' ? 'field_not_creatable' : 'field_not_updatable', field: name, path: pathOf(name), message: `${name} cannot be written: ${why}` });
      continue;
    }
    parseAttribute(def, attributes[name], ctx, changes, details);
  }
  checkPrimaryAgreement(changes, details);
  if (mode === 'create') {
    details.push(...missingRequired(changes, catalog).filter((d) => !details.some((x) => x.field === d.field)));
    // An attribute that was sent but is invalid already has its own detail; only a contact with no name
    // or email attempted at all is missing one.
    const named = ['first_name', 'last_name', 'primary_email', 'contact_emails'].some((n) => {
      if (!changes.has(n)) return details.some((d) => d.field === n);
      const value = changes.get(n);
      return value != null && !(Array.isArray(value) && value.length === 0);
    });
    if (!named) {
      details.push({ code: 'field_required_missing', field: 'first_name', path: '/attributes', message: 'a contact needs a name or an email: set at least one of first_name, last_name, primary_email or contact_emails' });
    }
  }
  return { changes, details };
}

/** Custom attributes required on create that a new contact would lack. */
export function missingRequired(changes: AttributeChanges, catalog: ContactCatalog): ErrorDetail[] {
  return catalog.custom
    .filter((def) => def.isRequiredOnCreate)
    .filter((def) => {
      const value = changes.get(def.apiName);
      return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
    })
    .map((def) => ({ code: 'field_required_missing', field: def.apiName, path: pathOf(def.apiName), message: `${def.apiName} is required on create` }));
}

/** A write naming both a list and its primary must agree on which item is primary. */
function checkPrimaryAgreement(changes: AttributeChanges, details: ErrorDetail[]): void {
  for (const [list, primary] of [['contact_emails', 'primary_email'], ['contact_phone_numbers', 'primary_phone_number']] as const) {
    if (!changes.has(list) || !changes.has(primary)) continue;
    const items = changes.get(list) as ContactItemInput[];
    const value = changes.get(primary) as string | null;
    const marked = items.find((i) => i.isPrimary === true);
    if (value === null ? items.length > 0 : marked !== undefined && marked.value !== value) {
      details.push({ code: 'field_value_invalid', field: primary, path: pathOf(primary), message: `${primary} disagrees with the ${list} item marked is_primary; send one of them, or the same value in both` });
    }
  }
}

function parseAttribute(def: AttributeDef, raw: unknown, ctx: ParseContext, changes: AttributeChanges, details: ErrorDetail[]): void {
  const name = def.apiName;
  const fail = (message: string, index?: number): void => {
    details.push({ code: 'field_value_invalid', field: name, path: pathOf(name, index), message: `${name}${index === undefined ? '' : `[${index}]`}: ${message}` });
  };
  if (!def.isList) {
    const unwrapped = unwrapEnvelope(raw, def.valueType);
    if ('error' in unwrapped) return fail(unwrapped.error);
    if (unwrapped.value === null) {
      if (!def.isNullable) return fail('cannot be null');
      changes.set(name, null);
      return;
    }
    const parsed = def.codec.parse(unwrapped.value, ctx);
    if (!parsed.ok) return fail(parsed.message);
    changes.set(name, parsed.value);
    return;
  }
  if (raw === null) {
    changes.set(name, []);
    return;
  }
  if (!Array.isArray(raw)) return fail(`expected an array of ${def.valueType} values`);
  if (raw.length > MAX_LIST_ITEMS) return fail(`at most ${MAX_LIST_ITEMS} items, got ${raw.length}`);
  const items: unknown[] = [];
  let bad = false;
  raw.forEach((itemRaw, index) => {
    const unwrapped = unwrapEnvelope(itemRaw, def.valueType);
    if ('error' in unwrapped) {
      bad = true;
      return fail(unwrapped.error, index);
    }
    const parsed = def.codec.parse(unwrapped.value, ctx);
    if (!parsed.ok) {
      bad = true;
      return fail(parsed.message, index);
    }
    // An empty string is no value (it clears a scalar): in a list it is no item, never an item holding null.
    if (parsed.value !== null) items.push(parsed.value);
  });
  if (bad) return;
  if (def.valueType === 'contact_email' || def.valueType === 'contact_phone_number') {
    const list = items as ContactItemInput[];
    const seen = new Set<string>();
    for (const [index, item] of list.entries()) {
      if (seen.has(item.value)) return fail(`${item.value} is listed twice`, index);
      seen.add(item.value);
    }
    if (list.filter((i) => i.isPrimary === true).length > 1) return fail('at most one item may have is_primary: true');
  }
  // A multi-select holds each option once.
  if (def.valueType === 'select') return void changes.set(name, [...new Set(items)]);
  changes.set(name, items);
}

/** Resolves stages and record references to ids, collecting target_record_not_found / ambiguous_match. */
export async function resolveChanges(changes: AttributeChanges, organizationId: string, store: ContactStore, stages: ContactStage[], catalog: ContactCatalog): Promise<{ resolved: AttributeChanges; details: ErrorDetail[] }> {
  const details: ErrorDetail[] = [];
  const resolved: AttributeChanges = new Map(changes);

  const stageRef = changes.get('stage') as StageRef | null | undefined;
  if (stageRef) {
    const stage = findStage(stages, stageRef.ref);
    if (stage === undefined) {
      details.push({ code: 'field_value_invalid', field: 'stage', path: '/attributes/stage', message: `unknown stage ${JSON.stringify(stageRef.ref)}; this organization's stages are ${stages.map((s) => s.apiName).join(', ')}` });
    } else if (stageRef.others?.some((name) => !namesStage(stage, name))) {
      // A read form edited in one member only (api_name changed, id kept) must not silently keep the old stage.
      details.push({ code: 'field_value_invalid', field: 'stage', path: '/attributes/stage', message: 'the stage object\'s id, api_name and display_value name different stages; send one of them' });
    } else resolved.set('stage', stage.id);
  }

  type Pending = { name: string; index?: number; ref: ReferenceInput; target: 'user' | 'team' };
  const pending: Pending[] = [];
  for (const [name, value] of changes) {
    const def = catalog.get(name) as AttributeDef;
    if (def.referenceTarget === null || value === null) continue;
    if (def.isList) (value as ReferenceInput[]).forEach((ref, index) => pending.push({ name, index, ref, target: def.referenceTarget! }));
    else pending.push({ name, ref: value as ReferenceInput, target: def.referenceTarget });
  }
  if (pending.length === 0) return { resolved, details };

  const idsOf = (target: 'user' | 'team') => pending.filter((p) => p.target === target && 'id' in p.ref).map((p) => (p.ref as { id: string }).id);
  const [users, teams, byEmail, byName] = await Promise.all([
    store.existingUserIds(organizationId, idsOf('user')),
    store.existingTeamIds(organizationId, idsOf('team')),
    store.userIdsByEmail(organizationId, pending.flatMap((p) => ('email' in p.ref ? [p.ref.email] : []))),
    store.teamIdsByName(organizationId, pending.flatMap((p) => ('name' in p.ref ? [p.ref.name] : []))),
  ]);
  const ids = new Map<string, string[]>();
  for (const p of pending) {
    const path = pathOf(p.name, p.index);
    let found: string[];
    let described: string;
    if ('id' in p.ref) {
      found = (p.target === 'user' ? users : teams).has(p.ref.id) ? [p.ref.id] : [];
      described = `id ${p.ref.id}`;
    } else if ('email' in p.ref) {
      found = byEmail.get(p.ref.email) ?? [];
      described = `email ${JSON.stringify(p.ref.email)}`;
    } else {
      found = byName.get(p.ref.name.toLowerCase()) ?? [];
      described = `name ${JSON.stringify(p.ref.name)}`;
    }
    if (found.length === 0) {
      details.push({ code: 'target_record_not_found', field: p.name, path, message: `no ${p.target} with ${described} in this organization` });
    } else if (found.length > 1) {
      details.push({ code: 'ambiguous_match', field: p.name, path, message: `${found.length} ${p.target}s match ${described}`, candidate_ids: found });
    } else {
      ids.set(`${p.name}/${p.index ?? ''}`, [found[0] as string]);
    }
  }
  for (const [name, value] of changes) {
    const def = catalog.get(name) as AttributeDef;
    if (def.referenceTarget === null || value === null) continue;
    if (def.isList) {
      const list = (value as ReferenceInput[]).map((_, index) => ids.get(`${name}/${index}`)?.[0]).filter((id): id is string => id !== undefined);
      resolved.set(name, [...new Set(list)]);
    } else resolved.set(name, ids.get(`${name}/`)?.[0] ?? null);
  }
  return { resolved, details };
}

/** Replaces a contact's item list; items keep their id when the same value was already listed. */
export function replaceItems(existing: ContactItem[], inputs: ContactItemInput[]): ContactItem[] {
  const byId = new Map(existing.map((i) => [i.id, i]));
  const byValue = new Map(existing.map((i) => [i.value, i]));
  const used = new Set<string>();
  const items = inputs.map((input): ContactItem => {
    const candidate = (input.id !== undefined ? byId.get(input.id) : undefined) ?? byValue.get(input.value);
    // An id names at most one item of the new list, even if two inputs point at the same old item.
    const previous = candidate !== undefined && !used.has(candidate.id) ? candidate : undefined;
    if (previous !== undefined) used.add(previous.id);
    return {
      id: previous?.id ?? newId(),
      value: input.value,
      isPrimary: input.isPrimary === true,
      labels: input.labels ?? previous?.labels ?? [],
    };
  });
  return ensureOnePrimary(items);
}

/** The primary invariant: a non-empty list has exactly one primary item (the first, when none is marked). */
export function ensureOnePrimary(items: ContactItem[]): ContactItem[] {
  if (items.length === 0 || items.some((i) => i.isPrimary)) return items;
  return items.map((item, index) => (index === 0 ? { ...item, isPrimary: true } : item));
}

/** Sets the primary value: existing → promoted; new → added as primary; null → primary removed, oldest promoted. */
export function setPrimary(items: ContactItem[], value: string | null): ContactItem[] {
  if (value === null) return ensureOnePrimary(items.filter((i) => !i.isPrimary));
  if (items.some((i) => i.value === value)) return items.map((i) => ({ ...i, isPrimary: i.value === value }));
  return [...items.map((i) => ({ ...i, isPrimary: false })), { id: newId(), value, isPrimary: true, labels: [] }];
}

export function primaryOf(items: ContactItem[]): string | null {
  return items.find((i) => i.isPrimary)?.value ?? null;
}

const LISTS: ReadonlyArray<[ListAttribute, 'primary_email' | 'primary_phone_number']> = [
  ['contact_emails', 'primary_email'],
  ['contact_phone_numbers', 'primary_phone_number'],
];

/** Applies resolved changes to a contact, keeping the primary invariants and the derived display_name. */
export function applyChanges(current: Contact, changes: AttributeChanges, catalog: ContactCatalog): Contact {
  return applyChangesTo({ ...current } as Contact, current, changes, catalog);
}

/**
 * applyChanges writing into next, a copy of current or (a contact being built) current itself: each list is
 * read from current before next's member is set, and the custom map is copied before it changes.
 */
function applyChangesTo(target: Contact, current: Contact, changes: AttributeChanges, catalog: ContactCatalog): Contact {
  const next = target as Contact & Record<string, unknown>;
  let custom: Record<string, unknown> | null = null;
  for (const [name, value] of changes) {
    if (catalog.get(name)?.isCustom === true) {
      custom ??= customValues(current.custom);
      if (value === null || (Array.isArray(value) && value.length === 0)) delete custom[name];
      else custom[name] = value;
      continue;
    }
    if (name === 'contact_emails' || name === 'contact_phone_numbers' || name === 'primary_email' || name === 'primary_phone_number') continue;
    next[name] = value;
  }
  const tooLong: ErrorDetail[] = [];
  for (const [list, primary] of LISTS) {
    let items = current[list];
    if (changes.has(list)) items = replaceItems(items, changes.get(list) as ContactItemInput[]);
    if (changes.has(primary)) items = setPrimary(items, changes.get(primary) as string | null);
    // A new primary (or an _assert's matched emails) adds to the list: it may not grow past what a write of the list may hold.
    if (items.length > MAX_LIST_ITEMS && items.length > current[list].length) {
      const field = changes.has(list) ? list : primary;
      tooLong.push({ code: 'field_value_invalid', field, path: pathOf(field), message: `${field}: ${list} would hold ${items.length} items; a contact holds at most ${MAX_LIST_ITEMS}` });
    }
    next[list] = items;
    next[primary] = primaryOf(items);
  }
  throwIfInvalid(tooLong);
  if (custom !== null) next.custom = custom;
  next.display_name = deriveDisplayName(next);
  return next;
}

/** The next updated_at: the clock, but always later than the previous value so every change is visible. */
export function nextUpdatedAt(previous: string, now: string): string {
  return now > previous ? now : new Date(Date.parse(previous) + 1).toISOString();
}

/** Stamps a write: version, updated_at and updated_by. */
export function stampWrite(contact: Contact, userId: string, now: string): Contact {
  return { ...contact, version: contact.version + 1, updated_at: nextUpdatedAt(contact.updated_at, now), updated_by_user_id: userId };
}

export function newContact(organizationId: string, userId: string, now: string, defaultStageId: string | null, createdSource: 'API' | 'CSV_IMPORT' = 'API'): Contact {
  // Set on the blank contact itself (a fresh object with every member present) rather than spread again.
  const contact = blankContact(organizationId, newId(), now) as Contact & Record<string, unknown>;
  contact.stage = defaultStageId;
  contact.created_by_user_id = userId;
  contact.updated_by_user_id = userId;
  contact.created_source = createdSource;
  return contact;
}

/**
 * A new contact (version 1) with the changes applied: the one object a create builds, changed in place
 * (a bulk import builds a million; applyChanges would copy the ~50-member contact once more for each).
 */
export function createdContact(organizationId: string, userId: string, now: string, defaultStageId: string | null, createdSource: 'API' | 'CSV_IMPORT', changes: AttributeChanges, catalog: ContactCatalog): Contact {
  const contact = newContact(organizationId, userId, now, defaultStageId, createdSource);
  (contact as { version: number }).version = 1;
  return applyChangesTo(contact, contact, changes, catalog);
}
