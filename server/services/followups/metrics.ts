// GET /v1/metrics/followups: is the loop closed, in time, and does the customer come back happier?
import { and, asc, eq, gt, gte, lt, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { followUps, responses } from '../../../db/schema';
import type { ProjectCtx } from '../context';

export type FollowUpMetricsFilters = { from?: Date; to?: Date; surveyId?: string };

/** A detractor counts as recovered when the next answer they give to the same survey is 7 or more. */
const RECOVERED_SCORE = 7;

export async function followUpMetrics(ctx: ProjectCtx, filters: FollowUpMetricsFilters) {
  const now = ctx.clock.now();
  // The same person's next answer to the same survey after the one that opened the case: one index lookup
  // per case, joined laterally so it runs once per case however many figures use it.
  const next = alias(responses, 'next');
  const nextAnswer = ctx.db
    .select({ score: next.score })
    .from(next)
    .where(
      and(
        eq(next.projectId, followUps.projectId),
        eq(next.personId, followUps.personId),
        eq(next.surveyId, responses.surveyId),
        gt(next.createdAt, responses.createdAt),
      ),
    )
    .orderBy(asc(next.createdAt), asc(next.id))
    .limit(1)
    .as('next_answer');
  const cases = ctx.db.$with('cases').as(
    ctx.db
      .select({
        assigneeId: followUps.assigneeId,
        status: followUps.status,
        dueAt: followUps.dueAt,
        createdAt: followUps.createdAt,
        firstActionAt: followUps.firstActionAt,
        resolvedAt: followUps.resolvedAt,
        category: responses.category,
        nextScore: sql<number | null>`${nextAnswer.score}`.as('next_score'),
      })
      .from(followUps)
      .innerJoin(responses, and(eq(responses.id, followUps.responseId), eq(responses.projectId, followUps.projectId)))
      .leftJoinLateral(nextAnswer, sql`true`)
      .where(
        and(
          eq(followUps.projectId, ctx.projectId),
          filters.from ? gte(followUps.createdAt, filters.from) : undefined,
          filters.to ? lt(followUps.createdAt, filters.to) : undefined,
          filters.surveyId ? eq(followUps.surveyId, filters.surveyId) : undefined,
        ),
      ),
  );
  const seconds = (from: string, to: string) => sql.raw(`extract(epoch from (${to} - ${from}))`);
  const nowIso = now.toISOString();
  // Overall and per assignee in one pass over the cases: grouping sets ((), (assignee)), told apart by grouping().
  const rows = await ctx.db
    .with(cases)
    .select({
      assigneeId: cases.assigneeId,
      overall: sql<number>`grouping(${cases.assigneeId})::int`,
      total: sql<number>`count(*)::int`,
      open: sql<number>`count(*) filter (where status in ('open', 'in_progress'))::int`,
      overdue: sql<number>`count(*) filter (where status in ('open', 'in_progress') and due_at < ${nowIso}::timestamptz)::int`,
      resolved: sql<number>`count(*) filter (where status = 'resolved')::int`,
      resolvedInTime: sql<number>`count(*) filter (where status = 'resolved' and (due_at is null or resolved_at <= due_at))::int`,
      medianFirstActionSeconds: sql<number | null>`percentile_cont(0.5) within group (order by ${seconds('created_at', 'first_action_at')})`,
      medianResolutionSeconds: sql<number | null>`percentile_cont(0.5) within group (order by ${seconds('created_at', 'resolved_at')}) filter (where status = 'resolved')`,
      detractorsReanswered: sql<number>`count(*) filter (where category = 'detractor' and next_score is not null)::int`,
      detractorsRecovered: sql<number>`count(*) filter (where category = 'detractor' and next_score >= ${RECOVERED_SCORE})::int`,
    })
    .from(cases)
    .groupBy(sql`grouping sets ((), (${cases.assigneeId}))`)
    .orderBy(sql`${cases.assigneeId} nulls last`);
  // The empty grouping set always yields its row, with no cases too (count 0, medians null).
  const overall = rows.find((row) => row.overall === 1)!;
  const perAssignee = rows.filter((row) => row.overall === 0);
  return {
    asOf: now.toISOString(),
    ...shape(overall),
    byAssignee: perAssignee.map(({ assigneeId, ...row }) => ({ assigneeId, ...shape(row) })),
  };
}

type Row = {
  total: number;
  open: number;
  overdue: number;
  resolved: number;
  resolvedInTime: number;
  medianFirstActionSeconds: number | null;
  medianResolutionSeconds: number | null;
  detractorsReanswered: number;
  detractorsRecovered: number;
};

const ratio = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 1000);
const roundSeconds = (value: number | string | null) => (value === null ? null : Math.round(Number(value)));

function shape(row: Row) {
  return {
    total: row.total,
    open: row.open,
    overdue: row.overdue,
    resolved: row.resolved,
    /** Of those, resolved by their due time (or with none set). */
    resolvedInTime: row.resolvedInTime,
    medianSecondsToFirstAction: roundSeconds(row.medianFirstActionSeconds),
    medianSecondsToResolution: roundSeconds(row.medianResolutionSeconds),
    /** Share of resolved cases resolved by their due time. */
    resolvedWithinDueRate: ratio(row.resolvedInTime, row.resolved),
    recovery: {
      /** Detractors with a case who answered the survey again. */
      reanswered: row.detractorsReanswered,
      /** ... whose next answer was 7 or more. */
      recovered: row.detractorsRecovered,
      rate: ratio(row.detractorsRecovered, row.detractorsReanswered),
    },
  };
}
