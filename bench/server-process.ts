import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** A server the harness runs as a child process, so its memory is its own and can be read from /proc. */
export interface ServerProcess {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  /** Seconds from spawn to the ready line. */
  readonly startSeconds: number;
  /** Resident memory now, in bytes, of the process and its children (cluster workers). */
  rssBytes(): number;
  /** CPU time (user + system) used so far by the process tree, in seconds. */
  cpuSeconds(): number;
  /** The highest resident memory of the process tree over its life (sum of each process's VmHWM). */
  peakRssBytes(): number;
  /** SIGTERM, then SIGKILL after 15 s; resolves with the exit code (null when killed by a signal). */
  stop(): Promise<number | null>;
}

export function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0; // the process has exited
  }
}

/** Children of every thread: tsx's loader thread starts esbuild, the main thread forks cluster workers. */
export function childPids(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter((s) => s !== '').map(Number));
  } catch {
    return []; // the process has exited
  }
}

/** Kernel clock ticks per second (USER_HZ), which /proc/<pid>/stat counts CPU time in: 100 on Linux. */
const CLOCK_TICKS = 100;

function cpuTicks(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  } catch {
    return 0;
  }
}

/** The process and all its descendants. */
export const processTree = (pid: number): number[] => [pid, ...childPids(pid).flatMap(processTree)];

/**
 * Spawns `command args`, resolves once a stdout line matches `ready` (its first group is the URL). The wait
 * is long: on 2026-12-04 contactd did not print its ready line within 2 minutes on a 15 GB SQLite database
 * (1M contacts with 20 custom attributes each, right after seeding), and the whole run was lost; the
 * harness logs a slow start instead.
 */
export function startServer(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp, timeoutMs = 900_000): Promise<ServerProcess> {
  const spawned = performance.now();
  const child: ChildProcess = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${name} did not start within ${timeoutMs} ms`)), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n--- ${name} output ---\n${output.slice(-4000)}`));
    };
    const early = (code: number | null, signal: NodeJS.Signals | null) => fail(new Error(`${name} exited before it was ready (code ${code}, signal ${signal})`));
    child.once('exit', early);
    child.stderr?.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8000);
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match === null || child.pid === undefined) return;
      clearTimeout(timer);
      child.off('exit', early);
      // Keep draining the pipes so a chatty server never blocks on a full one.
      output = '';
      child.stdout?.removeAllListeners('data').resume();
      const pid = child.pid;
      resolve({
        name,
        url: match[1] as string,
        pid,
        startSeconds: (performance.now() - spawned) / 1000,
        rssBytes: () => processTree(pid).reduce((sum, p) => sum + statusField(p, 'VmRSS'), 0),
        cpuSeconds: () => processTree(pid).reduce((sum, p) => sum + cpuTicks(p), 0) / CLOCK_TICKS,
        peakRssBytes: () => processTree(pid).reduce((sum, p) => sum + statusField(p, 'VmHWM'), 0),
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
          const code = await exited;
          clearTimeout(killer);
          return code;
        },
      });
    });
  });
}
