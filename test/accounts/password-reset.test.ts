// Password reset by email: one-hour single-use links, stored hashed, sent through a real local SMTP server, and
// an answer that is the same whether or not the email has an account.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { hashKey } from '../../server/auth/keys';
import { createRateLimiter } from '../../server/auth/rate-limit';
import { defaultConfig } from '../../server/config';
import { createSmtpMailer } from '../../server/mail/smtp';
import { startSmtpServer } from '../followups/support/smtp';
import { requestThrough, startTestApi, TEST_PASSWORD_ITERATIONS } from '../support/api';
import { testClock } from '../support/clock';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { describeInProcess, onWorker } from '../support/target';
import { addUser, signIn } from './support';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let db: TestDatabase;
let mailer: ReturnType<typeof createSmtpMailer>;
const clock = testClock(new Date('2026-06-01T00:00:00.000Z'));
let request: ReturnType<typeof requestThrough>;
let client = 0;

/** The work requests go on with after their replies (the reset's lookup and email). */
const afterReply: Promise<void>[] = [];
const replyWorkDone = () => Promise.all(afterReply.splice(0));

/**
 * Each call from its own client address, so the per-client limit is not what a test measures unless it means to;
 * it returns once the work the request left for after its reply is done too (the email is in the mailbox).
 */
const post = async (path: string, body: unknown, from = `10.9.0.${++client}`) => {
  const res = await request('POST', path, { body, headers: { 'x-forwarded-for': from } });
  await replyWorkDone();
  return res;
};

/** The text of a single-part message, whichever transfer encoding the mailer chose for it. */
function bodyOf(raw: string) {
  const split = raw.indexOf('\r\n\r\n');
  const [head, body] = [raw.slice(0, split), raw.slice(split + 4)];
  if (/content-transfer-encoding:\s*base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** The token in the newest email to this address; the link is the sign-in page with the token in its fragment. */
function linkSentTo(address: string) {
  const mail = [...smtp.messages].reverse().find((m) => m.to.includes(address));
  const text = mail ? bodyOf(mail.raw) : '';
  const match = /https:\/\/kizuna\.example\/login#reset=(\w+)/.exec(text);
  return match ? match[1]! : null;
}

const mailsTo = (address: string) => smtp.messages.filter((m) => m.to.includes(address)).length;

beforeAll(async () => {
  if (onWorker) return; // the mail tests need the app in process, with a mailer
  smtp = await startSmtpServer();
  db = await createTestDatabase();
  mailer = createSmtpMailer({ url: smtp.url, from: 'Kizuna <kizuna@kizuna.test>' });
  const app = createApp({
    db: db.db,
    config: {
      ...defaultConfig,
      publicUrl: 'https://kizuna.example',
      adminKeyHash: await hashKey(`admin_${crypto.randomUUID()}`),
      passwordIterations: TEST_PASSWORD_ITERATIONS,
      trustedProxies: { kind: 'hops', hops: 1 },
    },
    clock,
    logger: () => {},
    rateLimiter: createRateLimiter(),
    mailer,
    afterReply: (work) => void afterReply.push(work),
  });
  request = requestThrough(async (r) => app.fetch(r));
  const api = { db, request } as unknown as Parameters<typeof addUser>[0];
  await addUser(api, { email: 'aiko@example.com', password: 'old-password-aiko' });
  await addUser(api, { email: 'ben@example.com', password: 'old-password-ben' });
  await addUser(api, { email: 'chie@example.com', password: 'old-password-chie' });
  await db.db.execute(sql`update users set locale = 'ja' where email = 'chie@example.com'`);
});
afterAll(async () => {
  mailer?.close();
  await smtp?.close();
  await db?.drop();
});

describeInProcess('POST /v1/auth/password-reset', () => {
  it('emails a link to an existing account and answers an unknown email exactly the same', async () => {
    const known = await post('/v1/auth/password-reset', { email: 'Aiko@Example.com' });
    const unknown = await post('/v1/auth/password-reset', { email: 'nobody@example.com' });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(known.text).toBe(unknown.text);
    expect(known.body).toEqual({ email: true });
    expect(linkSentTo('aiko@example.com')).toMatch(/^\w{40}$/);
    expect(mailsTo('nobody@example.com')).toBe(0);
    // Only the hash is stored.
    const token = linkSentTo('aiko@example.com')!;
    const rows = (await db.db.execute(sql`select token_hash from password_resets`)) as unknown;
    const stored = JSON.stringify(Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows);
    expect(stored).not.toContain(token);
    expect(stored).toContain(await hashKey(token));
  });

  it('writes in the account’s language', async () => {
    await post('/v1/auth/password-reset', { email: 'chie@example.com' });
    const mail = smtp.messages.filter((m) => m.to.includes('chie@example.com')).at(-1)!;
    expect(bodyOf(mail.raw)).toContain('パスワード再設定が申請されました');
    expect(bodyOf(mail.raw)).not.toContain('Someone asked');
    expect(linkSentTo('chie@example.com')).toMatch(/^\w{40}$/);
  });

  it('sends at most three links a minute to one address, still answering 202', async () => {
    const before = mailsTo('ben@example.com');
    for (let i = 0; i < 5; i++) expect((await post('/v1/auth/password-reset', { email: 'ben@example.com' })).status).toBe(202);
    expect(mailsTo('ben@example.com') - before).toBe(3);
    clock.advance(61_000);
    await post('/v1/auth/password-reset', { email: 'ben@example.com' });
    expect(mailsTo('ben@example.com') - before).toBe(4);
  });

  it('limits one client address like sign-in, with 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await post('/v1/auth/password-reset', { email: `x${i}@example.com` }, '10.8.8.8')).status);
    expect(statuses.slice(0, 30).every((s) => s === 202)).toBe(true);
    expect(statuses[30]).toBe(429);
    clock.advance(61_000);
  });
});

describeInProcess('POST /v1/auth/password-reset answers before any email goes out', () => {
  it('replies to a known address while its email is still on the way, as it replies to an unknown one', async () => {
    // A mail server that takes the message only when the test lets it: a reply that waited for the email (and
    // so took longer for an address with an account) would never come.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const sending: string[] = [];
    let sendStarted!: () => void;
    const started = new Promise<void>((resolve) => (sendStarted = resolve));
    const pending: Promise<void>[] = [];
    const lines: Record<string, unknown>[] = [];
    const app = createApp({
      db: db.db,
      config: { ...defaultConfig, publicUrl: 'https://kizuna.example', passwordIterations: TEST_PASSWORD_ITERATIONS },
      clock,
      logger: (line) => void lines.push(line),
      rateLimiter: createRateLimiter(),
      mailer: {
        send: async (message) => {
          sending.push(message.to);
          sendStarted();
          await gate;
          return { messageId: 'held' };
        },
      },
      afterReply: (work) => void pending.push(work),
    });
    const ask = (email: string) =>
      app.fetch(new Request('http://kizuna.test/v1/auth/password-reset', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) }));

    const known = await ask('aiko@example.com');
    const unknown = await ask('nobody@example.com');
    expect(known.status).toBe(202);
    expect(await known.text()).toBe(await unknown.text());
    // The email is sent after the reply, not before it.
    await started;
    expect(sending).toEqual(['aiko@example.com']);
    release();
    await Promise.all(pending);
    expect(lines.filter((line) => line.level !== 'info')).toEqual([]);
  });

  it('logs what failed after the reply, without the address', async () => {
    const lines: Record<string, unknown>[] = [];
    const pending: Promise<void>[] = [];
    const app = createApp({
      db: db.db,
      config: { ...defaultConfig, publicUrl: 'https://kizuna.example', passwordIterations: TEST_PASSWORD_ITERATIONS },
      clock,
      logger: (line) => void lines.push(line),
      rateLimiter: createRateLimiter(),
      mailer: { send: async () => Promise.reject(Object.assign(new Error('550 <aiko@example.com> refused'), { code: 'EENVELOPE' })) },
      afterReply: (work) => void pending.push(work),
    });
    const res = await app.fetch(
      new Request('http://kizuna.test/v1/auth/password-reset', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'aiko@example.com' }) }),
    );
    expect(res.status).toBe(202);
    await Promise.all(pending);
    expect(lines).toContainEqual({ level: 'warn', msg: 'password reset email not sent', code: 'EENVELOPE' });
    expect(JSON.stringify(lines)).not.toContain('aiko@example.com');
  });
});

describeInProcess('POST /v1/auth/password-reset/confirm', () => {
  it('sets the new password once, ends every session and kills the account’s other links', async () => {
    const api = { db, request } as unknown as Parameters<typeof signIn>[0];
    const session = await signIn(api, 'aiko@example.com', 'old-password-aiko');
    await post('/v1/auth/password-reset', { email: 'aiko@example.com' });
    const first = linkSentTo('aiko@example.com')!;
    await post('/v1/auth/password-reset', { email: 'aiko@example.com' });
    const second = linkSentTo('aiko@example.com')!;
    expect(second).not.toBe(first);

    const done = await post('/v1/auth/password-reset/confirm', { token: second, password: 'new-password-aiko' });
    expect(done.status).toBe(204);
    expect((await session.call('GET', '/v1/auth/session')).status).toBe(401);
    expect((await post('/v1/auth/login', { email: 'aiko@example.com', password: 'old-password-aiko' })).status).toBe(401);
    expect((await post('/v1/auth/login', { email: 'aiko@example.com', password: 'new-password-aiko' })).status).toBe(200);

    const again = await post('/v1/auth/password-reset/confirm', { token: second, password: 'another-password-1' });
    expect(again.status).toBe(404);
    expect(again.body.error.reason).toBe('reset_link_dead');
    const older = await post('/v1/auth/password-reset/confirm', { token: first, password: 'another-password-1' });
    expect(older.status).toBe(404);
    expect((await post('/v1/auth/login', { email: 'aiko@example.com', password: 'new-password-aiko' })).status).toBe(200);
  });

  it('refuses a link after one hour, and an unknown token, with the same 404', async () => {
    await post('/v1/auth/password-reset', { email: 'ben@example.com' });
    const token = linkSentTo('ben@example.com')!;
    clock.advance(3600 * 1000 + 1);
    const late = await post('/v1/auth/password-reset/confirm', { token, password: 'new-password-ben' });
    const unknown = await post('/v1/auth/password-reset/confirm', { token: 'x'.repeat(40), password: 'new-password-ben' });
    expect(late.status).toBe(404);
    expect(unknown.status).toBe(404);
    const { requestId: _a, ...lateError } = late.body.error;
    const { requestId: _b, ...unknownError } = unknown.body.error;
    expect(lateError).toEqual(unknownError);
    expect((await post('/v1/auth/login', { email: 'ben@example.com', password: 'old-password-ben' })).status).toBe(200);
  });

  it('refuses a password shorter than 10 characters without using the link up', async () => {
    await post('/v1/auth/password-reset', { email: 'chie@example.com' });
    const token = linkSentTo('chie@example.com')!;
    expect((await post('/v1/auth/password-reset/confirm', { token, password: 'short' })).status).toBe(422);
    expect((await post('/v1/auth/password-reset/confirm', { token, password: 'long-enough-pass' })).status).toBe(204);
  });
});

// On the Worker too, which has no mailer: the answer is the same, and nothing is stored.
describe('password reset without SMTP', () => {
  it('answers 202 with email: false, stores and sends nothing, and says so to the sign-in page', async () => {
    const api = await startTestApi();
    try {
      await addUser(api, { email: 'solo@example.com', password: 'solo-password-1' });
      const res = await api.request('POST', '/v1/auth/password-reset', { body: { email: 'solo@example.com' } });
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ email: false });
      expect((await api.request('GET', '/v1/auth/password-reset')).body).toEqual({ email: false });
      const rows = (await api.db.db.execute(sql`select count(*)::int as n from password_resets`)) as unknown;
      const list = Array.isArray(rows) ? rows : (rows as { rows: { n: number }[] }).rows;
      expect(list[0]).toEqual({ n: 0 });
    } finally {
      await api.close();
    }
  });
});
