import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { clientAddress } from './client-address';
import { rateLimited } from './rate-limit';

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
      if (!result.ok) throw rateLimited('Too many requests; try again later.', result.retryAfterSeconds);
    }
  }
  await next();
});
