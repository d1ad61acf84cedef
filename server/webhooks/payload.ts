import type { WebhookEventType } from '../../db/schema';
import { slackMessage } from './slack';

/** The body Standard Webhooks recommends: `{ type, timestamp, data }`. */
export type WebhookPayload = { type: WebhookEventType; timestamp: string; data: Record<string, unknown> };

/** Serialized once, when the event is committed: every retry sends and signs exactly these bytes. */
export function webhookBody(format: 'json' | 'slack', payload: WebhookPayload): string {
  return JSON.stringify(format === 'slack' ? slackMessage(payload) : payload);
}
