import { sql, type SQL } from 'drizzle-orm';
import type { ProjectCtx } from '../context';
import { compileSegmentFilter, type SegmentFilter } from '../segments/filter';
import { AT_RISK_THRESHOLDS, AT_RISK_WEIGHTS } from './at-risk-weights';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type AtRiskReason =
  | { code: 'detractor'; score: number }
  | { code: 'score_drop'; score: number; previousScore: number }
  | { code: 'negative_comment'; sentiment: number }
  | { code: 'overdue_followup'; followUpId: string; hoursOverdue: number }
  | { code: 'unanswered_followup'; followUpId: string; daysWithoutReply: number };

/** A case still waiting on the team. */
const OPEN = sql`('open', 'in_progress')`;

/**
 * The people who need attention now, most at risk first. For each of the project's people who answered: their
 * latest answer, the one before it, their most overdue open case and their oldest unanswered detractor case,
 * each found through an index on (project_id, person_id, …). A person whose reasons weigh nothing is left out.
 *
 * A segment narrows by the person's traits and by the channel, locale and survey of their latest answer: the
 * lateral subquery that finds that answer is named `responses`, which is what the compiled filter reads.
 */
export async function atRiskPeople(ctx: ProjectCtx, query: { segment?: SegmentFilter; limit: number }) {
  const now = ctx.clock.now();
  const rows = await atRiskQuery(ctx, query, now);
  const data = rows.map((row) => {
    const reasons: AtRiskReason[] = [];
    if (row.isDetractor) reasons.push({ code: 'detractor', score: row.score });
    if (row.overdueId && row.overdueDueAt) {
      reasons.push({ code: 'overdue_followup', followUpId: row.overdueId, hoursOverdue: Math.floor((now.getTime() - row.overdueDueAt.getTime()) / HOUR) });
    }
    if (row.unansweredId && row.unansweredSince) {
      reasons.push({ code: 'unanswered_followup', followUpId: row.unansweredId, daysWithoutReply: Math.floor((now.getTime() - row.unansweredSince.getTime()) / DAY) });
    }
    if (row.hasScoreDrop && row.previousScore !== null) reasons.push({ code: 'score_drop', score: row.score, previousScore: row.previousScore });
    if (row.hasNegativeComment && row.sentiment !== null) reasons.push({ code: 'negative_comment', sentiment: row.sentiment });
    return {
      id: row.id,
      externalId: row.externalId,
      name: row.name,
      email: row.email,
      score: row.risk,
      reasons,
      latestAnswer: { id: row.answerId, score: row.score, comment: row.comment, createdAt: row.answeredAt },
      openFollowUpId: row.openFollowUpId,
    };
  });
  return { data, weights: AT_RISK_WEIGHTS, thresholds: AT_RISK_THRESHOLDS };
}

/** The ranked rows, as one statement (bench/at-risk/explain.ts reads its plan). */
export function atRiskQuery(ctx: ProjectCtx, query: { segment?: SegmentFilter; limit: number }, now: Date) {
  const projectId = ctx.projectId;
  const t = AT_RISK_THRESHOLDS;
  const w = AT_RISK_WEIGHTS;
  const unansweredSince = new Date(now.getTime() - t.unansweredDays * DAY);

  const facts = sql`
    select people.id, people.external_id, people.name, people.email,
           responses.id as answer_id, responses.score, responses.comment, responses.sentiment_score,
           responses.created_at as answered_at, previous.score as previous_score,
           overdue.id as overdue_id, overdue.due_at as overdue_due_at,
           unanswered.id as unanswered_id, unanswered.created_at as unanswered_since,
           open_case.id as open_follow_up_id,
           responses.score <= ${t.detractorMaxScore} as is_detractor,
           coalesce(previous.score - responses.score >= ${t.scoreDropMin}, false) as has_score_drop,
           coalesce(responses.comment is not null and responses.sentiment_score < ${t.negativeSentimentBelow}, false) as has_negative_comment
    from people
    join lateral (
      select r.id, r.survey_id, r.channel, r.locale, r.score, r.comment, r.sentiment_score, r.created_at
      from responses r
      where r.project_id = ${projectId} and r.person_id = people.id
      order by r.created_at desc, r.id desc
      limit 1
    ) as responses on true
    left join lateral (
      select r.score
      from responses r
      where r.project_id = ${projectId} and r.person_id = people.id
        and (r.created_at, r.id) < (responses.created_at, responses.id)
      order by r.created_at desc, r.id desc
      limit 1
    ) as previous on true
    left join lateral (
      select f.id, f.due_at
      from follow_ups f
      where f.project_id = ${projectId} and f.person_id = people.id and f.status in ${OPEN} and f.due_at < ${now.toISOString()}::timestamptz
      order by f.due_at, f.id
      limit 1
    ) as overdue on true
    left join lateral (
      select f.id, f.created_at
      from follow_ups f
      join responses answered on answered.project_id = f.project_id and answered.id = f.response_id
      where f.project_id = ${projectId} and f.person_id = people.id and f.status in ${OPEN}
        and f.created_at <= ${unansweredSince.toISOString()}::timestamptz and answered.score <= ${t.detractorMaxScore}
        and not exists (
          select 1 from follow_up_events e
          where e.project_id = ${projectId} and e.follow_up_id = f.id and e.kind = 'reply'
        )
      order by f.created_at, f.id
      limit 1
    ) as unanswered on true
    left join lateral (
      -- The case the dashboard links to: the open one due soonest.
      select f.id
      from follow_ups f
      where f.project_id = ${projectId} and f.person_id = people.id and f.status in ${OPEN}
      order by f.due_at nulls last, f.created_at, f.id
      limit 1
    ) as open_case on true
    where people.project_id = ${projectId}
      and ${query.segment ? compileSegmentFilter(query.segment) : sql`true`}`;

  const weigh = (flag: SQL, weight: number) => sql`case when ${flag} then ${weight}::int else 0 end`;
  const ranked = sql`
    select facts.*,
           ${weigh(sql`is_detractor`, w.detractor)} + ${weigh(sql`has_score_drop`, w.score_drop)}
         + ${weigh(sql`has_negative_comment`, w.negative_comment)} + ${weigh(sql`overdue_id is not null`, w.overdue_followup)}
         + ${weigh(sql`unanswered_id is not null`, w.unanswered_followup)} as risk
    from (${facts}) as facts`;

  return ctx.db
    .select({
      id: sql<string>`ranked.id`,
      externalId: sql<string | null>`ranked.external_id`,
      name: sql<string | null>`ranked.name`,
      email: sql<string | null>`ranked.email`,
      answerId: sql<string>`ranked.answer_id`,
      score: sql<number>`ranked.score`.mapWith(Number),
      comment: sql<string | null>`ranked.comment`,
      sentiment: sql<number | null>`ranked.sentiment_score`.mapWith(Number),
      answeredAt: sql<Date>`ranked.answered_at`.mapWith(toDate),
      previousScore: sql<number | null>`ranked.previous_score`.mapWith(Number),
      overdueId: sql<string | null>`ranked.overdue_id`,
      overdueDueAt: sql<Date | null>`ranked.overdue_due_at`.mapWith(toDate),
      unansweredId: sql<string | null>`ranked.unanswered_id`,
      unansweredSince: sql<Date | null>`ranked.unanswered_since`.mapWith(toDate),
      openFollowUpId: sql<string | null>`ranked.open_follow_up_id`,
      isDetractor: sql<boolean>`ranked.is_detractor`,
      hasScoreDrop: sql<boolean>`ranked.has_score_drop`,
      hasNegativeComment: sql<boolean>`ranked.has_negative_comment`,
      risk: sql<number>`ranked.risk`.mapWith(Number),
    })
    .from(sql`(${ranked}) as ranked`)
    .where(sql`ranked.risk > 0`)
    .orderBy(sql`ranked.risk desc, ranked.answered_at desc, ranked.id`)
    .limit(query.limit);
}


// A null column stays null: drizzle calls mapWith only on values that are there.
const toDate = (value: string | Date) => new Date(value);
