// The official npm `delighted` client, pointed at a real Kizuna server on loopback (host, port, scheme and
// base are its own options), through people, survey responses, metrics and unsubscribes. The survey email
// goes to a real SMTP server on loopback, and a score link from it is clicked.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { hashKey } from '../../server/auth/keys';
import { createRateLimiter } from '../../server/auth/rate-limit';
import { systemClock } from '../../server/clock';
import { defaultConfig } from '../../server/config';
import { createSmtpMailer } from '../../server/mail/smtp';
import { readNodeBody } from '../../server/node-body';
import { startSmtpServer } from '../followups/support/smtp';
import { createProjectThrough, requestThrough } from '../support/api';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { describeInProcess } from '../support/target';

type Resource = Record<string, any> & { save: () => Promise<Resource> };
type DelightedClient = {
  person: { create: (d: object) => Promise<Resource>; list: (p?: object) => { autoPagingEach: (f: (p: Resource) => void) => Promise<void> }; delete: (r: object) => Promise<any> };
  surveyResponse: { create: (d: object) => Promise<Resource>; all: (p?: object) => Promise<Resource[]>; retrieve: (id: string, p?: object) => Promise<Resource> };
  metrics: { retrieve: (p?: object) => Promise<{ toJSON: () => Record<string, number> }> };
  unsubscribe: { create: (d: object) => Promise<any>; all: (p?: object) => Promise<Resource[]> };
  bounce: { all: (p?: object) => Promise<Resource[]> };
};
const delighted = createRequire(import.meta.url)('delighted') as (key: string, options: object) => DelightedClient;

let db: TestDatabase;
let server: ReturnType<typeof serve>;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let mailer: ReturnType<typeof createSmtpMailer>;
let port: number;
let secretKey: string;
let client: DelightedClient;

describeInProcess('the official Delighted client against Kizuna', () => {
  beforeAll(async () => {
    db = await createTestDatabase();
    smtp = await startSmtpServer();
    mailer = createSmtpMailer({ url: smtp.url, from: 'Kizuna <nps@example.com>' });
    const adminKey = `test_admin_key_${crypto.randomUUID()}`;
    const app = createApp({
      db: db.db,
      config: { ...defaultConfig, adminKeyHash: await hashKey(adminKey) },
      clock: systemClock,
      logger: () => {},
      rateLimiter: createRateLimiter(),
      mailer,
      socketAddress: (c) => getConnInfo(c).remote.address,
      readBody: readNodeBody,
    });
    server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    port = (server.address() as AddressInfo).port;
    const request = requestThrough((req) => {
      const url = new URL(req.url);
      return fetch(`http://127.0.0.1:${port}${url.pathname}${url.search}`, { method: req.method, headers: req.headers, body: req.body, duplex: 'half' } as RequestInit);
    });
    secretKey = (await createProjectThrough(request, adminKey)('Moved from Delighted')).secretKey;
    client = delighted(secretKey, { host: '127.0.0.1', port, scheme: 'http', base: '/delighted/v1' });
  }, 60_000);

  afterAll(async () => {
    mailer?.close();
    await smtp?.close();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      (server as Server).closeAllConnections();
    });
    await db?.drop();
  });

  it('creates people, mails them the survey, and pages through them by the Link header', async () => {
    const ada = await client.person.create({ email: 'ada@example.com', name: 'Ada', properties: { plan: 'pro' } });
    expect(ada).toMatchObject({ email: 'ada@example.com', name: 'Ada', properties: { plan: 'pro' } });
    expect(ada.survey_scheduled_at).toEqual(expect.any(Number));
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.to).toEqual(['ada@example.com']);

    // Ada clicks 9 in the email: the answer is hers.
    const nine = /^9: (\S+)$/m.exec(smtp.messages[0]!.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '='))?.[1];
    expect(nine).toBeDefined();
    const clicked = await fetch(`http://127.0.0.1:${port}${new URL(nine!).pathname}`);
    expect(clicked.status).toBe(200);

    await client.person.create({ email: 'bob@example.com', send: false });
    await client.person.create({ email: 'cy@example.com', send: false });
    const updated = await client.person.create({ email: 'ADA@example.com', name: 'Ada Lovelace', send: false });
    expect(updated.id).toBe(ada.id);

    const everyone: string[] = [];
    await client.person.list({ per_page: 2 }).autoPagingEach((p) => void everyone.push(p.email));
    expect(everyone).toEqual(['ada@example.com', 'bob@example.com', 'cy@example.com']);
  });

  it('creates, lists with the person expanded, retrieves and saves survey responses', async () => {
    const people: Resource[] = [];
    await client.person.list().autoPagingEach((p) => void people.push(p));
    const bob = people.find((p) => p.email === 'bob@example.com')!;
    const created = await client.surveyResponse.create({ person: bob.id, score: 3, comment: 'The export is broken', person_properties: { plan: 'free' } });
    expect(created).toMatchObject({ person: bob.id, score: 3, comment: 'The export is broken', survey_type: 'nps', person_properties: { plan: 'free' } });

    const all = await client.surveyResponse.all({ expand: ['person'], since: new Date(Date.now() - 3600_000) });
    expect(all.map((r) => [r.person.email, r.score])).toEqual([
      ['ada@example.com', 9], // from the email link
      ['bob@example.com', 3],
    ]);
    const bracketed = await client.surveyResponse.all({ 'expand[]': ['person', 'notes'], order: 'desc' });
    expect(bracketed[0]!.person.email).toBe('bob@example.com');

    const fetched = await client.surveyResponse.retrieve(created.id, { expand: ['person'] });
    expect(fetched.person).toMatchObject({ id: bob.id, email: 'bob@example.com' });
    fetched.score = 8;
    fetched.comment = 'Fixed quickly, thanks';
    const saved = await fetched.save(); // PUT /survey_responses with the id in the body
    expect(saved).toMatchObject({ id: created.id, score: 8, comment: 'Fixed quickly, thanks' });
    expect((await client.surveyResponse.retrieve(created.id)).score).toBe(8);
  });

  it('reads metrics, records unsubscribes, lists no bounces, deletes a person', async () => {
    expect((await client.metrics.retrieve()).toJSON()).toEqual({
      nps: 50,
      promoter_count: 1,
      promoter_percent: 50,
      passive_count: 1,
      passive_percent: 50,
      detractor_count: 0,
      detractor_percent: 0,
      response_count: 2,
    });
    await client.unsubscribe.create({ person_email: 'cy@example.com' });
    const unsubscribed = await client.unsubscribe.all();
    expect(unsubscribed.map((u) => u.email)).toEqual(['cy@example.com']);
    expect(await client.bounce.all()).toEqual([]);
    expect(await client.person.delete({ email: 'cy@example.com' })).toEqual({ ok: true });
  });

  it('surfaces Kizuna\'s errors as the client\'s own error types', async () => {
    const stranger = delighted('sk_not_a_key', { host: '127.0.0.1', port, scheme: 'http', base: '/delighted/v1' });
    await expect(stranger.metrics.retrieve()).rejects.toMatchObject({ type: 'AuthenticationError' });
    const people: Resource[] = [];
    await client.person.list().autoPagingEach((p) => void people.push(p));
    await expect(client.surveyResponse.create({ person: people[0]!.id, score: 11 })).rejects.toMatchObject({ type: 'ResourceValidationError' });
  });
});
