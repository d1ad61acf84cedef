import { eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { users } from '../../../db/schema';
import { burnPasswordCheck, hashPassword, needsRehash, PASSWORD_ITERATIONS, verifyPassword } from '../../auth/password';
import { findUserByEmail } from './users';

/**
 * The user whose email and password match, or null; an unknown email costs the same time as a wrong password.
 * `iterations` is the instance's password work (AppConfig.passwordIterations): a hash below it is redone.
 */
export async function checkCredentials(db: Database, email: string, password: string, iterations = PASSWORD_ITERATIONS) {
  const user = await findUserByEmail(db, email);
  if (!user?.passwordHash) {
    await burnPasswordCheck(password, iterations);
    return null;
  }
  if (!(await verifyPassword(password, user.passwordHash))) return null;
  if (needsRehash(user.passwordHash, iterations)) {
    await db.update(users).set({ passwordHash: await hashPassword(password, iterations) }).where(eq(users.id, user.id));
  }
  return user;
}
