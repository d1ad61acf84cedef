import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { invitations, memberships, projects, users } from '../../../db/schema';
import { hashKey } from '../../auth/keys';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../../auth/password';
import type { SessionUser } from '../../auth/session';
import { ApiError } from '../../errors';
import { newId } from '../../ids';
import { findUserByEmail } from './users';

// The holder of an invite link is the invitee or the admin who made it (the link is shown to them once). Both
// may see what the invite says; neither may use it to take over an account that already exists, so an
// existing account joins only from its own session, and a password is only ever set on an account the
// accepting creates.

/** An invitation as its accept page shows it; expired, revoked and used ones are indistinguishable from unknown. */
const invalidInvite = () => new ApiError('not_found', 'This invitation is not valid (it may have expired, been revoked or been used).');

const usable = (now: Date) => and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now));

async function pendingInvitation(db: Database, token: string, now: Date) {
  const [row] = await db
    .select({
      id: invitations.id,
      projectId: invitations.projectId,
      projectName: projects.name,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
    })
    .from(invitations)
    .innerJoin(projects, eq(projects.id, invitations.projectId))
    .where(and(eq(invitations.tokenHash, await hashKey(token)), usable(now)));
  return row ?? null;
}

/**
 * What the accept page needs. Whether the email has an account is NOT part of it: the inviter holds the same
 * link and could ask for free and forever. `signedInAsInvitee` describes the caller's own session only.
 */
export async function describeInvitation(db: Database, token: string, now: Date, sessionUser: Pick<SessionUser, 'email'> | null) {
  const invite = await pendingInvitation(db, token, now);
  if (!invite) throw invalidInvite();
  return {
    projectName: invite.projectName,
    email: invite.email,
    role: invite.role,
    expiresAt: invite.expiresAt,
    signedIn: sessionUser !== null,
    signedInAsInvitee: sessionUser?.email === invite.email,
  };
}

/**
 * Accepts an invitation: the membership starts and the link is used up, in one transaction. When the email has
 * no account, one is made with the password given (the caller then signs it in). When it has one, only that
 * account's session may accept (409 sign_in_to_accept otherwise, the invite stays usable): a password can never
 * be chosen for, or a membership attached to, an account by someone who merely holds a link.
 */
export async function acceptInvitation(
  db: Database,
  input: {
    token: string;
    password?: string;
    name?: string;
    sessionUser: Pick<SessionUser, 'id' | 'email'> | null;
    now: Date;
    /** The instance's password work (AppConfig.passwordIterations). */
    passwordIterations?: number;
  },
) {
  const invite = await pendingInvitation(db, input.token, input.now);
  if (!invite) throw invalidInvite();
  const existing = await findUserByEmail(db, invite.email);
  if (existing && input.sessionUser?.id !== existing.id) {
    throw new ApiError('sign_in_to_accept', `Sign in as ${invite.email} to accept this invitation.`);
  }
  let passwordHash: string | null = null;
  if (!existing) {
    if (!input.password || input.password.length < MIN_PASSWORD_LENGTH) {
      throw new ApiError('validation_failed', `Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`, [
        { path: 'password', code: 'too_small', minimum: MIN_PASSWORD_LENGTH },
      ]);
    }
    passwordHash = await hashPassword(input.password, input.passwordIterations);
  }

  return db.transaction(async (tx) => {
    // Claimed with a conditional update, so two accepts racing with one link cannot both succeed.
    const [claimed] = await tx
      .update(invitations)
      .set({ acceptedAt: input.now })
      .where(and(eq(invitations.id, invite.id), usable(input.now)))
      .returning({ id: invitations.id });
    if (!claimed) throw invalidInvite();
    let userId = existing?.id;
    if (!userId) {
      const [created] = await tx
        .insert(users)
        .values({ id: newId('usr'), email: invite.email, name: input.name ?? null, passwordHash })
        .onConflictDoNothing()
        .returning({ id: users.id });
      // Someone made the account between the check and now: it is theirs, so the same rule applies.
      if (!created) throw new ApiError('sign_in_to_accept', `Sign in as ${invite.email} to accept this invitation.`);
      userId = created.id;
    }
    await tx
      .insert(memberships)
      .values({ projectId: invite.projectId, userId, role: invite.role, createdAt: input.now })
      .onConflictDoNothing();
    return {
      userId,
      accountCreated: !existing,
      project: { id: invite.projectId, name: invite.projectName },
      role: invite.role,
    };
  });
}
