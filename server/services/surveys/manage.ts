import { and, desc, eq, isNull } from 'drizzle-orm';
import type { FollowUpQuestion, LocalizedText, SurveyAppearance, SurveyChannel, SurveyTargeting } from '../../../db/schema';
import { SURVEY_CHANNELS, surveys } from '../../../db/schema';
import { notFound } from '../../errors';
import { newId } from '../../ids';
import type { ProjectCtx } from '../context';
import { decodeCursor, olderThan, pageOf } from '../pagination';
import { defaultAppearance, defaultFollowUpQuestion, defaultQuestion, defaultTargeting } from './defaults';

export type SurveyInput = {
  name: string;
  kind?: 'nps';
  /** Default 'active' (the API's documented behaviour); the dashboard's "New survey" asks for 'draft'. */
  status?: 'draft' | 'active' | 'paused';
  question?: LocalizedText;
  followUpQuestion?: FollowUpQuestion;
  defaultLocale?: 'en' | 'ja';
  targeting?: Partial<SurveyTargeting>;
  appearance?: Partial<SurveyAppearance>;
  /** Default both: the widget offers it and links can be made for it. */
  channels?: SurveyChannel[];
};
export type SurveyPatch = Partial<Omit<SurveyInput, 'kind'>>;
export type Survey = typeof surveys.$inferSelect;

/** What the API shows: archived surveys are gone from the caller's point of view. */
export function presentSurvey({ deletedAt: _deleted, projectId: _project, ...survey }: Survey) {
  return survey;
}

/** One of each, in the one order the database and the API show: ['email', 'web', 'web'] is ['web', 'email']. */
export const normalChannels = (channels: readonly SurveyChannel[]): SurveyChannel[] => SURVEY_CHANNELS.filter((c) => channels.includes(c));

/** Whether a survey is asked through this channel: the widget checks 'web', links 'email'. */
export const surveyUses = (survey: Pick<Survey, 'channels'>, channel: SurveyChannel) => survey.channels.includes(channel);

export async function createSurvey(ctx: ProjectCtx, input: SurveyInput): Promise<Survey> {
  const now = ctx.clock.now();
  const [row] = await ctx.db
    .insert(surveys)
    .values({
      id: newId('srv'),
      projectId: ctx.projectId,
      name: input.name,
      kind: input.kind ?? 'nps',
      status: input.status ?? 'active',
      // A text left out in one language falls back to the standard wording, so the widget never shows an empty question.
      question: { ...defaultQuestion, ...input.question },
      followUpQuestion: { ...defaultFollowUpQuestion, ...input.followUpQuestion },
      defaultLocale: input.defaultLocale ?? 'en',
      targeting: { ...defaultTargeting, ...input.targeting },
      appearance: { ...defaultAppearance, ...input.appearance },
      channels: normalChannels(input.channels ?? SURVEY_CHANNELS),
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  ctx.widgetSurveys?.forget(ctx.projectId);
  return row!;
}

/** Throws 404 for unknown ids, other projects' ids and archived surveys alike: existence is never revealed. */
export async function getSurvey(ctx: ProjectCtx, id: string): Promise<Survey> {
  const [row] = await ctx.db
    .select()
    .from(surveys)
    .where(and(eq(surveys.id, id), eq(surveys.projectId, ctx.projectId), isNull(surveys.deletedAt)));
  if (!row) throw notFound('Survey');
  return row;
}

export async function listSurveys(ctx: ProjectCtx, page: { limit: number; cursor?: string }) {
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  const rows = await ctx.db
    .select()
    .from(surveys)
    .where(
      and(
        eq(surveys.projectId, ctx.projectId),
        isNull(surveys.deletedAt),
        olderThan(after, surveys.createdAt, surveys.id),
      ),
    )
    .orderBy(desc(surveys.createdAt), desc(surveys.id))
    .limit(page.limit + 1);
  return pageOf(rows, page.limit);
}

export async function updateSurvey(ctx: ProjectCtx, id: string, patch: SurveyPatch): Promise<Survey> {
  const current = await getSurvey(ctx, id);
  const [row] = await ctx.db
    .update(surveys)
    .set({
      name: patch.name ?? current.name,
      status: patch.status ?? current.status,
      defaultLocale: patch.defaultLocale ?? current.defaultLocale,
      // Nested objects merge, so a PATCH of one text or one targeting rule keeps the others.
      question: { ...current.question, ...patch.question },
      followUpQuestion: { ...current.followUpQuestion, ...patch.followUpQuestion },
      targeting: { ...current.targeting, ...patch.targeting },
      appearance: { ...current.appearance, ...patch.appearance },
      channels: patch.channels ? normalChannels(patch.channels) : current.channels,
      updatedAt: ctx.clock.now(),
    })
    .where(and(eq(surveys.id, id), eq(surveys.projectId, ctx.projectId)))
    .returning();
  ctx.widgetSurveys?.forget(ctx.projectId);
  return row!;
}

/** Archives: the survey disappears from the API and the widget, its responses stay in the metrics. */
export async function archiveSurvey(ctx: ProjectCtx, id: string): Promise<void> {
  await getSurvey(ctx, id);
  await ctx.db
    .update(surveys)
    .set({ deletedAt: ctx.clock.now(), status: 'paused' })
    .where(and(eq(surveys.id, id), eq(surveys.projectId, ctx.projectId)));
  ctx.widgetSurveys?.forget(ctx.projectId);
}
