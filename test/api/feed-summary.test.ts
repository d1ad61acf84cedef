// What the dashboard's responses feed needs from the API to say what it lists: who answered each answer (name and
// email beside the person's id), and the count and NPS of exactly the filtered set — /v1/metrics/nps taking the
// feed's own filters (category, sentiment, theme, text), counted from the answers the feed lists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizeNps } from '../../server/analytics/nps';
import { startTestApi, type TestApi } from '../support/api';
import { testClock } from '../support/clock';

const clock = testClock(new Date('2026-04-01T00:00:00.000Z'));
let api: TestApi;
let project: Awaited<ReturnType<TestApi['createProject']>>;
let surveyId: string;

const get = (path: string) => api.request('GET', path, { key: project.secretKey });

beforeAll(async () => {
  api = await startTestApi({ clock });
  project = await api.createProject();
  surveyId = (await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'Main' } })).body.id;
  const theme = await api.request('POST', '/v1/themes', { key: project.secretKey, body: { name: 'Pricing', keywords: { en: ['price', 'expensive'] } } });
  expect(theme.status).toBe(201);
  const answers = [
    { score: 10, comment: 'Great price for what it does, love it', person: { id: 'u1', name: 'Hana Suzuki', email: 'hana@example.jp' } },
    { score: 2, comment: 'Far too expensive and the app is slow', person: { id: 'u2', email: 'ben@example.com' } },
    { score: 3, comment: 'The price went up again, terrible', person: { id: 'u3' } },
    { score: 8, comment: 'Fine, the editor is nice' },
    { score: 9, comment: 'Wonderful support team' },
    { score: 6 },
  ];
  for (const [i, body] of answers.entries()) {
    clock.set(`2026-04-0${i + 1}T10:00:00.000Z`);
    const res = await api.request('POST', '/v1/responses', { key: project.secretKey, body: { surveyId, ...body } });
    if (res.status !== 201) throw new Error(res.text);
  }
});
afterAll(() => api.close());

describe('GET /v1/responses — who answered', () => {
  it('gives each answer its person’s name and email, and null for an anonymous answer', async () => {
    const res = await get(`/v1/responses?surveyId=${surveyId}`);
    expect(res.status).toBe(200);
    const byScore = new Map(res.body.data.map((r: any) => [r.score, r]));
    expect((byScore.get(10) as any).person).toEqual({ name: 'Hana Suzuki', email: 'hana@example.jp' });
    expect((byScore.get(2) as any).person).toEqual({ name: null, email: 'ben@example.com' });
    expect((byScore.get(3) as any).person).toEqual({ name: null, email: null });
    expect((byScore.get(3) as any).personId).toEqual(expect.any(String));
    expect((byScore.get(8) as any).person).toBeNull();
  });

  it('pages the same with the person joined: no answer twice, none left out', async () => {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await get(`/v1/responses?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      ids.push(...res.body.data.map((r: any) => r.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
  });
});

describe('GET /v1/metrics/nps — the feed’s filters', () => {
  /** The NPS summary of the answers the feed lists for `query`, worked out from the feed itself. */
  async function summaryOfFeed(query: string) {
    const feed = (await get(`/v1/responses?${query}&limit=1000`)).body.data as { score: number }[];
    const counts = { promoters: 0, passives: 0, detractors: 0 };
    for (const { score } of feed) counts[score >= 9 ? 'promoters' : score >= 7 ? 'passives' : 'detractors']++;
    return summarizeNps(counts);
  }

  it('counts exactly the answers the feed lists for a theme, a sentiment, a category and a search', async () => {
    for (const query of [
      'theme=Pricing',
      'sentiment=negative',
      'category=detractor',
      'q=PRICE',
      `theme=Pricing&category=detractor&from=2026-04-02&to=2026-04-05&tz=Asia/Tokyo&surveyId=${surveyId}`,
    ]) {
      const res = await get(`/v1/metrics/nps?${query}`);
      expect(res.status, query).toBe(200);
      expect(res.body, query).toEqual(await summaryOfFeed(query));
    }
    // The theme's three answers (10, 2, 3): one promoter, two detractors.
    expect((await get('/v1/metrics/nps?theme=Pricing')).body).toMatchObject({ n: 3, promoters: 1, detractors: 2, nps: -33.3 });
    expect((await get('/v1/metrics/nps?theme=Nothing')).body).toMatchObject({ n: 0, nps: null });
  });

  it('rejects a bad category or sentiment with a 400', async () => {
    for (const query of ['category=fan', 'sentiment=happy']) {
      const res = await get(`/v1/metrics/nps?${query}`);
      expect(res.status, query).toBe(400);
    }
  });
});
