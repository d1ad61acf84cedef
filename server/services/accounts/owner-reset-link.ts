import { eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { sessions } from '../../../db/schema';
import { createResetToken, resetUrlOf } from './password-resets';
import { findUserByEmail } from './users';

/** The owner passes the link on by hand, which can take longer than the hour an emailed link lives. */
export const OWNER_RESET_TTL_MS = 24 * 3600 * 1000;

/**
 * A reset link made by the instance owner for a person who cannot sign in, with every session of the account
 * ended: the person chooses the new password themselves, so the owner never knows it. Null for an unknown email.
 */
export async function ownerResetLink(db: Database, email: string, options: { now: Date; publicUrl: string | null }) {
  const user = await findUserByEmail(db, email);
  if (!user) return null;
  const token = await createResetToken(db, user.id, options.now, OWNER_RESET_TTL_MS);
  await db.delete(sessions).where(eq(sessions.userId, user.id));
  return { email: user.email, url: resetUrlOf(options.publicUrl, token), expiresAt: new Date(options.now.getTime() + OWNER_RESET_TTL_MS) };
}
