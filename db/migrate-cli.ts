// `npm run migrate`: applies db/migrations to DATABASE_URL (or to the embedded database in KIZUNA_DATA_DIR).
// The Node server also migrates on start; the Worker never does, so a Workers deployment runs this first,
// from any machine that can reach the database (the direct connection string, not Hyperdrive's).
import '../server/quiet-dotenv';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { rowsOf, type Database } from './client';
import { migrate, migrationsFolder } from './migrate';
import { createDb } from './node';

async function appliedCount(db: Database): Promise<number> {
  try {
    const rows = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`));
    return Number(rows[0]?.n ?? 0);
  } catch {
    return 0; // no migrations table yet: a new database
  }
}

async function main() {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const dataDir = process.env.KIZUNA_DATA_DIR ?? './data';
  const handle = await createDb({ databaseUrl, dataDir, poolSize: 1 });
  try {
    const before = await appliedCount(handle.db);
    await migrate(handle);
    const after = await appliedCount(handle.db);
    const total = readMigrationFiles({ migrationsFolder }).length;
    const where = databaseUrl ? `Postgres ${new URL(databaseUrl).host}${new URL(databaseUrl).pathname}` : `embedded database in ${dataDir}`;
    process.stdout.write(`Migrated ${where}: ${after - before} applied now, ${after} of ${total} in total.\n`);
  } finally {
    await handle.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`Migration failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
