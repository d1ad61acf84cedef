import { eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { users } from '../../../db/schema';
import { hashPassword } from '../../auth/password';
import { newId, randomToken } from '../../ids';

/** Emails are compared case-insensitively: "Aiko@Example.com" and "aiko@example.com" are one account. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** A readable temporary password for a new member, shown once to whoever adds them. */
export const generatePassword = () => randomToken(16);

export async function findUserByEmail(db: Database, email: string) {
  const [row] = await db.select().from(users).where(eq(users.email, normalizeEmail(email)));
  return row ?? null;
}

export async function createUser(
  db: Database,
  input: { email: string; name?: string | null; password: string; isOwner?: boolean; passwordIterations?: number },
) {
  const [row] = await db
    .insert(users)
    .values({
      id: newId('usr'),
      email: normalizeEmail(input.email),
      name: input.name ?? null,
      passwordHash: await hashPassword(input.password, input.passwordIterations),
      isOwner: input.isOwner ?? false,
    })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

export const presentUser = (u: typeof users.$inferSelect) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  isOwner: u.isOwner,
  locale: u.locale,
});
