import { expect, it } from 'vitest';
import { packedColumns, storedRow } from '../../src/storage/contact-query.ts';
import { CONTACT_COLUMNS, fromContactRow } from '../../src/storage/contact-row.ts';
import type { ContactRow } from '../../src/storage/schema.ts';
import { useCustomContactsFixture } from '../helpers/contacts-fixture.ts';
import { describeEachDialect } from '../helpers/databases.ts';

// GET, _query pages, exports and the read before a write fetch a contact's columns packed into one JSON
// array (packedColumns), on both databases. Unpacked, the row must build the same contact as a read of
// every column by name, as the driver returns it.
describeEachDialect('reading a contact to answer with', (dialect) => {
  const f = useCustomContactsFixture(dialect, 'Read shape', [
    { api_name: 'code', display_name: 'Code', value_type: 'string', is_unique: true },
    { api_name: 'score', display_name: 'Score', value_type: 'number' },
    { api_name: 'aliases', display_name: 'Aliases', value_type: 'string', is_array: true },
  ]);

  /** Every column by name, as the driver returns it. */
  const columnRow = async (id: string) =>
    (await f.t.database.db.selectFrom('contacts').select(CONTACT_COLUMNS).where('organization_id', '=', f.actor.organizationId).where('id', '=', id).executeTakeFirstOrThrow()) as ContactRow;

  /** The contact built from a read of every column by name. */
  const columnRead = async (id: string) => fromContactRow(await columnRow(id));

  it('packs within the argument limit of PostgreSQL\'s json_build_array (100)', () => {
    expect(CONTACT_COLUMNS.length).toBeLessThanOrEqual(100);
  });

  it('findById, a _query page, an export and the read before a write give what a read of every column by name gives, for values of every kind', async () => {
    const full = await f.contacts.create(f.actor, {
      attributes: {
        first_name: 'Zoë', last_name: 'Ünïcode "quoted" \\ back', title: 'Line\nbreak\ttab 😀 𝔘', sms_consent: true,
        primary_email: 'read.shape@example.com', contact_emails: [{ email: 'read.shape@example.com' }, { email: 'second@example.com', labels: ['work'] }],
        primary_phone_number: '+1 415 555 0100', address: { street_one: '1 Main St', city: 'Springfield', country: 'US' },
        linkedin_url: 'https://www.linkedin.com/in/read-shape', owner_user_id: f.userIds[1],
        code: 'R-1', score: 0.1 + 0.2, aliases: ['Uno', 'Dos'],
      },
    });
    const sparse = await f.contacts.create(f.actor, { attributes: { last_name: 'Sparse', score: 2 ** 53 - 1, sms_consent: false } });
    await f.contacts.archive(f.actor, sparse.id);

    for (const contact of [full, sparse]) {
      const expected = await columnRead(contact.id);
      expect(await f.store.findById(f.actor.organizationId, contact.id)).toEqual(expected);
      // The read before a write: every column packed, search text and folded copies included, unpacked to the same row.
      const packed = await f.t.database.db.selectFrom('contacts').select(packedColumns(dialect, 'every')).where('organization_id', '=', f.actor.organizationId).where('id', '=', contact.id).executeTakeFirstOrThrow();
      expect(storedRow(packed as unknown as ContactRow, 'every')).toEqual(await columnRow(contact.id));
    }
    expect((await columnRead(full.id)).custom).toEqual({ code: 'R-1', score: 0.1 + 0.2, aliases: ['Uno', 'Dos'] });

    const plan = { ...(await f.contacts.prepareExport(f.actor, {})).plan, includeArchived: true };
    const page = await f.store.query(f.actor.organizationId, { ...plan, limit: 10 });
    const exported: unknown[] = [];
    await f.store.exportBatches(f.actor.organizationId, plan, 10, async (batch) => { exported.push(...batch); });
    for (const read of [page, exported]) {
      expect(read).toHaveLength(2);
      expect(read).toEqual(expect.arrayContaining([await columnRead(full.id), await columnRead(sparse.id)]));
    }
  });
});
