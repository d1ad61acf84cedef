// A fresh, migrated database for each test file: Postgres when DATABASE_URL is set (a new database, dropped
// afterwards), otherwise an in-memory PGlite. Nothing depends on state left by another run.
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { inject } from 'vitest';
import { createPostgresDb, rowsOf, type DatabaseHandle } from '../../db/client';
import { migrate } from '../../db/migrate';
import { createPgliteDb } from '../../db/pglite';
import { pgliteSnapshot } from './database-template';

export type TestDatabase = DatabaseHandle & { url: string | null; drop: () => Promise<void> };

export const usingPostgres = () => Boolean(process.env.DATABASE_URL);

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.DATABASE_URL;
  const template = inject('kizunaDatabaseTemplate');
  if (!adminUrl) {
    if (template?.kind === 'pglite') {
      const handle = await createPgliteDb(undefined, { loadDataDir: await pgliteSnapshot(template.file) });
      return { ...handle, url: null, drop: handle.close };
    }
    const handle = await createPgliteDb();
    await migrate(handle);
    return { ...handle, url: null, drop: handle.close };
  }
  const name = `kizuna_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const copy = template?.kind === 'postgres';
  await admin.unsafe(copy ? `create database ${name} template ${template.name}` : `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = createPostgresDb(url.toString(), { max: 5 });
  if (!copy) await migrate(handle);
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

/**
 * Resolves once a session of this database is waiting for a lock: the observable sign that a statement is
 * blocked, rather than "a while passed and it had not finished" (which passes falsely on a slow machine).
 */
export async function waitForLockWaiter(handle: TestDatabase, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await handle.db.execute(
      sql`select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
    );
    const waiting = rowsOf<{ waiting: number }>(result)[0]?.waiting ?? 0;
    if (waiting > 0) return;
    if (Date.now() > deadline) throw new Error('no session started waiting for a lock');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
