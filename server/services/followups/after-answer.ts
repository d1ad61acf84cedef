import type { Tx } from '../../../db/client';
import type { ProjectCtx } from '../context';
import type { IngestContext } from '../responses/ingest-context';
import type { SubmitResult } from '../responses/submit';
import { followUpEvent, personOf, type PersonView, responseEvent } from '../webhooks/event-data';
import { enqueueWebhookEvents, type OutboxEvent } from '../webhooks/outbox';
import { openFollowUpForAnswer } from './open';

/**
 * What follows from storing an answer, in the answer's own transaction: a follow-up case if a rule asks for
 * one, the response event and that case's event. All commit with the answer or not at all. The rules and
 * endpoints come from the answer's ingest context, so this costs no reads of its own. Returns how many
 * webhook deliveries were queued.
 */
export async function recordAnswerConsequences(
  tx: Tx,
  ctx: ProjectCtx,
  result: SubmitResult,
  context: Pick<IngestContext, 'rules' | 'endpoints'>,
  knownPerson?: PersonView | null,
): Promise<number> {
  if (result.change === 'unchanged') return 0;
  const now = ctx.clock.now();
  const type = result.change === 'created' ? 'response.created' : 'response.updated';
  // Read once and shared: rules look at the person's traits, events carry the person.
  const person = knownPerson !== undefined ? knownPerson : await personOf(tx, ctx.projectId, result.response.personId);
  const events: OutboxEvent[] = [responseEvent(result.response, person, type)];
  const followUp = await openFollowUpForAnswer(tx, ctx, result.response, {
    isNew: result.change === 'created',
    traits: person?.traits ?? {},
    rules: context.rules,
  });
  if (followUp) events.push(await followUpEvent(tx, followUp, 'followup.opened', now, undefined, { response: result.response, person }));
  // The response event is queued before the case's, so a consumer hears of the answer first.
  return enqueueWebhookEvents(tx, events, context.endpoints, now);
}
