// CSRF protection for cookie-authenticated requests. SameSite=Lax already keeps the cookie off cross-site
// POSTs in current browsers; the synchronizer token covers older ones and same-site subdomains: every
// state-changing request made with the session cookie must carry the session's token in X-Kizuna-CSRF,
// which a page on another origin can neither read nor set without a CORS preflight we never grant.
import type { Context } from 'hono';
import { ApiError } from '../errors';

export const CSRF_HEADER = 'x-kizuna-csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string) {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

export function requireCsrfToken(c: Context, expected: string) {
  if (SAFE_METHODS.has(c.req.method)) return;
  const sent = c.req.header(CSRF_HEADER);
  if (!sent || !sameToken(sent, expected)) {
    throw new ApiError('forbidden', 'Missing or wrong CSRF token: send the session\'s token in "X-Kizuna-CSRF".');
  }
}
