import { constants } from 'node:zlib';
import fastifyCompress from '@fastify/compress';
import type { FastifyInstance, RouteOptions } from 'fastify';

/**
 * Response compression, for the routes whose answers are large: pages of contacts and events, histories,
 * `_batch` results, exports, import error reports, webhook lists and deliveries, the schema and the OpenAPI
 * document. Their answer is compressed when the client's Accept-Encoding allows it (br, gzip or deflate, with
 * its q-values honoured; none when it sends no Accept-Encoding or only identity) and the body is at least
 * 1 KiB; `Vary: Accept-Encoding` is set.
 * One contact (GET, POST, PATCH: a few KiB) is never compressed: on the hot paths the CPU costs more than
 * the bytes saved. Streams are compressed on libuv's thread pool, off the event loop.
 */
export const LARGE_RESPONSE: NonNullable<RouteOptions['compress']> = { threshold: 1024 };

/** An export streams up to millions of rows: the fastest levels keep up with it and still shrink NDJSON and CSV several-fold. */
export const STREAMED_EXPORT: NonNullable<RouteOptions['compress']> = {
  threshold: 1024,
  // NDJSON is not among the types the plugin knows to be compressible.
  customTypes: /^(application\/x-ndjson|text\/csv)(;|$)/,
  zlibOptions: { level: 1 },
  brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } },
};

/** Registers the compression plugin; a route compresses only when it sets one of the options above (app.ts sets `compress: false` otherwise). */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  // global: false also leaves request bodies to request-body.ts, which decodes them for every route.
  await app.register(fastifyCompress, { global: false, encodings: ['br', 'gzip', 'deflate'] });
}
