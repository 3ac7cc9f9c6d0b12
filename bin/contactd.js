#!/usr/bin/env node
// The `contactd` command: runs the compiled JavaScript in dist/ with plain Node (no TypeScript at start).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/contactd.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('contactd: dist/ is missing; run `npm run build` (in a clone, `npm install` runs it)\n');
  process.exit(1);
}
await import(entry.href);
