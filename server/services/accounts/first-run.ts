import { count } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { memberships, projects, users } from '../../../db/schema';
import { MIN_PASSWORD_LENGTH } from '../../auth/password';
import { createProject } from '../projects/create';
import { createUser, generatePassword } from './users';

export const DEFAULT_ADMIN_EMAIL = 'admin@kizuna.local';

/**
 * On the first start with no accounts, creates the instance owner (from KIZUNA_ADMIN_EMAIL and
 * KIZUNA_ADMIN_PASSWORD, or with a generated password returned here once to be printed) and, when the
 * instance has no project yet, a first project; the owner becomes an admin member of every project there is. Does nothing once any user exists.
 */
export async function ensureFirstAdmin(db: Database, env: { email?: string; password?: string; passwordIterations?: number }) {
  const [existing] = await db.select({ n: count() }).from(users);
  if ((existing?.n ?? 0) > 0) return null;
  const email = env.email?.trim() || DEFAULT_ADMIN_EMAIL;
  if (env.password !== undefined && env.password !== '' && env.password.length < MIN_PASSWORD_LENGTH) {
    throw new Error(`KIZUNA_ADMIN_PASSWORD must be at least ${MIN_PASSWORD_LENGTH} characters long.`);
  }
  const generatedPassword = env.password ? null : generatePassword();
  const owner = await createUser(db, { email, password: env.password || generatedPassword!, isOwner: true, passwordIterations: env.passwordIterations });
  if (!owner) return null; // another process starting at the same moment won the race and prints the password
  // Projects made with the admin key before anyone signed in get the owner as an admin member too.
  const projectRows = await db.select({ id: projects.id }).from(projects);
  if (projectRows.length > 0) {
    await db
      .insert(memberships)
      .values(projectRows.map((p) => ({ projectId: p.id, userId: owner.id, role: 'admin' as const })))
      .onConflictDoNothing();
  }
  let project: { id: string; name: string } | null = null;
  if (projectRows.length === 0) {
    const created = await createProject(db, { name: 'My product' }); // makes the owner its admin
    project = { id: created.id, name: created.name };
  }
  return { email: owner.email, generatedPassword, project };
}
