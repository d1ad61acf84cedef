import { Hono } from 'hono';
import { requireKey } from '../auth/middleware';
import { requireRole } from '../auth/require-role';
import type { AppEnv } from '../env';
import { readIdentitySecret, rotateIdentitySecret } from '../services/projects/identity-secret';
import { projectCtx } from './context';

/** /v1/project/identity-secret: the secret the customer's server signs person ids with (README, Security). */
export const identitySecretRoutes = new Hono<AppEnv>()
  .use(requireKey('secret'), requireRole('admin')) // a member holding it could sign any person id
  .get('/', async (c) => {
    c.header('cache-control', 'no-store');
    return c.json({ identitySecret: await readIdentitySecret(projectCtx(c)) });
  })
  .post('/rotate', async (c) => {
    c.header('cache-control', 'no-store');
    return c.json({ identitySecret: await rotateIdentitySecret(projectCtx(c)) });
  });
