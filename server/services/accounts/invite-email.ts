import type { MailMessage } from '../../mail/mailer';

/**
 * The invitation email, in English and Japanese: the invitee's language is not known before they have an
 * account. Plain text only, so nothing in the project's name can become markup.
 */
export function inviteEmail(input: { projectName: string; inviteUrl: string; expiresAt: Date }): Pick<MailMessage, 'subject' | 'text'> {
  const until = input.expiresAt.toISOString().slice(0, 10);
  return {
    subject: `You are invited to ${input.projectName} on Kizuna / Kizuna の「${input.projectName}」への招待`,
    text: [
      `You are invited to join the project "${input.projectName}" on Kizuna.`,
      `Open this link to accept (it works once, until ${until}):`,
      input.inviteUrl,
      '',
      `Kizuna のプロジェクト「${input.projectName}」に招待されました。`,
      `次のリンクから参加してください（${until} まで、一度だけ有効です）：`,
      input.inviteUrl,
      '',
      'If you did not expect this, ignore this email. / 心当たりがない場合は、このメールを無視してください。',
    ].join('\n'),
  };
}
