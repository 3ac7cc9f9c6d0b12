import { AppError } from '../domain/errors.ts';
import type { ContactStage } from '../domain/stages.ts';
import type { ApiKey, Organization, Permission, Team, TenancyStore, User } from '../domain/tenancy-store.ts';
import type { Database } from './database.ts';
import type { Kysely } from 'kysely';
import type { ApiKeyRow, ContactStageRow, Schema } from './schema.ts';

export function toStage(row: ContactStageRow): ContactStage {
  return { id: row.id, apiName: row.api_name, displayValue: row.display_value, color: row.color, position: Number(row.position), isDefault: Number(row.is_default) === 1 };
}

function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    organizationId: row.organization_id,
    id: row.id,
    userId: row.user_id,
    name: row.name,
    keyHash: row.key_hash,
    keyPrefix: row.key_prefix,
    permissions: row.permissions.split(',') as Permission[],
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    createdAt: row.created_at,
  };
}

function userRow(user: User) {
  return { organization_id: user.organizationId, id: user.id, email: user.email, name: user.name, created_at: user.createdAt };
}

function apiKeyRow(key: ApiKey): ApiKeyRow {
  return {
    organization_id: key.organizationId,
    id: key.id,
    user_id: key.userId,
    name: key.name,
    key_hash: key.keyHash,
    key_prefix: key.keyPrefix,
    permissions: key.permissions.join(','),
    expires_at: key.expiresAt,
    revoked_at: key.revokedAt,
    created_at: key.createdAt,
  };
}

async function insertOrganization(trx: Kysely<Schema>, org: Organization, stages: ContactStage[]): Promise<void> {
  await trx.insertInto('organizations').values({ organization_id: org.id, name: org.name, created_at: org.createdAt }).execute();
  // The change log's counter row, which its writers lock (migration 0010).
  await trx.insertInto('event_sequences').values({ organization_id: org.id, last_sequence: 0, purged_through: 0 }).execute();
  await trx
    .insertInto('contact_stages')
    .values(stages.map((s) => ({ organization_id: org.id, id: s.id, api_name: s.apiName, display_value: s.displayValue, color: s.color, position: s.position, is_default: s.isDefault ? 1 : 0 })))
    .execute();
}

const toOrganization = (row: { organization_id: string; name: string; created_at: string }): Organization => ({ id: row.organization_id, name: row.name, createdAt: row.created_at });
const toUser = (row: { organization_id: string; id: string; email: string; name: string | null; created_at: string }): User => ({ organizationId: row.organization_id, id: row.id, email: row.email, name: row.name, createdAt: row.created_at });

export class SqlTenancyStore implements TenancyStore {
  constructor(private readonly database: Database) {}

  private get db() {
    return this.database.db;
  }

  async countOrganizations(): Promise<number> {
    const row = await this.db.selectFrom('organizations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async createOrganization(org: Organization, stages: ContactStage[]): Promise<void> {
    await this.database.profile.writeTransaction((trx) => insertOrganization(trx, org, stages));
  }

  async bootstrapOrganization(claim: string, org: Organization, stages: ContactStage[], user: User, key: ApiKey): Promise<boolean> {
    return this.database.profile.writeTransaction(async (trx) => {
      // A claim with no organization beside it was left by a start that died before this was one transaction.
      await trx.deleteFrom('server_settings').where('key', '=', 'bootstrap_claim').where((eb) => eb.not(eb.exists(eb.selectFrom('organizations').select('organization_id')))).execute();
      // Another start's claim, committed or not, wins (PostgreSQL waits for that start's transaction to end).
      await trx.insertInto('server_settings').values({ key: 'bootstrap_claim', value: claim }).onConflict((oc) => oc.column('key').doNothing()).execute();
      const stored = await trx.selectFrom('server_settings').select('value').where('key', '=', 'bootstrap_claim').executeTakeFirst();
      if (stored?.value !== claim) return false;
      const { n } = await trx.selectFrom('organizations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      if (Number(n) > 0) return false;
      await insertOrganization(trx, org, stages);
      await trx.insertInto('users').values(userRow(user)).execute();
      await trx.insertInto('api_keys').values(apiKeyRow(key)).execute();
      return true;
    });
  }

  async getOrganization(id: string): Promise<Organization | null> {
    const row = await this.db.selectFrom('organizations').selectAll().where('organization_id', '=', id).executeTakeFirst();
    return row === undefined ? null : toOrganization(row);
  }

  async listOrganizations(): Promise<Organization[]> {
    const rows = await this.db.selectFrom('organizations').selectAll().orderBy('created_at').orderBy('organization_id').execute();
    return rows.map(toOrganization);
  }

  async createUser(user: User): Promise<void> {
    try {
      await this.db.insertInto('users').values(userRow(user)).execute();
    } catch (error) {
      if (this.database.profile.isUniqueViolation(error)) throw new AppError('duplicate_value', `a user with email ${user.email} already exists in this organization`);
      throw error;
    }
  }

  async getUser(organizationId: string, id: string): Promise<User | null> {
    const row = await this.db.selectFrom('users').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
    return row === undefined ? null : toUser(row);
  }

  async listUsers(organizationId: string): Promise<User[]> {
    const rows = await this.db.selectFrom('users').selectAll().where('organization_id', '=', organizationId).orderBy('created_at').orderBy('id').execute();
    return rows.map(toUser);
  }

  async createTeam(team: Team): Promise<void> {
    try {
      await this.db.insertInto('teams').values({ organization_id: team.organizationId, id: team.id, name: team.name, created_at: team.createdAt }).execute();
    } catch (error) {
      if (this.database.profile.isUniqueViolation(error)) throw new AppError('duplicate_value', `a team named ${JSON.stringify(team.name)} already exists in this organization`);
      throw error;
    }
  }

  async listTeams(organizationId: string): Promise<Team[]> {
    const rows = await this.db.selectFrom('teams').selectAll().where('organization_id', '=', organizationId).orderBy('created_at').orderBy('id').execute();
    return rows.map((row) => ({ organizationId: row.organization_id, id: row.id, name: row.name, createdAt: row.created_at }));
  }

  async createApiKey(key: ApiKey): Promise<void> {
    await this.db.insertInto('api_keys').values(apiKeyRow(key)).execute();
  }

  async listApiKeys(organizationId: string): Promise<ApiKey[]> {
    const rows = await this.db.selectFrom('api_keys').selectAll().where('organization_id', '=', organizationId).orderBy('created_at').orderBy('id').execute();
    return rows.map(toApiKey);
  }

  async revokeApiKey(id: string, at: string): Promise<ApiKey | null> {
    await this.db.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
    const row = await this.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? null : toApiKey(row);
  }

  async findApiKeyByHash(keyHash: string): Promise<ApiKey | null> {
    const row = await this.db.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
    return row === undefined ? null : toApiKey(row);
  }

  async listStages(organizationId: string): Promise<ContactStage[]> {
    const rows = await this.db.selectFrom('contact_stages').selectAll().where('organization_id', '=', organizationId).orderBy('position').execute();
    return rows.map(toStage);
  }

  async getSetting(key: string): Promise<string | null> {
    const row = await this.db.selectFrom('server_settings').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value ?? null;
  }

  async putSettingIfAbsent(key: string, value: string): Promise<string> {
    await this.db.insertInto('server_settings').values({ key, value }).onConflict((oc) => oc.column('key').doNothing()).execute();
    return (await this.getSetting(key)) as string;
  }
}
