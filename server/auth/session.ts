// Dashboard sessions: a random token in an HttpOnly, SameSite=Lax cookie; the database keeps its SHA-256,
// the user and the CSRF token that state-changing requests must echo.
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Database } from '../../db/client';
import { sessions, users } from '../../db/schema';
import { randomToken } from '../ids';
import { hashKey } from './keys';

export const SESSION_COOKIE = 'kizuna_session';
export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;

export type SessionUser = { id: string; email: string; name: string | null; isOwner: boolean; locale: string | null };
export type Session = { tokenHash: string; csrfToken: string; expiresAt: Date; user: SessionUser };

export async function createSession(db: Database, userId: string, now: Date, userAgent?: string) {
  const token = randomToken(43);
  const csrfToken = randomToken(32);
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db.insert(sessions).values({
    tokenHash: await hashKey(token),
    userId,
    csrfToken,
    createdAt: now,
    expiresAt,
    userAgent: userAgent?.slice(0, 300) ?? null,
  });
  // Expired rows are swept when anyone signs in: no scheduler needed, and the table stays small.
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
  return { token, csrfToken, expiresAt };
}

export async function findSession(db: Database, token: string, now: Date): Promise<Session | null> {
  const tokenHash = await hashKey(token);
  const [row] = await db
    .select({
      tokenHash: sessions.tokenHash,
      csrfToken: sessions.csrfToken,
      expiresAt: sessions.expiresAt,
      user: { id: users.id, email: users.email, name: users.name, isOwner: users.isOwner, locale: users.locale },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)))
    .limit(1);
  return row ?? null;
}

export async function endSession(db: Database, tokenHash: string) {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function endAllSessionsOf(db: Database, userId: string) {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export const sessionTokenOf = (c: Context) => getCookie(c, SESSION_COOKIE) ?? null;

/** Secure whenever the request came over HTTPS (directly or through a proxy), so plain-HTTP localhost still works. */
function isHttps(c: Context) {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

export function setSessionCookie(c: Context, token: string, expiresAt: Date) {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: isHttps(c),
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(c: Context) {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c) });
}
