import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { Tenancy } from '../src/domain/tenancy.ts';
import { migrate, openDatabase, type Database } from '../src/storage/database.ts';
import { SqlTenancyStore } from '../src/storage/sql-tenancy-store.ts';
import { ContactCatalog } from '../src/domain/catalog/organization-catalog.ts';
import type { CustomAttribute } from '../src/domain/catalog/custom-attribute.ts';
import { newId, nowIso } from '../src/domain/ids.ts';
import { SqlCustomAttributeStore } from '../src/storage/sql-custom-attribute-store.ts';
import { BENCH_CUSTOM_ATTRIBUTES, seedContacts } from './seed.ts';

export type BenchDialect = 'sqlite' | 'postgres';

/** A fresh, migrated, seeded database the servers under test open by URL. */
export interface BenchDatabase {
  dialect: BenchDialect;
  url: string;
  organizationId: string;
  /** A read-write API key of the organization. */
  key: string;
  /** Seeded contact ids, in seed order (seededEmail(i) is the primary email of ids[i]). */
  ids: string[];
  /**
   * A second organization with the 20 custom attributes of BENCH_CUSTOM_ATTRIBUTES and as many contacts,
   * each with a bench_code and a bench_score (seededCode(i) is the bench_code of ids[i]) and every
   * fullCustomStride(count)-th with a value of all 20; null unless asked for.
   */
  custom: { organizationId: string; key: string; ids: string[] } | null;
  seedSeconds: number;
  drop(): Promise<void>;
}

/**
 * SQLite: a new file in a temporary folder. PostgreSQL: a new schema on postgresUrl (contactd's
 * `?schema=` parameter), dropped afterwards.
 */
export async function createBenchDatabase(dialect: BenchDialect, contacts: number, postgresUrl: string | null, log: (line: string) => void, events = 0, withCustom = false, options: { dropTextIndex?: boolean } = {}): Promise<BenchDatabase> {
  let url: string;
  let dropStore: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'contactd-bench-'));
    url = `sqlite:${join(dir, 'bench.sqlite')}`;
    dropStore = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    if (postgresUrl === null) throw new Error('PostgreSQL needs BENCH_DATABASE_URL');
    const schema = `bench_${randomBytes(5).toString('hex')}`;
    const parsed = new URL(postgresUrl);
    parsed.searchParams.set('schema', schema);
    url = parsed.toString();
    dropStore = async () => {
      const admin = openDatabase(postgresUrl);
      try {
        await sql.raw(`drop schema if exists "${schema}" cascade`).execute(admin.db);
      } finally {
        await admin.close();
      }
    };
  }

  const database = openDatabase(url);
  let result: BenchDatabase;
  try {
    await migrate(database);
    const created = await new Tenancy(new SqlTenancyStore(database)).bootstrap(null);
    if (created === null) throw new Error(`${url} is not empty`);
    const started = Date.now();
    let reported = 0;
    const ids = await seedContacts(database, {
      organizationId: created.organization.id,
      userId: created.user.id,
      count: contacts,
      onProgress: (seeded) => {
        if (seeded - reported >= 100_000 || seeded === contacts) {
          reported = seeded;
          log(`  seeded ${seeded.toLocaleString('en-US')} / ${contacts.toLocaleString('en-US')} contacts (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        }
      },
    });
    if (events > 0) {
      await seedEvents(database, dialect, created.organization.id, ids, events);
      log(`  seeded ${events.toLocaleString('en-US')} events (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
    const custom = withCustom ? await seedCustomOrganization(database, contacts, log) : null;
    // SQLite: fold the seeded contacts into the text index now rather than while the servers are measured.
    database.profile.flushTextIndex?.();
    const seedSeconds = (Date.now() - started) / 1000;
    // The write-cost baseline: the same rows, without the text index writes keep in step (only writes run on it).
    if (options.dropTextIndex === true) {
      if (dialect === 'postgres') await sql`drop index contacts_search_text_trgm_idx`.execute(database.db);
      else {
        for (const trigger of ['contacts_search_insert', 'contacts_search_delete', 'contacts_search_update']) await sql.raw(`drop trigger ${trigger}`).execute(database.db);
        await sql`drop table contact_search`.execute(database.db);
        await sql`drop table contact_search_pending`.execute(database.db);
      }
    }
    // PostgreSQL plans from statistics that autovacuum would have gathered on a long-running database, and
    // autovacuum would have moved the text index's pending list (GIN fast update) into the index and marked
    // the custom values' pages all-visible (their index-only scans then skip the table).
    if (dialect === 'postgres') {
      await sql`vacuum contacts, contact_custom_values`.execute(database.db);
      await sql`analyze`.execute(database.db);
    }
    result = { dialect, url, organizationId: created.organization.id, key: created.key, ids, custom, seedSeconds, drop: dropStore };
  } catch (error) {
    await database.close();
    await dropStore();
    throw error;
  }
  await database.close();
  return result;
}

/**
 * `n` change-log events spread over the seeded contacts, made by the database itself (a series joined to
 * the counter), so a 10M-event table takes seconds; the counter row is set to match.
 */
async function seedEvents(database: Database, dialect: BenchDialect, organizationId: string, ids: readonly string[], n: number): Promise<void> {
  const first = ids[0] ?? organizationId;
  const changes = '{"title":{"previous":{"value":"Before","value_type":"string"},"current":{"value":"After","value_type":"string"}}}';
  const columns = sql`organization_id, sequence, id, type, occurred_at, record_type, record_id, version, actor_user_id, actor_api_key_id, source, request_id, changes, changed_attributes`;
  const now = new Date().toISOString();
  if (dialect === 'postgres') {
    await sql`insert into contact_events (${columns}) select ${organizationId}, g, gen_random_uuid()::text, 'contact.updated', ${now}, 'contact', ${first}, 1, null, null, 'SYSTEM', null, ${changes}, ',title,' from generate_series(1, ${n}::bigint) g`.execute(database.db);
  } else {
    await sql`with recursive g(x) as (select 1 union all select x + 1 from g where x < ${n})
      insert into contact_events (${columns}) select ${organizationId}, x, lower(hex(randomblob(16))), 'contact.updated', ${now}, 'contact', ${first}, 1, null, null, 'SYSTEM', null, ${changes}, ',title,' from g`.execute(database.db);
  }
  await database.db.updateTable('event_sequences').set({ last_sequence: n }).where('organization_id', '=', organizationId).execute();
}

/** The custom-attribute organization: definitions through the store (as the API makes them), then contacts with values. */
async function seedCustomOrganization(database: Database, contacts: number, log: (line: string) => void): Promise<NonNullable<BenchDatabase['custom']>> {
  const tenancy = new Tenancy(new SqlTenancyStore(database));
  const organization = await tenancy.createOrganization('Custom');
  const user = await tenancy.createUser(organization.id, 'custom@bench.example', null);
  const { key } = await tenancy.createApiKey({ organizationId: organization.id, userId: user.id });
  const store = new SqlCustomAttributeStore(database);
  const definitions: CustomAttribute[] = [];
  for (const { apiName, valueType } of BENCH_CUSTOM_ATTRIBUTES) {
    const now = nowIso();
    const definition: CustomAttribute = {
      organizationId: organization.id, id: newId(), apiName, displayName: apiName, valueType, isArray: false, isUnique: false,
      isRequiredOnCreate: false, description: '', options: [], archivedAt: null, createdAt: now, updatedAt: now,
    };
    await store.createCustomAttribute(definition, BENCH_CUSTOM_ATTRIBUTES.length);
    definitions.push(definition);
  }
  log(`  seeding ${contacts.toLocaleString('en-US')} contacts with ${definitions.length} custom attributes`);
  const ids = await seedContacts(database, { organizationId: organization.id, userId: user.id, count: contacts, catalog: new ContactCatalog(definitions, 0) });
  return { organizationId: organization.id, key, ids };
}
