import type { JsonSchema } from './value-schemas.ts';

/** A reference to a shared schema registered with app.addSchema (see contact-schemas.ts). */
export const ref = (id: string): JsonSchema => ({ $ref: `${id}#` });

export const ETAG_HEADER: Record<string, JsonSchema> = {
  etag: { type: 'string', description: 'W/"<version>": the contact\'s version after this request; send it back as If-Match to make the next write conditional.' },
};

/** A JSON success response whose body is the shared schema `id`. */
export function jsonResponse(description: string, id: string, headers?: Record<string, JsonSchema>): JsonSchema {
  return { description, ...(headers !== undefined ? { headers } : {}), content: { 'application/json': { schema: ref(id) } } };
}

/** A success response without a body (204). */
export function emptyResponse(description: string, headers?: Record<string, JsonSchema>): JsonSchema {
  return { description, type: 'null', ...(headers !== undefined ? { headers } : {}) };
}

/** A JSON request body whose schema is the shared schema `id`. */
export function jsonBody(id: string): JsonSchema {
  return { content: { 'application/json': { schema: ref(id) } } };
}
