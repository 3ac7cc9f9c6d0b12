import { hash, randomBytes } from 'node:crypto';
import { AppError } from './errors.ts';
import { newId, nowIso } from './ids.ts';
import { DEFAULT_STAGES, type ContactStage } from './stages.ts';
import { PERMISSIONS, type ApiKey, type Organization, type Permission, type Team, type TenancyStore, type User } from './tenancy-store.ts';
import { normalizeEmail } from './values/email.ts';
import { parseTimestamp } from './values/timestamp.ts';

export const API_KEY_PREFIX = 'ctd_';

function defaultStages(): ContactStage[] {
  return DEFAULT_STAGES.map((s, position) => ({ ...s, id: newId(), position }));
}

function newUser(organizationId: string, email: string, name: string | null): User {
  return { organizationId, id: newId(), email, name: name?.trim() || null, createdAt: nowIso() };
}

/** A key's stored form and its clear text (the given one, or a fresh one); permissions get the ones they imply. */
function newApiKey(input: { organizationId: string; userId: string; permissions?: Permission[]; expiresAt: string | null; name?: string | null; key?: string }): { apiKey: ApiKey; key: string } {
  const key = input.key ?? generateApiKey();
  const apiKey: ApiKey = {
    organizationId: input.organizationId,
    id: newId(),
    userId: input.userId,
    name: input.name ?? null,
    keyHash: hashApiKey(key),
    keyPrefix: keyPrefixOf(key),
    permissions: withImpliedPermissions(input.permissions ?? ['contacts:read', 'contacts:write']),
    expiresAt: input.expiresAt,
    revokedAt: null,
    createdAt: nowIso(),
  };
  return { apiKey, key };
}

/** 32 random bytes (256 bits) behind a recognisable prefix. */
export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** What listings show: enough to tell keys apart, a small part of the secret (less of a supplied key, which may be short). */
export function keyPrefixOf(key: string): string {
  return key.startsWith(API_KEY_PREFIX) ? key.slice(0, API_KEY_PREFIX.length + 8) : `${key.slice(0, 4)}…`;
}

/**
 * SHA-256 of the key, hex: what the store keeps and looks keys up by. crypto.hash (Node.js 20.12+, 21.7+)
 * gives the same digest as createHash().update().digest() without building a Hash object, about a third of
 * the cost: every authenticated request hashes the key it presents.
 */
export function hashApiKey(key: string): string {
  return hash('sha256', key, 'hex');
}

export function parsePermissions(raw: string): Permission[] {
  const names = raw.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const bad = names.filter((p) => !PERMISSIONS.includes(p as Permission));
  if (bad.length > 0 || names.length === 0) {
    throw new AppError('validation_failed', `permissions must be a comma-separated list of ${PERMISSIONS.join(', ')}; got ${JSON.stringify(raw)}`);
  }
  return withImpliedPermissions(names as Permission[]);
}

/** The set in canonical order, with each write implying its read. */
export function withImpliedPermissions(permissions: readonly Permission[]): Permission[] {
  const set = new Set(permissions);
  if (set.has('contacts:write')) set.add('contacts:read');
  if (set.has('webhooks:write')) set.add('webhooks:read');
  return PERMISSIONS.filter((p) => set.has(p));
}

export class Tenancy {
  constructor(private readonly store: TenancyStore) {}

  async createOrganization(name: string): Promise<Organization> {
    const trimmed = name.trim();
    if (trimmed === '') throw new AppError('validation_failed', 'organization name must not be empty');
    const org: Organization = { id: newId(), name: trimmed, createdAt: nowIso() };
    await this.store.createOrganization(org, defaultStages());
    return org;
  }

  async createUser(organizationId: string, email: string, name: string | null): Promise<User> {
    await this.requireOrganization(organizationId);
    const normalized = normalizeEmail(email, false);
    if (normalized === null) throw new AppError('validation_failed', `not a valid email address: ${JSON.stringify(email)}`);
    const user = newUser(organizationId, normalized, name);
    await this.store.createUser(user);
    return user;
  }

  async createTeam(organizationId: string, name: string): Promise<Team> {
    await this.requireOrganization(organizationId);
    const trimmed = name.trim();
    if (trimmed === '') throw new AppError('validation_failed', 'team name must not be empty');
    const team: Team = { organizationId, id: newId(), name: trimmed, createdAt: nowIso() };
    await this.store.createTeam(team);
    return team;
  }

  /** Creates a key for a user; the clear key is returned once and never stored. */
  async createApiKey(input: {
    organizationId: string;
    userId: string;
    permissions?: Permission[];
    expiresAt?: string | null;
    name?: string | null;
    key?: string;
  }): Promise<{ apiKey: ApiKey; key: string }> {
    await this.requireOrganization(input.organizationId);
    const user = await this.store.getUser(input.organizationId, input.userId);
    if (user === null) throw new AppError('record_not_found', `no user ${input.userId} in organization ${input.organizationId}`);
    let expiresAt: string | null = null;
    if (input.expiresAt !== undefined && input.expiresAt !== null) {
      // Not Date.parse alone: it rolls 2031-02-31 over to March 3rd and reads "99999" as the year 99999; and
      // an empty --expires-at is a mistake, not a key that never expires.
      expiresAt = parseTimestamp(input.expiresAt);
      if (expiresAt === null) throw new AppError('validation_failed', `expires-at must be an ISO-8601 date or timestamp such as 2031-01-02T03:04:05Z, got ${JSON.stringify(input.expiresAt)}`);
    }
    const { apiKey, key } = newApiKey({ ...input, expiresAt });
    await this.store.createApiKey(apiKey);
    return { apiKey, key };
  }

  async listApiKeys(organizationId: string): Promise<ApiKey[]> {
    await this.requireOrganization(organizationId);
    return this.store.listApiKeys(organizationId);
  }

  async revokeApiKey(id: string): Promise<ApiKey> {
    const key = await this.store.revokeApiKey(id, nowIso());
    if (key === null) throw new AppError('record_not_found', `no API key ${id}`);
    return key;
  }

  listOrganizations(): Promise<Organization[]> {
    return this.store.listOrganizations();
  }

  async listUsers(organizationId: string): Promise<User[]> {
    await this.requireOrganization(organizationId);
    return this.store.listUsers(organizationId);
  }

  async listTeams(organizationId: string): Promise<Team[]> {
    await this.requireOrganization(organizationId);
    return this.store.listTeams(organizationId);
  }

  async listStages(organizationId: string): Promise<ContactStage[]> {
    await this.requireOrganization(organizationId);
    return this.store.listStages(organizationId);
  }

  /**
   * On a database with no organization: an organization `Default`, a user `admin@localhost` and a
   * key holding every permission (the given one, or a fresh one). Returns the clear key, or null when nothing was done.
   */
  async bootstrap(fixedKey: string | null): Promise<{ key: string; organization: Organization; user: User } | null> {
    if ((await this.store.countOrganizations()) > 0) return null;
    const organization: Organization = { id: newId(), name: 'Default', createdAt: nowIso() };
    const user = newUser(organization.id, 'admin@localhost', 'Admin');
    // The first key administers the server: it holds every permission, schema:write included.
    const { apiKey, key } = newApiKey({ organizationId: organization.id, userId: user.id, name: 'bootstrap', key: fixedKey ?? undefined, permissions: [...PERMISSIONS], expiresAt: null });
    // All of it in one transaction: a start that fails or dies part way leaves nothing, so the next one bootstraps.
    // Several servers can start together on one empty database: only the one whose claim is stored first does.
    if (!(await this.store.bootstrapOrganization(newId(), organization, defaultStages(), user, apiKey))) return null;
    return { key, organization, user };
  }

  private async requireOrganization(id: string): Promise<Organization> {
    const org = await this.store.getOrganization(id);
    if (org === null) throw new AppError('record_not_found', `no organization ${id}`);
    return org;
  }
}

export interface Principal {
  organizationId: string;
  userId: string;
  keyId: string;
  permissions: readonly Permission[];
}

/**
 * Verifies presented keys, caching lookups for at most ttlMs so a revoked or changed key is refused
 * within that window; expiry is checked on every request against the clock.
 */
export class KeyVerifier {
  private readonly cache = new Map<string, { key: ApiKey | null; fetchedAt: number }>();

  constructor(
    private readonly store: TenancyStore,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async verify(presented: string): Promise<Principal> {
    const hash = hashApiKey(presented);
    const t = this.now();
    let entry = this.cache.get(hash);
    if (entry === undefined || t - entry.fetchedAt >= this.ttlMs) {
      entry = { key: await this.store.findApiKeyByHash(hash), fetchedAt: t };
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(hash, entry);
    }
    const key = entry.key;
    if (key === null) throw new AppError('unauthenticated', 'the API key is not recognised');
    if (key.revokedAt !== null) throw new AppError('unauthenticated', 'the API key has been revoked');
    if (key.expiresAt !== null && Date.parse(key.expiresAt) <= t) throw new AppError('unauthenticated', 'the API key has expired');
    return { organizationId: key.organizationId, userId: key.userId, keyId: key.id, permissions: key.permissions };
  }
}
