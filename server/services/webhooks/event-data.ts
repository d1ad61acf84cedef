// The `data` of each event: the response or follow-up as the API shows it, with its person, read in the
// transaction that changes it so the event describes exactly what was committed.
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../../db/client';
import { people, responses, type WebhookEventType } from '../../../db/schema';
import { presentFollowUp, type FollowUpRow } from '../followups/present';
import { presentResponse, type ResponseRow } from '../responses/present';
import type { EventSubject } from './filters';
import type { OutboxEvent } from './outbox';

export type PersonView = Omit<typeof people.$inferSelect, 'projectId'>;

export async function personOf(tx: Tx, projectId: string, personId: string | null): Promise<PersonView | null> {
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

export function responseEvent(response: ResponseRow, person: PersonView | null, type: 'response.created' | 'response.updated'): OutboxEvent {
  return { type, data: { ...presentResponse(response), person }, subject: subjectOf(response) };
}

export async function followUpEvent(
  tx: Tx,
  followUp: FollowUpRow,
  type: Extract<WebhookEventType, `followup.${string}`>,
  now: Date,
  change?: Record<string, unknown>,
  known?: { response: ResponseRow; person: PersonView | null },
): Promise<OutboxEvent> {
  const [response] = known
    ? [known.response]
    : await tx.select().from(responses).where(and(eq(responses.id, followUp.responseId), eq(responses.projectId, followUp.projectId)));
  const person = known ? known.person : await personOf(tx, followUp.projectId, followUp.personId);
  return followUpEventOf(followUp, type, now, response ?? null, person, change);
}

/** The event of a case whose answer and person the caller already holds. */
export function followUpEventOf(
  followUp: FollowUpRow,
  type: Extract<WebhookEventType, `followup.${string}`>,
  now: Date,
  response: ResponseRow | null,
  person: PersonView | null,
  change?: Record<string, unknown>,
): OutboxEvent {
  return {
    type,
    data: { ...presentFollowUp(followUp, now), person, response: response ? presentResponse(response) : null, ...(change ? { change } : {}) },
    subject: response ? subjectOf(response) : null,
  };
}
