import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors';
import { resolveKey } from '../../auth/middleware';
import { rateLimited } from '../../auth/rate-limit';

/** The key in `Authorization: Basic base64(key:)`, as Delighted's clients send it (a bearer token works too). */
function keyOf(header: string | undefined): string | null {
  if (!header) return null;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer) return bearer[1]!;
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!basic) return null;
  let decoded: string;
  try {
    decoded = atob(basic[1]!);
  } catch {
    return null;
  }
  const key = decoded.split(':')[0]!; // the password is empty; the key is the user name
  return key === '' ? null : key;
}

/**
 * Delighted's authentication: the project's secret key as the Basic user name. Anything else, a publishable
 * key included (it is public), is a 401 as Delighted answered. Then the per-key rate limit: 429 with
 * Retry-After, which the official clients wait out by themselves.
 */
export const requireDelightedKey = createMiddleware<AppEnv>(async (c, next) => {
  const key = keyOf(c.req.header('authorization'));
  if (!key) throw new ApiError('unauthorized', 'Authentication required: send your secret key as the Basic user name.');
  const auth = await resolveKey(c, key);
  if (!auth || auth.kind !== 'secret') throw new ApiError('unauthorized', 'Invalid API key.');
  c.set('auth', auth);
  const { rateLimiter, config, clock } = c.var.deps;
  const limit = rateLimiter.hit(`delighted:${auth.keyId}`, config.delightedRateLimitPerKey, clock.now().getTime());
  if (!limit.ok) throw rateLimited('Too many requests; retry after the time in Retry-After.', limit.retryAfterSeconds);
  await next();
});
