import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { toStorable } from '../storable';
import { eq } from 'drizzle-orm';
import { memberships, users } from '../../db/schema';
import { requireCsrfToken } from '../auth/csrf';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from '../auth/password';
import { limitPasswordChange, limitPasswordReset, throttleSignIn } from '../auth/sign-in-limits';
import {
  clearSessionCookie,
  createSession,
  endAllSessionsOf,
  endSession,
  findSession,
  sessionTokenOf,
  setSessionCookie,
  type Session,
} from '../auth/session';
import { runAfterReply } from '../after-reply';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { isValidTimeZone } from '../analytics/time';
import { projectsOfUser } from '../services/accounts/access';
import { checkCredentials } from '../services/accounts/login';
import { canEmailResets, confirmPasswordReset, requestPasswordReset } from '../services/accounts/password-resets';
import { presentUser } from '../services/accounts/users';
import { createProject } from '../services/projects/create';
import { jsonBody } from '../validation';

// Sign-in for the dashboard: limits and slow-down in server/auth/sign-in-limits.ts.
const loginBody = z.object({ email: z.string().trim().min(3).max(320), password: z.string().min(1).max(1000) });
const passwordBody = z.object({ currentPassword: z.string().min(1).max(1000), newPassword: z.string().min(MIN_PASSWORD_LENGTH).max(1000) });
const resetRequestBody = z.object({ email: z.string().trim().min(3).max(320) });
const resetConfirmBody = z.object({ token: z.string().min(1).max(200), password: z.string().min(MIN_PASSWORD_LENGTH).max(1000) });
const localeBody = z.object({ locale: z.enum(['en', 'ja']) });
const projectBody = z.object({
  name: z.string().trim().min(1).max(200).transform(toStorable),
  timeZone: z.string().refine(isValidTimeZone, { message: 'Unknown IANA time zone, e.g. "Asia/Tokyo"' }).optional(),
});

/** A sign-in form posted from another site is refused: browsers always send Origin on cross-site POSTs. */
function requireSameOrigin(c: Context<AppEnv>) {
  const origin = c.req.header('origin');
  if (origin && origin !== 'null' && new URL(origin).host !== new URL(c.req.url).host && origin !== c.var.deps.config.publicUrl) {
    throw new ApiError('forbidden', 'Sign-in is only accepted from the dashboard itself.');
  }
}

async function requireSession(c: Context<AppEnv>): Promise<Session> {
  const token = sessionTokenOf(c);
  const session = token ? await findSession(c.var.deps.db, token, c.var.deps.clock.now()) : null;
  if (!session) throw new ApiError('unauthorized', 'Not signed in.');
  requireCsrfToken(c, session.csrfToken);
  return session;
}

async function describeSession(c: Context<AppEnv>, session: Pick<Session, 'user' | 'csrfToken'>) {
  const projects = await projectsOfUser(c.var.deps.db, session.user);
  // What this server can do that depends on its setup, so the dashboard says so before anyone tries: email is
  // SMTP (follow-up replies answer 409 without it).
  const instance = { email: Boolean(c.var.deps.mailer) };
  return { user: session.user, csrfToken: session.csrfToken, projects, instance };
}

export const authRoutes = new Hono<AppEnv>()
  .post('/login', jsonBody(loginBody), async (c) => {
    requireSameOrigin(c);
    const { email, password } = c.req.valid('json');
    const attempt = await throttleSignIn(c, email);
    const { db, clock } = c.var.deps;
    const user = await checkCredentials(db, email, password, c.var.deps.config.passwordIterations);
    if (!user) {
      attempt.failed();
      throw new ApiError('unauthorized', 'Wrong email or password.').because('wrong_credentials');
    }
    const created = await createSession(db, user.id, clock.now(), c.req.header('user-agent'));
    setSessionCookie(c, created.token, created.expiresAt);
    return c.json(await describeSession(c, { user: presentUser(user), csrfToken: created.csrfToken }));
  })
  .get('/password-reset', (c) => {
    // Lets the sign-in page say up front whether a link can be emailed, or point to the owner's command.
    const { config, mailer } = c.var.deps;
    return c.json({ email: canEmailResets({ publicUrl: config.publicUrl, mailer }) });
  })
  .post('/password-reset', jsonBody(resetRequestBody), async (c) => {
    requireSameOrigin(c);
    const { email } = c.req.valid('json');
    const { db, clock, config, mailer, logger } = c.var.deps;
    // Looking the address up, making the link and mailing it happen after the reply: a reply that waited for
    // them would take longer for an address with an account than for one without, and so tell them apart.
    const now = clock.now();
    if (limitPasswordReset(c, email)) {
      runAfterReply(c.var.deps, 'password reset request', () => requestPasswordReset(db, now, email, { publicUrl: config.publicUrl, mailer, log: logger }));
    }
    // The same answer, at once, whether the email has an account, had too many links or nothing could be sent.
    return c.json({ email: canEmailResets({ publicUrl: config.publicUrl, mailer }) }, 202);
  })
  .post('/password-reset/confirm', jsonBody(resetConfirmBody), async (c) => {
    requireSameOrigin(c);
    limitPasswordReset(c, null);
    const { token, password } = c.req.valid('json');
    const { db, clock, config } = c.var.deps;
    const userId = await confirmPasswordReset(db, clock.now(), token, password, config.passwordIterations);
    if (!userId) throw new ApiError('not_found', 'This reset link is unknown, expired or already used.').because('reset_link_dead');
    return c.body(null, 204);
  })
  .get('/session', async (c) => {
    c.header('cache-control', 'no-store');
    return c.json(await describeSession(c, await requireSession(c)));
  })
  .post('/logout', async (c) => {
    const token = sessionTokenOf(c);
    const session = token ? await findSession(c.var.deps.db, token, c.var.deps.clock.now()) : null;
    if (session) {
      requireCsrfToken(c, session.csrfToken);
      await endSession(c.var.deps.db, session.tokenHash);
    }
    clearSessionCookie(c);
    return c.body(null, 204);
  })
  .patch('/me', jsonBody(localeBody), async (c) => {
    const session = await requireSession(c);
    await c.var.deps.db.update(users).set({ locale: c.req.valid('json').locale }).where(eq(users.id, session.user.id));
    return c.json({ ...session.user, locale: c.req.valid('json').locale });
  })
  .post('/password', jsonBody(passwordBody), async (c) => {
    const session = await requireSession(c);
    limitPasswordChange(c, session.user.id);
    const { db, clock } = c.var.deps;
    const { currentPassword, newPassword } = c.req.valid('json');
    const [row] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, session.user.id));
    if (!row?.hash || !(await verifyPassword(currentPassword, row.hash))) {
      throw new ApiError('forbidden', 'The current password is wrong.');
    }
    const work = c.var.deps.config.passwordIterations;
    await db.update(users).set({ passwordHash: await hashPassword(newPassword, work) }).where(eq(users.id, session.user.id));
    // Every other sign-in of this account ends; this browser gets a fresh session.
    await endAllSessionsOf(db, session.user.id);
    const created = await createSession(db, session.user.id, clock.now(), c.req.header('user-agent'));
    setSessionCookie(c, created.token, created.expiresAt);
    return c.json(await describeSession(c, { user: session.user, csrfToken: created.csrfToken }));
  })
  .post('/projects', jsonBody(projectBody), async (c) => {
    const session = await requireSession(c);
    if (!session.user.isOwner) throw new ApiError('forbidden', 'Only the instance owner creates projects.');
    const { db } = c.var.deps;
    const project = await createProject(db, c.req.valid('json'));
    // createProject has made every owner (so this creator) an admin member already; this keeps the creator's admin role explicit.
    await db.insert(memberships).values({ projectId: project.id, userId: session.user.id, role: 'admin' }).onConflictDoNothing();
    return c.json(project, 201);
  });
