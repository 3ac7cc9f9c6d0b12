import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Contacts, Actor } from '../../src/domain/contacts.ts';
import type { Contact } from '../../src/domain/contact.ts';
import { isSchemaDroppedMeanwhile, migrate } from '../../src/storage/database.ts';
import { migrationProvider, migrations } from '../../src/storage/migrations/index.ts';
import { SqlContactStore } from '../../src/storage/sql-contact-store.ts';
import { openContactsFixture } from '../helpers/contacts-fixture.ts';
import { describeEachDialect, type TestDatabase } from '../helpers/databases.ts';

/** The lists as the item tables hold them, per contact, in list order. */
async function itemTables(t: TestDatabase, organizationId: string): Promise<Map<string, { emails: unknown[]; phones: unknown[]; participants: string[] }>> {
  const db = t.database.db;
  const lists = new Map<string, { emails: unknown[]; phones: unknown[]; participants: string[] }>();
  const of = (id: string) => lists.get(id) ?? lists.set(id, { emails: [], phones: [], participants: [] }).get(id)!;
  for (const id of (await db.selectFrom('contacts').select('id').where('organization_id', '=', organizationId).execute()).map((r) => r.id)) of(id);
  for (const e of await db.selectFrom('contact_emails').selectAll().where('organization_id', '=', organizationId).orderBy('position').execute()) {
    of(e.contact_id).emails.push({ id: e.id, value: e.email, isPrimary: Number(e.is_primary) === 1, labels: JSON.parse(e.labels) });
  }
  for (const p of await db.selectFrom('contact_phone_numbers').selectAll().where('organization_id', '=', organizationId).orderBy('position').execute()) {
    of(p.contact_id).phones.push({ id: p.id, value: p.phone_number, isPrimary: Number(p.is_primary) === 1, labels: JSON.parse(p.labels) });
  }
  for (const u of await db.selectFrom('contact_participants').selectAll().where('organization_id', '=', organizationId).orderBy('position').execute()) of(u.contact_id).participants.push(u.user_id);
  return lists;
}

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
    const tables = await itemTables(t, actor.organizationId);
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
});
