// Applies db/migrations. Node only (reads the SQL files from disk); the Worker never migrates on request.
import { fileURLToPath } from 'node:url';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { DatabaseHandle } from './client';

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export async function migrate(handle: DatabaseHandle): Promise<void> {
  const config = { migrationsFolder };
  // Both migrators run the same SQL; they differ only in the driver type they accept.
  if (handle.driver === 'pglite') await migratePglite(handle.db as never, config);
  else await migratePostgres(handle.db as never, config);
}
