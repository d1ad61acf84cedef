import { and, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { webhookEndpoints } from '../../../db/schema';
import type { SecretBox } from '../../crypto/secret-box';

// Webhook signing secrets are stored sealed when KIZUNA_ENCRYPTION_KEY is set (server/crypto/secret-box.ts).
// Both columns of a row share one context, so a rotation moves the current secret to previous_secret as is,
// while a value copied into another endpoint's row does not open there.

const contextOf = (endpointId: string) => `webhook_endpoints.secret:${endpointId}`;

export const sealEndpointSecret = (box: SecretBox, endpointId: string, plain: string) => box.seal(plain, contextOf(endpointId));

type SecretColumns = { id: string; projectId: string; secret: string; previousSecret: string | null };

/**
 * The clear secrets of an endpoint. Values stored plain before a key was set (or sealed under a previous
 * key) are re-sealed here, the first time they are read: the update is conditional on the value read, so
 * a rotation that happened meanwhile wins.
 */
export async function openEndpointSecrets(db: Database, box: SecretBox, row: SecretColumns) {
  const context = contextOf(row.id);
  const secret = await box.open(row.secret, context);
  const previousSecret = row.previousSecret === null ? null : await box.open(row.previousSecret, context);
  const stale = (await box.needsResealing(row.secret)) || (row.previousSecret !== null && (await box.needsResealing(row.previousSecret)));
  if (stale) {
    await db
      .update(webhookEndpoints)
      .set({
        secret: await box.seal(secret, context),
        previousSecret: previousSecret === null ? null : await box.seal(previousSecret, context),
      })
      .where(and(eq(webhookEndpoints.projectId, row.projectId), eq(webhookEndpoints.id, row.id), eq(webhookEndpoints.secret, row.secret)));
  }
  return { secret, previousSecret };
}
