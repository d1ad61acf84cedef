import { and, eq } from 'drizzle-orm';
import { surveys } from '../../../db/schema';
import { notFound } from '../../errors';
import type { ProjectCtx } from '../context';
import type { ResponseFilters } from '../responses/filters';

/** The answers an insight reads: a segment of the project, over [from, to). */
export type InsightSegment = Pick<ResponseFilters, 'surveyId' | 'channel' | 'locale' | 'language'>;
export type InsightFilters = InsightSegment & { from?: Date; to?: Date };

/** The period of equal length that ends where this one starts. */
export function previousPeriod(range: { from: Date; to: Date }) {
  const length = range.to.getTime() - range.from.getTime();
  return { from: new Date(range.from.getTime() - length), to: range.from };
}

/**
 * A survey id that is not this project's is a 404, not a page of zeros: a mistyped id should not look like
 * a quiet month. Archived surveys are accepted; their answers are still history worth reading.
 */
export async function assertSurveyOfProject(ctx: ProjectCtx, surveyId: string | undefined): Promise<void> {
  if (surveyId === undefined) return;
  const [found] = await ctx.db
    .select({ id: surveys.id })
    .from(surveys)
    .where(and(eq(surveys.id, surveyId), eq(surveys.projectId, ctx.projectId)));
  if (!found) throw notFound('Survey');
}
