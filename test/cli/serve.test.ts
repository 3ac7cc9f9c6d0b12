import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createServer, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/database.ts';
import { childEnv, CONTACTD, startServe, type ServerProcess } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'contactd-serve-'));
const servers: ServerProcess[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
});

async function serve(file: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await startServe(['--database-url', `sqlite:${file}`], env);
  servers.push(server);
  return server;
}

const KEY_PATTERN = /ctd_[A-Za-z0-9_-]{43}/g;
const contactBody = (name: string) => JSON.stringify({ attributes: { first_name: name } });

// Every test starts real server processes (seconds each on a busy machine).
describe('contactd serve', { timeout: 120_000 }, () => {
  it('first start on an empty SQLite file prints the bootstrap key once, and that key works', async () => {
    const file = join(dir, 'first.sqlite');
    const server = await serve(file);
    const output = server.output();
    const keys = output.match(KEY_PATTERN) ?? [];
    expect(keys).toHaveLength(1);
    const key = keys[0] as string;
    // Clearly marked: framed by rules and labelled as shown once.
    expect(output).toMatch(/={20,}[\s\S]*ONCE[\s\S]*ctd_[\s\S]*={20,}/);
    expect(output).toContain('admin@localhost');
    // The banner says what the key may do: every permission, not only reading and writing contacts.
    expect(output).not.toContain('read-write');
    expect(output).toContain('holds every permission (contacts, webhooks, schema)');

    const health = await fetch(`${server.url}/api/v2/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ data: { status: 'healthy' } });
    const created = await fetch(`${server.url}/api/v2/contact`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: contactBody('First') });
    expect(created.status).toBe(201);
    // As the banner says: a custom attribute (schema:write) and a webhook list (webhooks:read) are allowed too.
    const defined = await fetch(`${server.url}/api/v2/_schema/contact/attributes`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ api_name: 'crm_id', display_name: 'CRM id', value_type: 'string' }) });
    expect(defined.status).toBe(201);
    expect((await fetch(`${server.url}/api/v2/webhook`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    expect(await server.stop()).toBe(0);

    const again = await serve(file);
    expect(again.output()).not.toMatch(KEY_PATTERN);
    expect(again.output()).not.toContain('first start');
    const stillWorks = await fetch(`${again.url}/api/v2/contact/${((await created.json()) as { data: { id: string } }).data.id}`, { headers: { 'x-api-key': key } });
    expect(stillWorks.status).toBe(200);
    expect(await again.stop()).toBe(0);
  });

  it('CONTACTD_BOOTSTRAP_API_KEY becomes the key and is never echoed; one JSON log line per request, never the key', async () => {
    const chosen = 'my-own-bootstrap-key-7f3a9c2e51d84b06';
    const server = await serve(join(dir, 'fixed.sqlite'), { CONTACTD_BOOTSTRAP_API_KEY: chosen });
    expect(server.output()).toContain('CONTACTD_BOOTSTRAP_API_KEY');
    expect(server.output()).toContain('holds every permission (contacts, webhooks, schema)');
    expect(server.output()).not.toMatch(KEY_PATTERN);

    const health = await fetch(`${server.url}/api/v2/health`);
    const created = await fetch(`${server.url}/api/v2/contact`, { method: 'POST', headers: { authorization: `Bearer ${chosen}`, 'content-type': 'application/json' }, body: contactBody('Fixed') });
    const wrong = await fetch(`${server.url}/api/v2/contact`, { method: 'POST', headers: { 'x-api-key': `${chosen}-wrong`, 'content-type': 'application/json' }, body: contactBody('Nope') });
    const missing = await fetch(`${server.url}/nowhere`, { headers: { 'x-api-key': chosen } });
    expect([health.status, created.status, wrong.status, missing.status]).toEqual([200, 201, 401, 404]);
    const organizationId = ((await created.json()) as { data: { attributes: { organization_id: { value: string } } } }).data.attributes.organization_id.value;

    const ids = [health, created, wrong, missing].map((r) => r.headers.get('x-request-id'));
    await server.waitFor(ids[3] as string);
    expect(await server.stop()).toBe(0);

    const logLines = server.stdout().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    const requestLines = logLines.filter((l) => l.msg === 'request');
    expect(requestLines.map((l) => l.request_id)).toEqual(ids);
    expect(requestLines.map((l) => [l.method, l.route, l.status])).toEqual([
      ['GET', '/api/v2/health', 200],
      ['POST', '/api/v2/contact', 201],
      ['POST', '/api/v2/contact', 401],
      ['GET', null, 404],
    ]);
    for (const line of requestLines) expect(typeof line.duration_ms).toBe('number');
    expect(requestLines.map((l) => l.organization_id)).toEqual([null, organizationId, null, null]);
    expect(server.output()).not.toContain(chosen);
  });

  it('SIGTERM while a request is in flight: that request completes, the database is closed, exit 0', async () => {
    const chosen = 'shutdown-test-key-0123456789abcdef';
    const file = join(dir, 'drain.sqlite');
    const server = await serve(file, { CONTACTD_BOOTSTRAP_API_KEY: chosen });
    const body = contactBody('InFlight');
    const { port } = new URL(server.url);

    // Expect: 100-continue makes the server confirm it has the request before the body is sent.
    const response = new Promise<{ status: number; body: string; connection: string | undefined }>((resolve, reject) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port: Number(port),
        method: 'POST',
        path: '/api/v2/contact',
        headers: { authorization: `Bearer ${chosen}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue' },
      });
      req.on('continue', () => {
        server.child.kill('SIGTERM');
        void server.waitFor('shutting down').then(() => req.end(body), reject);
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, connection: res.headers.connection }));
      });
      req.on('error', reject);
      req.flushHeaders();
    });

    const result = await response;
    expect(result.status).toBe(201);
    // So the now idle keep-alive connection cannot hold the shutdown open.
    expect(result.connection).toBe('close');
    expect(await server.exited).toBe(0);
    // A clean close checkpoints and removes the write-ahead log.
    expect(existsSync(`${file}-wal`)).toBe(false);
    const database = openDatabase(`sqlite:${file}`);
    try {
      const rows = await database.db.selectFrom('contacts').select('first_name').execute();
      expect(rows).toEqual([{ first_name: 'InFlight' }]);
    } finally {
      await database.close();
    }
  });

  it('stdout closed by its reader (a log pipe that went away): the first start still serves and SIGTERM still exits 0', async () => {
    const free = createServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
    const port = (free.address() as { port: number }).port;
    await new Promise<void>((resolve) => free.close(() => resolve()));
    const child = spawn(process.execPath, [...CONTACTD, '--database-url', `sqlite:${join(dir, 'closed-stdout.sqlite')}`, 'serve', '--port', String(port), '--host', '127.0.0.1'], {
      env: childEnv({ LOG_LEVEL: 'warn' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Nobody reads stdout: writing the bootstrap key announcement there fails with EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      let healthy = false;
      for (let attempt = 0; attempt < 100 && !healthy && child.exitCode === null; attempt += 1) {
        healthy = await fetch(`http://127.0.0.1:${port}/api/v2/health`, { signal: AbortSignal.timeout(1000) }).then((r) => r.status === 200, () => false);
        if (!healthy) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(healthy, stderr).toBe(true);
      // Past the uncaught-exception drain a stuck process would still be running.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      child.kill('SIGTERM');
      const code = await Promise.race([exited, new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 10_000))]);
      expect(code, stderr).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('exit non-zero with one line on stderr when the port is taken, and the key is not spent', async () => {
    const file = join(dir, 'taken.sqlite');
    const first = await serve(join(dir, 'other.sqlite'));
    const { port } = new URL(first.url);
    const { runCli } = await import('../helpers/cli.ts');
    const result = await runCli(['--database-url', `sqlite:${file}`, 'serve', '--port', port]);
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/EADDRINUSE|in use/i);
    expect(result.stdout).not.toMatch(KEY_PATTERN);
    const later = await serve(file);
    expect(later.output().match(KEY_PATTERN)).toHaveLength(1);
  });
});
