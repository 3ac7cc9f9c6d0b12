import { expect, it } from 'vitest';
import type { CustomAttribute } from '../../src/domain/catalog/custom-attribute.ts';
import { blankContact, type Contact } from '../../src/domain/contact.ts';
import { changedColumns, changedColumnsAfter, toContactRow } from '../../src/storage/contact-row.ts';

const definition = (apiName: string, valueType: CustomAttribute['valueType']): CustomAttribute => ({
  organizationId: 'o', id: `def-${apiName}`, apiName, displayName: apiName, valueType, isArray: false, isUnique: false,
  isRequiredOnCreate: false, description: '', options: [], archivedAt: null, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
});
const DEFINITIONS = [definition('code', 'string'), definition('score', 'number')];

const current: Contact = {
  ...blankContact('o', 'c', '2026-01-01T00:00:00.000Z'),
  version: 3, first_name: 'Ana', last_name: 'Lund', title: 'Buyer', sms_consent: false,
  custom: { code: 'K-1', score: 1 },
};

// What a write derives from the row it read must be exactly what encoding the whole next contact and
// comparing every column finds: the same columns with the same values, in the same order (the order names
// the prepared UPDATE). Unchanged values keep their identity in next, as applyChanges keeps them.
it('changedColumnsAfter finds the columns, values and order that encoding the whole next contact finds', () => {
  const stored = toContactRow(current, DEFINITIONS);
  const next = (changes: Partial<Contact>): Contact => ({ ...current, version: current.version + 1, ...changes });
  const cases: Array<[string, Contact]> = [
    ['a searched text', next({ title: 'Chief Buyer' })],
    ['a folded name, beyond ASCII', next({ first_name: 'Émile' })],
    ['a boolean', next({ sms_consent: true })],
    ['a JSON value', next({ address: { street_one: '1 Main St', street_two: null, city: 'Oslo', state: null, country: 'NO', zip_code: null } as Contact['address'] })],
    ['a searched custom value', next({ custom: { ...current.custom, code: 'Ÿggdrasil' } })],
    ['a custom value not searched', next({ custom: { ...current.custom, score: 2 } })],
    ['a custom map rebuilt with the same values', next({ custom: { ...current.custom } })],
    ['a value replaced by an equal one of new identity', next({ title: ['Buy', 'er'].join('') })],
    ['a value cleared', next({ title: null, first_name: null })],
    ['the version alone', next({})],
    ['nothing, not even the version', current],
  ];
  for (const [name, after] of cases) {
    const whole = changedColumns(stored, toContactRow(after, DEFINITIONS));
    const derived = changedColumnsAfter(stored, current, after, DEFINITIONS);
    expect(derived, name).toEqual(whole);
    expect(Object.keys(derived), name).toEqual(Object.keys(whole));
  }
  expect(Object.keys(changedColumnsAfter(stored, current, cases[0]![1], DEFINITIONS))).toEqual(['version', 'title', 'search_text']);
});
