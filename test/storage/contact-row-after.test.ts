import { expect, it } from 'vitest';
import { CONTACT_COLUMNS, toContactRow } from '../../src/storage/contact-row.ts';
import { useCustomContactsFixture } from '../helpers/contacts-fixture.ts';
import { describeEachDialect } from '../helpers/databases.ts';

/** The columns a write derives from the contact rather than copies: the search document, folded copies, JSON. */
const DERIVED = CONTACT_COLUMNS.filter((c) => c === 'search_text' || c === 'custom_values' || c.endsWith('_folded') || c.endsWith('_json'));

/*
 * A PATCH encodes only the columns of the attributes it changed, from the row it read (changedColumnsAfter).
 * After every kind of write, what is stored must be what encoding the whole contact gives: nothing derived
 * may be left behind from before the write.
 */
describeEachDialect('a PATCH re-encodes only what it changed, and leaves nothing stale', (dialect) => {
  const f = useCustomContactsFixture(dialect, 'Row after a write', [
    { api_name: 'code', display_name: 'Code', value_type: 'string' },
    { api_name: 'score', display_name: 'Score', value_type: 'number' },
    { api_name: 'site', display_name: 'Site', value_type: 'url' },
    { api_name: 'aliases', display_name: 'Aliases', value_type: 'string', is_array: true },
    { api_name: 'vip', display_name: 'VIP', value_type: 'boolean' },
  ]);

  async function expectStoredAsEncoded(id: string, step: string): Promise<void> {
    const { t, actor, store, attributes } = f;
    const catalog = await attributes.catalog(actor.organizationId);
    const contact = (await store.findById(actor.organizationId, id))!;
    const row = await t.database.db.selectFrom('contacts').select(DERIVED).where('organization_id', '=', actor.organizationId).where('id', '=', id).executeTakeFirstOrThrow();
    const encoded = toContactRow(contact, catalog.definitions) as unknown as Record<string, unknown>;
    for (const column of DERIVED) expect((row as Record<string, unknown>)[column], `${step}: ${column}`).toBe(encoded[column]);
  }

  it('after PATCHes of standard, list and custom attributes, searched or not, every derived column is what the whole contact encodes to', async () => {
    const { actor, contacts } = f;
    const { id } = await contacts.create(actor, { attributes: { first_name: 'Ana', last_name: 'Lund', title: 'Buyer', code: 'K-1', score: 1, aliases: ['Al'], vip: true, contact_emails: [{ email: 'ana@example.com' }] } });
    await expectStoredAsEncoded(id, 'create');
    const steps: Array<[string, Record<string, unknown>]> = [
      ['a searched standard attribute', { title: 'Chief Buyer' }],
      ['a name, folded beyond ASCII, with display_name derived from it', { first_name: 'Émile' }],
      ['a custom number (not searched)', { score: 42 }],
      ['a searched custom string', { code: 'Ÿggdrasil' }],
      ['a searched custom list', { aliases: ['Zed', 'Ångström'] }],
      ['a custom boolean', { vip: false }],
      ['the email list', { contact_emails: [{ email: 'emile@example.org' }, { email: 'second@example.org' }] }],
      ['the primary email alone', { primary_email: 'second@example.org' }],
      ['a searched custom url, set for the first time', { site: 'https://Example.com/Path' }],
      ['values cleared', { title: null, code: null, aliases: [], first_name: null }],
      ['several at once', { last_name: 'Øster', score: 7, code: 'again', department: 'Ünits' }],
    ];
    for (const [step, values] of steps) {
      await contacts.patch(actor, id, { attributes: values });
      await expectStoredAsEncoded(id, step);
    }
    // Archived and restored: the row's own columns change, the derived ones must still match.
    await contacts.archive(actor, id);
    await expectStoredAsEncoded(id, 'archive');
    await contacts.restore(actor, id);
    await expectStoredAsEncoded(id, 'restore');
    // A search finds the contact by what the last writes left, not by what they replaced.
    const found = async (search: string) => (await contacts.query(actor, { search })).contacts.map((c) => c.id);
    expect(await found('again')).toEqual([id]);
    expect(await found('ygg')).toEqual([]);
    expect(await found('ØSTER')).toEqual([id]);
  });
});
