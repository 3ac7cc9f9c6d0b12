import { describe, expect, it } from 'vitest';
import { CONTACT_CATALOG } from '../../src/domain/catalog/contact-catalog.ts';
import type { ContactStage } from '../../src/domain/stages.ts';
import { addressCodec } from '../../src/domain/values/address.ts';
import { booleanCodec } from '../../src/domain/values/boolean.ts';
import { contactEmailCodec } from '../../src/domain/values/contact-email.ts';
import { contactPhoneNumberCodec } from '../../src/domain/values/contact-phone-number.ts';
import { contactStageCodec } from '../../src/domain/values/contact-stage.ts';
import { emailCodec } from '../../src/domain/values/email.ts';
import { enumCodec } from '../../src/domain/values/enum.ts';
import { formSubmissionDetailsCodec } from '../../src/domain/values/form-submission-details.ts';
import { phoneNumberCodec } from '../../src/domain/values/phone-number.ts';
import { recordReferenceCodec } from '../../src/domain/values/record-reference.ts';
import { selectCodec } from '../../src/domain/values/select.ts';
import { stringCodec } from '../../src/domain/values/string.ts';
import { timestampCodec } from '../../src/domain/values/timestamp.ts';
import { uuidCodec } from '../../src/domain/values/uuid.ts';
import { describe as describeValue, type ParseContext, type RenderContext, type ValueCodec } from '../../src/domain/values/value-codec.ts';

const ctx: ParseContext = { defaultPhoneRegion: 'US' };
const STAGE: ContactStage = { id: '0190b1c2-0000-7000-8000-0000000000aa', apiName: 'working', displayValue: 'Working', color: '#3B82F6', position: 1, isDefault: false };
const render: RenderContext = { stagesById: new Map([[STAGE.id, STAGE]]) };
const UUID = '0190b1c2-0000-7000-8000-000000000001';

function parses<I, S>(codec: ValueCodec<I, S>, raw: unknown): I {
  const parsed = codec.parse(raw, ctx);
  if (!parsed.ok) throw new Error(`expected ${JSON.stringify(raw)} to parse: ${parsed.message}`);
  return parsed.value;
}
const rejects = <I, S>(codec: ValueCodec<I, S>, raw: unknown): boolean => !codec.parse(raw, ctx).ok;

describe('value codecs', () => {
  it('uuid: lower-cases a UUID, rejects anything else', () => {
    expect(parses(uuidCodec, UUID.toUpperCase())).toBe(UUID);
    expect(rejects(uuidCodec, 'abc')).toBe(true);
  });

  it('timestamp: stores UTC with milliseconds and Z; a zone is required', () => {
    expect(parses(timestampCodec, '2024-05-01T14:00:00+02:00')).toBe('2024-05-01T12:00:00.000Z');
    expect(rejects(timestampCodec, '2024-05-01T12:00:00')).toBe(true);
    expect(rejects(timestampCodec, 'yesterday')).toBe(true);
    // Date.parse would roll these over (March 1st, the next day): refused instead.
    for (const bad of ['2024-02-30T00:00:00Z', '2023-02-29', '2024-05-01T24:00:00Z', '2024-13-01T00:00:00Z']) expect(rejects(timestampCodec, bad)).toBe(true);
    expect(parses(timestampCodec, '2024-02-29T23:59:59.5-01:00')).toBe('2024-03-01T00:59:59.500Z');
  });

  it('string: trims, empty is null, length-limited, rejects non-strings and NUL', () => {
    const codec = stringCodec(5);
    expect(parses(codec, '  abc ')).toBe('abc');
    expect(parses(codec, '   ')).toBeNull();
    expect(rejects(codec, 'abcdef')).toBe(true);
    expect(rejects(codec, 1)).toBe(true);
    expect(rejects(codec, 'a\u0000b')).toBe(true);
  });

  it('email: trims and lower-cases; a real syntax check with a top-level domain', () => {
    expect(parses(emailCodec, ' Jane.Doe+tag@Example.CO.uk ')).toBe('jane.doe+tag@example.co.uk');
    for (const bad of ['jane', 'jane@', '@example.com', 'jane@example', 'jane doe@example.com', 'jane@@example.com', `${'a'.repeat(250)}@example.com`]) {
      expect(rejects(emailCodec, bad), bad).toBe(true);
    }
  });

  it('phone_number: E.164 through libphonenumber with the default region; invalid numbers rejected', () => {
    expect(parses(phoneNumberCodec, '(415) 555-2671')).toBe('+14155552671');
    expect(parses(phoneNumberCodec, '+44 20 7946 0958')).toBe('+442079460958');
    expect(phoneNumberCodec.parse('020 7946 0958', { defaultPhoneRegion: 'GB' })).toEqual({ ok: true, value: '+442079460958' });
    for (const bad of ['12', '+1 555', 'call me', '+999 1234567']) expect(rejects(phoneNumberCodec, bad), bad).toBe(true);
  });

  it('boolean: JSON booleans only', () => {
    expect(parses(booleanCodec, false)).toBe(false);
    expect(rejects(booleanCodec, 'true')).toBe(true);
    expect(rejects(booleanCodec, 1)).toBe(true);
  });

  it('enum: one of the listed values', () => {
    const codec = enumCodec(['API', 'UI']);
    expect(parses(codec, 'API')).toBe('API');
    expect(rejects(codec, 'api')).toBe(true);
  });

  it('address: known fields only, trimmed; all-empty is null; renders as stored', () => {
    expect(parses(addressCodec, { city: ' Paris ', zip_code: '75001' })).toEqual({ street_one: null, street_two: null, city: 'Paris', state: null, country: null, zip_code: '75001' });
    expect(parses(addressCodec, { city: '' })).toBeNull();
    expect(rejects(addressCodec, { town: 'X' })).toBe(true);
    expect(rejects(addressCodec, { city: 5 })).toBe(true);
  });

  it('contact_stage: a name, id, display value or the read object; renders {id, display_value, api_name, color}', () => {
    expect(parses(contactStageCodec, ' Working ')).toEqual({ ref: 'Working' });
    const rendered = contactStageCodec.render(STAGE.id, render);
    expect(rendered).toEqual({ id: STAGE.id, display_value: 'Working', api_name: 'working', color: '#3B82F6' });
    expect(parses(contactStageCodec, rendered)).toEqual({ ref: STAGE.id, others: ['working', 'Working'] });
    expect(parses(contactStageCodec, { api_name: 'working' })).toEqual({ ref: 'working' });
    expect(rejects(contactStageCodec, { api_name: 'working', name: 'x' })).toBe(true);
    expect(rejects(contactStageCodec, 3)).toBe(true);
  });

  it('select: a name, id, display value or the read object, naming one option', () => {
    const options = [
      { id: '0190b1c2-0000-7000-8000-0000000000b1', apiName: 'gold', displayValue: 'Gold tier', color: null },
      { id: '0190b1c2-0000-7000-8000-0000000000b2', apiName: 'silver', displayValue: 'Silver tier', color: '#C0C0C0' },
    ];
    const select = selectCodec(options);
    expect(parses(select, ' GOLD ')).toBe(options[0]?.id);
    expect(parses(select, 'silver tier')).toBe(options[1]?.id);
    const rendered = select.render(options[1]?.id as string, render);
    expect(rendered).toEqual({ id: options[1]?.id, api_name: 'silver', display_value: 'Silver tier', color: '#C0C0C0' });
    expect(parses(select, rendered)).toBe(options[1]?.id);
    // A read form edited in one member only names two options: refused, not resolved to either.
    expect(rejects(select, { id: options[1]?.id, api_name: 'gold' })).toBe(true);
    expect(rejects(select, { api_name: 'gold', name: 'x' })).toBe(true);
    expect(rejects(select, { api_name: 'gold', display_value: ' ' })).toBe(true);
    expect(rejects(select, {})).toBe(true);
    expect(rejects(select, 'bronze')).toBe(true);
    expect(rejects(select, 3)).toBe(true);
  });

  it('record_reference: UUID, related_record_id, related_record_match or the read envelope of the right type', () => {
    const users = recordReferenceCodec('user');
    const teams = recordReferenceCodec('team');
    expect(parses(users, UUID)).toEqual({ id: UUID });
    expect(parses(users, { related_record_id: UUID })).toEqual({ id: UUID });
    expect(parses(users, { related_record_match: { email: ' A@Example.com' } })).toEqual({ email: 'a@example.com' });
    expect(parses(teams, { related_record_match: { name: ' Sales ' } })).toEqual({ name: 'Sales' });
    expect(parses(users, users.render(UUID, render))).toEqual({ id: UUID });
    expect(rejects(users, teams.render(UUID, render))).toBe(true);
    expect(rejects(users, { related_record_match: { name: 'Sales' } })).toBe(true);
    expect(rejects(teams, { related_record_match: { email: 'a@example.com' } })).toBe(true);
    expect(rejects(users, { related_record_id: 'x' })).toBe(true);
  });

  it('contact_email / contact_phone_number: a bare value or an item object; render {id, value, is_primary, labels}', () => {
    expect(parses(contactEmailCodec, 'A@Example.com')).toEqual({ value: 'a@example.com' });
    expect(parses(contactEmailCodec, { email: 'a@example.com', is_primary: true, labels: ['work', 'WORK'] })).toEqual({ value: 'a@example.com', isPrimary: true, labels: ['WORK'] });
    const item = { id: UUID, value: '+14155552671', isPrimary: true, labels: ['MOBILE' as const] };
    const rendered = contactPhoneNumberCodec.render(item, render);
    expect(rendered).toEqual({ id: UUID, phone_number: '+14155552671', is_primary: true, labels: ['MOBILE'] });
    expect(parses(contactPhoneNumberCodec, rendered)).toEqual({ id: UUID, value: '+14155552671', isPrimary: true, labels: ['MOBILE'] });
    expect(rejects(contactEmailCodec, { email: 'a@example.com', labels: ['HOME'] })).toBe(true);
    expect(rejects(contactPhoneNumberCodec, { phone_number: '12' })).toBe(true);
    expect(rejects(contactEmailCodec, { phone_number: '+14155552671' })).toBe(true);
  });

  it('created_source_form_submission_details: the eight members, strings or null', () => {
    expect(parses(formSubmissionDetailsCodec, { form_id: UUID })).toMatchObject({ form_id: UUID, utm_source: null });
    expect(rejects(formSubmissionDetailsCodec, { form_id: 3 })).toBe(true);
  });

  it('every catalog value type has exactly one codec, named by the row', () => {
    for (const def of CONTACT_CATALOG) expect(def.codec.valueType, def.apiName).toBe(def.valueType);
    expect(new Set(CONTACT_CATALOG.map((d) => d.valueType)).size).toBe(13);
  });
});

describe('describe (what an error message says was sent)', () => {
  it('names a missing member and a number JSON cannot write, instead of "undefined undefined" and "number null"', () => {
    expect(describeValue(undefined)).toBe('nothing');
    expect(describeValue(Number.POSITIVE_INFINITY)).toBe('number Infinity');
    expect(describeValue(12)).toBe('number 12');
    expect(describeValue('x')).toBe('string "x"');
  });
});
