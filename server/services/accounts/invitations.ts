import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import { invitations, memberships, projects, users } from '../../../db/schema';
import { hashKey } from '../../auth/keys';
import { ApiError, notFound } from '../../errors';
import { newId, randomToken } from '../../ids';
import type { Mailer } from '../../mail/mailer';
import type { ProjectCtx } from '../context';
import type { ProjectRole } from './access';
import { inviteEmail } from './invite-email';
import { normalizeEmail } from './users';

export const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

/** Where the accept page lives; absolute when the instance knows its public URL, else the path alone. */
export const inviteUrlOf = (publicUrl: string | null, token: string) => `${publicUrl ?? ''}/invite/${token}`;

const pending = (now: Date) => and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now));

const inviteColumns = {
  id: invitations.id,
  email: invitations.email,
  role: invitations.role,
  createdAt: invitations.createdAt,
  expiresAt: invitations.expiresAt,
};

/**
 * Invites an email to the project. No account is created or looked up: the reply is the same whether the email
 * has an account on this instance or not, so a project learns nothing about other projects' people. Only a
 * person already on THIS team is refused (the team list shows them anyway). Inviting the same email again
 * replaces the earlier link, so one pending invite per person is ever valid.
 */
export async function inviteMember(
  ctx: ProjectCtx,
  input: { email: string; role: ProjectRole; invitedBy: string | null },
  options: { publicUrl: string | null; mailer: Mailer | undefined },
) {
  const email = normalizeEmail(input.email);
  const [member] = await ctx.db
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.projectId, ctx.projectId), eq(users.email, email)));
  if (member) throw new ApiError('conflict', `${email} is already a member of this project.`).because('already_member');

  const now = ctx.clock.now();
  const token = randomToken(40);
  const row = {
    id: newId('inv'),
    projectId: ctx.projectId,
    email,
    role: input.role,
    tokenHash: await hashKey(token),
    invitedBy: input.invitedBy,
    createdAt: now,
    expiresAt: new Date(now.getTime() + INVITE_TTL_MS),
  };
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(and(eq(invitations.projectId, ctx.projectId), eq(invitations.email, email), pending(now)));
    await tx.insert(invitations).values(row);
  });

  const inviteUrl = inviteUrlOf(options.publicUrl, token);
  // A relative link is no use in a mailbox: without a public URL the inviter passes the link on themselves.
  let emailed = false;
  if (options.mailer && options.publicUrl) {
    const [project] = await ctx.db.select({ name: projects.name }).from(projects).where(eq(projects.id, ctx.projectId));
    try {
      await options.mailer.send({ to: email, ...inviteEmail({ projectName: project?.name ?? '', inviteUrl, expiresAt: row.expiresAt }) });
      emailed = true;
    } catch (err) {
      // The invite stands; the inviter still has the link to pass on. SMTP errors quote the address: not logged.
      ctx.log?.({ level: 'warn', msg: 'invite email not sent', invitationId: row.id, code: (err as { code?: unknown })?.code ?? null });
    }
  }
  return { id: row.id, email, role: row.role, inviteUrl, expiresAt: row.expiresAt, emailed };
}

/** Invitations still waiting to be accepted (not accepted, revoked or expired), oldest first. */
export async function listInvitations(ctx: ProjectCtx) {
  return ctx.db
    .select(inviteColumns)
    .from(invitations)
    .where(and(eq(invitations.projectId, ctx.projectId), pending(ctx.clock.now())))
    .orderBy(asc(invitations.createdAt), asc(invitations.id));
}

export async function revokeInvitation(ctx: ProjectCtx, id: string) {
  const now = ctx.clock.now();
  const [row] = await ctx.db
    .update(invitations)
    .set({ revokedAt: now })
    .where(and(eq(invitations.projectId, ctx.projectId), eq(invitations.id, id), pending(now)))
    .returning({ id: invitations.id });
  if (!row) throw notFound('Invitation');
}
