import { afterAll, beforeAll, expect, it } from 'vitest';
import { createContact, getContact, patchContact } from '../helpers/contacts.ts';
import { describeEachDialect } from '../helpers/databases.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

const WRITERS = 20;
const PATCHES_EACH = 5;
const SHARED_PATCHES_EACH = 2;

interface WireEvent { sequence: number; record_id: string; version: number; type: string }

describeEachDialect('the feed under 20 concurrent writers', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('a reader following the feed meanwhile receives every version of every contact exactly once, in order, with gapless sequences', { timeout: 120_000 }, async () => {
    const org = await t.newOrg('Twenty Writers');
    const shared = await createContact(t, { title: 'shared' }, org.key);
    const seen: WireEvent[] = [];
    let done = false;
    let cursor: string | undefined;
    const reader = (async () => {
      for (;;) {
        const finished = done;
        const res = await t.request({ method: 'POST', url: '/api/v2/event/_query', body: { ...(cursor === undefined ? {} : { cursor }), limit: 7, wait_seconds: finished ? 0 : 0.5 }, key: org.key });
        expect(res.statusCode).toBe(200);
        const page = res.json() as { data: WireEvent[]; next_cursor: string };
        seen.push(...page.data);
        cursor = page.next_cursor;
        if (finished && page.data.length === 0) return;
      }
    })();
    const ids: string[] = [shared.id];
    await Promise.all(Array.from({ length: WRITERS }, async (_, w) => {
      const own = await createContact(t, { first_name: `W${w}` }, org.key);
      ids.push(own.id);
      for (let p = 0; p < PATCHES_EACH; p += 1) {
        expect((await patchContact(t, own.id, { title: `t${p}` }, {}, org.key)).statusCode).toBe(200);
        if (p < SHARED_PATCHES_EACH) expect((await patchContact(t, shared.id, { department: `w${w}p${p}` }, {}, org.key)).statusCode).toBe(200);
      }
    }));
    done = true;
    await reader;

    expect(seen.map((e) => e.sequence)).toEqual(seen.map((_, i) => i + 1));
    for (const id of ids) {
      const { data, etag } = await getContact(t, id, org.key);
      const version = Number(/\d+/.exec(etag)![0]);
      expect(seen.filter((e) => e.record_id === id).map((e) => e.version), `versions of ${data.id}`).toEqual(Array.from({ length: version }, (_, i) => i + 1));
    }
    expect(seen).toHaveLength(1 + WRITERS * SHARED_PATCHES_EACH + WRITERS * (1 + PATCHES_EACH));
  });
});
