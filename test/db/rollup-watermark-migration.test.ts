// Migration 0025 starts each project's watermark at the migration's time on rollups that counted every
// answer: answers stored before it, including ones in the current hour and ones dated in the future, must
// still be counted exactly once afterwards.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDb, rowsOf, type DatabaseHandle } from '../../db/client';
import { migrate, migrationsFolder } from '../../db/migrate';
import { createPgliteDb } from '../../db/pglite';
import { systemClock } from '../../server/clock';
import { countCategories } from '../../server/services/metrics/nps';

let handle: DatabaseHandle;
let drop: () => Promise<void>;
let before0025: string;

/** A new database with nothing in it: PGlite in memory, or a database of its own on DATABASE_URL. */
async function emptyDatabase() {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const pglite = await createPgliteDb();
    return { handle: pglite as DatabaseHandle, drop: pglite.close };
  }
  const name = `kizuna_test_mig_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pg = createPostgresDb(url.toString(), { max: 2 });
  return {
    handle: pg,
    drop: async () => {
      await pg.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** The migrations folder as it was before 0025: the same files, the journal cut there. */
async function migrationsBefore(tag: string) {
  const dir = await mkdtemp(join(tmpdir(), 'kizuna-migrations-'));
  await cp(migrationsFolder, dir, { recursive: true });
  const journal = JSON.parse(await readFile(join(dir, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.slice(0, journal.entries.findIndex((entry) => entry.tag === tag));
  await writeFile(join(dir, 'meta/_journal.json'), JSON.stringify(journal));
  return dir;
}

const projectId = 'prj_migration';
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

beforeAll(async () => {
  ({ handle, drop } = await emptyDatabase());
  before0025 = await migrationsBefore('0025_rollups_fold_in_background');
  const config = { migrationsFolder: before0025 };
  if (handle.driver === 'pglite') await migratePglite(handle.db as never, config);
  else await migratePostgres(handle.db as never, config);
  await handle.db.execute(sql`insert into projects (id, name) values (${projectId}, 'Before')`);
  await handle.db.execute(sql`insert into surveys (id, project_id, name, question, follow_up_question, targeting, appearance)
    values ('srv_migration', ${projectId}, 'Q', '{}', '{}', '{}', '{}')`);
  // Last month, earlier this hour, and dated tomorrow and next year (as an import may date them).
  const times = [-30 * 86_400_000, -26 * 3_600_000, -60_000, -1_000, 86_400_000, 365 * 86_400_000];
  for (const [i, offset] of times.entries()) {
    const score = (i * 4) % 11;
    await handle.db.execute(sql`
      insert into responses (id, project_id, survey_id, score, category, channel, created_at)
      values (${`rsp_m${i}`}, ${projectId}, 'srv_migration', ${score}, ${score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor'}, 'web',
              ${at(offset)}::timestamptz)`);
  }
  await migrate(handle);
});
afterAll(async () => {
  await drop?.();
  if (before0025) await rm(before0025, { recursive: true, force: true });
});

describe('migration 0025', () => {
  it('starts the watermark at its own time, with the rollups counting exactly the answers before it', async () => {
    const [row] = rowsOf<{ folded_to: string | Date; sealed_to: string | Date; rolled: number; below: number; total: number }>(
      await handle.db.execute(sql`
        select w.folded_to, w.sealed_to,
               (select coalesce(sum(promoters + passives + detractors), 0)::int from response_rollups where project_id = ${projectId}) as rolled,
               (select count(*)::int from responses where project_id = ${projectId} and created_at < w.folded_to) as below,
               (select count(*)::int from responses where project_id = ${projectId}) as total
        from rollup_watermarks as w where w.project_id = ${projectId}`),
    );
    expect(row).toBeDefined();
    expect(new Date(row!.sealed_to)).toEqual(new Date(row!.folded_to));
    expect(row!.below).toBe(4); // the two answers dated in the future are the tail
    expect(row!.rolled).toBe(row!.below);
    expect(row!.total).toBe(6);
  });

  it('leaves metrics exact over ranges before, around and after the migration', async () => {
    const ctx = { db: handle.db, projectId, clock: systemClock };
    const direct = async (from: Date, to: Date) => {
      const [r] = rowsOf<{ promoters: number; passives: number; detractors: number }>(
        await handle.db.execute(sql`
          select count(*) filter (where score >= 9)::int as promoters, count(*) filter (where score between 7 and 8)::int as passives,
                 count(*) filter (where score <= 6)::int as detractors
          from responses where project_id = ${projectId} and created_at >= ${from.toISOString()}::timestamptz and created_at < ${to.toISOString()}::timestamptz`),
      );
      return r;
    };
    const hour = 3_600_000;
    const now = Math.floor(Date.now() / hour) * hour;
    for (const [from, to] of [
      [now - 40 * 86_400_000, now + 400 * 86_400_000],
      [now - 2 * hour, now + 2 * hour],
      [now, now + hour],
      [now - 30 * 86_400_000 - hour, now - 86_400_000],
    ] as const) {
      expect(await countCategories(ctx, { from: new Date(from), to: new Date(to) })).toEqual(await direct(new Date(from), new Date(to)));
    }
  });
});
