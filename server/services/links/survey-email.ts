import type { MailMessage } from '../../mail/mailer';
import { linkTexts } from './texts';

/**
 * A survey sent by email (POST /delighted/v1/people): the question and the eleven score links, one per line.
 * Plain text, as every Kizuna email: nothing the project or the person typed can become markup.
 */
export function surveyEmail(input: { question: string; locale: 'en' | 'ja'; links: { score: number; url: string }[] }): Pick<MailMessage, 'subject' | 'text'> {
  const t = linkTexts[input.locale];
  return {
    subject: input.question,
    text: [
      input.question,
      '',
      `0 = ${t.low}, 10 = ${t.high}`,
      '',
      ...input.links.map(({ score, url }) => `${score}: ${url}`),
    ].join('\n'),
  };
}
