import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The fault suite starts its own servers to break (a PostgreSQL cluster, a Redis, a tmpfs), never the shared
 * ones. Without what a fault needs (root, the PostgreSQL binaries) the test skips with a NOTE, except under
 * CI, where a fault test that cannot run is a failure.
 */
export const IN_CI = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';

/** A reason the fault cannot be injected here, or null. Under CI the reason is thrown instead. */
export function unavailableBecause(reason: string | null, what: string): string | null {
  if (reason === null) return null;
  if (IN_CI) throw new Error(`${what} cannot run in CI: ${reason}`);
  process.stderr.write(`NOTE: ${what} was SKIPPED: ${reason}\n`);
  return reason;
}

export const isRoot = (): boolean => process.getuid?.() === 0;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function postgresBin(): string | null {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const version = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a))[0];
  return version === undefined ? null : join(base, version, 'bin');
}

/** Why an own PostgreSQL cluster cannot be started here, or null. */
export function ownPostgresUnavailable(): string | null {
  if (postgresBin() === null) return 'no PostgreSQL server binaries under /usr/lib/postgresql';
  if (!isRoot()) return 'starting a throw-away PostgreSQL cluster needs root (to run initdb as the postgres user)';
  return null;
}

export interface OwnPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  /** pg_ctl restart -m fast -w (what a minor upgrade does): resolves once the server accepts connections again. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /**
   * SIGSTOP to the server and all its processes: it stops answering while its sockets stay open and the
   * kernel still accepts connections (a hung host, a network that drops packets without resetting them).
   */
  pause(): void;
  /** SIGCONT to every process pause stopped. */
  resume(): void;
  destroy(): void;
}

/** A PostgreSQL cluster of the test's own, on a free port and a temporary data directory. */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const bin = postgresBin() as string;
  const dir = mkdtempSync(join(tmpdir(), 'contactd-faults-pg-'));
  chmodSync(dir, 0o755);
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  chownSync(dir, uid, gid);
  const data = join(dir, 'data');
  const port = await freePort();
  const asPostgres = (tool: string, args: string[]) =>
    execFileSync('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  asPostgres('initdb', ['-D', data, '--auth=trust', '-U', 'postgres', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
  const ctlArgs = (...args: string[]) => ['-u', 'postgres', '--', join(bin, 'pg_ctl'), '-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '60', ...args];
  // Asynchronous, so the test's load keeps running while the server goes down and comes back.
  const ctl = async (...args: string[]) => {
    await promisify(execFile)('runuser', ctlArgs(...args), { timeout: 120_000 });
  };
  await ctl('start');
  let paused: number[] = [];
  const signalAll = (pids: number[], signal: NodeJS.Signals) => {
    for (const pid of pids) {
      try {
        process.kill(pid, signal);
      } catch {
        // gone meanwhile
      }
    }
  };
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    restart: () => ctl('restart', '-m', 'fast'),
    stop: () => ctl('stop', '-m', 'fast'),
    start: () => ctl('start'),
    pause: () => {
      const postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      // The postmaster first, so it forks no new backend that the list misses.
      signalAll([postmaster], 'SIGSTOP');
      const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(postmaster)]).toString().split('\n').map((l) => Number(l.trim())).filter((pid) => pid > 0);
      signalAll(children, 'SIGSTOP');
      paused = [postmaster, ...children];
    },
    resume: () => {
      signalAll(paused, 'SIGCONT');
      paused = [];
    },
    destroy: () => {
      if (paused.length > 0) signalAll(paused, 'SIGCONT');
      try {
        execFileSync('runuser', ctlArgs('stop', '-m', 'immediate'), { stdio: 'ignore', timeout: 60_000 });
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface OwnRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

/** Why an own Redis cannot be started here, or null. */
export function ownRedisUnavailable(): string | null {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return null;
  } catch {
    return 'no redis-server binary on PATH';
  }
}

/** A Redis of the test's own on a free port, in memory only. */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      proc.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Ready to accept connections')) resolve();
      });
      proc.once('exit', (code) => reject(new Error(`redis-server exited (${code}):\n${out}`)));
    });
  };
  const stop = async () => {
    const proc = child;
    if (proc === null || proc.exitCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await exited;
    child = null;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, start, stop, destroy: stop };
}
