import { and, asc, desc, eq, gte, inArray, lt, ne, sql } from 'drizzle-orm';
import { followUpEvents, followUps, people, responses, users } from '../../../db/schema';
import { ApiError } from '../../errors';
import type { ProjectCtx } from '../context';
import type { PersonRow } from '../people/upsert';
import type { ResponseRow } from '../responses/present';
import { getResponse } from '../responses/read';
import { submitResponse } from '../responses/submit';
import { unixSeconds, type DelightedNote } from './present';
import { delightedSurvey } from './survey';

export type ResponseListQuery = {
  perPage: number;
  page: number;
  since?: Date;
  until?: Date;
  updatedSince?: Date;
  updatedUntil?: Date;
  surveyId?: string;
  personId?: string;
  personEmail?: string;
  order: 'asc' | 'desc';
  orderBy: 'created_at' | 'updated_at';
};

/** GET /survey_responses: oldest first unless `order` says otherwise; `since`/`updated_since` inclusive, `until`s exclusive. */
export async function listDelightedResponses(ctx: ProjectCtx, q: ResponseListQuery): Promise<ResponseRow[]> {
  const time = q.orderBy === 'updated_at' ? responses.updatedAt : responses.createdAt;
  const direction = q.order === 'desc' ? desc : asc;
  return ctx.db
    .select()
    .from(responses)
    .where(
      and(
        eq(responses.projectId, ctx.projectId),
        q.since ? gte(responses.createdAt, q.since) : undefined,
        q.until ? lt(responses.createdAt, q.until) : undefined,
        q.updatedSince ? gte(responses.updatedAt, q.updatedSince) : undefined,
        q.updatedUntil ? lt(responses.updatedAt, q.updatedUntil) : undefined,
        q.surveyId ? eq(responses.surveyId, q.surveyId) : undefined,
        q.personId ? eq(responses.personId, q.personId) : undefined,
        q.personEmail
          ? inArray(
              responses.personId,
              ctx.db
                .select({ id: people.id })
                .from(people)
                .where(and(eq(people.projectId, ctx.projectId), sql`lower(${people.email}) = lower(${q.personEmail})`)),
            )
          : undefined,
      ),
    )
    .orderBy(direction(time), direction(responses.id))
    .limit(q.perPage)
    .offset((q.page - 1) * q.perPage);
}

/** The people behind a page of answers, by id (for expand=person). */
export async function peopleByIds(ctx: ProjectCtx, ids: string[]): Promise<Map<string, PersonRow>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await ctx.db.select().from(people).where(and(eq(people.projectId, ctx.projectId), inArray(people.id, unique)));
  return new Map(rows.map((row) => [row.id, row]));
}

/** The team's notes on the follow-up cases of a page of answers, oldest first (for expand=notes). */
export async function notesByResponse(ctx: ProjectCtx, responseIds: string[]): Promise<Map<string, DelightedNote[]>> {
  const notes = new Map<string, DelightedNote[]>();
  if (responseIds.length === 0) return notes;
  const rows = await ctx.db
    .select({ id: followUpEvents.id, responseId: followUps.responseId, data: followUpEvents.data, createdAt: followUpEvents.createdAt, userEmail: users.email })
    .from(followUpEvents)
    .innerJoin(followUps, and(eq(followUps.projectId, followUpEvents.projectId), eq(followUps.id, followUpEvents.followUpId)))
    .leftJoin(users, sql`${followUpEvents.actor} = 'user:' || ${users.id}`)
    .where(and(eq(followUpEvents.projectId, ctx.projectId), eq(followUpEvents.kind, 'note'), inArray(followUps.responseId, responseIds)))
    .orderBy(asc(followUpEvents.createdAt), asc(followUpEvents.id));
  for (const row of rows) {
    const text = typeof row.data.text === 'string' ? row.data.text : '';
    const list = notes.get(row.responseId) ?? [];
    list.push({ id: row.id, text, user_email: row.userEmail, created_at: unixSeconds(row.createdAt) });
    notes.set(row.responseId, list);
  }
  return notes;
}

export type DelightedAnswer = { personId: string; score: number; comment?: string | null; properties?: Record<string, unknown>; trend?: string };

/**
 * POST /survey_responses: an answer for a known person, stored by the same ingest as /v1/responses
 * (analysis, follow-up rules, webhooks). It gets an idempotency key of its own, so that PUT can change it later
 * through that same path.
 */
export async function answerForPerson(ctx: ProjectCtx, input: DelightedAnswer): Promise<ResponseRow> {
  const [person] = await ctx.db
    .select()
    .from(people)
    .where(and(eq(people.projectId, ctx.projectId), eq(people.id, input.personId)));
  if (!person || (!person.externalId && !person.email)) {
    throw new ApiError('validation_failed', 'Validation failed', [{ field: 'person', code: 'invalid', message: 'No person has this id.' }]);
  }
  const survey = await delightedSurvey(ctx, input.trend);
  const { response } = await submitResponse(ctx, {
    surveyId: survey.id,
    score: input.score,
    comment: input.comment,
    idempotencyKey: `delighted:${crypto.randomUUID()}`,
    person: person.externalId ? { id: person.externalId } : { email: person.email! },
    channel: 'api',
    properties: input.properties,
    personTrust: 'trusted', // the secret key speaks for the project
  });
  return response;
}

export type DelightedChange = { score?: number; comment?: string | null; properties?: Record<string, unknown> };

/**
 * PUT /survey_responses[/:id]: person_properties merge into the answer's properties; a new score or comment
 * goes through the ingest path again under the answer's idempotency key, which re-analyses the comment and
 * sends response.updated. An answer stored without an idempotency key (an API call that sent none) cannot be
 * changed that way: 422.
 */
export async function changeAnswer(ctx: ProjectCtx, id: string, change: DelightedChange): Promise<ResponseRow> {
  let current = await getResponse(ctx, id);
  if (change.properties && Object.keys(change.properties).length > 0) {
    const merged = sql`${responses.properties} || ${JSON.stringify(change.properties)}::jsonb`;
    const [updated] = await ctx.db
      .update(responses)
      .set({ properties: merged, updatedAt: ctx.clock.now() })
      .where(and(eq(responses.projectId, ctx.projectId), eq(responses.id, id), ne(responses.properties, merged)))
      .returning();
    current = updated ?? current;
  }
  const scoreChanges = change.score !== undefined && change.score !== current.score;
  const commentChanges = typeof change.comment === 'string' && change.comment.trim() !== '' && change.comment.trim() !== current.comment;
  if (!scoreChanges && !commentChanges) return current;
  if (!current.idempotencyKey) {
    throw new ApiError('validation_failed', 'Validation failed', [
      { field: 'id', code: 'immutable', message: 'This answer was stored without an idempotency key; its score and comment cannot be changed.' },
    ]);
  }
  const { response } = await submitResponse(ctx, {
    surveyId: current.surveyId,
    score: change.score ?? current.score,
    comment: commentChanges ? change.comment : null,
    idempotencyKey: current.idempotencyKey,
    personTrust: 'trusted',
  });
  return response;
}
