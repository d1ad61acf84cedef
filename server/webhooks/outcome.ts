import type { PostOutcome } from './post';

/**
 * What a reply means for the queue. Unreachable, timing out, 5xx, 408, 429 and redirects are the endpoint's
 * problem: later events wait behind this one (order is kept) until it recovers. Other 4xx answers reject this
 * one message, so only it is retried and the rest keep flowing. 410 Gone asks us to stop altogether.
 */
export type AttemptVerdict = 'delivered' | 'gone' | 'endpoint_failure' | 'message_failure';

export function judgeOutcome(outcome: PostOutcome): AttemptVerdict {
  const code = outcome.statusCode;
  if (code === null) return 'endpoint_failure';
  if (code >= 200 && code < 300) return 'delivered';
  if (code === 410) return 'gone';
  if (code >= 400 && code < 500 && code !== 408 && code !== 429) return 'message_failure';
  return 'endpoint_failure';
}

export function describeFailure(outcome: PostOutcome): string {
  if (outcome.error) return outcome.error;
  const code = outcome.statusCode;
  if (code !== null && code >= 300 && code < 400) return `Redirect (${code}) not followed: webhook URLs must answer directly`;
  return `HTTP ${code}`;
}
