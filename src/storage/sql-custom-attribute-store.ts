import { sql, type Kysely } from 'kysely';
import type { CustomAttribute, CustomValueType } from '../domain/catalog/custom-attribute.ts';
import type { CustomAttributeStore } from '../domain/custom-attribute-store.ts';
import { limitExceeded } from '../domain/custom-attributes.ts';
import { AppError } from '../domain/errors.ts';
import type { SelectOption } from '../domain/values/select.ts';
import type { Database } from './database.ts';
import type { CustomAttributeRow, Schema } from './schema.ts';

type Db = Kysely<Schema>;

function toRow(a: CustomAttribute): CustomAttributeRow {
  return {
    organization_id: a.organizationId,
    id: a.id,
    api_name: a.apiName,
    display_name: a.displayName,
    value_type: a.valueType,
    is_array: a.isArray ? 1 : 0,
    is_unique: a.isUnique ? 1 : 0,
    is_required_on_create: a.isRequiredOnCreate ? 1 : 0,
    description: a.description,
    options: JSON.stringify(a.options.map((o) => ({ id: o.id, api_name: o.apiName, display_value: o.displayValue, color: o.color }))),
    archived_at: a.archivedAt,
    created_at: a.createdAt,
    updated_at: a.updatedAt,
  };
}

function fromRow(row: CustomAttributeRow): CustomAttribute {
  const options = (JSON.parse(row.options) as Array<{ id: string; api_name: string; display_value: string; color: string | null }>)
    .map((o): SelectOption => ({ id: o.id, apiName: o.api_name, displayValue: o.display_value, color: o.color }));
  return {
    organizationId: row.organization_id,
    id: row.id,
    apiName: row.api_name,
    displayName: row.display_name,
    valueType: row.value_type as CustomValueType,
    isArray: Number(row.is_array) === 1,
    isUnique: Number(row.is_unique) === 1,
    isRequiredOnCreate: Number(row.is_required_on_create) === 1,
    description: row.description,
    options,
    archivedAt: row.archived_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class SqlCustomAttributeStore implements CustomAttributeStore {
  constructor(private readonly database: Database) {}

  async schemaVersion(organizationId: string): Promise<number> {
    const row = await this.database.db.selectFrom('contact_schema_versions').select('version').where('organization_id', '=', organizationId).executeTakeFirst();
    return row === undefined ? 0 : Number(row.version);
  }

  async customAttributes(organizationId: string): Promise<{ definitions: CustomAttribute[]; version: number }> {
    // Version first: definitions read after it are at least that new, so a catalog is never labelled newer than it is.
    const version = await this.schemaVersion(organizationId);
    const rows = await this.database.db.selectFrom('custom_attributes').selectAll().where('organization_id', '=', organizationId).orderBy('created_at').orderBy('id').execute();
    return { definitions: rows.map(fromRow), version };
  }

  createCustomAttribute(attribute: CustomAttribute, maxLive: number): Promise<void> {
    return this.change(attribute.organizationId, maxLive, attribute.archivedAt === null, async (trx) => {
      try {
        await trx.insertInto('custom_attributes').values(toRow(attribute)).execute();
      } catch (error) {
        if (!this.database.profile.isUniqueViolation(error)) throw error;
        const message = `${attribute.apiName} is already used in this organization; api_names are never reused`;
        throw new AppError('duplicate_value', message, [{ code: 'duplicate_value', field: 'api_name', path: '/api_name', message, value: attribute.apiName }]);
      }
    });
  }

  async saveCustomAttribute(attribute: CustomAttribute, maxLive: number | null, previous: CustomAttribute): Promise<boolean> {
    let saved = false;
    await this.change(attribute.organizationId, maxLive ?? 0, maxLive !== null, async (trx) => {
      // Read under the change lock (see change): a definition another request changed since `previous` was read is not overwritten.
      const stored = await trx.selectFrom('custom_attributes').selectAll().where('organization_id', '=', attribute.organizationId).where('id', '=', attribute.id).executeTakeFirst();
      if (stored === undefined || JSON.stringify(toRow(fromRow(stored))) !== JSON.stringify(toRow(previous))) return;
      await trx.updateTable('custom_attributes').set(toRow(attribute)).where('organization_id', '=', attribute.organizationId).where('id', '=', attribute.id).execute();
      saved = true;
    }, attribute.id);
    return saved;
  }

  /**
   * One definition change: the schema version bump first, whose row lock (PostgreSQL; SQLite's write lock
   * anyway) makes concurrent changes of one organization take turns, so two cannot both pass the live limit;
   * then the limit check, then the write. Nothing else is locked: contacts are neither read nor written.
   */
  private change(organizationId: string, maxLive: number, checkLimit: boolean, write: (trx: Db) => Promise<void>, existingId?: string): Promise<void> {
    return this.database.profile.writeTransaction(async (trx) => {
      await trx
        .insertInto('contact_schema_versions')
        .values({ organization_id: organizationId, version: 1 })
        .onConflict((oc) => oc.column('organization_id').doUpdateSet({ version: sql<number>`contact_schema_versions.version + 1` }))
        .execute();
      if (checkLimit) {
        let query = trx.selectFrom('custom_attributes').select((eb) => eb.fn.countAll<number>().as('n')).where('organization_id', '=', organizationId).where('archived_at', 'is', null);
        if (existingId !== undefined) query = query.where('id', '!=', existingId);
        const { n } = await query.executeTakeFirstOrThrow();
        if (Number(n) >= maxLive) throw limitExceeded(maxLive);
      }
      await write(trx);
    });
  }
}
