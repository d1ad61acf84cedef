import { and, asc, count, eq, ne } from 'drizzle-orm';
import { memberships, users } from '../../../db/schema';
import { MIN_PASSWORD_LENGTH } from '../../auth/password';
import { ApiError, notFound } from '../../errors';
import type { ProjectCtx } from '../context';
import type { ProjectRole } from './access';
import { createUser, findUserByEmail, generatePassword } from './users';

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

/**
 * Adds a person to the project. An existing account is just given a membership; a new one is created with the
 * password given, or a generated one returned here once (to hand over; they can change it after signing in).
 */
export async function addMember(
  ctx: ProjectCtx,
  input: { email: string; name?: string; role: ProjectRole; password?: string },
) {
  let user = await findUserByEmail(ctx.db, input.email);
  let temporaryPassword: string | null = null;
  if (!user) {
    const password = input.password ?? (temporaryPassword = generatePassword());
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw new ApiError('validation_failed', `Passwords are at least ${MIN_PASSWORD_LENGTH} characters long.`);
    }
    user = (await createUser(ctx.db, { email: input.email, name: input.name, password })) ?? (await findUserByEmail(ctx.db, input.email));
  }
  if (!user) throw new ApiError('conflict', 'That account could not be created; try again.');
  const inserted = await ctx.db
    .insert(memberships)
    .values({ projectId: ctx.projectId, userId: user.id, role: input.role, createdAt: ctx.clock.now() })
    .onConflictDoNothing()
    .returning();
  if (inserted.length === 0) throw new ApiError('conflict', `${user.email} is already a member of this project.`);
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    role: input.role,
    createdAt: inserted[0]!.createdAt,
    temporaryPassword,
  };
}

async function otherAdmins(ctx: ProjectCtx, userId: string) {
  const [row] = await ctx.db
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.projectId, ctx.projectId), eq(memberships.role, 'admin'), ne(memberships.userId, userId)));
  return row?.n ?? 0;
}

export async function changeMemberRole(ctx: ProjectCtx, userId: string, role: ProjectRole) {
  if (role === 'member' && (await otherAdmins(ctx, userId)) === 0) {
    throw new ApiError('conflict', 'A project keeps at least one admin.');
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
    throw new ApiError('conflict', 'A project keeps at least one admin.');
  }
  await ctx.db.delete(memberships).where(and(eq(memberships.projectId, ctx.projectId), eq(memberships.userId, userId)));
}
