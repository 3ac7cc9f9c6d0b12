import scalar from '@scalar/fastify-api-reference';
import type { FastifyInstance } from 'fastify';

/**
 * The interactive API reference at /docs (Scalar). Its script is served from node_modules, the page
 * loads no web fonts, sends no telemetry and uses no proxy, so it works with no internet access;
 * "Test request" calls the origin serving the page.
 */
export async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(scalar, {
    routePrefix: '/docs',
    configuration: {
      // The document itself, not its URL: Scalar also serves it at /docs/openapi.json and /docs/openapi.yaml
      // (which the page loads), and given only a URL those answered 500 and an empty body.
      content: () => app.swagger(),
      pageTitle: 'contactd',
      withDefaultFonts: false,
      telemetry: false,
      showDeveloperTools: 'never',
      hideClientButton: false,
      authentication: { preferredSecurityScheme: 'bearerAuth' },
    },
  });
}
