// createDb() for Node: Postgres when DATABASE_URL is set, otherwise embedded PGlite in a data folder.
import { mkdirSync } from 'node:fs';
import { createPostgresDb, type DatabaseHandle } from './client';
import { createPgliteDb, type PgliteOptions } from './pglite';

export type CreateDbOptions = {
  databaseUrl?: string;
  dataDir?: string;
  poolSize?: number;
  namedStatements?: boolean;
  /** The embedded database only: what to do when it fails beyond recovery (see PgliteOptions). */
  onFatal?: PgliteOptions['onFatal'];
};

export async function createDb(options: CreateDbOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) return createPostgresDb(options.databaseUrl, { max: options.poolSize, namedStatements: options.namedStatements });
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  return createPgliteDb(options.dataDir, { onFatal: options.onFatal });
}
