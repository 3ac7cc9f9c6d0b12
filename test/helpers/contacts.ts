import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { Contact } from '../../src/domain/contact.ts';
import type { TestApp } from './test-app.ts';

type Envelope = { value: unknown; value_type: string };
type ItemEnvelope = { value: Record<string, unknown>; value_type: string };
/** Scalars read as envelopes and lists as arrays; loose on purpose so tests can read either by name. */
type Attribute = Envelope & ItemEnvelope[];

/** A wire contact record as the tests read it. */
export interface WireRecord {
  id: string;
  created_at: string;
  updated_at: string;
  attributes: Record<Exclude<keyof Contact, 'version'>, Attribute>;
  record_type: string;
}

let counter = 0;

/** A unique, valid email per call so tests in one database never collide. */
export function uniqueEmail(prefix = 'person'): string {
  counter += 1;
  return `${prefix}.${Date.now().toString(36)}.${counter}@example.com`;
}

/** POST /api/v2/contact with a name by default; fails the test unless it answers 201. */
export async function createContact(t: TestApp, attributes: Record<string, unknown> = {}, key?: string): Promise<WireRecord> {
  const res = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: 'Test', last_name: 'Person', ...attributes } }, key });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data as WireRecord;
}

export function patchContact(t: TestApp, id: string, attributes: unknown, headers: Record<string, string> = {}, key?: string): Promise<LightMyRequestResponse> {
  return t.request({ method: 'PATCH', url: `/api/v2/contact/${id}`, body: { attributes }, headers, key });
}

/** GET /api/v2/contact/{id}: the record and its ETag; fails the test unless it answers 200. */
export async function getContact(t: TestApp, id: string, key?: string): Promise<{ data: WireRecord; etag: string }> {
  const res = await t.request({ method: 'GET', url: `/api/v2/contact/${id}`, key });
  expect(res.statusCode, res.body).toBe(200);
  return { data: res.json().data as WireRecord, etag: res.headers.etag as string };
}

/** The detail codes of an error response, with their fields, for compact assertions. */
export function detailsOf(res: LightMyRequestResponse): Array<{ code: string; field?: string }> {
  const body = res.json() as { error: { details: Array<{ code: string; field?: string }> } };
  return body.error.details.map((d) => ({ code: d.code, ...(d.field !== undefined ? { field: d.field } : {}) }));
}

/** Asserts the API error shape and status; returns the error object. */
export function expectError(res: LightMyRequestResponse, status: number, code: string): { code: string; message: string; request_id: string; details: Array<Record<string, unknown>> } {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json();
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.request_id).toMatch(/^req_/);
  expect(Array.isArray(body.error.details)).toBe(true);
  return body.error;
}

/** Runs a request that must be rejected and proves the contact (record, updated_at, ETag) did not change. */
export async function expectUnchanged(t: TestApp, id: string, attempt: () => Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse> {
  const before = await getContact(t, id);
  const res = await attempt();
  expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
  const after = await getContact(t, id);
  expect(after.data).toEqual(before.data);
  expect(after.etag).toBe(before.etag);
  return res;
}

/** Emails of a record's contact_emails, primary marked with a leading `*`, in list order. */
export function emailsOf(record: WireRecord): string[] {
  return record.attributes.contact_emails.map((e) => `${e.value.is_primary ? '*' : ''}${e.value.email as string}`);
}

export function phonesOf(record: WireRecord): string[] {
  return record.attributes.contact_phone_numbers.map((e) => `${e.value.is_primary ? '*' : ''}${e.value.phone_number as string}`);
}

/** The primary invariant for both lists: one primary item when non-empty, mirrored by the primary attribute. */
export function expectPrimaryInvariant(record: WireRecord): void {
  const a = record.attributes;
  for (const [list, primary, member] of [['contact_emails', 'primary_email', 'email'], ['contact_phone_numbers', 'primary_phone_number', 'phone_number']] as const) {
    const primaries = a[list].filter((i) => i.value.is_primary === true);
    if (a[list].length === 0) {
      expect(a[primary].value, primary).toBeNull();
    } else {
      expect(primaries.length, `${list} primaries`).toBe(1);
      expect(a[primary].value, primary).toBe(primaries[0]!.value[member]);
    }
  }
}
