/**
 * The webhook sender thread (see threadSender in webhook-sender.ts): receives attempts from the delivery worker,
 * signs and POSTs each, and answers with its result. It holds the keep-alive connection pools; it touches no
 * database. An abort message ends every attempt in flight.
 */
import { parentPort } from 'node:worker_threads';
import { senderAgents, signAndSend, type SenderAnswer, type SenderMessage } from './webhook-sender.ts';

const port = parentPort;
if (port === null) throw new Error('webhook-sender-thread runs as a worker thread');
const agents = senderAgents();
let abort = new AbortController();
port.on('message', (message: SenderMessage) => {
  if (message.type === 'abort') {
    abort.abort();
    abort = new AbortController();
    return;
  }
  void signAndSend(message.request, agents, abort.signal).then((result) => port.postMessage({ id: message.id, result } satisfies SenderAnswer));
});
