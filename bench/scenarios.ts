import { randomBytes } from 'node:crypto';
import { Q_WORDS, fullCustomStride, seededCode, seededEmail, seededWord } from './seed.ts';

export type ScenarioName =
  | 'patch' | 'get' | 'create' | 'batch-create' | 'query-eq' | 'query-page-1' | 'query-page-100' | 'event-query-100'
  | 'custom-patch' | 'custom-get' | 'custom-query-eq' | 'custom-sort-page-1' | 'custom-sort-page-100'
  | 'search-3' | 'search-6' | 'contains-last-name';
export const SCENARIO_NAMES: readonly ScenarioName[] = [
  'patch', 'get', 'create', 'batch-create', 'query-eq', 'query-page-1', 'query-page-100', 'event-query-100',
  'custom-patch', 'custom-get', 'custom-query-eq', 'custom-sort-page-1', 'custom-sort-page-100',
  'search-3', 'search-6', 'contains-last-name',
];
/** Contacts one request of the batch scenario writes: its contacts/s is req/s times this, to set against create's req/s. */
export const BATCH_SIZE = 100;
/** What --events runs on a database with that many change-log events: the write that appends one, and the feed. */
export const EVENT_SCALE_SCENARIOS: readonly ScenarioName[] = ['patch', 'event-query-100'];
/** --baseline (another contactd checkout, e.g. main before a change) is measured beside contactd for these. */
export const BASELINE_SCENARIOS: readonly ScenarioName[] = ['patch', 'get', 'create'];
/** The light load of the p99 target (PATCH and GET): this many connections. */
export const FEW_CONNECTIONS = 8;
/** What runs again on a database without the text index, to measure what keeping it costs writes. */
export const TEXT_INDEX_COST_SCENARIOS: readonly ScenarioName[] = ['patch', 'create'];
/** What --scale runs at each size: the writes and the queries whose cost could grow with the table. */
export const SCALE_SCENARIOS: readonly ScenarioName[] = [
  'patch', 'create', 'get', 'query-eq', 'query-page-1', 'query-page-100', 'custom-patch', 'custom-get', 'custom-query-eq', 'custom-sort-page-1', 'custom-sort-page-100',
  'search-3', 'search-6', 'contains-last-name',
];

/** contactd (one process), the floor, or contactd with N cluster workers. */
export type TargetKind = 'contactd' | 'floor' | 'contactd-workers' | 'baseline' | 'no-text-index' | 'standard';

export interface BenchRequest {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  body?: string;
}

/** What a scenario learned from contactd before the load starts. */
export interface Prepared {
  /** contactd's request body for the scenario, when it is fixed (paging). */
  contactdBody?: string;
  /** The floor's request body, when it is fixed. */
  floorBody?: string;
  /** Something the report should say (e.g. a shorter walk than asked for). */
  note?: string;
}

export interface ScenarioData {
  /** The ids of the organization the scenario runs in (the custom one for custom scenarios). */
  ids: readonly string[];
  /** The main organization's ids: the floor serves only that one. */
  floorIds: readonly string[];
  /** POST/GET helper against contactd, used to prepare cursors; in the scenario's organization unless told 'main'. */
  api(method: BenchRequest['method'], path: string, body?: unknown, organization?: 'main'): Promise<{ status: number; bytes: number; json: unknown }>;
}

export interface Scenario {
  readonly name: ScenarioName;
  readonly title: string;
  readonly expectedStatus: number;
  /**
   * 'custom': contactd is driven in the organization with 20 custom attributes; the floor does the matching
   * standard request, so (custom / floor) beside (standard / floor) compares a custom attribute with a standard one.
   */
  readonly organization?: 'custom';
  /**
   * A custom scenario's standard counterpart (custom-patch: patch), run on the same contactd in the same
   * alternating rounds in the main organization, so custom ÷ standard is a paired ratio of one server.
   */
  readonly standard?: ScenarioName;
  /** Also measure with one connection: the request's own latency, without queueing behind 63 others. */
  readonly oneConnection?: boolean;
  /** Also measure with FEW_CONNECTIONS connections (the p99 target at light load). */
  readonly fewConnections?: boolean;
  prepare?(data: ScenarioData): Promise<Prepared>;
  /** A fresh request (random contact) for the target. */
  request(target: 'contactd' | 'floor', data: ScenarioData, prepared: Prepared): BenchRequest;
}

const QUERY_PATH = '/api/v2/contact/_query';
const PAGE_SIZE = 50;
const SORT = [{ field: 'updated_at', direction: 'asc' }];
const FIRST_PAGE = JSON.stringify({ sort: SORT, limit: PAGE_SIZE });
const randomIndex = (n: number): number => Math.floor(Math.random() * n);
const randomId = (data: ScenarioData): string => data.ids[randomIndex(data.ids.length)] as string;
const randomFloorId = (data: ScenarioData): string => data.floorIds[randomIndex(data.floorIds.length)] as string;
/** A random contact of the custom organization among those holding all 20 custom attributes (see fullCustomStride). */
const randomFullCustomId = (data: ScenarioData): string => {
  const stride = fullCustomStride(data.ids.length);
  return data.ids[stride * randomIndex(Math.ceil(data.ids.length / stride))] as string;
};
const CUSTOM_SORT = [{ field: 'bench_score', direction: 'asc' }];

/** A custom sort's page n for contactd; the floor (which has no custom attributes) gets its updated_at page n of the main organization. */
async function walkCustom(data: ScenarioData, n: number): Promise<Prepared> {
  const custom = await walkToPage(data, n, CUSTOM_SORT);
  const standard = await walkToPage({ ...data, api: (method, path, body) => data.api(method, path, body, 'main') }, n);
  return { ...custom, ...(standard.floorBody !== undefined ? { floorBody: standard.floorBody } : {}) };
}

/** Unique per harness run, so created emails never collide with those of an earlier round or run. */
const RUN = randomBytes(4).toString('hex');
let created = 0;

/** Walks contactd's pages to page `n`; returns its cursor and the floor's key for the same position. */
async function walkToPage(data: ScenarioData, n: number, sort: unknown = SORT): Promise<Prepared> {
  let cursor: string | null = null;
  let after: { updated_at: string; id: string } | null = null;
  let page = 1;
  while (page < n) {
    const res = await data.api('POST', QUERY_PATH, { sort, limit: PAGE_SIZE, ...(cursor !== null ? { cursor } : {}) });
    if (res.status !== 200) throw new Error(`walking to page ${n}: page ${page} answered ${res.status}`);
    const body = res.json as { data: Array<{ id: string; updated_at: string }>; next_cursor: string | null };
    const last = body.data.at(-1);
    if (body.next_cursor === null || last === undefined) break;
    cursor = body.next_cursor;
    after = { updated_at: last.updated_at, id: last.id };
    page += 1;
  }
  return {
    contactdBody: JSON.stringify({ sort, limit: PAGE_SIZE, ...(cursor !== null ? { cursor } : {}) }),
    floorBody: JSON.stringify({ limit: PAGE_SIZE, ...(after !== null ? { after } : {}) }),
    ...(page < n ? { note: `only ${page} pages of ${PAGE_SIZE} exist: measured page ${page}` } : {}),
  };
}

/**
 * A text query: contactd gets the API body; the floor gets the folded needle (and the last_name fragment)
 * and runs the same index look-up with no parsing, folding or rendering.
 */
function textQuery(target: 'contactd' | 'floor', contactd: Record<string, unknown>, floor: { text: string; lastNameContains?: string }): BenchRequest {
  return { method: 'POST', path: QUERY_PATH, body: JSON.stringify(target === 'contactd' ? { ...contactd, limit: PAGE_SIZE } : { ...floor, limit: PAGE_SIZE }) };
}

export const SCENARIOS: Record<ScenarioName, Scenario> = {
  patch: {
    name: 'patch',
    title: 'PATCH one attribute',
    expectedStatus: 200,
    fewConnections: true,
    request: (_target, data) => ({
      method: 'PATCH',
      path: `/api/v2/contact/${randomId(data)}`,
      body: JSON.stringify({ attributes: { title: `Title ${randomIndex(1_000_000)}` } }),
    }),
  },
  get: {
    name: 'get',
    title: 'GET one contact',
    expectedStatus: 200,
    fewConnections: true,
    request: (_target, data) => ({ method: 'GET', path: `/api/v2/contact/${randomId(data)}` }),
  },
  create: {
    name: 'create',
    title: 'POST create',
    expectedStatus: 201,
    request: (target) => {
      created += 1;
      const email = `new-${RUN}-${target}-${created}@bench.example`;
      return { method: 'POST', path: '/api/v2/contact', body: JSON.stringify({ attributes: { first_name: 'Nova', last_name: `Bench${created}`, primary_email: email } }) };
    },
  },
  'batch-create': {
    name: 'batch-create',
    title: `_batch of ${BATCH_SIZE} creates (contacts/s = req/s × ${BATCH_SIZE}; compare with POST create)`,
    expectedStatus: 200,
    request: (target) => {
      const operations = Array.from({ length: BATCH_SIZE }, () => {
        created += 1;
        return { op: 'create', attributes: { first_name: 'Nova', last_name: `Bench${created}`, primary_email: `new-${RUN}-${target}-${created}@bench.example` } };
      });
      return { method: 'POST', path: '/api/v2/contact/_batch', body: JSON.stringify({ operations }) };
    },
  },
  'query-eq': {
    name: 'query-eq',
    title: '_query eq primary_email',
    expectedStatus: 200,
    oneConnection: true,
    request: (_target, data) => ({
      method: 'POST',
      path: QUERY_PATH,
      body: JSON.stringify({ filters: [{ field: 'primary_email', operator: 'eq', value: seededEmail(randomIndex(data.ids.length)) }], limit: PAGE_SIZE }),
    }),
  },
  'query-page-1': {
    name: 'query-page-1',
    title: '_query page 1 (50 by updated_at)',
    expectedStatus: 200,
    prepare: (data) => walkToPage(data, 1),
    request: (target, _data, prepared) => ({ method: 'POST', path: QUERY_PATH, body: (target === 'floor' ? prepared.floorBody : prepared.contactdBody) ?? FIRST_PAGE }),
  },
  'event-query-100': {
    name: 'event-query-100',
    title: 'event/_query, 100 events',
    expectedStatus: 200,
    // A page of 100 events from the middle of the log (with --events, of a large one), by sequence.
    prepare: async (data) => {
      for (let i = 0; i < 120; i += 1) await data.api('PATCH', `/api/v2/contact/${randomId(data)}`, { attributes: { title: `Event ${i}` } });
      // Skip to where at least 100 events follow (after the first 1,000 when the log is large).
      const lead = (await data.api('POST', '/api/v2/event/_query', { limit: 1000 })).json as { data: Array<{ sequence: number }> };
      const skip = lead.data.length >= 1000 ? 1000 : Math.max(1, lead.data.length - 100);
      const before = (await data.api('POST', '/api/v2/event/_query', { limit: skip })).json as { next_cursor: string };
      const after = (lead.data[skip - 1] as { sequence: number }).sequence;
      return { contactdBody: JSON.stringify({ cursor: before.next_cursor, limit: 100 }), floorBody: JSON.stringify({ after, limit: 100 }) };
    },
    request: (target, _data, prepared) => ({ method: 'POST', path: '/api/v2/event/_query', body: (target === 'floor' ? prepared.floorBody : prepared.contactdBody) ?? '{"limit":100}' }),
  },
  'query-page-100': {
    name: 'query-page-100',
    title: '_query page 100 (50 by updated_at)',
    expectedStatus: 200,
    prepare: (data) => walkToPage(data, 100),
    request: (target, _data, prepared) => ({ method: 'POST', path: QUERY_PATH, body: (target === 'floor' ? prepared.floorBody : prepared.contactdBody) ?? FIRST_PAGE }),
  },
  'custom-patch': {
    name: 'custom-patch',
    title: 'PATCH one custom attribute (number)',
    expectedStatus: 200,
    organization: 'custom',
    standard: 'patch',
    request: (target, data) => (target === 'floor'
      ? { method: 'PATCH', path: `/api/v2/contact/${randomFloorId(data)}`, body: JSON.stringify({ attributes: { title: `Title ${randomIndex(1_000_000)}` } }) }
      : { method: 'PATCH', path: `/api/v2/contact/${randomFullCustomId(data)}`, body: JSON.stringify({ attributes: { bench_score: randomIndex(1_000_000) } }) }),
  },
  'custom-get': {
    name: 'custom-get',
    title: 'GET one contact with 20 custom attributes',
    expectedStatus: 200,
    organization: 'custom',
    standard: 'get',
    request: (target, data) => ({ method: 'GET', path: `/api/v2/contact/${target === 'floor' ? randomFloorId(data) : randomFullCustomId(data)}` }),
  },
  'custom-query-eq': {
    name: 'custom-query-eq',
    title: '_query eq on a custom string attribute',
    expectedStatus: 200,
    organization: 'custom',
    oneConnection: true,
    request: (target, data) => ({
      method: 'POST',
      path: QUERY_PATH,
      body: JSON.stringify(target === 'floor'
        ? { filters: [{ field: 'primary_email', operator: 'eq', value: seededEmail(randomIndex(data.floorIds.length)) }], limit: PAGE_SIZE }
        : { filters: [{ field: 'bench_code', operator: 'eq', value: seededCode(randomIndex(data.ids.length)) }], limit: PAGE_SIZE }),
    }),
  },
  'custom-sort-page-1': {
    name: 'custom-sort-page-1',
    title: '_query page 1 (50 by a custom number)',
    expectedStatus: 200,
    organization: 'custom',
    oneConnection: true,
    prepare: (data) => walkCustom(data, 1),
    request: (target, _data, prepared) => ({ method: 'POST', path: QUERY_PATH, body: (target === 'floor' ? prepared.floorBody : prepared.contactdBody) ?? FIRST_PAGE }),
  },
  'custom-sort-page-100': {
    name: 'custom-sort-page-100',
    title: '_query page 100 (50 by a custom number)',
    expectedStatus: 200,
    organization: 'custom',
    oneConnection: true,
    prepare: (data) => walkCustom(data, 100),
    request: (target, _data, prepared) => ({ method: 'POST', path: QUERY_PATH, body: (target === 'floor' ? prepared.floorBody : prepared.contactdBody) ?? FIRST_PAGE }),
  },
  'search-3': {
    name: 'search-3',
    title: '_query search, a 3-letter token',
    expectedStatus: 200,
    oneConnection: true,
    request: (target, data) => {
      // q and two letters: a token only the first Q_WORDS contacts' departments hold, as many at any size.
      const token = seededWord(randomIndex(Math.min(Q_WORDS, data.ids.length))).slice(0, 3).toLowerCase();
      return textQuery(target, { search: token }, { text: token });
    },
  },
  'search-6': {
    name: 'search-6',
    title: '_query search, a 6-letter token',
    expectedStatus: 200,
    oneConnection: true,
    request: (target, data) => {
      const token = seededWord(randomIndex(data.ids.length)).toLowerCase();
      return textQuery(target, { search: token }, { text: token });
    },
  },
  'contains-last-name': {
    name: 'contains-last-name',
    title: '_query contains on last_name',
    expectedStatus: 200,
    oneConnection: true,
    request: (target, data) => {
      // A number of the largest digit count at this size: exactly one contact's last name holds it, at 10k
      // as at 1M (a shorter one, e.g. ast12, is in Last12, Last120..129, Last1200..1299, ...: more at 1M).
      const bottom = Math.floor(data.ids.length / 10);
      const fragment = `ast${bottom + randomIndex(data.ids.length - bottom)}`;
      return textQuery(target, { filters: [{ field: 'last_name', operator: 'contains', value: fragment }] }, { text: fragment, lastNameContains: fragment });
    },
  },
};
