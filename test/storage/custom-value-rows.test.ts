import { afterAll, beforeAll, expect, it } from 'vitest';
import { Contacts, type Actor } from '../../src/domain/contacts.ts';
import { CustomAttributes } from '../../src/domain/custom-attributes.ts';
import { toCustomValueRows } from '../../src/storage/contact-row.ts';
import type { ContactCustomValueRow } from '../../src/storage/schema.ts';
import type { SqlContactStore } from '../../src/storage/sql-contact-store.ts';
import { openCustomContactsFixture } from '../helpers/contacts-fixture.ts';
import { describeEachDialect, type TestDatabase } from '../helpers/databases.ts';

const byKey = (a: { attribute_id: string; position: number }, b: { attribute_id: string; position: number }) =>
  a.attribute_id.localeCompare(b.attribute_id) || a.position - b.position;

describeEachDialect('custom value rows after writes', (dialect) => {
  let t: TestDatabase;
  let actor: Actor;
  let store: SqlContactStore;
  let contacts: Contacts;
  let attributes: CustomAttributes;
  beforeAll(async () => {
    ({ t, actor, store, contacts, attributes } = await openCustomContactsFixture(dialect, 'Custom value rows'));
    for (const body of [
      { api_name: 'code', display_name: 'Code', value_type: 'string', is_unique: true },
      { api_name: 'score', display_name: 'Score', value_type: 'number' },
      { api_name: 'site', display_name: 'Site', value_type: 'url' },
      { api_name: 'aliases', display_name: 'Aliases', value_type: 'string', is_array: true },
    ]) await attributes.create(actor.organizationId, body);
  });
  afterAll(async () => t.destroy());

  /** The contact's side-table rows as stored, and as its stored values say they must be. */
  async function rows(id: string) {
    const catalog = await attributes.catalog(actor.organizationId);
    const contact = (await store.findById(actor.organizationId, id))!;
    const stored = await t.database.db.selectFrom('contact_custom_values').selectAll().where('organization_id', '=', actor.organizationId).where('contact_id', '=', id).execute();
    // PostgreSQL's driver may hand numbers back as strings: compare values, not their wire form.
    const normal = (r: ContactCustomValueRow): ContactCustomValueRow => ({ ...r, value_number: r.value_number === null ? null : Number(r.value_number), position: Number(r.position), live: Number(r.live) });
    return { stored: stored.map(normal).sort(byKey), expected: toCustomValueRows(contact, catalog.custom).map(normal).sort(byKey) };
  }

  it('a value replaced in place, a list of the same length, a longer and a shorter list, a cleared and a set value, archive and restore: the rows are exactly those the values make', async () => {
    const { id } = await contacts.create(actor, { attributes: { last_name: 'Rows', code: 'C-1', score: 1, site: 'https://a.example', aliases: ['One', 'Two'] } });
    const steps: Array<Record<string, unknown>> = [
      { score: 2 },
      { code: 'C-2', site: 'https://b.example' },
      { aliases: ['Uno', 'Dos'] },
      { aliases: ['Uno', 'Dos', 'Tres'] },
      { aliases: ['Solo'] },
      { score: null, code: null },
      { score: 3.5, code: 'C-3' },
    ];
    for (const attributes of steps) {
      await contacts.patch(actor, id, { attributes });
      const { stored, expected } = await rows(id);
      expect(stored).toEqual(expected);
    }
    await contacts.archive(actor, id);
    expect((await rows(id)).stored.every((r) => r.live === 0)).toBe(true);
    await contacts.restore(actor, id);
    await contacts.patch(actor, id, { attributes: { score: 4 } });
    const { stored, expected } = await rows(id);
    expect(stored).toEqual(expected);
    expect(stored.map((r) => r.value_number).filter((n) => n !== null)).toEqual([4]);
  });

  it('a unique value changed in place still meets the unique index: 409 for another contact\'s value, nothing changed', async () => {
    await contacts.create(actor, { attributes: { last_name: 'Taken', code: 'TAKEN' } });
    const { id } = await contacts.create(actor, { attributes: { last_name: 'Mine', code: 'MINE' } });
    await expect(contacts.patch(actor, id, { attributes: { code: 'TAKEN' } })).rejects.toMatchObject({ code: 'duplicate_value' });
    const { stored, expected } = await rows(id);
    expect(stored).toEqual(expected);
    expect(stored.find((r) => r.unique_value !== null)?.value_text).toBe('MINE');
  });
});
