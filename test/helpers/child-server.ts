import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { CONTACTD } from './cli.ts';

export interface ChildServer {
  url: string;
  process: ChildProcess;
  /** Everything the child wrote, for failure messages. */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** A fresh bootstrap key for a child server's first start. */
export function newBootstrapKey(): string {
  return `ctd_test_${randomBytes(24).toString('hex')}`;
}

/** `contactd serve` as a child process on a free localhost port; resolves once it listens. */
export function startChildServer(env: Record<string, string>): Promise<ChildServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CONTACTD, 'serve', '--port', '0', '--host', '127.0.0.1'], {
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let settled = false;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const server: Omit<ChildServer, 'url'> = {
      process: child,
      output: () => out,
      kill: async (signal = 'SIGKILL') => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        await exited;
      },
    };
    const timer = setTimeout(() => fail(new Error(`contactd did not start within 30 s:\n${out}`)), 30_000);
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /contactd listening on (http:\/\/\S+)/.exec(out);
      if (match && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve({ ...server, url: match[1] as string });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => fail(new Error(`contactd exited (${code ?? signal}) before listening:\n${out}`)));
  });
}
