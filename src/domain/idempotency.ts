import { randomUUID } from 'node:crypto';
import { AppError } from './errors.ts';

/** What a replay sends back: the first response's status, selected headers and body, byte for byte. */
export interface StoredResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export interface IdempotencyRecord {
  organizationId: string;
  key: string;
  fingerprint: string;
  state: 'in_progress' | 'completed';
  claimId: string;
  claimedAt: string;
  expiresAt: string;
  response: StoredResponse | null;
}

/** The port storage implements; the primary key (organization, key) is what makes a claim exclusive. */
export interface IdempotencyStore {
  /** Inserts the claim unless the key exists; returns whether it was inserted. */
  insert(record: IdempotencyRecord): Promise<boolean>;
  get(organizationId: string, key: string): Promise<IdempotencyRecord | null>;
  /** Overwrites the row only while it still carries expectedClaimId; returns whether it did. */
  replace(expectedClaimId: string, record: IdempotencyRecord): Promise<boolean>;
  /**
   * Stores the response on the claim, unless the claim was taken over meanwhile; contactId (the contact the
   * request's path names) is recorded so that a purge of that contact drops the response.
   */
  complete(organizationId: string, key: string, claimId: string, response: StoredResponse, contactId?: string | null): Promise<boolean>;
  /** Deletes the claim (the request failed in a way worth retrying). */
  release(organizationId: string, key: string, claimId: string): Promise<void>;
  /** Deletes every record whose expiry has passed; returns how many. */
  purgeExpired(nowIso: string): Promise<number>;
}

export interface Claim {
  organizationId: string;
  key: string;
  claimId: string;
}

export type BeginOutcome = { kind: 'claimed'; claim: Claim } | { kind: 'replay'; response: StoredResponse };

export interface IdempotencyOptions {
  ttlHours: number;
  lockTimeoutSeconds: number;
  now?: () => number;
}

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** A key is 1 to 255 visible ASCII characters (a UUID is the usual choice). */
export function checkIdempotencyKey(raw: string | string[] | undefined): string | null {
  if (raw === undefined) return null;
  const value = Array.isArray(raw) ? null : raw.trim();
  if (value === null || !KEY_PATTERN.test(value)) {
    throw new AppError('validation_failed', 'the Idempotency-Key header must be 1 to 255 visible ASCII characters, sent once', [
      { code: 'field_value_invalid', field: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters (a UUID is a good choice)' },
    ]);
  }
  return value;
}

/**
 * Idempotency-Key semantics: the first request with a key claims it; retries of the same request replay its
 * stored response; the same key on a different request is refused; a retry while the first runs is refused.
 */
export class Idempotency {
  private readonly now: () => number;

  constructor(private readonly store: IdempotencyStore, private readonly options: IdempotencyOptions) {
    this.now = options.now ?? Date.now;
  }

  async begin(organizationId: string, key: string, fingerprint: string): Promise<BeginOutcome> {
    // A few rounds only: each lost round means another request changed the row, which cannot go on forever.
    for (let round = 0; round < 5; round += 1) {
      const now = this.now();
      const fresh: IdempotencyRecord = {
        organizationId,
        key,
        fingerprint,
        state: 'in_progress',
        claimId: randomUUID(),
        claimedAt: new Date(now).toISOString(),
        expiresAt: new Date(now + this.options.ttlHours * 3_600_000).toISOString(),
        response: null,
      };
      if (await this.store.insert(fresh)) return { kind: 'claimed', claim: claimOf(fresh) };
      const existing = await this.store.get(organizationId, key);
      if (existing === null) continue; // purged between our insert and read
      if (Date.parse(existing.expiresAt) <= now) {
        if (await this.store.replace(existing.claimId, fresh)) return { kind: 'claimed', claim: claimOf(fresh) };
        continue;
      }
      if (existing.fingerprint !== fingerprint) {
        throw new AppError('idempotency_key_reused', 'this Idempotency-Key was already used for a different request (method, path or body differ); use a new key for a new request', [
          { code: 'idempotency_key_reused', field: 'Idempotency-Key', message: 'the key was first used for a different request' },
        ]);
      }
      if (existing.state === 'completed' && existing.response !== null) return { kind: 'replay', response: existing.response };
      if (now - Date.parse(existing.claimedAt) >= this.options.lockTimeoutSeconds * 1000) {
        // The first request's process died mid-request: its claim is stale, so this retry runs in its place.
        const takeover = { ...fresh, expiresAt: existing.expiresAt };
        if (await this.store.replace(existing.claimId, takeover)) return { kind: 'claimed', claim: claimOf(takeover) };
        continue;
      }
      throw new AppError('idempotency_key_in_progress', 'a request with this Idempotency-Key is still being processed; retry after it finishes', [
        { code: 'idempotency_key_in_progress', field: 'Idempotency-Key', message: 'the first request with this key has not finished' },
      ]);
    }
    throw new AppError('idempotency_key_in_progress', 'this Idempotency-Key is being claimed by concurrent requests; retry shortly');
  }

  complete(claim: Claim, response: StoredResponse, contactId: string | null = null): Promise<boolean> {
    return this.store.complete(claim.organizationId, claim.key, claim.claimId, response, contactId);
  }

  release(claim: Claim): Promise<void> {
    return this.store.release(claim.organizationId, claim.key, claim.claimId);
  }

  purgeExpired(): Promise<number> {
    return this.store.purgeExpired(new Date(this.now()).toISOString());
  }
}

function claimOf(record: IdempotencyRecord): Claim {
  return { organizationId: record.organizationId, key: record.key, claimId: record.claimId };
}
