import { StringDecoder } from 'node:string_decoder';
import http from 'node:http';
import https from 'node:https';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Webhook } from 'standardwebhooks';
import { forbiddenAddressReason, NOT_PUBLIC } from '../domain/webhook-url.ts';

/** Receivers' answers are read up to this much and then cut off: a huge body costs nothing more. */
export const MAX_RESPONSE_BYTES = 64 * 1024;
/** Characters (code points) of a failed answer quoted in last_error. */
const SNIPPET_CHARACTERS = 200;

export interface SendResult {
  /** The receiver's HTTP status, when it answered. */
  statusCode: number | null;
  /** Why the attempt failed; null on a 2xx. */
  error: string | null;
}

/** Signers by secret, so the secret is decoded once rather than at every attempt; a bounded, oldest-out cache. */
const signers = new Map<string, Webhook>();
const SIGNERS_CACHED = 1000;
function signer(secret: string): Webhook {
  let webhook = signers.get(secret);
  if (webhook === undefined) {
    webhook = new Webhook(secret);
    if (signers.size >= SIGNERS_CACHED) signers.delete(signers.keys().next().value as string);
    signers.set(secret, webhook);
  }
  return webhook;
}

/** Standard Webhooks headers: webhook-id, webhook-timestamp and one v1 signature per secret (space-separated). */
export function signedHeaders(id: string, body: string, secrets: readonly string[], at: Date): Record<string, string> {
  const signature = secrets.map((secret) => signer(secret).sign(id, at, body)).join(' ');
  return {
    'content-type': 'application/json',
    'user-agent': 'contactd-webhooks/1',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signature,
  };
}

/** A DNS lookup that refuses private addresses, so the check holds for the address actually connected to. */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 4);
    for (const { address } of addresses) {
      // Not which address: the deliveries log is read by any key with webhooks:read (see webhookUrlRefusal).
      if (forbiddenAddressReason(address) !== null) return callback(Object.assign(new Error(`refused: ${hostname} ${NOT_PUBLIC}`), { code: 'EWEBHOOKPRIVATE' }), '', 4);
    }
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    const first = addresses[0] as LookupAddress;
    return callback(null, first.address, first.family);
  });
};

/** Keep-alive connection pools shared by every delivery of a worker. */
export function senderAgents(): { http: http.Agent; https: https.Agent; close(): void } {
  const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 256 }), https: new https.Agent({ keepAlive: true, maxSockets: 256 }) };
  return { ...agents, close: () => { agents.http.destroy(); agents.https.destroy(); } };
}

/**
 * One POST to a receiver. Never throws and never takes longer than timeoutMs: connect, send and the
 * answer (status and at most MAX_RESPONSE_BYTES of body) all count; redirects are not followed (a 3xx
 * is a failure); the address is checked after DNS unless allowPrivate.
 */
export function sendWebhook(options: {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowPrivate: boolean;
  agents: { http: http.Agent; https: https.Agent };
  signal: AbortSignal;
}): Promise<SendResult> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      resolve(result);
    };
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      finish({ statusCode: null, error: 'the subscription URL is not valid' });
      return;
    }
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    if (!options.allowPrivate && isIP(host) !== 0) {
      const reason = forbiddenAddressReason(host);
      if (reason !== null) {
        finish({ statusCode: null, error: `refused: ${reason}` });
        return;
      }
    }
    const secure = url.protocol === 'https:';
    const body = Buffer.from(options.body, 'utf8');
    const request = (secure ? https : http).request(url, {
      method: 'POST',
      headers: { ...options.headers, 'content-length': String(body.length) },
      agent: secure ? options.agents.https : options.agents.http,
      ...(options.allowPrivate ? {} : { lookup: guardedLookup }),
    });
    const timer = setTimeout(() => {
      finish({ statusCode: null, error: `no answer within ${options.timeoutMs} ms` });
      request.destroy();
    }, options.timeoutMs);
    const onAbort = () => {
      finish({ statusCode: null, error: 'aborted: the worker is stopping' });
      request.destroy();
    };
    options.signal.addEventListener('abort', onAbort, { once: true });
    request.on('error', (error: NodeJS.ErrnoException) => {
      finish({ statusCode: null, error: error.code === 'EWEBHOOKPRIVATE' ? error.message : `connection failed: ${error.code ?? error.message}` });
    });
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      let read = 0;
      // The answer's first bytes: enough for SNIPPET_CHARACTERS characters of up to four bytes, decoded once and
      // without a character the cut splits (a StringDecoder keeps it back; toString would make it U+FFFD).
      let head = Buffer.alloc(0);
      const done = () => {
        const ok = status >= 200 && status < 300;
        // Control characters go with the whitespace: a NUL in text is an error on PostgreSQL, which would fail the outcome's transaction.
        const quoted = [...new StringDecoder('utf8').write(head).replace(/[\s\p{Cc}]+/gu, ' ').trim()].slice(0, SNIPPET_CHARACTERS).join('');
        const error = ok ? null
          : status >= 300 && status < 400 ? `HTTP ${status}: redirects are not followed`
          : `HTTP ${status}${quoted === '' ? '' : `: ${quoted}`}`;
        finish({ statusCode: status, error });
      };
      response.on('data', (chunk: Buffer) => {
        if (head.length < SNIPPET_CHARACTERS * 4) head = Buffer.concat([head, chunk.subarray(0, SNIPPET_CHARACTERS * 4 - head.length)]);
        read += chunk.length;
        // Enough read: answer with what we know and drop the connection instead of reading the rest.
        if (read > MAX_RESPONSE_BYTES) {
          done();
          request.destroy();
        }
      });
      response.on('end', done);
      response.on('error', () => done());
      response.on('close', done);
    });
    request.end(body);
  });
}

/** One attempt as the sender thread receives it: it signs (one signature per secret) and POSTs. */
export interface SendRequest {
  url: string;
  eventId: string;
  body: string;
  /** The current secret first, then the previous one while it still signs. */
  secrets: readonly string[];
  /** The signing time (webhook-timestamp), ms since the epoch. */
  at: number;
  timeoutMs: number;
  allowPrivate: boolean;
}

/** Messages to the sender thread, and its answers. */
export type SenderMessage = { type: 'send'; id: number; request: SendRequest } | { type: 'abort' };
export interface SenderAnswer { id: number; result: SendResult }

/** Sends attempts; never throws: every failure is a SendResult with its error. */
export interface WebhookSender {
  send(request: SendRequest): Promise<SendResult>;
  /** Ends every attempt in flight at once (each answers with an error). */
  abort(): void;
  /** Ends the thread; attempts still in flight answer with an error. */
  close(): Promise<void>;
}

/** Signs and sends one attempt with the given connection pools (in the sender thread). */
export function signAndSend(request: SendRequest, agents: { http: http.Agent; https: https.Agent }, signal: AbortSignal): Promise<SendResult> {
  let headers: Record<string, string>;
  try {
    headers = signedHeaders(request.eventId, request.body, request.secrets, new Date(request.at));
  } catch (error) {
    return Promise.resolve({ statusCode: null, error: `could not sign: ${error instanceof Error ? error.message : String(error)}` });
  }
  return sendWebhook({ url: request.url, headers, body: request.body, timeoutMs: request.timeoutMs, allowPrivate: request.allowPrivate, agents, signal });
}

/**
 * The sender as a worker thread of its own (webhook-sender-thread.ts): signing, DNS, connections, the request and
 * reading the answer take CPU off the API's event loop, so under load the second core does the deliveries' HTTP
 * work while the database work (claims, outcomes) stays on the one connection of the main thread. A thread that
 * dies answers its attempts in flight with an error (retried as any failed attempt) and the next send starts
 * another.
 */
export function threadSender(): WebhookSender {
  const self = fileURLToPath(import.meta.url);
  // From TypeScript sources (tests, `npm run dev`), the thread registers tsx before loading its entry.
  const typescript = self.endsWith('.ts');
  const entry = new URL(`./webhook-sender-thread.${typescript ? 'ts' : 'js'}`, import.meta.url);
  const pending = new Map<number, (result: SendResult) => void>();
  let worker: Worker | null = null;
  let next = 0;
  const failAll = (error: string) => {
    for (const resolve of pending.values()) resolve({ statusCode: null, error });
    pending.clear();
  };
  const spawn = (): Worker => {
    const thread = typescript
      ? new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`, { eval: true })
      : new Worker(entry);
    thread.on('message', ({ id, result }: SenderAnswer) => {
      const resolve = pending.get(id);
      pending.delete(id);
      if (pending.size === 0) thread.unref();
      resolve?.(result);
    });
    thread.on('error', (error) => {
      if (worker === thread) worker = null;
      failAll(`the webhook sender thread failed: ${error.message}`);
    });
    thread.on('exit', () => {
      if (worker === thread) worker = null;
      failAll('the webhook sender thread stopped');
    });
    thread.unref();
    return thread;
  };
  return {
    send: (request) => new Promise((resolve) => {
      worker ??= spawn();
      const id = next++;
      pending.set(id, resolve);
      // Referenced while attempts are in flight: a process waiting for their answers does not exit meanwhile.
      worker.ref();
      worker.postMessage({ type: 'send', id, request } satisfies SenderMessage);
    }),
    abort: () => worker?.postMessage({ type: 'abort' } satisfies SenderMessage),
    close: async () => {
      const thread = worker;
      worker = null;
      if (thread !== null) await thread.terminate();
      failAll('the webhook sender thread stopped');
    },
  };
}
