import type { ContactStage } from './stages.ts';

export type Permission = 'contacts:read' | 'contacts:write' | 'schema:write' | 'webhooks:read' | 'webhooks:write';
export const PERMISSIONS: readonly Permission[] = ['contacts:read', 'contacts:write', 'schema:write', 'webhooks:read', 'webhooks:write'];

export interface Organization { id: string; name: string; createdAt: string }
export interface User { organizationId: string; id: string; email: string; name: string | null; createdAt: string }
export interface Team { organizationId: string; id: string; name: string; createdAt: string }
export interface ApiKey {
  organizationId: string;
  id: string;
  userId: string;
  name: string | null;
  keyHash: string;
  keyPrefix: string;
  permissions: Permission[];
  expiresAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

/** The port storage implements for organizations, their people, stages and keys. */
export interface TenancyStore {
  countOrganizations(): Promise<number>;
  createOrganization(org: Organization, stages: ContactStage[]): Promise<void>;
  /**
   * The first organization with its user and key, in one transaction with the claim that lets only one of
   * several starting servers make it: false (nothing written) when another start claimed it or an organization exists.
   */
  bootstrapOrganization(claim: string, org: Organization, stages: ContactStage[], user: User, key: ApiKey): Promise<boolean>;
  getOrganization(id: string): Promise<Organization | null>;
  /** Every organization, oldest first. */
  listOrganizations(): Promise<Organization[]>;
  /** Throws AppError duplicate_value when the email is taken in the organization. */
  createUser(user: User): Promise<void>;
  getUser(organizationId: string, id: string): Promise<User | null>;
  /** The organization's users, oldest first. */
  listUsers(organizationId: string): Promise<User[]>;
  /** Throws AppError duplicate_value when the name is taken in the organization. */
  createTeam(team: Team): Promise<void>;
  /** The organization's teams, oldest first. */
  listTeams(organizationId: string): Promise<Team[]>;
  createApiKey(key: ApiKey): Promise<void>;
  listApiKeys(organizationId: string): Promise<ApiKey[]>;
  /** Returns the revoked key, or null when no key has that id. */
  revokeApiKey(id: string, at: string): Promise<ApiKey | null>;
  findApiKeyByHash(keyHash: string): Promise<ApiKey | null>;
  listStages(organizationId: string): Promise<ContactStage[]>;
  getSetting(key: string): Promise<string | null>;
  /** Stores value unless the key is already set; returns what is stored afterwards. */
  putSettingIfAbsent(key: string, value: string): Promise<string>;
}
