// Per-theme sentiment: a comment that praises one thing and condemns another gives each of its themes its own
// sentiment (stored in responses.theme_sentiments), and theme insights and the matrix report it.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rescoreStaleResponses } from '../../server/services/insights/rescore';
import { startTestApi, type TestApi } from '../support/api';
import { testClock } from '../support/clock';
import { describeInProcess } from '../support/target';

type Project = Awaited<ReturnType<TestApi['createProject']>>;

const clock = testClock(new Date('2026-06-02T10:00:00Z'));
let api: TestApi;
let project: Project;
let surveyId: string;
const RANGE = 'from=2026-06-01&to=2026-06-08';

const EN = 'The app is great but the support is terrible.';
const JA = 'アプリは便利ですが、サポートの対応は最悪でした。';
const FLIPPED = 'Support was wonderful, but the app is horrible.';

const answer = async (score: number, comment: string, channel = 'web') => {
  const res = await api.request('POST', '/v1/responses', { key: project.publishableKey, body: { surveyId, score, comment, channel } });
  expect(res.status).toBe(201);
  return res.body;
};
const sentimentOf = (body: any, theme: string) => body.themeSentiments.find((s: any) => s.theme === theme);
const insights = async () => (await api.request('GET', `/v1/insights/themes?${RANGE}&discovered=0`, { key: project.secretKey })).body;
const defined = (body: any, name: string) => body.data.find((t: any) => t.source === 'defined' && t.name === name);

beforeAll(async () => {
  api = await startTestApi({ clock });
  project = await api.createProject('Per-theme sentiment');
  surveyId = (await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'NPS' } })).body.id;
  for (const [name, en, ja] of [['App', 'app', 'アプリ'], ['Support', 'support', 'サポート']] as const) {
    expect((await api.request('POST', '/v1/themes', { key: project.secretKey, body: { name, keywords: { en: [en], ja: [ja] } } })).status).toBe(201);
    clock.advance(1_000);
  }
});
afterAll(() => api.close());

describe('per-theme sentiment through the API', () => {
  it('stores each theme its own sentiment for a mixed comment, in English and Japanese', async () => {
    for (const comment of [EN, JA]) {
      const body = await answer(7, comment, comment === JA ? 'email' : 'web');
      expect(body.themes).toEqual(['App', 'Support']);
      expect(sentimentOf(body, 'App')).toMatchObject({ label: 'positive', score: expect.any(Number) });
      expect(sentimentOf(body, 'Support')).toMatchObject({ label: 'negative' });
      expect(sentimentOf(body, 'App').score).toBeGreaterThan(0.05);
      expect(sentimentOf(body, 'Support').score).toBeLessThan(-0.05);
      // The comment keeps one overall sentiment beside them.
      expect(typeof body.sentimentScore).toBe('number');
      const fetched = await api.request('GET', `/v1/responses/${body.id}`, { key: project.secretKey });
      expect(fetched.body.themeSentiments).toEqual(body.themeSentiments);
    }
  });

  it('theme insights average each theme\'s own sentiment, so a mixed comment splits', async () => {
    const body = await insights();
    // Every comment so far praises the app and condemns support.
    expect(defined(body, 'App').averageSentiment).toBeGreaterThan(0.05);
    expect(defined(body, 'Support').averageSentiment).toBeLessThan(-0.05);
  });

  it('the matrix gives each row × theme cell the theme\'s own average sentiment', async () => {
    const res = await api.request('GET', `/v1/insights/matrix?${RANGE}&rows=channel`, { key: project.secretKey });
    expect(res.status).toBe(200);
    expect(res.body.columns).toEqual(['App', 'Support']);
    for (const channel of ['web', 'email']) {
      const row = res.body.data.find((r: any) => r.key === channel);
      const cell = (theme: string) => row.cells.find((c: any) => c.theme === theme);
      expect(cell('App')).toMatchObject({ n: 1 });
      expect(cell('App').averageSentiment).toBeGreaterThan(0.05);
      expect(cell('Support').averageSentiment).toBeLessThan(-0.05);
    }
  });

  it('a comment changed by a repeat of its idempotency key is read again for each theme', async () => {
    const idempotencyKey = 'theme-sentiment-edit';
    const send = (comment: string) =>
      api.request('POST', '/v1/responses', { key: project.publishableKey, body: { surveyId, score: 8, comment, channel: 'api', idempotencyKey } });
    const first = await send(EN);
    expect(sentimentOf(first.body, 'App').label).toBe('positive');
    const changed = await send(FLIPPED);
    expect(changed.body.id).toBe(first.body.id);
    expect(sentimentOf(changed.body, 'App').label).toBe('negative');
    expect(sentimentOf(changed.body, 'Support').label).toBe('positive');
  });
});

describeInProcess('per-theme sentiment of stored answers', () => {
  it('a theme defined later gets its own sentiment in the answers already stored', async () => {
    const body = await answer(6, 'The dashboard is lovely, but the invoices are wrong and confusing.');
    expect(body.themeSentiments).toEqual([]);
    expect((await api.request('POST', '/v1/themes', { key: project.secretKey, body: { name: 'Billing', keywords: { en: ['invoice'] } } })).status).toBe(201);
    const fetched = (await api.request('GET', `/v1/responses/${body.id}`, { key: project.secretKey })).body;
    expect(fetched.themes).toEqual(['Billing']);
    expect(sentimentOf(fetched, 'Billing').label).toBe('negative');
  });

  it('answers stored before per-theme sentiment count with their overall sentiment until rescore fills theirs', async () => {
    const body = await answer(9, FLIPPED);
    const before = await insights();
    await api.db.db.execute(sql`update responses set theme_sentiments = null, sentiment_version = '2026.11-2' where id = ${body.id}`);
    const legacy = await insights();
    // Without its own reading, the flipped comment adds its overall sentiment to both themes.
    const overall = body.sentimentScore as number;
    const shift = (name: string) => defined(legacy, name).averageSentiment - defined(before, name).averageSentiment;
    const count = defined(before, 'App').count;
    expect(shift('App') * count).toBeCloseTo(overall - sentimentOf(body, 'App').score, 2);

    const result = await rescoreStaleResponses(api.db.db);
    expect(result.rescored).toBeGreaterThanOrEqual(1);
    const refilled = (await api.request('GET', `/v1/responses/${body.id}`, { key: project.secretKey })).body;
    expect(refilled.themeSentiments).toEqual(body.themeSentiments);
    expect(sentimentOf(refilled, 'App').label).toBe('negative');
    expect(sentimentOf(refilled, 'Support').label).toBe('positive');
    const after = await insights();
    expect(defined(after, 'App').averageSentiment).toBe(defined(before, 'App').averageSentiment);
  });
});
