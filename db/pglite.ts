// Embedded Postgres for Node only: the Worker never imports this file.
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import type { Database, DatabaseHandle } from './client';
import * as schema from './schema';

/** dataDir: a folder to keep data in, or undefined for a throw-away in-memory database. */
export async function createPgliteDb(dataDir?: string): Promise<DatabaseHandle & { client: PGlite }> {
  const client = dataDir ? new PGlite(dataDir) : new PGlite();
  await client.waitReady;
  const db = drizzle(client, { schema }) as unknown as Database;
  return { db, client, driver: 'pglite', close: () => client.close() };
}
