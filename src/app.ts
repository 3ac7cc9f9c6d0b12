import { randomBytes, randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
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
    // While draining, requests already on open connections are served (with Connection: close) rather than
    // given Fastify's own 503 body, which is not the §5 shape; new connections are refused by then.
    return503OnClosing: false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Bad percent-encoding and over-long path segments are refused before routing: give them the §5 shape too.
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
      logRequest(request, reply);
    },
  });

  // Only JSON bodies: without this, Fastify's built-in text/plain parser would hand strings to the routes.
  app.removeContentTypeParser('text/plain');
  app.decorateRequest('principal', null);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(errorBody(request, 'route_not_found', `no route ${request.method} ${request.url.split('?')[0]}`));
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    await authenticate(request, verifier);
  });
  // Responses finishing during a drain close their connection, so an idle keep-alive socket cannot hold shutdown open.
  let draining = false;
  app.addHook('preClose', async () => {
    draining = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (draining) reply.header('connection', 'close');
  });
  app.addHook('onResponse', async (request, reply) => logRequest(request, reply));

  for (const route of ROUTES) app.route(route(deps));
  return app;
}
