import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../../src/http/error-status.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

const root = resolve(import.meta.dirname, '../..');

/** The rows of the error table of docs/api.md: status and the codes its second column names. */
function errorTable(): Array<{ status: number; codes: string[]; text: string }> {
  const guide = readFileSync(resolve(root, 'docs/api.md'), 'utf8');
  const section = guide.slice(guide.indexOf('\n## Errors'), guide.indexOf('\n## ', guide.indexOf('\n## Errors') + 1));
  return [...section.matchAll(/^\| (\d{3}) \| ([^|]*) \| (.*) \|$/gm)].map((m) => ({
    status: Number(m[1]),
    codes: [...(m[2] as string).matchAll(/`([a-z_]+)`/g)].map((c) => c[1] as string),
    text: m[3] as string,
  }));
}

describe('the error table of docs/api.md', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(async () => t.close());

  it('names every error code the server answers, with the status it answers it with', () => {
    const rows = errorTable();
    const missing = Object.entries(ERROR_STATUS).filter(([code, status]) => !rows.some((row) => row.status === status && row.codes.includes(code)));
    expect(missing).toEqual([]);
  });

  it('names every detail code of a 422 validation_failed the OpenAPI document lists', () => {
    const schemas = (t.app.swagger() as unknown as { components: { schemas: Record<string, { properties: { code: { enum: string[] } } }> } }).components.schemas;
    const detailCodes = (schemas.ErrorDetail?.properties.code.enum ?? []).filter((code) => !(code in ERROR_STATUS));
    expect(detailCodes.length).toBeGreaterThan(10);
    const row = errorTable().find((r) => r.status === 422 && r.codes.includes('validation_failed'));
    expect(detailCodes.filter((code) => !(row?.text ?? '').includes(`\`${code}\``))).toEqual([]);
  });
});
