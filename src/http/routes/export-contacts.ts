import { PassThrough, type Writable } from 'node:stream';
import { actorOf } from '../auth.ts';
import { exportRenderer, EXPORT_CONTENT_TYPES } from '../export-format.ts';
import type { RouteFactory } from './route-deps.ts';
import { STREAMED_EXPORT } from '../compression.ts';

const DESCRIPTION = [
  'Streams every contact the filters and the free-text search select (both as in _query, ANDed), with no page limit, from one consistent snapshot: writes made while the export runs are not in it. Body `{"filters"?, "search"?, "format"?: "ndjson" | "csv"}` (ndjson by default); filters are those of _query; archived contacts are left out unless a filter names archived_at; order is created_at, then id.',
  'NDJSON: one record per line, exactly as GET renders it. CSV (RFC 4180, CRLF): a header row of attribute api_names (the standard ones, then the organization\'s live custom attributes), then one row per contact; list attributes are joined with ";" (emails and phone numbers by address, users by id), stage by api_name, references by id, address as JSON; cells starting with =, +, -, @, tab or carriage return are prefixed with a single quote so a spreadsheet never runs them (import strips it again).',
  'The export is read from the database as the client reads the response: a slow reader holds the server to two batches of contacts (the one being written and the next, read meanwhile), never the whole export. A bad request is a 422 before anything streams; an error after the first byte ends the response early.',
].join('\n\n');

/** Writes text or bytes, waiting while the reader is behind; rejects when the reader went away. */
export async function writeWithBackpressure(stream: Writable, chunk: string | Buffer): Promise<void> {
  if (chunk.length === 0 || stream.write(chunk)) return;
  await new Promise<void>((resolve, reject) => {
    const settle = (error?: Error) => {
      stream.off('drain', onDrain);
      stream.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => settle();
    const onClose = () => settle(new Error('the export reader went away'));
    stream.on('drain', onDrain);
    stream.on('close', onClose);
  });
}

export const exportContacts: RouteFactory = ({ contacts }) => ({
  method: 'POST',
  url: '/api/v2/contact/_export',
  compress: STREAMED_EXPORT,
  config: { permission: 'contacts:read' },
  schema: {
    operationId: 'exportContacts', tags: ['contacts'], summary: 'Export contacts as NDJSON or CSV, streamed', description: DESCRIPTION,
    body: { content: { 'application/json': { schema: { $ref: 'ContactExportRequest#' } } } },
    response: {
      200: {
        description: 'The export, streamed.',
        content: {
          'application/x-ndjson': { schema: { type: 'string', description: 'One JSON record per line.' } },
          'text/csv': { schema: { type: 'string', description: 'A header row of api_names, then one row per contact.' } },
        },
      },
    },
  },
  handler: async (request, reply) => {
    const actor = actorOf(request);
    const { plan, format } = await contacts.prepareExport(actor, request.body);
    const renderer = exportRenderer(format, await contacts.view(actor.organizationId));
    const stream = new PassThrough();
    void (async () => {
      try {
        await writeWithBackpressure(stream, renderer.header);
        await contacts.export(actor, plan, (batch) => writeWithBackpressure(stream, renderer.batch(batch)));
        stream.end();
      } catch (error) {
        if (!stream.destroyed) request.log.error({ err: error }, 'export failed after the response started');
        stream.destroy(error as Error);
      }
    })();
    return reply.status(200).header('content-type', EXPORT_CONTENT_TYPES[format]).send(stream);
  },
});
