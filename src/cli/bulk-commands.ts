import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { Command } from 'commander';
import { databaseOptions, loadConfig, type Config } from '../config.ts';
import { Contacts, type Actor } from '../domain/contacts.ts';
import { CustomAttributes } from '../domain/custom-attributes.ts';
import { AppError } from '../domain/errors.ts';
import { isUuid } from '../domain/ids.ts';
import { exportRenderer } from '../http/export-format.ts';
import { migrate, openDatabase, type Database } from '../storage/database.ts';
import { SqlContactStore } from '../storage/sql-contact-store.ts';
import { SqlCustomAttributeStore } from '../storage/sql-custom-attribute-store.ts';

interface GlobalOptions { databaseUrl?: string }

/** Opens the database, migrates, and runs fn with the contact use cases; closes on the way out. */
export async function withContacts<T>(options: GlobalOptions, fn: (contacts: Contacts, database: Database, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env, options.databaseUrl ? { databaseUrl: options.databaseUrl } : {});
  // The settings every command opens the database with (PG_QUERY_TIMEOUT_MS, PG_POOL_*, SQLITE_BUSY_TIMEOUT_MS).
  const database = openDatabase(config.databaseUrl, databaseOptions(config));
  try {
    await migrate(database);
    // Cursors never leave the command, so any secret signs them. Writes and renders use the organization's catalog (its custom attributes).
    const catalogs = new CustomAttributes(new SqlCustomAttributeStore(database), { maxLive: config.customAttributesMax });
    const contacts = new Contacts(new SqlContactStore(database), { defaultPhoneRegion: config.defaultPhoneRegion, cursorSecret: config.cursorSecret ?? randomBytes(32).toString('base64url'), catalogs });
    return await fn(contacts, database, config);
  } finally {
    await database.close();
  }
}

/**
 * An id given on the command line as the store keeps it: a UUID in lower case (the API reads ids in any case,
 * so a copied 01A2… id names the same record; `api-key revoke` with it must not answer "no API key").
 */
export const idArgument = (raw: string): string => (isUuid(raw.trim()) ? raw.trim().toLowerCase() : raw);

/** The organization's first user acts for a command (an import's created_by), unless --user names one. */
export async function commandActor(database: Database, organizationId: string, userId: string | undefined): Promise<Actor> {
  const query = database.db.selectFrom('users').select('id').where('organization_id', '=', organizationId);
  const row = await (userId === undefined ? query.orderBy('created_at').orderBy('id') : query.where('id', '=', userId)).executeTakeFirst();
  if (row === undefined) throw new AppError('record_not_found', userId === undefined ? `organization ${organizationId} does not exist or has no users` : `no user ${userId} in organization ${organizationId}`);
  return { organizationId, userId: row.id, apiKeyId: null, requestId: null, source: 'CSV_IMPORT' };
}

function parseJsonOption(name: string, text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('validation_failed', `${name} must be JSON, got ${JSON.stringify(text)}`);
  }
}

export function addExportCommand(program: Command, globals: (cmd: Command) => GlobalOptions): void {
  program
    .command('export')
    .description('write the contacts of an organization to stdout as NDJSON or CSV, from one consistent snapshot')
    .requiredOption('--org <id>', 'organization id', idArgument)
    .option('--format <format>', 'ndjson or csv', 'ndjson')
    .option('--filters <json>', 'the _query filters as a JSON array')
    .option('--search <text>', 'the _query free-text search (ANDed with --filters)')
    .action(async (opts: { org: string; format: string; filters?: string; search?: string }, cmd: Command) => {
      await withContacts(globals(cmd), async (contacts, database) => {
        const actor = await commandActor(database, opts.org, undefined);
        const filters = parseJsonOption('--filters', opts.filters);
        const body = { format: opts.format, ...(filters !== undefined ? { filters } : {}), ...(opts.search !== undefined ? { search: opts.search } : {}) };
        const { plan, format } = await contacts.prepareExport(actor, body);
        const renderer = exportRenderer(format, await contacts.view(opts.org));
        // A reader that stops early (| head) ends the export quietly.
        process.stdout.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code === 'EPIPE') process.exit(0);
        });
        const write = async (chunk: string | Buffer) => {
          if (chunk.length !== 0 && !process.stdout.write(chunk)) await once(process.stdout, 'drain');
        };
        await write(renderer.header);
        await contacts.export(actor, plan, (batch) => write(renderer.batch(batch)));
      });
    });
}
