// A dashboard session standing in for a secret key on the /v1 API: the cookie says who, X-Kizuna-Project says
// which project, the membership (or instance ownership) says whether they may, and the CSRF token guards
// every state-changing request. The role travels in the auth context; routes check it (requireRole).
import type { Context } from 'hono';
import { ApiError } from '../errors';
import type { AppEnv } from '../env';
import { roleInProject } from '../services/accounts/access';
import type { AuthContext } from './context';
import { requireCsrfToken } from './csrf';
import { findSession, sessionTokenOf } from './session';

export const PROJECT_HEADER = 'x-kizuna-project';

export const hasSessionCookie = (c: Context<AppEnv>) => sessionTokenOf(c) !== null;

export async function authenticateSession(c: Context<AppEnv>): Promise<AuthContext> {
  const { db, clock } = c.var.deps;
  const session = await findSession(db, sessionTokenOf(c)!, clock.now());
  if (!session) throw new ApiError('unauthorized', 'Your session has ended; sign in again.');
  requireCsrfToken(c, session.csrfToken);
  const projectId = c.req.header(PROJECT_HEADER);
  if (!projectId) throw new ApiError('bad_request', 'Choose a project: send its id in "X-Kizuna-Project".');
  const role = await roleInProject(db, session.user, projectId);
  // Someone else's project answers exactly like a project that does not exist.
  if (!role) throw new ApiError('not_found', 'Project not found');
  return {
    kind: 'secret',
    projectId,
    keyId: `session:${session.user.id}`,
    allowedOrigins: [],
    session: { userId: session.user.id, role, isOwner: session.user.isOwner },
  };
}
