// Every change to a case goes through here: lock, apply, write history, queue the webhook, commit, wake.
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../../db/client';
import { followUps } from '../../../db/schema';
import { outboxCommitted } from '../../webhooks/wake';
import type { ProjectCtx } from '../context';
import { followUpEvent } from '../webhooks/event-data';
import { enqueueWebhookEvent } from '../webhooks/outbox';
import { findFollowUp } from './find';
import { appendHistory, type HistoryEntry } from './history';
import { presentFollowUp, type FollowUpRow } from './present';

export type CaseChange = {
  set: Partial<typeof followUps.$inferInsert>;
  history: HistoryEntry[];
};

export async function changeFollowUp(
  ctx: ProjectCtx,
  id: string,
  decide: (current: FollowUpRow, tx: Tx, now: Date) => Promise<CaseChange> | CaseChange,
) {
  const now = ctx.clock.now();
  const updated = await ctx.db.transaction(async (tx) => {
    const current = await findFollowUp(tx, ctx.projectId, id, true);
    const change = await decide(current, tx, now);
    if (change.history.length === 0) return current;
    const [row] = await tx
      .update(followUps)
      .set({ ...change.set, firstActionAt: current.firstActionAt ?? now, updatedAt: now })
      .where(and(eq(followUps.projectId, ctx.projectId), eq(followUps.id, current.id)))
      .returning();
    const events = await appendHistory(tx, ctx.projectId, current.id, change.history, now);
    const resolvedNow = row!.status === 'resolved' && current.status !== 'resolved';
    const summary = { events: events.map((e) => ({ kind: e.kind, actor: e.actor, data: e.data })) };
    await enqueueWebhookEvent(tx, ctx.projectId, await followUpEvent(tx, row!, resolvedNow ? 'followup.resolved' : 'followup.updated', now, summary), now);
    return row!;
  });
  outboxCommitted();
  return presentFollowUp(updated, now);
}
