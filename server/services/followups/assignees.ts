import { and, asc, eq } from 'drizzle-orm';
import type { Database, Tx } from '../../../db/client';
import { memberships } from '../../../db/schema';
import { ApiError } from '../../errors';

/** Cases are assigned to members of the project only: a user of another project never sees them. */
export async function isProjectMember(db: Database | Tx, projectId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.projectId, projectId), eq(memberships.userId, userId)));
  return Boolean(row);
}

export async function assertProjectMember(db: Database | Tx, projectId: string, userId: string, path: string) {
  if (!(await isProjectMember(db, projectId, userId))) {
    throw new ApiError('validation_failed', 'The assignee must be a member of this project.', [
      { path, message: `${userId} is not a member of this project`, code: 'not_a_member' },
    ]);
  }
}

/** The member after `previous` in a stable order (join date, then id); the first one when there is no previous. */
export async function nextRoundRobinAssignee(tx: Tx, projectId: string, previous: string | null): Promise<string | null> {
  const members = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(eq(memberships.projectId, projectId))
    .orderBy(asc(memberships.createdAt), asc(memberships.userId));
  if (members.length === 0) return null;
  const at = members.findIndex((m) => m.userId === previous);
  return members[(at + 1) % members.length]!.userId;
}
