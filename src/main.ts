import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { databaseOptions, type Config } from './config.ts';
import { loggerOptions } from './http/logging.ts';
import { currentRequestId } from './http/request-context.ts';
import { Metrics } from './metrics.ts';
import { Tenancy } from './domain/tenancy.ts';
import { migrate, openDatabase, type Database } from './storage/database.ts';
import { SqlTenancyStore } from './storage/sql-tenancy-store.ts';
import { SqlEventStore } from './storage/sql-event-store.ts';
import { startEventRetention, type EventRetentionJob } from './jobs/event-retention.ts';
import { startWebhookDelivery, type ApiActivity, type WebhookDeliveryJob } from './jobs/webhook-delivery.ts';
import { SqlWebhookStore } from './storage/sql-webhook-store.ts';
import { startImportRunner, type ImportRunner } from './jobs/import-runner.ts';
import type { ImportJobStore } from './domain/import-job-store.ts';
import { Contacts } from './domain/contacts.ts';
import { CustomAttributes } from './domain/custom-attributes.ts';
import { EventSequencer } from './storage/event-sequencer.ts';
import { EVENTS_CHANNEL } from './storage/event-append.ts';
import { SqlContactStore } from './storage/sql-contact-store.ts';
import { SqlCustomAttributeStore } from './storage/sql-custom-attribute-store.ts';
import { SqlImportJobStore } from './storage/sql-import-job-store.ts';

export interface RunningServer {
  app: FastifyInstance;
  database: Database;
  url: string;
  /** What GET /metrics serves: background jobs started beside the server register their gauges here. */
  metrics: Metrics;
  /** The webhook delivery worker of this process; null with WEBHOOK_WORKER=false. */
  webhooks: WebhookDeliveryJob | null;
  /** The import job runner of this process; null with IMPORT_WORKER=false. */
  imports: ImportRunner | null;
  close(): Promise<void>;
}

/** The import job runner over a store and the contact use cases (src/jobs/import-runner.ts says how it starts, stops and recovers). */
export function startImportWorker(store: ImportJobStore, contacts: Contacts, config: Config, onError: (error: unknown) => void): ImportRunner {
  return startImportRunner({ store, contacts, batchRows: config.importBatchRows, claimMs: config.importClaimMs, onError });
}

/** The webhook delivery worker over a database (src/jobs/webhook-delivery.ts says how it starts, stops and recovers). */
export function startWebhookWorker(database: Database, config: Config, onError: (error: unknown) => void, yieldTo?: ApiActivity): WebhookDeliveryJob {
  return startWebhookDelivery({
    ...(yieldTo === undefined ? {} : { yieldTo }),
    store: new SqlWebhookStore(database),
    timeoutMs: config.webhookTimeoutMs,
    retryScheduleMs: config.webhookRetryScheduleMs,
    disableAfterHours: config.webhookDisableAfterHours,
    allowPrivateUrls: config.webhookAllowPrivateUrls,
    onError,
  });
}

/** `contactd worker`: the webhook delivery worker alone, without the HTTP server. */
export async function startWorker(config: Config, log: (error: unknown) => void): Promise<{ database: Database; webhooks: WebhookDeliveryJob; imports: ImportRunner; close(): Promise<void> }> {
  const database = openDatabase(config.databaseUrl, { ...databaseOptions(config), onConnectionError: log });
  try {
    await migrate(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  const webhooks = startWebhookWorker(database, config, log);
  // PostgreSQL: other processes' commits wake it at once (their sequencer's NOTIFY, at its commit) instead of at the next poll;
  // if the LISTEN connection is lost the poll still finds them. SQLite has nothing to listen to.
  const listening = database.profile.listen(EVENTS_CHANNEL, () => webhooks.wake(), log).catch((error: unknown) => {
    log(error);
    return null;
  });
  // Its own contact use cases: the events its imports write are numbered by its own sequencer (PostgreSQL).
  const sequencer = new EventSequencer(database, null, log);
  const contacts = new Contacts(new SqlContactStore(database, sequencer), {
    defaultPhoneRegion: config.defaultPhoneRegion,
    // Imports never hand out cursors.
    cursorSecret: randomBytes(32).toString('base64url'),
    catalogs: new CustomAttributes(new SqlCustomAttributeStore(database), { maxLive: config.customAttributesMax }),
  });
  const imports = startImportWorker(new SqlImportJobStore(database), contacts, config, log);
  return {
    database,
    webhooks,
    imports,
    close: async () => {
      await imports.stop();
      await (await listening)?.close();
      await webhooks.stop();
      await sequencer.close();
      await database.close();
    },
  };
}

/** Prints the bootstrap key once, framed so it stands out in a terminal or a container log. */
function announceBootstrap(key: string, fromEnv: boolean, url: string, write: (line: string) => void): void {
  const rule = '='.repeat(72);
  write(rule);
  write(' contactd: first start. Created organization "Default" and user admin@localhost.');
  // Every permission, not only contacts read and write: say so, or it may be handed on as an ordinary key.
  if (fromEnv) write(' Its API key, the value of CONTACTD_BOOTSTRAP_API_KEY, holds every permission (contacts, webhooks, schema).');
  else {
    write(' Its API key holds every permission (contacts, webhooks, schema) and is shown ONCE; store it now:');
    write('');
    write(`   ${key}`);
    write('');
    write(` Try: curl -X POST ${url}/api/v2/contact/_query -H "Authorization: Bearer <key>" -H "Content-Type: application/json" -d "{}"`);
  }
  write(rule);
}

/** On an empty database, creates the first organization and key and shows the key once. */
export async function bootstrapOnce(database: Database, config: Config, url: string, write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Promise<void> {
  const created = await new Tenancy(new SqlTenancyStore(database)).bootstrap(config.bootstrapApiKey);
  if (created !== null) announceBootstrap(created.key, config.bootstrapApiKey !== null, url, write);
}

/** openDatabase → migrate → buildApp → listen → bootstrap (config comes from the caller's loadConfig). */
export async function startServer(config: Config, options: { write?: (line: string) => void; bootstrap?: boolean; migrate?: boolean; metrics?: Metrics } = {}): Promise<RunningServer> {
  const metrics = options.metrics ?? new Metrics();
  let app: FastifyInstance | null = null;
  const database = openDatabase(config.databaseUrl, {
    ...databaseOptions(config),
    onConnectionError: (error) => app?.log.warn({ err: error }, 'a database connection failed; the pool opens a new one when needed'),
  });
  let retention: EventRetentionJob | null = null;
  let webhooks: WebhookDeliveryJob | null = null;
  let imports: ImportRunner | null = null;
  try {
    if (options.migrate !== false) await migrate(database);
    // The worker starts after listen; commits before that are found by its first pass.
    app = await buildApp({ config, database, logger: loggerOptions(config.logLevel), metrics, onCommit: () => webhooks?.wake() });
    const url = await app.listen({ port: config.port, host: config.host });
    // After listen, so a failed start (port taken) never consumes the one showing of a fresh key.
    if (options.bootstrap !== false) await bootstrapOnce(database, config, url, options.write);
    const running = app;
    // The change log's retention purge (src/jobs/event-retention.ts says how it starts, stops and recovers).
    const job = startEventRetention({ store: new SqlEventStore(database), retentionDays: config.eventRetentionDays, onError: (error) => running.log.warn({ err: error }, 'event retention purge failed') });
    retention = job;
    // It gives way to this process's requests: see WebhookDeliveryOptions.yieldTo.
    const worker = config.webhookWorker ? startWebhookWorker(database, config, (error) => running.log.warn({ err: error }, 'webhook delivery pass failed'), metrics) : null;
    webhooks = worker;
    const { importWork } = running;
    const importer = config.importWorker ? startImportWorker(importWork.store, importWork.contacts, config, (error) => running.log.warn({ err: error }, 'import job pass failed')) : null;
    imports = importer;
    if (importer !== null) importWork.onJobCreated(() => importer.poke());
    return {
      app: running,
      database,
      url,
      metrics,
      webhooks: worker,
      imports: importer,
      close: async () => {
        // The workers first: they give back their claims while the database is still open (an import commits its batch in flight first).
        await importer?.stop();
        await worker?.stop();
        await job.stop();
        await running.close();
        await database.close();
      },
    };
  } catch (error) {
    await imports?.stop();
    await webhooks?.stop();
    await retention?.stop();
    await app?.close();
    await database.close();
    throw error;
  }
}

/**
 * Exits with code 1 if a shutdown has not finished within timeoutMs (a database that stopped answering
 * holds requests in flight and the pool's connections for as long as it likes).
 */
export function shutdownDeadline(timeoutMs: number, log: (message: string) => void): void {
  setTimeout(() => {
    log(`shutdown did not finish within ${timeoutMs} ms (SHUTDOWN_TIMEOUT_MS); exiting anyway`);
    process.exit(1);
  }, timeoutMs).unref();
}

/** Stops accepting connections, lets in-flight requests finish (up to timeoutMs), closes the database, exits. */
export function closeOnSignals(server: RunningServer, timeoutMs: number): void {
  let closing = false;
  const stop = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    server.app.log.info({ signal }, 'shutting down');
    shutdownDeadline(timeoutMs, (message) => server.app.log.error(message));
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** How long requests in flight get to finish after an uncaught exception, before the process exits anyway. */
const CRASH_DRAIN_MS = 5000;

/**
 * Failures that escape every request. An unhandled rejection is logged (with the request id when a request's work
 * made it) and the process carries on: the promise's owner has already answered or failed. An uncaught exception
 * leaves the process in a state nobody planned for, so it cannot go on: it is logged, requests in flight get a few
 * seconds to finish, and the process exits 1 for its supervisor (systemd, the container runtime, the primary of
 * `serve --workers`) to start a fresh one.
 */
export function superviseProcess(server: RunningServer): void {
  const log = server.app.log;
  process.on('unhandledRejection', (reason) => {
    log.error({ err: reason, request_id: currentRequestId() }, 'unhandled promise rejection; the process carries on');
  });
  let exiting = false;
  process.on('uncaughtException', (error) => {
    log.fatal({ err: error, request_id: currentRequestId() }, 'uncaught exception; exiting for the supervisor to restart the process');
    if (exiting) return;
    exiting = true;
    process.exitCode = 1;
    setTimeout(() => process.exit(1), CRASH_DRAIN_MS).unref();
    server.close().finally(() => process.exit(1));
  });
}
