import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { sleepOn } from '../clock';
import { clientAddress } from './client-address';
import { rateLimited } from './rate-limit';

// Sign-in slows guessers down without locking owners out. A hard limit per account would let anyone who
// knows an email keep its owner out, so accounts get no hard limit: only the client address does (thirty
// tries a minute: typos and a team behind one NAT pass, a guesser does not). Recent failures, per account
// and per client, make each further try wait before the password is checked (whatever the outcome, so the
// wait tells nothing): a few typos cost nothing, then 0.5 s doubling up to 4 s. The right password from a
// client that is not hammering still signs in, at most a few seconds late while strangers guess at it.
// Counts live in the in-process limiter's one-minute windows; PBKDF2 makes each guess expensive too.
export const SIGN_IN_ATTEMPTS_PER_CLIENT = 30;
export const FREE_FAILURES = 5;
const FIRST_DELAY_MS = 500;
export const MAX_DELAY_MS = 4_000;

// Changing the password needs a session, so only its holder can run into these: a hard limit locks out
// nobody else, and stops a stolen session from guessing the current password to take the account over.
export const PASSWORD_CHANGES_PER_USER = 5;
const PASSWORD_CHANGES_PER_CLIENT = 20;

/** The wait before a sign-in attempt, after this many failures in the current minute. */
export function signInDelayMs(recentFailures: number): number {
  if (recentFailures < FREE_FAILURES) return 0;
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (recentFailures - FREE_FAILURES));
}

/** Counts the attempt (429 past the per-client limit), waits out recent failures, and returns how to record one. */
export async function throttleSignIn(c: Context<AppEnv>, email: string): Promise<{ failed: () => void }> {
  const { rateLimiter, clock } = c.var.deps;
  const client = clientAddress(c);
  const attempt = rateLimiter.hit(`login:client:${client}`, SIGN_IN_ATTEMPTS_PER_CLIENT, clock.now().getTime());
  if (!attempt.ok) throw rateLimited('Too many sign-in attempts; wait a minute and try again.', attempt.retryAfterSeconds).because('sign_in_attempts');

  const failureBuckets = [`login-failed:email:${email.trim().toLowerCase()}`, `login-failed:client:${client}`];
  const now = clock.now().getTime();
  const delay = Math.max(...failureBuckets.map((bucket) => signInDelayMs(rateLimiter.count(bucket, now))));
  if (delay > 0) await sleepOn(clock, delay);
  return {
    failed: () => {
      const at = clock.now().getTime();
      for (const bucket of failureBuckets) rateLimiter.hit(bucket, Number.POSITIVE_INFINITY, at);
    },
  };
}

/** Password changes per account and per client address, counted before the current password is checked. */
export function limitPasswordChange(c: Context<AppEnv>, userId: string): void {
  const { rateLimiter, clock } = c.var.deps;
  const now = clock.now().getTime();
  for (const [bucket, limit] of [
    [`password:user:${userId}`, PASSWORD_CHANGES_PER_USER],
    [`password:client:${clientAddress(c)}`, PASSWORD_CHANGES_PER_CLIENT],
  ] as const) {
    const result = rateLimiter.hit(bucket, limit, now);
    if (!result.ok) throw rateLimited('Too many password changes; wait a minute and try again.', result.retryAfterSeconds);
  }
}

// Password resets: the client address gets the sign-in allowance (a hard limit there locks out no owner). Each
// email gets a few link emails a minute beyond which further requests send nothing, yet answer the same, so a
// stranger can neither flood a mailbox nor learn from a 429 which emails have accounts.
export const RESET_REQUESTS_PER_CLIENT = SIGN_IN_ATTEMPTS_PER_CLIENT;
export const RESET_EMAILS_PER_ADDRESS = 3;

/** Counts a reset request or confirmation (429 past the per-client limit); false when this email has had its share. */
export function limitPasswordReset(c: Context<AppEnv>, email: string | null): boolean {
  const { rateLimiter, clock } = c.var.deps;
  const now = clock.now().getTime();
  const attempt = rateLimiter.hit(`reset:client:${clientAddress(c)}`, RESET_REQUESTS_PER_CLIENT, now);
  if (!attempt.ok) throw rateLimited('Too many password reset attempts; wait a minute and try again.', attempt.retryAfterSeconds).because('reset_attempts');
  if (email === null) return true;
  return rateLimiter.hit(`reset:email:${email.trim().toLowerCase()}`, RESET_EMAILS_PER_ADDRESS, now).ok;
}
