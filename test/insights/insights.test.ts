// Insights over a small seeded set whose figures are worked out by hand in the comments below.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizeNps } from '../../server/analytics/nps';
import { startTestApi, type TestApi } from '../support/api';
import { testClock } from '../support/clock';

type Project = Awaited<ReturnType<TestApi['createProject']>>;

const clock = testClock();
let api: TestApi;
let project: Project;
let other: Project;
let surveyId: string;
let otherSurveyId: string;
/** Sentiment score of each seeded comment as stored, by comment. */
const scoreOf = new Map<string, number>();
/** Each theme's own sentiment in a seeded comment as stored, by theme and comment. */
const themeScoreOf = new Map<string, number>();

// Current period: 2026-06-01 .. 2026-06-08 (UTC). Comments by category: 6 detractors, 1 passive, 4 promoters (11).
const current: [number, string, string | null][] = [
  [2, 'web', 'The price is too expensive.'], //        D  Pricing        keyphrase price
  [3, 'email', '料金が高すぎます。'], //                 D  Pricing
  [5, 'web', 'Support never answered my tickets.'], // D  Support        keyphrase support
  [6, 'web', 'Checkout keeps crashing.'], //           D  —
  [7, 'email', 'Price is fine, support is slow.'], //  P  Pricing Support keyphrases price, support
  [9, 'web', 'Great support team, very helpful.'], //  Pr Support
  [10, 'email', 'サポートが丁寧でした。'], //           Pr Support
  [10, 'web', 'Fair price for what you get.'], //      Pr Pricing        keyphrase price
  [9, 'web', 'Love the dashboard.'], //                Pr —
  [10, 'web', null], //                                Pr (no comment: counts in the matrix totals only)
  [4, 'web', 'サーバーが重いです'], //                   D  —              keyphrase サーバ
  [6, 'email', 'ｻｰﾊﾞｰが遅い'], //                      D  —              keyphrase サーバ (half-width, no final ー)
];
// Previous period: 2026-05-25 .. 2026-06-01. 4 comments.
const previous: [number, string, string | null][] = [
  [1, 'web', 'Too expensive.'], //              D  Pricing
  [9, 'web', 'Support was great'], //           Pr Support
  [8, 'web', 'OK product'], //                  P  —
  [4, 'email', 'Check the prices, please'], //  D  Pricing keyphrase price
];

async function seed(key: string, survey: string, at: string, rows: [number, string, string | null][]) {
  clock.set(at);
  for (const [score, channel, comment] of rows) {
    const res = await api.request('POST', '/v1/responses', { key, body: { surveyId: survey, score, channel, comment } });
    expect(res.status).toBe(201);
    if (comment) scoreOf.set(comment, res.body.sentimentScore);
    for (const mention of res.body.themeSentiments ?? []) themeScoreOf.set(`${mention.theme}\u0000${comment}`, mention.score);
  }
}

beforeAll(async () => {
  api = await startTestApi({ clock });
  project = await api.createProject('Insights A');
  other = await api.createProject('Insights B');
  surveyId = (await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'Product NPS' } })).body.id;
  otherSurveyId = (await api.request('POST', '/v1/surveys', { key: other.secretKey, body: { name: 'Other NPS' } })).body.id;
  const theme = (key: string, body: unknown) => api.request('POST', '/v1/themes', { key, body });
  // Pricing before Support: the order they are reported in when counts tie.
  expect((await theme(project.secretKey, { name: 'Pricing', keywords: { en: ['price', 'expensive'], ja: ['料金', '高い'] } })).status).toBe(201);
  clock.advance(1_000); // the test clock stands still: without this both themes share a creation time
  expect((await theme(project.secretKey, { name: 'Support', keywords: { en: ['support'], ja: ['サポート'] } })).status).toBe(201);
  await seed(project.publishableKey, surveyId, '2026-06-02T10:00:00Z', current);
  await seed(project.publishableKey, surveyId, '2026-05-28T10:00:00Z', previous);
  // Outside both periods.
  await seed(project.publishableKey, surveyId, '2026-05-01T10:00:00Z', [[0, 'web', 'Far too expensive, the price doubled']]);
  await seed(project.publishableKey, surveyId, '2026-06-09T10:00:00Z', [[0, 'web', 'Price price price']]);
  // Another project: same theme name, pricing complaints in the same period. None of it may show up in A's figures.
  expect((await theme(other.secretKey, { name: 'Pricing', keywords: { en: ['price'] } })).status).toBe(201);
  await seed(other.publishableKey, otherSurveyId, '2026-06-03T10:00:00Z', [
    [0, 'web', 'The price is outrageous'],
    [1, 'web', 'Price went up, the invoice is wrong'],
    [2, 'web', 'Price again, invoice again'],
  ]);
  clock.set('2026-06-20T00:00:00Z');
});
afterAll(() => api.close());

const RANGE = 'from=2026-06-01&to=2026-06-08';
const insights = (query: string, key = project.secretKey) => api.request('GET', `/v1/insights/themes?${query}`, { key });
const matrix = (query: string, key = project.secretKey) => api.request('GET', `/v1/insights/matrix?${query}`, { key });
const entry = (body: any, source: string, name: string) => body.data.find((t: any) => t.source === source && t.name === name);
const mean = (comments: string[]) => comments.reduce((sum, c) => sum + scoreOf.get(c)!, 0) / comments.length;
/** A defined theme's sentiment is its own in each comment, not the comment's (a mixed comment splits). */
const themeMean = (theme: string, comments: string[]) =>
  comments.reduce((sum, c) => sum + themeScoreOf.get(`${theme}\u0000${c}`)!, 0) / comments.length;

describe('GET /v1/insights/themes — happy path', () => {
  it('counts comments per category in the period and the one before', async () => {
    const res = await insights(RANGE);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      from: '2026-06-01T00:00:00.000Z',
      to: '2026-06-08T00:00:00.000Z',
      previous: { from: '2026-05-25T00:00:00.000Z', to: '2026-06-01T00:00:00.000Z' },
      comments: { total: 11, detractors: 6, passives: 1, promoters: 4, previousTotal: 4 },
      discovery: { commentsRead: 11, previousCommentsRead: 4, capped: false },
    });
  });

  it('describes a defined theme: shares, NPS, sentiment, lift among detractors and change', async () => {
    const { body } = await insights(RANGE);
    const pricing = entry(body, 'defined', 'Pricing');
    // Mentions: 2 detractors, 1 passive, 1 promoter of 6 / 1 / 4 comments; 2 of 4 comments the period before.
    expect(pricing).toMatchObject({
      source: 'defined',
      id: expect.stringMatching(/^thm_/),
      key: null,
      count: 4,
      share: 36.4, // 4 / 11
      detractorPct: 50,
      passivePct: 25,
      promoterPct: 25,
      nps: -25,
      mentionRate: { detractors: 33.3, passives: 100, promoters: 25 },
      detractorLift: 1.33, // (2/6) / (1/4)
      change: { previousCount: 2, count: 2, previousShare: 50, share: -13.6 }, // 36.36 − 50
    });
    const pricingComments = ['The price is too expensive.', '料金が高すぎます。', 'Price is fine, support is slow.', 'Fair price for what you get.'];
    // Rounded to 3 decimals by the API: at most half a unit of the last decimal away.
    expect(Math.abs(pricing.averageSentiment - themeMean('Pricing', pricingComments))).toBeLessThanOrEqual(0.0005 + 1e-12);

    const support = entry(body, 'defined', 'Support');
    // Mentions: 1 detractor, 1 passive, 2 promoters; 1 of 4 the period before.
    expect(support).toMatchObject({
      count: 4,
      share: 36.4,
      detractorPct: 25,
      passivePct: 25,
      promoterPct: 50,
      nps: 25,
      ci95: summarizeNps({ promoters: 2, passives: 1, detractors: 1 }).ci95, // the interval /v1/metrics/nps gives 4 such answers
      mentionRate: { detractors: 16.7, passives: 100, promoters: 50 },
      detractorLift: 0.33, // (1/6) / (2/4)
      change: { previousCount: 1, count: 3, previousShare: 25, share: 11.4 }, // 36.36 − 25
    });
    const supportComments = ['Support never answered my tickets.', 'Price is fine, support is slow.', 'Great support team, very helpful.', 'サポートが丁寧でした。'];
    expect(Math.abs(support.averageSentiment - themeMean('Support', supportComments))).toBeLessThanOrEqual(0.0005 + 1e-12);
    // "Price is fine, support is slow.": one comment, two themes, two opposite readings.
    expect(themeScoreOf.get('Pricing\u0000Price is fine, support is slow.')).toBeGreaterThan(0.05);
    expect(themeScoreOf.get('Support\u0000Price is fine, support is slow.')).toBeLessThan(-0.05);
    // Defined themes first (ties in definition order), then discovered keyphrases.
    expect(body.data.slice(0, 2).map((t: any) => t.name)).toEqual(['Pricing', 'Support']);
  });

  it('discovers recurring keyphrases, merging plurals and half-width katakana variants', async () => {
    const { body } = await insights(RANGE);
    const discovered = body.data.filter((t: any) => t.source === 'discovered');
    // Three keys recur in the period (minCount 2): price ×3, support ×2 ("support team" is its own phrase)
    // and サーバ ×2. Discovery does not hide words a defined theme already uses.
    expect(discovered.map((t: any) => [t.key, t.name, t.count])).toEqual([
      ['price', 'price', 3],
      ['support', 'support', 2],
      ['サーバ', 'サーバー', 2],
    ]);
    expect(discovered[0]).toMatchObject({
      id: null,
      share: 27.3, // 3 / 11
      detractorPct: 33.3,
      passivePct: 33.3,
      promoterPct: 33.3,
      nps: 0,
      mentionRate: { detractors: 16.7, passives: 100, promoters: 25 },
      detractorLift: 0.67, // (1/6) / (1/4)
      change: { previousCount: 1, count: 2, previousShare: 25, share: 2.3 }, // "prices" the period before
    });
    // Only detractors mention the server: no promoter rate to divide by.
    expect(discovered[2]).toMatchObject({
      detractorPct: 100,
      nps: -100,
      mentionRate: { detractors: 33.3, passives: 0, promoters: 0 },
      detractorLift: null,
      change: { previousCount: 0, count: 2, previousShare: 0, share: 18.2 },
    });
    expect(discovered[2].averageSentiment).toBeCloseTo(mean(['サーバーが重いです', 'ｻｰﾊﾞｰが遅い']), 3);
  });

  it('honours discovered, minCount and the segment filters', async () => {
    const none = await insights(`${RANGE}&discovered=0`);
    expect(none.body.data.map((t: any) => t.source)).toEqual(['defined', 'defined']);
    const once = await insights(`${RANGE}&minCount=1&discovered=50`);
    expect(once.body.data.filter((t: any) => t.source === 'discovered').length).toBeGreaterThan(5);
    const top1 = await insights(`${RANGE}&discovered=1`);
    expect(top1.body.data.filter((t: any) => t.source === 'discovered').map((t: any) => t.key)).toEqual(['price']);

    // Email only: comments 2 (D), 5 (P), 7 (Pr), 12 (D).
    const email = await insights(`${RANGE}&channel=email&surveyId=${surveyId}`);
    expect(email.body.comments).toMatchObject({ total: 4, detractors: 2, passives: 1, promoters: 1 });
    expect(entry(email.body, 'defined', 'Pricing')).toMatchObject({ count: 2, detractorLift: null }); // no promoter mentions
    expect(entry(email.body, 'defined', 'Support')).toMatchObject({ count: 2, detractorLift: 0 }); // (0/2) / (1/1)

    const japanese = await insights(`${RANGE}&language=ja`);
    expect(japanese.body.comments.total).toBe(4);
  });

  it('reads the 30 days before "to" by default, and a bare date in the caller’s time zone', async () => {
    const res = await insights('to=2026-06-08');
    expect(res.body.from).toBe('2026-05-09T00:00:00.000Z');
    expect(res.body.comments.total).toBe(15); // both seeded periods
    const tokyo = await insights('from=2026-06-02&to=2026-06-03&tz=Asia/Tokyo');
    expect(tokyo.body.from).toBe('2026-06-01T15:00:00.000Z');
    expect(tokyo.body.comments.total).toBe(11); // 2026-06-02T10:00Z is 19:00 in Tokyo
  });

  it('follows a theme edit at once', async () => {
    const support = (await api.request('GET', '/v1/themes', { key: project.secretKey })).body.data.find((t: any) => t.name === 'Support');
    const edited = await api.request('PATCH', `/v1/themes/${support.id}`, { key: project.secretKey, body: { name: 'Help desk', keywords: { en: ['tickets'] } } });
    expect(edited.status).toBe(200);
    const { body } = await insights(RANGE);
    expect(entry(body, 'defined', 'Support')).toBeUndefined();
    expect(entry(body, 'defined', 'Help desk')).toMatchObject({ count: 2 }); // "tickets", and サポート in Japanese
    await api.request('PATCH', `/v1/themes/${support.id}`, { key: project.secretKey, body: { name: 'Support', keywords: { en: ['support'] } } });
    expect(entry((await insights(RANGE)).body, 'defined', 'Support')).toMatchObject({ count: 4 });
  });
});

describe('GET /v1/insights/matrix — happy path', () => {
  it('counts answers and NPS per channel × theme, with each row’s total', async () => {
    const res = await matrix(`rows=channel&cols=theme&${RANGE}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 'channel', cols: 'theme', columns: ['Pricing', 'Support'], truncated: false });
    expect(res.body.data.map((r: any) => r.key)).toEqual(['web', 'email']); // 8 answers, then 4
    const [web, email] = res.body.data;
    // web: D 2,5,6,4 and Pr 9,10,9,10 (one without a comment).
    expect(web.total).toMatchObject({ n: 8, detractors: 4, passives: 0, promoters: 4, nps: 0 });
    expect(web.cells.map((c: any) => [c.theme, c.n, c.nps])).toEqual([
      ['Pricing', 2, 0], // D 2, Pr 10
      ['Support', 2, 0], // D 5, Pr 9
    ]);
    expect(email.total).toMatchObject({ n: 4, detractors: 2, passives: 1, promoters: 1, nps: -25 });
    expect(email.cells).toMatchObject([
      { theme: 'Pricing', n: 2, detractors: 1, passives: 1, promoters: 0, nps: -50 },
      { theme: 'Support', n: 2, detractors: 0, passives: 1, promoters: 1, nps: 50 },
    ]);
    expect(email.cells[0].ci95).toEqual({ low: expect.any(Number), high: expect.any(Number) });
  });

  it('has rows per detected language, per survey (named) and per locale', async () => {
    const byLanguage = await matrix(`rows=language&${RANGE}`);
    const ja = byLanguage.body.data.find((r: any) => r.key === 'ja');
    expect(ja.total).toMatchObject({ n: 4, detractors: 3, promoters: 1, nps: -50 });
    expect(ja.cells.map((c: any) => [c.theme, c.n, c.nps])).toEqual([['Pricing', 1, -100], ['Support', 1, 100]]);
    expect(byLanguage.body.data.find((r: any) => r.key === null).total.n).toBe(1); // the answer without a comment

    const bySurvey = await matrix(`rows=survey&${RANGE}`);
    expect(bySurvey.body.data).toHaveLength(1);
    expect(bySurvey.body.data[0]).toMatchObject({ key: surveyId, label: 'Product NPS', total: { n: 12 } });

    const byLocale = await matrix(`rows=locale&${RANGE}`);
    expect(byLocale.body.data).toMatchObject([{ key: null, label: null, total: { n: 12 } }]);
  });

  it('defaults to rows=channel over all time', async () => {
    const res = await matrix('');
    expect(res.body.rows).toBe('channel');
    const n = res.body.data.reduce((sum: number, r: any) => sum + r.total.n, 0);
    expect(n).toBe(18); // 12 + 4 + the two outside both periods
  });
});

describe('GET /v1/insights — errors', () => {
  it.each([
    ['themes', 'from=2026-06-08&to=2026-06-01'],
    ['themes', 'from=yesterday'],
    ['themes', 'tz=Mars/Olympus'],
    ['themes', 'discovered=51'],
    ['themes', 'minCount=0'],
    ['themes', 'channel=fax'],
    ['matrix', 'rows=country'],
    ['matrix', 'cols=channel'],
    ['matrix', 'from=2026-06-08&to=2026-06-08'],
  ])('%s?%s is a 400', async (route, query) => {
    const res = await api.request('GET', `/v1/insights/${route}?${query}`, { key: project.secretKey });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
  });
  it('an unknown survey is a 404', async () => {
    expect((await insights('surveyId=srv_nope')).status).toBe(404);
    expect((await matrix('surveyId=srv_nope')).status).toBe(404);
  });
});

// Keys and other projects: test/security/tenant-isolation.test.ts.
