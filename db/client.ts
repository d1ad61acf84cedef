import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema';

export type Schema = typeof schema;
/** Either driver: postgres.js (Postgres, Hyperdrive) or PGlite. Services only ever see this type. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction has the same query surface as the database. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
export type DatabaseHandle = { db: Database; driver: 'postgres' | 'pglite'; close: () => Promise<void> };

export type PostgresOptions = {
  /** Connections in the pool. Workers want 1 per request; a Node server more. */
  max?: number;
};

/** Postgres over postgres.js. Used whenever DATABASE_URL is set, and by the Worker through Hyperdrive. */
export function createPostgresDb(url: string, options: PostgresOptions = {}): DatabaseHandle {
  const client = postgres(url, {
    max: options.max ?? 10,
    // Notices ("relation already exists, skipping") are not our users' business.
    onnotice: () => {},
    // Hyperdrive and pgbouncer-style poolers do not support named prepared statements across connections.
    prepare: options.max === 1 ? false : true,
  });
  const db = drizzle(client, { schema }) as unknown as Database;
  return { db, driver: 'postgres', close: () => client.end({ timeout: 5 }) };
}
