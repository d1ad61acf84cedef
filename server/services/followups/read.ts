import { and, asc, desc, eq, gte, inArray, isNull, lt, notInArray, or } from 'drizzle-orm';
import { followUpEvents, followUps, people, responses, type FollowUpStatus } from '../../../db/schema';
import type { ProjectCtx } from '../context';
import { decodeCursor, olderThan, pageOf } from '../pagination';
import { presentResponse } from '../responses/present';
import { decodeDueCursor, dueAfter, dueOrder, encodeDueCursor } from './due-order';
import { findFollowUp } from './find';
import { presentFollowUp, presentFollowUpEvent } from './present';

export type FollowUpFilters = {
  status?: FollowUpStatus[];
  assigneeId?: string;
  /** true: open or in progress and past due; false: everything else. */
  overdue?: boolean;
  surveyId?: string;
  personId?: string;
};

const activeStatuses: FollowUpStatus[] = ['open', 'in_progress'];

/** Newest first (`created`), or the work queue's order (`due`: soonest due first, see due-order.ts). */
export type FollowUpSort = 'created' | 'due';

/** Keyset-paginated: on (created_at, id) newest first, or on (due_at, id) for the due order. */
export async function listFollowUps(ctx: ProjectCtx, filters: FollowUpFilters, page: { limit: number; cursor?: string; sort?: FollowUpSort }) {
  const now = ctx.clock.now();
  const byDue = page.sort === 'due';
  const after = !page.cursor ? undefined : byDue ? dueAfter(decodeDueCursor(page.cursor)) : olderThan(decodeCursor(page.cursor), followUps.createdAt, followUps.id);
  const overdue = and(inArray(followUps.status, activeStatuses), lt(followUps.dueAt, now));
  const rows = await ctx.db
    .select()
    .from(followUps)
    .where(
      and(
        eq(followUps.projectId, ctx.projectId),
        filters.status ? inArray(followUps.status, filters.status) : undefined,
        filters.assigneeId ? eq(followUps.assigneeId, filters.assigneeId) : undefined,
        filters.surveyId ? eq(followUps.surveyId, filters.surveyId) : undefined,
        filters.personId ? eq(followUps.personId, filters.personId) : undefined,
        filters.overdue === true ? overdue : undefined,
        filters.overdue === false ? or(notInArray(followUps.status, activeStatuses), isNull(followUps.dueAt), gte(followUps.dueAt, now)) : undefined,
        after,
      ),
    )
    .orderBy(...(byDue ? dueOrder : [desc(followUps.createdAt), desc(followUps.id)]))
    .limit(page.limit + 1);
  const { data, nextCursor } = byDue ? pageOf(rows, page.limit, encodeDueCursor) : pageOf(rows, page.limit);
  // Each case comes with the answer that opened it, so a work queue shows score and comment without asking
  // again. Read by id once the page is cut: joined in the page's query, the join runs for every matching case
  // before the sort and the limit (bench/followups, 212,000 cases: the open queue 11.2 ms joined, 7.2 ms so).
  const answers = data.length
    ? await ctx.db
        .select()
        .from(responses)
        .where(and(eq(responses.projectId, ctx.projectId), inArray(responses.id, data.map((row) => row.responseId))))
    : [];
  const answerOf = new Map(answers.map((row) => [row.id, presentResponse(row)]));
  return { data: data.map((row) => ({ ...presentFollowUp(row, now), response: answerOf.get(row.responseId) ?? null })), nextCursor };
}

/** One case with everything needed to work it: the answer, the person, and the full history. */
export async function getFollowUp(ctx: ProjectCtx, id: string) {
  const row = await findFollowUp(ctx.db, ctx.projectId, id);
  const [response] = await ctx.db.select().from(responses).where(and(eq(responses.id, row.responseId), eq(responses.projectId, ctx.projectId)));
  const [person] = row.personId
    ? await ctx.db.select().from(people).where(and(eq(people.id, row.personId), eq(people.projectId, ctx.projectId)))
    : [];
  const history = await ctx.db
    .select()
    .from(followUpEvents)
    .where(and(eq(followUpEvents.followUpId, row.id), eq(followUpEvents.projectId, ctx.projectId)))
    .orderBy(asc(followUpEvents.createdAt), asc(followUpEvents.id));
  const { projectId: _p, ...personView } = person ?? { projectId: null };
  return {
    ...presentFollowUp(row, ctx.clock.now()),
    response: response ? presentResponse(response) : null,
    person: person ? personView : null,
    events: history.map(presentFollowUpEvent),
  };
}
