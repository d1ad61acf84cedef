import { and, eq } from 'drizzle-orm';
import { people } from '../../../db/schema';
import { ApiError } from '../../errors';
import type { Mailer } from '../../mail/mailer';
import type { ProjectCtx } from '../context';
import { changeFollowUp } from './change';
import { findFollowUp } from './find';

const defaultSubject: Record<string, string> = {
  en: 'About your feedback',
  ja: 'ご意見ありがとうございます',
};

/**
 * Emails the customer from the case. The mail goes out first and is then recorded (history, first action,
 * open → in_progress): a failed send records nothing and the caller sees the error.
 */
export async function replyToCustomer(
  ctx: ProjectCtx,
  id: string,
  input: { subject?: string; text: string; replyTo?: string },
  options: { mailer: Mailer | undefined; actor: string },
) {
  if (!options.mailer) throw new ApiError('conflict', 'Email is not configured on this server: set SMTP_URL and KIZUNA_MAIL_FROM.').because('email_not_configured');
  const followUp = await findFollowUp(ctx.db, ctx.projectId, id);
  const [person] = followUp.personId
    ? await ctx.db.select().from(people).where(and(eq(people.id, followUp.personId), eq(people.projectId, ctx.projectId)))
    : [];
  if (!person?.email) throw new ApiError('conflict', 'This customer has no email address to reply to.').because('no_email_address');
  const language = person.locale?.toLowerCase().startsWith('ja') ? 'ja' : 'en';
  const subject = input.subject ?? defaultSubject[language]!;
  let messageId: string;
  try {
    ({ messageId } = await options.mailer.send({ to: person.email, subject, text: input.text, replyTo: input.replyTo }));
  } catch (err) {
    throw new ApiError('internal_error', `The mail server refused the message: ${err instanceof Error ? err.message : String(err)}`);
  }
  return changeFollowUp(ctx, id, (current) => ({
    set: current.status === 'open' ? { status: 'in_progress' } : {},
    history: [
      { kind: 'reply', actor: options.actor, data: { to: person.email, subject, text: input.text, messageId } },
      ...(current.status === 'open' ? [{ kind: 'status_changed' as const, actor: options.actor, data: { from: 'open', to: 'in_progress' } }] : []),
    ],
  }));
}
