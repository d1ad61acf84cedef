import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import { surveys } from '../../../db/schema';
import { ApiError } from '../../errors';
import type { ProjectCtx } from '../context';
import { createSurvey, getSurvey, type Survey } from '../surveys/manage';

export const DELIGHTED_SURVEY_NAME = 'Delighted API';

/**
 * The survey an answer or a send through the Delighted API belongs to. Delighted had one survey per account;
 * Kizuna answers belong to surveys. `trend` (Delighted's grouping) names a Kizuna survey; without it, the
 * project's oldest published survey. A project with none gets one, paused: the widget shows only active
 * surveys, so making it never puts a survey on the customer's site, while links and API answers work.
 * For an email send (`forEmail`), the oldest published survey that is asked by email: a web-only one has no links.
 */
export async function delightedSurvey(ctx: ProjectCtx, trend?: string, options: { forEmail?: boolean } = {}): Promise<Survey> {
  if (trend) {
    const survey = await getSurvey(ctx, trend).catch(() => null);
    if (!survey || survey.status === 'draft') throw unknownTrend();
    return survey;
  }
  const [oldest] = await ctx.db
    .select()
    .from(surveys)
    .where(
      and(
        eq(surveys.projectId, ctx.projectId),
        isNull(surveys.deletedAt),
        ne(surveys.status, 'draft'),
        options.forEmail ? sql`'email' = any(${surveys.channels})` : undefined,
      ),
    )
    .orderBy(asc(surveys.createdAt), asc(surveys.id))
    .limit(1);
  return oldest ?? createSurvey(ctx, { name: DELIGHTED_SURVEY_NAME, status: 'paused' });
}

const unknownTrend = () =>
  new ApiError('validation_failed', 'Validation failed', [{ field: 'trend', code: 'invalid', message: 'No published survey has this id.' }]);
