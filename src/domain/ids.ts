import { v7 as uuidv7 } from 'uuid';

/** Ids are UUID version 7: time-ordered, so new rows land at the end of the primary key index. */
export function newId(): string {
  return uuidv7();
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

/** Now as an ISO-8601 UTC timestamp with milliseconds. */
export function nowIso(): string {
  return new Date().toISOString();
}
