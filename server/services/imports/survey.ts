import { and, asc, eq, isNull, ne } from 'drizzle-orm';
import { surveys } from '../../../db/schema';
import { ApiError } from '../../errors';
import type { ProjectCtx } from '../context';
import { createSurvey, getSurvey } from '../surveys/manage';

export const IMPORT_SURVEY_NAME = 'Imported answers';

/**
 * The survey imported answers belong to: the one named, else the project's oldest published survey, else a
 * new paused one (paused: the widget never shows it, so an import never puts a survey on anyone's site).
 */
export async function importSurveyId(ctx: ProjectCtx, surveyId?: string): Promise<string> {
  if (surveyId) {
    const survey = await getSurvey(ctx, surveyId).catch(() => null);
    if (!survey || survey.status === 'draft') {
      throw new ApiError('validation_failed', 'Validation failed', [{ path: 'surveyId', code: 'invalid', message: 'No published survey has this id.' }]);
    }
    return survey.id;
  }
  const [oldest] = await ctx.db
    .select({ id: surveys.id })
    .from(surveys)
    .where(and(eq(surveys.projectId, ctx.projectId), isNull(surveys.deletedAt), ne(surveys.status, 'draft')))
    .orderBy(asc(surveys.createdAt), asc(surveys.id))
    .limit(1);
  return oldest?.id ?? (await createSurvey(ctx, { name: IMPORT_SURVEY_NAME, status: 'paused' })).id;
}
