import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';

// ajv-formats is CommonJS: its default export arrives wrapped under NodeNext typing.
const addFormats = addFormatsPlugin as unknown as (ajv: Ajv2020) => Ajv2020;

/** One HTTP exchange, as far as the document speaks about it. */
export interface ObservedResponse {
  method: string;
  /** Path with optional query string. */
  url: string;
  status: number;
  contentType: string | undefined;
  /** The raw body text ('' for none). */
  body: string;
}

interface Operation {
  responses?: Record<string, { content?: Record<string, unknown> }>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  webhooks?: Record<string, unknown>;
}

// Routes the document hides on purpose: the interactive reference page and its script.
const UNDOCUMENTED_PREFIXES = ['/docs'];

/**
 * Holds every response to the OpenAPI document: the status must be declared for the path and
 * method, a declared body must be JSON matching the response schema, a bodyless response (204)
 * must be empty. Requests that match no operation must be the route_not_found 404 in the API error shape.
 */
export class OpenApiResponseValidator {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly templates: Array<{ template: string; pattern: RegExp; literals: number }>;

  constructor(private readonly document: OpenApiDocument) {
    addFormats(this.ajv);
    // ajv-formats has no idn-email (RFC 6531); one @ between non-blank parts is what it promises here.
    this.ajv.addFormat('idn-email', /^[^\s@]+@[^\s@]+\.[^\s@]+$/u);
    this.ajv.addSchema(document as object, 'openapi.json');
    this.templates = Object.keys(document.paths).map((template) => ({
      template,
      pattern: new RegExp(`^${template.split('/').map((s) => (/^\{.+\}$/.test(s) ? '[^/]*' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))).join('/')}$`),
      literals: template.split('/').filter((s) => !s.startsWith('{')).length,
    }));
  }

  /** Every way the response departs from the document; empty when it conforms. */
  problems(response: ObservedResponse): string[] {
    const path = (response.url.split('?')[0] ?? '').replace(/(.)\/+$/, '$1');
    const method = response.method.toLowerCase();
    const where = `${response.method.toUpperCase()} ${path} → ${response.status}`;
    if (UNDOCUMENTED_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`))) return [];
    // As in the router: among the templates that have this method, the most specific wins
    // (/contact/_query over /contact/{contact_id}); a parameter may be empty (/contact//attribute/…).
    const match = this.templates
      .filter((t) => t.pattern.test(path) && this.document.paths[t.template]?.[method] !== undefined)
      .sort((a, b) => b.literals - a.literals)[0];
    const operation = match === undefined ? undefined : this.document.paths[match.template]?.[method];
    if (match === undefined || operation === undefined) {
      // Fastify parses the body before it finds no route, so a bad body on an unknown route is a parse error.
      if ([400, 413, 415].includes(response.status)) return this.checkBody(where, response, '#/components/schemas/ErrorResponse');
      if (response.status !== 404) return [`${where}: no operation in the OpenAPI document answers this method and path`];
      return this.checkBody(where, response, '#/components/schemas/ErrorResponse', (body) =>
        (body as { error?: { code?: string } }).error?.code === 'route_not_found' ? [] : ['an unknown route must answer route_not_found'],
      );
    }
    // The router's own 404 (a path that does not decode, a method the path lacks) belongs to no operation.
    if (response.status === 404 && isRouteNotFound(response.body)) return this.checkBody(where, response, '#/components/schemas/ErrorResponse');
    const declared = operation.responses?.[String(response.status)];
    if (declared === undefined) {
      return [`${where}: status ${response.status} is not declared (declared: ${Object.keys(operation.responses ?? {}).join(', ')})`];
    }
    if (declared.content === undefined) {
      return response.body === '' ? [] : [`${where}: the document declares no body, got ${JSON.stringify(response.body.slice(0, 200))}`];
    }
    const types = Object.keys(declared.content);
    if (!types.includes('application/json')) {
      // A streamed text body (an export): its content type must be one the document declares.
      const given = (response.contentType ?? '').split(';')[0]?.trim() ?? '';
      return types.includes(given) ? [] : [`${where}: expected one of ${types.join(', ')}, got ${response.contentType ?? 'no content-type'}`];
    }
    const pointer = `#/paths/${escapePointer(match.template)}/${method}/responses/${response.status}/content/application~1json/schema`;
    return this.checkBody(where, response, pointer);
  }

  /** Every way a delivered webhook body departs from the request body the document's webhooks section gives it. */
  webhookProblems(name: string, contentType: string | undefined, body: string): string[] {
    if (this.document.webhooks?.[name] === undefined) return [`the document has no webhook ${name}`];
    const pointer = `#/webhooks/${escapePointer(name)}/post/requestBody/content/application~1json/schema`;
    return this.checkBody(`webhook ${name}`, { method: 'POST', url: '', status: 0, contentType, body }, pointer);
  }

  private checkBody(where: string, response: ObservedResponse, pointer: string, extra: (body: unknown) => string[] = () => []): string[] {
    if (!(response.contentType ?? '').startsWith('application/json')) return [`${where}: expected application/json, got ${response.contentType ?? 'no content-type'}`];
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      return [`${where}: the body is not JSON: ${JSON.stringify(response.body.slice(0, 200))}`];
    }
    let validate = this.validators.get(pointer);
    if (validate === undefined) {
      validate = this.ajv.compile({ $ref: `openapi.json${pointer}` });
      this.validators.set(pointer, validate);
    }
    if (!validate(body)) {
      const errors = (validate.errors ?? []).slice(0, 8).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
      return [`${where}: the body does not match the documented schema:\n  ${errors.join('\n  ')}\n  body: ${response.body.slice(0, 500)}`];
    }
    return extra(body).map((p) => `${where}: ${p}`);
  }

  /** Throws with every problem: the way a test fails when the server and its document disagree. */
  assert(response: ObservedResponse): void {
    const problems = this.problems(response);
    if (problems.length > 0) throw new Error(`response does not match the OpenAPI document:\n${problems.join('\n')}`);
  }
}

function isRouteNotFound(body: string): boolean {
  try {
    return (JSON.parse(body) as { error?: { code?: string } }).error?.code === 'route_not_found';
  } catch {
    return false;
  }
}

function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

let shared: { json: string; validator: OpenApiResponseValidator } | null = null;

/** One validator per distinct document, so every app built in a test file shares the compiled schemas. */
export function responseValidatorFor(document: object): OpenApiResponseValidator {
  const json = JSON.stringify(document);
  if (shared === null || shared.json !== json) shared = { json, validator: new OpenApiResponseValidator(JSON.parse(json) as OpenApiDocument) };
  return shared.validator;
}

/** A fetch that validates every response it receives (for tests that talk to a listening server). */
export function validatingFetch(validator: OpenApiResponseValidator, inner: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const response = await inner(request);
    const body = await response.clone().text();
    validator.assert({ method: request.method, url: new URL(request.url).pathname + new URL(request.url).search, status: response.status, contentType: response.headers.get('content-type') ?? undefined, body });
    return response;
  };
}
