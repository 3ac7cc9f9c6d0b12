import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

const guide = readFileSync(resolve(import.meta.dirname, '../../docs/configuration.md'), 'utf8');
// The server's variables: every table row before the tests' own table.
const serverPart = guide.slice(0, guide.indexOf('## Variables used only by the tests'));
const rows = [...serverPart.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \| ([^|]*) \| ([^|]*) \|/gm)].map((m) => ({ name: m[1] as string, defaultCell: m[2] as string, accepted: m[3] as string }));

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};
// A variable checked against another: set the other so that only the bound under test decides.
const COMPANIONS: Record<string, Record<string, string>> = { HTTP_HEADERS_TIMEOUT_MS: { HTTP_REQUEST_TIMEOUT_MS: '600000' }, HTTP_REQUEST_TIMEOUT_MS: { HTTP_HEADERS_TIMEOUT_MS: '1000' } };

describe('docs/configuration.md against loadConfig', () => {
  it('lists every variable loadConfig reads', () => {
    const read = new Set<string>();
    loadConfig(new Proxy({}, { get: (_target, name) => { if (typeof name === 'string') read.add(name); return undefined; } }));
    expect([...read].filter((name) => !rows.some((row) => row.name === name))).toEqual([]);
  });

  it('each documented default is the value an unset variable takes', () => {
    const unset = loadConfig({});
    for (const { name, defaultCell } of rows) {
      const value = /`([^`]+)`/.exec(defaultCell)?.[1];
      if (value === undefined) continue;
      expect(loadConfig({ [name]: value }), `${name}=${value}`).toEqual(unset);
    }
  });

  it('each documented integer range is the one accepted: both ends are, one past either end is not', () => {
    const ranges = rows.flatMap(({ name, accepted }) => {
      const match = /integer (\d+)–(\d+)/.exec(accepted);
      return match === null ? [] : [{ name, low: Number(match[1]), high: Number(match[2]) }];
    });
    expect(ranges.length).toBeGreaterThan(20);
    for (const { name, low, high } of ranges) {
      const env = (value: number) => ({ ...COMPANIONS[name], [name]: String(value) });
      expect(problemsOf(env(low)), `${name}=${low}`).toEqual([]);
      expect(problemsOf(env(high)), `${name}=${high}`).toEqual([]);
      if (low > 0) expect(problemsOf(env(low - 1)).join('\n'), `${name}=${low - 1}`).toContain(name);
      expect(problemsOf(env(high + 1)).join('\n'), `${name}=${high + 1}`).toContain(name);
    }
  });

  it('each documented number range is the one accepted: a fraction and the upper end are, 0 and one past the end are not', () => {
    const ranges = rows.flatMap(({ name, accepted }) => {
      const match = /number (?:> 0|above 0), at most (\d+)/.exec(accepted);
      return match === null ? [] : [{ name, high: Number(match[1]) }];
    });
    expect(ranges.length).toBeGreaterThan(2);
    for (const { name, high } of ranges) {
      expect(problemsOf({ [name]: '0.5' }), `${name}=0.5`).toEqual([]);
      expect(problemsOf({ [name]: String(high) }), `${name}=${high}`).toEqual([]);
      expect(problemsOf({ [name]: '0' }).join('\n'), `${name}=0`).toContain(name);
      expect(problemsOf({ [name]: String(high + 1) }).join('\n'), `${name}=${high + 1}`).toContain(name);
    }
  });
});
