import { CompiledQuery, sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { Schema } from '../../src/storage/schema.ts';
import { describeEachDialect } from '../helpers/databases.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

const CONTACTS = 5100;

describeEachDialect('export page plans', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    // PostgreSQL: statistics taken while the organization had no contacts, then a bulk write: as right after an import into a small
    // database (at this size the planner then sorted every remaining row for each page; at 1,100 contacts it did not yet).
    // SQLite keeps no statistics unless ANALYZE runs; it is held to the same plan.
    if (dialect === 'postgres') await sql`analyze contacts`.execute(t.db.database.db);
    for (let i = 0; i < CONTACTS; i += 100) {
      const operations = Array.from({ length: 100 }, (_, j) => ({ op: 'create', attributes: { first_name: `Plan${i + j}`, primary_email: `plan${i + j}@example.com` } }));
      const res = await t.request({ method: 'POST', url: '/api/v2/contact/_batch', body: { operations } });
      expect(res.statusCode).toBe(200);
    }
  }, 120_000);
  afterAll(async () => {
    vi.restoreAllMocks();
    await t.close();
  });

  it('every page of an export walks the created_at index, never sorting the rest of the organization (PostgreSQL: with statistics of an empty table)', async () => {
    const { profile } = t.db.database;
    const original = profile.readSnapshot.bind(profile);
    const plans: string[] = [];
    // Each page SELECT of the export is EXPLAINed first, in the export's own transaction (with its settings).
    vi.spyOn(profile, 'readSnapshot').mockImplementation(<T>(fn: (db: Kysely<Schema>) => Promise<T>) => original(async (snapshot) => {
      const watched = new Proxy(snapshot, {
        get(target, prop) {
          const value: unknown = Reflect.get(target, prop);
          if (prop !== 'executeQuery') return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
          return async (query: CompiledQuery) => {
            if (/^select\b/i.test(query.sql) && query.sql.includes('from "contacts"')) {
              const explained = await target.executeQuery(CompiledQuery.raw(`${dialect === 'postgres' ? 'explain' : 'explain query plan'} ${query.sql}`, [...query.parameters]));
              plans.push((explained.rows as Array<{ 'QUERY PLAN'?: string; detail?: string }>).map((r) => r['QUERY PLAN'] ?? r.detail).join('\n'));
            }
            return target.executeQuery(query);
          };
        },
      });
      return fn(watched);
    }));
    const res = await t.request({ method: 'POST', url: '/api/v2/contact/_export', body: { format: 'csv' } });
    expect(res.statusCode).toBe(200);
    expect(res.body.trim().split('\r\n')).toHaveLength(CONTACTS + 1);
    expect(plans).toHaveLength(Math.ceil((CONTACTS + 1) / 500));
    for (const plan of plans) {
      expect(plan).toMatch(dialect === 'postgres' ? /Index Scan using contacts_created_at_idx/ : /USING INDEX contacts_created_at_idx/);
      expect(plan).not.toMatch(dialect === 'postgres' ? /Sort/ : /TEMP B-TREE/);
    }
  });
});
