import { and, asc, desc, eq, lt } from 'drizzle-orm';
import { webhookAttempts, webhookDeliveries } from '../../../db/schema';
import { ApiError, notFound } from '../../errors';
import type { ProjectCtx } from '../context';
import { outboxCommitted } from '../../webhooks/wake';
import { findEndpoint } from './manage';
import { queueFor } from './outbox';
import { presentAttempt, presentDelivery } from './present';

/** The delivery log of one endpoint, newest first. Keyset on seq (commit order), passed as a plain cursor. */
export async function listDeliveries(ctx: ProjectCtx, endpointId: string, page: { limit: number; cursor?: string; status?: 'pending' | 'delivered' | 'failed' }) {
  await findEndpoint(ctx, endpointId);
  const before = page.cursor !== undefined ? Number(page.cursor) : null;
  if (before !== null && !Number.isSafeInteger(before)) throw new ApiError('bad_request', 'Invalid cursor: pass back the nextCursor of a previous page unchanged.');
  const rows = await ctx.db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.projectId, ctx.projectId),
        eq(webhookDeliveries.endpointId, endpointId),
        page.status ? eq(webhookDeliveries.status, page.status) : undefined,
        before !== null ? lt(webhookDeliveries.seq, before) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.seq))
    .limit(page.limit + 1);
  const data = rows.slice(0, page.limit);
  return { data: data.map(presentDelivery), nextCursor: rows.length > page.limit ? String(data.at(-1)!.seq) : null };
}

async function findDelivery(ctx: ProjectCtx, id: string) {
  const [row] = await ctx.db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.projectId, ctx.projectId)));
  if (!row) throw notFound('Delivery');
  return row;
}

/** One delivery with every attempt made (status code, duration, error, start of the reply). */
export async function getDelivery(ctx: ProjectCtx, id: string) {
  const row = await findDelivery(ctx, id);
  const attempts = await ctx.db
    .select()
    .from(webhookAttempts)
    .where(and(eq(webhookAttempts.deliveryId, id), eq(webhookAttempts.projectId, ctx.projectId)))
    .orderBy(asc(webhookAttempts.startedAt));
  return { ...presentDelivery(row), attempts: attempts.map(presentAttempt) };
}

/**
 * Manual replay: the same event (same webhook-id, same body) goes out again now, with a fresh retry schedule.
 * Works for failed and for delivered events (a consumer that lost its copy).
 */
export async function retryDelivery(ctx: ProjectCtx, id: string) {
  const row = await findDelivery(ctx, id);
  const endpoint = await findEndpoint(ctx, row.endpointId).catch(() => null);
  if (!endpoint) throw new ApiError('conflict', 'The endpoint of this delivery was deleted.');
  if (!endpoint.enabled) throw new ApiError('conflict', 'The endpoint is disabled; enable it first.', { reason: endpoint.disabledReason });
  const now = ctx.clock.now();
  const [updated] = await ctx.db
    .update(webhookDeliveries)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: now })
    .where(and(eq(webhookDeliveries.projectId, ctx.projectId), eq(webhookDeliveries.id, row.id)))
    .returning();
  outboxCommitted();
  return presentDelivery(updated!);
}

/** Queues a `webhook.ping` event for this endpoint only; its result shows in the delivery log. */
export async function queuePing(ctx: ProjectCtx, endpointId: string) {
  const endpoint = await findEndpoint(ctx, endpointId);
  if (!endpoint.enabled) throw new ApiError('conflict', 'The endpoint is disabled; enable it first.', { reason: endpoint.disabledReason });
  const now = ctx.clock.now();
  const [row] = await ctx.db.transaction((tx) =>
    queueFor(tx, [endpoint], { type: 'webhook.ping', data: { endpointId: endpoint.id, message: 'Kizuna test ping' } }, now),
  );
  outboxCommitted();
  return presentDelivery(row!);
}
