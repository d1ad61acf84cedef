import { and, inArray, lt, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { webhookDeliveries } from '../../db/schema';
import type { Clock } from '../clock';
import { loggableError } from '../log-redaction';
import type { Logger } from '../logger';

/**
 * Deletes finished deliveries (delivered or failed for good) created before `before`, their attempts with
 * them (foreign key cascade). Pending deliveries are never touched, however old: they are still owed. Works
 * in batches of short statements, oldest first, so a large backlog never holds many locks or one long
 * transaction; stops after `maxBatches` and says how many it deleted (the next sweep goes on from there).
 */
export async function pruneFinishedDeliveries(
  db: Database,
  options: { before: Date; batchSize?: number; maxBatches?: number },
): Promise<number> {
  const batchSize = options.batchSize ?? 1000;
  const maxBatches = options.maxBatches ?? 20;
  let deleted = 0;
  for (let i = 0; i < maxBatches; i++) {
    const oldest = db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      // A literal, not a parameter: it must match the partial index's predicate for Postgres to use the index.
      .where(and(sql`${webhookDeliveries.status} <> 'pending'`, lt(webhookDeliveries.createdAt, options.before)))
      .orderBy(webhookDeliveries.createdAt)
      .limit(batchSize);
    const rows = await db.delete(webhookDeliveries).where(inArray(webhookDeliveries.id, oldest)).returning({ id: webhookDeliveries.id });
    deleted += rows.length;
    if (rows.length < batchSize) break;
  }
  return deleted;
}

/** The cut-off for a retention of `days` at `now`; null when deliveries are kept forever. */
export function retentionCutoff(now: Date, days: number | null): Date | null {
  return days === null ? null : new Date(now.getTime() - days * 86_400_000);
}

/**
 * One retention sweep as the dispatchers run it (the Node loop, the Worker's cron): the cut-off for `days`,
 * the deletion, and a log line for what it did or why it failed. Never throws: a failed sweep is retried by
 * the next one, and must not look like a failed delivery run.
 */
export async function sweepExpiredDeliveries(
  deps: { db: Database; clock: Clock; logger: Logger },
  days: number | null,
  options: { maxBatches?: number } = {},
): Promise<void> {
  const before = retentionCutoff(deps.clock.now(), days);
  if (!before) return;
  try {
    const deleted = await pruneFinishedDeliveries(deps.db, { before, maxBatches: options.maxBatches });
    if (deleted > 0) deps.logger({ level: 'info', msg: 'webhook deliveries past retention deleted', deleted, before: before.toISOString() });
  } catch (err) {
    deps.logger({ level: 'error', msg: 'webhook retention sweep failed', error: loggableError(err) });
  }
}
