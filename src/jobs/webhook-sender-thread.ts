/**
 * The webhook sender thread (see threadSender in webhook-sender.ts): receives attempts from the delivery worker,
 * signs and POSTs each, and answers with its result. It holds the keep-alive connection pools; it touches no
 * database. An abort message ends every attempt in flight.
 */
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { SENDER_THREAD_NICENESS, senderAgents, signAndSend, type SenderAnswer, type SenderMessage } from './webhook-sender.ts';

const port = parentPort;
if (port === null) throw new Error('webhook-sender-thread runs as a worker thread');
// Deliveries come after the API when both want the CPU: on Linux a thread has a nice value of its own, and
// lowering one's own priority needs no privilege. Elsewhere (no /proc/thread-self) it keeps the process's.
try {
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(tid) && tid > 0) setPriority(tid, Math.min(19, getPriority(tid) + SENDER_THREAD_NICENESS));
} catch {
  // not Linux, or not allowed: the thread runs at the process's priority
}
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
