import type {} from '@fastify/swagger';
import type { RouteOptions } from 'fastify';
import type { Contacts } from '../../domain/contacts.ts';
import type { CustomAttributes } from '../../domain/custom-attributes.ts';
import type { ReadinessReport } from '../../domain/readiness.ts';

/** What route factories receive: the use cases, wired explicitly in app.ts. */
export interface RouteDeps {
  contacts: Contacts;
  customAttributes: CustomAttributes;
  /** Asks every dependency whether it answers (GET /api/v2/health/ready). */
  readiness: () => Promise<ReadinessReport>;
}

export type RouteFactory = (deps: RouteDeps) => RouteOptions;
