import type { WebhookEventType } from '../../db/schema';
import { delightedWebhookMessage } from './delighted';
import { slackMessage } from './slack';

/** The body Standard Webhooks recommends: `{ type, timestamp, data }`. */
export type WebhookPayload = { type: WebhookEventType; timestamp: string; data: Record<string, unknown> };

/** Serialized once, when the event is committed: every retry sends and signs exactly these bytes. */
export function webhookBody(format: 'json' | 'slack' | 'delighted', payload: WebhookPayload, eventId: string): string {
  if (format === 'slack') return JSON.stringify(slackMessage(payload));
  if (format === 'delighted') return JSON.stringify(delightedWebhookMessage(payload, eventId));
  return JSON.stringify(payload);
}
