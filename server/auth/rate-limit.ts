/**
 * Fixed-window counters kept in this process. The publishable key is public, so ingest needs a brake
 * against floods; an in-process limiter is enough for that and keeps the API free of shared state.
 * With N processes the effective limit is N times the configured one (documented in the README).
 */
export type RateLimitResult = { ok: true } | { ok: false; retryAfterSeconds: number };
export type RateLimiter = { hit: (bucket: string, limitPerMinute: number, now: number) => RateLimitResult };

export function createRateLimiter(maxBuckets = 50_000): RateLimiter {
  const windowMs = 60_000;
  const windows = new Map<string, { start: number; count: number }>();
  return {
    hit(bucket, limitPerMinute, now) {
      let w = windows.get(bucket);
      if (!w || now - w.start >= windowMs) {
        if (windows.size >= maxBuckets) windows.clear(); // bounded memory under a flood of distinct clients
        w = { start: now, count: 0 };
        windows.set(bucket, w);
      }
      w.count += 1;
      if (w.count <= limitPerMinute) return { ok: true };
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((w.start + windowMs - now) / 1000)) };
    },
  };
}
