// Verifies a delivery exactly as a consumer would: the standardwebhooks library, the raw body, the headers.
import { Webhook } from 'standardwebhooks';
import { vi } from 'vitest';
import type { Received } from './receiver';

export type VerifiedEvent = { type: string; timestamp: string; data: any };

/**
 * Tests that move a test clock hours ahead sign with that clock, and the library rejects timestamps more than
 * 5 minutes from its own Date.now(): then Date is set, only here, to the receiver's clock when it arrived.
 */
export function verifyDelivery(secret: string, delivery: Received, movedClock = false): VerifiedEvent {
  const at = movedClock ? delivery.clockAt : null;
  if (!at) return new Webhook(secret).verify(delivery.body, delivery.headers) as VerifiedEvent;
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    vi.setSystemTime(at);
    return new Webhook(secret).verify(delivery.body, delivery.headers) as VerifiedEvent;
  } finally {
    vi.useRealTimers();
  }
}
