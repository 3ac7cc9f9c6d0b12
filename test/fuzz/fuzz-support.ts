import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { CONTACT_CATALOG } from '../../src/domain/catalog/contact-catalog.ts';
import { ALL_FILTER_OPERATORS } from '../../src/domain/catalog/filter-operators.ts';
import type { TestApp } from '../helpers/test-app.ts';

export const ATTRIBUTE_NAMES = CONTACT_CATALOG.map((a) => a.apiName);

/** Strings chosen to break parsers, SQL, LIKE patterns, Unicode handling and prototype chains. */
export const NASTY_STRINGS = [
  '', ' ', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty',
  '\u0000', 'a\u0000b', '\uD800', 'x\uDC00y', '\uFFFF', '\u202Eevil', '😀', 'Ω≈ç√',
  '%', '_', '%_%', '\\', '\\%', "'", '"', '`', "' OR '1'='1", "'; DROP TABLE contacts; --", '") or 1=1 --', '$1', '?',
  '*', '[', ']', '{', '}', '..', '../../etc/passwd', '%00', '%2e%2e%2f', '<script>alert(1)</script>', 'null', 'undefined', 'NaN',
  'true', '0', '-1', '1e400', 'a@b', '@', 'x'.repeat(10_000), 'é'.repeat(3000), 'Bearer', '\r\nX-Injected: 1',
];

export const nastyString = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) }, { weight: 2, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) }, { weight: 1, arbitrary: fc.string() });

/** Numbers JSON can carry, including the ones that overflow or lose precision. */
export const nastyNumber = fc.oneof(fc.constantFrom(0, -0, 1, -1, 1e308, -1e308, 2 ** 53 + 1, 0.1, 5e-324, 1.5), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));

/** Any JSON value, weighted towards the nasty ones, with nesting, big arrays and dangerous keys. */
export const nastyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nastyString,
    nastyNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(nastyString, fc.constantFrom(...ATTRIBUTE_NAMES)), tie('value'), { maxKeys: 5 }),
    fc.record({ value: tie('value'), value_type: fc.oneof(fc.constantFrom('string', 'email', 'phone_number', 'boolean', 'uuid', 'timestamp', 'address', 'contact_stage', 'record_reference', 'contact_email', 'enum'), nastyString) }),
    fc.constantFrom(deep(200), Array.from({ length: 5000 }, (_, i) => i), { __proto__: { polluted: true } }, JSON.parse('{"__proto__":{"polluted":true}}'), { constructor: { prototype: { polluted: true } } }),
  ),
})).value;

function deep(n: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < n; i += 1) v = i % 2 === 0 ? [v] : { a: v };
  return v;
}

/** Write bodies: mostly shaped like the real ones, with hostile members and values. */
export const nastyAttributes = fc.dictionary(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ATTRIBUTE_NAMES) }, { weight: 1, arbitrary: nastyString }), nastyValue, { maxKeys: 6 });
export const nastyBody: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ attributes: nastyAttributes }) },
  { weight: 2, arbitrary: fc.record({ attributes: nastyAttributes, match: fc.dictionary(fc.oneof(fc.constantFrom('id', 'primary_email', 'contact_emails'), nastyString), nastyValue, { maxKeys: 2 }) }, { requiredKeys: [] }) },
  { weight: 2, arbitrary: fc.record({ email: nastyValue, phone_number: nastyValue, is_primary: nastyValue, labels: nastyValue }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: nastyValue },
);

const filterLeaf = fc.record({ field: fc.oneof(fc.constantFrom(...ATTRIBUTE_NAMES), nastyString), operator: fc.oneof(fc.constantFrom(...ALL_FILTER_OPERATORS), nastyString), value: nastyValue }, { requiredKeys: [] });
export const nastyFilter: fc.Arbitrary<unknown> = fc.letrec<{ f: unknown }>((tie) => ({
  f: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    filterLeaf,
    fc.record({ and: fc.array(tie('f'), { maxLength: 3 }) }),
    fc.record({ or: fc.array(tie('f'), { maxLength: 3 }) }),
    fc.record({ not: tie('f') }),
    nastyValue,
  ),
})).f;
export const nastyQuery: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: fc.record({
    filters: fc.oneof(fc.array(nastyFilter, { maxLength: 4 }), nastyValue),
    sort: fc.oneof(fc.array(fc.record({ field: fc.oneof(fc.constantFrom(...ATTRIBUTE_NAMES), nastyString), direction: fc.oneof(fc.constantFrom('asc', 'desc'), nastyString) }, { requiredKeys: [] }), { maxLength: 5 }), nastyValue),
    limit: fc.oneof(fc.integer({ min: -10, max: 1000 }), nastyValue),
    cursor: fc.oneof(nastyString, nastyValue, fc.base64String()),
  }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: nastyValue },
);

/** Path ids: real ones, UUID-shaped ones, and junk that must still route to a clean 404 or 422. */
export const nastyId = (realIds: () => string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(null).map(() => realIds()[0] ?? '00000000-0000-0000-0000-000000000000') },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 3, arbitrary: nastyString.map((s) => encodeURIComponent(s.toWellFormed())) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%ZZ', '%00', '%C0%AE', 'x'.repeat(300), '_query', '_assert', '..%2F..') },
  );

export const nastyHeaders = fc.record(
  {
    'if-match': fc.oneof(fc.constantFrom('*', 'W/"1"', '"1"', 'W/"-1"', 'W/"99999999999999999999"', 'W/"abc"', ''), nastyString.map(asHeader)),
    'idempotency-key': nastyString.map(asHeader),
    'content-type': fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/jsonx', ''),
    'x-filler': fc.constantFrom('a'.repeat(8000), 'b'),
    accept: fc.constantFrom('application/xml', '*/*', 'text/html'),
  },
  { requiredKeys: [] },
);

/** Header values must be Latin-1 without CR/LF for the HTTP layer to carry them at all. */
function asHeader(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?').slice(0, 500);
}

export interface Endpoint {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: (id: string, itemId: string) => string;
}

export const ENDPOINTS: Endpoint[] = [
  { method: 'GET', path: () => '/api/v2/health' },
  { method: 'POST', path: () => '/api/v2/contact' },
  { method: 'GET', path: (id) => `/api/v2/contact/${id}` },
  { method: 'PATCH', path: (id) => `/api/v2/contact/${id}` },
  { method: 'DELETE', path: (id) => `/api/v2/contact/${id}` },
  { method: 'POST', path: () => '/api/v2/contact/_query' },
  { method: 'POST', path: () => '/api/v2/contact/_assert' },
  { method: 'POST', path: (id) => `/api/v2/contact/${id}/attribute/contact_emails` },
  { method: 'PATCH', path: (id, item) => `/api/v2/contact/${id}/attribute/contact_emails/${item}` },
  { method: 'DELETE', path: (id, item) => `/api/v2/contact/${id}/attribute/contact_emails/${item}` },
  { method: 'POST', path: (id) => `/api/v2/contact/${id}/attribute/contact_phone_numbers` },
  { method: 'PATCH', path: (id, item) => `/api/v2/contact/${id}/attribute/contact_phone_numbers/${item}` },
  { method: 'DELETE', path: (id, item) => `/api/v2/contact/${id}/attribute/contact_phone_numbers/${item}` },
  { method: 'GET', path: () => '/api/v2/_schema/contact' },
];

/** Every stored row of the organization's contacts, in a stable order: what a rejected request must not change. */
export async function snapshot(t: TestApp): Promise<string> {
  const db = t.db.database.db;
  const org = t.org.organizationId;
  const [contacts, emails, phones, participants] = await Promise.all([
    db.selectFrom('contacts').selectAll().where('organization_id', '=', org).orderBy('id').execute(),
    db.selectFrom('contact_emails').selectAll().where('organization_id', '=', org).orderBy('id').execute(),
    db.selectFrom('contact_phone_numbers').selectAll().where('organization_id', '=', org).orderBy('id').execute(),
    db.selectFrom('contact_participants').selectAll().where('organization_id', '=', org).orderBy('contact_id').orderBy('position').execute(),
  ]);
  return JSON.stringify({ contacts, emails, phones, participants });
}

/** The response invariants: never a 5xx, and every error in the API error shape. */
export function expectSaneResponse(res: LightMyRequestResponse, what: string): void {
  expect(res.statusCode, `${what} → ${res.statusCode} ${res.body.slice(0, 300)}`).toBeLessThan(500);
  if (res.statusCode >= 400) {
    let body: { error?: { code?: unknown; message?: unknown; request_id?: unknown; details?: unknown } };
    try {
      body = res.json();
    } catch {
      throw new Error(`${what} → ${res.statusCode} with a body that is not JSON: ${res.body.slice(0, 200)}`);
    }
    expect(typeof body.error?.code, `${what}: error.code`).toBe('string');
    expect(typeof body.error?.message, `${what}: error.message`).toBe('string');
    expect(typeof body.error?.request_id, `${what}: error.request_id`).toBe('string');
    expect(Array.isArray(body.error?.details), `${what}: error.details`).toBe(true);
  }
}

const OBJECT_PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort().join(',');

/** Nothing was added to Object.prototype (prototype pollution). */
export function expectNoPollution(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort().join(',')).toBe(OBJECT_PROTOTYPE_KEYS);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}
