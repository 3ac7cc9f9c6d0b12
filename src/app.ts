import { randomBytes, randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Config } from './config.ts';
import { Contacts } from './domain/contacts.ts';
import { KeyVerifier } from './domain/tenancy.ts';
import { authenticate } from './http/auth.ts';
import { errorBody, handleError } from './http/error-handler.ts';
import { ROUTES } from './http/routes/index.ts';
import type { RouteDeps } from './http/routes/route-deps.ts';
import type { Database } from './storage/database.ts';
import { SqlContactStore } from './storage/sql-contact-store.ts';
import { SqlTenancyStore } from './storage/sql-tenancy-store.ts';

export interface AppDeps {
  config: Config;
  database: Database;
  /** A pino logger configuration, or false for none (tests). */
  logger?: FastifyServerOptions['logger'];
}

/** Builds the Fastify app with every route wired explicitly; does not listen. */
export async function buildApp({ config, database, logger = false }: AppDeps): Promise<FastifyInstance> {
  const tenancyStore = new SqlTenancyStore(database);
  const verifier = new KeyVerifier(tenancyStore, config.keyCacheTtlMs);
  // Every process sharing a database must sign cursors alike: the first start stores a random secret.
  const cursorSecret = config.cursorSecret ?? await tenancyStore.putSettingIfAbsent('cursor_secret', randomBytes(32).toString('base64url'));
  const deps: RouteDeps = {
    contacts: new Contacts(new SqlContactStore(database), { defaultPhoneRegion: config.defaultPhoneRegion, cursorSecret }),
  };

  const app = Fastify({
    logger,
    bodyLimit: config.bodyLimitBytes,
    genReqId: () => `req_${randomUUID().replaceAll('-', '')}`,
    requestIdHeader: false,
    // One line per request, written by the onResponse hook below, labelled with the request id.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'request_id' }),
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });

  app.decorateRequest('principal', null);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(errorBody(request, 'route_not_found', `no route ${request.method} ${request.url.split('?')[0]}`));
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    await authenticate(request, verifier);
  });
  app.addHook('onResponse', async (request, reply) => {
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
  });

  for (const route of ROUTES) app.route(route(deps));
  return app;
}
