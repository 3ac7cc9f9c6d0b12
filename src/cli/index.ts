import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { ConfigError, databaseOptions, decimalInteger, loadConfig, type Config } from '../config.ts';
import { AppError } from '../domain/errors.ts';
import { parsePermissions, Tenancy } from '../domain/tenancy.ts';
import { migrate, openDatabase } from '../storage/database.ts';
import { SqlTenancyStore } from '../storage/sql-tenancy-store.ts';
import { addExportCommand, idArgument } from './bulk-commands.ts';
import { addImportCommand } from './import-command.ts';
import { writeOut } from './output.ts';

interface GlobalOptions { databaseUrl?: string; json?: boolean }

function configFrom(options: GlobalOptions, overrides: Partial<Config> = {}): Config {
  return loadConfig(process.env, { ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}), ...overrides });
}

/** Opens the database, applies migrations, runs an admin action, closes. */
async function withTenancy<T>(options: GlobalOptions, action: (tenancy: Tenancy) => Promise<T>): Promise<T> {
  const config = configFrom(options);
  const database = openDatabase(config.databaseUrl, databaseOptions(config));
  try {
    await migrate(database);
    return await action(new Tenancy(new SqlTenancyStore(database)));
  } finally {
    await database.close();
  }
}

/** With --json exactly one JSON object; otherwise readable `key: value` lines. */
function print(options: GlobalOptions, value: Record<string, unknown> | Array<Record<string, unknown>>): void {
  if (options.json) {
    writeOut(`${JSON.stringify(value)}\n`);
    return;
  }
  const rows = Array.isArray(value) ? value : [value];
  // A value not set (a key without a name, one never revoked) reads as "-", not "null".
  const shown = (v: unknown) => (v === null || v === undefined ? '-' : Array.isArray(v) ? v.join(',') : String(v));
  for (const row of rows) {
    writeOut(`${Object.entries(row).map(([k, v]) => `${k}: ${shown(v)}`).join('  ')}\n`);
  }
}

/** A list command's answer: with --json one object `{<name>: [rows]}`, else a line a row. */
function printList(options: GlobalOptions, name: string, rows: Array<Record<string, unknown>>): void {
  print(options, options.json ? { [name]: rows } : rows);
}

/**
 * A long-running process whose stdout reader went away (a log pipe closed, journald restarted) keeps serving: its
 * announcements are lost, as pino drops its log lines then. Unhandled, the EPIPE is an uncaught exception, and the
 * fatal log line it makes spins forever on the closed pipe, so the process stops serving and ignores SIGTERM.
 */
function ignoreClosedStdout(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

export function buildProgram(): Command {
  const program = new Command('contactd')
    .description('contactd: a self-hostable CRM contact record server (Reevo API v2 compatible)')
    .option('--database-url <url>', 'database URL (default: $DATABASE_URL or sqlite:./data/contactd.sqlite)', (url: string) => {
      // `--database-url "$URL"` with URL unset must not act on $DATABASE_URL's or the default database instead.
      if (url.trim() === '') throw new InvalidArgumentError('name a database URL (sqlite:<file> or postgres://…), or leave the flag out to use $DATABASE_URL');
      return url;
    })
    // Usage errors are one line on stderr like every other failure (subcommands inherit both settings).
    .configureOutput({ outputError: (text, write) => write(`contactd: ${text.replace(/^error: /, '').trim().replaceAll('\n', ' ')} (see --help)\n`) })
    .exitOverride();
  const globals = (cmd: Command): GlobalOptions => cmd.optsWithGlobals() as GlobalOptions;

  program
    .command('serve')
    .description('run the HTTP server (migrates the database first; creates a first organization and key on an empty database)')
    .option('--port <port>', 'port to listen on (default: $PORT or 8080)')
    .option('--host <host>', 'address to listen on (default: $HOST or 127.0.0.1)')
    .option('--workers <n>', 'server processes sharing the port, via node:cluster (default: $WORKERS or 1)')
    .action(async (opts: { port?: string; host?: string; workers?: string }, cmd: Command) => {
      const overrides: { -readonly [K in keyof Config]?: Config[K] } = {};
      if (opts.port !== undefined) {
        const port = decimalInteger(opts.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError([`--port must be an integer from 0 to 65535, got ${JSON.stringify(opts.port)}`]);
        overrides.port = port;
      }
      if (opts.host !== undefined) {
        // Node listens on every interface for an empty host: `--host "$HOST"` with HOST unset must not open the server to the network.
        if (opts.host.trim() === '') throw new ConfigError([`--host must be an address or host name, got ${JSON.stringify(opts.host)}`]);
        overrides.host = opts.host;
      }
      if (opts.workers !== undefined) {
        const workers = decimalInteger(opts.workers);
        if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new ConfigError([`--workers must be an integer from 1 to 64, got ${JSON.stringify(opts.workers)}`]);
        overrides.workers = workers;
      }
      const config = configFrom(globals(cmd), overrides);
      ignoreClosedStdout();
      if (config.workers > 1) {
        const { serveCluster } = await import('../serve-cluster.ts');
        await serveCluster(config);
        return;
      }
      // Loaded here so the admin commands never pay for Fastify and the routes.
      const { closeOnSignals, startServer, superviseProcess } = await import('../main.ts');
      const server = await startServer(config);
      process.stdout.write(`contactd listening on ${server.url} (${server.database.profile.name})\n`);
      closeOnSignals(server, config.shutdownTimeoutMs);
      superviseProcess(server);
    });

  program
    .command('worker')
    .description('run only the background workers, webhook delivery and import jobs (no HTTP server); run it beside `serve` with WEBHOOK_WORKER=false and IMPORT_WORKER=false, or add it to share the work')
    .action(async (_opts: unknown, cmd: Command) => {
      const config = configFrom(globals(cmd));
      ignoreClosedStdout();
      const { shutdownDeadline, startWorker } = await import('../main.ts');
      const worker = await startWorker(config, (error) => process.stderr.write(`contactd worker: ${error instanceof Error ? error.message : String(error)}\n`));
      let closing = false;
      const stop = () => {
        if (closing) return;
        closing = true;
        shutdownDeadline(config.shutdownTimeoutMs, (message) => process.stderr.write(`contactd worker: ${message}\n`));
        worker.close().then(() => process.exit(0), () => process.exit(1));
      };
      // Before announcing readiness: a supervisor that signals as soon as it reads the line must reach stop().
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      process.stdout.write(`contactd worker delivering webhooks and running import jobs (${worker.database.profile.name})\n`);
      // The worker's timers never hold the process open on their own: keep it alive until a signal.
      setInterval(() => undefined, 1 << 30);
    });

  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(async (_opts: unknown, cmd: Command) => {
      const config = configFrom(globals(cmd));
      const database = openDatabase(config.databaseUrl, databaseOptions(config));
      try {
        const applied = await migrate(database);
        writeOut(applied.length === 0 ? 'database is up to date\n' : `applied ${applied.join(', ')}\n`);
      } finally {
        await database.close();
      }
    });

  const org = program.command('org').description('manage organizations');
  org
    .command('create')
    .description('create an organization with the default contact stages')
    .requiredOption('--name <name>', 'organization name')
    .option('--json', 'print one JSON object')
    .action(async (opts: { name: string }, cmd: Command) => {
      const created = await withTenancy(globals(cmd), (t) => t.createOrganization(opts.name));
      print(globals(cmd), { id: created.id, name: created.name });
    });
  org
    .command('list')
    .description('list the organizations (their ids are what --org takes)')
    .option('--json', 'print one JSON object')
    .action(async (_opts: unknown, cmd: Command) => {
      const orgs = await withTenancy(globals(cmd), (t) => t.listOrganizations());
      printList(globals(cmd), 'organizations', orgs.map((o) => ({ id: o.id, name: o.name, created_at: o.createdAt })));
    });

  const user = program.command('user').description('manage users');
  user
    .command('create')
    .description('create a user in an organization')
    .requiredOption('--org <id>', 'organization id', idArgument)
    .requiredOption('--email <email>', 'email address')
    .option('--name <name>', 'display name')
    .option('--json', 'print one JSON object')
    .action(async (opts: { org: string; email: string; name?: string }, cmd: Command) => {
      const created = await withTenancy(globals(cmd), (t) => t.createUser(opts.org, opts.email, opts.name ?? null));
      print(globals(cmd), { id: created.id, email: created.email });
    });
  user
    .command('list')
    .description('list the users of an organization (their ids are what --user takes)')
    .requiredOption('--org <id>', 'organization id', idArgument)
    .option('--json', 'print one JSON object')
    .action(async (opts: { org: string }, cmd: Command) => {
      const users = await withTenancy(globals(cmd), (t) => t.listUsers(opts.org));
      printList(globals(cmd), 'users', users.map((u) => ({ id: u.id, email: u.email, name: u.name, created_at: u.createdAt })));
    });

  const team = program.command('team').description('manage teams');
  team
    .command('create')
    .description('create a team in an organization')
    .requiredOption('--org <id>', 'organization id', idArgument)
    .requiredOption('--name <name>', 'team name')
    .option('--json', 'print one JSON object')
    .action(async (opts: { org: string; name: string }, cmd: Command) => {
      const created = await withTenancy(globals(cmd), (t) => t.createTeam(opts.org, opts.name));
      print(globals(cmd), { id: created.id, name: created.name });
    });
  team
    .command('list')
    .description('list the teams of an organization')
    .requiredOption('--org <id>', 'organization id', idArgument)
    .option('--json', 'print one JSON object')
    .action(async (opts: { org: string }, cmd: Command) => {
      const teams = await withTenancy(globals(cmd), (t) => t.listTeams(opts.org));
      printList(globals(cmd), 'teams', teams.map((team) => ({ id: team.id, name: team.name, created_at: team.createdAt })));
    });

  const apiKey = program.command('api-key').description('manage API keys');
  apiKey
    .command('create')
    .description('create an API key for a user; the key is printed once')
    .requiredOption('--org <id>', 'organization id', idArgument)
    .requiredOption('--user <id>', 'user id', idArgument)
    .option('--permissions <list>', 'comma-separated: contacts:read, contacts:write, webhooks:read, webhooks:write, schema:write (each write implies its read; schema:write defines custom attributes)', 'contacts:read,contacts:write')
    .option('--expires-at <iso>', 'expiry as an ISO-8601 timestamp')
    .option('--name <label>', 'a label for the key')
    .option('--json', 'print one JSON object')
    .action(async (opts: { org: string; user: string; permissions: string; expiresAt?: string; name?: string }, cmd: Command) => {
      // An admin typing a past date made a mistake; the domain still accepts one (tests build expired keys).
      if (opts.expiresAt !== undefined && Date.parse(opts.expiresAt) <= Date.now()) throw new AppError('validation_failed', `--expires-at must be in the future, got ${JSON.stringify(opts.expiresAt)}`);
      const { apiKey: created, key } = await withTenancy(globals(cmd), (t) =>
        t.createApiKey({ organizationId: opts.org, userId: opts.user, permissions: parsePermissions(opts.permissions), expiresAt: opts.expiresAt ?? null, name: opts.name ?? null }),
      );
      print(globals(cmd), { id: created.id, api_key: key });
    });
  apiKey
    .command('list')
    .description('list the API keys of an organization (never the keys themselves)')
    .requiredOption('--org <id>', 'organization id', idArgument)
    .option('--json', 'print one JSON object')
    .action(async (opts: { org: string }, cmd: Command) => {
      const keys = await withTenancy(globals(cmd), (t) => t.listApiKeys(opts.org));
      printList(globals(cmd), 'api_keys', keys.map((k) => ({ id: k.id, name: k.name, prefix: k.keyPrefix, user_id: k.userId, permissions: k.permissions, expires_at: k.expiresAt, revoked_at: k.revokedAt, created_at: k.createdAt })));
    });
  apiKey
    .command('revoke')
    .description('revoke an API key; servers refuse it within seconds')
    .argument('<key-id>', 'the key id (from api-key list)', idArgument)
    .option('--json', 'print one JSON object')
    .action(async (keyId: string, _opts: unknown, cmd: Command) => {
      const revoked = await withTenancy(globals(cmd), (t) => t.revokeApiKey(keyId));
      print(globals(cmd), { id: revoked.id, revoked_at: revoked.revokedAt });
    });

  const stage = program.command('stage').description('contact stages');
  stage
    .command('list')
    .description('list the contact stages of an organization')
    .requiredOption('--org <id>', 'organization id', idArgument)
    .option('--json', 'print one JSON object')
    .action(async (opts: { org: string }, cmd: Command) => {
      const stages = await withTenancy(globals(cmd), (t) => t.listStages(opts.org));
      printList(globals(cmd), 'stages', stages.map((s) => ({ id: s.id, api_name: s.apiName, display_value: s.displayValue, color: s.color, is_default: s.isDefault })));
    });

  addExportCommand(program, globals);
  addImportCommand(program, globals);

  return program;
}

/** Runs the CLI; every failure is one line on stderr and a non-zero exit. */
export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    const message = error instanceof ConfigError ? error.problems.join('; ')
      : error instanceof AppError ? error.message
      : error instanceof Error ? error.message : String(error);
    process.stderr.write(`contactd: ${message.replaceAll('\n', ' ')}\n`);
    process.exitCode = 1;
  }
}
