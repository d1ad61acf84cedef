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

/** The member after `previous` in turn order; the first one when there is no previous. */
export async function nextRoundRobinAssignee(tx: Tx, projectId: string, previous: string | null): Promise<string | null> {
  return memberAfter(await membersInTurnOrder(tx, projectId), previous);
}

/** The project's members in the order round-robin turns go: join date, then id. */
export async function membersInTurnOrder(tx: Tx, projectId: string): Promise<string[]> {
  const rows = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(eq(memberships.projectId, projectId))
    .orderBy(asc(memberships.createdAt), asc(memberships.userId));
  return rows.map((row) => row.userId);
}

/** The member after `previous` (the first when it is null or no longer a member), null when there are none. */
export function memberAfter(members: readonly string[], previous: string | null): string | null {
  if (members.length === 0) return null;
  return members[(members.indexOf(previous ?? '') + 1) % members.length]!;
}
