import { Hono } from 'hono';
import { z } from 'zod';
import { requireKey } from '../auth/middleware';
import { requireRole } from '../auth/require-role';
import type { AppEnv } from '../env';
import { changeMemberRole, listMembers, removeMember } from '../services/accounts/members';
import { inviteMember, listInvitations, revokeInvitation } from '../services/accounts/invitations';
import { ApiError } from '../errors';
import { jsonBody } from '../validation';
import { projectCtx } from './context';

const role = z.enum(['admin', 'member']);
// Strict: a password (the old direct add) is refused, not silently ignored. Nobody chooses another's password.
const inviteBody = z.object({ email: z.email().max(320), role: role.default('member') }).strict();
const roleBody = z.object({ role });

/** /v1/members: the project's team (dashboard accounts). Reading is open to any project caller; changes need an admin. */
export const memberRoutes = new Hono<AppEnv>()
  .use(requireKey('secret'))
  .get('/', async (c) => c.json({ data: await listMembers(projectCtx(c)), nextCursor: null }))
  .post('/', requireRole('admin'), jsonBody(inviteBody), async (c) => {
    const { config, mailer } = c.var.deps;
    const invitedBy = c.var.auth.kind === 'secret' ? (c.var.auth.session?.userId ?? null) : null;
    const invite = await inviteMember(projectCtx(c), { ...c.req.valid('json'), invitedBy }, { publicUrl: config.publicUrl, mailer });
    c.header('cache-control', 'no-store');
    return c.json(invite, 201);
  })
  // Invitations are admin business even to read: they carry pending people's emails and roles.
  .get('/invites', requireRole('admin'), async (c) => c.json({ data: await listInvitations(projectCtx(c)), nextCursor: null }))
  .delete('/invites/:id', requireRole('admin'), async (c) => {
    await revokeInvitation(projectCtx(c), c.req.param('id'));
    return c.body(null, 204);
  })
  .patch('/:userId', requireRole('admin'), jsonBody(roleBody), async (c) =>
    c.json(await changeMemberRole(projectCtx(c), c.req.param('userId'), c.req.valid('json').role)),
  )
  .delete('/:userId', requireRole('admin'), async (c) => {
    const auth = c.var.auth;
    if (auth.kind !== 'admin' && auth.session?.userId === c.req.param('userId')) {
      throw new ApiError('conflict', 'You cannot remove yourself; ask another admin.').because('remove_yourself');
    }
    await removeMember(projectCtx(c), c.req.param('userId'));
    return c.body(null, 204);
  });
