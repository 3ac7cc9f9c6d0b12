import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/index.ts';

const guide = readFileSync(resolve(import.meta.dirname, '../../docs/cli.md'), 'utf8');
// The command table's first cells: "`api-key create --org <id> …`" → its words before the options.
const documented = [...guide.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1] as string);

/** Every runnable command as "parent sub" (help excluded), with its long options. */
function commandsOf(program: Command): Array<{ name: string; options: string[] }> {
  const out: Array<{ name: string; options: string[] }> = [];
  const walk = (command: Command, prefix: string) => {
    for (const sub of command.commands) {
      if (sub.name() === 'help') continue;
      const name = `${prefix}${sub.name()}`;
      if (sub.commands.length > 0) walk(sub, `${name} `);
      else out.push({ name, options: sub.options.map((o) => o.long ?? '').filter((l) => l !== '' && l !== '--json' && l !== '--help') });
    }
  };
  walk(program, '');
  return out;
}

describe('docs/cli.md against the contactd program', () => {
  const commands = commandsOf(buildProgram());

  it('documents every command, and no command the program lacks', () => {
    const rowOf = (name: string) => documented.find((cell) => cell === name || cell.startsWith(`${name} `));
    expect(commands.map((c) => c.name).filter((name) => rowOf(name) === undefined)).toEqual([]);
    const names = new Set(commands.map((c) => c.name));
    const rowNames = documented.map((cell) => cell.split(' ').filter((word) => /^[a-z][a-z-]*$/.test(word)).slice(0, 2));
    expect(rowNames.filter((words) => !names.has(words.join(' ')) && !names.has(words[0] as string))).toEqual([]);
  });

  it('names every option of each command in its row', () => {
    const missing = commands.flatMap((c) => {
      const row = documented.find((cell) => cell === c.name || cell.startsWith(`${c.name} `)) ?? '';
      return c.options.filter((option) => !row.includes(option)).map((option) => `${c.name} ${option}`);
    });
    expect(missing).toEqual([]);
  });
});
