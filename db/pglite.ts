// Embedded Postgres for Node only: the Worker never imports this file.
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import type { Database, DatabaseHandle } from './client';
import * as schema from './schema';

export type PgliteOptions = {
  /**
   * Called once if the embedded database fails in a way it cannot recover from (a WebAssembly trap: after
   * one, every later query fails too). The Node server exits then, so that a supervisor restarts it; the
   * data on disk is intact (PGlite writes through Postgres's own WAL).
   */
  onFatal?: (err: Error) => void;
  /** A data directory dumped by PGlite's dumpDataDir() to start from (the tests' migrated snapshot). */
  loadDataDir?: Blob;
};

/** dataDir: a folder to keep data in, or undefined for a throw-away in-memory database. */
export async function createPgliteDb(dataDir?: string, options: PgliteOptions = {}): Promise<DatabaseHandle & { client: PGlite }> {
  const client = new PGlite({ dataDir, loadDataDir: options.loadDataDir });
  await client.waitReady;
  const guarded = options.onFatal ? reportingFatalErrors(client, options.onFatal) : client;
  const db = drizzle(guarded, { schema }) as unknown as Database;
  return { db, client, driver: 'pglite', close: () => client.close() };
}

/** A WebAssembly trap inside PGlite ("memory access out of bounds", "table index is out of bounds"). */
export const isFatalPgliteError = (err: unknown): err is Error => err instanceof WebAssembly.RuntimeError;

/**
 * The client with every call that returns a promise watched for a fatal error. Request validation keeps the
 * inputs known to trap PGlite out (a jsonb value nested 1,000 deep did), so this is the second line: a
 * process whose database is gone says so and stops, instead of answering 5xx to every request for ever.
 */
function reportingFatalErrors(client: PGlite, onFatal: (err: Error) => void): PGlite {
  let reported = false;
  const watch = (err: unknown) => {
    if (!reported && isFatalPgliteError(err)) {
      reported = true;
      onFatal(err);
    }
    throw err;
  };
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result = value.apply(target, args);
        return result instanceof Promise ? result.catch(watch) : result;
      };
    },
  });
}
