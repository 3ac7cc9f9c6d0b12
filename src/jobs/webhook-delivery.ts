import { nextAttemptAt, subscriptionMatches } from '../domain/webhooks.ts';
import type { AttemptOutcome, ClaimedDelivery, WebhookStore } from '../domain/webhook-store.ts';
import { threadSender, type SendResult } from './webhook-sender.ts';

/**
 * How often an idle worker looks for new events and due deliveries. Commits of its own process wake it at once
 * (wake()); the poll finds other processes' commits and retries coming due.
 */
export const WEBHOOK_POLL_INTERVAL_MS = 25;
/**
 * With no enabled subscription anywhere, a worker looks for one at most this often: commits (wake()) do not
 * start passes meanwhile, so a server without webhooks spends no queries on them per write. A subscription
 * created or enabled gets its first events at most this much later (they wait behind its cursor; none is lost).
 */
export const UNSUBSCRIBED_CHECK_INTERVAL_MS = 1000;
/** Attempts in flight per process, and per subscription, so a slow receiver holds only its share. */
export const MAX_IN_FLIGHT = 128;
export const MAX_IN_FLIGHT_PER_SUBSCRIPTION = 32;
/** Deliveries claimed per pass at most: one claim statement and one outcome statement serve this many. */
export const CLAIM_BATCH = 64;
/**
 * Yielding to the API (yieldTo): while requests are in flight, a pass waits until the API is idle, but never
 * longer than this, and then claims at most BUSY_CLAIM_BATCH: under a saturating request load deliveries go on
 * at up to BUSY_CLAIM_BATCH per BUSY_PASS_INTERVAL_MS and the rest queue until the load eases.
 */
export const BUSY_PASS_INTERVAL_MS = 200;
export const BUSY_CLAIM_BATCH = 32;
/** Events turned into deliveries per subscription per pass. */
const FAN_OUT_BATCH = 1000;
/**
 * Events are turned into deliveries when the claim comes up short of what the pass could start, and else at least
 * this often (then BUSY_CLAIM_BATCH per subscription): a subscription whose events wait behind others' due
 * deliveries still gets some.
 */
export const FAN_OUT_INTERVAL_MS = 1000;
/** How long an attempt's outcome may wait for others to share its transaction while the API has requests in flight. */
const OUTCOME_WAIT_MS = 20;
/** A claim outlives the attempt's timeout by this much before another process may take it over. */
const CLAIM_MARGIN_MS = 2000;

export interface WebhookDeliveryJob {
  /** One pass now: claim due deliveries, fan out new events (see passOnce), start the attempts. Resolves with how many it started. */
  runOnce(): Promise<number>;
  /** Resolves when no attempt is in flight. */
  idle(): Promise<void>;
  /** Stops claiming, aborts attempts in flight and gives their claims back; resolves when all is recorded. */
  stop(): Promise<void>;
  /** Deliveries waiting to be made (pending, enabled subscriptions): the queue depth. */
  queueDepth(): Promise<number>;
  /** Events were committed: look for them now rather than at the next poll. */
  wake(): void;
}

/** The API of the same process, which the worker gives way to (Metrics implements it from its request counts). */
export interface ApiActivity {
  /** Requests received and not yet answered. */
  inFlight(): number;
  /** Calls back once when no request is in flight (at once when none is). */
  whenIdle(callback: () => void): void;
}

export interface WebhookDeliveryOptions {
  store: WebhookStore;
  timeoutMs: number;
  retryScheduleMs: readonly number[];
  disableAfterHours: number;
  allowPrivateUrls: boolean;
  now?: () => number;
  /** false: no timer; the caller drives runOnce() (tests with a moved clock). */
  autoStart?: boolean;
  pollIntervalMs?: number;
  /** The API of this process: passes wait for moments without requests in flight (bounded, see BUSY_PASS_INTERVAL_MS). */
  yieldTo?: ApiActivity;
  /** The longest a pass waits for an idle API; BUSY_PASS_INTERVAL_MS by default. */
  busyPassIntervalMs?: number;
  /** How often a worker with no enabled subscription to serve looks again; UNSUBSCRIBED_CHECK_INTERVAL_MS by default. */
  unsubscribedCheckIntervalMs?: number;
  /** How often events are fanned out while claims are full; FAN_OUT_INTERVAL_MS by default. */
  fanOutIntervalMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * The webhook delivery worker, the one background job of the webhooks feature.
 * - Starts: main.ts starts it in every `contactd serve` process (unless WEBHOOK_WORKER=false), and
 *   `contactd worker` runs it alone. Several processes on one database share the work.
 * - When: a pass runs at once after a commit of this process (wake(), wired by main.ts), after a pass that
 *   started attempts and when attempts finish, else every 25 ms (other processes' commits, retries coming due).
 *   A pass after one that found no work first looks for an enabled subscription; while there is none anywhere,
 *   a pass is that one query and the next look comes after UNSUBSCRIBED_CHECK_INTERVAL_MS, commits
 *   notwithstanding (runOnce() passes are never skipped).
 *   In `contactd serve` it gives way to the API of its process (yieldTo): while requests are in flight, a
 *   pass waits for the API to be idle, at most BUSY_PASS_INTERVAL_MS since the previous pass, and then claims
 *   at most BUSY_CLAIM_BATCH. At normal load the API is idle most of the time and deliveries go at once;
 *   under a saturating request load the API keeps most of the CPU and deliveries queue until it eases
 *   (a `contactd worker` process has no API to give way to and always goes at full speed).
 * - Work: each pass claims due deliveries, and fans out when those run short (or a second has passed since
 *   the last fan-out): events after each enabled subscription's cursor that match it become pending
 *   deliveries, and the cursor moves, in one transaction guarded by the cursor it read (two processes never
 *   both fan out one event); then it claims again. Under a write load faster than delivery, events wait in the
 *   change log behind the cursor rather than as delivery rows. A claim takes due deliveries: on PostgreSQL
 *   SELECT ... FOR UPDATE SKIP LOCKED, on SQLite a guarded UPDATE inside the one write transaction; a claim is a lease (claimed_until = now + timeout + 2 s) and a token. A delivery
 *   whose contact has an earlier pending delivery on the same subscription is not claimable, so one
 *   contact's events arrive in sequence order while other contacts go on. Each attempt is a signed POST
 *   made by the sender thread (webhook-sender.ts: signing and HTTP off the API's event loop; the database work
 *   stays here) that never outlives WEBHOOK_TIMEOUT_MS; its outcome is recorded under the token
 *   (delivered; pending with the next time of the retry schedule; failed when the schedule is spent;
 *   the subscription disabled when it has only failed for WEBHOOK_DISABLE_AFTER_HOURS). While the API has
 *   requests in flight, outcomes wait up to OUTCOME_WAIT_MS to share one transaction.
 * - Stops: on SIGTERM the server's close() calls stop(): no new claims, attempts in flight are aborted and
 *   their claims given back at once (not counted as attempts), so another process or the next start sends them.
 * - After a crash: a claim whose process died runs out at claimed_until and is claimed again: an attempt
 *   in flight during the crash is sent again (at least once; receivers deduplicate on webhook-id).
 */
export function startWebhookDelivery(options: WebhookDeliveryOptions): WebhookDeliveryJob {
  const { store } = options;
  const now = options.now ?? Date.now;
  const sender = threadSender();
  const abort = new AbortController();
  const inFlight = new Map<string, Promise<void>>();
  const perSubscription = new Map<string, number>();
  /** The API of this process has requests in flight (never, for `contactd worker`). */
  const apiBusy = (): boolean => (options.yieldTo?.inFlight() ?? 0) > 0;
  let pass: Promise<number> | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  const outcomeOf = (delivery: ClaimedDelivery, result: SendResult, at: number): AttemptOutcome => {
    const iso = new Date(at).toISOString();
    if (result.error === null) return { at: iso, statusCode: result.statusCode, error: null, status: 'delivered', nextAttemptAt: null, disable: null };
    const next = nextAttemptAt(delivery.attempts + 1, options.retryScheduleMs, at);
    const failingSinceAtMost = new Date(at - options.disableAfterHours * 3_600_000).toISOString();
    return {
      at: iso, statusCode: result.statusCode, error: result.error, status: next === null ? 'failed' : 'pending', nextAttemptAt: next,
      disable: { failingSinceAtMost, reason: `disabled at ${iso}: every delivery attempt failed for ${options.disableAfterHours} hours; last error: ${result.error}` },
    };
  };

  // Outcomes are written in batches, one transaction each (group commit): attempts finishing together share it.
  let outcomes: Array<{ delivery: ClaimedDelivery; outcome: AttemptOutcome; resolve: () => void; reject: (error: unknown) => void }> = [];
  let flushing = false;
  let flushTimer: NodeJS.Timeout | null = null;
  const flush = async (): Promise<void> => {
    flushing = true;
    try {
      while (outcomes.length > 0) {
        const batch = outcomes;
        outcomes = [];
        try {
          await store.recordAttempts(batch);
          for (const item of batch) item.resolve();
        } catch (error) {
          for (const item of batch) item.reject(error);
        }
      }
    } finally {
      flushing = false;
    }
  };
  const record = (delivery: ClaimedDelivery, outcome: AttemptOutcome): Promise<void> => new Promise((resolve, reject) => {
    outcomes.push({ delivery, outcome, resolve, reject });
    if (flushing || flushTimer !== null) return;
    // While the API has requests in flight, an outcome waits a moment for those finishing soon after (one write
    // transaction, SQLite's one lock, for many rather than one each; on 2026-12-04 about 70 shared one under load).
    flushTimer = setTimeout(() => {
      flushTimer = null;
      void flush();
    }, apiBusy() ? OUTCOME_WAIT_MS : 0);
  });

  const attempt = async (delivery: ClaimedDelivery): Promise<void> => {
    const body = delivery.body;
    if (body === null) {
      const at = new Date(now()).toISOString();
      await record(delivery, { at, statusCode: null, error: 'the event is no longer retained (EVENT_RETENTION_DAYS)', status: 'failed', nextAttemptAt: null, disable: null });
      return;
    }
    const at = now();
    const secrets = delivery.previousSecret !== null && delivery.previousSecretExpiresAt !== null && Date.parse(delivery.previousSecretExpiresAt) > at
      ? [delivery.secret, delivery.previousSecret] : [delivery.secret];
    // Not sent once stopping has begun (a claim made by the last pass); a send in flight then is aborted too.
    const result = abort.signal.aborted ? null : await sender.send({ url: delivery.url, eventId: delivery.eventId, body, secrets, at, timeoutMs: options.timeoutMs, allowPrivate: options.allowPrivateUrls });
    if (result === null || abort.signal.aborted) {
      await store.releaseClaim(delivery);
      return;
    }
    await record(delivery, outcomeOf(delivery, result, now()));
  };

  const start = (delivery: ClaimedDelivery) => {
    perSubscription.set(delivery.subscriptionId, (perSubscription.get(delivery.subscriptionId) ?? 0) + 1);
    const running = attempt(delivery)
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        inFlight.delete(delivery.id);
        const left = (perSubscription.get(delivery.subscriptionId) ?? 1) - 1;
        if (left === 0) perSubscription.delete(delivery.subscriptionId);
        else perSubscription.set(delivery.subscriptionId, left);
        // A finished attempt may unblock the contact's next event, on its own subscription only: look again at
        // once if that subscription can take more, or if the last claim was cut short by a limit (more is due).
        // Else a pass would only find its subscription still full (a futile claim query per finished attempt).
        if (left < MAX_IN_FLIGHT_PER_SUBSCRIPTION || moreDue) schedule(0);
      });
    inFlight.set(delivery.id, running);
  };

  let lastPassAt = -Infinity;
  // The last pass stopped at a limit (in flight, or its claim batch) rather than at the end of what was due.
  let moreDue = false;
  let lastFanOutAt = -Infinity;
  // Until when (performance.now()) timer and wake passes are skipped: the last look found no enabled subscription.
  let unsubscribedUntil = -Infinity;
  // The last pass started attempts or made deliveries, so some subscription is enabled: no need to look.
  let lastPassWorked = false;
  const passOnce = async (): Promise<number> => {
    const at = now();
    lastPassAt = performance.now();
    if (!lastPassWorked && !(await store.hasEnabledSubscription())) {
      unsubscribedUntil = performance.now() + (options.unsubscribedCheckIntervalMs ?? UNSUBSCRIBED_CHECK_INTERVAL_MS);
      moreDue = false;
      return 0;
    }
    unsubscribedUntil = -Infinity;
    // While the API serves requests, a pass takes a small share only (see BUSY_PASS_INTERVAL_MS).
    const busy = apiBusy();
    const iso = new Date(at).toISOString();
    const claimedUntil = new Date(at + options.timeoutMs + CLAIM_MARGIN_MS).toISOString();
    const limit = Math.min(MAX_IN_FLIGHT - inFlight.size, busy ? BUSY_CLAIM_BATCH : CLAIM_BATCH);
    let started = 0;
    const claim = async (): Promise<void> => {
      if (stopped || started >= limit) return;
      const full = [...perSubscription].filter(([, n]) => n >= MAX_IN_FLIGHT_PER_SUBSCRIPTION).map(([id]) => id);
      const claimed = await store.claimDue(iso, claimedUntil, limit - started, full);
      for (const delivery of claimed) start(delivery);
      started += claimed.length;
    };
    // Deliveries already made go first; events become deliveries when those run short. So when events come
    // faster than they are delivered (a saturating write load), they wait behind the subscription's cursor in
    // the change log instead of being written out as deliveries and read again long before their turn (on
    // 2026-12-04 that writing was a tenth of the API's thread under load, for rows sent minutes later).
    await claim();
    if (stopped) return started;
    const short = started < limit;
    let made = 0;
    if (short || performance.now() - lastFanOutAt >= (options.fanOutIntervalMs ?? FAN_OUT_INTERVAL_MS)) {
      lastFanOutAt = performance.now();
      made = await store.fanOut(subscriptionMatches, iso, busy || !short ? BUSY_CLAIM_BATCH : FAN_OUT_BATCH);
      if (made > 0) await claim();
    }
    lastPassWorked = started > 0 || made > 0;
    // Stopped at a limit (in flight, or the claim batch) rather than at the end of what was due.
    moreDue = started >= limit;
    return started;
  };

  // A wake (a commit, a finished attempt) that comes while a pass runs may be after that pass read: it must not
  // be lost to the poll interval, so the pass is followed by another at once.
  let again = false;
  const runOnce = (): Promise<number> => {
    if (pass !== null) {
      again = true;
      return pass;
    }
    again = false;
    pass = passOnce().then(
      (started) => {
        pass = null;
        schedule(started > 0 || again ? 0 : options.pollIntervalMs ?? WEBHOOK_POLL_INTERVAL_MS);
        return started;
      },
      (error: unknown) => {
        pass = null;
        options.onError?.(error);
        schedule(1000);
        return 0;
      },
    );
    return pass;
  };

  // A pass is due: run it now, unless the API has requests in flight and the last pass was recent; then run it
  // as soon as the API is idle, or when BUSY_PASS_INTERVAL_MS has passed since the last pass, whichever is first.
  let waitingForIdle = false;
  const due = (): void => {
    const quietFor = unsubscribedUntil - performance.now();
    if (quietFor > 0) {
      schedule(quietFor);
      return;
    }
    const api = options.yieldTo;
    const waited = performance.now() - lastPassAt;
    const longest = options.busyPassIntervalMs ?? BUSY_PASS_INTERVAL_MS;
    if (api === undefined || !apiBusy() || waited >= longest) {
      void runOnce();
      return;
    }
    schedule(longest - waited);
    if (waitingForIdle) return;
    waitingForIdle = true;
    api.whenIdle(() => {
      waitingForIdle = false;
      schedule(0);
    });
  };

  function schedule(ms: number): void {
    if (stopped || options.autoStart === false) return;
    if (timer !== null) {
      if (ms > 0) return;
      clearTimeout(timer);
    }
    timer = setTimeout(() => {
      timer = null;
      due();
    }, ms);
    timer.unref();
  }

  schedule(0);
  return {
    runOnce,
    idle: async () => {
      while (inFlight.size > 0) await Promise.all(inFlight.values());
    },
    stop: async () => {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      abort.abort();
      sender.abort();
      await pass;
      while (inFlight.size > 0) await Promise.all(inFlight.values());
      await sender.close();
    },
    queueDepth: () => store.countPending(),
    wake: () => schedule(0),
  };
}
