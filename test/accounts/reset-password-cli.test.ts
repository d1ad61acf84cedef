// `npm run reset-password -- <email>`: the instance owner's way back in for a person when no email can be sent.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { migrate } from '../../db/migrate';
import { createPgliteDb } from '../../db/pglite';
import { sessions } from '../../db/schema';
import { createSession } from '../../server/auth/session';
import { confirmPasswordReset } from '../../server/services/accounts/password-resets';
import { checkCredentials } from '../../server/services/accounts/login';
import { createUser } from '../../server/services/accounts/users';
import { TEST_PASSWORD_ITERATIONS } from '../support/api';
import { createTestDatabase, usingPostgres } from '../support/database';
import { describeInProcess } from '../support/target';

const execFileAsync = promisify(execFile);

/** The database `npm start` would open: a fresh Postgres database, or an embedded one in its own data directory. */
async function serverDatabase(): Promise<{ env: NodeJS.ProcessEnv; open: () => Promise<{ db: Database; close: () => Promise<void> }>; cleanup: () => Promise<void> }> {
  if (usingPostgres()) {
    const database = await createTestDatabase();
    return {
      env: { ...process.env, DATABASE_URL: database.url! },
      open: async () => ({ db: database.db as Database, close: async () => {} }),
      cleanup: database.drop,
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'kizuna-reset-'));
  const handle = await createPgliteDb(dir);
  await migrate(handle);
  await handle.close();
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  return {
    env: { ...rest, KIZUNA_DATA_DIR: dir },
    // PGlite: one process at a time, so the test opens it only while the script is not running.
    open: async () => createPgliteDb(dir),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

const run = (env: NodeJS.ProcessEnv, args: string[]) =>
  execFileAsync(process.execPath, ['--import', 'tsx', 'scripts/reset-password.ts', ...args], { env }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

describeInProcess('npm run reset-password', () => {
  it('prints a single-use link that sets the password the person chooses, ends that account’s sessions only, and refuses an unknown email', async () => {
    const server = await serverDatabase();
    try {
      let seed = await server.open();
      const aiko = await createUser(seed.db, { email: 'aiko@example.com', password: 'forgotten-password', passwordIterations: TEST_PASSWORD_ITERATIONS });
      const ben = await createUser(seed.db, { email: 'ben@example.com', password: 'ben-password-1', passwordIterations: TEST_PASSWORD_ITERATIONS });
      const now = new Date();
      await createSession(seed.db, aiko!.id, now);
      await createSession(seed.db, aiko!.id, now);
      await createSession(seed.db, ben!.id, now);
      await seed.close();

      const result = await run({ ...server.env, KIZUNA_PUBLIC_URL: 'https://kizuna.example/' }, ['Aiko@Example.com']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const printed = /^Password reset link for aiko@example\.com:\nhttps:\/\/kizuna\.example\/login#reset=(\w{40})\nIt works once, until (\S+)\. /.exec(result.stdout);
      expect(printed).not.toBeNull();
      const [, token, until] = printed!;
      expect(new Date(until!).getTime() - now.getTime()).toBeGreaterThan(23 * 3600 * 1000);

      seed = await server.open();
      expect(await seed.db.select({ userId: sessions.userId }).from(sessions).where(eq(sessions.userId, aiko!.id))).toEqual([]);
      expect(await seed.db.select({ userId: sessions.userId }).from(sessions).where(eq(sessions.userId, ben!.id))).toHaveLength(1);
      // Until the link is used the old password still works: the command alone locks nobody out.
      expect((await checkCredentials(seed.db, 'aiko@example.com', 'forgotten-password'))?.id).toBe(aiko!.id);
      expect(await confirmPasswordReset(seed.db, new Date(), token!, 'chosen-by-aiko', TEST_PASSWORD_ITERATIONS)).toBe(aiko!.id);
      expect(await confirmPasswordReset(seed.db, new Date(), token!, 'second-try-pass', TEST_PASSWORD_ITERATIONS)).toBeNull();
      expect(await checkCredentials(seed.db, 'aiko@example.com', 'forgotten-password')).toBeNull();
      expect((await checkCredentials(seed.db, 'aiko@example.com', 'chosen-by-aiko'))?.id).toBe(aiko!.id);
      expect((await checkCredentials(seed.db, 'ben@example.com', 'ben-password-1'))?.id).toBe(ben!.id);
      await seed.close();

      const { KIZUNA_PUBLIC_URL: _unset, ...withoutUrl } = server.env;
      const relative = await run(withoutUrl, ['ben@example.com']);
      expect(relative.code).toBe(0);
      expect(relative.stdout).toMatch(/^Password reset link for ben@example\.com:\n\/login#reset=\w{40}\nOpen it on the dashboard's address/);

      const unknown = await run(server.env, ['nobody@example.com']);
      expect(unknown).toMatchObject({ code: 1, stdout: '', stderr: 'Password reset failed: no account has the email "nobody@example.com"\n' });
      const none = await run(server.env, []);
      expect(none).toMatchObject({ code: 1, stdout: '', stderr: 'Password reset failed: usage: npm run reset-password -- <email>\n' });
    } finally {
      await server.cleanup();
    }
  }, 120_000);
});
