import { isDeepStrictEqual } from 'node:util';
import type { Database } from '../../src/storage/database.ts';

export interface StoredLists {
  emails: unknown[];
  phones: unknown[];
  participants: string[];
}

/** Each contact's lists as its item rows hold them, in list order (every organization unless one is named). */
export async function listsFromItemRows(database: Database, organizationId?: string): Promise<Map<string, StoredLists>> {
  const db = database.db;
  const lists = new Map<string, StoredLists>();
  const of = (id: string) => lists.get(id) ?? lists.set(id, { emails: [], phones: [], participants: [] }).get(id)!;
  const inScope = organizationId !== undefined;
  const contacts = await db.selectFrom('contacts').select('id').$if(inScope, (q) => q.where('organization_id', '=', organizationId!)).execute();
  for (const { id } of contacts) of(id);
  for (const e of await db.selectFrom('contact_emails').selectAll().$if(inScope, (q) => q.where('organization_id', '=', organizationId!)).orderBy('position').execute()) {
    of(e.contact_id).emails.push({ id: e.id, value: e.email, isPrimary: Number(e.is_primary) === 1, labels: JSON.parse(e.labels) });
  }
  for (const p of await db.selectFrom('contact_phone_numbers').selectAll().$if(inScope, (q) => q.where('organization_id', '=', organizationId!)).orderBy('position').execute()) {
    of(p.contact_id).phones.push({ id: p.id, value: p.phone_number, isPrimary: Number(p.is_primary) === 1, labels: JSON.parse(p.labels) });
  }
  const participants = await db.selectFrom('contact_participants').selectAll().$if(inScope, (q) => q.where('organization_id', '=', organizationId!)).orderBy('position').execute();
  for (const u of participants) of(u.contact_id).participants.push(u.user_id);
  return lists;
}

/**
 * The contacts whose list columns on the contact row (what reads return) disagree with their item rows
 * (what uniqueness and filters use), one line each; empty when every contact's two copies agree.
 */
export async function listColumnMismatches(database: Database): Promise<string[]> {
  const items = await listsFromItemRows(database);
  const rows = await database.db.selectFrom('contacts').select(['id', 'emails_json', 'phone_numbers_json', 'participant_user_ids_json']).execute();
  const mismatches: string[] = [];
  for (const row of rows) {
    const stored: StoredLists = { emails: JSON.parse(row.emails_json), phones: JSON.parse(row.phone_numbers_json), participants: JSON.parse(row.participant_user_ids_json) };
    const fromItems = items.get(row.id)!;
    for (const list of ['emails', 'phones', 'participants'] as const) {
      if (!isDeepStrictEqual(stored[list], fromItems[list])) {
        mismatches.push(`contact ${row.id}: ${list} column ${JSON.stringify(stored[list])} but item rows ${JSON.stringify(fromItems[list])}`);
      }
    }
  }
  return mismatches;
}
