import openapiTS, { astToString } from 'openapi-typescript';
import { generateOpenApiDocument } from '../src/openapi-document.ts';

/** The committed files derived from the OpenAPI document, relative to the repository root. */
export const OPENAPI_JSON_PATH = 'openapi/openapi.json';
export const CLIENT_TYPES_PATH = 'packages/client/src/schema.ts';

/** Renders openapi/openapi.json and the client's types from the document the server generates. */
export async function renderOpenApiArtifacts(): Promise<Record<string, string>> {
  const document = await generateOpenApiDocument();
  const types = astToString(await openapiTS(document as unknown as Parameters<typeof openapiTS>[0], { defaultNonNullable: false }));
  return {
    [OPENAPI_JSON_PATH]: `${JSON.stringify(document, null, 2)}\n`,
    [CLIENT_TYPES_PATH]: `// Generated from openapi/openapi.json by \`npm run openapi\` (openapi-typescript). Do not edit.\n\n${types}`,
  };
}
