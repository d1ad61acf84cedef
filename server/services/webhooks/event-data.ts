// The `data` of each event: the response or follow-up as the API shows it, with its person, read in the
// transaction that changes it so the event describes exactly what was committed.
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../../db/client';
import { people, responses, type WebhookEventType } from '../../../db/schema';
import { presentFollowUp, type FollowUpRow } from '../followups/present';
import { presentResponse, type ResponseRow } from '../responses/present';
import type { EventSubject } from './filters';
import type { OutboxEvent } from './outbox';

async function personOf(tx: Tx, projectId: string, personId: string | null) {
  if (!personId) return null;
  const [row] = await tx.select().from(people).where(and(eq(people.id, personId), eq(people.projectId, projectId)));
  if (!row) return null;
  const { projectId: _p, ...person } = row;
  return person;
}

const subjectOf = (r: ResponseRow): EventSubject => ({
  surveyId: r.surveyId,
  score: r.score,
  category: r.category,
  sentimentLabel: r.sentimentLabel,
  language: r.language,
});

export async function responseEvent(tx: Tx, response: ResponseRow, type: 'response.created' | 'response.updated'): Promise<OutboxEvent> {
  const person = await personOf(tx, response.projectId, response.personId);
  return { type, data: { ...presentResponse(response), person }, subject: subjectOf(response) };
}

export async function followUpEvent(
  tx: Tx,
  followUp: FollowUpRow,
  type: Extract<WebhookEventType, `followup.${string}`>,
  now: Date,
  change?: Record<string, unknown>,
): Promise<OutboxEvent> {
  const [response] = await tx.select().from(responses).where(and(eq(responses.id, followUp.responseId), eq(responses.projectId, followUp.projectId)));
  const person = await personOf(tx, followUp.projectId, followUp.personId);
  return {
    type,
    data: { ...presentFollowUp(followUp, now), person, response: response ? presentResponse(response) : null, ...(change ? { change } : {}) },
    subject: response ? subjectOf(response) : null,
  };
}
