import { Hono } from 'hono';
import { z } from 'zod';
import { requireKey } from '../auth/middleware';
import type { AppEnv } from '../env';
import { addMember, changeMemberRole, listMembers, removeMember } from '../services/accounts/members';
import { MIN_PASSWORD_LENGTH } from '../auth/password';
import { ApiError } from '../errors';
import { jsonBody } from '../validation';
import { projectCtx } from './context';

const role = z.enum(['admin', 'member']);
const addBody = z.object({
  email: z.email().max(320),
  name: z.string().trim().min(1).max(200).optional(),
  role: role.default('member'),
  password: z.string().min(MIN_PASSWORD_LENGTH).max(1000).optional(),
});
const roleBody = z.object({ role });

/** /v1/members: the project's team (dashboard accounts). Reading is open to any project caller; changes need an admin. */
export const memberRoutes = new Hono<AppEnv>()
  .use(requireKey('secret'))
  .get('/', async (c) => c.json({ data: await listMembers(projectCtx(c)), nextCursor: null }))
  .post('/', jsonBody(addBody), async (c) => c.json(await addMember(projectCtx(c), c.req.valid('json')), 201))
  .patch('/:userId', jsonBody(roleBody), async (c) =>
    c.json(await changeMemberRole(projectCtx(c), c.req.param('userId'), c.req.valid('json').role)),
  )
  .delete('/:userId', async (c) => {
    const auth = c.var.auth;
    if (auth.kind !== 'admin' && auth.session?.userId === c.req.param('userId')) {
      throw new ApiError('conflict', 'You cannot remove yourself; ask another admin.');
    }
    await removeMember(projectCtx(c), c.req.param('userId'));
    return c.body(null, 204);
  });
