/**
 * The floor: the least work contactd's requests can do on the same stack (Fastify and the same driver):
 * prepared statements by primary key or index, no auth, no validation, no rendering. Each response is
 * padded to the byte size the harness asks for (`?pad=N`, contactd's size for that request), so both
 * servers put the same bytes on the wire. Run: `node --import tsx bench/floor.ts --database-url URL --organization-id ID`.
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { textIndexMatch, trigramWindows } from '../src/storage/contact-query.ts';
import { sqliteFilename } from '../src/storage/dialects/sqlite.ts';
import { TEXT_INDEX_LINE_BITS } from '../src/storage/dialects/sqlite-thread.ts';

type Row = Record<string, unknown>;

export interface NewContactRow { id: string; emailId: string; firstName: string; lastName: string; email: string; now: string }

/** The statements the floor runs, one implementation per driver. */
interface FloorStatements {
  get(id: string): Promise<Row | undefined>;
  /** One prepared UPDATE and one SELECT by primary key. */
  patch(id: string, title: string, now: string): Promise<Row | undefined>;
  /** The contact row and its email row in one transaction. */
  create(row: NewContactRow): Promise<void>;
  byEmail(email: string, limit: number): Promise<Row[]>;
  /** Keyset page by (updated_at, id), after the given key or from the start. */
  page(after: { updated_at: string; id: string } | null, limit: number): Promise<Row[]>;
  /** Change-log events after a sequence, by primary key. */
  events(after: number, limit: number): Promise<Row[]>;
  /** First page by (created_at, id) of contacts whose search_text holds text (through the text index), optionally last_name LIKE a pattern. */
  text(text: string, lastNameLike: string | null, limit: number): Promise<Row[]>;
  close(): Promise<void>;
}

const EVENTS_SQL = (org: string, after: string, limit: string) => `select * from contact_events where organization_id = ${org} and sequence > ${after} order by sequence limit ${limit}`;

/** Keyset page by (updated_at, id); `p` spells the placeholders of org, after_at, after_id, limit. */
const PAGE_SQL = (p: Record<'org' | 'at' | 'id' | 'limit', string>, after: boolean) =>
  `select * from contacts where organization_id = ${p.org} and archived_at is null${after ? ` and updated_at >= ${p.at} and (updated_at > ${p.at} or id > ${p.id})` : ''} order by updated_at, id limit ${p.limit}`;

function sqliteStatements(url: string, org: string): FloorStatements {
  const db = new BetterSqlite3(sqliteFilename(url));
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  const named = { org: '@org', at: '@at', id: '@id', limit: '@limit' };
  const select = db.prepare('select * from contacts where organization_id = ? and id = ?');
  const update = db.prepare('update contacts set title = ?, updated_at = ?, version = version + 1 where organization_id = ? and id = ?');
  const insertContact = db.prepare(
    `insert into contacts (organization_id, id, version, created_at, updated_at, display_name, first_name, last_name, primary_email, created_source)
     values (?, ?, 1, ?, ?, ?, ?, ?, ?, 'API')`,
  );
  const insertEmail = db.prepare(`insert into contact_emails (organization_id, id, contact_id, email, position, is_primary, labels, live) values (?, ?, ?, ?, 0, 1, '[]', 1)`);
  const create = db.transaction((r: NewContactRow) => {
    insertContact.run(org, r.id, r.now, r.now, `${r.firstName} ${r.lastName}`, r.firstName, r.lastName, r.email);
    insertEmail.run(org, r.emailId, r.id, r.email);
  });
  const byEmail = db.prepare('select * from contacts where organization_id = ? and primary_email = ? and archived_at is null limit ?');
  const firstPage = db.prepare(PAGE_SQL(named, false));
  const events = db.prepare(EVENTS_SQL('?', '?', '?'));
  const nextPage = db.prepare(PAGE_SQL(named, true));
  // contactd's text index holds a row per line of search_text (rowid = the contact's × 1,024 + the line's index).
  const TEXT = `select * from contacts where organization_id = @org and archived_at is null and rowid in (select rowid >> ${TEXT_INDEX_LINE_BITS} from contact_search where contact_search match @match) and search_text glob @glob`;
  // Prepared on first use: the write-cost run drops the text index, and runs no text query.
  let text: BetterSqlite3.Statement | null = null;
  let textAndName: BetterSqlite3.Statement | null = null;
  return {
    text: async (needle, like, limit) => {
      if (like === null) return (text ??= db.prepare(`${TEXT} order by created_at, id limit @limit`)).all({ org, match: textIndexMatch([needle]), glob: `*${needle}*`, limit }) as Row[];
      return (textAndName ??= db.prepare(`${TEXT} and lower(last_name) like @like order by created_at, id limit @limit`)).all({ org, match: textIndexMatch([needle]), glob: `*${needle}*`, like, limit }) as Row[];
    },
    get: async (id) => select.get(org, id) as Row | undefined,
    patch: async (id, title, now) => {
      update.run(title, now, org, id);
      return select.get(org, id) as Row | undefined;
    },
    create: async (row) => {
      create(row);
    },
    byEmail: async (email, limit) => byEmail.all(org, email, limit) as Row[],
    page: async (after, limit) => (after === null ? firstPage.all({ org, limit }) : nextPage.all({ org, at: after.updated_at, id: after.id, limit })) as Row[],
    events: async (after, limit) => events.all(org, after, limit) as Row[],
    close: async () => {
      db.close();
    },
  };
}

function postgresStatements(url: string, org: string): FloorStatements {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  const pool = new pg.Pool({ connectionString: parsed.toString(), max: 10, ...(schema !== null ? { options: `-c search_path=${schema}` } : {}) });
  const numbered = { org: '$1', at: '$2', id: '$3', limit: '$4' };
  const one = async (name: string, text: string, values: unknown[]) => (await pool.query<Row>({ name, text, values })).rows[0];
  const all = async (name: string, text: string, values: unknown[]) => (await pool.query<Row>({ name, text, values })).rows;
  const SELECT = 'select * from contacts where organization_id = $1 and id = $2';
  const TEXT_PG = 'select * from contacts where organization_id = $1 and archived_at is null';
  return {
    get: (id) => one('get', SELECT, [org, id]),
    patch: async (id, title, now) => {
      await pool.query({ name: 'patch', text: 'update contacts set title = $1, updated_at = $2, version = version + 1 where organization_id = $3 and id = $4', values: [title, now, org, id] });
      return one('get', SELECT, [org, id]);
    },
    // One statement, so one round trip and an implicit transaction.
    create: async (r) => {
      await pool.query({
        name: 'create',
        text: `with c as (insert into contacts (organization_id, id, version, created_at, updated_at, display_name, first_name, last_name, primary_email, created_source)
               values ($1, $2, 1, $3, $3, $4, $5, $6, $7, 'API') returning organization_id, id)
               insert into contact_emails (organization_id, id, contact_id, email, position, is_primary, labels, live) select organization_id, $8, id, $7, 0, 1, '[]', 1 from c`,
        values: [org, r.id, r.now, `${r.firstName} ${r.lastName}`, r.firstName, r.lastName, r.email, r.emailId],
      });
    },
    text: (needle, like, limit) => {
      // As contactd asks for a needle its planner takes for rare (every bench needle of two windows or more):
      // one LIKE per trigram window, the needle checked by strpos (src/storage/contact-query.ts).
      const windows = trigramWindows(needle);
      const patterns = windows.length < 2 ? [`%${needle}%`] : windows.map((w) => `%${w}%`);
      const values: unknown[] = [org, limit, ...patterns, ...(windows.length < 2 ? [] : [needle]), ...(like === null ? [] : [like])];
      const holds = patterns.map((_, i) => `search_text like $${i + 3}`);
      if (windows.length >= 2) holds.push(`strpos(search_text, $${patterns.length + 3}) > 0`);
      if (like !== null) holds.push(`lower(last_name) like $${values.length}`);
      return all(`text-${windows.length}-${like === null ? 'any' : 'name'}`, `${TEXT_PG} and ${holds.join(' and ')} order by created_at, id limit $2`, values);
    },
    byEmail: (email, limit) => all('by-email', 'select * from contacts where organization_id = $1 and primary_email = $2 and archived_at is null limit $3', [org, email, limit]),
    page: (after, limit) => (after === null
      ? all('first-page', PAGE_SQL({ ...numbered, limit: '$2' }, false), [org, limit])
      : all('next-page', PAGE_SQL(numbered, true), [org, after.updated_at, after.id, limit])),
    events: (after, limit) => all('events', EVENTS_SQL('$1', '$2', '$3'), [org, after, limit]),
    close: () => pool.end(),
  };
}

/** `{"data": ...}` with a filler member so the body is at least `size` bytes (all ASCII, so length is bytes). */
export function padded(data: unknown, size: number): string {
  const body = JSON.stringify({ data });
  const room = size - body.length - ',"pad":""'.length;
  return room <= 0 ? body : `${body.slice(0, -1)},"pad":"${'x'.repeat(room)}"}`;
}

interface QueryBody {
  filters?: Array<{ value?: unknown }>;
  /** A text query: the folded needle search_text must hold, and a last_name fragment (ASCII, lower-case). */
  text?: string;
  lastNameContains?: string;
  limit?: number;
  /** The floor's own cursor: the key of the last row of the previous page. */
  after?: { updated_at: string; id: string };
}

export async function buildFloor(options: { databaseUrl: string; organizationId: string }): Promise<FastifyInstance> {
  const statements = options.databaseUrl.startsWith('sqlite:') ? sqliteStatements(options.databaseUrl, options.organizationId) : postgresStatements(options.databaseUrl, options.organizationId);
  const app = Fastify({ logger: false });
  app.addHook('onClose', () => statements.close());
  const padOf = (query: unknown): number => Number((query as { pad?: string }).pad ?? 0);
  type IdParams = { Params: { id: string } };

  app.get<IdParams>('/api/v2/contact/:id', async (request, reply) => {
    const row = await statements.get(request.params.id);
    return reply.type('application/json').send(padded(row ?? null, padOf(request.query)));
  });
  app.patch<IdParams & { Body: { attributes?: { title?: string } } }>('/api/v2/contact/:id', async (request, reply) => {
    const row = await statements.patch(request.params.id, request.body.attributes?.title ?? '', new Date().toISOString());
    return reply.type('application/json').send(padded(row ?? null, padOf(request.query)));
  });
  app.post<{ Body: { attributes: { first_name: string; last_name: string; primary_email: string } } }>('/api/v2/contact', async (request, reply) => {
    const { first_name, last_name, primary_email } = request.body.attributes;
    const row: NewContactRow = { id: randomUUID(), emailId: randomUUID(), firstName: first_name, lastName: last_name, email: primary_email, now: new Date().toISOString() };
    await statements.create(row);
    return reply.status(201).type('application/json').send(padded(row, padOf(request.query)));
  });
  app.post<{ Body: { operations: Array<{ attributes: { first_name: string; last_name: string; primary_email: string } }> } }>('/api/v2/contact/_batch', async (request, reply) => {
    const rows: NewContactRow[] = [];
    for (const { attributes } of request.body.operations) {
      const row: NewContactRow = { id: randomUUID(), emailId: randomUUID(), firstName: attributes.first_name, lastName: attributes.last_name, email: attributes.primary_email, now: new Date().toISOString() };
      await statements.create(row);
      rows.push(row);
    }
    return reply.status(200).type('application/json').send(padded(rows, padOf(request.query)));
  });
  app.post<{ Body: QueryBody }>('/api/v2/contact/_query', async (request, reply) => {
    const { filters, limit = 50, after, text, lastNameContains } = request.body;
    if (typeof text === 'string') {
      const rows = await statements.text(text, lastNameContains === undefined ? null : `%${lastNameContains}%`, limit);
      return reply.type('application/json').send(padded(rows, padOf(request.query)));
    }
    const email = filters?.[0]?.value;
    const rows = typeof email === 'string' ? await statements.byEmail(email, limit) : await statements.page(after ?? null, limit);
    return reply.type('application/json').send(padded(rows, padOf(request.query)));
  });
  app.post<{ Body: { after?: number; limit?: number } }>('/api/v2/event/_query', async (request, reply) => {
    const rows = await statements.events(request.body.after ?? 0, request.body.limit ?? 100);
    return reply.type('application/json').send(padded(rows, padOf(request.query)));
  });
  return app;
}

async function main(argv: string[]): Promise<void> {
  const arg = (name: string, fallback?: string): string => {
    const index = argv.indexOf(`--${name}`);
    const value = index >= 0 ? argv[index + 1] : fallback;
    if (value === undefined) throw new Error(`floor: --${name} is required`);
    return value;
  };
  const app = await buildFloor({ databaseUrl: arg('database-url'), organizationId: arg('organization-id') });
  const url = await app.listen({ port: Number(arg('port', '0')), host: arg('host', '127.0.0.1') });
  process.stdout.write(`floor listening on ${url}\n`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
