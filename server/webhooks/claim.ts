import { and, asc, eq, inArray, isNull, lte } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { webhookDeliveries, webhookEndpoints } from '../../db/schema';

export type ClaimedDelivery = typeof webhookDeliveries.$inferSelect;

/**
 * Takes up to `limit` due deliveries in commit order and leases them: their next_attempt_at moves to
 * `leaseUntil`, so no other dispatcher takes them while this one posts, and if this process dies they become
 * due again when the lease ends (at-least-once). SKIP LOCKED lets dispatchers that claim at the same moment
 * take different rows instead of waiting for each other. The lease commits at once: no transaction stays
 * open during HTTP calls.
 */
export async function claimDueDeliveries(
  db: Database,
  options: { now: Date; limit: number; leaseUntil: Date },
): Promise<ClaimedDelivery[]> {
  const due = db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(
      and(
        eq(webhookDeliveries.status, 'pending'),
        lte(webhookDeliveries.nextAttemptAt, options.now),
        eq(webhookEndpoints.enabled, true),
        isNull(webhookEndpoints.deletedAt),
      ),
    )
    .orderBy(asc(webhookDeliveries.seq))
    .limit(options.limit)
    .for('update', { of: webhookDeliveries, skipLocked: true });
  const rows = await db
    .update(webhookDeliveries)
    .set({ nextAttemptAt: options.leaseUntil })
    .where(inArray(webhookDeliveries.id, due))
    .returning();
  return rows.sort((a, b) => a.seq - b.seq);
}
