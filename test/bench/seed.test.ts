import { describe, expect, it } from 'vitest';
import { ContactCatalog } from '../../src/domain/catalog/organization-catalog.ts';
import type { CustomAttribute } from '../../src/domain/catalog/custom-attribute.ts';
import { BENCH_CUSTOM_ATTRIBUTES, FULL_CUSTOM_CONTACTS, benchContact, fullCustomStride } from '../../bench/seed.ts';

const definitions: CustomAttribute[] = BENCH_CUSTOM_ATTRIBUTES.map(({ apiName, valueType }, i) => ({
  organizationId: 'org', id: `attr-${i}`, apiName, displayName: apiName, valueType, isArray: false, isUnique: false,
  isRequiredOnCreate: false, description: '', options: [], archivedAt: null, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
}));
const catalog = new ContactCatalog(definitions, 0);
const customCount = (i: number, count: number): number => Object.keys(benchContact(i, 'org', 'user', null, 0, catalog, count).custom).length;

describe('bench seeding of the custom organization', () => {
  it('gives every contact all 20 custom attributes up to FULL_CUSTOM_CONTACTS', () => {
    expect(fullCustomStride(FULL_CUSTOM_CONTACTS)).toBe(1);
    for (const i of [0, 1, 4999, 9999]) expect(customCount(i, FULL_CUSTOM_CONTACTS)).toBe(20);
  });

  it('at 1M, every stride-th contact holds all 20 and the others bench_code and bench_score only', () => {
    const stride = fullCustomStride(1_000_000);
    expect(stride).toBe(100);
    expect(Math.ceil(1_000_000 / stride)).toBe(FULL_CUSTOM_CONTACTS);
    for (const i of [0, stride, 500 * stride]) expect(customCount(i, 1_000_000)).toBe(20);
    for (const i of [1, stride + 1, 999_999]) expect(customCount(i, 1_000_000)).toBe(2);
  });
});
