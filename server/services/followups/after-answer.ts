import type { Tx } from '../../../db/client';
import type { ProjectCtx } from '../context';
import type { SubmitResult } from '../responses/submit';
import { followUpEvent, responseEvent } from '../webhooks/event-data';
import { enqueueWebhookEvent } from '../webhooks/outbox';
import { openFollowUpForAnswer } from './open';

/**
 * What follows from storing an answer, in the answer's own transaction: the response event, a follow-up case
 * if a rule asks for one, and that case's event. All commit with the answer or not at all.
 */
export async function recordAnswerConsequences(tx: Tx, ctx: ProjectCtx, result: SubmitResult): Promise<void> {
  if (result.change === 'unchanged') return;
  const now = ctx.clock.now();
  const type = result.change === 'created' ? 'response.created' : 'response.updated';
  await enqueueWebhookEvent(tx, ctx.projectId, await responseEvent(tx, result.response, type), now);
  const followUp = await openFollowUpForAnswer(tx, ctx, result.response);
  if (followUp) await enqueueWebhookEvent(tx, ctx.projectId, await followUpEvent(tx, followUp, 'followup.opened', now), now);
}
