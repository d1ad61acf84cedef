// Roles are checked on each route that needs them, next to the handler, so a new route states its own rule
// instead of relying on a list of URL prefixes kept somewhere else.
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import type { AuthContext } from './context';

/**
 * A secret key acts for the whole project, so it counts as an admin; a dashboard session counts as what its
 * membership says. The instance admin key is above every project.
 */
export function isProjectAdmin(auth: AuthContext): boolean {
  if (auth.kind === 'admin') return true;
  if (auth.kind === 'publishable') return false;
  return !auth.session || auth.session.role === 'admin';
}

/** Put after requireKey(...) on the route; before body validation, so a member learns nothing from a 422. */
export function requireRole(role: 'admin') {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (role === 'admin' && !isProjectAdmin(c.var.auth)) {
      throw new ApiError('forbidden', 'Only project admins can do this: settings, keys, members, follow-up rules and webhooks are theirs.');
    }
    await next();
  });
}
