import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The `contactd` command as node arguments, run from its TypeScript sources through tsx so a test never
 * runs a stale dist/ (the built bin/contactd.js is checked by .ci/pack-check.sh on the packed package).
 */
export const CONTACTD_ENTRY = fileURLToPath(new URL('../../src/cli/contactd.ts', import.meta.url));
export const CONTACTD = ['--import', 'tsx', CONTACTD_ENTRY];

/** The environment a child sees: no DATABASE_URL or other contactd variables leaking from the developer's shell. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'NODE_OPTIONS']) if (process.env[name] !== undefined) env[name] = process.env[name];
  return { ...env, ...extra };
}

export interface CliResult { code: number | null; stdout: string; stderr: string }

/** Runs the real `contactd` command to completion. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CONTACTD, ...args], { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Parses stdout that must be exactly one JSON object on one line. */
export function singleJson(result: CliResult): Record<string, unknown> {
  if (result.code !== 0) throw new Error(`contactd exited ${result.code}: ${result.stderr}`);
  const lines = result.stdout.split('\n').filter((l) => l !== '');
  if (lines.length !== 1) throw new Error(`expected one line on stdout, got ${lines.length}: ${result.stdout}`);
  const value = JSON.parse(lines[0] as string) as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`expected a JSON object, got ${lines[0]}`);
  return value as Record<string, unknown>;
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process wrote so far, stdout and stderr. */
  output(): string;
  stdout(): string;
  /** Resolves when the process has exited, with its code. */
  exited: Promise<number | null>;
  /** Resolves once the output contains the text. */
  waitFor(text: string | RegExp): Promise<void>;
  stop(): Promise<number | null>;
}

/** Starts `contactd serve --port 0` and waits for its "listening on" line. */
export async function startServe(args: string[], env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...CONTACTD, ...args, 'serve', '--port', '0', '--host', '127.0.0.1'], { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let all = '';
  const waiters: Array<{ test: string | RegExp; resolve: () => void }> = [];
  const check = () => {
    for (const w of [...waiters]) {
      if (typeof w.test === 'string' ? all.includes(w.test) : w.test.test(all)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    all += chunk.toString();
    check();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    all += chunk.toString();
    check();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = (test: string | RegExp) =>
    new Promise<void>((resolve, reject) => {
      waiters.push({ test, resolve });
      check();
      void exited.then((code) => reject(new Error(`contactd exited (${code}) before printing ${String(test)}:\n${all}`)));
    });
  await waitFor(/contactd listening on http:\/\/\S+/);
  const url = /contactd listening on (http:\/\/\S+)/.exec(all)?.[1] as string;
  return {
    child,
    url,
    output: () => all,
    stdout: () => out,
    exited,
    waitFor,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
