import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizeNps } from '../../server/analytics/nps';
import { startTestApi, type TestApi } from '../support/api';
import { testClock } from '../support/clock';

const clock = testClock(new Date('2026-01-01T00:00:00.000Z'));
let api: TestApi;
let project: Awaited<ReturnType<TestApi['createProject']>>;
let surveyId: string;

async function answerAt(at: string, score: number, extra: Record<string, unknown> = {}) {
  clock.set(at);
  const res = await api.request('POST', '/v1/responses', { key: project.secretKey, body: { surveyId, score, ...extra } });
  if (res.status !== 201) throw new Error(res.text);
}

beforeAll(async () => {
  api = await startTestApi({ clock });
  project = await api.createProject();
  surveyId = (await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'NPS' } })).body.id;
  // January (UTC): 5 promoters, 3 passives, 2 detractors → NPS = (5 − 2) / 10 = +30.
  for (const [day, score] of [[5, 10], [5, 9], [6, 9], [7, 10], [8, 9], [9, 7], [9, 8], [12, 7], [13, 2], [14, 6]] as const) {
    await answerAt(`2026-01-${String(day).padStart(2, '0')}T03:00:00.000Z`, score, { channel: day < 9 ? 'web' : 'email' });
  }
  // February: 2 promoters, 2 passives, 6 detractors → NPS = (2 − 6) / 10 = −40.
  for (const [day, score] of [[2, 9], [3, 10], [4, 7], [5, 8], [6, 0], [7, 1], [8, 2], [9, 3], [10, 4], [11, 5]] as const) {
    await answerAt(`2026-02-${String(day).padStart(2, '0')}T03:00:00.000Z`, score, { channel: 'web', locale: 'ja' });
  }
});
afterAll(() => api.close());

const get = (path: string) => api.request('GET', path, { key: project.secretKey });

describe('GET /v1/metrics/nps', () => {
  it('computes NPS, the split and the interval for a range', async () => {
    const res = await get('/v1/metrics/nps?from=2026-01-01&to=2026-02-01');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      nps: 30,
      n: 10,
      promoters: 5,
      passives: 3,
      detractors: 2,
      promoterPct: 50,
      passivePct: 30,
      detractorPct: 20,
    });
    expect(res.body.ci95).toEqual(summarizeNps({ promoters: 5, passives: 3, detractors: 2 }).ci95);
    expect(res.body.ci95.low).toBeLessThan(30);
    expect(res.body.ci95.high).toBeGreaterThan(30);
  });

  it('covers all time without a range, and filters by survey, channel and locale', async () => {
    expect((await get('/v1/metrics/nps')).body).toMatchObject({ n: 20, nps: -5 });
    expect((await get(`/v1/metrics/nps?surveyId=${surveyId}&channel=email`)).body).toMatchObject({ n: 5, promoters: 0, passives: 3, detractors: 2 });
    expect((await get('/v1/metrics/nps?locale=ja')).body).toMatchObject({ n: 10, nps: -40 });
  });

  it('says null, not zero, when nobody answered', async () => {
    const res = await get('/v1/metrics/nps?from=2025-01-01&to=2025-02-01');
    expect(res.body).toMatchObject({ nps: null, n: 0, ci95: null, promoterPct: null });
  });

  it('rejects a bad range and needs a secret key of the project', async () => {
    expect((await get('/v1/metrics/nps?from=2026-02-01&to=2026-01-01')).status).toBe(400);
    expect((await get('/v1/metrics/nps?tz=Nowhere/City')).status).toBe(400);
    expect((await api.request('GET', '/v1/metrics/nps', { key: project.publishableKey })).status).toBe(403);
    expect((await api.request('GET', '/v1/metrics/nps')).status).toBe(401);
    const other = await api.createProject('Other');
    expect((await api.request('GET', '/v1/metrics/nps', { key: other.secretKey })).body.n).toBe(0);
  });
});

describe('GET /v1/metrics/nps/trend', () => {
  it('returns every bucket in range, empty ones with n = 0', async () => {
    const res = await get('/v1/metrics/nps/trend?interval=month&from=2025-12-01&to=2026-04-01');
    expect(res.status).toBe(200);
    expect(res.body.points.map((p: { start: string; n: number; nps: number | null }) => [p.start, p.n, p.nps])).toEqual([
      ['2025-12-01T00:00:00.000Z', 0, null],
      ['2026-01-01T00:00:00.000Z', 10, 30],
      ['2026-02-01T00:00:00.000Z', 10, -40],
      ['2026-03-01T00:00:00.000Z', 0, null],
    ]);
    expect(res.body.points[1].ci95).toEqual(summarizeNps({ promoters: 5, passives: 3, detractors: 2 }).ci95);
  });

  it('cuts days in the requested time zone', async () => {
    // 2026-01-05T03:00Z is the 5th in UTC but 2026-01-04 evening in Los Angeles (UTC−8).
    const utc = await get('/v1/metrics/nps/trend?interval=day&from=2026-01-04&to=2026-01-06');
    expect(utc.body.points.map((p: { n: number }) => p.n)).toEqual([0, 2]);
    const la = await get('/v1/metrics/nps/trend?interval=day&from=2026-01-04&to=2026-01-06&tz=America/Los_Angeles');
    expect(la.body.points.map((p: { start: string; n: number }) => [p.start, p.n])).toEqual([
      ['2026-01-04T08:00:00.000Z', 2],
      ['2026-01-05T08:00:00.000Z', 1],
    ]);
  });

  it('cuts weeks on Mondays in Tokyo', async () => {
    const res = await get('/v1/metrics/nps/trend?interval=week&from=2026-01-05&to=2026-01-19&tz=Asia/Tokyo');
    // Mondays 2026-01-05 and 2026-01-12, 00:00 in Tokyo = 15:00Z the day before.
    expect(res.body.points.map((p: { start: string; n: number }) => [p.start, p.n])).toEqual([
      ['2026-01-04T15:00:00.000Z', 7],
      ['2026-01-11T15:00:00.000Z', 3],
    ]);
  });

  it('refuses an absurd number of buckets and a bad interval', async () => {
    expect((await get('/v1/metrics/nps/trend?interval=day&from=2000-01-01&to=2026-01-01')).status).toBe(400);
    expect((await get('/v1/metrics/nps/trend?interval=hour')).status).toBe(400);
  });
});

describe('GET /v1/metrics/nps/compare', () => {
  it('does not call −70 points significant on ten answers a side (small samples are honest about noise)', async () => {
    const res = await get('/v1/metrics/nps/compare?from=2026-02-01&to=2026-03-01&previousFrom=2026-01-01&previousTo=2026-02-01');
    expect(res.status).toBe(200);
    expect(res.body.current).toMatchObject({ nps: -40, n: 10 });
    expect(res.body.previous).toMatchObject({ nps: 30, n: 10 });
    // The headline difference is the observed one; the test runs on adjusted-Wald scores:
    // (2.75 − 6.75)/13 − (5.75 − 2.75)/13 = −53.8 points; SE 30.8 → z = 1.75, p ≈ 0.081.
    expect(res.body.difference).toBe(-70);
    expect(res.body.pValue).toBeCloseTo(0.081, 2);
    expect(res.body.significant).toBe(false);
    expect(res.body.differenceCi95.low).toBeLessThan(-100);
    expect(res.body.differenceCi95.high).toBeGreaterThan(0);
  });

  it('calls a real change significant and a wobble not, on sixty answers a period', async () => {
    const p = await api.createProject('Compare');
    const sid = (await api.request('POST', '/v1/surveys', { key: p.secretKey, body: { name: 'NPS' } })).body.id;
    const period = async (month: string, promoters: number, passives: number, detractors: number) => {
      const scores = [...Array(promoters).fill(10), ...Array(passives).fill(8), ...Array(detractors).fill(3)];
      for (const [i, score] of scores.entries()) {
        clock.set(`2026-${month}-01T00:00:00.000Z`);
        clock.advance(i * 60_000);
        await api.request('POST', '/v1/responses', { key: p.secretKey, body: { surveyId: sid, score } });
      }
    };
    await period('05', 30, 10, 20); // +16.7
    await period('06', 12, 10, 38); // −43.3
    await period('07', 28, 12, 20); // +13.3
    const compare = (from: string, to: string, previousFrom: string, previousTo: string) =>
      api.request('GET', `/v1/metrics/nps/compare?from=${from}&to=${to}&previousFrom=${previousFrom}&previousTo=${previousTo}`, { key: p.secretKey });
    const drop = await compare('2026-06-01', '2026-07-01', '2026-05-01', '2026-06-01');
    expect(drop.body.current.nps).toBeCloseTo(-43.3, 1);
    expect(drop.body.previous.nps).toBeCloseTo(16.7, 1);
    expect(drop.body.pValue).toBeLessThan(0.001);
    expect(drop.body.significant).toBe(true);
    const wobble = await compare('2026-07-01', '2026-08-01', '2026-05-01', '2026-06-01');
    expect(wobble.body.current.nps).toBeCloseTo(13.3, 1);
    expect(wobble.body.pValue).toBeGreaterThan(0.5);
    expect(wobble.body.significant).toBe(false);
  });

  it('needs both periods', async () => {
    const res = await get('/v1/metrics/nps/compare?from=2026-02-01&to=2026-03-01');
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['previousFrom', 'previousTo']));
  });
});
