import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { requireKey } from '../auth/middleware';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { readIdentitySecret, rotateIdentitySecret } from '../services/projects/identity-secret';
import { projectCtx } from './context';

/**
 * Admins only: the secret key (held by the project's own servers) or an admin's dashboard session. A member
 * holding the secret could sign any person id and so change any customer's email from the browser.
 * (A local check until the shared per-route role check lands in server/auth/.)
 */
const adminsOnly = createMiddleware<AppEnv>(async (c, next) => {
  const auth = c.var.auth;
  if ('session' in auth && auth.session && auth.session.role !== 'admin') {
    throw new ApiError('forbidden', "Only the project's admins may see or rotate the identity secret.");
  }
  await next();
});

/** /v1/project/identity-secret: the secret the customer's server signs person ids with (README, Security). */
export const identitySecretRoutes = new Hono<AppEnv>()
  .use(requireKey('secret'), adminsOnly)
  .get('/', async (c) => {
    c.header('cache-control', 'no-store');
    return c.json({ identitySecret: await readIdentitySecret(projectCtx(c)) });
  })
  .post('/rotate', async (c) => {
    c.header('cache-control', 'no-store');
    return c.json({ identitySecret: await rotateIdentitySecret(projectCtx(c)) });
  });
