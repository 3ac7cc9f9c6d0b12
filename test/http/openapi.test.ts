import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderOpenApiArtifacts } from '../../scripts/openapi-artifacts.ts';
import { CONTACT_CATALOG } from '../../src/domain/catalog/contact-catalog.ts';
import { SEARCHED_CUSTOM_TYPES } from '../../src/domain/catalog/custom-attribute.ts';
import { MAX_SEARCH_LENGTH } from '../../src/domain/contact-query.ts';
import { MAX_MATCH_EMAILS } from '../../src/domain/contacts.ts';
import { ROUTES } from '../../src/http/routes/index.ts';
import type { RouteDeps } from '../../src/http/routes/route-deps.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { OpenApiResponseValidator } from '../helpers/openapi-validator.ts';

type Document = {
  openapi: string;
  info: { title: string };
  paths: Record<string, Record<string, { operationId: string; tags: string[]; summary: string; description: string; security: unknown[]; responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, { properties?: Record<string, { properties?: Record<string, unknown> }> }>; securitySchemes: Record<string, unknown> };
};

const root = resolve(import.meta.dirname, '../..');

describe('the OpenAPI document', () => {
  let t: TestApp;
  let document: Document;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    document = t.app.swagger() as unknown as Document;
  });
  afterAll(async () => t.close());

  it('is a valid OpenAPI 3.1 document according to an OpenAPI schema validator', async () => {
    const result = await new Validator().validate(structuredClone(document) as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
  });

  it('200 at GET /api/v2/openapi.json without an API key: the generated document', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v2/openapi.json', key: null });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('200 at /docs/openapi.json and /docs/openapi.yaml (the reference page\'s own copies): the same document', async () => {
    const json = await t.request({ method: 'GET', url: '/docs/openapi.json', key: null });
    expect(json.statusCode).toBe(200);
    expect(json.json()).toEqual(JSON.parse(JSON.stringify(document)));
    const yaml = await t.request({ method: 'GET', url: '/docs/openapi.yaml', key: null });
    expect(yaml.statusCode).toBe(200);
    expect(yaml.body).toMatch(/^openapi: 3\.1\.0$/m);
    expect(yaml.body).toContain('operationId: createContact');
  });

  it('the committed openapi/openapi.json and packages/client/src/schema.ts are what `npm run openapi` generates', async () => {
    for (const [path, expected] of Object.entries(await renderOpenApiArtifacts())) {
      expect(readFileSync(resolve(root, path), 'utf8'), `${path} is stale: run npm run openapi`).toBe(expected);
    }
  });

  it('documents every route with operationId, tag, summary, description, security and its error responses', () => {
    for (const factory of ROUTES) {
      const route = factory({} as RouteDeps);
      const path = route.url.replace(/:([a-z_]+)/g, '{$1}');
      const operation = document.paths[path]?.[String(route.method).toLowerCase()];
      expect(operation, `${String(route.method)} ${path}`).toBeDefined();
      const schema = route.schema as { operationId: string };
      expect(operation?.operationId).toBe(schema.operationId);
      expect(operation?.tags.length).toBeGreaterThan(0);
      expect(operation?.summary).toBeTruthy();
      expect(operation?.description).toBeTruthy();
      expect(Object.keys(operation?.responses ?? {})).toContain('500');
      if (route.config?.permission !== undefined) {
        expect(operation?.security).toEqual([{ bearerAuth: [] }, { apiKeyHeader: [] }]);
        expect(Object.keys(operation?.responses ?? {})).toEqual(expect.arrayContaining(['401', '403', '429']));
      } else if (path === '/metrics') {
        // No credential, or the metrics token when the server sets METRICS_TOKEN (test/http/metrics.test.ts).
        expect(operation?.security).toEqual([{}, { metricsToken: [] }]);
      } else {
        expect(operation?.security).toEqual([]);
      }
      if (path.includes('{contact_id}')) expect(Object.keys(operation?.responses ?? {})).toContain('404');
      if (['POST', 'PATCH'].includes(String(route.method))) expect(Object.keys(operation?.responses ?? {})).toEqual(expect.arrayContaining(['400', '413', '415', '422']));
    }
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['apiKeyHeader', 'bearerAuth', 'metricsToken']);
  });

  it('documents the If-Match header exactly on the writes of one contact and _assert, which honour it; not on _batch, which ignores it', async () => {
    const withIfMatch = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => ((operation as { parameters?: Array<{ in: string; name: string }> }).parameters ?? []).some((p) => p.in === 'header' && p.name === 'if-match'))
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(withIfMatch.filter((op) => !op.includes('{contact_id}'))).toEqual(['POST /api/v2/contact/_assert']);
    const created = await t.request({ method: 'POST', url: '/api/v2/contact', body: { attributes: { first_name: 'Batch' } } });
    const id = created.json().data.id as string;
    // The header names no version of any one contact of a batch: operations carry their own if_match.
    const batch = await t.request({ method: 'POST', url: '/api/v2/contact/_batch', headers: { 'if-match': 'W/"999"' }, body: { operations: [{ op: 'patch', id, attributes: { title: 'x' } }] } });
    expect([batch.statusCode, batch.json().data[0].status]).toEqual([200, 200]);
    const refused = await t.request({ method: 'PATCH', url: `/api/v2/contact/${id}`, headers: { 'if-match': 'W/"999"' }, body: { attributes: { title: 'y' } } });
    expect(refused.statusCode).toBe(412);
  });

  it('the _query search description names every text search reads, custom attributes of the searched types included', () => {
    const search = (document.components.schemas.ContactQueryRequest?.properties as Record<string, { description?: string }> | undefined)?.search?.description ?? '';
    expect(search).toMatch(/custom attributes? of type/);
    for (const type of SEARCHED_CUSTOM_TYPES) expect(search).toContain(`\`${type}\``);
  });

  it('the record and write schemas are generated from the catalog: every attribute read, only writable ones written', () => {
    const schemas = document.components.schemas;
    const read = Object.keys(schemas.ContactRecord?.properties?.attributes?.properties ?? {});
    expect(read).toEqual(CONTACT_CATALOG.map((d) => d.apiName));
    const create = Object.keys(schemas.ContactCreateAttributes?.properties ?? {});
    expect(create).toEqual(CONTACT_CATALOG.filter((d) => d.isCreatable).map((d) => d.apiName));
    expect(create).not.toContain('display_name');
    const patch = Object.keys(schemas.ContactPatchAttributes?.properties ?? {});
    expect(patch).toEqual(CONTACT_CATALOG.filter((d) => d.isUpdatable).map((d) => d.apiName));
  });

  it('_assert\'s match.contact_emails is documented with the server\'s bound: 1 to MAX_MATCH_EMAILS addresses (one more is 422)', async () => {
    const match = (document.components.schemas.ContactAssertRequest?.properties?.match?.properties ?? {}) as Record<string, { anyOf?: Array<{ type: string; minItems?: number; maxItems?: number }> }>;
    const list = match.contact_emails?.anyOf?.find((s) => s.type === 'array');
    expect(list).toMatchObject({ minItems: 1, maxItems: MAX_MATCH_EMAILS });
    const emails = (n: number) => Array.from({ length: n }, (_, i) => `bound-${i}@example.com`);
    const over = await t.request({ method: 'POST', url: '/api/v2/contact/_assert', body: { match: { contact_emails: emails(MAX_MATCH_EMAILS + 1) }, attributes: {} } });
    expect(over.statusCode).toBe(422);
    const at = await t.request({ method: 'POST', url: '/api/v2/contact/_assert', body: { match: { contact_emails: emails(MAX_MATCH_EMAILS) }, attributes: {} } });
    expect(at.statusCode, at.body).toBe(201);
  });

  it('422 for an _export search the document refuses too: the same 1 to MAX_SEARCH_LENGTH characters as _query\'s', async () => {
    const searchOf = (name: string) => (document.components.schemas[name]?.properties?.search ?? {}) as { minLength?: number; maxLength?: number };
    expect(searchOf('ContactExportRequest')).toMatchObject({ minLength: 1, maxLength: MAX_SEARCH_LENGTH });
    expect(searchOf('ContactQueryRequest')).toMatchObject({ minLength: 1, maxLength: MAX_SEARCH_LENGTH });
    for (const search of ['', 'x'.repeat(MAX_SEARCH_LENGTH + 1)]) {
      const res = await t.request({ method: 'POST', url: '/api/v2/contact/_export', body: { search } });
      expect(res.statusCode, res.body).toBe(422);
    }
    expect((await t.request({ method: 'POST', url: '/api/v2/contact/_export', body: { search: 'x'.repeat(MAX_SEARCH_LENGTH) } })).statusCode).toBe(200);
  });

  it('the raw and the envelope form of a write value are both documented, with the attribute\'s value_type as a const', () => {
    const firstName = JSON.stringify(document.components.schemas.ContactPatchAttributes?.properties?.first_name);
    expect(firstName).toContain('"const":"string"');
    expect(firstName).toContain('"maxLength":255');
  });
});

describe('the response validator (test/helpers/openapi-validator.ts)', () => {
  let validator: OpenApiResponseValidator;
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    validator = new OpenApiResponseValidator(t.app.swagger() as unknown as ConstructorParameters<typeof OpenApiResponseValidator>[0]);
  });
  afterAll(async () => t.close());
  const json = 'application/json; charset=utf-8';
  const health = (status: number, body: unknown) => ({ method: 'GET', url: '/api/v2/health', status, contentType: json, body: JSON.stringify(body) });

  it('accepts a response that matches the document', () => {
    expect(validator.problems(health(200, { data: { status: 'healthy' } }))).toEqual([]);
  });

  it('rejects a status the operation does not declare', () => {
    expect(validator.problems(health(201, { data: { status: 'healthy' } }))[0]).toMatch(/status 201 is not declared/);
  });

  it('rejects a body that does not match the schema', () => {
    expect(validator.problems(health(200, { data: { status: 'sick' } }))[0]).toMatch(/does not match the documented schema/);
  });

  it('rejects an error body whose code the status does not allow, and a 204 with a body', () => {
    const error = { error: { code: 'record_archived', message: 'x', request_id: 'req_1', details: [] } };
    expect(validator.problems({ method: 'GET', url: `/api/v2/contact/${crypto.randomUUID()}`, status: 404, contentType: json, body: JSON.stringify(error) })).toHaveLength(1);
    expect(validator.problems({ method: 'DELETE', url: `/api/v2/contact/${crypto.randomUUID()}`, status: 204, contentType: undefined, body: '{}' })[0]).toMatch(/declares no body/);
  });

  it('accepts the router\'s route_not_found 404 on a documented path, in the error shape only', () => {
    const notFound = { error: { code: 'route_not_found', message: 'no route', request_id: 'req_1', details: [] } };
    expect(validator.problems({ method: 'PATCH', url: '/api/v2/contact/%ZZ', status: 404, contentType: json, body: JSON.stringify(notFound) })).toEqual([]);
    expect(validator.problems({ method: 'PATCH', url: '/api/v2/contact/%ZZ', status: 404, contentType: json, body: JSON.stringify({ error: { code: 'route_not_found' } }) })).toHaveLength(1);
  });

  it('rejects a response to an undocumented route unless it is the route_not_found 404', () => {
    expect(validator.problems({ method: 'GET', url: '/api/v2/nowhere', status: 200, contentType: json, body: '{}' })).toHaveLength(1);
    const notFound = { error: { code: 'route_not_found', message: 'no route', request_id: 'req_1', details: [] } };
    expect(validator.problems({ method: 'GET', url: '/api/v2/nowhere', status: 404, contentType: json, body: JSON.stringify(notFound) })).toEqual([]);
  });

  it('a test fails through t.request when the server answers outside the document', async () => {
    // Fastify answers HEAD for every GET route; the document describes no HEAD operation.
    await expect(t.request({ method: 'HEAD', url: '/api/v2/health' })).rejects.toThrow(/does not match the OpenAPI document/);
  });
});
