import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { passwordResets, sessions, users } from '../../../db/schema';
import { hashKey } from '../../auth/keys';
import { hashPassword } from '../../auth/password';
import { randomToken } from '../../ids';
import type { Logger } from '../../logger';
import type { Mailer } from '../../mail/mailer';
import { resetEmail } from './reset-email';
import { findUserByEmail } from './users';

export const RESET_TTL_MS = 3600 * 1000;

/** The reset form is on the sign-in page; the token rides in the fragment, which browsers never send to a server. */
export const resetUrlOf = (publicUrl: string | null, token: string) => `${publicUrl ?? ''}/login#reset=${token}`;

/** Email goes out only when there is a mailer and an absolute link to put in it. */
export const canEmailResets = (options: { publicUrl: string | null; mailer: Mailer | undefined }) => Boolean(options.mailer && options.publicUrl);

/** A new single-use reset token for the user, stored as its hash; expired ones of anyone are swept on the way. */
export async function createResetToken(db: Database, userId: string, now: Date, ttlMs = RESET_TTL_MS) {
  const token = randomToken(40);
  await db.delete(passwordResets).where(lt(passwordResets.expiresAt, now));
  await db.insert(passwordResets).values({ tokenHash: await hashKey(token), userId, createdAt: now, expiresAt: new Date(now.getTime() + ttlMs) });
  return token;
}

/**
 * Emails a one-hour, single-use reset link when the email has an account; does nothing otherwise. The caller
 * answers the same either way, so nobody learns which emails have accounts.
 */
export async function requestPasswordReset(
  db: Database,
  now: Date,
  email: string,
  options: { publicUrl: string | null; mailer: Mailer | undefined; log?: Logger },
) {
  if (!options.mailer || !options.publicUrl) return;
  const user = await findUserByEmail(db, email);
  if (!user) return;
  const token = await createResetToken(db, user.id, now);
  try {
    await options.mailer.send({ to: user.email, ...resetEmail({ resetUrl: resetUrlOf(options.publicUrl, token), locale: user.locale }) });
  } catch (err) {
    // SMTP errors quote the address: not logged.
    options.log?.({ level: 'warn', msg: 'password reset email not sent', code: (err as { code?: unknown })?.code ?? null });
  }
}

/**
 * Sets the new password if the token is live, uses it up together with every other link of the account, and
 * ends all the account's sessions. Returns the user's id, or null for an unknown, expired or used token.
 */
export async function confirmPasswordReset(db: Database, now: Date, token: string, password: string, iterations?: number) {
  const tokenHash = await hashKey(token);
  const passwordHash = await hashPassword(password, iterations);
  return db.transaction(async (tx) => {
    // The conditional update claims the link: of two concurrent uses, one finds it already used.
    const [claimed] = await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.tokenHash, tokenHash), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)))
      .returning({ userId: passwordResets.userId });
    if (!claimed) return null;
    await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.userId, claimed.userId), isNull(passwordResets.usedAt)));
    await tx.update(users).set({ passwordHash }).where(eq(users.id, claimed.userId));
    await tx.delete(sessions).where(eq(sessions.userId, claimed.userId));
    return claimed.userId;
  });
}
