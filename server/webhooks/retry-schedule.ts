// When to try again after a failed attempt. Roughly the schedule Standard Webhooks providers use: quick
// retries for a blip, then hours apart so a receiver that is down for a day still gets everything.
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Delay before attempt n+1 after n failed attempts (attempt 1 is immediate, on commit). */
export const RETRY_DELAYS_MS = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR] as const;

export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** null when the attempts are used up and the delivery is given up. */
export function retryDelayAfter(failedAttempts: number): number | null {
  if (failedAttempts < 1 || failedAttempts >= MAX_ATTEMPTS) return null;
  return RETRY_DELAYS_MS[failedAttempts - 1] ?? null;
}
