import { eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { users } from '../../../db/schema';
import { burnPasswordCheck, hashPassword, needsRehash, verifyPassword } from '../../auth/password';
import { findUserByEmail } from './users';

/** The user whose email and password match, or null; an unknown email costs the same time as a wrong password. */
export async function checkCredentials(db: Database, email: string, password: string) {
  const user = await findUserByEmail(db, email);
  if (!user?.passwordHash) {
    await burnPasswordCheck(password);
    return null;
  }
  if (!(await verifyPassword(password, user.passwordHash))) return null;
  if (needsRehash(user.passwordHash)) {
    await db.update(users).set({ passwordHash: await hashPassword(password) }).where(eq(users.id, user.id));
  }
  return user;
}
