import type { IdempotencyRecord, IdempotencyStore, StoredResponse } from '../domain/idempotency.ts';
import type { Database } from './database.ts';
import type { IdempotencyKeyRow } from './schema.ts';

function toRow(r: IdempotencyRecord): IdempotencyKeyRow {
  return {
    organization_id: r.organizationId,
    key: r.key,
    fingerprint: r.fingerprint,
    state: r.state,
    claim_id: r.claimId,
    claimed_at: r.claimedAt,
    expires_at: r.expiresAt,
    status_code: r.response?.statusCode ?? null,
    response_headers: r.response === null ? null : JSON.stringify(r.response.headers),
    response_body: r.response?.body ?? null,
    contact_id: null,
  };
}

function toRecord(row: IdempotencyKeyRow): IdempotencyRecord {
  const response: StoredResponse | null =
    row.status_code === null ? null : { statusCode: Number(row.status_code), headers: JSON.parse(row.response_headers ?? '{}') as Record<string, string>, body: row.response_body ?? '' };
  return {
    organizationId: row.organization_id,
    key: row.key,
    fingerprint: row.fingerprint,
    state: row.state,
    claimId: row.claim_id,
    claimedAt: row.claimed_at,
    expiresAt: row.expires_at,
    response,
  };
}

export class SqlIdempotencyStore implements IdempotencyStore {
  constructor(private readonly database: Database) {}

  private get db() {
    return this.database.db;
  }

  async insert(record: IdempotencyRecord): Promise<boolean> {
    // ON CONFLICT DO NOTHING: the primary key settles a race between two processes without an error path.
    const result = await this.db
      .insertInto('idempotency_keys')
      .values(toRow(record))
      .onConflict((oc) => oc.columns(['organization_id', 'key']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async get(organizationId: string, key: string): Promise<IdempotencyRecord | null> {
    const row = await this.db.selectFrom('idempotency_keys').selectAll().where('organization_id', '=', organizationId).where('key', '=', key).executeTakeFirst();
    return row === undefined ? null : toRecord(row);
  }

  async replace(expectedClaimId: string, record: IdempotencyRecord): Promise<boolean> {
    const { organization_id, key, ...rest } = toRow(record);
    const result = await this.db
      .updateTable('idempotency_keys')
      .set(rest)
      .where('organization_id', '=', organization_id)
      .where('key', '=', key)
      .where('claim_id', '=', expectedClaimId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async complete(organizationId: string, key: string, claimId: string, response: StoredResponse, contactId: string | null = null): Promise<boolean> {
    const result = await this.db
      .updateTable('idempotency_keys')
      .set({ state: 'completed', status_code: response.statusCode, response_headers: JSON.stringify(response.headers), response_body: response.body, ...(contactId === null ? {} : { contact_id: contactId }) })
      .where('organization_id', '=', organizationId)
      .where('key', '=', key)
      .where('claim_id', '=', claimId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async release(organizationId: string, key: string, claimId: string): Promise<void> {
    await this.db.deleteFrom('idempotency_keys').where('organization_id', '=', organizationId).where('key', '=', key).where('claim_id', '=', claimId).execute();
  }

  async purgeExpired(nowIso: string): Promise<number> {
    // Per organization, so the delete uses the (organization_id, expires_at) index on every dialect and shard.
    const orgs = await this.db.selectFrom('organizations').select('organization_id').execute();
    let purged = 0;
    for (const { organization_id } of orgs) {
      const result = await this.db.deleteFrom('idempotency_keys').where('organization_id', '=', organization_id).where('expires_at', '<=', nowIso).executeTakeFirst();
      purged += Number(result.numDeletedRows);
    }
    return purged;
  }
}
