import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../helpers/databases.ts';
import { createContact, uniqueEmail } from '../helpers/contacts.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

// _query SELECTs are kept as prepared statements per SQL shape, up to a bound; these hold the answers
// exact for a repeated shape with new values and for more shapes than the bound keeps.
describeEachDialect('_query through prepared statements', (dialect) => {
  let t: TestApp;
  const emails: string[] = [];
  const ids: string[] = [];
  beforeAll(async () => {
    t = await createTestApp(dialect);
    for (let i = 0; i < 5; i += 1) {
      emails.push(uniqueEmail(`shape${i}`));
      ids.push((await createContact(t, { primary_email: emails[i] })).id);
    }
  });
  afterAll(async () => t.close());

  const query = (body: Record<string, unknown>) => t.request({ method: 'POST', url: '/api/v2/contact/_query', body });
  const idsOf = (res: Awaited<ReturnType<typeof query>>) => (res.json().data as Array<{ id: string }>).map((r) => r.id);

  it('200 with each contact when one query shape is sent again with other values', async () => {
    for (let round = 0; round < 3; round += 1) {
      for (let i = 0; i < emails.length; i += 1) {
        const res = await query({ filters: [{ field: 'primary_email', operator: 'eq', value: emails[i] }] });
        expect(res.statusCode, res.body).toBe(200);
        expect(idsOf(res)).toEqual([ids[i]]);
      }
    }
  });

  it('200 with the right contacts for 300 distinct query shapes, more than the prepared-statement bound', async () => {
    for (let n = 1; n <= 300; n += 1) {
      const wanted = n % emails.length;
      const value = [emails[wanted], ...Array.from({ length: n - 1 }, (_, j) => `nobody${j}@example.com`)];
      const res = await query({ filters: [{ field: 'primary_email', operator: 'in', value }], sort: [{ field: 'created_at', direction: n % 2 === 0 ? 'asc' : 'desc' }] });
      expect(res.statusCode, `${n}: ${res.body.slice(0, 300)}`).toBe(200);
      expect(idsOf(res), `shape ${n}`).toEqual([ids[wanted]]);
    }
  });
});
