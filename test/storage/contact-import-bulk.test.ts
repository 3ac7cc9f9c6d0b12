import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { Contacts, DryRunMemory, type Actor } from '../../src/domain/contacts.ts';
import { CustomAttributes } from '../../src/domain/custom-attributes.ts';
import { Tenancy } from '../../src/domain/tenancy.ts';
import { SqlContactStore } from '../../src/storage/sql-contact-store.ts';
import { SqlCustomAttributeStore } from '../../src/storage/sql-custom-attribute-store.ts';
import { SqlTenancyStore } from '../../src/storage/sql-tenancy-store.ts';
import { describeEachDialect, openTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { listColumnMismatches } from '../helpers/list-columns.ts';

// An import batch writes its new contacts in bulk (multi-row INSERTs, one event each) and only the rows
// the bulk write cannot take one by one: the stored result must be what single creates would leave.
describeEachDialect('import rows: the bulk write path', (dialect) => {
  let t: TestDatabase;
  let contacts: Contacts;
  let store: SqlContactStore;
  let tenancy: Tenancy;
  let catalogs: CustomAttributes;

  beforeAll(async () => {
    t = await openTestDatabase(dialect);
    tenancy = new Tenancy(new SqlTenancyStore(t.database));
    store = new SqlContactStore(t.database);
    catalogs = new CustomAttributes(new SqlCustomAttributeStore(t.database), { maxLive: 50 });
    contacts = new Contacts(store, { defaultPhoneRegion: 'US', cursorSecret: 'test-secret-test-secret', catalogs });
  });
  afterAll(async () => t.destroy());

  const newOrg = async (name: string): Promise<{ actor: Actor; users: string[] }> => {
    const org = await tenancy.createOrganization(name);
    const users = [await tenancy.createUser(org.id, `a@${name.toLowerCase()}.example`, null), await tenancy.createUser(org.id, `b@${name.toLowerCase()}.example`, null)];
    await catalogs.create(org.id, { api_name: 'account_ref', display_name: 'Account reference', value_type: 'string', is_unique: true });
    await catalogs.create(org.id, { api_name: 'score', display_name: 'Score', value_type: 'number' });
    return { actor: { organizationId: org.id, userId: users[0]!.id, source: 'CSV_IMPORT' }, users: users.map((u) => u.id) };
  };

  const eventsOf = async (organizationId: string) => {
    const db = t.database.db;
    const columns = ['record_id', 'type', 'version', 'source', 'changed_attributes'] as const;
    const numbered = await db.selectFrom('contact_events').select(columns).where('organization_id', '=', organizationId).orderBy('sequence').execute();
    // PostgreSQL numbers events after commit (the sequencer); here they are still queued, in queue order.
    const queued = dialect === 'postgres' ? await db.selectFrom('contact_event_queue').select(columns).where('organization_id', '=', organizationId).orderBy('queue_id').execute() : [];
    return [...numbered, ...queued];
  };

  it('writes every row with its list rows, custom values, search text and one CSV_IMPORT event per contact', async () => {
    const { actor, users } = await newOrg('Bulk');
    const rows = Array.from({ length: 1200 }, (_, i) => ({ attributes: {
      first_name: `Zoë${i}`,
      last_name: `Bulk${i}`,
      contact_emails: [`p${i}@bulk.example`, `s${i}@bulk.example`],
      contact_phone_numbers: [`+1415555${String(1000 + (i % 9000)).padStart(4, '0')}`],
      participant_user_id_list: i % 2 === 0 ? users : [],
      account_ref: `ACC-${i}`,
      score: i,
    } }));
    const bulk = vi.spyOn(SqlContactStore.prototype, 'insertMany');
    const single = vi.spyOn(SqlContactStore.prototype, 'insert');
    const outcomes = await contacts.importRows(actor, rows, null);
    expect(outcomes.every((o) => 'action' in o && o.action === 'created')).toBe(true);
    // One bulk write for the batch, no single inserts.
    expect(bulk.mock.calls.map((call) => call[0].length)).toEqual([1200]);
    expect(single).not.toHaveBeenCalled();
    bulk.mockRestore();
    single.mockRestore();

    const db = t.database.db;
    const org = actor.organizationId;
    const stored = await db.selectFrom('contacts').select(['id', 'version', 'created_source', 'custom_values']).where('organization_id', '=', org).execute();
    expect(stored).toHaveLength(1200);
    expect(new Set(stored.map((c) => Number(c.version)))).toEqual(new Set([1]));
    expect(new Set(stored.map((c) => c.created_source))).toEqual(new Set(['CSV_IMPORT']));
    expect(await listColumnMismatches(t.database)).toEqual([]);

    const events = await eventsOf(org);
    expect(events).toHaveLength(1200);
    expect(new Set(events.map((e) => e.record_id))).toEqual(new Set(stored.map((c) => c.id)));
    expect(events.every((e) => e.type === 'contact.created' && Number(e.version) === 1 && e.source === 'CSV_IMPORT' && e.changed_attributes.includes(',account_ref,'))).toBe(true);
    if (dialect === 'sqlite') {
      const sequences = (await db.selectFrom('contact_events').select('sequence').where('organization_id', '=', org).orderBy('sequence').execute()).map((e) => Number(e.sequence));
      expect(sequences).toEqual(Array.from({ length: 1200 }, (_, i) => i + 1));
    }

    // The custom value side table: one row per value, unique values indexed.
    const custom = await db.selectFrom('contact_custom_values').select(['contact_id', 'unique_value', 'value_number']).where('organization_id', '=', org).execute();
    expect(custom).toHaveLength(2400);
    expect(custom.filter((r) => r.unique_value !== null).map((r) => r.unique_value).sort()).toEqual(rows.map((r) => `ACC-${r.attributes.score}`).sort());

    // Reads, filters on the side tables and the free-text search find the imported contacts as any others.
    const viaQuery = async (body: unknown) => (await contacts.query(actor, body)).contacts;
    expect((await viaQuery({ filters: [{ field: 'contact_emails', operator: 'eq', value: 's777@bulk.example' }] })).map((c) => c.first_name)).toEqual(['Zoë777']);
    expect((await viaQuery({ filters: [{ field: 'account_ref', operator: 'eq', value: 'ACC-42' }] })).map((c) => c.first_name)).toEqual(['Zoë42']);
    expect((await viaQuery({ filters: [{ field: 'score', operator: 'eq', value: 999 }] })).map((c) => c.last_name)).toEqual(['Bulk999']);
    expect((await viaQuery({ search: 'zoe1111' })).map((c) => c.last_name)).toEqual(['Bulk1111']);
    const one = (await viaQuery({ filters: [{ field: 'primary_email', operator: 'eq', value: 'p8@bulk.example' }] }))[0]!;
    expect(one.participant_user_id_list).toEqual(users);
    expect(await contacts.get(actor, one.id)).toEqual(one);
  });

  it('a failing row is reported at its position while the others land; duplicates inside the batch and held values go one by one', async () => {
    const { actor } = await newOrg('Mixed');
    const holder = await contacts.create({ ...actor, source: 'API' }, { attributes: { first_name: 'Holder', primary_email: 'held@mixed.example', account_ref: 'HELD' } });
    const rows = [
      { attributes: { first_name: 'A', primary_email: 'a@mixed.example' } },
      { attributes: { first_name: 'Bad', sms_consent: 'perhaps' } },
      { attributes: { first_name: 'B', primary_email: 'held@mixed.example' } },
      { attributes: { first_name: 'C', primary_email: 'A@mixed.example' } },
      { attributes: { first_name: 'D', account_ref: 'HELD' } },
      { attributes: { first_name: 'E', primary_email: 'e@mixed.example', account_ref: 'E-1' } },
      { attributes: { first_name: 'F', account_ref: 'E-1' } },
      { attributes: { first_name: 'G', primary_email: 'g@mixed.example' } },
    ];
    const outcomes = await contacts.importRows(actor, rows, null);
    const summary = outcomes.map((o) => ('action' in o ? o.action : o.error.code));
    expect(summary).toEqual(['created', 'validation_failed', 'duplicate_value', 'duplicate_value', 'duplicate_value', 'created', 'duplicate_value', 'created']);
    const duplicate = outcomes[2] as { error: { details: Array<{ existing_contact_id?: string }> } };
    expect(duplicate.error.details[0]?.existing_contact_id).toBe(holder.id);

    const names = (await t.database.db.selectFrom('contacts').select('first_name').where('organization_id', '=', actor.organizationId).execute()).map((c) => c.first_name).sort();
    expect(names).toEqual(['A', 'E', 'G', 'Holder']);
    // One event per contact written: the holder's, then the three imported.
    const events = await eventsOf(actor.organizationId);
    expect(events.map((e) => e.source).sort()).toEqual(['API', 'CSV_IMPORT', 'CSV_IMPORT', 'CSV_IMPORT']);
    expect(await listColumnMismatches(t.database)).toEqual([]);
  });

  it('with a match, rows matching an existing contact update it and new rows are created in bulk; a later row in the file updates an earlier one', async () => {
    const { actor } = await newOrg('Match');
    const existing = await contacts.create(actor, { attributes: { first_name: 'Old', primary_email: 'old@match.example' } });
    const rows = [
      { attributes: { title: 'Updated', primary_email: 'old@match.example' }, match: { primary_email: 'old@match.example' } },
      { attributes: { first_name: 'New', primary_email: 'new@match.example' }, match: { primary_email: 'new@match.example' } },
      { attributes: { title: 'Second', primary_email: 'NEW@match.example' }, match: { primary_email: 'NEW@match.example' } },
      { attributes: { first_name: 'Other', primary_email: 'other@match.example' }, match: { primary_email: 'other@match.example' } },
    ];
    const outcomes = await contacts.importRows(actor, rows, null);
    expect(outcomes).toEqual([{ action: 'updated' }, { action: 'created' }, { action: 'updated' }, { action: 'created' }]);
    const after = await contacts.query(actor, { sort: [{ field: 'first_name', direction: 'asc' }] });
    expect(after.contacts.map((c) => [c.first_name, c.title, c.primary_email])).toEqual([
      ['New', 'Second', 'new@match.example'],
      ['Old', 'Updated', 'old@match.example'],
      ['Other', null, 'other@match.example'],
    ]);
    expect(after.contacts.find((c) => c.id === existing.id)?.version).toBe(2);
    const events = await eventsOf(actor.organizationId);
    // Old: created and updated; New: created then updated by the later row; Other: created.
    expect(events.map((e) => `${e.type}:${Number(e.version)}`).sort()).toEqual(['contact.created:1', 'contact.created:1', 'contact.created:1', 'contact.updated:2', 'contact.updated:2']);
  });

  it('a dry run answers every row and writes nothing', async () => {
    const { actor } = await newOrg('Dry');
    const outcomes = await contacts.importRows(actor, [{ attributes: { first_name: 'X', primary_email: 'x@dry.example' } }, { attributes: { first_name: 'Y', primary_email: 'x@dry.example' } }], new DryRunMemory());
    expect(outcomes.map((o) => ('action' in o ? o.action : o.error.code))).toEqual(['created', 'duplicate_value']);
    expect(await t.database.db.selectFrom('contacts').select('id').where('organization_id', '=', actor.organizationId).execute()).toEqual([]);
    expect(await eventsOf(actor.organizationId)).toEqual([]);
  });

  it('a dry run in several batches answers each row as the real import in those batches would, and writes nothing', async () => {
    // The same file in the same batches, once as a dry run (one memory for the run) and once for real, in two organizations.
    const existing = 'kept@span.example';
    const batches = [
      [{ attributes: { first_name: 'A', primary_email: 'a@span.example', account_ref: 'REF-A' } }, { attributes: { first_name: 'B', contact_emails: ['b1@span.example', 'b2@span.example'] } }],
      [
        { attributes: { first_name: 'A again', primary_email: 'a@span.example' } }, // an earlier batch's email: refused
        { attributes: { first_name: 'Ref', account_ref: 'REF-A' } }, // an earlier batch's unique value: refused
        { attributes: { first_name: 'B2' }, match: { primary_email: 'b1@span.example' } }, // matches B: updates it
        { attributes: { first_name: 'Kept', account_ref: 'REF-K' }, match: { primary_email: existing } }, // a stored contact: updated
        { attributes: { first_name: 'C', primary_email: 'c@span.example' } },
      ],
      [
        { attributes: { first_name: 'C again', contact_emails: ['c@span.example', 'new@span.example'] } }, // the batch before's: refused
        { attributes: { first_name: 'B3', title: 'x' }, match: { contact_emails: ['b2@span.example'] } }, // B, by its second email: updated
        { attributes: { first_name: 'D', primary_email: 'd@span.example' } },
      ],
    ];
    const run = async (name: string, dryRun: DryRunMemory | null) => {
      const { actor } = await newOrg(name);
      await contacts.create(actor, { attributes: { first_name: 'Stored', primary_email: existing } });
      const answers: string[][] = [];
      for (const rows of batches) answers.push((await contacts.importRows(actor, rows, dryRun)).map((o) => ('action' in o ? o.action : o.error.code)));
      return { actor, answers };
    };
    const real = await run('SpanReal', null);
    expect(real.answers).toEqual([['created', 'created'], ['duplicate_value', 'duplicate_value', 'updated', 'updated', 'created'], ['duplicate_value', 'updated', 'created']]);
    const dry = await run('SpanDry', new DryRunMemory());
    expect(dry.answers).toEqual(real.answers);
    // Only the contact stored before the run; no event but its creation's.
    const stored = await t.database.db.selectFrom('contacts').select(['id', 'primary_email']).where('organization_id', '=', dry.actor.organizationId).execute();
    expect(stored.map((c) => c.primary_email)).toEqual([existing]);
    expect((await eventsOf(dry.actor.organizationId)).map((e) => e.type)).toEqual(['contact.created']);
    // Without the memory, each batch alone: the repeats of earlier batches' rows pass as new contacts.
    const forgetful = await newOrg('SpanForgetful');
    await contacts.create(forgetful.actor, { attributes: { first_name: 'Stored', primary_email: existing } });
    const second = (await contacts.importRows(forgetful.actor, batches[1]!, new DryRunMemory())).map((o) => ('action' in o ? o.action : o.error.code));
    expect(second).toEqual(['created', 'created', 'created', 'updated', 'created']);
  });

  it('a dry run leaves out a stand-in whose value a contact stored meanwhile holds: that contact answers the row', async () => {
    const { actor } = await newOrg('SpanRace');
    const memory = new DryRunMemory();
    expect((await contacts.importRows(actor, [{ attributes: { first_name: 'A', contact_emails: ['race@span.example', 'other@span.example'] } }], memory)).map((o) => ('action' in o ? o.action : o.error.code))).toEqual(['created']);
    // Another writer stores a contact with one of those emails between the batches.
    const meanwhile = await contacts.create(actor, { attributes: { first_name: 'Meanwhile', primary_email: 'race@span.example' } });
    const outcomes = await contacts.importRows(actor, [
      { attributes: { first_name: 'X', primary_email: 'race@span.example' } },
      { attributes: { first_name: 'Y', primary_email: 'other@span.example' } },
    ], memory);
    expect(outcomes.map((o) => ('action' in o ? o.action : o.error.code))).toEqual(['duplicate_value', 'created']);
    expect(('error' in outcomes[0]! ? outcomes[0].error.details : [])[0]).toMatchObject({ existing_contact_id: meanwhile.id });
    const stored = await t.database.db.selectFrom('contacts').select('id').where('organization_id', '=', actor.organizationId).execute();
    expect(stored.map((c) => c.id)).toEqual([meanwhile.id]);
  });
});
