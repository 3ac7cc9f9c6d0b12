import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The TypeScript examples of the client in the README files and docs/ compile against the client's sources, as
// they would in a reader's project: with the strict settings most projects use, and with
// exactOptionalPropertyTypes too (@tsconfig/strictest and many others turn it on).
const root = resolve(import.meta.dirname, '../..');
const documents = ['README.md', 'packages/client/README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

interface Example {
  name: string;
  code: string;
}

/** Every ts block, and every js block written as an ES module, that uses the client. */
function clientExamples(): Example[] {
  const examples: Example[] = [];
  for (const document of documents) {
    const text = readFileSync(join(root, document), 'utf8');
    for (const match of text.matchAll(/^```(ts|js)\n([\s\S]*?)^```/gm)) {
      const code = match[2] ?? '';
      if (!/createContactdClient|contactd\.|@contactd\/client/.test(code) || /\brequire\(/.test(code)) continue;
      const line = text.slice(0, match.index).split('\n').length;
      examples.push({ name: `${document.replaceAll('/', '_')}_${line}.ts`, code: `${code}\nexport {};\n` });
    }
  }
  return examples;
}

// What the examples take from the surrounding text: the reader's own values and functions.
const AMBIENT = `
declare const baseUrl: string;
declare const apiKey: string | undefined;
declare const saved: string | undefined;
declare function save(cursor: string): void;
declare const signal: AbortSignal;
declare function handle(event: unknown): void;
declare const csvText: string;
declare const contactId: string;
declare const contactd: import('@contactd/client').ContactdClient;
declare function readFile(path: string): Promise<Uint8Array>;
declare const process: { env: Record<string, string | undefined>; argv: string[] };
`;

function compile(examples: Example[], exactOptionalPropertyTypes: boolean): string[] {
  const folder = join(root, 'packages/client/doc-examples');
  const files = new Map(examples.map((e) => [join(folder, e.name), e.code]));
  files.set(join(folder, 'ambient.d.ts'), AMBIENT);
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    types: [],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    exactOptionalPropertyTypes,
    paths: { '@contactd/client': [join(root, 'packages/client/src/index.ts')] },
  };
  const host = ts.createCompilerHost(options);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (file) => files.has(file) || fileExists(file);
  host.readFile = (file) => files.get(file) ?? readFile(file);
  host.getSourceFile = (file, language, ...rest) => {
    const text = files.get(file);
    return text !== undefined ? ts.createSourceFile(file, text, language) : getSourceFile(file, language, ...rest);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file === undefined ? '' : `${d.file.fileName.slice(folder.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: `;
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

describe('the client examples of the README files and docs/', () => {
  const examples = clientExamples();

  it('finds the examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
  });

  it('compile under strict', () => {
    expect(compile(examples, false)).toEqual([]);
  });

  it('compile under strict with exactOptionalPropertyTypes', () => {
    expect(compile(examples, true)).toEqual([]);
  });

  it('every write shape the API guide documents type-checks, standard attributes and custom ones alike; a wrong type does not', () => {
    const writes: Example = {
      name: 'writes.ts',
      code: `import { createContactdClient } from '@contactd/client';
const client = createContactdClient({ baseUrl: 'http://127.0.0.1:8080', apiKey: 'k' });
const id = '0190a000-0000-7000-8000-000000000001';
await client.createContact({
  first_name: 'Sarah', address: { city: 'Oakland' }, stage: 'working', sms_consent: true,
  owner_user_id: { related_record_match: { email: 'admin@localhost' } }, owner_team_id: { related_record_match: { name: 'Sales' } },
  contact_emails: [{ email: 'sarah@example.com', is_primary: true, labels: ['WORK'] }, 'sarah.lee@example.com'],
  contact_phone_numbers: [{ phone_number: '+14155550100', labels: ['MOBILE'] }],
  lead_score: 87, tier: ['gold'], amount: { amount: '12.50', currency_code: 'EUR' },
});
await client.patchContact(id, { address: { value: { city: 'Oakland' }, value_type: 'address' }, participant_user_id_list: [id], middle_name: null });
await client.assertContact({ match: { primary_email: 'sarah@example.com' }, attributes: { address: { street_one: '1 Main St' } } });
await client.batchContacts({ operations: [
  { op: 'create', attributes: { first_name: 'Ada', address: { city: 'London' } } },
  { op: 'patch', id, attributes: { contact_emails: [{ email: 'ada@example.com' }] } },
  { op: 'assert', match: { contact_emails: 'ada@example.com' }, attributes: { owner_team_id: { related_record_match: { name: 'Sales' } } } },
  { op: 'archive', id },
] });
// @ts-expect-error an address is an object, not a number
await client.createContact({ first_name: 'Sarah', address: 5 });
// @ts-expect-error sms_consent is a boolean
await client.patchContact(id, { sms_consent: 'yes' });
export {};
`,
    };
    expect(compile([writes], false)).toEqual([]);
    expect(compile([writes], true)).toEqual([]);
  });
});
