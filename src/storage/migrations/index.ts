import type { Migration, MigrationProvider } from 'kysely';
import * as createTenancyTables from './2026-11-27-0001-create-tenancy-tables.ts';
import * as createContactTables from './2026-11-27-0002-create-contact-tables.ts';
import * as addContactQueryIndexes from './2026-11-27-0003-add-contact-query-indexes.ts';
import * as createIdempotencyKeys from './2026-11-27-0005-create-idempotency-keys.ts';
import * as addContactListColumns from './2026-11-27-0006-add-contact-list-columns.ts';
import * as createContactEvents from './2026-12-02-0010-create-contact-events.ts';
import * as createCustomAttributes from './2026-12-02-0020-create-custom-attributes.ts';
import * as addContactSearchText from './2026-12-02-0030-add-contact-search-text.ts';
import * as createWebhooks from './2026-12-02-0040-create-webhooks.ts';
import * as createImportJobs from './2026-12-03-0050c-create-import-jobs.ts';
import * as searchCustomAttributes from './2026-12-03-0050e-search-custom-attributes.ts';
import * as deferSqliteSearchIndex from './2026-12-03-0060a-defer-sqlite-search-index.ts';
import * as foldCustomValues from './2026-12-03-0060b-fold-custom-values.ts';
import * as orderWebhookDueIndex from './2026-12-04-0070w-order-webhook-due-index.ts';
import * as sqliteSearchIndexByLine from './2026-12-07-0080-sqlite-search-index-by-line.ts';

/** Every migration, listed statically in the order they apply. */
export const migrations: Record<string, Migration> = {
  '2026-11-27-0001-create-tenancy-tables': createTenancyTables,
  '2026-11-27-0002-create-contact-tables': createContactTables,
  '2026-11-27-0003-add-contact-query-indexes': addContactQueryIndexes,
  '2026-11-27-0005-create-idempotency-keys': createIdempotencyKeys,
  '2026-11-27-0006-add-contact-list-columns': addContactListColumns,
  '2026-12-02-0010-create-contact-events': createContactEvents,
  '2026-12-02-0020-create-custom-attributes': createCustomAttributes,
  '2026-12-02-0030-add-contact-search-text': addContactSearchText,
  '2026-12-02-0040-create-webhooks': createWebhooks,
  '2026-12-03-0050c-create-import-jobs': createImportJobs,
  '2026-12-03-0050e-search-custom-attributes': searchCustomAttributes,
  '2026-12-03-0060a-defer-sqlite-search-index': deferSqliteSearchIndex,
  '2026-12-03-0060b-fold-custom-values': foldCustomValues,
  '2026-12-04-0070w-order-webhook-due-index': orderWebhookDueIndex,
  '2026-12-07-0080-sqlite-search-index-by-line': sqliteSearchIndexByLine,
};

export const migrationProvider: MigrationProvider = { getMigrations: async () => migrations };
