// Issue 16, item 5: the shared limiter emptied every window once it held maxBuckets buckets, so a flood of
// distinct clients unlocked the accounts and clients it had locked. It now evicts the least recently used.
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../server/auth/rate-limit';

const now = Date.parse('2026-06-01T00:00:00Z');

describe('createRateLimiter under more buckets than it keeps', () => {
  it('keeps a locked bucket locked while more than maxBuckets others arrive', () => {
    const limiter = createRateLimiter(10);
    for (let i = 0; i < 3; i++) expect(limiter.hit('victim', 3, now).ok).toBe(true);
    expect(limiter.hit('victim', 3, now).ok).toBe(false);
    // 50 distinct newcomers (five times the room), while the locked-out caller keeps trying now and then.
    for (let i = 0; i < 50; i++) {
      expect(limiter.hit(`stranger-${i}`, 3, now + i).ok).toBe(true);
      if (i % 5 === 4) expect(limiter.hit('victim', 3, now + i).ok).toBe(false);
    }
    expect(limiter.hit('victim', 3, now + 50)).toEqual({ ok: false, retryAfterSeconds: 60 });
  });

  it('forgets the least recently used bucket first, and keeps at most maxBuckets', () => {
    const limiter = createRateLimiter(3);
    limiter.hit('a', 10, now);
    limiter.hit('b', 10, now);
    limiter.hit('c', 10, now);
    limiter.hit('a', 10, now); // a is now the most recent; b the least
    limiter.hit('d', 10, now);
    expect(limiter.count('b', now)).toBe(0);
    expect(limiter.count('a', now)).toBe(2);
    expect(limiter.count('c', now)).toBe(1);
    expect(limiter.count('d', now)).toBe(1);
  });

  it('starts a new window after a minute', () => {
    const limiter = createRateLimiter(3);
    limiter.hit('a', 1, now);
    expect(limiter.hit('a', 1, now + 59_999).ok).toBe(false);
    expect(limiter.hit('a', 1, now + 60_000).ok).toBe(true);
    expect(limiter.count('a', now + 120_000)).toBe(0);
  });
});
