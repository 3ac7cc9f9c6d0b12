import { randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import cors from '@fastify/cors';
import type { Config } from './config.ts';
import { Contacts } from './domain/contacts.ts';
import { CustomAttributes } from './domain/custom-attributes.ts';
import { Events } from './domain/events.ts';
import { throwIfInvalid } from './domain/errors.ts';
import { Idempotency } from './domain/idempotency.ts';
import type { ImportJobStore } from './domain/import-job-store.ts';
import { IMPORT_CONTENT_TYPES, ImportJobs } from './domain/import-jobs.ts';
import { MemoryRateLimiter, type RateLimiter } from './domain/rate-limiter.ts';
import { checkReadiness, type ReadinessCheck } from './domain/readiness.ts';
import { registerRequestBodies } from './http/request-body.ts';
import { registerCompression } from './http/compression.ts';
import { KeyVerifier } from './domain/tenancy.ts';
import { authenticate } from './http/auth.ts';
import { AuthFailureGuard } from './http/auth-failures.ts';
import { handleClientError } from './http/client-error.ts';
import { errorBody, handleError } from './http/error-handler.ts';
import { beginIdempotent, finishIdempotent, honoursIdempotencyKey } from './http/idempotency-hooks.ts';
import { enforceRateLimit, rateLimitPolicies } from './http/rate-limit.ts';
import { registerDocs } from './http/docs.ts';
import { registerOpenApi } from './http/openapi.ts';
import { runInRequestContext } from './http/request-context.ts';
import { instrumentRequests, UNMATCHED_ROUTE } from './http/request-metrics.ts';
import { ROUTES } from './http/routes/index.ts';
import type { RouteDeps } from './http/routes/route-deps.ts';
import { documentRoute } from './http/schemas/document-route.ts';
import { Metrics } from './metrics.ts';
import type { Database } from './storage/database.ts';
import { RedisRateLimiter } from './storage/redis-rate-limiter.ts';
import { DatabaseEventSignal } from './storage/event-signal.ts';
import { EventSequencer } from './storage/event-sequencer.ts';
import { SqlContactStore } from './storage/sql-contact-store.ts';
import { SqlCustomAttributeStore } from './storage/sql-custom-attribute-store.ts';
import { SqlEventStore } from './storage/sql-event-store.ts';
import { SqlIdempotencyStore } from './storage/sql-idempotency-store.ts';
import { SqlImportJobStore } from './storage/sql-import-job-store.ts';
import { SqlTenancyStore } from './storage/sql-tenancy-store.ts';
import { SqlWebhookStore } from './storage/sql-webhook-store.ts';
import { Webhooks } from './domain/webhooks.ts';

export interface AppDeps {
  config: Config;
  database: Database;
  /** A pino logger configuration, or false for none (tests). */
  logger?: FastifyServerOptions['logger'];
  /** Rate-limit buckets; by default Redis when config.redisUrl is set, else process memory. */
  rateLimiter?: RateLimiter;
  /** The clock for idempotency and API-key expiry, the key cache and catalog revalidation (tests move it forward). */
  now?: () => number;
  /** What GET /metrics serves; by default a new Metrics for this app. Features register their gauges on it. */
  metrics?: Metrics;
  /** Called after every commit of contact events (once numbered): the webhook worker of the process wakes on it. */
  onCommit?: (organizationId: string) => void;
}

/** What the import job runner needs from an app, for main.ts to start it beside the server (src/jobs/import-runner.ts). */
export interface ImportWork {
  contacts: Contacts;
  store: ImportJobStore;
  /** Calls fn whenever a request stores a new job (the runner starts it at once instead of at its next poll). */
  onJobCreated(fn: () => void): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Long polls of the events feed waiting right now (an abandoned one must not stay). */
    openEventWaits(): number;
    importWork: ImportWork;
  }
}
// Read at run time, not imported: src/ and dist/ both sit one level below package.json, and Node 20
// warns that JSON modules are experimental.
const packageVersion = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

const IDEMPOTENCY_PURGE_INTERVAL_MS = 10 * 60 * 1000;
const READINESS_CHECK_TIMEOUT_MS = 2000;

const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Trust the nearest `hops` proxies (Fastify takes a number too, but its types do not say so). */
const trustHops = (hops: number) => (_address: string, hop: number): boolean => hop < hops;

/** A lag gauge's value: how many seconds before `at` the oldest owed work occurred, 0 when nothing is owed. */
const ageSeconds = (oldest: string | null, at: number): number => (oldest === null ? 0 : Math.max(0, (at - Date.parse(oldest)) / 1000));

/** The one log line per request. */
function logRequest(request: FastifyRequest, reply: FastifyReply): void {
  request.log.info(
    {
      method: request.method,
      route: request.routeOptions.url ?? null,
      status: reply.statusCode,
      duration_ms: Math.round(reply.elapsedTime * 100) / 100,
      organization_id: request.principal?.organizationId ?? null,
    },
    'request',
  );
}

/** Builds the Fastify app with every route wired explicitly; does not listen. */
export async function buildApp({ config, database, logger = false, rateLimiter, now, metrics = new Metrics(), onCommit }: AppDeps): Promise<FastifyInstance> {
  const tenancyStore = new SqlTenancyStore(database);
  const verifier = new KeyVerifier(tenancyStore, config.keyCacheTtlMs, now);
  // Every process sharing a database must sign cursors alike: the first start stores a random secret.
  const cursorSecret = config.cursorSecret ?? await tenancyStore.putSettingIfAbsent('cursor_secret', randomBytes(32).toString('base64url'));
  metrics.observeDatabase(database, config.databaseUrl);
  const readinessChecks: ReadinessCheck[] = [{ name: 'database', required: true, check: () => database.ping(READINESS_CHECK_TIMEOUT_MS) }];
  // Failures here are logged (app is defined below, before any request can reach them); a read retries the work.
  const signal = new DatabaseEventSignal(database, (error) => app.log.warn({ err: error }, 'events LISTEN connection lost; polling until it is back'));
  const commits = onCommit === undefined ? signal : { committed: (organizationId: string) => { signal.committed(organizationId); onCommit(organizationId); } };
  const sequencer = new EventSequencer(database, commits, (error) => app.log.warn({ err: error }, 'numbering events failed; the next write or read retries'));
  const contactStore = new SqlContactStore(database, sequencer);
  const webhookStore = new SqlWebhookStore(database, sequencer);
  // Database-wide quantities: every process (and every worker of serve --workers N) reads the same value.
  metrics.registerGauge({
    name: 'contactd_webhook_queue_depth',
    help: 'Webhook deliveries waiting to be made: pending (due now, in flight, or waiting for a retry) for enabled subscriptions.',
    aggregation: 'max',
    read: () => webhookStore.countPending(),
  });
  metrics.registerGauge({
    name: 'contactd_webhook_delivery_lag_seconds',
    help: 'How far webhook delivery is behind the event feed: age of the oldest owed work (an event not yet turned into deliveries, or a delivery due and not made); 0 when caught up.',
    aggregation: 'max',
    read: async () => {
      const at = (now ?? Date.now)();
      const oldest = await webhookStore.oldestOwed(new Date(at).toISOString());
      return ageSeconds(oldest, at);
    },
  });
  const eventStore = new SqlEventStore(database, sequencer);
  metrics.registerGauge({
    name: 'contactd_event_feed_lag_seconds',
    help: 'How far the events feed is behind the writes: age of the oldest committed event not yet numbered into the feed (PostgreSQL numbers queued events just after their commit; SQLite in the write itself, so 0 there); 0 when caught up.',
    aggregation: 'max',
    read: async () => {
      return ageSeconds(await eventStore.oldestQueued(), (now ?? Date.now)());
    },
  });
  const shutdown = new AbortController();
  const customAttributes = new CustomAttributes(new SqlCustomAttributeStore(database), { maxLive: config.customAttributesMax, ...(now === undefined ? {} : { now }) });

  const idempotency = new Idempotency(new SqlIdempotencyStore(database), {
    ttlHours: config.idempotencyTtlHours,
    lockTimeoutSeconds: config.idempotencyLockTimeoutSeconds,
    ...(now === undefined ? {} : { now }),
  });
  const policies = rateLimitPolicies(config);

  const app = Fastify({
    logger,
    // X-Forwarded-For decides request.ip (failed-authentication limits count per address) only from trusted proxies.
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : typeof config.trustProxy === 'boolean' ? config.trustProxy : [...config.trustProxy],
    bodyLimit: config.bodyLimitBytes,
    // Slow or stalled clients are cut off instead of holding sockets: headers, whole request, idle keep-alive.
    connectionTimeout: config.httpRequestTimeoutMs,
    requestTimeout: config.httpRequestTimeoutMs,
    keepAliveTimeout: config.httpKeepAliveTimeoutMs,
    http: { headersTimeout: config.httpHeadersTimeoutMs, maxHeaderSize: config.httpMaxHeaderBytes },
    clientErrorHandler: handleClientError,
    genReqId: () => `req_${randomUUID().replaceAll('-', '')}`,
    requestIdHeader: false,
    // One line per request, written by the onResponse hook below, labelled with the request id.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'request_id' }),
    // While draining, requests already on open connections are served (with Connection: close) rather than
    // given Fastify's own 503 body, which is not the API error shape; new connections are refused by then.
    return503OnClosing: false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Bad percent-encoding and over-long path segments are refused before routing: give them the API error shape too.
    frameworkErrors: (error, req, res) => {
      // The option is generic over route types; these requests never reached a route.
      const request = req as unknown as FastifyRequest;
      const reply = res as unknown as FastifyReply;
      const path = request.raw.url?.split('?')[0]?.slice(0, 120) ?? '';
      const known = error.code === 'FST_ERR_BAD_URL' || error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const body = known
        ? errorBody(request, 'route_not_found', `no route ${request.method} ${path}: ${error.code === 'FST_ERR_BAD_URL' ? 'the URL is not validly percent-encoded' : 'a path segment is too long'}`)
        : errorBody(request, 'internal_error', `an unexpected error occurred; quote request id ${request.id} when reporting it`);
      reply.header('x-request-id', request.id).status(known ? 404 : 500).send(body);
      // The hooks never run for these: count them here, or a 500 refused before routing would be invisible in the metrics.
      metrics.requestDuration.observe({ method: request.method, route: UNMATCHED_ROUTE, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
      logRequest(request, reply);
    },
  });

  const limiter: RateLimiter =
    rateLimiter ??
    (config.redisUrl !== null
      ? new RedisRateLimiter(config.redisUrl, { onFallback: (error) => app.log.warn({ err: error }, 'Redis unreachable: rate limiting falls back to this process’s memory') })
      : new MemoryRateLimiter());
  if (rateLimiter === undefined) app.addHook('onClose', async () => limiter.close());
  const pingLimiter = limiter.ping?.bind(limiter);
  if (pingLimiter !== undefined) readinessChecks.push({ name: 'redis', required: false, check: pingLimiter });
  const authFailures = new AuthFailureGuard(limiter, config.authFailureLimitPerMinute);
  const contacts = new Contacts(contactStore, { defaultPhoneRegion: config.defaultPhoneRegion, cursorSecret, catalogs: customAttributes });
  const importJobStore = new SqlImportJobStore(database);
  const importJobCreated: Array<() => void> = [];
  const deps: RouteDeps = {
    contacts,
    importJobs: new ImportJobs(importJobStore, contacts, { maxBytes: config.importMaxBytes, onCreated: () => importJobCreated.forEach((fn) => fn()) }),
    customAttributes,
    readiness: () => checkReadiness(readinessChecks, READINESS_CHECK_TIMEOUT_MS),
    events: new Events(eventStore, signal, contactStore, { cursorSecret, catalogs: customAttributes }),
    // The test fault point: the write has committed and the reply is not sent yet.
    afterCommit: config.testFault === 'exit-after-commit' ? () => process.kill(process.pid, 'SIGKILL') : () => undefined,
    shutdown: shutdown.signal,
    socketTimeoutMs: config.httpRequestTimeoutMs,
    webhooks: new Webhooks(webhookStore, { allowPrivateUrls: config.webhookAllowPrivateUrls, catalogs: customAttributes, cursorSecret, ...(now === undefined ? {} : { now }) }),
    metrics,
    metricsAccess: { token: config.metricsToken, failures: authFailures },
  };

  if (config.corsOrigins !== null) {
    await app.register(cors, {
      origin: [...config.corsOrigins],
      methods: ['GET', 'POST', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'x-api-key', 'content-type', 'content-encoding', 'if-match', 'if-none-match', 'idempotency-key'],
      exposedHeaders: ['etag', 'location', 'x-request-id', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'retry-after', 'idempotent-replayed'],
      maxAge: 600,
    });
  }

  // Only JSON bodies: without this, Fastify's built-in text/plain parser would hand strings to the routes.
  app.removeContentTypeParser('text/plain');
  registerRequestBodies(app);
  await registerCompression(app);
  // Route schemas document the wire (OpenAPI) but never validate or serialize it: the domain reports
  // every problem of a body in one 422 (and a bad id as 404), which Ajv would preempt with its first
  // error; and fast-json-stringify would drop members a schema does not list. The tests hold the
  // responses to the schemas instead (test/helpers/openapi-validator.ts).
  app.setValidatorCompiler(() => (data) => ({ value: data }));
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  await registerOpenApi(app, packageVersion);
  await registerDocs(app);

  // The import upload's file types, read whole as bytes (up to IMPORT_MAX_BYTES, the route's body limit), and only there:
  // elsewhere they stay a 415 like any body that is not JSON.
  app.addContentTypeParser(Object.keys(IMPORT_CONTENT_TYPES), { parseAs: 'buffer' }, (request, body, done) => {
    if (request.routeOptions.config.importUpload !== true) {
      done(Object.assign(new Error('unsupported media type'), { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 }), undefined);
      return;
    }
    done(null, body);
  });
  app.decorate('openEventWaits', () => signal.openSubscriptions);
  app.decorate('importWork', { contacts, store: importJobStore, onJobCreated: (fn: () => void) => importJobCreated.push(fn) });
  app.decorateRequest('principal', null);
  app.decorateRequest('idempotencyClaim', null);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => {
    // The path is quoted as far as frameworkErrors quotes it: a long URL is not echoed whole.
    const path = request.url.split('?')[0] ?? '';
    reply.status(404).send(errorBody(request, 'route_not_found', `no route ${request.method} ${path.length > 120 ? `${path.slice(0, 120)}…` : path}`));
  });

  // First of the hooks: everything the request does afterwards runs in its context (failures that escape it are logged with its id).
  app.addHook('onRequest', (request, _reply, done) => runInRequestContext(request.id, done));
  instrumentRequests(app, metrics);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // Path segments that start with _ are verbs, never ids: GET /api/v2/contact/_query is a route no one serves
    // (404 route_not_found, before any key is asked for, like every unknown route), not a contact to look up.
    // (Only a matched route's named parameters: the not-found handler's own wildcard would send it to itself.)
    if (!request.is404 && Object.entries(request.params ?? {}).some(([name, value]) => name !== '*' && typeof value === 'string' && value.startsWith('_'))) return reply.callNotFound();
    try {
      await authenticate(request, reply, verifier, authFailures);
    } catch (error) {
      // A known key without the permission is still an authenticated request: it spends a token and gets the headers.
      if (request.principal !== null) await enforceRateLimit(request, reply, limiter, policies);
      throw error;
    }
    await enforceRateLimit(request, reply, limiter, policies);
  });
  // Idempotency-Key hooks go only on the writes that honour the header, so reads pay nothing for them.
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.some((method) => honoursIdempotencyKey(method, route.config?.permission))) return;
    route.preHandler = [...asArray(route.preHandler), async (request, reply) => beginIdempotent(request, reply, idempotency)];
    // First of the route's onSend hooks: the response is stored as the route sent it, before a compressing
    // hook (_batch answers over 1 KiB) turns it into gzip bytes that a replay would send as JSON text.
    route.onSend = [async (request, reply, payload) => {
      await finishIdempotent(request, reply, payload, idempotency);
      return payload;
    }, ...asArray(route.onSend)];
  });

  // Expired idempotency records go on start and every few minutes after; the timer never keeps the process alive.
  let purgeTimer: NodeJS.Timeout | null = null;
  const purge = () => idempotency.purgeExpired().catch((error: unknown) => app.log.warn({ err: error }, 'idempotency purge failed'));
  app.addHook('onReady', async () => {
    // Events a process queued but did not number before it died, or a bulk `contactd import` left (PostgreSQL):
    // numbered in the background, so that a large backlog cannot hold up start-up (a million queued events
    // outlasted Fastify's 10 s onReady timeout and the server exited); feed reads number first anyway.
    void sequencer.sweep().catch((error: unknown) => app.log.warn({ err: error }, 'numbering queued events failed; the next write or read retries'));
    await purge();
    purgeTimer = setInterval(purge, IDEMPOTENCY_PURGE_INTERVAL_MS);
    purgeTimer.unref();
  });
  app.addHook('onClose', async () => {
    if (purgeTimer !== null) clearInterval(purgeTimer);
  });
  // Responses finishing during a drain close their connection, so an idle keep-alive socket cannot hold shutdown open.
  let draining = false;
  app.addHook('preClose', async () => {
    draining = true;
    shutdown.abort();
  });
  app.addHook('onClose', async () => {
    await sequencer.close();
    await signal.close();
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) reply.header('connection', 'close');
    done(null, payload);
  });
  // The access line is info: below that level the hook would only build a record nobody writes.
  if (['trace', 'debug', 'info'].includes(app.log.level)) app.addHook('onResponse', async (request, reply) => logRequest(request, reply));

  // A route that declares query parameters (history, deliveries, _schema) refuses others: a misspelt
  // `?atribute=title` would otherwise answer every event as if no filter had been asked for. The import reads and
  // checks its own; routes that take none leave whatever a client appends alone, as they always have.
  app.addHook('onRoute', (route) => {
    const declared = (route.schema?.querystring as { properties?: Record<string, unknown> } | undefined)?.properties;
    if (declared === undefined || route.url === '/api/v2/contact/_import') return;
    const names = Object.keys(declared);
    route.preValidation = [...asArray(route.preValidation), async (request: FastifyRequest) => {
      const unknown = Object.keys((request.query ?? {}) as object).filter((name) => !names.includes(name));
      throwIfInvalid(unknown.map((name) => ({ code: 'unknown_field', field: name, message: `unknown query parameter ${JSON.stringify(name.slice(0, 100))}; this route takes ${names.join(', ')}` })));
    }];
  });
  // A HEAD route Fastify derives from a compressing GET route drops the body before the compressing hook sees
  // it, so it answered the uncompressed length and no Content-Encoding or Vary. Its own body-dropping hook
  // goes last instead: HEAD gets the header fields GET would send for the same Accept-Encoding (RFC 9110 §9.3.2).
  app.addHook('onRoute', (route) => {
    if (route.method !== 'HEAD' || route.compress === false || route.compress === undefined) return;
    const hooks = asArray(route.onSend);
    const dropBody = hooks.findIndex((hook) => hook.name === 'headRouteOnSendHandler');
    if (dropBody < 0) return;
    route.onSend = [...hooks.slice(0, dropBody), ...hooks.slice(dropBody + 1), hooks[dropBody] as (typeof hooks)[number]];
  });
  // Compression is opt-in per route (LARGE_RESPONSE); the others get no compression hook at all.
  for (const route of ROUTES) app.route({ compress: false, ...documentRoute(route(deps)) });
  return app;
}
