import { eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { sessions, users } from '../../../db/schema';
import { hashPassword } from '../../auth/password';
import { findUserByEmail, generatePassword } from './users';

/**
 * Gives the account a new random password and signs it out everywhere, for the instance owner to pass on when a
 * person cannot get into their account. Null when no account has this email.
 */
export async function setTemporaryPassword(db: Database, email: string, iterations?: number) {
  const user = await findUserByEmail(db, email);
  if (!user) return null;
  const password = generatePassword();
  const passwordHash = await hashPassword(password, iterations);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    await tx.delete(sessions).where(eq(sessions.userId, user.id));
  });
  return { email: user.email, password };
}
