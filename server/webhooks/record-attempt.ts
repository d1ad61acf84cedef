import { and, eq, inArray, lt, ne, or, sql } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client';
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from '../../db/schema';
import { randomToken } from '../ids';
import type { ClaimedDelivery } from './claim';
import { describeFailure, type AttemptVerdict } from './outcome';
import type { PostOutcome } from './post';
import { MAX_ATTEMPTS, retryDelayAfter } from './retry-schedule';

export type EndpointState = typeof webhookEndpoints.$inferSelect;

export type AttemptRecord = {
  delivery: ClaimedDelivery;
  endpoint: EndpointState;
  outcome: PostOutcome;
  verdict: Exclude<AttemptVerdict, 'delivered'>;
  startedAt: Date;
  now: Date;
  leaseUntil: Date;
  /** Rows this dispatcher still holds for the same endpoint, released when the endpoint goes into backoff. */
  heldIds: string[];
  disableAfterMs: number;
};

/**
 * Records a failed attempt and what follows from it (retry, backoff, disabling). Successes are recorded in
 * batches by recordDeliveredBatch. True when the next deliveries of this endpoint may go now; false when
 * they must wait (backoff, disabled).
 */
export async function recordFailedAttempt(db: Database, record: AttemptRecord): Promise<boolean> {
  const { delivery, endpoint, outcome, verdict, now } = record;
  const attempts = delivery.attempts + 1;
  const error = describeFailure(outcome);

  return db.transaction(async (tx) => {
    await tx.insert(webhookAttempts).values({
      id: `att_${randomToken(20)}`,
      projectId: delivery.projectId,
      deliveryId: delivery.id,
      startedAt: record.startedAt,
      durationMs: outcome.durationMs,
      statusCode: outcome.statusCode,
      error: outcome.error,
      responseBody: outcome.responseBody,
    });
    // Only the holder of the lease writes the result: if the lease ran out and another dispatcher took the
    // row, its result wins (the receiver may see the event twice, with the same webhook-id).
    const own = and(
      eq(webhookDeliveries.projectId, delivery.projectId),
      eq(webhookDeliveries.id, delivery.id),
      eq(webhookDeliveries.nextAttemptAt, record.leaseUntil),
    );
    const common = { attempts, lastAttemptAt: record.startedAt, lastStatusCode: outcome.statusCode, lastError: error };

    if (verdict === 'gone') {
      // Kept pending: if someone re-enables the endpoint, nothing was lost.
      await tx.update(webhookDeliveries).set({ ...common, nextAttemptAt: now }).where(own);
      await disableEndpoint(tx, endpoint, now, 'The receiver answered 410 Gone.');
      await releaseHeld(tx, endpoint.projectId, record.heldIds, now);
      return false;
    }

    const delay = retryDelayAfter(attempts);
    const givenUp = delay === null || attempts >= MAX_ATTEMPTS;
    const nextAttemptAt = givenUp ? now : new Date(now.getTime() + delay);
    await tx
      .update(webhookDeliveries)
      .set({ ...common, status: givenUp ? 'failed' : 'pending', nextAttemptAt })
      .where(own);

    const failingSince = endpoint.failingSince ?? now;
    if (now.getTime() - failingSince.getTime() >= record.disableAfterMs) {
      const since = failingSince.toISOString();
      await disableEndpoint(tx, endpoint, now, `Failing since ${since}; last error: ${error}`);
      await releaseHeld(tx, endpoint.projectId, record.heldIds, now);
      return false;
    }

    if (verdict === 'message_failure' || givenUp) {
      await tx.update(webhookEndpoints).set({ failingSince }).where(endpointRow(endpoint));
      return true;
    }

    // The receiver is unreachable or failing: everything queued behind this event waits until its retry,
    // so when the receiver is back the events arrive in the order they were committed.
    await tx.update(webhookEndpoints).set({ failingSince, backoffUntil: nextAttemptAt }).where(endpointRow(endpoint));
    await tx
      .update(webhookDeliveries)
      .set({ nextAttemptAt })
      .where(
        and(
          eq(webhookDeliveries.projectId, endpoint.projectId),
          eq(webhookDeliveries.endpointId, endpoint.id),
          eq(webhookDeliveries.status, 'pending'),
          ne(webhookDeliveries.id, delivery.id),
          or(
            lt(webhookDeliveries.nextAttemptAt, nextAttemptAt),
            record.heldIds.length > 0 ? inArray(webhookDeliveries.id, record.heldIds) : undefined,
          ),
        ),
      );
    return false;
  });
}

export type DeliveredAttempt = { delivery: ClaimedDelivery; outcome: PostOutcome; startedAt: Date };

/**
 * Records a run of successful attempts in one statement (one round trip, atomic on its own): their attempt
 * rows, and the deliveries marked delivered. Successes are the common case, and recording each in its own
 * transaction cost more than posting it. Like recordFailedAttempt, only the holder of the lease marks a row; if
 * the process dies before this runs, the rows are posted again when the lease ends, with the same webhook-id.
 * A batch is one endpoint's, so of one project.
 */
export async function recordDeliveredBatch(db: Database, projectId: string, batch: DeliveredAttempt[], now: Date, leaseUntil: Date): Promise<void> {
  if (batch.length === 0) return;
  const outcomes = batch.map(({ delivery, outcome, startedAt }) => ({
    delivery_id: delivery.id,
    attempt_id: `att_${randomToken(20)}`,
    started_at: startedAt.toISOString(),
    duration_ms: outcome.durationMs,
    status_code: outcome.statusCode,
    response_body: outcome.responseBody,
  }));
  await db.execute(sql`
    with outcome as (
      select * from jsonb_to_recordset(${JSON.stringify(outcomes)}::jsonb) as o(
        delivery_id text, attempt_id text, started_at timestamptz, duration_ms integer, status_code integer, response_body text)
    ), attempts as (
      insert into webhook_attempts (id, project_id, delivery_id, started_at, duration_ms, status_code, error, response_body)
      select attempt_id, ${projectId}, delivery_id, started_at, duration_ms, status_code, null, response_body from outcome
    )
    update webhook_deliveries as d
    set status = 'delivered', attempts = d.attempts + 1, last_attempt_at = o.started_at, last_status_code = o.status_code,
        last_error = null, delivered_at = ${now.toISOString()}::timestamptz, next_attempt_at = ${now.toISOString()}::timestamptz
    from outcome as o
    where d.project_id = ${projectId} and d.id = o.delivery_id and d.next_attempt_at = ${leaseUntil.toISOString()}::timestamptz`);
}

const endpointRow = (endpoint: EndpointState) => and(eq(webhookEndpoints.projectId, endpoint.projectId), eq(webhookEndpoints.id, endpoint.id));

async function disableEndpoint(tx: Tx, endpoint: EndpointState, now: Date, reason: string) {
  await tx
    .update(webhookEndpoints)
    .set({ enabled: false, disabledAt: now, disabledReason: reason, backoffUntil: null, updatedAt: now })
    .where(endpointRow(endpoint));
}

/** Rows leased but not attempted become due again (they are not claimed while the endpoint is disabled). */
async function releaseHeld(tx: Tx, projectId: string, heldIds: string[], now: Date) {
  if (heldIds.length === 0) return;
  await tx
    .update(webhookDeliveries)
    .set({ nextAttemptAt: now })
    .where(and(eq(webhookDeliveries.projectId, projectId), inArray(webhookDeliveries.id, heldIds)));
}
