import { sql, type Kysely } from 'kysely';
import type { Contact } from '../domain/contact.ts';
import type { ContactQueryPlan } from '../domain/contact-query.ts';
import type { ContactStore } from '../domain/contact-store.ts';
import { AppError } from '../domain/errors.ts';
import type { ContactStage } from '../domain/stages.ts';
import type { ContactItem } from '../domain/values/contact-item.ts';
import type { Database } from './database.ts';
import type { DialectProfile } from './dialects/profile.ts';
import { fromContactRow, toContactRow, toItemRows } from './contact-row.ts';
import { queryContacts } from './contact-query.ts';
import type { Schema } from './schema.ts';
import { toStage } from './sql-tenancy-store.ts';

type Db = Kysely<Schema>;

/** Loads a contact with its lists; with a profile, the contact row is locked for the transaction. */
export async function loadContact(db: Db, organizationId: string, id: string, lockWith?: DialectProfile): Promise<Contact | null> {
  const query = db.selectFrom('contacts').selectAll().where('organization_id', '=', organizationId).where('id', '=', id);
  const row = await (lockWith ? lockWith.forUpdate(query) : query).executeTakeFirst();
  if (row === undefined) return null;
  const [emails, phones, participants] = [
    await db.selectFrom('contact_emails').selectAll().where('organization_id', '=', organizationId).where('contact_id', '=', id).orderBy('position').execute(),
    await db.selectFrom('contact_phone_numbers').selectAll().where('organization_id', '=', organizationId).where('contact_id', '=', id).orderBy('position').execute(),
    await db.selectFrom('contact_participants').selectAll().where('organization_id', '=', organizationId).where('contact_id', '=', id).orderBy('position').execute(),
  ];
  return fromContactRow(row, emails, phones, participants);
}

const sameItems = (a: ContactItem[], b: ContactItem[]): boolean => JSON.stringify(a) === JSON.stringify(b);

async function writeEmails(db: Db, contact: Contact): Promise<void> {
  await db.deleteFrom('contact_emails').where('organization_id', '=', contact.organization_id).where('contact_id', '=', contact.id).execute();
  const rows = toItemRows(contact, contact.contact_emails).map(({ value, ...r }) => ({ ...r, email: value }));
  if (rows.length > 0) await db.insertInto('contact_emails').values(rows).execute();
}

async function writePhones(db: Db, contact: Contact): Promise<void> {
  await db.deleteFrom('contact_phone_numbers').where('organization_id', '=', contact.organization_id).where('contact_id', '=', contact.id).execute();
  const rows = toItemRows(contact, contact.contact_phone_numbers).map(({ value, ...r }) => ({ ...r, phone_number: value }));
  if (rows.length > 0) await db.insertInto('contact_phone_numbers').values(rows).execute();
}

async function writeParticipants(db: Db, contact: Contact): Promise<void> {
  await db.deleteFrom('contact_participants').where('organization_id', '=', contact.organization_id).where('contact_id', '=', contact.id).execute();
  const rows = contact.participant_user_id_list.map((user_id, position) => ({ organization_id: contact.organization_id, contact_id: contact.id, position, user_id }));
  if (rows.length > 0) await db.insertInto('contact_participants').values(rows).execute();
}

export class SqlContactStore implements ContactStore {
  private readonly stageCache = new Map<string, Promise<ContactStage[]>>();

  constructor(private readonly database: Database) {}

  findById(organizationId: string, id: string): Promise<Contact | null> {
    return loadContact(this.database.db, organizationId, id);
  }

  async insert(contact: Contact): Promise<Contact> {
    try {
      await this.database.profile.writeTransaction(async (trx) => {
        await trx.insertInto('contacts').values(toContactRow(contact)).execute();
        if (contact.contact_emails.length > 0) await writeEmails(trx, contact);
        if (contact.contact_phone_numbers.length > 0) await writePhones(trx, contact);
        if (contact.participant_user_id_list.length > 0) await writeParticipants(trx, contact);
      });
    } catch (error) {
      throw await this.translate(error, contact);
    }
    return contact;
  }

  async update(organizationId: string, id: string, mutate: (current: Contact) => Contact): Promise<Contact> {
    let next: Contact | null = null;
    try {
      return await this.database.profile.writeTransaction(async (trx) => {
        const current = await loadContact(trx, organizationId, id, this.database.profile);
        if (current === null) throw new AppError('record_not_found', `no contact ${id}`);
        next = mutate(current);
        if (next === current) return current;
        await trx.updateTable('contacts').set(toContactRow(next)).where('organization_id', '=', organizationId).where('id', '=', id).execute();
        const archivedChanged = (current.archived_at === null) !== (next.archived_at === null);
        if (archivedChanged || !sameItems(current.contact_emails, next.contact_emails)) await writeEmails(trx, next);
        if (archivedChanged || !sameItems(current.contact_phone_numbers, next.contact_phone_numbers)) await writePhones(trx, next);
        if (current.participant_user_id_list.join() !== next.participant_user_id_list.join()) await writeParticipants(trx, next);
        return next;
      });
    } catch (error) {
      throw next === null ? error : await this.translate(error, next);
    }
  }

  /** Turns a unique violation on contact_emails into duplicate_value naming the contact that holds the email. */
  private async translate(error: unknown, contact: Contact): Promise<unknown> {
    if (!this.database.profile.isUniqueViolation(error)) return error;
    const emails = contact.contact_emails.map((e) => e.value);
    const holders = emails.length === 0 ? [] : await this.database.db
      .selectFrom('contact_emails')
      .select(['email', 'contact_id'])
      .where('organization_id', '=', contact.organization_id)
      .where('live', '=', 1)
      .where('email', 'in', emails)
      .where('contact_id', '!=', contact.id)
      .execute();
    if (holders.length === 0) {
      // The holder changed again between the failed write and this look-up; the client may retry.
      return new AppError('duplicate_value', 'an email of this contact belongs to another contact', [{ code: 'duplicate_value', field: 'contact_emails', message: 'an email of this contact belongs to another contact' }]);
    }
    const details = holders.map((h) => ({
      code: 'duplicate_value' as const,
      field: h.email === contact.primary_email ? 'primary_email' : 'contact_emails',
      message: `${h.email} already belongs to contact ${h.contact_id}`,
      value: h.email,
      existing_contact_id: h.contact_id,
    }));
    return new AppError('duplicate_value', details.length === 1 ? details[0]!.message : `${details.length} emails already belong to other contacts`, details);
  }

  query(organizationId: string, plan: ContactQueryPlan): Promise<Contact[]> {
    return queryContacts(this.database.db, organizationId, plan);
  }

  stages(organizationId: string): Promise<ContactStage[]> {
    // Stages never change after an organization is created, so every process may keep them.
    let stages = this.stageCache.get(organizationId);
    if (stages === undefined) {
      stages = this.database.db.selectFrom('contact_stages').selectAll().where('organization_id', '=', organizationId).orderBy('position').execute().then((rows) => rows.map(toStage));
      stages.catch(() => this.stageCache.delete(organizationId));
      this.stageCache.set(organizationId, stages);
    }
    return stages;
  }

  async existingUserIds(organizationId: string, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.database.db.selectFrom('users').select('id').where('organization_id', '=', organizationId).where('id', 'in', ids).execute();
    return new Set(rows.map((r) => r.id));
  }

  async existingTeamIds(organizationId: string, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.database.db.selectFrom('teams').select('id').where('organization_id', '=', organizationId).where('id', 'in', ids).execute();
    return new Set(rows.map((r) => r.id));
  }

  async userIdsByEmail(organizationId: string, emails: string[]): Promise<Map<string, string[]>> {
    if (emails.length === 0) return new Map();
    const rows = await this.database.db.selectFrom('users').select(['id', 'email']).where('organization_id', '=', organizationId).where('email', 'in', emails).execute();
    return groupBy(rows.map((r) => [r.email, r.id]));
  }

  async teamIdsByName(organizationId: string, names: string[]): Promise<Map<string, string[]>> {
    if (names.length === 0) return new Map();
    const lower = [...new Set(names.map((n) => n.toLowerCase()))];
    const rows = await this.database.db.selectFrom('teams').select(['id', 'name']).where('organization_id', '=', organizationId).where(sql<string>`lower(name)`, 'in', lower).execute();
    return groupBy(rows.map((r) => [r.name.toLowerCase(), r.id]));
  }
}

function groupBy(pairs: Array<[string, string]>): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [k, v] of pairs) map.set(k, [...(map.get(k) ?? []), v]);
  return map;
}
