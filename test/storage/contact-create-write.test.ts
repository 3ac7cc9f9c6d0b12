import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Actor, Contacts } from '../../src/domain/contacts.ts';
import { openContactsFixture } from '../helpers/contacts-fixture.ts';
import { describeEachDialect, type TestDatabase } from '../helpers/databases.ts';

// A create is the contact row, its list rows and its event in one write: one statement on PostgreSQL (oneStatementWrite), one transaction on SQLite.
describeEachDialect('a create writes the contact and its lists all or nothing', (dialect) => {
  let t: TestDatabase;
  let actor: Actor;
  let contacts: Contacts;
  let participants: string[];
  beforeAll(async () => {
    ({ t, actor, contacts, userIds: participants } = await openContactsFixture(dialect, 'Writes'));
  });
  afterAll(async () => t.destroy());

  const rowsOf = async (contactId: string) => {
    const db = t.database.db;
    const org = actor.organizationId;
    return {
      contact: await db.selectFrom('contacts').select('id').where('organization_id', '=', org).where('id', '=', contactId).execute(),
      emails: await db.selectFrom('contact_emails').select('email').where('organization_id', '=', org).where('contact_id', '=', contactId).orderBy('position').execute(),
      phones: await db.selectFrom('contact_phone_numbers').select('phone_number').where('organization_id', '=', org).where('contact_id', '=', contactId).orderBy('position').execute(),
      participants: await db.selectFrom('contact_participants').select('user_id').where('organization_id', '=', org).where('contact_id', '=', contactId).orderBy('position').execute(),
    };
  };

  it('every list table gets its rows when a new contact has all three lists', async () => {
    const created = await contacts.create(actor, { attributes: {
      first_name: 'Ada',
      contact_emails: ['ada@one.example', 'ada@two.example'],
      contact_phone_numbers: ['+14155550100'],
      participant_user_id_list: participants,
    } });
    const rows = await rowsOf(created.id);
    expect(rows.contact).toHaveLength(1);
    expect(rows.emails.map((r) => r.email)).toEqual(['ada@one.example', 'ada@two.example']);
    expect(rows.phones.map((r) => r.phone_number)).toEqual(['+14155550100']);
    expect(rows.participants.map((r) => r.user_id)).toEqual(participants);
    expect(await contacts.get(actor, created.id)).toEqual(created);
  });

  it('a contact with no lists is its row alone', async () => {
    const created = await contacts.create(actor, { attributes: { first_name: 'Solo' } });
    const rows = await rowsOf(created.id);
    expect(rows.contact).toHaveLength(1);
    expect([rows.emails, rows.phones, rows.participants]).toEqual([[], [], []]);
  });

  it('nothing is stored when a list row breaks a constraint: no contact row and no other list rows', async () => {
    const holder = await contacts.create(actor, { attributes: { first_name: 'Holder', primary_email: 'taken@example.com' } });
    const count = async (table: 'contacts' | 'contact_participants') =>
      Number((await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = { contacts: await count('contacts'), participants: await count('contact_participants') };
    await expect(contacts.create(actor, { attributes: {
      first_name: 'Late',
      contact_emails: ['fresh@example.com', 'taken@example.com'],
      contact_phone_numbers: ['+14155550101'],
      participant_user_id_list: participants,
    } })).rejects.toMatchObject({ code: 'duplicate_value', details: [expect.objectContaining({ existing_contact_id: holder.id })] });
    expect({ contacts: await count('contacts'), participants: await count('contact_participants') }).toEqual(before);
    const strays = await t.database.db.selectFrom('contact_emails').select('email').where('email', '=', 'fresh@example.com').execute();
    expect(strays).toEqual([]);
    const phones = await t.database.db.selectFrom('contact_phone_numbers').select('phone_number').where('phone_number', '=', '+14155550101').execute();
    expect(phones).toEqual([]);
  });

  it('nothing is stored when the failing INSERT is the last one of the statement (emails only)', async () => {
    await contacts.create(actor, { attributes: { first_name: 'First', primary_email: 'first@example.com' } });
    await expect(contacts.create(actor, { attributes: { first_name: 'Second', contact_emails: ['second@example.com', 'first@example.com'] } }))
      .rejects.toMatchObject({ code: 'duplicate_value' });
    const named = await t.database.db.selectFrom('contacts').select('id').where('organization_id', '=', actor.organizationId).where('first_name', '=', 'Second').execute();
    expect(named).toEqual([]);
    expect(await t.database.db.selectFrom('contact_emails').select('email').where('email', '=', 'second@example.com').execute()).toEqual([]);
  });
});
