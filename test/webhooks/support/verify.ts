// Verifies a delivery exactly as a consumer would: the standardwebhooks library, the raw body, the headers.
import { Webhook } from 'standardwebhooks';
import type { Received } from './receiver';

export function verifyDelivery(secret: string, delivery: Received): { type: string; timestamp: string; data: any } {
  return new Webhook(secret).verify(delivery.body, delivery.headers) as { type: string; timestamp: string; data: any };
}
