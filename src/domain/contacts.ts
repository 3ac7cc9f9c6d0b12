import type { CountryCode } from 'libphonenumber-js';
import { diffAttributes, pendingEvent, renderContextOf, type EventSource, type EventType, type PendingEvent } from './contact-events.ts';
import type { Claim, StoredResponse } from './idempotency.ts';
import type { ImportCheckpoint } from './import-job-store.ts';
import { applyChanges, createdContact, ensureOnePrimary, MAX_LIST_ITEMS, missingRequired, parseWriteBody, primaryOf, resolveChanges, stampWrite, unwrapEnvelope, type AttributeChanges, type WriteMode } from './contact-write.ts';
import { STANDARD_CATALOG, type ContactCatalog } from './catalog/organization-catalog.ts';
import { CUSTOM_TYPE_SPECS, type CustomValueType } from './catalog/custom-attribute.ts';
import { encodeCursor, parseQuery, type ContactQueryPlan, type FilterCondition, type FilterScalar } from './contact-query.ts';
import { deriveDisplayName, type Contact, type ListAttribute } from './contact.ts';
import type { ContactUnitOfWork, WriteEffects } from './contact-store.ts';
import { atomicBatchError, parseBatch, type BatchOperation } from './contact-batch.ts';
import { AppError, throwIfInvalid, type ErrorDetail } from './errors.ts';
import { isUuid, newId, nowIso } from './ids.ts';
import type { ContactStage } from './stages.ts';
import { parseContactItem, type ContactItem, type ContactItemInput } from './values/contact-item.ts';
import { EMAIL_ITEM } from './values/contact-email.ts';
import { PHONE_ITEM } from './values/contact-phone-number.ts';
import { normalizeEmail } from './values/email.ts';
import { describe, isPlainObject, type ParseContext } from './values/value-codec.ts';

/** Who is acting: the organization and user behind the calling API key, and what the event log records of the call. */
export interface Actor {
  organizationId: string;
  userId: string;
  /** The calling API key; null or absent for work the server does itself. */
  apiKeyId?: string | null;
  requestId?: string | null;
  /** API unless said otherwise. */
  source?: EventSource;
}

/** What a write produced, for rendering its response. */
export interface WriteResult {
  contact: Contact;
  item?: ContactItem;
  action?: AssertAction;
}

/** The request's Idempotency-Key claim and how its response renders, so the write stores it in its own transaction. */
export interface IdempotentResponder {
  claim: Claim;
  render(result: WriteResult): StoredResponse;
  /** Called once the response committed with the write (the caller need not store it again). */
  stored(): void;
}

export interface WriteOptions {
  /**
   * The versions an If-Match header accepts (any one of them matches); '*' (any version: the contact must
   * exist, which only _assert can fail); null when the write is unconditional.
   */
  expectedVersion?: number | readonly number[] | '*' | null;
  /** The versions an If-None-Match header refuses (412 when the contact is at one); '*' refuses any existing contact. */
  refusedVersions?: readonly number[] | '*' | null;
  idempotent?: IdempotentResponder | null;
}

const ITEM_KINDS = { contact_emails: EMAIL_ITEM, contact_phone_numbers: PHONE_ITEM } as const;
const PRIMARY_OF = { contact_emails: 'primary_email', contact_phone_numbers: 'primary_phone_number' } as const;

/** One page of _query results. */
export interface QueryPage {
  contacts: Contact[];
  /** Null on the last page. */
  nextCursor: string | null;
}

export type AssertAction = 'created' | 'updated';
/** One imported row's outcome: what it did, or why it was refused. */
export type ImportOutcome = { action: AssertAction } | { error: AppError };

export type ExportFormat = 'ndjson' | 'csv';
/** Contacts an export reads per statement of its snapshot. */
const EXPORT_BATCH = 500;

/** What one operation of a _batch did: the write it made (null for an archive), or the error the single endpoint would have answered. */
export type BatchOutcome =
  | { ok: true; op: BatchOperation['op']; result: WriteResult }
  | { ok: false; op: BatchOperation['op']; error: AppError };

/** A _batch's Idempotency-Key claim and how its whole response renders, stored in the batch's transaction. */
export interface BatchResponder {
  claim: Claim;
  render(outcomes: BatchOutcome[]): StoredResponse;
  stored(): void;
}

/** One row of an import batch (or one create of a _batch): a create body's attributes, and an _assert match with --match. */
type ImportRow = { attributes: Record<string, unknown>; match?: Record<string, unknown> };
/** What one row did: the contact it created or updated, or the error the single write answered. */
type RowOutcome = { action: AssertAction; contact: Contact } | { error: AppError };
/** A batch of rows checked and built in memory, before its transaction (see Contacts.planRows). */
interface RowPlan {
  outcomes: RowOutcome[];
  bulk: Array<{ index: number; contact: Contact }>;
  oneByOne: number[];
  stages: ContactStage[];
  catalog: ContactCatalog;
  /** The unique values (uniqueKeys) each row would give a new contact, its match's included; none for a row refused already. */
  keys: string[][];
}

/** A contact a dry run's earlier batch would have created: its id and the values no other live contact may hold. */
interface DryRunStandIn { id: string; emails: Array<{ value: string; isPrimary: boolean }>; custom: Array<[string, unknown]> }

/**
 * What a dry run of an import remembers from one batch to the next. Each batch of a dry run is rolled back,
 * so without it a row that repeats an email (or a unique custom value) of a row in an earlier batch would be
 * checked against a database that never had that contact: created in the dry run, refused (or, with a match,
 * updating) in the real import. So a dry run keeps, for every contact its batches would have created, the id
 * and unique values (some 200 bytes a contact), and a later batch first writes stand-ins for those its rows
 * name, in its own rolled-back transaction: its rows then meet them as they would meet the real contacts.
 * Not remembered: values a match row would add to a contact that is really stored.
 */
export class DryRunMemory {
  private readonly byKey = new Map<string, DryRunStandIn>();
  /** The keys each stand-in is found by, so that an update that drops a value forgets it (the import frees it). */
  private readonly keysById = new Map<string, string[]>();

  /** The stand-ins holding any of these values, each once. */
  standInsFor(keys: Iterable<string>): DryRunStandIn[] {
    const found = new Map<string, DryRunStandIn>();
    for (const key of keys) {
      const standIn = this.byKey.get(key);
      if (standIn !== undefined) found.set(standIn.id, standIn);
    }
    return [...found.values()];
  }

  /** Remembers a contact a batch created, or the new values of a stand-in a batch updated (an import never clears one). */
  remember(contact: Contact, created: boolean, catalog: ContactCatalog): void {
    const keys = uniqueKeys(contact, catalog);
    if (!created && !this.keysById.has(contact.id)) return;
    const custom: Array<[string, unknown]> = [];
    for (const def of catalog.custom) {
      const value = contact.custom[def.apiName];
      if (def.isUnique && value !== undefined && value !== null) custom.push([def.apiName, value]);
    }
    // Which email is primary too: a match by primary_email meets the stand-in as it would the contact.
    const standIn: DryRunStandIn = { id: contact.id, emails: contact.contact_emails.map((e) => ({ value: e.value, isPrimary: e.isPrimary })), custom };
    for (const key of this.keysById.get(contact.id) ?? []) if (this.byKey.get(key)?.id === contact.id) this.byKey.delete(key);
    for (const key of keys) this.byKey.set(key, standIn);
    this.keysById.set(contact.id, keys);
  }
}

/** How an _assert names the contact it means: exactly one key (a unique custom attribute is one too). */
export type AssertMatch =
  | { key: 'id'; id: string }
  | { key: 'primary_email'; email: string }
  | { key: 'contact_emails'; emails: string[] }
  | { key: 'custom'; field: string; value: unknown; filterValue: FilterScalar };

/** Where the use cases find an organization's catalog (its live custom attributes). */
export interface CatalogSource {
  catalog(organizationId: string): Promise<ContactCatalog> | ContactCatalog;
}

const STANDARD_ONLY: CatalogSource = { catalog: () => STANDARD_CATALOG };

const MATCH_KEYS = ['id', 'primary_email', 'contact_emails'] as const;
export const MAX_MATCH_EMAILS = 20;
/** A create that lost a race for an email retries as an update of the winner this many times. */
const ASSERT_ATTEMPTS = 4;

export function notFound(id: string): AppError {
  return new AppError('record_not_found', `no contact ${id}`);
}

/** The contact use cases: create, read, patch, archive and the email / phone sub-resources. */
export class Contacts {
  private readonly parseContext: ParseContext;
  private readonly cursorSecret: string;
  private readonly catalogs: CatalogSource;

  constructor(
    readonly store: ContactUnitOfWork,
    private readonly options: { defaultPhoneRegion: CountryCode; cursorSecret: string; catalogs?: CatalogSource },
    private readonly clock: () => string = nowIso,
  ) {
    this.parseContext = { defaultPhoneRegion: options.defaultPhoneRegion };
    this.cursorSecret = options.cursorSecret;
    this.catalogs = options.catalogs ?? STANDARD_ONLY;
  }

  /**
   * What commits with a write: its event (the changes rendered as a GET renders them, over the
   * organization's catalog: standard and live custom attributes) and the idempotent response. Then, once
   * the store returns, `settle` tells the responder whether its response was stored.
   */
  private async effects(actor: Actor, type: EventType, options: WriteOptions, catalog: ContactCatalog, result: (contact: Contact) => WriteResult = (contact) => ({ contact })): Promise<{ effects: WriteEffects; settle(written: Contact): void }> {
    const ctx = renderContextOf(await this.store.stages(actor.organizationId));
    const responder = options.idempotent ?? null;
    let rendered: Contact | null = null;
    const effects: WriteEffects = {
      event: (previous, next) => pendingEvent({
        organizationId: actor.organizationId,
        type,
        recordId: next.id,
        version: next.version,
        actor: eventActor(actor),
        occurredAt: next.updated_at,
        changes: diffAttributes(catalog.attributes, previous, next, ctx),
      }),
      idempotent: responder === null ? null : {
        claim: responder.claim,
        response: (contact) => {
          rendered = contact;
          return responder.render(result(contact));
        },
      },
    };
    // The store returns the very object it wrote; an unchanged contact comes back as the one it read.
    return { effects, settle: (written) => (written === rendered ? responder?.stored() : undefined) };
  }

  stages(organizationId: string): Promise<ContactStage[]> {
    return this.store.stages(organizationId);
  }

  /** What rendering the organization's records needs: its stages and catalog. */
  async view(organizationId: string): Promise<{ stages: ContactStage[]; catalog: ContactCatalog }> {
    const [stages, catalog] = await Promise.all([this.store.stages(organizationId), this.catalog(organizationId)]);
    return { stages, catalog };
  }

  /** The organization's catalog: standard attributes and its live custom ones. */
  async catalog(organizationId: string): Promise<ContactCatalog> {
    return this.catalogs.catalog(organizationId);
  }

  /** Parses and resolves a write body; throws one 422 with every problem. */
  async prepareWrite(actor: Actor, body: unknown, mode: WriteMode, allowedTopLevel: readonly string[] = []): Promise<AttributeChanges> {
    const catalog = await this.catalog(actor.organizationId);
    const { changes, details } = parseWriteBody(body, mode, this.parseContext, catalog, allowedTopLevel);
    const stages = await this.store.stages(actor.organizationId);
    const { resolved, details: refDetails } = await resolveChanges(changes, actor.organizationId, this.store, stages, catalog);
    throwIfInvalid([...details, ...refDetails]);
    return resolved;
  }

  async create(actor: Actor, body: unknown, options: WriteOptions = {}): Promise<Contact> {
    const changes = await this.prepareWrite(actor, body, 'create');
    try {
      return await this.createPrepared(actor, changes, options);
    } catch (error) {
      throw pointDuplicates(error, (email) => emailSourcesOf(changes).get(email));
    }
  }

  async createPrepared(actor: Actor, changes: AttributeChanges, options: WriteOptions = {}, result?: (contact: Contact) => WriteResult): Promise<Contact> {
    const [stages, catalog] = await Promise.all([this.store.stages(actor.organizationId), this.catalog(actor.organizationId)]);
    const contact = this.buildCreated(actor, changes, stages, catalog);
    const { effects, settle } = await this.effects(actor, 'contact.created', options, catalog, result);
    const written = await this.store.insert(contact, catalog, effects);
    settle(written);
    return written;
  }

  /** The contact a create of these changes makes (version 1), in memory; throws the 422 a create answers. */
  private buildCreated(actor: Actor, changes: AttributeChanges, stages: ContactStage[], catalog: ContactCatalog): Contact {
    throwIfInvalid(missingRequired(changes, catalog));
    const defaultStage = stages.find((s) => s.isDefault) ?? stages[0];
    // An import's contacts say so (CSV_IMPORT); everything else the API makes is API.
    return createdContact(actor.organizationId, actor.userId, this.clock(), defaultStage?.id ?? null, actor.source === 'CSV_IMPORT' ? 'CSV_IMPORT' : 'API', changes, catalog);
  }

  /** _query: one page of contacts matching the body's filters, in its sort order, with the next cursor. */
  async query(actor: Actor, body: unknown): Promise<QueryPage> {
    const [stages, catalog] = await Promise.all([this.store.stages(actor.organizationId), this.catalog(actor.organizationId)]);
    const { query, details } = parseQuery(body, actor.organizationId, stages, this.parseContext, this.cursorSecret, catalog);
    throwIfInvalid(details);
    const { plan, fingerprint } = query!;
    // One row more than the page tells whether another page exists without a count.
    const rows = await this.store.query(actor.organizationId, { ...plan, limit: plan.limit + 1 });
    const contacts = rows.slice(0, plan.limit);
    const last = contacts.at(-1);
    const nextCursor = rows.length > plan.limit && last !== undefined ? encodeCursor(fingerprint, last, plan.sort, this.cursorSecret, catalog) : null;
    return { contacts, nextCursor };
  }

  /** Parses and resolves an _assert body (its match and its attributes); throws one 422 with every problem. */
  private async prepareAssert(actor: Actor, body: unknown): Promise<{ match: AssertMatch; resolved: AttributeChanges }> {
    const details: ErrorDetail[] = [];
    const catalog = await this.catalog(actor.organizationId);
    let match = parseMatch(body, details, catalog, this.parseContext);
    const parsed = parseWriteBody(body, 'update', this.parseContext, catalog, ['match']);
    // An empty attributes object is fine here: "make sure this contact exists".
    const emptyAttributes = isPlainObject(body) && isPlainObject(body.attributes) && Object.keys(body.attributes).length === 0;
    details.push(...parsed.details.filter((d) => !(emptyAttributes && d.code === 'field_required_missing' && d.path === '/attributes')));
    const stages = await this.store.stages(actor.organizationId);
    if (match?.key === 'custom' && catalog.get(match.field)?.referenceTarget != null) match = await this.resolveMatchReference(actor.organizationId, match, stages, catalog, details);
    const { resolved, details: refDetails } = await resolveChanges(parsed.changes, actor.organizationId, this.store, stages, catalog);
    throwIfInvalid([...details, ...refDetails]);
    return { match: match as AssertMatch, resolved };
  }

  /** A match on a reference attribute names its target as a write does (id or email match): resolved to the target's id, which is what contacts hold. */
  private async resolveMatchReference(organizationId: string, match: Extract<AssertMatch, { key: 'custom' }>, stages: ContactStage[], catalog: ContactCatalog, details: ErrorDetail[]): Promise<AssertMatch | null> {
    const { resolved, details: found } = await resolveChanges(new Map([[match.field, match.value]]), organizationId, this.store, stages, catalog);
    details.push(...found.map((d) => ({ ...d, path: `/match/${match.field}`, message: `match.${match.field}: ${d.message}` })));
    const id = resolved.get(match.field);
    return typeof id === 'string' && found.length === 0 ? { ...match, value: id, filterValue: id } : null;
  }

  /**
   * _assert (upsert): finds the live contact the match names; none → create (the match's emails are
   * added to it), one → PATCH semantics, several → 409 ambiguous_match. A create that loses a race for
   * the email (the unique index decides) retries as an update of the winner.
   */
  async assert(actor: Actor, body: unknown, options: WriteOptions = {}): Promise<{ contact: Contact; action: AssertAction }> {
    const catalog = await this.catalog(actor.organizationId);
    const { match: found, resolved } = await this.prepareAssert(actor, body);
    const written = emailSourcesOf(resolved);
    const matched = found.key === 'primary_email' ? [found.email] : found.key === 'contact_emails' ? found.emails : [];
    try {
      return await this.upsert(actor, found, resolved, catalog, options);
    } catch (error) {
      throw pointDuplicates(error, (email) => written.get(email) ?? (matched.includes(email) ? { field: found.key, path: `/match/${found.key}` } : undefined));
    }
  }

  /** _assert's writes once its body is parsed: see assert. */
  private async upsert(actor: Actor, found: AssertMatch, resolved: AttributeChanges, catalog: ContactCatalog, options: WriteOptions): Promise<{ contact: Contact; action: AssertAction }> {
    let lostRace: unknown = null;
    for (let attempt = 1; ; attempt += 1) {
      const candidates = await this.store.query(actor.organizationId, matchPlan(found, catalog));
      if (candidates.length > 1) {
        const ids = candidates.map((c) => c.id);
        throw new AppError('ambiguous_match', `${ids.length} contacts match ${found.key}`, [
          { code: 'ambiguous_match', field: found.key, path: `/match/${found.key}`, message: `${ids.length} contacts match; make the match more specific or patch one of them by id`, candidate_ids: ids },
        ]);
      }
      const retryable = (error: unknown, codes: string[]): boolean => attempt < ASSERT_ATTEMPTS && error instanceof AppError && codes.includes(error.code);
      const existing = candidates[0];
      if (existing !== undefined) {
        if (resolved.size === 0) {
          checkVersion(existing, options);
          return { contact: existing, action: 'updated' };
        }
        try {
          return { contact: await this.patchPrepared(actor, existing.id, resolved, options, (contact) => ({ contact, action: 'updated' })), action: 'updated' };
        } catch (error) {
          // Archived or gone between the look-up and the write: look again.
          if (retryable(error, ['record_archived', 'record_not_found'])) continue;
          throw error;
        }
      }
      // The create failed on an email held by a contact the match does not find: a real conflict.
      if (lostRace !== null) throw lostRace;
      checkNoMatch(options);
      const conflict = matchValueOverwritten(resolved, found, catalog);
      if (conflict !== null) throwIfInvalid([conflict]);
      const changes = withMatchEmails(resolved, found);
      if (!namesContact(changes)) {
        throwIfInvalid([{ code: 'field_required_missing', field: 'first_name', path: '/attributes', message: 'no contact matches, and a new contact needs a name or an email: set first_name, last_name, primary_email or contact_emails (or match by an email)' }]);
      }
      try {
        return { contact: await this.createPrepared(actor, changes, options, (contact) => ({ contact, action: 'created' })), action: 'created' };
      } catch (error) {
        if (!retryable(error, ['duplicate_value'])) throw error;
        lostRace = error;
      }
    }
  }

  /**
   * _batch: runs 1..100 operations in order in one transaction, each answered as its single endpoint
   * would. Not atomic: a failed operation leaves nothing and the others go on. Atomic: any failure rolls
   * everything back and throws one error naming every failed operation. With a responder, the batch's
   * response commits with it.
   */
  async batch(actor: Actor, body: unknown, responder: BatchResponder | null = null): Promise<BatchOutcome[]> {
    const { operations, atomic } = parseBatch(body);
    // The stages and the catalog are read before the transaction: on SQLite a read waiting for the one connection would wait for ever.
    const scopedOptions = await this.unitOptions(actor.organizationId);
    // A batch of creates only takes the bulk path (validated in memory, written with multi-row INSERTs,
    // failures one by one); with other operations, order matters and each runs as its single endpoint.
    const creates = operations.every((o) => o.op === 'create') ? operations.map((o) => ({ attributes: (o.body as { attributes: Record<string, unknown> }).attributes })) : null;
    const plan = creates === null ? null : await this.planRows(actor, creates, scopedOptions);
    let storedResponse = false;
    // The contacts the batch names by id, locked first in one order: batches naming them in other orders wait, never deadlock.
    const named = operations.flatMap((o) => ('id' in o && isUuid(o.id) ? [o.id.toLowerCase()] : []));
    const outcomes = await this.store.unitOfWork(actor.organizationId, async (unit) => {
      storedResponse = false; // a unit rolled back to break a deadlock runs again
      if (named.length > 0) await unit.lockContacts(actor.organizationId, named);
      const scoped = new Contacts(unit, scopedOptions, this.clock);
      const results: BatchOutcome[] = [];
      if (creates !== null && plan !== null) {
        for (const outcome of await this.writeRows(actor, unit, scopedOptions, creates, plan)) {
          results.push('error' in outcome ? { ok: false, op: 'create', error: outcome.error } : { ok: true, op: 'create', result: { contact: outcome.contact } });
        }
      }
      for (const operation of creates === null ? operations : []) {
        try {
          results.push({ ok: true, op: operation.op, result: await scoped.runOperation(actor, operation) });
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          results.push({ ok: false, op: operation.op, error });
        }
      }
      const failures = results.flatMap((r, index) => (r.ok ? [] : [{ index, error: r.error }]));
      if (atomic && failures.length > 0) {
        // The contacts earlier operations wrote, which the rollback undoes: a failure naming one conflicts within the batch.
        const written = new Map<string, { index: number; created: boolean }>();
        results.forEach((r, index) => {
          if (r.ok && !written.has(r.result.contact.id)) written.set(r.result.contact.id, { index, created: r.op === 'create' || r.result.action === 'created' });
        });
        throw atomicBatchError(failures, written);
      }
      if (responder !== null) {
        await unit.storeResponse(responder.claim, responder.render(results));
        storedResponse = true;
      }
      return results;
    });
    if (storedResponse) responder?.stored();
    return outcomes;
  }

  /**
   * One batch of import rows in one transaction: each row creates (or, with a match, upserts like _assert);
   * a bad row fails alone and the others go on, each answered as the single create or _assert would.
   * dryRun checks every row as the writes would and then rolls the whole batch back; its memory carries the
   * contacts earlier batches would have created into this one (DryRunMemory). Rows are written in
   * bulk where they can be (see planRows). checkpoint: an import job's progress after the batch, committed
   * with it (not in a dry run).
   */
  async importRows(actor: Actor, rows: ReadonlyArray<{ attributes: Record<string, unknown>; match?: Record<string, unknown> }>, dryRun: DryRunMemory | null, checkpoint?: (outcomes: ImportOutcome[]) => ImportCheckpoint): Promise<ImportOutcome[]> {
    const scopedOptions = await this.unitOptions(actor.organizationId);
    const plan = await this.planRows(actor, rows, scopedOptions);
    const rollback = new Error('dry run');
    let outcomes: ImportOutcome[] = [];
    try {
      await this.store.unitOfWork(actor.organizationId, async (unit) => {
        if (dryRun !== null) await this.writeStandIns(actor, unit, dryRun.standInsFor(plan.keys.flat()), plan);
        const written = await this.writeRows(actor, unit, scopedOptions, rows, plan);
        outcomes = written.map((o) => ('error' in o ? o : { action: o.action }));
        if (dryRun !== null) {
          for (const o of written) if (!('error' in o)) dryRun.remember(o.contact, o.action === 'created', plan.catalog);
          throw rollback;
        }
        // An import job's progress commits with its batch: a restart resumes exactly after it.
        if (checkpoint !== undefined) await unit.saveImportCheckpoint(checkpoint(outcomes));
      });
    } catch (error) {
      if (error !== rollback) throw error;
    }
    return outcomes;
  }

  /**
   * A dry run's stand-ins, written in the batch's transaction before its rows (and rolled back with them):
   * contacts with the ids and unique values of those an earlier batch would have created. One that a contact
   * really stored now holds a value of is left out (that contact answers the rows the same way).
   */
  private async writeStandIns(actor: Actor, unit: ContactUnitOfWork, standIns: DryRunStandIn[], plan: RowPlan): Promise<void> {
    if (standIns.length === 0) return;
    const stage = plan.stages.find((s) => s.isDefault) ?? plan.stages[0];
    const contacts = standIns.map((standIn) => {
      const changes: AttributeChanges = new Map<string, unknown>([['contact_emails', standIn.emails.map(({ value, isPrimary }) => ({ value, isPrimary }))], ...standIn.custom]);
      const contact = createdContact(actor.organizationId, actor.userId, this.clock(), stage?.id ?? null, 'CSV_IMPORT', changes, plan.catalog);
      (contact as { id: string }).id = standIn.id;
      return contact;
    });
    if (await unit.insertMany(contacts, plan.catalog, [])) return;
    for (const contact of contacts) await unit.insertMany([contact], plan.catalog, []);
  }

  /**
   * The bulk path's first half, before any transaction: every row validated and built in memory by the
   * same functions as a single create / _assert. Rows the single write would refuse before touching the
   * database get their error now; rows that create a contact whose emails and unique custom values no
   * earlier row of the batch takes are candidates for the bulk write; the rest (rows whose outcome
   * depends on what matches, duplicates inside the batch) run one by one.
   */
  private async planRows(actor: Actor, rows: ReadonlyArray<ImportRow>, scopedOptions: typeof this.options): Promise<RowPlan> {
    const organizationId = actor.organizationId;
    const pinned = new Contacts(this.store, scopedOptions, this.clock);
    const [stages, catalog] = await Promise.all([this.store.stages(organizationId), pinned.catalog(organizationId)]);
    const outcomes: RowOutcome[] = new Array<RowOutcome>(rows.length);
    const bulk: Array<{ index: number; contact: Contact }> = [];
    const oneByOne: number[] = [];
    const held = new Set<string>();
    const keys: string[][] = rows.map(() => []);
    // The values a match row would give a contact it creates, whether or not it would (a dry run's stand-ins).
    const valuesOf = (changes: AttributeChanges): string[] => {
      try {
        return uniqueKeys(createdContact(organizationId, actor.userId, this.clock(), null, 'CSV_IMPORT', changes, catalog), catalog);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return [];
      }
    };
    for (const [index, row] of rows.entries()) {
      let contact: Contact;
      try {
        if (row.match === undefined) {
          contact = pinned.buildCreated(actor, await pinned.prepareWrite(actor, { attributes: row.attributes }, 'create'), stages, catalog);
        } else {
          const { match, resolved } = await pinned.prepareAssert(actor, { match: row.match, attributes: row.attributes });
          const changes = withMatchEmails(resolved, match);
          // Whether the row creates at all depends on what matches: the single _assert decides.
          if (!namesContact(changes) || matchValueOverwritten(resolved, match, catalog) !== null) {
            keys[index] = valuesOf(changes);
            oneByOne.push(index);
            continue;
          }
          try {
            contact = pinned.buildCreated(actor, changes, stages, catalog);
          } catch (error) {
            if (!(error instanceof AppError)) throw error;
            keys[index] = valuesOf(changes);
            oneByOne.push(index);
            continue;
          }
        }
      } catch (error) {
        // The single write refuses the row the same way before touching the database.
        if (!(error instanceof AppError)) throw error;
        outcomes[index] = { error };
        continue;
      }
      // A value an earlier row of the batch takes: this row meets that contact one by one, after the bulk write.
      const values = uniqueKeys(contact, catalog);
      keys[index] = values;
      if (values.some((k) => held.has(k))) oneByOne.push(index);
      else {
        for (const k of values) held.add(k);
        bulk.push({ index, contact });
      }
    }
    return { outcomes, bulk, oneByOne, stages, catalog, keys };
  }

  /**
   * The bulk path's second half, in the unit's transaction: candidates holding a value a live contact
   * already holds go one by one (an --match row then updates it, a create is refused as duplicate_value);
   * the others are written together (store.insertMany: multi-row INSERTs, one contact.created event each);
   * then the one-by-one rows run in input order exactly as single writes. A bulk write the database refuses
   * (a value taken meanwhile) sends all its rows one by one.
   */
  private async writeRows(actor: Actor, unit: ContactUnitOfWork, scopedOptions: typeof this.options, rows: ReadonlyArray<ImportRow>, plan: RowPlan): Promise<RowOutcome[]> {
    const organizationId = actor.organizationId;
    const { stages, catalog } = plan;
    const outcomes = [...plan.outcomes];
    const oneByOne = [...plan.oneByOne];
    const scoped = new Contacts(unit, scopedOptions, this.clock);
    const conflicts = await unit.conflicting(organizationId, plan.bulk.map((b) => b.contact), catalog);
    const fresh = plan.bulk.filter((_, i) => !conflicts.has(i));
    for (const i of conflicts) oneByOne.push((plan.bulk[i] as { index: number }).index);
    const ctx = renderContextOf(stages);
    const events = fresh.map(({ contact }) => pendingEvent({
      organizationId,
      type: 'contact.created',
      recordId: contact.id,
      version: contact.version,
      actor: eventActor(actor),
      occurredAt: contact.updated_at,
      changes: diffAttributes(catalog.attributes, null, contact, ctx),
    }));
    if (await unit.insertMany(fresh.map((f) => f.contact), catalog, events)) {
      for (const { index, contact } of fresh) outcomes[index] = { action: 'created', contact };
    } else {
      for (const { index } of fresh) oneByOne.push(index);
    }
    oneByOne.sort((a, b) => a - b);
    for (const index of oneByOne) {
      const row = rows[index] as ImportRow;
      try {
        if (row.match === undefined) outcomes[index] = { action: 'created', contact: await scoped.create(actor, { attributes: row.attributes }) };
        else outcomes[index] = await scoped.assert(actor, { match: row.match, attributes: row.attributes });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        outcomes[index] = { error };
      }
    }
    return outcomes;
  }

  /**
   * The options of the use cases a unit of work runs: the stages cached and the organization's catalog
   * read before its transaction and pinned for it (every write of the unit checks against that catalog).
   */
  private async unitOptions(organizationId: string): Promise<typeof this.options> {
    const [, catalog] = await Promise.all([this.store.stages(organizationId), this.catalog(organizationId)]);
    return { ...this.options, catalogs: { catalog: () => catalog } };
  }

  private async runOperation(actor: Actor, operation: BatchOperation): Promise<WriteResult> {
    switch (operation.op) {
      case 'create':
        return { contact: await this.create(actor, operation.body) };
      case 'patch':
        return { contact: await this.patch(actor, operation.id, operation.body, { expectedVersion: operation.expectedVersion }) };
      case 'assert':
        return this.assert(actor, operation.body);
      case 'archive':
        return { contact: await this.archive(actor, operation.id, { expectedVersion: operation.expectedVersion }) };
    }
  }

  /**
   * Checks an export request ({"filters"?, "search"?, "format"?}: the _query filters and search, ndjson
   * or csv) before anything streams; throws one 422 with every problem.
   */
  async prepareExport(actor: Actor, body: unknown): Promise<{ plan: ContactQueryPlan; format: ExportFormat }> {
    const input = body === undefined || body === null ? {} : body;
    const details: ErrorDetail[] = [];
    if (!isPlainObject(input)) throwIfInvalid([{ code: 'field_value_invalid', path: '', message: 'the body is a JSON object {"filters"?, "search"?, "format"?}' }]);
    const { format = 'ndjson', ...query } = input as Record<string, unknown>;
    if (format !== 'ndjson' && format !== 'csv') details.push({ code: 'field_value_invalid', field: 'format', path: '/format', message: `format is "ndjson" or "csv", got ${describe(format)}` });
    for (const key of Object.keys(query)) {
      if (key === 'filters' || key === 'search') continue;
      const message = ['sort', 'limit', 'cursor'].includes(key) ? `an export has no ${key}: it streams every matching contact, oldest first` : `unknown member ${JSON.stringify(key)}; an export takes filters, search, format`;
      details.push({ code: 'unknown_field', field: key, path: `/${key}`, message });
    }
    const [stages, catalog] = await Promise.all([this.store.stages(actor.organizationId), this.catalog(actor.organizationId)]);
    const { query: parsed, details: queryDetails } = parseQuery(Object.fromEntries(Object.entries(query).filter(([k]) => k === 'filters' || k === 'search')), actor.organizationId, stages, this.parseContext, this.cursorSecret, catalog);
    throwIfInvalid([...details, ...queryDetails]);
    return { plan: parsed!.plan, format: format as ExportFormat };
  }

  /** Streams the contacts the plan selects from one snapshot, EXPORT_BATCH at a time; onBatch resolving asks for the next batch. */
  export(actor: Actor, plan: ContactQueryPlan, onBatch: (contacts: Contact[]) => Promise<void>): Promise<void> {
    return this.store.exportBatches(actor.organizationId, plan, EXPORT_BATCH, onBatch);
  }

  async get(actor: Actor, id: string): Promise<Contact> {
    if (!isUuid(id)) throw notFound(id);
    const contact = await this.store.findById(actor.organizationId, id.toLowerCase());
    if (contact === null) throw notFound(id);
    return contact;
  }

  async patch(actor: Actor, id: string, body: unknown, options: WriteOptions = {}): Promise<Contact> {
    if (!isUuid(id)) throw notFound(id);
    const changes = await this.prepareWrite(actor, body, 'update');
    try {
      return await this.patchPrepared(actor, id, changes, options);
    } catch (error) {
      throw pointDuplicates(error, (email) => emailSourcesOf(changes).get(email));
    }
  }

  async patchPrepared(actor: Actor, id: string, changes: AttributeChanges, options: WriteOptions = {}, result?: (contact: Contact) => WriteResult): Promise<Contact> {
    const catalog = await this.catalog(actor.organizationId);
    return this.mutate(actor, id, options, (current) => applyChanges(current, changes, catalog), result, catalog);
  }

  /** Archives (soft-deletes) a contact; archiving an archived contact changes nothing. */
  async archive(actor: Actor, id: string, options: WriteOptions = {}): Promise<Contact> {
    if (!isUuid(id)) throw notFound(id);
    const catalog = await this.catalog(actor.organizationId);
    const { effects, settle } = await this.effects(actor, 'contact.archived', options, catalog);
    const written = await this.store.update(actor.organizationId, id.toLowerCase(), (current) => {
      checkVersion(current, options);
      if (current.archived_at !== null) return current;
      const now = this.clock();
      return { ...stampWrite(current, actor.userId, now), archived_at: now, archived_by_user_id: actor.userId };
    }, catalog, effects);
    settle(written);
    return written;
  }

  /**
   * Brings an archived contact back: 409 record_not_archived for a live one, duplicate_value when one of its
   * emails or unique custom values now belongs to another live contact.
   */
  async restore(actor: Actor, id: string, options: WriteOptions = {}): Promise<Contact> {
    if (!isUuid(id)) throw notFound(id);
    const catalog = await this.catalog(actor.organizationId);
    const { effects, settle } = await this.effects(actor, 'contact.restored', options, catalog);
    const written = await this.store.update(actor.organizationId, id.toLowerCase(), (current) => {
      checkVersion(current, options);
      if (current.archived_at === null) throw notArchived(current.id, 'restored');
      return { ...stampWrite(current, actor.userId, this.clock()), archived_at: null, archived_by_user_id: null };
    }, catalog, effects);
    settle(written);
    return written;
  }

  /**
   * Right to erasure: deletes an archived contact (409 record_not_archived for a live one) and every value
   * of it the server keeps: its items, the changes of its earlier events, stored idempotent responses
   * carrying it. A contact.purged event takes its place in the log.
   */
  async purge(actor: Actor, id: string, options: WriteOptions = {}): Promise<void> {
    if (!isUuid(id)) throw notFound(id);
    await this.store.purge(actor.organizationId, id.toLowerCase(), (current) => {
      checkVersion(current, options);
      if (current.archived_at === null) throw notArchived(current.id, 'purged');
    }, (current): PendingEvent => pendingEvent({
      organizationId: actor.organizationId,
      type: 'contact.purged',
      recordId: current.id,
      version: current.version + 1,
      actor: eventActor(actor),
      occurredAt: this.clock(),
      changes: {},
    }));
  }

  async addItem(actor: Actor, id: string, list: ListAttribute, body: unknown, options: WriteOptions = {}): Promise<{ contact: Contact; item: ContactItem }> {
    if (!isUuid(id)) throw notFound(id);
    const input = this.parseItem(list, body, false);
    let itemId = '';
    const contact = await this.mutateItem(list, actor, id, options, (current) => {
      const items = current[list];
      if (items.some((i) => i.value === input.value)) {
        throw new AppError('duplicate_value', `${input.value} is already on this contact`, [{ code: 'duplicate_value', field: list, path: `/${ITEM_KINDS[list].field}`, message: `${input.value} is already on this contact`, existing_contact_id: current.id }]);
      }
      if (items.length >= MAX_LIST_ITEMS) throw invalidItem(list, ITEM_KINDS[list].field, `the contact already holds ${items.length} items in ${list}, the most it may; remove one first`);
      itemId = newId();
      const primary = input.isPrimary === true || items.length === 0;
      const added: ContactItem = { id: itemId, value: input.value as string, isPrimary: primary, labels: input.labels ?? [] };
      return withItems(current, list, [...items.map((i) => (primary ? { ...i, isPrimary: false } : i)), added]);
    }, (written) => ({ contact: written, item: findItem(written, list, itemId) }));
    return { contact, item: findItem(contact, list, itemId) };
  }

  async patchItem(actor: Actor, id: string, list: ListAttribute, itemId: string, body: unknown, options: WriteOptions = {}): Promise<{ contact: Contact; item: ContactItem }> {
    if (!isUuid(id)) throw notFound(id);
    const input = this.parseItem(list, body, true);
    const contact = await this.mutateItem(list, actor, id, options, (current) => {
      const items = current[list];
      const target = items.find((i) => i.id === itemId.toLowerCase());
      if (target === undefined) throw itemNotFound(list, itemId);
      if (input.value !== undefined && input.value !== target.value && items.some((i) => i.value === input.value)) {
        throw new AppError('duplicate_value', `${input.value} is already on this contact`, [{ code: 'duplicate_value', field: list, path: `/${ITEM_KINDS[list].field}`, message: `${input.value} is already on this contact`, existing_contact_id: current.id }]);
      }
      let next = items.map((i) => (i.id === target.id ? { ...i, value: input.value ?? i.value, labels: input.labels ?? i.labels } : i));
      if (input.isPrimary === true) next = next.map((i) => ({ ...i, isPrimary: i.id === target.id }));
      if (input.isPrimary === false && target.isPrimary) {
        const successor = next.find((i) => i.id !== target.id);
        if (successor === undefined) throw invalidItem(list, 'is_primary', 'the only item of the list must stay primary; add another item first');
        next = next.map((i) => ({ ...i, isPrimary: i.id === successor.id }));
      }
      return withItems(current, list, next);
    }, (written) => ({ contact: written, item: findItem(written, list, itemId.toLowerCase()) }));
    return { contact, item: findItem(contact, list, itemId.toLowerCase()) };
  }

  async deleteItem(actor: Actor, id: string, list: ListAttribute, itemId: string, options: WriteOptions = {}): Promise<Contact> {
    if (!isUuid(id)) throw notFound(id);
    return this.mutate(actor, id, options, (current) => {
      const items = current[list];
      if (!items.some((i) => i.id === itemId.toLowerCase())) throw itemNotFound(list, itemId);
      return withItems(current, list, ensureOnePrimary(items.filter((i) => i.id !== itemId.toLowerCase())));
    });
  }

  /** mutate for a sub-resource write: an address held by another contact is a conflict of the body's email (phone_number). */
  private async mutateItem(list: ListAttribute, actor: Actor, id: string, options: WriteOptions, change: (current: Contact) => Contact, result: (contact: Contact) => WriteResult): Promise<Contact> {
    try {
      return await this.mutate(actor, id, options, change, result);
    } catch (error) {
      throw pointDuplicates(error, () => ({ field: list, path: `/${ITEM_KINDS[list].field}` }));
    }
  }

  private async mutate(actor: Actor, id: string, options: WriteOptions, change: (current: Contact) => Contact, result?: (contact: Contact) => WriteResult, known?: ContactCatalog): Promise<Contact> {
    const catalog = known ?? await this.catalog(actor.organizationId);
    const { effects, settle } = await this.effects(actor, 'contact.updated', options, catalog, result);
    const written = await this.store.update(actor.organizationId, id.toLowerCase(), (current) => {
      checkVersion(current, options);
      if (current.archived_at !== null) throw new AppError('record_archived', `contact ${current.id} is archived and cannot be changed`);
      return stampWrite(change(current), actor.userId, this.clock());
    }, catalog, effects);
    settle(written);
    return written;
  }

  private parseItem(list: ListAttribute, body: unknown, partial: boolean) {
    const kind = ITEM_KINDS[list];
    if (typeof body === 'string' || body === null || body === undefined || typeof body !== 'object' || Array.isArray(body)) {
      throw invalidItem(list, '', `the body must be a JSON object with ${kind.field}, is_primary and labels`);
    }
    const members = body as Record<string, unknown>;
    const region = this.parseContext.defaultPhoneRegion;
    const allowed = [kind.field, 'is_primary', 'labels'];
    // Every problem at once, each at its member's path: each member is parsed alone.
    const details: ErrorDetail[] = [];
    if ('id' in members) details.push(itemDetail(list, 'id', 'the item id is assigned by the server'));
    for (const key of Object.keys(members)) {
      if (key !== 'id' && !allowed.includes(key)) details.push(itemDetail(list, key, `unknown member ${JSON.stringify(key)}; allowed: ${allowed.join(', ')}`));
    }
    for (const member of allowed) {
      // null is no value of any member (the item codec reads it as absent, which made a PATCH of {"email": null} a write of nothing).
      if (members[member] === null) {
        details.push(itemDetail(list, member, `${member} cannot be null${member === kind.field ? '; remove the item with DELETE instead' : ''}`));
        continue;
      }
      const alone = Object.hasOwn(members, member) ? parseContactItem(kind, { [member]: members[member] }, region, true) : null;
      if (alone !== null && !alone.ok) details.push(itemDetail(list, member, alone.message));
    }
    if (!partial && members[kind.field] === undefined) details.push(itemDetail(list, kind.field, `${kind.field} is required`));
    if (partial && Object.keys(members).length === 0) details.push(itemDetail(list, '', `name at least one of ${kind.field}, is_primary, labels`));
    throwIfInvalid(details);
    const parsed = parseContactItem(kind, members, region, partial);
    if (!parsed.ok) throw invalidItem(list, '', parsed.message);
    return parsed.value;
  }
}

function eventActor(actor: Actor) {
  return { userId: actor.userId, apiKeyId: actor.apiKeyId ?? null, requestId: actor.requestId ?? null, source: actor.source ?? 'API' };
}

function notArchived(id: string, verb: string): AppError {
  return new AppError('record_not_archived', `contact ${id} is not archived; only an archived contact can be ${verb} (archive it with DELETE first)`);
}

/** A write's preconditions against the contact it would change: If-Match must name its version, If-None-Match must not. */
function checkVersion(current: Contact, options: WriteOptions): void {
  const { expectedVersion, refusedVersions } = options;
  if (expectedVersion != null && expectedVersion !== '*') {
    const accepted = typeof expectedVersion === 'number' ? [expectedVersion] : expectedVersion;
    if (!accepted.includes(current.version)) {
      const expected = accepted.length === 0 ? 'no version (the If-Match list names none)' : `version ${accepted.join(' or ')}`;
      throw new AppError('precondition_failed', `If-Match does not match: the contact is at version ${current.version}`, [
        { code: 'precondition_failed', message: `expected ${expected}, current version ${current.version}`, current_etag: `W/"${current.version}"` },
      ]);
    }
  }
  if (refusedVersions != null && (refusedVersions === '*' || refusedVersions.includes(current.version))) {
    const refused = refusedVersions === '*' ? 'any existing contact (*)' : `version ${current.version}`;
    throw new AppError('precondition_failed', `If-None-Match refuses ${refused}: the contact ${current.id} is at version ${current.version}`, [
      { code: 'precondition_failed', message: `If-None-Match refuses ${refused}; the write changed nothing`, current_etag: `W/"${current.version}"`, existing_contact_id: current.id },
    ]);
  }
}

/** _assert when nothing matches: an If-Match (even *) names a contact that is not there, so the create does not run. */
function checkNoMatch(options: WriteOptions): void {
  if (options.expectedVersion == null) return;
  throw new AppError('precondition_failed', 'If-Match names an existing contact, but no live contact matches; nothing was created', [
    { code: 'precondition_failed', message: 'no live contact matches, so no version can match If-Match; send the request without If-Match to create one' },
  ]);
}

function withItems(current: Contact, list: ListAttribute, items: ContactItem[]): Contact {
  const next = { ...current, [list]: items, [PRIMARY_OF[list]]: primaryOf(items) };
  return { ...next, display_name: deriveDisplayName(next) };
}

function findItem(contact: Contact, list: ListAttribute, itemId: string): ContactItem {
  const item = contact[list].find((i) => i.id === itemId);
  if (item === undefined) throw itemNotFound(list, itemId);
  return item;
}

function itemNotFound(list: ListAttribute, itemId: string): AppError {
  return new AppError('record_not_found', `no ${list === 'contact_emails' ? 'email' : 'phone number'} item ${itemId} on this contact`);
}

function itemDetail(list: ListAttribute, member: string, message: string): ErrorDetail {
  return { code: 'field_value_invalid', field: list, path: member === '' ? '' : `/${member}`, message };
}

function invalidItem(list: ListAttribute, member: string, message: string): AppError {
  return new AppError('validation_failed', message, [itemDetail(list, member, message)]);
}

function parseMatch(body: unknown, details: ErrorDetail[], catalog: ContactCatalog, ctx: ParseContext): AssertMatch | null {
  const match = isPlainObject(body) ? body.match : undefined;
  const uniqueCustom = catalog.custom.filter((d) => d.isUnique).map((d) => d.apiName);
  const keysText = [...MATCH_KEYS, ...uniqueCustom].join(', ');
  if (!isPlainObject(match)) {
    details.push({ code: match === undefined ? 'field_required_missing' : 'field_value_invalid', field: 'match', path: '/match', message: `"match" must be an object with exactly one of ${keysText}` });
    return null;
  }
  const keys = Object.keys(match);
  const unknown = keys.filter((k) => !(MATCH_KEYS as readonly string[]).includes(k) && !uniqueCustom.includes(k));
  for (const k of unknown) details.push({ code: 'unknown_field', field: k, path: `/match/${k}`, message: `${JSON.stringify(k)} is not a match key; use one of ${keysText}` });
  if (unknown.length > 0) return null;
  if (keys.length !== 1) {
    details.push({ code: 'field_value_invalid', field: 'match', path: '/match', message: `"match" names exactly one of ${keysText}, got ${keys.length === 0 ? 'none' : keys.join(', ')}` });
    return null;
  }
  const key = keys[0] as (typeof MATCH_KEYS)[number];
  const raw = match[key];
  const path = `/match/${key}`;
  const fail = (message: string): null => {
    details.push({ code: 'field_value_invalid', field: key, path, message: `match.${key}: ${message}` });
    return null;
  };
  const custom = catalog.get(key);
  if (custom?.isCustom === true) {
    const unwrapped = unwrapEnvelope(raw, custom.valueType);
    if ('error' in unwrapped) return fail(unwrapped.error);
    const { value } = unwrapped;
    const parsed = value === null || value === undefined ? null : custom.codec.parse(value, ctx);
    if (parsed === null || !parsed.ok) return fail(parsed === null ? 'a value is required' : parsed.message);
    return { key: 'custom', field: key, value: parsed.value, filterValue: matchFilterValue(custom.definition!.valueType, parsed.value) };
  }
  if (key === 'id') return isUuid(raw) ? { key, id: raw.toLowerCase() } : fail(`expected a UUID, got ${describe(raw)}`);
  if (key === 'primary_email') {
    const email = typeof raw === 'string' ? normalizeEmail(raw) : null;
    return email !== null ? { key, email } : fail(`expected an email address, got ${describe(raw)}`);
  }
  const list = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_MATCH_EMAILS) return fail(`expected an email address or an array of 1 to ${MAX_MATCH_EMAILS} of them, got ${describe(raw)}`);
  const emails = list.map((e) => (typeof e === 'string' ? normalizeEmail(e) : null));
  const bad = list.filter((_, i) => emails[i] === null);
  if (bad.length > 0) return fail(`not valid email addresses: ${bad.map((e) => describe(e)).join(', ')}`);
  return { key, emails: [...new Set(emails as string[])] };
}

/** Live contacts the match names (archived contacts never match). */
function matchPlan(match: AssertMatch, catalog: ContactCatalog): ContactQueryPlan {
  const condition: FilterCondition = match.key === 'id'
    ? { kind: 'condition', field: 'id', operator: 'eq', negated: false, values: [match.id] }
    : match.key === 'primary_email'
      ? { kind: 'condition', field: 'primary_email', operator: 'eq', negated: false, values: [match.email] }
      : match.key === 'custom'
        ? { kind: 'condition', field: match.field, operator: 'eq', negated: false, values: [match.filterValue] }
        : { kind: 'condition', field: 'contact_emails', operator: 'in', negated: false, values: match.emails };
  return { filter: { kind: 'and', children: [condition] }, includeArchived: false, sort: [{ field: 'id', direction: 'asc' }], limit: 50, after: null, catalog, search: [], phoneRuns: [] };
}

/** A unique custom value as a match compares it: the indexed number or text the eq filter reads. */
function matchFilterValue(valueType: CustomValueType, value: unknown): FilterScalar {
  const spec = CUSTOM_TYPE_SPECS[valueType];
  const indexed = spec.index(value);
  return spec.filterColumn === 'value_number' ? (indexed.number as number) : (indexed.text as string);
}

/**
 * The refusal of a create by a unique custom attribute's match whose `attributes` write that attribute another
 * value: the new contact would not hold the value it was matched by (a repeat of the same _assert would then
 * create again, or fail on the value it wrote). Null when there is no such conflict.
 */
function matchValueOverwritten(changes: AttributeChanges, match: AssertMatch, catalog: ContactCatalog): ErrorDetail | null {
  if (match.key !== 'custom') return null;
  const written = changes.get(match.field);
  const definition = catalog.get(match.field)?.definition;
  if (written === undefined || written === null || definition === undefined || definition === null) return null;
  if (matchFilterValue(definition.valueType, written) === match.filterValue) return null;
  return {
    code: 'field_value_invalid', field: match.field, path: `/attributes/${match.field}`,
    message: `no contact matches ${match.field}, and a contact _assert creates takes the matched value: attributes.${match.field} writes another (leave it out, or write the matched value)`,
  };
}

/** On create, the match's emails join the new contact: a matched primary_email becomes primary unless one is written. */
function withMatchEmails(changes: AttributeChanges, match: AssertMatch): AttributeChanges {
  if (match.key === 'id') return changes;
  const next: AttributeChanges = new Map(changes);
  if (match.key === 'custom') {
    // A new contact takes the matched value unless the attributes write one.
    if (!next.has(match.field) || next.get(match.field) === null) next.set(match.field, match.value);
    return next;
  }
  // A new contact has no primary to clear: null would remove the matched email just added (leaving, maybe, no name or email).
  if (next.get('primary_email') === null) next.delete('primary_email');
  const written = (next.get('contact_emails') as ContactItemInput[] | undefined) ?? [];
  const primary = next.get('primary_email') as string | undefined;
  const known = new Set([...written.map((i) => i.value), ...(typeof primary === 'string' ? [primary] : [])]);
  // The attributes set a primary by primary_email or by an item of contact_emails marked is_primary.
  if (match.key === 'primary_email' && primary === undefined && !written.some((i) => i.isPrimary === true)) {
    next.set('primary_email', match.email);
    return next;
  }
  const extra = (match.key === 'primary_email' ? [match.email] : match.emails).filter((e) => !known.has(e));
  if (extra.length > 0) next.set('contact_emails', [...written, ...extra.map((value) => ({ value }))]);
  return next;
}

/** The values a new contact takes that no other live contact may hold: its emails and unique custom values. */
function uniqueKeys(contact: Contact, catalog: ContactCatalog): string[] {
  const keys = contact.contact_emails.map((e) => `email\u0000${e.value}`);
  for (const def of catalog.custom) {
    const value = contact.custom[def.apiName];
    if (!def.isUnique || def.definition === null || value === undefined || value === null) continue;
    const spec = CUSTOM_TYPE_SPECS[def.definition.valueType];
    for (const item of def.isList ? (value as unknown[]) : [value]) keys.push(`${def.apiName}\u0000${String(spec.index(item).unique)}`);
  }
  return keys;
}

/** The request member a duplicate_value of an email points at. */
interface EmailSource { field: string; path: string }

/** Which member of a write's attributes names each email it writes (primary_email over an item of contact_emails). */
function emailSourcesOf(changes: AttributeChanges): Map<string, EmailSource> {
  const sources = new Map<string, EmailSource>();
  for (const item of (changes.get('contact_emails') as ContactItemInput[] | undefined) ?? []) sources.set(item.value, { field: 'contact_emails', path: '/attributes/contact_emails' });
  const primary = changes.get('primary_email');
  if (typeof primary === 'string') sources.set(primary, { field: 'primary_email', path: '/attributes/primary_email' });
  return sources;
}

/**
 * A duplicate_value the store reports names an email by where the contact holds it (primary or not): point
 * each such detail at the request member that wrote the email, when sourceOf knows it.
 */
function pointDuplicates(error: unknown, sourceOf: (email: string) => EmailSource | undefined): unknown {
  if (!(error instanceof AppError) || error.code !== 'duplicate_value') return error;
  const details = error.details.map((d) => {
    const source = typeof d.value === 'string' && (d.field === 'primary_email' || d.field === 'contact_emails') ? sourceOf(d.value) : undefined;
    return source === undefined ? d : { ...d, ...source };
  });
  return new AppError(error.code, error.message, details, error.retryAfterSeconds);
}

function namesContact(changes: AttributeChanges): boolean {
  return ['first_name', 'last_name', 'primary_email'].some((n) => changes.get(n) != null)
    || ((changes.get('contact_emails') as unknown[] | undefined)?.length ?? 0) > 0;
}
