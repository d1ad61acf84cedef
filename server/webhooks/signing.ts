// Standard Webhooks signatures (https://www.standardwebhooks.com): the reference library is plain JavaScript
// (fast-sha256, no node:crypto), so the same code signs on Node and on Workers.
import { Webhook } from 'standardwebhooks';

const SECRET_BYTES = 32;

/** A new signing secret in the spec's format: "whsec_" + base64 of random bytes. */
export function generateWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(SECRET_BYTES));
  return `whsec_${btoa(String.fromCharCode(...bytes))}`;
}

export type SignedHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

/**
 * The three headers of the spec. With several secrets (during a rotation) the signature header carries one
 * "v1,<sig>" per secret, space-separated: consumers verifying with either the old or the new secret succeed.
 */
export function signWebhook(secrets: string[], eventId: string, at: Date, body: string): SignedHeaders {
  const signatures = secrets.map((secret) => new Webhook(secret).sign(eventId, at, body));
  return {
    'webhook-id': eventId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}
