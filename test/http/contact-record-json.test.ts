import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONTACT_CATALOG } from '../../src/domain/catalog/contact-catalog.ts';
import { blankContact, type Contact } from '../../src/domain/contact.ts';
import type { ContactStage } from '../../src/domain/stages.ts';
import { contactRecordJson } from '../../src/http/contact-record.ts';
import { ContactCatalog } from '../../src/domain/catalog/organization-catalog.ts';
import type { CustomAttribute, CustomValueType } from '../../src/domain/catalog/custom-attribute.ts';

const STAGES: ContactStage[] = [
  { id: '01900000-0000-7000-8000-000000000001', apiName: 'lead', displayValue: 'Lead "new"', color: '#aabbcc', position: 0, isDefault: true },
  { id: '01900000-0000-7000-8000-000000000002', apiName: 'customer', displayValue: 'Kunde ✓', color: '#000000', position: 1, isDefault: false },
] as ContactStage[];

const OPTIONS = [{ id: '01900000-0000-7000-8000-0000000000c1', apiName: 'red', displayValue: 'Red "R"', color: null }];
const custom = (apiName: string, valueType: CustomValueType, isArray = false): CustomAttribute => ({
  organizationId: 'o', id: `01900000-0000-7000-8000-${String(apiName.length).padStart(12, '0')}`, apiName, displayName: apiName, valueType, isArray, isUnique: false,
  isRequiredOnCreate: false, description: '', options: valueType === 'select' ? OPTIONS : [], archivedAt: null, createdAt: '', updatedAt: '',
});
/** A catalog with custom attributes after the standard ones (one archived, which records never show). */
const CATALOG = new ContactCatalog([
  custom('score', 'number'), custom('colors', 'select', true), custom('note', 'string'), { ...custom('gone', 'string'), archivedAt: '2026-01-01T00:00:00.000Z' },
], 1);
const VIEW = { stages: STAGES, catalog: CATALOG };

/** The wire record built as an object, the straightforward way: the oracle contactRecordJson must match. */
function toContactRecord(contact: Contact, stages: ContactStage[]): unknown {
  const ctx = { stagesById: new Map(stages.map((s) => [s.id, s])) };
  const values = contact as unknown as Record<string, unknown>;
  const attributes: Record<string, unknown> = {};
  for (const def of CATALOG.attributes) {
    const value = def.isCustom ? (contact.custom[def.apiName] ?? (def.isList ? [] : null)) : values[def.apiName];
    attributes[def.apiName] = def.isList
      ? (value as unknown[]).map((item) => ({ value: def.codec.render(item, ctx), value_type: def.valueType }))
      : { value: value === null ? null : def.codec.render(value, ctx), value_type: def.valueType };
  }
  return { id: contact.id, created_at: contact.created_at, updated_at: contact.updated_at, attributes, record_type: 'contact' };
}

/** Any text, including quotes, backslashes, control characters, astral and unpaired surrogate code units. */
const text = fc.string({ unit: 'binary', maxLength: 40 });
const jsonObject = fc.dictionary(text, fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null)), { maxKeys: 5 });
const item = fc.record({ id: fc.uuid(), value: text, isPrimary: fc.boolean(), labels: fc.subarray(['PERSONAL', 'WORK', 'MOBILE']) });

/** A value of each attribute's stored form, or null. */
function valueFor(def: (typeof CONTACT_CATALOG)[number]): fc.Arbitrary<unknown> {
  if (def.isList) return def.valueType === 'record_reference' ? fc.array(fc.uuid(), { maxLength: 3 }) : fc.array(item, { maxLength: 3 });
  const value: fc.Arbitrary<unknown> = def.valueType === 'boolean' ? fc.boolean()
    : def.valueType === 'address' || def.valueType === 'created_source_form_submission_details' ? jsonObject
    : def.valueType === 'contact_stage' ? fc.oneof(fc.constantFrom(...STAGES.map((s) => s.id)), fc.uuid())
    : text;
  return fc.option(value, { nil: null });
}

const customArb = fc.record({
  score: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: undefined }),
  colors: fc.option(fc.array(fc.constantFrom(OPTIONS[0]!.id), { maxLength: 2 }), { nil: undefined }),
  note: fc.option(text, { nil: undefined }),
  gone: fc.option(text, { nil: undefined }),
}).map((values) => Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)));

const contactArb: fc.Arbitrary<Contact> = fc.tuple(fc.record(Object.fromEntries(CONTACT_CATALOG.map((def) => [def.apiName, valueFor(def)]))), customArb)
  .map(([values, customValues]) => ({ ...blankContact('01900000-0000-7000-8000-0000000000aa', '01900000-0000-7000-8000-0000000000bb', '2026-11-27T00:00:00.000Z'), ...values, custom: customValues, version: 3 }) as Contact);

describe('contactRecordJson', () => {
  it('is byte for byte JSON.stringify(toContactRecord(...)) for any stored contact', () => {
    fc.assert(fc.property(contactArb, (contact) => {
      expect(contactRecordJson(contact, VIEW)).toBe(JSON.stringify(toContactRecord(contact, STAGES)));
    }), { numRuns: 500 });
  });

  it('renders a blank contact with every attribute present, null or empty, live custom ones after the standard ones', () => {
    const parsed = JSON.parse(contactRecordJson(blankContact('o', 'c', '2026-01-01T00:00:00.000Z'), VIEW)) as { attributes: Record<string, unknown> };
    expect(Object.keys(parsed.attributes)).toEqual([...CONTACT_CATALOG.map((d) => d.apiName), 'score', 'colors', 'note']);
    expect(parsed.attributes.colors).toEqual([]);
    expect(parsed.attributes.score).toEqual({ value: null, value_type: 'number' });
  });
});
