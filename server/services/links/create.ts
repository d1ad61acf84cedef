import { surveyLinks, type LinkPerson } from '../../../db/schema';
import { newId } from '../../ids';
import type { ProjectCtx } from '../context';
import { getSurvey } from '../surveys/manage';
import { emailSnippet } from './email-snippet';
import { linkSecret, signLink } from './signing';

export type CreateLinksInput = { surveyId: string; person: LinkPerson; locale?: 'en' | 'ja' };

export const scoreLinkPath = (sendId: string, score: number, signature: string) => `/s/${sendId}/${score}/${signature}`;

const asLocale = (tag: string | undefined) => {
  const base = tag?.toLowerCase().split(/[-_]/)[0];
  return base === 'en' || base === 'ja' ? base : undefined;
};

/**
 * One email send to one person: eleven signed score links (0–10) and a
 * ready-made HTML block to paste into the email. Every click on any of them
 * edits the same single response.
 */
export async function createSurveyLinks(ctx: ProjectCtx, input: CreateLinksInput, baseUrl: string) {
  const survey = await getSurvey(ctx, input.surveyId);
  const locale = input.locale ?? asLocale(input.person.locale) ?? survey.defaultLocale;
  const [send] = await ctx.db
    .insert(surveyLinks)
    .values({
      id: newId('lnk'),
      projectId: ctx.projectId,
      surveyId: survey.id,
      person: input.person,
      locale,
      createdAt: ctx.clock.now(),
    })
    .returning();
  const secret = await linkSecret(ctx.db);
  const links = await Promise.all(
    Array.from({ length: 11 }, async (_, score) => ({
      score,
      url: baseUrl + scoreLinkPath(send!.id, score, await signLink(secret, send!.id, score)),
    })),
  );
  const question = survey.question[locale] || survey.question[survey.defaultLocale] || '';
  return {
    id: send!.id,
    surveyId: survey.id,
    locale,
    links,
    html: emailSnippet({ question, locale, brandColor: survey.appearance.brandColor, links }),
  };
}
