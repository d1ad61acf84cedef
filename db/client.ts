import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres, { type Sql } from 'postgres';
import * as schema from './schema';

export type Schema = typeof schema;
/** Either driver: postgres.js (Postgres, Hyperdrive) or PGlite. Services only ever see this type. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction has the same query surface as the database. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
export type DatabaseHandle = { db: Database; driver: 'postgres' | 'pglite'; close: () => Promise<void> };

/** The rows of a `db.execute(sql…)` result: postgres.js answers with the rows, PGlite with `{ rows }`. */
export function rowsOf<Row>(result: unknown): Row[] {
  return (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
}

export type PostgresOptions = {
  /** Connections in the pool. Workers want 1 per request; a Node server more. */
  max?: number;
  /** Named prepared statements (default: on for a pool). Off behind a transaction-mode pooler such as pgbouncer. */
  namedStatements?: boolean;
};

/** Postgres over postgres.js. Used whenever DATABASE_URL is set, and by the Worker through Hyperdrive. */
export function createPostgresDb(url: string, options: PostgresOptions = {}): DatabaseHandle {
  // Hyperdrive (one connection per Worker request) and transaction-mode poolers (pgbouncer) do not keep named
  // prepared statements across transactions; a Node pool that owns its connections does.
  const namedStatements = options.namedStatements ?? options.max !== 1;
  const client = postgres(url, {
    max: options.max ?? 10,
    // Notices ("relation already exists, skipping") are not our users' business.
    onnotice: () => {},
    prepare: namedStatements,
    // Settings for a pool that owns its connections (a pooler or Hyperdrive shares them, so they are left alone).
    // Statements are kept to save round trips, not plans: every execution is planned for its own parameters,
    // so a metrics query over a day and one over a year never share a plan. No JIT: it pays off on long
    // analytical scans, and Kizuna's reads are index lookups and rollups, where compiling costs more than it
    // saves (follow-up metrics over 212,000 cases: 1.47 s with JIT, 1.28 s without; bench/followups).
    connection: namedStatements ? { plan_cache_mode: 'force_custom_plan', jit: 'off' } : {},
  });
  const db = drizzle(namedStatements ? withNamedStatements(client) : client, { schema }) as unknown as Database;
  return { db, driver: 'postgres', close: () => client.end({ timeout: 5 }) };
}

/**
 * drizzle asks postgres.js for an unnamed statement unless a query is built with `.prepare(name)`, and
 * postgres.js sends an unnamed statement with parameters in two round trips (Parse and Describe, wait for the
 * parameter types, then Bind and Execute) that also stop later queries from being pipelined behind it. As
 * named statements, kept per connection (postgres.js recycles connections every 30–60 minutes, which bounds
 * the cache), a query costs one round trip after its first use. This wraps the client so that every query,
 * in transactions and savepoints too, is sent that way.
 */
function withNamedStatements(sql: Sql): Sql {
  const scoped = <A extends unknown[]>(run: (...args: A) => unknown) =>
    (...args: unknown[]) => {
      const last = args.length - 1;
      const body = args[last] as (inner: Sql) => unknown;
      return run(...([...args.slice(0, last), (inner: Sql) => body(withNamedStatements(inner))] as A));
    };
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === 'unsafe') {
        return (query: string, params?: unknown[], queryOptions?: Record<string, unknown>) =>
          target.unsafe(query, params as never, { ...queryOptions, prepare: true });
      }
      if (property === 'begin') return scoped(target.begin as (...args: unknown[]) => unknown);
      if (property === 'savepoint' && 'savepoint' in target) {
        return scoped((target as unknown as { savepoint: (...args: unknown[]) => unknown }).savepoint);
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

type RawClient =
  | { unsafe: (query: string, params: unknown[]) => Promise<unknown[]> }
  | { query: (query: string, params: unknown[]) => Promise<{ rows: unknown[] }> };

/**
 * Runs one statement whose text is written once per process, with its parameters, on either driver's own
 * client (postgres.js sends it as a named prepared statement on a pool). For the ingest path, where building
 * the same query with drizzle's builder on every request costs more CPU than the database spends on it.
 */
export async function runStatement<Row>(db: Database, text: string, params: (string | number | null)[]): Promise<Row[]> {
  const client = (db as unknown as { $client: RawClient }).$client;
  if ('unsafe' in client) return (await client.unsafe(text, params)) as Row[];
  return (await client.query(text, params)).rows as Row[];
}
