import { afterAll, beforeAll, expect, it } from 'vitest';
import { createContact, patchContact } from '../helpers/contacts.ts';
import { describeEachDialect } from '../helpers/databases.ts';
import { createTestApp, type TestApp, type TestOrg } from '../helpers/test-app.ts';

const BASE = '/api/v2/_schema/contact/attributes';

describeEachDialect('_query search in custom string, email and url attributes', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  /** A fresh organization with a schema:write key, so each test sees only its own contacts and attributes. */
  async function org() {
    const o: TestOrg = await t.newOrg();
    const { key: schemaKey } = await t.newKey(o, ['schema:write']);
    return {
      key: o.key,
      define: async (body: Record<string, unknown>) => {
        const res = await t.request({ method: 'POST', url: BASE, body: { display_name: body.api_name, ...body }, key: schemaKey });
        expect(res.statusCode, res.body).toBe(201);
      },
      archive: async (name: string) => expect((await t.request({ method: 'DELETE', url: `${BASE}/${name}`, key: schemaKey })).statusCode).toBe(204),
      restore: async (name: string) => expect((await t.request({ method: 'POST', url: `${BASE}/${name}/_restore`, key: schemaKey })).statusCode).toBe(200),
      add: async (attributes: Record<string, unknown>) => (await createContact(t, { first_name: 'Someone', last_name: null, ...attributes }, o.key)).id,
    };
  }

  async function search(key: string, text: string, extra: Record<string, unknown> = {}): Promise<string[]> {
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.request({ method: 'POST', url: '/api/v2/contact/_query', key, body: { search: text, limit: 2, ...extra, ...(cursor === null ? {} : { cursor }) } });
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as { data: Array<{ id: string }>; next_cursor: string | null };
      all.push(...page.data.map((r) => r.id));
      cursor = page.next_cursor;
    } while (cursor !== null);
    return all.sort();
  }

  it('200: string, email and url values are searched (case and accents folded, word starts for short tokens); other types are not', async () => {
    const o = await org();
    await o.define({ api_name: 'customer_code', value_type: 'string' });
    await o.define({ api_name: 'billing_email', value_type: 'email' });
    await o.define({ api_name: 'homepage', value_type: 'url' });
    await o.define({ api_name: 'aliases', value_type: 'string', is_array: true });
    await o.define({ api_name: 'notes', value_type: 'long_text' });
    await o.define({ api_name: 'mobile', value_type: 'phone_number' });
    const a = await o.add({ customer_code: 'Ÿggdrasil-77', billing_email: 'Invoices@Northwind.example' });
    const b = await o.add({ homepage: 'https://wiki.example/Quokka', aliases: ['Zebulon', 'Bartholomew'] });
    const c = await o.add({ notes: 'platypus in the notes', mobile: '+14155559876' });
    expect(await search(o.key, 'yggdrasil')).toEqual([a]);
    expect(await search(o.key, 'YGG')).toEqual([a]);
    expect(await search(o.key, '77')).toEqual([a]);
    expect(await search(o.key, 'northwind')).toEqual([a]);
    expect(await search(o.key, 'quokka')).toEqual([b]);
    expect(await search(o.key, 'bartholo')).toEqual([b]);
    expect(await search(o.key, 'ze')).toEqual([b]);
    expect(await search(o.key, 'ul')).toEqual([]);
    // Tokens found in different texts, standard and custom.
    expect(await search(o.key, 'someone zebulon')).toEqual([b]);
    expect(await search(o.key, 'platypus')).toEqual([]);
    expect(await search(o.key, '5559876')).toEqual([]);
    expect([a, b, c]).toHaveLength(3);
  });

  it('200: writes keep custom values in step (PATCH sets, changes and clears them; list items)', async () => {
    const o = await org();
    await o.define({ api_name: 'code', value_type: 'string' });
    await o.define({ api_name: 'tags', value_type: 'string', is_array: true });
    const id = await o.add({ code: 'alphaword' });
    expect(await search(o.key, 'alphaword')).toEqual([id]);
    expect((await patchContact(t, id, { code: 'betaword' }, {}, o.key)).statusCode).toBe(200);
    expect(await search(o.key, 'alphaword')).toEqual([]);
    expect(await search(o.key, 'betaword')).toEqual([id]);
    expect((await patchContact(t, id, { code: null, tags: ['gammaword', 'deltaword'] }, {}, o.key)).statusCode).toBe(200);
    expect(await search(o.key, 'betaword')).toEqual([]);
    expect(await search(o.key, 'deltaword')).toEqual([id]);
    // A PATCH of a standard attribute keeps the custom values searchable.
    expect((await patchContact(t, id, { title: 'Engineer' }, {}, o.key)).statusCode).toBe(200);
    expect(await search(o.key, 'gammaword engineer')).toEqual([id]);
    expect((await patchContact(t, id, { tags: [] }, {}, o.key)).statusCode).toBe(200);
    expect(await search(o.key, 'gammaword')).toEqual([]);
  });

  it('200: an archived attribute\'s values stop matching, also after writes, and match again once restored', async () => {
    const o = await org();
    await o.define({ api_name: 'code', value_type: 'string' });
    await o.define({ api_name: 'other', value_type: 'string' });
    const x = await o.add({ first_name: 'Hidalgo', code: 'sharedword', other: 'onlyother' });
    const y = await o.add({ first_name: 'Ines', code: 'codeonly', other: 'sharedword' });
    const z = await o.add({ first_name: 'codeonly' });
    expect(await search(o.key, 'sharedword')).toEqual([x, y].sort());
    await o.archive('code');
    expect(await search(o.key, 'sharedword')).toEqual([y]);
    // A value of the archived attribute no longer matches, but the same text in a standard attribute does.
    expect(await search(o.key, 'codeonly')).toEqual([z]);
    expect(await search(o.key, 'co')).toEqual([z]);
    expect(await search(o.key, 'hidalgo')).toEqual([x]);
    expect(await search(o.key, 'onlyother hidalgo')).toEqual([x]);
    // A write while archived keeps the archived value out of the results and in storage.
    expect((await patchContact(t, x, { title: 'Chief' }, {}, o.key)).statusCode).toBe(200);
    expect(await search(o.key, 'sharedword')).toEqual([y]);
    await o.restore('code');
    expect(await search(o.key, 'sharedword')).toEqual([x, y].sort());
    expect(await search(o.key, 'codeonly')).toEqual([y, z].sort());
    // Every searchable attribute archived: only standard texts match.
    await o.archive('code');
    await o.archive('other');
    expect(await search(o.key, 'sharedword')).toEqual([]);
    expect(await search(o.key, 'ines')).toEqual([y]);
  });

  it('200: a name holding U+0003 is searched whole in an organization with an archived searchable attribute; contains still finds the character', async () => {
    const o = await org();
    await o.define({ api_name: 'code', value_type: 'string' });
    await o.archive('code');
    // U+0003 separates the standard texts from the custom values in the search document.
    const x = await o.add({ first_name: 'Ada\u0003Lovelace', title: 'Countess' });
    await o.add({ first_name: 'Ada' });
    expect(await search(o.key, 'lovelace')).toEqual([x]);
    expect(await search(o.key, 'lo')).toEqual([x]);
    expect(await search(o.key, 'ada countess')).toEqual([x]);
    expect(await search(o.key, 'ada', { filters: [{ field: 'first_name', operator: 'contains', value: 'A\u0003LOV' }] })).toEqual([x]);
  });

  it('200 (not 500) for a search whose folding makes hundreds of tokens, in an organization with an archived searchable attribute', async () => {
    const o = await org();
    await o.define({ api_name: 'code', value_type: 'string' });
    await o.archive('code');
    // U+FDFA folds (NFKD) to four words: 200 of them in a row are 800 tokens, 5 of them distinct.
    const x = await o.add({ first_name: 'صلى الله', last_name: 'عليه وسلمصلى' });
    await o.add({ first_name: 'صلى الله', last_name: 'عليه' });
    expect(await search(o.key, '\uFDFA'.repeat(200))).toEqual([x]);
    expect(await search(o.key, '\uFDFA '.repeat(100))).toEqual([x]);
  });

  it('200: search on custom values is ANDed with filters, follows sort and leaves archived contacts out', async () => {
    const o = await org();
    await o.define({ api_name: 'code', value_type: 'string' });
    const ids = [];
    for (let i = 0; i < 5; i += 1) ids.push(await o.add({ last_name: `N${i}`, code: `pagedword-${i}`, title: i % 2 === 0 ? 'even' : 'odd' }));
    const res = await t.request({ method: 'POST', url: '/api/v2/contact/_query', key: o.key, body: { search: 'pagedword', sort: [{ field: 'last_name', direction: 'desc' }], limit: 10 } });
    expect((res.json().data as Array<{ id: string }>).map((r) => r.id)).toEqual([...ids].reverse());
    expect(await search(o.key, 'pagedword', { filters: [{ field: 'title', operator: 'eq', value: 'even' }] })).toEqual([ids[0], ids[2], ids[4]].sort());
    expect((await t.request({ method: 'DELETE', url: `/api/v2/contact/${ids[0]}`, key: o.key })).statusCode).toBe(204);
    expect(await search(o.key, 'pagedword')).toEqual(ids.slice(1).sort());
  });
});
