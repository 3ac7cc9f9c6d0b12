import { parseCustomAttribute, patchCustomAttribute, type CustomAttribute } from './catalog/custom-attribute.ts';
import { ContactCatalog } from './catalog/organization-catalog.ts';
import type { CustomAttributeStore } from './custom-attribute-store.ts';
import { AppError, serviceUnavailable, throwIfInvalid } from './errors.ts';
import { nowIso } from './ids.ts';

/** How long a process trusts its copy of an organization's catalog before it compares schema versions. */
export const CATALOG_REVALIDATE_MS = 1000;
/** Times a definition change is applied again when other changes keep committing between its read and its save. */
const MAX_CHANGE_ATTEMPTS = 10;
/** Organizations whose catalog a process keeps; the least recently loaded goes first. */
const MAX_CACHED_CATALOGS = 10_000;

interface Cached { catalog: ContactCatalog; checkedAt: number }
/** A catalog read in flight; `forgotten` once this process changed a definition meanwhile (what it read may predate the change). */
interface Loading { promise: Promise<ContactCatalog>; forgotten: boolean }

export interface CustomAttributesOptions {
  /** CUSTOM_ATTRIBUTES_MAX: live custom attributes per organization. */
  maxLive: number;
  /** Milliseconds; tests move it forward to cross the revalidation interval. */
  now?: () => number;
  clock?: () => string;
}

/**
 * The custom attribute definitions of every organization and the catalogs built from them. Each process
 * keeps a catalog per organization and, once it is CATALOG_REVALIDATE_MS old, compares the stored schema
 * version (one primary-key read) before using it, so a definition change made by any process is honoured
 * everywhere within about a second.
 */
export class CustomAttributes {
  private readonly cache = new Map<string, Cached>();
  private readonly loading = new Map<string, Loading>();
  private readonly maxLive: number;
  private readonly now: () => number;
  private readonly clock: () => string;

  constructor(private readonly store: CustomAttributeStore, options: CustomAttributesOptions) {
    this.maxLive = options.maxLive;
    this.now = options.now ?? Date.now;
    this.clock = options.clock ?? nowIso;
  }

  /** The organization's current catalog: standard attributes then its live custom ones. */
  catalog(organizationId: string): Promise<ContactCatalog> | ContactCatalog {
    const cached = this.cache.get(organizationId);
    if (cached !== undefined && this.now() - cached.checkedAt < CATALOG_REVALIDATE_MS) return cached.catalog;
    let loading = this.loading.get(organizationId);
    if (loading === undefined) {
      const entry = { forgotten: false } as Loading;
      entry.promise = this.revalidate(organizationId, cached, entry).finally(() => {
        if (this.loading.get(organizationId) === entry) this.loading.delete(organizationId);
      });
      this.loading.set(organizationId, entry);
      loading = entry;
    }
    return loading.promise;
  }

  private async revalidate(organizationId: string, cached: Cached | undefined, entry: Loading): Promise<ContactCatalog> {
    const checkedAt = this.now();
    if (cached !== undefined && (await this.store.schemaVersion(organizationId)) === cached.catalog.version) {
      if (!entry.forgotten) cached.checkedAt = checkedAt;
      return cached.catalog;
    }
    const { definitions, version } = await this.store.customAttributes(organizationId);
    const catalog = new ContactCatalog(definitions, version);
    // Read before this process's own change committed, perhaps: answer who asked, but keep nothing.
    if (entry.forgotten) return catalog;
    this.cache.delete(organizationId);
    if (this.cache.size >= MAX_CACHED_CATALOGS) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(organizationId, { catalog, checkedAt });
    return catalog;
  }

  /**
   * This process's own changes show at once: the next catalog() reads the stored version, and does not join
   * (nor let cache) a read that was already in flight, which may have read the definitions before the change.
   */
  private forget(organizationId: string): void {
    this.cache.delete(organizationId);
    const loading = this.loading.get(organizationId);
    if (loading !== undefined) {
      loading.forgotten = true;
      this.loading.delete(organizationId);
    }
  }

  async list(organizationId: string): Promise<readonly CustomAttribute[]> {
    return (await this.catalog(organizationId)).definitions;
  }

  /** A definition by api_name, archived or not; record_not_found otherwise. */
  async get(organizationId: string, apiName: string): Promise<CustomAttribute> {
    // A fresh read: definition endpoints answer with the stored state, not a cached one.
    this.forget(organizationId);
    const found = (await this.catalog(organizationId)).definition(apiName);
    if (found === undefined) throw new AppError('record_not_found', `no custom attribute ${JSON.stringify(apiName.slice(0, 100))} on contact`);
    return found;
  }

  async create(organizationId: string, body: unknown): Promise<CustomAttribute> {
    const { attribute, details, standardName } = parseCustomAttribute(body, organizationId, this.clock());
    if (standardName) {
      const name = String((body as Record<string, unknown>).api_name);
      throw duplicateName(name, `${name} is a standard contact attribute`);
    }
    throwIfInvalid(details);
    const apiName = (attribute as CustomAttribute).apiName;
    const catalog = await this.catalog(organizationId);
    const previous = catalog.definition(apiName);
    if (previous !== undefined) throw duplicateName(apiName, `${apiName} is already ${previous.archivedAt === null ? 'defined' : 'used by an archived attribute'}; api_names are never reused (restore it instead)`);
    try {
      await this.store.createCustomAttribute(attribute as CustomAttribute, this.maxLive);
    } finally {
      this.forget(organizationId);
    }
    return attribute as CustomAttribute;
  }

  async patch(organizationId: string, apiName: string, body: unknown): Promise<CustomAttribute> {
    return this.change(organizationId, apiName, (current) => {
      const { attribute, details } = patchCustomAttribute(current, body, this.clock());
      throwIfInvalid(details);
      return attribute as CustomAttribute;
    }, null);
  }

  /** Archives a definition; its values stay on the contacts. Archiving an archived one changes nothing. */
  async archive(organizationId: string, apiName: string): Promise<CustomAttribute> {
    return this.change(organizationId, apiName, (current) => {
      if (current.archivedAt !== null) return null;
      const now = this.clock();
      return { ...current, archivedAt: now, updatedAt: now };
    }, null);
  }

  async restore(organizationId: string, apiName: string): Promise<CustomAttribute> {
    return this.change(organizationId, apiName, (current) => {
      if (current.archivedAt === null) throw new AppError('record_not_archived', `custom attribute ${apiName} is not archived`);
      return { ...current, archivedAt: null, updatedAt: this.clock() };
    }, this.maxLive);
  }

  /**
   * Applies `apply` to the stored definition and saves the result (null: nothing to change). When another
   * request changed the definition between the read and the save, the change is applied again to what it
   * wrote, so neither undoes the other (a PATCH saving a definition read before an archive would make it live again).
   */
  private async change(organizationId: string, apiName: string, apply: (current: CustomAttribute) => CustomAttribute | null, maxLive: number | null): Promise<CustomAttribute> {
    for (let attempt = 1; ; attempt += 1) {
      const current = await this.get(organizationId, apiName);
      const next = apply(current);
      if (next === null) return current;
      let saved: boolean;
      try {
        saved = await this.store.saveCustomAttribute(next, maxLive, current);
      } finally {
        this.forget(organizationId);
      }
      if (saved) return next;
      if (attempt >= MAX_CHANGE_ATTEMPTS) throw serviceUnavailable(`custom attribute ${apiName} kept changing while this change was applied; try again`);
    }
  }
}

function duplicateName(apiName: string, message: string): AppError {
  return new AppError('duplicate_value', message, [{ code: 'duplicate_value', field: 'api_name', path: '/api_name', message, value: apiName }]);
}

/** The 422 of a definition that would pass the live limit. */
export function limitExceeded(max: number): AppError {
  const message = `an organization has at most ${max} live custom attributes (CUSTOM_ATTRIBUTES_MAX); archive one first`;
  return new AppError('validation_failed', message, [{ code: 'limit_exceeded', field: 'api_name', path: '', message, limit: max }]);
}
