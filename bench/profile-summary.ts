/**
 * Prints the functions that cost the most in a V8 CPU profile (from `npm run bench -- --cpu-prof`):
 * self time and inclusive time as shares of busy (non-idle) samples, a terminal-sized stand-in for a flame graph.
 * Usage: `npx tsx bench/profile-summary.ts <file.cpuprofile> [top=30] [filter]`.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile { nodes: ProfileNode[]; startTime: number; endTime: number; samples?: number[] }

export interface FunctionCost { name: string; selfPct: number; totalPct: number }

const frameName = (node: ProfileNode): string => {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url === '' ? '' : ` ${relative(process.cwd(), url.replace(/^file:\/\//, '')).replace(/^node_modules\//, '~/')}:${lineNumber + 1}`;
  return `${functionName || '(anonymous)'}${where}`;
};

/** Self and inclusive sample shares per function (a recursive function counts once per stack). */
export function summarize(profile: Profile): FunctionCost[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Shares of busy time: the server idles while the floor's rounds run.
  const total = profile.nodes.filter((n) => n.callFrame.functionName !== '(idle)').reduce((sum, n) => sum + (n.hitCount ?? 0), 0) || 1;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0 || node.callFrame.functionName === '(idle)') continue;
    self.set(frameName(node), (self.get(frameName(node)) ?? 0) + hits);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const name = frameName(byId.get(id) as ProfileNode);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + hits);
    }
  }
  return [...inclusive.entries()].map(([name, hits]) => ({ name, selfPct: (100 * (self.get(name) ?? 0)) / total, totalPct: (100 * hits) / total }));
}

const [file, topArg, filter] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write('usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [top=30] [filter]\n');
  process.exit(2);
}
const top = Number(topArg ?? 30);
const costs = summarize(JSON.parse(readFileSync(file, 'utf8')) as Profile).filter((c) => filter === undefined || c.name.includes(filter));
const line = (c: FunctionCost) => `${c.selfPct.toFixed(1).padStart(6)}% ${c.totalPct.toFixed(1).padStart(6)}%  ${c.name}`;
process.stdout.write(`  self%  total%  function (by self time)\n${[...costs].sort((a, b) => b.selfPct - a.selfPct).slice(0, top).map(line).join('\n')}\n\n`);
process.stdout.write(`  self%  total%  function (by inclusive time)\n${[...costs].sort((a, b) => b.totalPct - a.totalPct).slice(0, top).map(line).join('\n')}\n`);
