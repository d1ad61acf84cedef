import { surveyLinks, type LinkPerson } from '../../../db/schema';
import type { SecretBox } from '../../crypto/secret-box';
import { ApiError } from '../../errors';
import { newId } from '../../ids';
import type { ProjectCtx } from '../context';
import { getSurvey, surveyUses } from '../surveys/manage';
import { emailSnippet } from './email-snippet';
import { linkSecret, linkToken, signLink, type LinkExpiry } from './signing';

export type CreateLinksInput = { surveyId: string; person: LinkPerson; locale?: 'en' | 'ja'; expiresInDays?: number };

/** Where the links point and how long they work unless the caller says otherwise. */
export type LinkMinting = { baseUrl: string; secretBox: SecretBox; defaultExpiryDays: number };

/** A send as its links name it: the project comes along so that a click finds the send within its project. */
export type LinkSend = { id: string; projectId: string };

export const scoreLinkPath = (send: LinkSend, score: number, token: string) =>
  `/s/${send.id}/${score}/${token}?p=${encodeURIComponent(send.projectId)}`;

/** The eleven score paths of one send, all expiring together. */
export async function scorePaths(secret: CryptoKey, send: LinkSend, expiresAt: LinkExpiry) {
  return Promise.all(
    Array.from({ length: 11 }, async (_, score) => ({
      score,
      url: scoreLinkPath(send, score, linkToken(expiresAt, await signLink(secret, send.id, score, expiresAt))),
    })),
  );
}

const asLocale = (tag: string | undefined) => {
  const base = tag?.toLowerCase().split(/[-_]/)[0];
  return base === 'en' || base === 'ja' ? base : undefined;
};

/**
 * One email send to one person: eleven signed score links (0–10) and a
 * ready-made HTML block to paste into the email. Every click on any of them
 * edits the same single response, until the links expire.
 */
export async function createSurveyLinks(ctx: ProjectCtx, input: CreateLinksInput, minting: LinkMinting) {
  const survey = await getSurvey(ctx, input.surveyId);
  // A draft is unfinished and unpublished: a link mailed now would ask its not-yet-final question.
  if (survey.status === 'draft') throw new ApiError('conflict', 'The survey is a draft; publish it before making links.').because('survey_is_draft');
  // Links already mailed keep answering (the people have them); new ones follow the survey's channels.
  if (!surveyUses(survey, 'email')) {
    throw new ApiError('conflict', 'The survey is asked on the web only; add "email" to its channels before making links.').because('survey_not_for_email');
  }
  const locale = input.locale ?? asLocale(input.person.locale) ?? survey.defaultLocale;
  const now = ctx.clock.now();
  const expiresAt = Math.floor(now.getTime() / 1000) + (input.expiresInDays ?? minting.defaultExpiryDays) * 86_400;
  const [send] = await ctx.db
    .insert(surveyLinks)
    .values({
      id: newId('lnk'),
      projectId: ctx.projectId,
      surveyId: survey.id,
      person: input.person,
      locale,
      createdAt: now,
    })
    .returning();
  const secret = await linkSecret(ctx.db, minting.secretBox);
  const links = (await scorePaths(secret, send!, expiresAt)).map(({ score, url }) => ({ score, url: minting.baseUrl + url }));
  const question = survey.question[locale] || survey.question[survey.defaultLocale] || '';
  return {
    id: send!.id,
    surveyId: survey.id,
    locale,
    expiresAt: new Date(expiresAt * 1000).toISOString(),
    links,
    html: emailSnippet({ question, locale, brandColor: survey.appearance.brandColor, links }),
  };
}
