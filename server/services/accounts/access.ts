import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { memberships, projects } from '../../../db/schema';
import type { SessionUser } from '../../auth/session';

export type ProjectRole = 'admin' | 'member';

/**
 * The user's role in a project, or null when they may not see it. The instance owner is an admin of every
 * project, including those created with the admin key, without needing a membership row.
 */
export async function roleInProject(db: Database, user: Pick<SessionUser, 'id' | 'isOwner'>, projectId: string) {
  if (user.isOwner) {
    const [project] = await db.select({ id: projects.id }).from(projects).where(eq(projects.id, projectId));
    return project ? ('admin' as const) : null;
  }
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.projectId, projectId), eq(memberships.userId, user.id)));
  return row?.role ?? null;
}

/** The projects the dashboard's switcher offers this user, oldest first. */
export async function projectsOfUser(db: Database, user: Pick<SessionUser, 'id' | 'isOwner'>) {
  const columns = { id: projects.id, name: projects.name, timeZone: projects.timeZone, createdAt: projects.createdAt };
  if (user.isOwner) {
    const rows = await db.select(columns).from(projects).orderBy(asc(projects.createdAt), asc(projects.id));
    return rows.map((p) => ({ ...p, role: 'admin' as ProjectRole }));
  }
  return db
    .select({ ...columns, role: memberships.role })
    .from(memberships)
    .innerJoin(projects, eq(projects.id, memberships.projectId))
    .where(eq(memberships.userId, user.id))
    .orderBy(asc(projects.createdAt), asc(projects.id));
}
