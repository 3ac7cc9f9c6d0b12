import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Contacts, Actor } from '../../src/domain/contacts.ts';
import type { Contact } from '../../src/domain/contact.ts';
import { isSchemaDroppedMeanwhile, migrate } from '../../src/storage/database.ts';
import { migrationProvider, migrations } from '../../src/storage/migrations/index.ts';
import { SqlContactStore } from '../../src/storage/sql-contact-store.ts';
import { openContactsFixture } from '../helpers/contacts-fixture.ts';
import { describeEachDialect, type TestDatabase } from '../helpers/databases.ts';
import { listColumnMismatches, listsFromItemRows } from '../helpers/list-columns.ts';

const listsOf = (c: Contact) => ({ emails: c.contact_emails, phones: c.contact_phone_numbers, participants: c.participant_user_id_list });

describeEachDialect('contact list columns (migration 0006)', (dialect) => {
  let t: TestDatabase;
  let actor: Actor;
  let store: SqlContactStore;
  let contacts: Contacts;
  let userIds: string[];
  beforeAll(async () => {
    ({ t, actor, store, contacts, userIds } = await openContactsFixture(dialect, 'Lists'));
  });
  afterAll(async () => t.destroy());

  it('every write keeps the row lists equal to the item tables, and the down/up migration rebuilds them from the item tables', async () => {
    const a = await contacts.create(actor, { attributes: {
      first_name: 'Ann',
      contact_emails: [{ email: 'ann@work.example', labels: ['WORK'] }, { email: 'ann@home.example', is_primary: true, labels: ['PERSONAL', 'MOBILE'] }],
      contact_phone_numbers: ['+14155550100', { phone_number: '+14155550101', labels: ['MOBILE'] }],
      participant_user_id_list: userIds,
    } });
    const b = await contacts.create(actor, { attributes: { first_name: 'Bob' } });
    await contacts.patch(actor, a.id, { attributes: { contact_emails: ['ann@new.example', 'ann@work.example'], participant_user_id_list: [userIds[1]] } });
    await contacts.patch(actor, b.id, { attributes: { title: 'Only the row', primary_phone_number: '+14155550199' } });
    await contacts.archive(actor, b.id);

    const before = new Map<string, Contact>();
    for (const id of [a.id, b.id]) before.set(id, (await store.findById(actor.organizationId, id))!);
    const tables = await listsFromItemRows(t.database, actor.organizationId);
    for (const [id, contact] of before) expect(listsOf(contact), id).toEqual(tables.get(id));
    expect(before.get(a.id)!.contact_emails.map((e) => e.value)).toEqual(['ann@new.example', 'ann@work.example']);
    expect(before.get(b.id)!.contact_phone_numbers.map((p) => p.value)).toEqual(['+14155550199']);

    // Drop the columns and add them again: the backfill reads the item tables.
    const schema = dialect === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(t.database.db)).rows[0]!.s : undefined;
    const migrator = new Migrator({ db: t.database.db, provider: migrationProvider, ...(schema !== undefined ? { migrationTableSchema: schema } : {}) });
    // Down to the migration before 0006 (later ones go down first, and come back up after it).
    const target = '2026-11-27-0005-create-idempotency-keys';
    const later = Object.keys(migrations).filter((name) => name > target);
    let down = await migrator.migrateTo(target);
    for (let attempt = 1; attempt < 5 && isSchemaDroppedMeanwhile(down.error); attempt += 1) down = await migrator.migrateTo(target);
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName)).toEqual([...later].reverse());
    expect(await migrate(t.database)).toEqual(later);
    for (const [id, contact] of before) expect(await new SqlContactStore(t.database).findById(actor.organizationId, id), id).toEqual(contact);
  });

  it('listColumnMismatches (the crash test check) finds nothing after writes, and names each contact whose row lists and item rows disagree', async () => {
    const c = await contacts.create(actor, { attributes: { first_name: 'Cy', contact_emails: ['cy@one.example', 'cy@two.example'], contact_phone_numbers: ['+14155550120'], participant_user_id_list: userIds } });
    const d = await contacts.create(actor, { attributes: { first_name: 'Di', primary_email: 'di@one.example' } });
    expect(await listColumnMismatches(t.database)).toEqual([]);

    const db = t.database.db;
    // A stale list column: the emails in reverse order (one item row per address, both still there).
    const row = await db.selectFrom('contacts').select('emails_json').where('id', '=', c.id).executeTakeFirstOrThrow();
    await db.updateTable('contacts').set({ emails_json: JSON.stringify([...JSON.parse(row.emails_json)].reverse()) }).where('id', '=', c.id).execute();
    // An item row lost: the participant list column still names both users.
    await db.deleteFrom('contact_participants').where('contact_id', '=', c.id).where('user_id', '=', userIds[1]!).execute();
    // A list row without its column: an email row the contact's column does not list.
    await db.updateTable('contacts').set({ emails_json: '[]' }).where('id', '=', d.id).execute();

    const mismatches = await listColumnMismatches(t.database);
    expect(mismatches.filter((m) => m.startsWith(`contact ${c.id}: emails `))).toHaveLength(1);
    expect(mismatches.filter((m) => m.startsWith(`contact ${c.id}: participants `))).toHaveLength(1);
    expect(mismatches.filter((m) => m.startsWith(`contact ${d.id}: emails `))).toHaveLength(1);
    expect(mismatches).toHaveLength(3);
  });
});
