import type {} from '@fastify/swagger';
import type { RouteOptions } from 'fastify';
import type { Contacts } from '../../domain/contacts.ts';
import type { Metrics } from '../../metrics.ts';
import type { AuthFailureGuard } from '../auth-failures.ts';

/** Who may read GET /metrics: anyone when token is null, else the bearer of token. */
export interface MetricsAccess {
  token: string | null;
  failures: AuthFailureGuard;
}
import type { CustomAttributes } from '../../domain/custom-attributes.ts';
import type { ReadinessReport } from '../../domain/readiness.ts';

/** What route factories receive: the use cases, wired explicitly in app.ts. */
export interface RouteDeps {
  contacts: Contacts;
  metrics: Pick<Metrics, 'scrape' | 'contentType'>;
  metricsAccess: MetricsAccess;
  customAttributes: CustomAttributes;
  /** Asks every dependency whether it answers (GET /api/v2/health/ready). */
  readiness: () => Promise<ReadinessReport>;
}

export type RouteFactory = (deps: RouteDeps) => RouteOptions;
