import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/databases.ts';
import { createContact, emailsOf, expectPrimaryInvariant, getContact, patchContact, phonesOf, uniqueEmail, type WireRecord } from '../helpers/contacts.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

describeEachDialect('primary_email / primary_phone_number invariants through PATCH', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  const patched = async (id: string, attributes: Record<string, unknown>): Promise<WireRecord> => {
    const res = await patchContact(t, id, attributes);
    expect(res.statusCode, res.body).toBe(200);
    const record = res.json().data as WireRecord;
    expectPrimaryInvariant(record);
    expect((await getContact(t, id)).data).toEqual(record);
    return record;
  };

  it('200: primary_email on create becomes the only, primary item of contact_emails', async () => {
    const a = uniqueEmail('a');
    const c = await createContact(t, { primary_email: a });
    expect(emailsOf(c)).toEqual([`*${a}`]);
    expectPrimaryInvariant(c);
  });

  it('200: primary_email set to a listed address makes it primary; to a new one adds it as primary and keeps the old', async () => {
    const [a, b, n] = [uniqueEmail('a'), uniqueEmail('b'), uniqueEmail('n')];
    const c = await createContact(t, { contact_emails: [a, b] });
    expect(emailsOf(c)).toEqual([`*${a}`, b]);
    const ids = c.attributes.contact_emails.map((e) => e.value.id);
    const promoted = await patched(c.id, { primary_email: b });
    expect(emailsOf(promoted)).toEqual([a, `*${b}`]);
    expect(promoted.attributes.contact_emails.map((e) => e.value.id)).toEqual(ids);
    const added = await patched(c.id, { primary_email: n });
    expect(emailsOf(added)).toEqual([a, b, `*${n}`]);
  });

  it('200: primary_email null removes the primary item and promotes the oldest remaining one', async () => {
    const [a, b, d] = [uniqueEmail('a'), uniqueEmail('b'), uniqueEmail('d')];
    const c = await createContact(t, { contact_emails: [a, b, { email: d, is_primary: true }] });
    expect(emailsOf(c)).toEqual([a, b, `*${d}`]);
    expect(emailsOf(await patched(c.id, { primary_email: null }))).toEqual([`*${a}`, b]);
    expect(emailsOf(await patched(c.id, { primary_email: null }))).toEqual([`*${b}`]);
    const empty = await patched(c.id, { primary_email: null });
    expect(emailsOf(empty)).toEqual([]);
    expect(empty.attributes.display_name.value).toBe('Test Person');
  });

  it('200: a contact_emails list with no primary makes the first primary; one marked primary wins; ids and labels survive', async () => {
    const [a, b, x] = [uniqueEmail('a'), uniqueEmail('b'), uniqueEmail('x')];
    const c = await createContact(t, { contact_emails: [{ email: a, labels: ['WORK'] }, b] });
    const [idA, idB] = c.attributes.contact_emails.map((e) => e.value.id);
    const swapped = await patched(c.id, { contact_emails: [b, { email: a, is_primary: true }] });
    expect(emailsOf(swapped)).toEqual([b, `*${a}`]);
    expect(swapped.attributes.contact_emails.map((e) => e.value.id)).toEqual([idB, idA]);
    expect(swapped.attributes.contact_emails[1]!.value.labels).toEqual(['WORK']);
    const replaced = await patched(c.id, { contact_emails: [x, b] });
    expect(emailsOf(replaced)).toEqual([`*${x}`, b]);
    expect(replaced.attributes.contact_emails[1]!.value.id).toBe(idB);
    const agreeing = await patched(c.id, { contact_emails: [x, b], primary_email: b });
    expect(emailsOf(agreeing)).toEqual([x, `*${b}`]);
  });

  it('200 with distinct item ids when a list write renames an item and re-adds its old address', async () => {
    const [a, b] = [uniqueEmail('a'), uniqueEmail('b')];
    const c = await createContact(t, { contact_emails: [a] });
    const idA = c.attributes.contact_emails[0]!.value.id as string;
    const record = await patched(c.id, { contact_emails: [{ id: idA, email: b }, a] });
    expect(emailsOf(record)).toEqual([`*${b}`, a]);
    const ids = record.attributes.contact_emails.map((e) => e.value.id);
    expect(ids[0]).toBe(idA);
    expect(new Set(ids).size).toBe(2);
  });

  it('200: display_name falls back to primary_email and follows it', async () => {
    const [a, b] = [uniqueEmail('a'), uniqueEmail('b')];
    const res = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { primary_email: a } } });
    const c = res.json().data as WireRecord;
    expect(c.attributes.display_name.value).toBe(a);
    expect((await patched(c.id, { primary_email: b })).attributes.display_name.value).toBe(b);
    expect((await patched(c.id, { first_name: 'Zed' })).attributes.display_name.value).toBe('Zed');
  });

  it('200: phones follow the same rules, in E.164', async () => {
    const c = await createContact(t, { primary_phone_number: '415-555-2671' });
    expect(phonesOf(c)).toEqual(['*+14155552671']);
    expect(phonesOf(await patched(c.id, { primary_phone_number: '+1 415 555 2672' }))).toEqual(['+14155552671', '*+14155552672']);
    expect(phonesOf(await patched(c.id, { primary_phone_number: '(415) 555-2671' }))).toEqual(['*+14155552671', '+14155552672']);
    expect(phonesOf(await patched(c.id, { primary_phone_number: null }))).toEqual(['*+14155552672']);
    expect(phonesOf(await patched(c.id, { contact_phone_numbers: ['+442079460958', { phone_number: '4155552673', is_primary: true }] }))).toEqual(['+442079460958', '*+14155552673']);
    expect(phonesOf(await patched(c.id, { contact_phone_numbers: [] }))).toEqual([]);
  });
});
