import { and, eq, inArray, sql } from 'drizzle-orm';
import { responseRollups } from '../../../db/schema';
import type { ProjectCtx } from '../context';

/**
 * How many answers each of these surveys has had, all time, in one grouped read of the hourly rollups (exact:
 * counted at each answer's commit) rather than a count over every answer. A survey nobody answered is absent.
 */
export async function responseCounts(ctx: ProjectCtx, surveyIds: string[]): Promise<Map<string, number>> {
  if (surveyIds.length === 0) return new Map();
  const rows = await ctx.db
    .select({
      surveyId: responseRollups.surveyId,
      answers: sql<number>`sum(${responseRollups.promoters} + ${responseRollups.passives} + ${responseRollups.detractors})`.mapWith(Number),
    })
    .from(responseRollups)
    .where(and(eq(responseRollups.projectId, ctx.projectId), inArray(responseRollups.surveyId, surveyIds)))
    .groupBy(responseRollups.surveyId);
  return new Map(rows.map((row) => [row.surveyId, row.answers]));
}
