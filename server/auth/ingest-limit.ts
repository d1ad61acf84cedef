import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';

/** The caller's address: the proxy's forwarded header when present (Workers set cf-connecting-ip). */
function clientAddress(c: Parameters<Parameters<typeof createMiddleware<AppEnv>>[0]>[0]): string {
  const forwarded = c.req.header('cf-connecting-ip') ?? c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
  if (forwarded) return forwarded;
  return c.var.deps.socketAddress?.(c) ?? 'unknown';
}

/** Rate limit for routes a publishable key can call: per key and per client address. Secret keys are trusted. */
export const limitPublicIngest = createMiddleware<AppEnv>(async (c, next) => {
  const auth = c.var.auth;
  if (auth.kind === 'publishable') {
    const { rateLimiter, config, clock } = c.var.deps;
    const now = clock.now().getTime();
    for (const [bucket, limit] of [
      [`key:${auth.keyId}`, config.ingestRateLimitPerKey],
      [`client:${auth.keyId}:${clientAddress(c)}`, config.ingestRateLimitPerClient],
    ] as const) {
      const result = rateLimiter.hit(bucket, limit, now);
      if (!result.ok) {
        throw new ApiError('rate_limited', 'Too many requests; try again later.', { retryAfterSeconds: result.retryAfterSeconds }, {
          'Retry-After': String(result.retryAfterSeconds),
        });
      }
    }
  }
  await next();
});
