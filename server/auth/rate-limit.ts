import { ApiError } from '../errors';

/**
 * Fixed-window counters kept in this process. The publishable key is public, so ingest needs a brake
 * against floods; an in-process limiter is enough for that and keeps the API free of shared state.
 * With N processes the effective limit is N times the configured one (documented in the README).
 *
 * Memory is bounded by evicting the least recently used bucket, not by emptying every window at once:
 * a flood of distinct clients must not unlock the buckets that are being hammered (those stay recent).
 * A Map iterates in insertion order, so delete-and-set on each touch keeps the oldest key first.
 */
export type RateLimitResult = { ok: true } | { ok: false; retryAfterSeconds: number };
export type RateLimiter = {
  /** Counts one request in the bucket and says whether it is within the limit. */
  hit: (bucket: string, limitPerMinute: number, now: number) => RateLimitResult;
  /** The requests counted in the bucket's current window, without counting one. */
  count: (bucket: string, now: number) => number;
};

const WINDOW_MS = 60_000;

export function createRateLimiter(maxBuckets = 50_000): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();

  function touch(bucket: string, now: number) {
    let w = windows.get(bucket);
    if (w) windows.delete(bucket);
    if (!w || now - w.start >= WINDOW_MS) w = { start: now, count: 0 };
    while (windows.size >= maxBuckets) windows.delete(windows.keys().next().value!);
    windows.set(bucket, w);
    return w;
  }

  return {
    hit(bucket, limitPerMinute, now) {
      const w = touch(bucket, now);
      w.count += 1;
      if (w.count <= limitPerMinute) return { ok: true };
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((w.start + WINDOW_MS - now) / 1000)) };
    },
    count(bucket, now) {
      const w = windows.get(bucket);
      return w && now - w.start < WINDOW_MS ? touch(bucket, now).count : 0;
    },
  };
}

/** The 429 every limiter answers, with Retry-After. */
export function rateLimited(message: string, retryAfterSeconds: number): ApiError {
  return new ApiError('rate_limited', message, { retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) });
}
