import type { Mailer } from '../../mail/mailer';
import type { ProjectCtx } from '../context';
import { createSurveyLinks, type LinkMinting } from '../links/create';
import { surveyEmail } from '../links/survey-email';
import type { PersonRow } from '../people/upsert';
import type { Survey } from '../surveys/manage';
import { isUnsubscribed } from './unsubscribes';

export type SentSurvey = {
  /** The send: its id and the eleven signed score links, as POST /v1/surveys/:id/links makes them. */
  linkId: string;
  links: { score: number; url: string }[];
  expiresAt: string;
  /** Whether the email went out (false when this instance has no mail configured). */
  emailed: boolean;
};

/**
 * Delighted's "schedule a survey" for a person: one email send of the survey, with the links the link
 * service mints, mailed when this instance has mail configured. An address that unsubscribed gets nothing
 * (null). Sent now: Kizuna has no send scheduler, so Delighted's `delay` is not honoured.
 */
export async function sendSurveyTo(
  ctx: ProjectCtx,
  person: PersonRow,
  survey: Survey,
  options: { minting: LinkMinting; mailer?: Mailer; locale?: 'en' | 'ja' },
): Promise<SentSurvey | null> {
  if (!person.email || (await isUnsubscribed(ctx, person.email))) return null;
  const send = await createSurveyLinks(
    ctx,
    {
      surveyId: survey.id,
      // The answer finds its person by the caller's id when there is one, else by this email.
      person: { ...(person.externalId ? { id: person.externalId } : {}), email: person.email, ...(person.name ? { name: person.name } : {}) },
      locale: options.locale,
    },
    options.minting,
  );
  let emailed = false;
  if (options.mailer) {
    const question = survey.question[send.locale] || survey.question[survey.defaultLocale] || '';
    await options.mailer.send({ to: person.email, ...surveyEmail({ question, locale: send.locale, links: send.links }) });
    emailed = true;
  }
  return { linkId: send.id, links: send.links, expiresAt: send.expiresAt, emailed };
}
