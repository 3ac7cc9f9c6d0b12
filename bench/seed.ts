import { applyChanges, newContact, type AttributeChanges } from '../src/domain/contact-write.ts';
import { STANDARD_CATALOG, type ContactCatalog } from '../src/domain/catalog/organization-catalog.ts';
import type { Contact } from '../src/domain/contact.ts';
import type { Database } from '../src/storage/database.ts';
import { toContactRow, toCustomValueRows, toEmailRows, toPhoneRows } from '../src/storage/contact-row.ts';
import { SqlContactStore } from '../src/storage/sql-contact-store.ts';

/** Rows per INSERT: 45 contact columns x 500 stays under SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const ROWS_PER_STATEMENT = 500;
/** Contacts per transaction: big enough that commits are not the cost, small enough to keep memory flat. */
const CONTACTS_PER_TRANSACTION = 10_000;

export interface SeedOptions {
  organizationId: string;
  userId: string;
  count: number;
  /** Called after each committed transaction with the number of contacts seeded so far. */
  onProgress?: (seeded: number) => void;
  /** The organization's catalog: its custom attributes get values (see benchCustomValue). */
  catalog?: ContactCatalog;
}

/** The custom attributes of the bench's custom organization: a string, a number and 18 more strings (20 in all). */
export const BENCH_CUSTOM_ATTRIBUTES: ReadonlyArray<{ apiName: string; valueType: 'string' | 'number' }> = [
  { apiName: 'bench_code', valueType: 'string' },
  { apiName: 'bench_score', valueType: 'number' },
  ...Array.from({ length: 18 }, (_, i) => ({ apiName: `bench_extra_${i + 1}`, valueType: 'string' as const })),
];

/** The i-th seeded contact's bench_code: scenarios pick one at random to query. */
export const seededCode = (i: number): string => `code-${i}`;

/** How many contacts of the custom organization hold all 20 custom attributes (every one at 10k and below). */
export const FULL_CUSTOM_CONTACTS = 10_000;

/**
 * Every this-many-th contact of a custom organization of `count` holds all 20 custom attributes; the others
 * hold bench_code and bench_score only, which the eq and sort scenarios read. So the organization is as
 * large as asked for those (1M contacts, 1M of each) without 20M value rows (15 GB on SQLite, 20 minutes of
 * seeding), and the GET and PATCH scenarios, which pick among the full contacts, still read 20 values
 * from contacts spread over the whole table (not the first 10,000 rows, which would all be in cache).
 */
export const fullCustomStride = (count: number): number => Math.max(1, Math.floor(count / FULL_CUSTOM_CONTACTS));

/**
 * The i-th contact's value of a bench custom attribute (undefined: none); scores are spread out of seed order,
 * so a sort by them is not a sort by id.
 */
function benchCustomValue(apiName: string, i: number, count: number): unknown {
  if (apiName === 'bench_code') return seededCode(i);
  if (apiName === 'bench_score') return (i * 7919) % Math.max(count, 1);
  return i % fullCustomStride(count) === 0 ? `extra ${i % 100}` : undefined;
}

/** The primary email of the i-th seeded contact: scenarios pick one at random to query. */
export const seededEmail = (i: number): string => `contact${i}@bench.example`;

/** Departments of the first this many contacts start with Q, the only ones that hold a q (see seededWord). */
export const Q_WORDS = 2000;
const NO_Q = 'abcdefghijklmnoprstuvwxyz';

/**
 * The i-th contact's department: six pseudo-random letters (a hash of i). The letter q is left out, but for
 * the first Q_WORDS contacts, whose department starts with it: so a 6-letter token matches about one
 * contact at any size, and a 3-letter token drawn from those (q and two letters: 625 of them) about three
 * contacts at 10k and at 1M alike. A token drawn from any department's first three letters would match
 * a hundred times more contacts at 1M than at 10k (one in about 4,400 contacts), which measures the size
 * of the answer, not how the search scales.
 */
export function seededWord(i: number): string {
  let h = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  let word = i < Q_WORDS ? 'q' : '';
  while (word.length < 6) {
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
    word += NO_Q[h % NO_Q.length];
  }
  return word[0]!.toUpperCase() + word.slice(1);
}

/**
 * The i-th bench contact, built by the same domain functions as an API create (stage, item ids,
 * display_name, stamps), so seeded rows are identical in form to API-created ones. Timestamps are one
 * second apart in the past, in index order, so sorting by updated_at has a spread to page through.
 */
export function benchContact(i: number, organizationId: string, userId: string, defaultStageId: string | null, epochMs: number, catalog: ContactCatalog = STANDARD_CATALOG, count = 0): Contact {
  const changes: AttributeChanges = new Map<string, unknown>([
    ['first_name', `First${i}`],
    ['last_name', `Last${i}`],
    ['title', `Title ${i % 100}`],
    ['department', seededWord(i)],
    ['primary_email', seededEmail(i)],
    ['primary_phone_number', `+1415${String(2_000_000 + (i % 7_000_000)).padStart(7, '0')}`],
  ]);
  for (const def of catalog.custom) {
    const value = benchCustomValue(def.apiName, i, count);
    if (value !== undefined) changes.set(def.apiName, value);
  }
  const now = new Date(epochMs + i * 1000).toISOString();
  return { ...applyChanges(newContact(organizationId, userId, now, defaultStageId), changes, catalog), version: 1 };
}

async function insertChunked<R>(insert: (rows: R[]) => Promise<unknown>, rows: R[]): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) await insert(rows.slice(start, start + ROWS_PER_STATEMENT));
}

/** Inserts `count` contacts (each with one email and one phone number) in batched transactions; returns their ids in order. */
export async function seedContacts(database: Database, options: SeedOptions): Promise<string[]> {
  const { organizationId, userId, count } = options;
  const stages = await new SqlContactStore(database).stages(organizationId);
  const defaultStageId = (stages.find((s) => s.isDefault) ?? stages[0])?.id ?? null;
  const epochMs = Date.now() - (count + 1) * 1000;
  const ids: string[] = new Array<string>(count);
  for (let from = 0; from < count; from += CONTACTS_PER_TRANSACTION) {
    const contacts: Contact[] = [];
    for (let i = from; i < Math.min(count, from + CONTACTS_PER_TRANSACTION); i += 1) {
      const contact = benchContact(i, organizationId, userId, defaultStageId, epochMs, options.catalog, count);
      ids[i] = contact.id;
      contacts.push(contact);
    }
    await database.profile.writeTransaction(async (trx) => {
      await insertChunked((rows) => trx.insertInto('contacts').values(rows).execute(), contacts.map((c) => toContactRow(c, options.catalog?.definitions)));
      await insertChunked(
        (rows) => trx.insertInto('contact_emails').values(rows).execute(),
        contacts.flatMap(toEmailRows),
      );
      await insertChunked(
        (rows) => trx.insertInto('contact_phone_numbers').values(rows).execute(),
        contacts.flatMap(toPhoneRows),
      );
      const custom = options.catalog?.custom ?? [];
      if (custom.length > 0) await insertChunked((rows) => trx.insertInto('contact_custom_values').values(rows).execute(), contacts.flatMap((c) => toCustomValueRows(c, custom)));
    });
    options.onProgress?.(Math.min(count, from + CONTACTS_PER_TRANSACTION));
  }
  return ids;
}
