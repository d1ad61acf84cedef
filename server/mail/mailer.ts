/** Outgoing email, behind an interface: SMTP on Node (server/mail/smtp.ts); tests use a real local SMTP server. */
export type MailMessage = { to: string; subject: string; text: string; replyTo?: string };

export type Mailer = {
  send: (message: MailMessage) => Promise<{ messageId: string }>;
};
