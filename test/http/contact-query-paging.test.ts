import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/databases.ts';
import { comparator, prng, type JsonFilter, type JsonSort, type WireRecord } from '../helpers/query-oracle.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

const LAST_NAMES = ['Adams', 'adams', 'Baker', 'Clark', 'Évora', 'Zed', null, null];
const SORTS: JsonSort[][] = [
  [{ field: 'created_at', direction: 'asc' }],
  [{ field: 'created_at', direction: 'desc' }],
  [{ field: 'last_name', direction: 'asc' }],
  [{ field: 'last_name', direction: 'desc' }],
  [{ field: 'last_name', direction: 'asc' }, { field: 'sms_consent', direction: 'desc' }, { field: 'first_name', direction: 'asc' }],
];
const PAGE_SIZES = [1, 6, 25];
/** Contacts are inserted between the first pages of every walk. */
const INSERTING_PAGES = 8;

describeEachDialect('_query keyset paging', (dialect) => {
  let t: TestApp;
  const rand = prng(7);
  let n = 0;
  const insert = async (): Promise<void> => {
    n += 1;
    const last = LAST_NAMES[Math.floor(rand() * LAST_NAMES.length)];
    const attributes: Record<string, unknown> = { first_name: `P${String(n).padStart(4, '0')}`, ...(last === null ? {} : { last_name: last }) };
    if (rand() < 0.6) attributes.sms_consent = rand() < 0.5;
    const res = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes } });
    expect(res.statusCode, res.body).toBe(201);
  };
  const query = async (body: Record<string, unknown>) => {
    const res = await t.request({ method: 'POST', url: '/api/v2/contact/_query', body });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { data: WireRecord[]; next_cursor: string | null };
  };
  const everything = async (filters: JsonFilter[]): Promise<WireRecord[]> => {
    const all: WireRecord[] = [];
    let cursor: string | null = null;
    do {
      const page = await query({ filters, limit: 500, ...(cursor === null ? {} : { cursor }) });
      all.push(...page.data);
      cursor = page.next_cursor;
    } while (cursor !== null);
    return all;
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    for (let i = 0; i < 40; i += 1) await insert();
  });
  afterAll(async () => t.close());

  for (const sort of SORTS) {
    for (const limit of PAGE_SIZES) {
      const label = sort.map((s) => `${s.field} ${s.direction}`).join(', ');
      it(`200 pages by ${label}, ${limit} at a time, return every contact once and in order while contacts are inserted`, async () => {
        const filters: JsonFilter[] = limit === 1 ? [{ field: 'last_name', operator: 'starts_with', value: 'a' }] : [];
        const before = new Set((await everything(filters)).map((r) => r.id));
        const seen: WireRecord[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page = await query({ filters, sort, limit, ...(cursor === null ? {} : { cursor }) });
          expect(page.data.length).toBeLessThanOrEqual(limit);
          seen.push(...page.data);
          cursor = page.next_cursor;
          pages += 1;
          if (cursor !== null && pages <= INSERTING_PAGES) await insert();
        } while (cursor !== null);

        const ids = seen.map((r) => r.id);
        expect(new Set(ids).size, 'no contact twice').toBe(ids.length);
        for (const id of before) expect(ids, `contact ${id} that existed before the walk`).toContain(id);
        const order = comparator(sort);
        for (let i = 1; i < seen.length; i += 1) expect(order(seen[i - 1]!, seen[i]!), `order at ${i}`).toBeLessThan(0);
        const after = (await everything(filters)).map((r) => r.id);
        if (sort[0]?.field === 'created_at' && sort[0].direction === 'asc') {
          // New contacts sort last, so the walk reaches every one inserted during it.
          expect(new Set(ids)).toEqual(new Set(after));
        }
        if (sort[0]?.field === 'created_at' && sort[0].direction === 'desc') {
          // New contacts sort first, before the cursor: the walk returns exactly the contacts it started with.
          expect(new Set(ids)).toEqual(before);
        }
      });
    }
  }

  it('200 for the incremental-sync recipe: updated_at gt the last one seen, sorted updated_at asc, picks up exactly the changed contacts', async () => {
    const sync = async (since: string | null): Promise<WireRecord[]> => {
      const filters = since === null ? [] : [{ field: 'updated_at', operator: 'gt', value: since }];
      const out: WireRecord[] = [];
      let cursor: string | null = null;
      do {
        const page = await query({ filters, sort: [{ field: 'updated_at', direction: 'asc' }], limit: 9, ...(cursor === null ? {} : { cursor }) });
        out.push(...page.data);
        cursor = page.next_cursor;
      } while (cursor !== null);
      return out;
    };
    const first = await sync(null);
    expect(first.length).toBeGreaterThan(40);
    const mark = first.at(-1)!.updated_at;
    const changed = [first[3]!.id, first[10]!.id];
    for (const id of changed) expect((await t.request({ method: 'PATCH', url: `/api/v2/contact/${id}`, body: { attributes: { title: 'Changed' } } })).statusCode).toBe(200);
    await insert();
    const second = await sync(mark);
    expect(second.length).toBe(3);
    expect(second.slice(0, 2).map((r) => r.id)).toEqual(changed);
    expect(await sync(second.at(-1)!.updated_at)).toEqual([]);
  });

  it('200 pages by the longest values a sort can hold: three URLs of 2048 characters (control characters, six bytes each in a cursor) and one of 2048 emoji', async () => {
    const { key } = await t.newOrg();
    // 2048 characters: the most a URL attribute holds.
    const url = (fill: string, last: string) => `https://example.com/${fill.repeat(2027)}${last}`;
    const ids: string[] = [];
    for (const last of ['a', 'b', 'c']) {
      const control = url('\u0001', last);
      const res = await t.request({ method: 'POST', url: '/api/v2/contact', key, body: { attributes: { first_name: 'Long', linkedin_url: control, x_url: control, facebook_url: control, zoominfo_url: url('😀', last) } } });
      expect(res.statusCode, res.body).toBe(201);
      ids.push((res.json() as { data: WireRecord }).data.id);
    }
    const sorts: JsonSort[][] = [
      [{ field: 'linkedin_url', direction: 'desc' }, { field: 'x_url', direction: 'desc' }, { field: 'facebook_url', direction: 'desc' }],
      [{ field: 'zoominfo_url', direction: 'desc' }],
    ];
    for (const sort of sorts) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await t.request({ method: 'POST', url: '/api/v2/contact/_query', key, body: { sort, limit: 1, ...(cursor === null ? {} : { cursor }) } });
        expect(res.statusCode, res.body).toBe(200);
        const page = res.json() as { data: WireRecord[]; next_cursor: string | null };
        seen.push(...page.data.map((r) => r.id));
        cursor = page.next_cursor;
      } while (cursor !== null);
      expect(seen).toEqual([...ids].reverse());
    }
  });

  it('200 with archived contacts left out, and included when a filter names archived_at', async () => {
    const page = await query({ limit: 1 });
    const id = page.data[0]!.id;
    expect((await t.request({ method: 'DELETE', url: `/api/v2/contact/${id}` })).statusCode).toBe(204);
    expect((await everything([])).map((r) => r.id)).not.toContain(id);
    expect((await everything([{ field: 'archived_at', operator: 'exists' }])).map((r) => r.id)).toEqual([id]);
    const either = await everything([{ or: [{ field: 'archived_at', operator: 'exists' }, { field: 'archived_at', operator: 'not_exists' }] }]);
    expect(either.map((r) => r.id)).toContain(id);
  });
});
