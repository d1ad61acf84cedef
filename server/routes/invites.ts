import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { clientAddress } from '../auth/client-address';
import { requireCsrfToken } from '../auth/csrf';
import { MIN_PASSWORD_LENGTH } from '../auth/password';
import { createSession, findSession, sessionTokenOf, setSessionCookie } from '../auth/session';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { acceptInvitation, describeInvitation } from '../services/accounts/accept-invitation';
import { toStorable } from '../storable';
import { rateLimited } from '../auth/rate-limit';
import { jsonBody } from '../validation';

// /v1/auth/invites: the public side of invitations, reached with the link's token (no key, no session needed).
// Per client like sign-in: accepting may set a password and sign in, so it gets the same brake against
// guessing; looking an invite up is cheaper but also counted, as tokens are the only secret here.
const ACCEPTS_PER_CLIENT = 30;
const LOOKUPS_PER_CLIENT = 60;

const tokenParam = z.string().min(20).max(200);
const acceptBody = z.object({
  token: tokenParam,
  password: z.string().min(MIN_PASSWORD_LENGTH).max(1000).optional(),
  name: z.string().trim().min(1).max(200).transform(toStorable).optional(),
});

function limitPerClient(c: Context<AppEnv>, what: 'accept' | 'lookup', limit: number) {
  const { rateLimiter, clock } = c.var.deps;
  const result = rateLimiter.hit(`invite-${what}:client:${clientAddress(c)}`, limit, clock.now().getTime());
  if (!result.ok) throw rateLimited('Too many invitation requests; wait a minute and try again.', result.retryAfterSeconds);
}

/** The caller's own session, if any. Used only to act as that account, so it must pass the CSRF check then. */
async function currentSession(c: Context<AppEnv>) {
  const token = sessionTokenOf(c);
  return token ? findSession(c.var.deps.db, token, c.var.deps.clock.now()) : null;
}

export const inviteRoutes = new Hono<AppEnv>()
  .get('/:token', async (c) => {
    limitPerClient(c, 'lookup', LOOKUPS_PER_CLIENT);
    c.header('cache-control', 'no-store');
    c.header('referrer-policy', 'no-referrer');
    const token = tokenParam.safeParse(c.req.param('token'));
    if (!token.success) throw new ApiError('not_found', 'This invitation is not valid (it may have expired, been revoked or been used).');
    const session = await currentSession(c);
    return c.json(await describeInvitation(c.var.deps.db, token.data, c.var.deps.clock.now(), session?.user ?? null));
  })
  .post('/accept', jsonBody(acceptBody), async (c) => {
    limitPerClient(c, 'accept', ACCEPTS_PER_CLIENT);
    const { db, clock } = c.var.deps;
    const input = c.req.valid('json');
    const session = await currentSession(c);
    if (session) requireCsrfToken(c, session.csrfToken);
    const accepted = await acceptInvitation(db, {
      ...input,
      sessionUser: session?.user ?? null,
      now: clock.now(),
      passwordIterations: c.var.deps.config.passwordIterations,
    });
    if (accepted.accountCreated) {
      const created = await createSession(db, accepted.userId, clock.now(), c.req.header('user-agent'));
      setSessionCookie(c, created.token, created.expiresAt);
    }
    return c.json({ project: accepted.project, role: accepted.role, accountCreated: accepted.accountCreated });
  });
