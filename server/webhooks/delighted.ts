// Webhooks for receivers written for Delighted (endpoint format "delighted"): its body and its signature,
// sent alongside the Standard Webhooks headers, which every delivery carries.
import { delightedPerson, delightedResponse, type DelightedPersonSource, type DelightedResponseSource } from '../services/delighted/present';
import type { WebhookPayload } from './payload';

const delightedTypes: Partial<Record<WebhookPayload['type'], string>> = {
  'response.created': 'survey_response.created',
  'response.updated': 'survey_response.updated',
};

/**
 * `{ event_type, event_id, event_data }` with the answer as Delighted's API shows it, person expanded. The
 * permalink is a path: the body is fixed when the event is committed, where the instance's address is not
 * known. Events Delighted had no name for (the test ping) keep Kizuna's type and data.
 */
export function delightedWebhookMessage(payload: WebhookPayload, eventId: string) {
  const type = delightedTypes[payload.type];
  if (!type) return { event_type: payload.type, event_id: eventId, event_data: payload.data };
  const data = payload.data as DelightedResponseSource & { person: DelightedPersonSource | null };
  return {
    event_type: type,
    event_id: eventId,
    event_data: delightedResponse(data, { base: '', person: data.person ? delightedPerson(data.person) : null }),
  };
}

/** `X-Delighted-Webhook-Signature: sha256=<hex HMAC-SHA256 of the raw body>`, keyed with the endpoint's secret as written. */
export async function delightedSignature(secret: string, body: string): Promise<Record<string, string>> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body)));
  const hex = Array.from(mac, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return { 'X-Delighted-Webhook-Signature': `sha256=${hex}` };
}
