import type { Tx } from '../../../db/client';
import type { ProjectCtx } from '../context';
import type { SubmitResult } from '../responses/submit';
import { followUpEvent, personOf, responseEvent } from '../webhooks/event-data';
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
  // Read once and shared: rules look at the person's traits, events carry the person.
  const person = await personOf(tx, ctx.projectId, result.response.personId);
  await enqueueWebhookEvent(tx, ctx.projectId, responseEvent(result.response, person, type), now);
  const followUp = await openFollowUpForAnswer(tx, ctx, result.response, { isNew: result.change === 'created', traits: person?.traits ?? {} });
  if (followUp) {
    const event = await followUpEvent(tx, followUp, 'followup.opened', now, undefined, { response: result.response, person });
    await enqueueWebhookEvent(tx, ctx.projectId, event, now);
  }
}
