import { randomBytes } from 'node:crypto';
import { seededEmail } from './seed.ts';

export type ScenarioName = 'patch' | 'get' | 'create' | 'batch-create' | 'query-eq' | 'query-page-1' | 'query-page-100' | 'event-query-100';
export const SCENARIO_NAMES: readonly ScenarioName[] = ['patch', 'get', 'create', 'batch-create', 'query-eq', 'query-page-1', 'query-page-100', 'event-query-100'];
/** Contacts one request of the batch scenario writes: its contacts/s is req/s times this, to set against create's req/s. */
export const BATCH_SIZE = 100;
/** What --events runs on a database with that many change-log events: the write that appends one, and the feed. */
export const EVENT_SCALE_SCENARIOS: readonly ScenarioName[] = ['patch', 'event-query-100'];
/** Baseline (another contactd checkout, e.g. main before a change) is measured beside contactd for these. */
export const BASELINE_SCENARIOS: readonly ScenarioName[] = ['patch', 'create'];
/** What --scale runs at each size: the writes and the queries whose cost could grow with the table. */
export const SCALE_SCENARIOS: readonly ScenarioName[] = ['patch', 'query-eq', 'query-page-1', 'query-page-100'];

/** contactd (one process), the floor, or contactd with N cluster workers. */
export type TargetKind = 'contactd' | 'floor' | 'contactd-workers' | 'baseline';

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
  ids: readonly string[];
  /** POST/GET helper against contactd, used to prepare cursors. */
  api(method: BenchRequest['method'], path: string, body?: unknown): Promise<{ status: number; bytes: number; json: unknown }>;
}

export interface Scenario {
  readonly name: ScenarioName;
  readonly title: string;
  readonly expectedStatus: number;
  /** Also measure with one connection: the request's own latency, without queueing behind 63 others. */
  readonly oneConnection?: boolean;
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
/** Unique per harness run, so created emails never collide with those of an earlier round or run. */
const RUN = randomBytes(4).toString('hex');
let created = 0;

/** Walks contactd's pages to page `n`; returns its cursor and the floor's key for the same position. */
async function walkToPage(data: ScenarioData, n: number): Promise<Prepared> {
  let cursor: string | null = null;
  let after: { updated_at: string; id: string } | null = null;
  let page = 1;
  while (page < n) {
    const res = await data.api('POST', QUERY_PATH, { sort: SORT, limit: PAGE_SIZE, ...(cursor !== null ? { cursor } : {}) });
    if (res.status !== 200) throw new Error(`walking to page ${n}: page ${page} answered ${res.status}`);
    const body = res.json as { data: Array<{ id: string; updated_at: string }>; next_cursor: string | null };
    const last = body.data.at(-1);
    if (body.next_cursor === null || last === undefined) break;
    cursor = body.next_cursor;
    after = { updated_at: last.updated_at, id: last.id };
    page += 1;
  }
  return {
    contactdBody: JSON.stringify({ sort: SORT, limit: PAGE_SIZE, ...(cursor !== null ? { cursor } : {}) }),
    floorBody: JSON.stringify({ limit: PAGE_SIZE, ...(after !== null ? { after } : {}) }),
    ...(page < n ? { note: `only ${page} pages of ${PAGE_SIZE} exist: measured page ${page}` } : {}),
  };
}

export const SCENARIOS: Record<ScenarioName, Scenario> = {
  patch: {
    name: 'patch',
    title: 'PATCH one attribute',
    expectedStatus: 200,
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
};
