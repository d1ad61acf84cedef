// Replying to the customer goes through a real SMTP conversation with a local server (smtp-server).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpMailer } from '../../server/mail/smtp';
import { startFollowUpApi } from './support/api';
import { startSmtpServer } from './support/smtp';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let mailer: ReturnType<typeof createSmtpMailer>;
let api: Awaited<ReturnType<typeof startFollowUpApi>>;
beforeAll(async () => {
  smtp = await startSmtpServer();
  mailer = createSmtpMailer({ url: smtp.url, from: 'Kizuna Support <support@kizuna.test>' });
  api = await startFollowUpApi({ mailer });
});
afterAll(async () => {
  mailer.close();
  await smtp.close();
  await api.close();
});

async function caseFor(person: Record<string, unknown>) {
  const project = await api.createProject();
  const survey = (await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'NPS' } })).body;
  await api.request('POST', '/v1/responses', { key: project.secretKey, body: { surveyId: survey.id, score: 2, person } });
  const [c] = (await api.request('GET', '/v1/followups', { key: project.secretKey })).body.data;
  return { project, c };
}

describe('POST /v1/followups/:id/reply', () => {
  it('emails the customer over SMTP and records the reply on the case and its history', async () => {
    const { project, c } = await caseFor({ id: 'jp-1', email: 'haruki@example.jp', locale: 'ja-JP' });
    const res = await api.request('POST', `/v1/followups/${c.id}/reply`, { key: project.secretKey, body: { text: 'ご不便をおかけしました。返金いたします。' } });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('in_progress'); // replying is working on it
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0]!;
    expect(mail.from).toBe('support@kizuna.test');
    expect(mail.to).toEqual(['haruki@example.jp']);
    expect(mail.raw).toMatch(/^Subject: =\?UTF-8\?/m); // the Japanese default subject, encoded
    const full = await api.request('GET', `/v1/followups/${c.id}`, { key: project.secretKey });
    const reply = full.body.events.find((e: any) => e.kind === 'reply');
    expect(reply.data).toMatchObject({ to: 'haruki@example.jp', subject: 'ご意見ありがとうございます', text: 'ご不便をおかけしました。返金いたします。' });
    expect(reply.data.messageId).toMatch(/@/);
    expect(mail.raw).toContain(reply.data.messageId);
    expect(full.body.firstActionAt).not.toBeNull();
    // The person's timeline: their cases, with this reply in the history.
    const timeline = await api.request('GET', `/v1/followups?personId=${c.personId}`, { key: project.secretKey });
    expect(timeline.body.data.map((x: any) => x.id)).toEqual([c.id]);
  });

  it('uses the subject given', async () => {
    const { project, c } = await caseFor({ id: 'en-1', email: 'ada@example.com' });
    await api.request('POST', `/v1/followups/${c.id}/reply`, { key: project.secretKey, body: { subject: 'Sorry about the outage', text: 'We fixed it.' } });
    expect(smtp.messages.at(-1)!.raw).toMatch(/^Subject: Sorry about the outage/m);
  });

  it('refuses when the customer has no email, and when mail is not configured', async () => {
    const { project, c } = await caseFor({ id: 'no-mail' });
    const res = await api.request('POST', `/v1/followups/${c.id}/reply`, { key: project.secretKey, body: { text: 'Hello' } });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/no email address/);

    const withoutMail = await startFollowUpApi();
    try {
      const p = await withoutMail.createProject();
      const s = (await withoutMail.request('POST', '/v1/surveys', { key: p.secretKey, body: { name: 'NPS' } })).body;
      await withoutMail.request('POST', '/v1/responses', { key: p.secretKey, body: { surveyId: s.id, score: 1, person: { email: 'x@example.com' } } });
      const [x] = (await withoutMail.request('GET', '/v1/followups', { key: p.secretKey })).body.data;
      const refused = await withoutMail.request('POST', `/v1/followups/${x.id}/reply`, { key: p.secretKey, body: { text: 'Hello' } });
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toMatch(/SMTP_URL/);
    } finally {
      await withoutMail.close();
    }
  });

  it('another project cannot reply on this case', async () => {
    const { c } = await caseFor({ id: 'sec', email: 'sec@example.com' });
    const other = await api.createProject();
    const sent = smtp.messages.length;
    expect((await api.request('POST', `/v1/followups/${c.id}/reply`, { key: other.secretKey, body: { text: 'x' } })).status).toBe(404);
    expect(smtp.messages.length).toBe(sent);
  });
});
