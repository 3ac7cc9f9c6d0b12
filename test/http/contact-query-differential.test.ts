import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CONTACT_CATALOG, CREATED_SOURCES, ENRICH_STATUSES } from '../../src/domain/catalog/contact-catalog.ts';
import { describeEachDialect } from '../helpers/databases.ts';
import { expectedIds, prng, SEARCHED, valuesOf, type JsonFilter, type JsonSort, type WireRecord, type WireStage } from '../helpers/query-oracle.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

const SEED = Number(process.env.QUERY_DIFF_SEED ?? 20261127);
const CONTACTS = 300;
const TREES = 300;

// Case variants; non-ASCII letters that fold (accents, ß/ẞ/SS, dotted and dotless i, final sigma, ligatures,
// decomposed accents, titlecase digraphs) and that do not (CJK, emoji); LIKE and GLOB metacharacters.
const WORDS = [
  'Ann', 'ann', 'ANN', 'Anna', 'Bob', 'bo%b', 'b_o', 'x\\y', '100%', '_under', '%', '_', '\\', '\\%', 'a*b', 'q?[r]',
  'Élodie', 'élodie', 'ELODIE', 'e\u0301lodie', 'Zoë', 'ZOË', 'zoe', '李', '李小龍', '😀smile', '👍🏽ok', 'straße', 'STRASSE', 'Straẞe',
  "O'Brien", 'mañana', 'İstanbul', 'ISTANBUL', 'ıstanbul', 'ΣΟΦΟΣ', 'σοφος', 'Σοφός', 'ﬁne', 'Ǆemal', 'ǅemal', 'a b', 'z', 'Jean-Luc', 'Ōsaka 大阪',
];
const LOCAL_PARTS = ['ann', 'Bob', 'x_y', 'a%b', 'zoë', 'o.brien', 'Sales', 'Émile', 'straße'];
const DOMAINS = ['example.com', 'Example.ORG', 'mail.test.io'];
const TIMES = ['2024-01-01T00:00:00.000Z', '2024-06-15T12:30:00.000Z', '2025-02-28T23:59:59.999Z', '2023-12-31T23:00:00.000Z'];

const FILTERABLE = CONTACT_CATALOG.filter((a) => a.isFilterable);
const SORTABLE = CONTACT_CATALOG.filter((a) => a.isSortable);

describeEachDialect('_query agrees with an in-memory evaluator on random data (non-ASCII too), random filter trees and searches', (dialect) => {
  let t: TestApp;
  const records: WireRecord[] = [];
  let stages: WireStage[] = [];
  let users: string[] = [];
  const teams: string[] = [];
  const rand = prng(SEED);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const chance = (p: number): boolean => rand() < p;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const org = t.org.organizationId;
    users = [t.org.userId];
    for (let i = 0; i < 3; i += 1) users.push((await t.tenancy.createUser(org, `user${i}@example.com`, `User ${i}`)).id);
    for (let i = 0; i < 2; i += 1) teams.push((await t.tenancy.createTeam(org, `Team ${i}`)).id);
    const stageList = await t.tenancy.listStages(org);
    stages = stageList.map((s) => ({ id: s.id, api_name: s.apiName, display_value: s.displayValue }));

    const ids: string[] = [];
    for (let i = 0; i < CONTACTS; i += 1) {
      const attributes: Record<string, unknown> = {};
      if (chance(0.8)) attributes.first_name = pick(WORDS);
      if (chance(0.6)) attributes.last_name = pick(WORDS);
      if (chance(0.2)) attributes.middle_name = pick(WORDS);
      if (chance(0.3)) attributes.title = pick(WORDS);
      if (chance(0.2)) attributes.department = pick(WORDS);
      const emailCount = chance(0.3) ? 0 : 1 + Math.floor(rand() * 3);
      if (emailCount > 0) attributes.contact_emails = Array.from({ length: emailCount }, (_, k) => `${pick(LOCAL_PARTS)}${i}x${k}@${pick(DOMAINS)}`);
      if (chance(0.5)) attributes.contact_phone_numbers = Array.from({ length: 1 + Math.floor(rand() * 2) }, () => `+1415${2 + Math.floor(rand() * 8)}${String(Math.floor(rand() * 1e6)).padStart(6, '0')}`);
      if (chance(0.6)) attributes.sms_consent = chance(0.5);
      if (chance(0.5)) attributes.owner_user_id = pick(users);
      if (chance(0.3)) attributes.owner_team_id = pick(teams);
      if (chance(0.4)) attributes.participant_user_id_list = users.filter(() => chance(0.4));
      if (chance(0.7)) attributes.stage = pick(stages).api_name;
      if (chance(0.3)) attributes.address = { city: pick(WORDS) };
      if (chance(0.3)) attributes.linkedin_url = `https://linkedin.com/in/${pick(WORDS)}`;
      if (attributes.first_name === undefined && attributes.last_name === undefined && attributes.contact_emails === undefined) attributes.first_name = pick(WORDS);
      let res = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes } });
      if (res.statusCode === 422 && attributes.contact_phone_numbers !== undefined) {
        delete attributes.contact_phone_numbers; // a random number that is not a valid US number
        res = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes } });
      }
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json().data.id);
    }
    // Server-set attributes get values (with ties and nulls) straight in the table, then are read back.
    for (const id of ids) {
      const set: Record<string, string | null> = {};
      if (chance(0.6)) set.last_activity_at = pick(TIMES);
      if (chance(0.3)) set.last_meeting = pick(TIMES);
      if (chance(0.4)) set.email_enrich_status = pick(['PENDING', 'ENRICHED', 'NOT_FOUND', 'FAILED']);
      if (Object.keys(set).length > 0) await t.db.database.db.updateTable('contacts').set(set).where('id', '=', id).execute();
      if (chance(0.1)) expect((await t.request({ method: 'DELETE', url: `/api/v2/contact/${id}` })).statusCode).toBe(204);
    }
    for (const id of ids) records.push((await t.request({ method: 'GET', url: `/api/v2/contact/${id}` })).json().data);
    // PostgreSQL: statistics, so that text needles no sampled value holds take the one-trigram-a-time form
    // (SearchTextSample) and are compared here too; the server reads the sample at its first query, below.
    if (dialect === 'postgres') await sql`analyze contacts`.execute(t.db.database.db);
  });
  afterAll(async () => t.close());

  /** A value for a condition, mostly drawn from the data so conditions do match something. */
  function valueFor(field: string, operator: string): unknown {
    const def = CONTACT_CATALOG.find((a) => a.apiName === field)!;
    const textMatch = ['contains', 'starts_with', 'ends_with'].includes(operator);
    const seen = records.flatMap((r) => valuesOf(r, field).values).filter((v) => v !== null);
    const fromData = seen.length > 0 && chance(0.75) ? pick(seen) : null;
    switch (def.valueType) {
      case 'uuid':
      case 'record_reference':
        if (fromData !== null && chance(0.8)) return chance(0.2) ? (fromData as string).toUpperCase() : fromData;
        return pick([...users, ...teams, randomUUID()]);
      case 'timestamp': {
        const base = (fromData as string | null) ?? pick(TIMES);
        if (chance(0.2)) return base.slice(0, 10); // a date: midnight UTC
        if (chance(0.2)) return new Date(Date.parse(base) + (chance(0.5) ? 1 : -1)).toISOString();
        return base;
      }
      case 'string': {
        let s = (fromData as string | null) ?? pick(WORDS);
        const chars = Array.from(s); // slice by code point: half a surrogate pair is not valid input
        if (textMatch && chars.length > 1 && chance(0.6)) {
          const a = Math.floor(rand() * chars.length);
          s = chars.slice(a, a + 1 + Math.floor(rand() * (chars.length - a))).join('');
        }
        if (chance(0.2)) s = chance(0.5) ? s.toUpperCase() : s.toLowerCase();
        return chance(0.1) ? pick(['%', '_', '\\', '%%', 'n%', 'b_o', '', '*', '?', '[', 'a*b', 'ß', 'SS', 'ς']) : s;
      }
      case 'email':
      case 'contact_email': {
        const e = (fromData as string | null) ?? `${pick(LOCAL_PARTS)}@${pick(DOMAINS)}`;
        if (textMatch) {
          const chars = Array.from(e);
          const frag = (chance(0.5) ? chars.slice(0, 1 + Math.floor(rand() * chars.length)) : chars.slice(Math.floor(rand() * chars.length))).join('');
          return chance(0.3) ? frag.toUpperCase() : frag;
        }
        return chance(0.3) ? `  ${e.toUpperCase()} ` : e;
      }
      case 'phone_number':
      case 'contact_phone_number': {
        const p = (fromData as string | null) ?? '+14155550123';
        if (textMatch) {
          const frag = p.slice(Math.floor(rand() * 4), 4 + Math.floor(rand() * 8));
          // A fragment as people write it: the same digits with punctuation between them.
          return chance(0.3) ? frag.replace(/(\d{3})(?=\d)/, '$1-').replace(/^(\d)/, '($1') : frag;
        }
        // The national form parses to the same E.164 number with the default region US.
        return chance(0.3) ? `(${p.slice(2, 5)}) ${p.slice(5, 8)}-${p.slice(8)}` : p;
      }
      case 'boolean':
        return chance(0.5);
      case 'enum':
        return (fromData as string | null) ?? pick(field === 'created_source' ? CREATED_SOURCES : ENRICH_STATUSES);
      case 'contact_stage': {
        const s = stages.find((x) => x.id === fromData) ?? pick(stages);
        return pick([s.id, s.api_name, s.api_name.toUpperCase()]);
      }
      default:
        throw new Error(`no value for ${def.valueType}`);
    }
  }

  function condition(): JsonFilter {
    const def = chance(0.05) ? CONTACT_CATALOG.find((a) => a.apiName === 'archived_at')! : pick(FILTERABLE);
    const operator = pick(def.filterOperators);
    if (operator === 'exists' || operator === 'not_exists') return { field: def.apiName, operator };
    if (operator === 'in' || operator === 'not_in') return { field: def.apiName, operator, value: Array.from({ length: Math.floor(rand() * 4) }, () => valueFor(def.apiName, operator)) };
    if (operator === 'between') {
      const pair = [valueFor(def.apiName, operator), valueFor(def.apiName, operator)] as string[];
      const key = (v: string) => (def.valueType === 'timestamp' ? new Date(v).toISOString() : v);
      pair.sort((a, b) => Buffer.compare(Buffer.from(key(a)), Buffer.from(key(b))));
      return { field: def.apiName, operator, value: pair };
    }
    return { field: def.apiName, operator, value: valueFor(def.apiName, operator) };
  }

  function tree(groups: number): JsonFilter {
    if (groups >= 4 || chance(0.55)) return condition();
    const kind = pick(['and', 'or', 'not'] as const);
    if (kind === 'not') return { not: tree(groups + 1) };
    return { [kind]: Array.from({ length: 1 + Math.floor(rand() * 3) }, () => tree(groups + 1)) };
  }

  /** A search text: one to three tokens, mostly cut from the contacts' searchable texts, in random case. */
  function randomSearch(): string {
    const texts = records.flatMap((r) => SEARCHED.flatMap((f) => valuesOf(r, f).values)).filter((v): v is string => typeof v === 'string');
    const token = (): string => {
      if (chance(0.15)) return pick(['%', '_', '\\', '*', '?', '[', 'a%', 'b_o', 'x\\y', 'a*b', 'EMILE', 'ss', 'ß', 'σοφοσ', 'i', '李', '😀', '555', '0132', '555-0132', '(415)', '415.555', '+1-415', '1-2', '(+1)555']);
      const chars = Array.from(pick(texts));
      const from = chance(0.5) ? 0 : Math.floor(rand() * chars.length);
      const piece = chars.slice(from, from + 1 + Math.floor(rand() * 6)).join('').trim() || 'a';
      return chance(0.3) ? piece.toUpperCase() : piece;
    };
    return Array.from({ length: 1 + Math.floor(rand() * (chance(0.7) ? 1 : 3)) }, token).join(pick([' ', '  ', ' \u00a0']));
  }

  function randomSort(): JsonSort[] {
    const fields = [...SORTABLE].sort(() => rand() - 0.5).slice(0, Math.floor(rand() * 4));
    return fields.map((f) => (chance(0.2) ? { field: f.apiName } : { field: f.apiName, direction: pick(['asc', 'desc'] as const) }));
  }

  it(`200 with exactly the evaluator's contacts, in its order, for ${TREES} random filter trees walked page by page (seed ${SEED})`, async () => {
    let nonEmpty = 0;
    let searchesMatching = 0;
    for (let n = 0; n < TREES; n += 1) {
      const filters = Array.from({ length: Math.floor(rand() * 3) }, () => tree(0));
      const search = chance(0.3) ? randomSearch() : null;
      const sort = randomSort();
      const limit = pick([7, 25, 100, 500]);
      const got: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 100; page += 1) {
        const body: Record<string, unknown> = { filters, ...(search === null ? {} : { search }), sort, limit, ...(cursor === null ? {} : { cursor }) };
        const res = await t.request({ method: 'POST', url: '/api/v2/contact/_query', body });
        expect(res.statusCode, `tree ${n}: ${JSON.stringify(body)} -> ${res.body}`).toBe(200);
        const json = res.json();
        got.push(...json.data.map((r: WireRecord) => r.id));
        cursor = json.next_cursor;
        if (cursor === null) break;
      }
      const want = expectedIds(records, filters, sort, stages, search);
      expect(got, `tree ${n}: ${JSON.stringify({ filters, search, sort, limit })}`).toEqual(want);
      if (want.length > 0) nonEmpty += 1;
      if (search !== null && want.length > 0) searchesMatching += 1;
    }
    // The generator must keep producing conditions that match something, or the comparison proves little.
    expect(nonEmpty).toBeGreaterThan(TREES / 3);
    expect(searchesMatching).toBeGreaterThan(TREES / 10);
  }, 300_000);
});
