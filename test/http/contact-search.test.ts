import { afterAll, beforeAll, expect, it } from 'vitest';
import { MAX_SEARCH_LENGTH } from '../../src/domain/contact-query.ts';
import { createContact, patchContact } from '../helpers/contacts.ts';
import { describeEachDialect } from '../helpers/databases.ts';
import { createTestApp, type TestApp, type TestOrg } from '../helpers/test-app.ts';

describeEachDialect('_query search and folded text matching', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  /** A fresh organization, so each test sees only its own contacts. */
  async function org(): Promise<{ key: string; add(attributes: Record<string, unknown>): Promise<string> }> {
    const o: TestOrg = await t.newOrg();
    return { key: o.key, add: async (attributes) => (await createContact(t, { first_name: null, last_name: null, ...attributes }, o.key)).id };
  }

  /** Every id a query returns, walking all pages with the given limit. */
  async function ids(key: string, body: Record<string, unknown>, limit = 500): Promise<string[]> {
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.request({ method: 'POST', url: '/api/v2/contact/_query', key, body: { ...body, limit, ...(cursor === null ? {} : { cursor }) } });
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as { data: Array<{ id: string }>; next_cursor: string | null };
      all.push(...page.data.map((r) => r.id));
      cursor = page.next_cursor;
    } while (cursor !== null);
    return all;
  }
  const search = (key: string, text: string, extra: Record<string, unknown> = {}) => ids(key, { search: text, ...extra });

  it('200: search ignores case and accents in names, titles and departments (É = e, ß = ss, İ = i, Σ = ς = σ)', async () => {
    const { key, add } = await org();
    const emile = await add({ first_name: 'Émile', last_name: 'Zola' });
    const strasse = await add({ last_name: 'Straße', title: 'İnşaat Mühendisi' });
    const sophos = await add({ first_name: 'ΣΟΦΟΣ', department: 'Ōsaka 大阪' });
    const decomposed = await add({ first_name: 'Rene\u0301e' });
    expect(await search(key, 'emile')).toEqual([emile]);
    expect(await search(key, 'ÉMILE')).toEqual([emile]);
    expect(await search(key, 'STRASSE')).toEqual([strasse]);
    expect(await search(key, 'insaat muhendisi')).toEqual([strasse]);
    expect(await search(key, 'σοφος')).toEqual([sophos]);
    expect(await search(key, 'osaka 大阪')).toEqual([sophos]);
    expect(await search(key, 'renée')).toEqual([decomposed]);
    expect(await search(key, 'xyzzy')).toEqual([]);
  });

  it('200: every token must be found, each inside one text (not across two)', async () => {
    const { key, add } = await org();
    const ann = await add({ first_name: 'Ann', last_name: 'Leeward' });
    await add({ first_name: 'Ann', last_name: 'Smith' });
    expect(await search(key, 'ann leew')).toEqual([ann]);
    expect(await search(key, '  leew   ann ')).toEqual([ann]);
    expect(await search(key, 'nnlee')).toEqual([]);
  });

  it('200: tokens of one or two characters match at word starts only; longer ones anywhere', async () => {
    const { key, add } = await org();
    const zola = await add({ first_name: 'Émile', last_name: 'Zola', title: "O'Brien-Smith" });
    expect(await search(key, 'zo')).toEqual([zola]);
    expect(await search(key, 'z')).toEqual([zola]);
    expect(await search(key, 'ol')).toEqual([]);
    expect(await search(key, 'ola')).toEqual([zola]);
    expect(await search(key, 'br')).toEqual([zola]);
    expect(await search(key, 'sm')).toEqual([zola]);
    expect(await search(key, 'ri')).toEqual([]);
  });

  it('200: emails and phone numbers (by digits) are searched; URLs are not', async () => {
    const { key, add } = await org();
    const a = await add({ first_name: 'A', contact_emails: ['first@alpha.example', 'Second@Beta.example'], contact_phone_numbers: ['+14155550132'] });
    const b = await add({ first_name: 'B', linkedin_url: 'https://linkedin.com/in/uniquelinkedinword' });
    expect(await search(key, 'beta.example')).toEqual([a]);
    expect(await search(key, 'SECOND@')).toEqual([a]);
    expect(await search(key, '555 0132')).toEqual([a]);
    expect(await search(key, '4155550132')).toEqual([a]);
    expect(await search(key, '+1415')).toEqual([a]);
    expect(await search(key, 'uniquelinkedinword')).toEqual([]);
    expect(b).toBeTypeOf('string');
  });

  it('200: a token written like a phone number also finds the number by its digits, and as typed still finds the same text elsewhere', async () => {
    const { key, add } = await org();
    const phone = await add({ first_name: 'Phoneholder', contact_phone_numbers: ['+14155550132'] });
    const typed = await add({ first_name: 'Titleholder', title: 'Desk (415) 555-0132' });
    const uk = await add({ first_name: 'Londoner', contact_phone_numbers: ['+442079460958'] });
    const dated = await add({ first_name: 'Reporter', title: 'Report 2024-01' });
    expect(await search(key, '555-0132')).toEqual([phone, typed]);
    expect(await search(key, '(415)')).toEqual([phone, typed]);
    expect(await search(key, '(415) 555-0132')).toEqual([phone, typed]);
    expect(await search(key, '415.555.0132')).toEqual([phone]);
    expect(await search(key, '(415)555-0132')).toEqual([phone]);
    expect(await search(key, '+1-415-555-0132 phoneholder')).toEqual([phone]);
    expect(await search(key, '+1(415)')).toEqual([phone]);
    expect(await search(key, '+44 20-7946-0958')).toEqual([uk]);
    // docs/search.md: a national trunk prefix is not removed.
    expect(await search(key, '20-7946-0958')).toEqual([uk]);
    expect(await search(key, '020-7946-0958')).toEqual([]);
    expect(await search(key, '+44 7946 0958')).toEqual([uk]);
    expect(await search(key, '2024-01')).toEqual([dated]);
    expect(await search(key, '555-0199')).toEqual([]);
    // Fewer than three digits: only as typed (a word start for two characters).
    expect(await search(key, '1-2')).toEqual([]);
    // Not only digits and phone punctuation: only as typed.
    expect(await search(key, '555-0132x')).toEqual([]);
  });

  it('200: a phone number written in groups separated by spaces also finds the number by all its digits', async () => {
    const { key, add } = await org();
    const uk = await add({ first_name: 'Londoner', contact_phone_numbers: ['+442079460958'] });
    const us = await add({ first_name: 'Caller', contact_phone_numbers: ['+14155550132'] });
    const typed = await add({ first_name: 'Titleholder', title: 'Desk (415) 555 0132' });
    const dated = await add({ first_name: 'Reporter', title: 'Report 2024 Q1 01' });
    // The groups "20" and "44" are inside the stored number: only the run's digits find it.
    expect(await search(key, '+44 20 7946 0958')).toEqual([uk]);
    expect(await search(key, '20 7946 0958')).toEqual([uk]);
    expect(await search(key, '+44 (20) 7946-0958')).toEqual([uk]);
    expect(await search(key, '+44 20 7946 0958 londoner')).toEqual([uk]);
    expect(await search(key, 'caller +44 20 7946 0958')).toEqual([]);
    // Every group found as typed still matches, as before.
    expect(await search(key, '415 555 0132')).toEqual([us, typed]);
    expect(await search(key, '(415) 555 0132')).toEqual([us, typed]);
    // A trunk prefix is not removed; fewer than seven digits are tokens of their own.
    expect(await search(key, '020 7946 0958')).toEqual([]);
    expect(await search(key, '2024 01')).toEqual([dated]);
    expect(await search(key, '44 20')).toEqual([]);
  });

  it('200: contains, starts_with and ends_with on phone numbers compare a fragment written with punctuation by its digits', async () => {
    const { key, add } = await org();
    const a = await add({ first_name: 'Fragment', contact_phone_numbers: ['+14155550132'] });
    await add({ first_name: 'Other', contact_phone_numbers: ['+14155550199'] });
    const phone = (operator: string, value: string) => ids(key, { filters: [{ field: 'contact_phone_numbers', operator, value }] });
    expect(await phone('contains', '555-0132')).toEqual([a]);
    expect(await phone('contains', '(415) 555-0132')).toEqual([a]);
    expect(await phone('contains', '415.555.0132')).toEqual([a]);
    expect(await phone('starts_with', '+1 (415) 555-01')).toHaveLength(2);
    expect(await phone('ends_with', '-0132')).toEqual([a]);
    expect(await phone('contains', '555-0132x')).toEqual([]);
    // A fragment with no digit is compared as written (and a phone number holds none of it).
    expect(await phone('contains', '()')).toEqual([]);
  });

  it('200: search is ANDed with filters, follows sort, pages with cursors, and leaves archived contacts out', async () => {
    const { key, add } = await org();
    const made: string[] = [];
    for (const last of ['Delta', 'Alpha', 'Echo', 'Charlie', 'Bravo']) made.push(await add({ first_name: 'Pagewalker', last_name: last, title: last === 'Echo' ? 'Boss' : 'Staff' }));
    await add({ first_name: 'Someone', last_name: 'Else' });
    const byLastDesc = [made[2], made[0], made[3], made[4], made[1]];
    expect(await ids(key, { search: 'pagewalker', sort: [{ field: 'last_name', direction: 'desc' }] }, 2)).toEqual(byLastDesc);
    expect(await ids(key, { search: 'pagewalker', filters: [{ field: 'title', operator: 'eq', value: 'Staff' }], sort: [{ field: 'last_name', direction: 'asc' }] }, 1))
      .toEqual([made[1], made[4], made[3], made[0]]);
    expect((await t.request({ method: 'DELETE', url: `/api/v2/contact/${made[0]}`, key })).statusCode).toBe(204);
    expect(await search(key, 'pagewalker', { sort: [{ field: 'last_name', direction: 'desc' }] })).toEqual(byLastDesc.filter((id) => id !== made[0]));
  });

  it('422 invalid_cursor when a cursor is sent with another search text', async () => {
    const { key, add } = await org();
    for (let i = 0; i < 3; i += 1) await add({ first_name: `Cursorname${i}` });
    const first = await t.request({ method: 'POST', url: '/api/v2/contact/_query', key, body: { search: 'cursorname', limit: 1 } });
    const cursor = first.json().next_cursor as string;
    expect(cursor).toBeTypeOf('string');
    const res = await t.request({ method: 'POST', url: '/api/v2/contact/_query', key, body: { search: 'cursorname1', limit: 1, cursor } });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details[0].code).toBe('invalid_cursor');
  });

  it('422 invalid_cursor when the same words of a phone number come in another order (they read as another number)', async () => {
    const { key, add } = await org();
    for (let i = 0; i < 3; i += 1) await add({ first_name: `Grouped${i}`, contact_phone_numbers: [`+4420794620${50 + i}`] });
    // The same distinct words ("20", "7946"), another number: 20794620 against 20207946.
    const first = await t.request({ method: 'POST', url: '/api/v2/contact/_query', key, body: { search: '20 7946 20', limit: 1 } });
    const cursor = first.json().next_cursor as string;
    expect(cursor).toBeTypeOf('string');
    const same = await t.request({ method: 'POST', url: '/api/v2/contact/_query', key, body: { search: '20 7946 20', limit: 1, cursor } });
    expect(same.statusCode, same.body).toBe(200);
    const reordered = await t.request({ method: 'POST', url: '/api/v2/contact/_query', key, body: { search: '20 20 7946', limit: 1, cursor } });
    expect(reordered.statusCode).toBe(422);
    expect(reordered.json().error.details[0].code).toBe('invalid_cursor');
  });

  it('200: writes keep the text index in step (create, PATCH, email item changes, archive)', async () => {
    const { key, add } = await org();
    const id = await add({ first_name: 'Émile', contact_emails: ['keepstep@old.example'] });
    expect(await search(key, 'emile')).toEqual([id]);
    expect((await patchContact(t, id, { first_name: 'Hugo' }, {}, key)).statusCode).toBe(200);
    expect(await search(key, 'emile')).toEqual([]);
    expect(await search(key, 'hugo')).toEqual([id]);
    expect(await search(key, 'old.example')).toEqual([id]);
    expect((await patchContact(t, id, { contact_emails: ['keepstep@new.example'] }, {}, key)).statusCode).toBe(200);
    expect(await search(key, 'old.example')).toEqual([]);
    const added = await t.request({ method: 'POST', url: `/api/v2/contact/${id}/attribute/contact_phone_numbers`, key, body: { phone_number: '+14155550177' } });
    expect(added.statusCode, added.body).toBe(201);
    expect(await search(key, '5550177 new.example hugo')).toEqual([id]);
  });

  it.each([
    ['empty', ''],
    ['whitespace only', ' \u00a0\u2003 '],
    [`over ${MAX_SEARCH_LENGTH} characters`, 'a'.repeat(MAX_SEARCH_LENGTH + 1)],
    [`over ${MAX_SEARCH_LENGTH} characters (code points)`, '😀'.repeat(MAX_SEARCH_LENGTH + 1)],
    ['a control character', 'ann\u0007'],
    ['a tab', 'ann\tlee'],
    ['a newline', 'ann\nlee'],
    ['a NUL', 'ann\u0000'],
    ['a lone surrogate', 'ann\ud800'],
    ['only combining marks (nothing left once folded)', '\u0301\u0308'],
    ['a number', 42],
    ['an object', { text: 'ann' }],
  ])('422 field_value_invalid at /search for %s', async (_label, value) => {
    const { key } = await org();
    const res = await t.request({ method: 'POST', url: '/api/v2/contact/_query', key, body: { search: value } });
    expect(res.statusCode, res.body).toBe(422);
    const error = res.json().error;
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual([expect.objectContaining({ code: 'field_value_invalid', field: 'search', path: '/search' })]);
  });

  it(`200 for a search of exactly ${MAX_SEARCH_LENGTH} characters`, async () => {
    const { key, add } = await org();
    const id = await add({ first_name: 'Long' });
    expect(await search(key, `long ${'o'.repeat(MAX_SEARCH_LENGTH - 5)}`)).toEqual([]);
    expect(await search(key, `${' '.repeat(MAX_SEARCH_LENGTH - 4)}long`)).toEqual([id]);
  });

  it('200: %, _, \\, *, ? and [ in search are ordinary characters, never wildcards', async () => {
    const { key, add } = await org();
    const named = async (name: string) => add({ first_name: name });
    const percent = await named('100%');
    await named('100x');
    const under = await named('a_b');
    await named('axb');
    const backslash = await named('x\\y');
    await named('xzy');
    const star = await named('a*b');
    await named('aab');
    const glob = await named('q?[r]');
    await named('qx[r]');
    const off = await named('%off');
    await named('xoff');
    expect(await search(key, '00%')).toEqual([percent]);
    expect(await search(key, 'a_b')).toEqual([under]);
    expect(await search(key, 'x\\y')).toEqual([backslash]);
    expect(await search(key, 'a*b')).toEqual([star]);
    expect(await search(key, 'q?[')).toEqual([glob]);
    expect(await search(key, '%')).toEqual([off]);
    expect(await search(key, '%o')).toEqual([off]);
  });

  it('200: %, _, \\, *, ? and [ in contains, starts_with and ends_with are ordinary characters', async () => {
    const { key, add } = await org();
    const named = async (name: string) => add({ last_name: name });
    const percent = await named('100%');
    await named('1000');
    const under = await named('a_b');
    await named('axb');
    const backslash = await named('x\\y');
    await named('xzy');
    const star = await named('a*b');
    await named('aab');
    const glob = await named('q?[r]');
    await named('qx[r]');
    const q = (operator: string, value: string) => ids(key, { filters: [{ field: 'last_name', operator, value }] });
    expect(await q('contains', '0%')).toEqual([percent]);
    expect(await q('contains', '00%')).toEqual([percent]);
    expect(await q('ends_with', '%')).toEqual([percent]);
    expect(await q('starts_with', 'a_')).toEqual([under]);
    expect(await q('contains', 'a_b')).toEqual([under]);
    expect(await q('ends_with', '\\y')).toEqual([backslash]);
    expect(await q('contains', 'x\\y')).toEqual([backslash]);
    expect(await q('contains', '*')).toEqual([star]);
    expect(await q('contains', 'a*b')).toEqual([star]);
    expect(await q('starts_with', 'q?[')).toEqual([glob]);
    expect(await q('contains', '?[r')).toEqual([glob]);
  });

  it('200: contains, starts_with and ends_with fold Unicode case and accents on names and emails; email eq ignores case', async () => {
    const { key, add } = await org();
    const emile = await add({ last_name: 'Émile', contact_emails: ['Émile.Zola@Example.com'] });
    const strasse = await add({ last_name: 'Straße' });
    const sophos = await add({ last_name: 'ΣΟΦΟΣ' });
    await add({ last_name: 'Other' });
    const q = (field: string, operator: string, value: string) => ids(key, { filters: [{ field, operator, value }] });
    expect(await q('last_name', 'contains', 'émile')).toEqual([emile]);
    expect(await q('last_name', 'eq', 'Émile')).toEqual([emile]);
    expect(await q('last_name', 'starts_with', 'EMI')).toEqual([emile]);
    expect(await q('last_name', 'contains', 'SS')).toEqual([strasse]);
    expect(await q('last_name', 'ends_with', 'SSE')).toEqual([strasse]);
    expect(await q('last_name', 'ends_with', 'ς')).toEqual([sophos]);
    expect(await q('contact_emails', 'contains', 'EMILE.ZOLA')).toEqual([emile]);
    expect(await q('primary_email', 'starts_with', 'emile')).toEqual([emile]);
    expect(await q('primary_email', 'eq', 'ÉMILE.ZOLA@EXAMPLE.COM')).toEqual([emile]);
    expect(await q('contact_emails', 'eq', 'émile.zola@example.com')).toEqual([emile]);
    expect(await ids(key, { filters: [{ not: { field: 'last_name', operator: 'contains', value: 'EMI' } }] })).not.toContain(emile);
  });
});
