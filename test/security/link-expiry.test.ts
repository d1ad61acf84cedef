import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { createRateLimiter } from '../../server/auth/rate-limit';
import { defaultConfig, type AppConfig } from '../../server/config';
import { plainSecretBox } from '../../server/crypto/secret-box';
import { linkSecret, signLink } from '../../server/services/links/signing';
import { requestThrough, startTestApi, type TestApi } from '../support/api';
import { testClock } from '../support/clock';

// Email survey links expire (90 days unless their creator says otherwise, carried inside the signature), and
// their base URL comes from configuration only, never from the request's Host header.

const DAY = 86_400_000;
const clock = testClock(new Date('2026-06-01T00:00:00.000Z'));
let api: TestApi;
let project: { id: string; secretKey: string };
let surveyId: string;

const path = (url: string) => new URL(url).pathname;
/** The link as mailed, with the project it names. */
const pathAndQuery = (url: string) => new URL(url).pathname + new URL(url).search;
const form = (comment: string) => ({
  rawBody: new URLSearchParams({ comment }).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});
const responsesOf = async (externalId: string) => {
  const people = await api.request('GET', `/v1/people?externalId=${externalId}`, { key: project.secretKey });
  const person = people.body.data?.[0];
  if (!person) return [];
  const all = await api.request('GET', `/v1/responses?surveyId=${surveyId}`, { key: project.secretKey });
  return all.body.data.filter((r: { personId: string }) => r.personId === person.id);
};
const mint = (body: Record<string, unknown>) => api.request('POST', `/v1/surveys/${surveyId}/links`, { key: project.secretKey, body });

/** The same database behind another configuration, as another deployment of the instance would be. */
function appWith(config: Partial<AppConfig>) {
  const app = createApp({ db: api.db.db, config: { ...defaultConfig, ...config }, clock, logger: () => {}, rateLimiter: createRateLimiter() });
  return requestThrough(async (request) => app.fetch(request));
}

beforeAll(async () => {
  api = await startTestApi({ clock });
  project = await api.createProject();
  surveyId = (await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'Email NPS' } })).body.id;
});
afterAll(() => api.close());

describe('link expiry', () => {
  it('links work for 90 days by default, then show an expired page and store nothing', async () => {
    clock.set('2026-06-01T00:00:00.000Z');
    const res = await mint({ person: { id: 'late-1' } });
    expect(res.status).toBe(201);
    expect(res.body.expiresAt).toBe(new Date(clock.now().getTime() + 90 * DAY).toISOString());

    clock.advance(90 * DAY - 1000);
    expect((await api.request('GET', path(res.body.links[8].url))).status).toBe(200);
    expect(await responsesOf('late-1')).toHaveLength(1);

    clock.advance(1000);
    const expired = await api.request('GET', path(res.body.links[3].url));
    expect(expired.status).toBe(410);
    expect(expired.headers.get('content-type')).toContain('text/html');
    expect(expired.text).toContain('This survey link has expired');
    expect(expired.text).toContain('有効期限が切れています');
    const comment = await api.request('POST', path(res.body.links[8].url), form('too late'));
    expect(comment.status).toBe(410);
    const head = await api.fetch(new Request(`http://localhost${path(res.body.links[3].url)}`, { method: 'HEAD' }));
    expect(head.status).toBe(410);
    const stored = await responsesOf('late-1');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ score: 8, comment: null });
  });

  it('honours expiresInDays per link, and refuses nonsense lifetimes', async () => {
    clock.set('2026-06-01T00:00:00.000Z');
    const res = await mint({ person: { id: 'short-1' }, expiresInDays: 2 });
    expect(res.body.expiresAt).toBe('2026-06-03T00:00:00.000Z');
    clock.set('2026-06-02T23:59:00.000Z');
    expect((await api.request('GET', path(res.body.links[10].url))).status).toBe(200);
    clock.set('2026-06-03T00:00:00.000Z');
    expect((await api.request('GET', path(res.body.links[9].url))).status).toBe(410);
    expect((await responsesOf('short-1'))[0]).toMatchObject({ score: 10 });

    for (const expiresInDays of [0, -1, 1.5, 100_000, '90']) {
      expect((await mint({ person: { id: 'short-2' }, expiresInDays })).status, String(expiresInDays)).toBe(422);
    }
  });

  it('the page’s own links (another score, the comment form) expire with the clicked one', async () => {
    clock.set('2026-06-01T00:00:00.000Z');
    const res = await mint({ person: { id: 'page-1' }, expiresInDays: 1 });
    const page = await api.request('GET', pathAndQuery(res.body.links[6].url));
    const formAction = page.text.match(/<form method="post" action="([^"]+)"/)![1]!;
    expect(formAction).toBe(pathAndQuery(res.body.links[6].url));
    clock.set('2026-06-02T00:00:00.000Z');
    expect((await api.request('POST', formAction, form('late comment'))).status).toBe(410);
  });

  it('an expiry moved forward breaks the signature', async () => {
    clock.set('2026-06-01T00:00:00.000Z');
    const res = await mint({ person: { id: 'forger-1' }, expiresInDays: 1 });
    const [, , send, score, token] = path(res.body.links[4].url).split('/');
    const [expiry, signature] = token!.split('.');
    const later = (parseInt(expiry!, 36) + 365 * 86_400).toString(36);
    clock.set('2026-06-05T00:00:00.000Z');
    for (const forged of [`/s/${send}/${score}/${later}.${signature}`, `/s/${send}/${score}/${signature}`]) {
      const visit = await api.request('GET', forged);
      expect(visit.status, forged).toBe(404);
      expect(visit.text).toContain('This link does not work');
    }
    expect(await responsesOf('forger-1')).toHaveLength(0);
  });

  it('links minted before expiry existed keep working for 90 days from their send, then expire', async () => {
    clock.set('2026-06-01T00:00:00.000Z');
    const res = await mint({ person: { id: 'legacy-1' } });
    const sendId = path(res.body.links[0].url).split('/')[2]!;
    // What the previous version handed out: /s/<send>/<score>/<signature of (send, score)>.
    const legacy = async (score: number) => `/s/${sendId}/${score}/${await signLink(await linkSecret(api.db.db, plainSecretBox), sendId, score, null)}`;
    clock.set('2026-08-01T00:00:00.000Z');
    expect((await api.request('GET', await legacy(5))).status).toBe(200);
    clock.set('2026-08-30T00:00:00.000Z'); // 90 days after the send
    const late = await api.request('GET', await legacy(9));
    expect(late.status).toBe(410);
    expect((await responsesOf('legacy-1'))[0]).toMatchObject({ score: 5 });
  });
});

describe('link base URL', () => {
  it('comes from KIZUNA_PUBLIC_URL, never from the Host header', async () => {
    const request = appWith({ publicUrl: 'https://feedback.example.com', production: true });
    const res = await request('POST', `/v1/surveys/${surveyId}/links`, {
      key: project.secretKey,
      body: { person: { id: 'host-1' } },
      headers: { host: 'evil.test', 'x-forwarded-host': 'evil.test' },
    });
    expect(res.status).toBe(201);
    for (const link of res.body.links) expect(link.url).toMatch(/^https:\/\/feedback\.example\.com\/s\//);
    expect(res.body.html).not.toContain('evil.test');
  });

  it('outside production without it, links use the configured localhost default, not the request', async () => {
    const request = appWith({ publicUrl: null, production: false, devPublicUrl: 'http://localhost:9999' });
    const res = await request('POST', `/v1/surveys/${surveyId}/links`, {
      key: project.secretKey,
      body: { person: { id: 'host-2' } },
      headers: { host: 'evil.test' },
    });
    expect(res.status).toBe(201);
    expect(res.body.links[0].url).toMatch(/^http:\/\/localhost:9999\/s\//);
  });

  it('in production without it, refuses to mint links and says why', async () => {
    const request = appWith({ publicUrl: null, production: true });
    const res = await request('POST', `/v1/surveys/${surveyId}/links`, {
      key: project.secretKey,
      body: { person: { id: 'host-3' } },
      headers: { host: 'evil.test' },
    });
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('public_url_not_configured');
    expect(res.body.error.message).toContain('KIZUNA_PUBLIC_URL');
    expect((await api.request('GET', '/v1/people?externalId=host-3', { key: project.secretKey })).body.data ?? []).toHaveLength(0);
  });
});
