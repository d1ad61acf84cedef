import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import { responseRollups, responses } from '../../../db/schema';
import type { ProjectCtx } from '../context';
import { foldedTo } from '../metrics/source';

/**
 * How many answers each of these surveys has had, all time: the hourly rollups up to the project's watermark
 * plus the answers after it (the tail, seconds old), in one statement rather than a count over every answer.
 * A survey nobody answered is absent.
 */
export async function responseCounts(ctx: ProjectCtx, surveyIds: string[]): Promise<Map<string, number>> {
  if (surveyIds.length === 0) return new Map();
  const rolled = ctx.db
    .select({
      surveyId: responseRollups.surveyId,
      answers: sql<number>`${responseRollups.promoters} + ${responseRollups.passives} + ${responseRollups.detractors}`.as('answers'),
    })
    .from(responseRollups)
    .where(and(eq(responseRollups.projectId, ctx.projectId), inArray(responseRollups.surveyId, surveyIds)));
  const tail = ctx.db
    .select({ surveyId: responses.surveyId, answers: sql<number>`1`.as('answers') })
    .from(responses)
    .where(and(eq(responses.projectId, ctx.projectId), inArray(responses.surveyId, surveyIds), gte(responses.createdAt, foldedTo(ctx.projectId))));
  const both = rolled.unionAll(tail).as('counted');
  const rows = await ctx.db
    .select({ surveyId: both.surveyId, answers: sql<number>`sum(${both.answers})`.mapWith(Number) })
    .from(both)
    .groupBy(both.surveyId);
  return new Map(rows.map((row) => [row.surveyId, row.answers]));
}
