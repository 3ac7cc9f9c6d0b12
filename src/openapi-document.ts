import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { migrate, openDatabase } from './storage/database.ts';

/** The OpenAPI document exactly as the server serves it at /api/v2/openapi.json (built on a throwaway in-memory database). */
export async function generateOpenApiDocument(): Promise<Record<string, unknown>> {
  const database = openDatabase('sqlite::memory:');
  try {
    await migrate(database);
    const app = await buildApp({ config: loadConfig({}, { databaseUrl: 'sqlite::memory:', logLevel: 'silent' }), database });
    await app.ready();
    const document = structuredClone(app.swagger()) as unknown as Record<string, unknown>;
    await app.close();
    return document;
  } finally {
    await database.close();
  }
}
