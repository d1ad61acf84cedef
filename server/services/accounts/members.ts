import { and, asc, count, eq, ne } from 'drizzle-orm';
import { memberships, users } from '../../../db/schema';
import { ApiError, notFound } from '../../errors';
import type { ProjectCtx } from '../context';
import type { ProjectRole } from './access';

const memberColumns = {
  userId: users.id,
  email: users.email,
  name: users.name,
  role: memberships.role,
  createdAt: memberships.createdAt,
};

/** Everyone on the project's team: the people follow-ups can be assigned to. */
export async function listMembers(ctx: ProjectCtx) {
  return ctx.db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.projectId, ctx.projectId))
    .orderBy(asc(memberships.createdAt), asc(users.email));
}

async function otherAdmins(ctx: ProjectCtx, userId: string) {
  const [row] = await ctx.db
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.projectId, ctx.projectId), eq(memberships.role, 'admin'), ne(memberships.userId, userId)));
  return row?.n ?? 0;
}

async function isMember(ctx: ProjectCtx, userId: string) {
  const [row] = await ctx.db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.projectId, ctx.projectId), eq(memberships.userId, userId)));
  return row !== undefined;
}

export async function changeMemberRole(ctx: ProjectCtx, userId: string, role: ProjectRole) {
  // Someone outside this team is a 404 before anything else, so another project's ids tell nothing here.
  if (!(await isMember(ctx, userId))) throw notFound('Member');
  if (role === 'member' && (await otherAdmins(ctx, userId)) === 0) {
    throw new ApiError('conflict', 'A project keeps at least one admin.').because('last_admin');
  }
  const [row] = await ctx.db
    .update(memberships)
    .set({ role })
    .where(and(eq(memberships.projectId, ctx.projectId), eq(memberships.userId, userId)))
    .returning();
  if (!row) throw notFound('Member');
  const [member] = await ctx.db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.projectId, ctx.projectId), eq(memberships.userId, userId)));
  return member!;
}

export async function removeMember(ctx: ProjectCtx, userId: string) {
  const [row] = await ctx.db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.projectId, ctx.projectId), eq(memberships.userId, userId)));
  if (!row) throw notFound('Member');
  if (row.role === 'admin' && (await otherAdmins(ctx, userId)) === 0) {
    throw new ApiError('conflict', 'A project keeps at least one admin.').because('last_admin');
  }
  await ctx.db.delete(memberships).where(and(eq(memberships.projectId, ctx.projectId), eq(memberships.userId, userId)));
}
