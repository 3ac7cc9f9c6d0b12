import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/databases.ts';
import { createContact, detailsOf, expectError } from '../helpers/contacts.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

const BASE = '/api/v2/_schema/contact/attributes';

describeEachDialect('custom attributes in _query: filters and sorts', (dialect) => {
  let t: TestApp;
  /** first_name of each contact by index; the values below are per index (undefined: unset). */
  const scores = [5, undefined, -2.5, 10, 5, 0];
  const codes = ['A-1', 'b-2', undefined, 'A-3', 'c', 'ab'];
  const colors = [['red'], ['red', 'blue'], [], ['blue'], undefined, ['green']];
  const flags = [true, false, undefined, true, false, undefined];
  const days = ['2024-01-01', '2024-06-30', '2023-12-31', undefined, '2024-02-29', '2025-01-01'];
  const ids: string[] = [];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const { key } = await t.newKey(t.org, ['schema:write']);
    const define = async (body: Record<string, unknown>) => expect((await t.request({ method: 'POST', url: BASE, body, key })).statusCode).toBe(201);
    await define({ api_name: 'score', display_name: 'Score', value_type: 'number' });
    await define({ api_name: 'code', display_name: 'Code', value_type: 'string' });
    await define({ api_name: 'colors', display_name: 'Colors', value_type: 'select', is_array: true, options: ['red', 'blue', 'green'].map((c) => ({ api_name: c, display_value: c.toUpperCase() })) });
    await define({ api_name: 'flag', display_name: 'Flag', value_type: 'boolean' });
    await define({ api_name: 'day', display_name: 'Day', value_type: 'date' });
    for (let i = 0; i < scores.length; i += 1) {
      const attributes: Record<string, unknown> = { first_name: `C${i}`, last_name: 'Query' };
      if (scores[i] !== undefined) attributes.score = scores[i];
      if (codes[i] !== undefined) attributes.code = codes[i];
      if (colors[i] !== undefined) attributes.colors = colors[i];
      if (flags[i] !== undefined) attributes.flag = flags[i];
      if (days[i] !== undefined) attributes.day = days[i];
      ids.push((await createContact(t, attributes)).id);
    }
  });
  afterAll(async () => t.close());

  async function names(body: Record<string, unknown>): Promise<string[]> {
    const res = await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: { limit: 100, ...body } });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().data as Array<{ attributes: { first_name: { value: string } } }>).map((c) => c.attributes.first_name.value);
  }
  const filtered = (filters: unknown[]): Promise<string[]> => names({ filters });

  it('200: each operator of each type selects what it means, missing values only under the negations', async () => {
    expect(await filtered([{ field: 'score', operator: 'eq', value: 5 }])).toEqual(['C0', 'C4']);
    expect(await filtered([{ field: 'score', operator: 'ne', value: 5 }])).toEqual(['C1', 'C2', 'C3', 'C5']);
    expect(await filtered([{ field: 'score', operator: 'gt', value: 0 }])).toEqual(['C0', 'C3', 'C4']);
    expect(await filtered([{ field: 'score', operator: 'between', value: [-3, 0] }])).toEqual(['C2', 'C5']);
    expect(await filtered([{ field: 'score', operator: 'in', value: [10, -2.5] }])).toEqual(['C2', 'C3']);
    expect(await filtered([{ field: 'score', operator: 'not_exists' }])).toEqual(['C1']);
    expect(await filtered([{ field: 'code', operator: 'starts_with', value: 'a' }])).toEqual(['C0', 'C3', 'C5']);
    expect(await filtered([{ field: 'code', operator: 'eq', value: 'A-1' }])).toEqual(['C0']);
    expect(await filtered([{ field: 'code', operator: 'contains', value: '-' }])).toEqual(['C0', 'C1', 'C3']);
    expect(await filtered([{ field: 'code', operator: 'contains', value: 'B-' }])).toEqual(['C1']);
    expect(await filtered([{ field: 'colors', operator: 'eq', value: 'RED' }])).toEqual(['C0', 'C1']);
    expect(await filtered([{ field: 'colors', operator: 'in', value: ['blue', 'green'] }])).toEqual(['C1', 'C3', 'C5']);
    expect(await filtered([{ field: 'colors', operator: 'not_exists' }])).toEqual(['C2', 'C4']);
    expect(await filtered([{ field: 'flag', operator: 'eq', value: true }])).toEqual(['C0', 'C3']);
    expect(await filtered([{ field: 'flag', operator: 'ne', value: true }])).toEqual(['C1', 'C2', 'C4', 'C5']);
    expect(await filtered([{ field: 'day', operator: 'gte', value: '2024-02-29' }])).toEqual(['C1', 'C4', 'C5']);
    expect(await filtered([{ or: [{ field: 'score', operator: 'lt', value: 0 }, { not: { field: 'code', operator: 'exists' } }] }])).toEqual(['C2']);
  });

  it('200: contains / starts_with / ends_with on custom text fold Unicode case and accents like standard text; eq stays exact', async () => {
    const { key } = await t.newKey(t.org, ['schema:write']);
    expect((await t.request({ method: 'POST', url: BASE, body: { api_name: 'motto', display_name: 'Motto', value_type: 'string', is_array: true }, key })).statusCode).toBe(201);
    const mottos: Record<string, string[]> = { M0: ['Émile Zola'], M1: ['STRASSE 5', 'x'], M2: ['Ünal ΣΟΦΟΣ'], M3: ['plain emile'] };
    for (const [name, motto] of Object.entries(mottos)) await createContact(t, { first_name: name, last_name: 'Motto', motto });
    const motto = (operator: string, value: string) => filtered([{ field: 'motto', operator, value }, { field: 'last_name', operator: 'eq', value: 'Motto' }]);
    expect(await motto('contains', 'EMILE')).toEqual(['M0', 'M3']);
    expect(await motto('contains', 'émile z')).toEqual(['M0']);
    expect(await motto('contains', 'straße')).toEqual(['M1']);
    expect(await motto('starts_with', 'unal')).toEqual(['M2']);
    expect(await motto('ends_with', 'σοφος')).toEqual(['M2']);
    expect(await motto('ends_with', 'ZOLA')).toEqual(['M0']);
    expect(await motto('eq', 'emile zola')).toEqual([]);
    expect(await motto('eq', 'Émile Zola')).toEqual(['M0']);
  });

  it('200: contains / starts_with / ends_with on a custom phone number compare a fragment written with punctuation by its digits', async () => {
    const { key } = await t.newKey(t.org, ['schema:write']);
    expect((await t.request({ method: 'POST', url: BASE, body: { api_name: 'desk_phone', display_name: 'Desk phone', value_type: 'phone_number' }, key })).statusCode).toBe(201);
    await createContact(t, { first_name: 'P0', last_name: 'Desk', desk_phone: '(415) 555-2671' });
    await createContact(t, { first_name: 'P1', last_name: 'Desk', desk_phone: '+14155550199' });
    const desk = (operator: string, value: string) => filtered([{ field: 'desk_phone', operator, value }, { field: 'last_name', operator: 'eq', value: 'Desk' }]);
    expect(await desk('contains', '555-2671')).toEqual(['P0']);
    expect(await desk('contains', '(415) 555')).toEqual(['P0', 'P1']);
    expect(await desk('starts_with', '+1 (415) 555-26')).toEqual(['P0']);
    expect(await desk('ends_with', '.0199')).toEqual(['P1']);
    expect(await desk('contains', '555-2671 ext')).toEqual([]);
  });

  it('200: a timestamp filter value finer than milliseconds compares as written with the stored milliseconds (standard and custom)', async () => {
    const { key } = await t.newKey(t.org, ['schema:write']);
    expect((await t.request({ method: 'POST', url: BASE, body: { api_name: 'seen_at', display_name: 'Seen at', value_type: 'timestamp' }, key })).statusCode).toBe(201);
    await createContact(t, { first_name: 'T0', last_name: 'Fine', seen_at: '2024-05-01T12:00:00.500Z' });
    const fine = async (field: string, operator: string, value: unknown) => filtered([{ field, operator, value }, { field: 'last_name', operator: 'eq', value: 'Fine' }]);
    // 12:00:00.5004 is after the stored 12:00:00.500 and before 12:00:00.501.
    const just = '2024-05-01T12:00:00.5004Z';
    expect(await fine('seen_at', 'lt', just)).toEqual(['T0']);
    expect(await fine('seen_at', 'lte', just)).toEqual(['T0']);
    expect(await fine('seen_at', 'gt', just)).toEqual([]);
    expect(await fine('seen_at', 'gte', just)).toEqual([]);
    expect(await fine('seen_at', 'eq', just)).toEqual([]);
    expect(await fine('seen_at', 'ne', just)).toEqual(['T0']);
    expect(await fine('seen_at', 'in', [just])).toEqual([]);
    expect(await fine('seen_at', 'between', [just, '2024-05-01T12:00:00.5009+00:00'])).toEqual([]);
    expect(await fine('seen_at', 'between', ['2024-05-01T12:00:00.4999Z', just])).toEqual(['T0']);
    expect(await fine('seen_at', 'eq', '2024-05-01T12:00:00.500000Z')).toEqual(['T0']);
    // created_at is stored to the millisecond too: the contact was created before any later microsecond.
    const read = await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: { filters: [{ field: 'last_name', operator: 'eq', value: 'Fine' }] } });
    const at = read.json().data[0].created_at as string;
    const later = `${at.slice(0, -1)}0001Z`;
    expect(await fine('created_at', 'lt', later)).toEqual(['T0']);
    expect(await fine('created_at', 'gte', later)).toEqual([]);
  });

  it('200: sorts by a custom attribute with unset values last in either direction, paging by cursor without gaps or repeats across contacts with and without a value', async () => {
    expect(await names({ filters: [{ field: 'last_name', operator: 'eq', value: 'Query' }], sort: [{ field: 'score', direction: 'asc' }] })).toEqual(['C2', 'C5', 'C0', 'C4', 'C3', 'C1']);
    expect(await names({ filters: [{ field: 'last_name', operator: 'eq', value: 'Query' }], sort: [{ field: 'score', direction: 'desc' }] })).toEqual(['C3', 'C4', 'C0', 'C5', 'C2', 'C1']);
    expect(await names({ filters: [{ field: 'last_name', operator: 'eq', value: 'Query' }], sort: [{ field: 'code', direction: 'asc' }, { field: 'first_name', direction: 'desc' }] })).toEqual(['C0', 'C3', 'C5', 'C1', 'C4', 'C2']);
    // As a later key too: ties on last_name are ordered by score, unset last.
    expect(await names({ filters: [{ field: 'last_name', operator: 'eq', value: 'Query' }], sort: [{ field: 'last_name', direction: 'asc' }, { field: 'score', direction: 'asc' }] })).toEqual(['C2', 'C5', 'C0', 'C4', 'C3', 'C1']);
    const sorts = [[{ field: 'last_name', direction: 'desc' }, { field: 'score', direction: 'asc' }], [{ field: 'score', direction: 'asc' }], [{ field: 'day', direction: 'desc' }], [{ field: 'flag', direction: 'asc' }, { field: 'score', direction: 'desc' }], [{ field: 'code', direction: 'desc' }, { field: 'first_name', direction: 'asc' }]];
    for (const [sort, limit] of sorts.flatMap((s) => [[s, 1], [s, 2], [s, 4]] as const)) {
      const all = await names({ filters: [{ field: 'last_name', operator: 'eq', value: 'Query' }], sort });
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: { filters: [{ field: 'last_name', operator: 'eq', value: 'Query' }], sort, limit, cursor } });
        expect(res.statusCode, res.body).toBe(200);
        paged.push(...(res.json().data as Array<{ attributes: { first_name: { value: string } } }>).map((c) => c.attributes.first_name.value));
        cursor = res.json().next_cursor;
      } while (cursor !== null);
      expect(paged, `${JSON.stringify(sort)} by ${limit}`).toEqual(all);
    }
  });

  it('200: as a later sort key, an unset number sorts after the largest finite numbers (and before none) in either direction', async () => {
    // Created in the order that puts the unset one on the wrong side of a tie broken by id.
    const extremes = [-Number.MAX_VALUE, undefined, Number.MAX_VALUE, 1];
    for (const [i, score] of extremes.entries()) await createContact(t, { first_name: `X${i}`, last_name: 'Extreme', ...(score === undefined ? {} : { score }) });
    const filters = [{ field: 'last_name', operator: 'eq', value: 'Extreme' }];
    for (const limit of [1, 100]) {
      const sorted = async (direction: string): Promise<string[]> => {
        const paged: string[] = [];
        let cursor: string | null = null;
        do {
          const res = await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: { filters, sort: [{ field: 'last_name', direction: 'asc' }, { field: 'score', direction }], limit, cursor } });
          expect(res.statusCode, res.body).toBe(200);
          paged.push(...(res.json().data as Array<{ attributes: { first_name: { value: string } } }>).map((c) => c.attributes.first_name.value));
          cursor = res.json().next_cursor;
        } while (cursor !== null);
        return paged;
      };
      expect(await sorted('asc'), `asc by ${limit}`).toEqual(['X0', 'X3', 'X2', 'X1']);
      expect(await sorted('desc'), `desc by ${limit}`).toEqual(['X2', 'X3', 'X0', 'X1']);
    }
  });

  it('422: operators a type lacks, values of the wrong type, and lists are not sortable', async () => {
    const bad = async (body: Record<string, unknown>) => {
      const res = await t.request({ method: 'POST', url: '/api/v2/contact/_query', body });
      expectError(res, 422, 'validation_failed');
      return detailsOf(res);
    };
    expect(await bad({ filters: [{ field: 'score', operator: 'contains', value: '1' }] })).toEqual([{ code: 'invalid_filter_operator', field: 'score' }]);
    expect(await bad({ filters: [{ field: 'score', operator: 'eq', value: '5' }] })).toEqual([{ code: 'invalid_filter_value', field: 'score' }]);
    expect(await bad({ filters: [{ field: 'colors', operator: 'eq', value: 'purple' }] })).toEqual([{ code: 'invalid_filter_value', field: 'colors' }]);
    expect(await bad({ filters: [{ field: 'day', operator: 'eq', value: '2024-13-01' }] })).toEqual([{ code: 'invalid_filter_value', field: 'day' }]);
    expect(await bad({ filters: [{ field: 'score', operator: 'between', value: [3, 1] }] })).toEqual([{ code: 'invalid_filter_value', field: 'score' }]);
    expect(await bad({ sort: [{ field: 'colors' }] })).toEqual([{ code: 'unsortable_field', field: 'colors' }]);
    // A JSON number too large for a double is Infinity once parsed: the message says so, not "null".
    const huge = await t.request({ method: 'POST', url: '/api/v2/contact/_query', body: '{"filters": [{"field": "score", "operator": "gt", "value": 1e400}]}', headers: { 'content-type': 'application/json' } });
    expect(expectError(huge, 422, 'validation_failed').message).toBe('score gt: expected a finite JSON number, got number Infinity');
  });
});
