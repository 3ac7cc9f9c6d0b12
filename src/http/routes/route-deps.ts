import type {} from '@fastify/swagger';
import type { RouteOptions } from 'fastify';
import type { Contacts } from '../../domain/contacts.ts';
import type { Events } from '../../domain/events.ts';
import type { ImportJobs } from '../../domain/import-jobs.ts';
import type { Metrics } from '../../metrics.ts';
import type { AuthFailureGuard } from '../auth-failures.ts';

/** Who may read GET /metrics: anyone when token is null, else the bearer of token. */
export interface MetricsAccess {
  token: string | null;
  failures: AuthFailureGuard;
}
import type { CustomAttributes } from '../../domain/custom-attributes.ts';
import type { Webhooks } from '../../domain/webhooks.ts';
import type { ReadinessReport } from '../../domain/readiness.ts';

/** What route factories receive: the use cases, wired explicitly in app.ts. */
export interface RouteDeps {
  contacts: Contacts;
  importJobs: ImportJobs;
  events: Events;
  webhooks: Webhooks;
  /** Runs between a write's commit and its reply: a no-op, except the test fault point (config.testFault). */
  afterCommit: () => void;
  /** Aborts when the server starts closing: long polls answer at once instead of holding the drain. */
  shutdown: AbortSignal;
  /** The idle socket timeout a long poll restores when it is done. */
  socketTimeoutMs: number;
  metrics: Pick<Metrics, 'scrape' | 'contentType'>;
  metricsAccess: MetricsAccess;
  customAttributes: CustomAttributes;
  /** Asks every dependency whether it answers (GET /api/v2/health/ready). */
  readiness: () => Promise<ReadinessReport>;
}

export type RouteFactory = (deps: RouteDeps) => RouteOptions;
