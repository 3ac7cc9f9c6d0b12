import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { CONTACTD, childEnv, startServe } from '../helpers/cli.ts';

const KEY = 'ctd_workers_shutdown_key_0123456789';

/** The server-wide in-flight gauge (every worker's, summed by the primary); the scrape counts itself. */
async function inFlight(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^contactd_http_requests_in_flight (\d+)/m.exec(text)?.[1] ?? Number.NaN);
}

describe('contactd serve --workers: graceful stops', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'contactd-workers-shutdown-'));
  const sockets: Socket[] = [];
  afterAll(() => {
    for (const socket of sockets) socket.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a stop that runs out of SHUTDOWN_TIMEOUT_MS exits with code 1, as one process does, not 0', async () => {
    const server = await startServe(['--database-url', `sqlite:${join(dir, 'db.sqlite')}`], {
      WORKERS: '2',
      LOG_LEVEL: 'warn',
      SHUTDOWN_TIMEOUT_MS: '300',
      HTTP_REQUEST_TIMEOUT_MS: '60000',
      CONTACTD_BOOTSTRAP_API_KEY: KEY,
    });
    let code: number | null;
    try {
      // Requests whose bodies never finish arriving stay in flight, so the workers' drain cannot end in time.
      const { port } = new URL(server.url);
      for (let i = 0; i < 4; i += 1) {
        const socket = connect(Number(port), '127.0.0.1', () => socket.write(`POST /api/v2/contact HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEY}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"attr`));
        socket.on('error', () => undefined);
        sockets.push(socket);
      }
      while ((await inFlight(server.url)) < 5) await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      code = await server.stop();
    }
    expect(server.output()).toContain('(sqlite, 2 workers)');
    expect(code).toBe(1);
    expect(server.output()).toContain('shutdown did not finish within 300 ms');
  });

  it('SIGINT to the whole process group (Ctrl-C in a terminal; systemd stops every process of the unit): each worker drains and the stop exits 0', async () => {
    // A process group of its own, so the signal can go to all of it as a terminal sends it.
    const child = spawn(process.execPath, [...CONTACTD, '--database-url', `sqlite:${join(dir, 'group.sqlite')}`, 'serve', '--port', '0', '--host', '127.0.0.1', '--workers', '2'], {
      detached: true,
      env: childEnv({ LOG_LEVEL: 'info', CONTACTD_BOOTSTRAP_API_KEY: KEY }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('contactd listening on')) resolve();
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      void exited.then((code) => reject(new Error(`exited (${code}) before listening:\n${output}`)));
    });
    process.kill(-(child.pid as number), 'SIGINT');
    const code = await exited;
    // Each worker took the signal as the start of its drain; a second one (the primary's) used to kill it mid-drain.
    expect(output.match(/"msg":"shutting down"/g), output).toHaveLength(2);
    expect(code, output).toBe(0);
  });
});
