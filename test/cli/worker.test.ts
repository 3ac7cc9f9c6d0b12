import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTACTD, childEnv } from '../helpers/cli.ts';

describe('contactd worker', () => {
  const file = join(tmpdir(), `contactd-worker-${randomUUID()}.sqlite`);
  afterAll(() => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  });

  it('migrates, runs the delivery worker alone until SIGTERM, then exits 0', { timeout: 30_000 }, async () => {
    const child = spawn(process.execPath, [...CONTACTD, 'worker'], { env: childEnv({ DATABASE_URL: `sqlite:${file}` }), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await expect.poll(() => out, { timeout: 20_000 }).toMatch(/contactd worker delivering webhooks and running import jobs \(sqlite\)/);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
