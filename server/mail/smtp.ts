// SMTP through nodemailer (Node only). SMTP_URL is a nodemailer connection URL, e.g. smtps://user:pass@smtp.example.com.
import nodemailer from 'nodemailer';
import type { Mailer } from './mailer';

export function createSmtpMailer(options: { url: string; from: string }): Mailer & { close: () => void } {
  const transport = nodemailer.createTransport(options.url);
  return {
    send: async (message) => {
      const info = await transport.sendMail({ from: options.from, ...message });
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}
