import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { TestApp } from './test-app.ts';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON. */
  json: Record<string, unknown>;
}

/** What the receiver does with a request: answer with a status (default 204), or act (hang, redirect, huge body). */
export type ReceiverBehaviour = (received: ReceivedWebhook, response: ServerResponse) => void;

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Replaces how later requests are answered. */
  behave(behaviour: ReceiverBehaviour): void;
  /** Verifies a received request's signature with standardwebhooks, as a receiver would; returns the payload. */
  verify(received: ReceivedWebhook, secret: string): unknown;
  close(): Promise<void>;
}

export const answer = (status: number): ReceiverBehaviour => (_received, response) => {
  response.statusCode = status;
  response.end();
};

/** A real HTTP receiver on loopback recording every request. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let behaviour: ReceiverBehaviour = answer(204);
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const entry: ReceivedWebhook = { headers: request.headers, body, json: JSON.parse(body) as Record<string, unknown> };
      received.push(entry);
      behaviour(entry, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    behave: (next) => {
      behaviour = next;
    },
    verify: (entry, secret) => new Webhook(secret).verify(entry.body, entry.headers as Record<string, string>),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Between tests sharing one app and receiver: the receiver answers 204 again and forgets what it got, and
 * every subscription the key can see is deleted, so a later test's events reach only its own subscriptions.
 */
export async function resetWebhookTest(t: TestApp, key: string, receiver: WebhookReceiver): Promise<void> {
  receiver.behave(answer(204));
  receiver.received.length = 0;
  const list = await t.request({ method: 'GET', url: '/api/v2/webhook', key });
  for (const s of (list.json() as { data: Array<{ id: string }> }).data) await t.request({ method: 'DELETE', url: `/api/v2/webhook/${s.id}`, key });
}
