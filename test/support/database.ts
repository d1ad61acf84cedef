// A fresh, migrated database for each test file: Postgres when DATABASE_URL is set (a new database, dropped
// afterwards), otherwise an in-memory PGlite. Nothing depends on state left by another run.
import postgres from 'postgres';
import { createPostgresDb, type DatabaseHandle } from '../../db/client';
import { migrate } from '../../db/migrate';
import { createPgliteDb } from '../../db/pglite';

export type TestDatabase = DatabaseHandle & { url: string | null; drop: () => Promise<void> };

export const usingPostgres = () => Boolean(process.env.DATABASE_URL);

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const handle = await createPgliteDb();
    await migrate(handle);
    return { ...handle, url: null, drop: handle.close };
  }
  const name = `kizuna_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = createPostgresDb(url.toString(), { max: 5 });
  await migrate(handle);
  return {
    ...handle,
    url: url.toString(),
    drop: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
