// Invitations go out by email when SMTP and KIZUNA_PUBLIC_URL are set: a real SMTP conversation with a local
// server (smtp-server). A failed send keeps the invite (the inviter still has the link) and logs no address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { hashKey } from '../../server/auth/keys';
import { createRateLimiter } from '../../server/auth/rate-limit';
import { systemClock } from '../../server/clock';
import { defaultConfig } from '../../server/config';
import { createSmtpMailer } from '../../server/mail/smtp';
import { startSmtpServer } from '../followups/support/smtp';
import { createProjectThrough, requestThrough } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/database';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let db: TestDatabase;
const mailers: ReturnType<typeof createSmtpMailer>[] = [];
const logs: Record<string, unknown>[] = [];

async function apiWith(smtpUrl: string) {
  const adminKey = `test_admin_key_${crypto.randomUUID()}`;
  const mailer = createSmtpMailer({ url: smtpUrl, from: 'Kizuna <kizuna@kizuna.test>' });
  mailers.push(mailer);
  const app = createApp({
    db: db.db,
    config: { ...defaultConfig, publicUrl: 'https://kizuna.example', adminKeyHash: await hashKey(adminKey) },
    clock: systemClock,
    logger: (line) => logs.push(line),
    rateLimiter: createRateLimiter(),
    mailer,
  });
  const request = requestThrough(async (r) => app.fetch(r));
  return { request, createProject: createProjectThrough(request, adminKey) };
}

beforeAll(async () => {
  smtp = await startSmtpServer();
  db = await createTestDatabase();
});
afterAll(async () => {
  for (const mailer of mailers) mailer.close();
  await smtp.close();
  await db.drop();
});

describe('invitation email', () => {
  it('sends the link to the invitee; the link in the mail is the one that works', async () => {
    const api = await apiWith(smtp.url);
    const project = await api.createProject('Acme NPS');
    const res = await api.request('POST', '/v1/members', { key: project.secretKey, body: { email: 'Invitee@Example.com', role: 'member' } });
    expect(res.status).toBe(201);
    expect(res.body.emailed).toBe(true);
    expect(res.body.inviteUrl).toMatch(/^https:\/\/kizuna\.example\/invite\/\w{40}$/);
    const mail = smtp.messages.at(-1)!;
    expect(mail.to).toEqual(['invitee@example.com']);
    expect(mail.raw.replace(/=\r?\n/g, '')).toContain(res.body.inviteUrl);
    const token = res.body.inviteUrl.split('/invite/')[1];
    const accepted = await api.request('POST', '/v1/auth/invites/accept', { body: { token, password: 'invitee-password-1' } });
    expect(accepted.status).toBe(200);
  });

  it('a failed send keeps the invite, says so, and logs no address', async () => {
    const api = await apiWith('smtp://127.0.0.1:1'); // nothing listens there
    const project = await api.createProject('No mail');
    const res = await api.request('POST', '/v1/members', { key: project.secretKey, body: { email: 'lost@example.com' } });
    expect(res.status).toBe(201);
    expect(res.body.emailed).toBe(false);
    const listed = await api.request('GET', '/v1/members/invites', { key: project.secretKey });
    expect(listed.body.data.map((r: { id: string }) => r.id)).toEqual([res.body.id]);
    const warning = logs.find((l) => l.msg === 'invite email not sent');
    expect(warning).toMatchObject({ invitationId: res.body.id });
    expect(JSON.stringify(logs)).not.toContain('lost@example.com');
  });
});
