// `npm run openapi`: regenerates openapi/openapi.json and packages/client/src/schema.ts from the routes and catalog.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { renderOpenApiArtifacts } from './openapi-artifacts.ts';

const root = resolve(import.meta.dirname, '..');
for (const [path, content] of Object.entries(await renderOpenApiArtifacts())) {
  mkdirSync(dirname(resolve(root, path)), { recursive: true });
  writeFileSync(resolve(root, path), content);
  process.stdout.write(`wrote ${path}\n`);
}
