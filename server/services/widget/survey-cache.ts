import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { projects, surveys } from '../../../db/schema';

/** What every page view of a project's sites needs and no visitor changes: the live surveys asked on the web. */
export type LiveSurvey = typeof surveys.$inferSelect;

/**
 * The live surveys of each project, kept per process so that a page view costs no database query. Each entry
 * carries the project's settings version (projects.settings_version, which survey changes bump since
 * migration 0023, like theme, rule and endpoint changes): after `freshMs` the next page view reads only that
 * number, and the surveys again only if it moved. A change made through this process forgets the entry at once;
 * other processes see it within `freshMs`. The widget's own decision (answered lately, dismissed) is per
 * person and never cached here.
 */
export type WidgetSurveyCache = {
  live: (db: Database, projectId: string, nowMs: number) => Promise<LiveSurvey[]>;
  /** The live surveys with the settings version they were read at (null: no such project). */
  current: (db: Database, projectId: string, nowMs: number) => Promise<LiveSurveys | null>;
  forget: (projectId: string) => void;
};

export type LiveSurveys = { version: number; surveys: LiveSurvey[] };

type Entry = LiveSurveys & { checkedAt: number };

export function createWidgetSurveyCache(freshMs = 5_000, maxProjects = 10_000): WidgetSurveyCache {
  // A Map in insertion order, a project moved to the end when used: the busiest stay, the quiet ones go first.
  const entries = new Map<string, Promise<Entry | null>>();

  const load = async (db: Database, projectId: string, nowMs: number): Promise<Entry | null> => {
    // One snapshot for both, so the version belongs to the surveys read with it.
    return db.transaction(
      async (tx) => {
        const [project] = await tx.select({ version: projects.settingsVersion }).from(projects).where(eq(projects.id, projectId));
        if (!project) return null;
        const live = await tx
          .select()
          .from(surveys)
          // A survey meant for email only is never offered by the widget (nor its contact decision).
          .where(
            and(
              eq(surveys.projectId, projectId),
              eq(surveys.status, 'active'),
              isNull(surveys.deletedAt),
              sql`'web' = any(${surveys.channels})`,
            ),
          )
          .orderBy(asc(surveys.createdAt), asc(surveys.id));
        return { version: Number(project.version), surveys: live, checkedAt: nowMs };
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
  };

  const revalidate = async (db: Database, projectId: string, held: Entry, nowMs: number): Promise<Entry | null> => {
    const [project] = await db.select({ version: projects.settingsVersion }).from(projects).where(eq(projects.id, projectId));
    if (!project) return null;
    if (Number(project.version) === held.version) return { ...held, checkedAt: nowMs };
    return load(db, projectId, nowMs);
  };

  const remember = (projectId: string, read: Promise<Entry | null>) => {
    entries.delete(projectId);
    if (entries.size >= maxProjects) entries.delete(entries.keys().next().value!);
    entries.set(projectId, read);
    // A failed read is not kept: the next page view asks again.
    read.then(
      (entry) => entry === null && entries.get(projectId) === read && entries.delete(projectId),
      () => entries.get(projectId) === read && entries.delete(projectId),
    );
    return read;
  };

  const current = async (db: Database, projectId: string, nowMs: number): Promise<Entry | null> => {
    const held = entries.get(projectId);
    if (!held) return remember(projectId, load(db, projectId, nowMs));
    const entry = await held;
    if (!entry) return null;
    // (A clock moved backwards, as a test's may, counts as stale.)
    if (nowMs >= entry.checkedAt && nowMs - entry.checkedAt < freshMs) {
      entries.delete(projectId);
      entries.set(projectId, held);
      return entry;
    }
    return remember(projectId, revalidate(db, projectId, entry, nowMs));
  };

  return {
    current,
    async live(db, projectId, nowMs) {
      return (await current(db, projectId, nowMs))?.surveys ?? [];
    },
    forget(projectId) {
      entries.delete(projectId);
    },
  };
}
