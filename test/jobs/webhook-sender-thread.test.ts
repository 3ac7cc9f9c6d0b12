import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { threadSender, type SendRequest, type WebhookSender } from '../../src/jobs/webhook-sender.ts';

const SECRET = `whsec_${Buffer.from('a sender thread test secret, 32b').toString('base64')}`;

async function receiver(handle: (req: IncomingMessage, body: string, res: ServerResponse) => void): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => { body += chunk.toString('utf8'); });
    req.on('end', () => handle(req, body, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, server };
}

const request = (url: string, timeoutMs = 5000): SendRequest => ({
  url, eventId: 'evt_1', body: '{"type":"contact.updated"}', secrets: [SECRET], at: Date.now(), timeoutMs, allowPrivate: true,
});

describe('the webhook sender thread', () => {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });
  const started = (sender: WebhookSender) => {
    cleanup.push(() => sender.close());
    return sender;
  };
  const serving = async (handle: Parameters<typeof receiver>[0]) => {
    const { url, server } = await receiver(handle);
    cleanup.push(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
    return url;
  };

  it('signs in the thread: the receiver verifies the request with standardwebhooks', async () => {
    const seen: Array<{ headers: Record<string, string>; body: string }> = [];
    const url = await serving((req, body, res) => {
      seen.push({ headers: req.headers as Record<string, string>, body });
      res.writeHead(204).end();
    });
    const sender = started(threadSender());
    expect(await sender.send(request(url))).toEqual({ statusCode: 204, error: null });
    expect(seen).toHaveLength(1);
    const [{ headers, body }] = seen as [{ headers: Record<string, string>; body: string }];
    expect(headers['webhook-id']).toBe('evt_1');
    expect(new Webhook(SECRET).verify(body, headers)).toEqual({ type: 'contact.updated' });
  });

  it('abort ends an attempt in flight at once with an error', async () => {
    const url = await serving(() => { /* never answers */ });
    const sender = started(threadSender());
    const sent = sender.send(request(url, 20_000));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const before = performance.now();
    sender.abort();
    const result = await sent;
    expect(result.statusCode).toBeNull();
    expect(result.error).toMatch(/aborted/);
    expect(performance.now() - before).toBeLessThan(5000);
  });

  it('an attempt in flight when the thread stops answers with an error; the next send starts a new thread', async () => {
    let hang = true;
    const url = await serving((_req, _body, res) => {
      if (!hang) res.writeHead(200).end('ok');
    });
    const sender = started(threadSender());
    const sent = sender.send(request(url, 20_000));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await sender.close();
    expect(await sent).toEqual({ statusCode: null, error: 'the webhook sender thread stopped' });
    hang = false;
    expect(await sender.send(request(url))).toEqual({ statusCode: 200, error: null });
  });
});
