import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareNps } from '../../server/analytics/compare';
import { summarizeNps } from '../../server/analytics/nps';
import { startTestApi, type TestApi } from '../support/api';
import { testClock } from '../support/clock';

const clock = testClock(new Date('2026-01-10T00:00:00.000Z'));
let api: TestApi;
let project: Awaited<ReturnType<TestApi['createProject']>>;
let surveyId: string;

const QUOTED = `it's "quoted"; drop table people; --`;

// Five people and one anonymous answer, all in January 2026. Traits are chosen so that each filter below
// separates them differently; the expected NPS of each is worked out by hand beside it.
const answers: { score: number; channel?: string; person?: { id: string; traits: Record<string, unknown> } }[] = [
  { score: 10, person: { id: 'a', traits: { plan: 'enterprise', seats: 120, constructor: 'c', ['__proto__']: 'p', [QUOTED]: 'yes' } } },
  { score: 6, person: { id: 'b', traits: { plan: 'enterprise', seats: 9, country: 'JP' } } },
  { score: 9, person: { id: 'c', traits: { plan: 'pro', seats: 50, country: 'KR' } } },
  { score: 7, person: { id: 'd', traits: { plan: 'pro', seats: '100', country: 'US' } } },
  { score: 2, person: { id: 'e', traits: { plan: 'free', seats: null } } },
  { score: 10, channel: 'email' },
];

beforeAll(async () => {
  api = await startTestApi({ clock });
  project = await api.createProject();
  surveyId = (await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'NPS' } })).body.id;
  for (const [i, a] of answers.entries()) {
    clock.set(`2026-01-${String(5 + i).padStart(2, '0')}T12:00:00.000Z`);
    const res = await api.request('POST', '/v1/responses', { key: project.secretKey, body: { surveyId, channel: 'web', ...a } });
    if (res.status !== 201) throw new Error(res.text);
  }
  clock.set('2026-02-15T00:00:00.000Z');
});
afterAll(() => api.close());

const send = (method: string, path: string, body?: unknown, key = project.secretKey) => api.request(method, path, { key, body });

async function npsOf(filter: unknown) {
  const created = await send('POST', '/v1/segments', { name: 'Test', filter });
  if (created.status !== 201) throw new Error(created.text);
  const res = await send('GET', `/v1/metrics/nps?from=2026-01-01&to=2026-02-01&segmentId=${created.body.id}`);
  expect(res.status).toBe(200);
  return res.body;
}

describe('segment filters, compiled to SQL', () => {
  it('matches a trait by value', async () => {
    // a (10) and b (6): one promoter, one detractor → 0 on 2.
    expect(await npsOf({ trait: 'plan', eq: 'enterprise' })).toEqual(summarizeNps({ promoters: 1, passives: 0, detractors: 1 }));
  });

  it('compares numbers numerically, and only numbers with a number', async () => {
    // a (120) and c (50); not b (9, though "9" > "50" as text), not d ("100" is text), not e (null).
    expect(await npsOf({ trait: 'seats', gte: 50 })).toMatchObject({ n: 2, nps: 100 });
    expect(await npsOf({ trait: 'seats', lt: 50 })).toMatchObject({ n: 1, nps: -100 });
    expect(await npsOf({ trait: 'seats', eq: '100' })).toMatchObject({ n: 1, nps: 0 });
    // Text bounds compare text in code-point order: "JP" < "KR" < "US".
    expect(await npsOf({ trait: 'country', lt: 'KR' })).toMatchObject({ n: 1, nps: -100 });
  });

  it('negates, combines and tests presence; "not" includes answers without a person', async () => {
    // c (9), d (7), e (2) and the anonymous 10: 2 promoters, 1 passive, 1 detractor → +25 on 4.
    expect(await npsOf({ not: { trait: 'plan', eq: 'enterprise' } })).toMatchObject({ n: 4, nps: 25, promoters: 2, passives: 1, detractors: 1 });
    // b (6), c (9) by country, the anonymous 10 by channel: 2 promoters, 1 detractor → +33.3 on 3.
    expect(await npsOf({ any: [{ trait: 'country', in: ['JP', 'KR'] }, { channel: 'email' }] })).toMatchObject({ n: 3, nps: 33.3 });
    // c (9) and d (7); e's seats are null, which counts as absent.
    expect(await npsOf({ all: [{ trait: 'plan', in: ['pro', 'free'] }, { trait: 'seats', exists: true }] })).toMatchObject({ n: 2, nps: 50 });
    expect(await npsOf({ all: [{ surveyId }, { locale: 'ja' }] })).toMatchObject({ n: 0, nps: null });
    // b (6), d (7, text seats), e (2, null seats) and the anonymous 10: 1 promoter, 1 passive, 2 detractors → −25.
    expect(await npsOf({ not: { trait: 'seats', gte: 50 } })).toMatchObject({ n: 4, nps: -25 });
  });

  it('treats trait names as data: "constructor", "__proto__" and quotes match only the trait of that name', async () => {
    expect(await npsOf({ trait: 'constructor', exists: true })).toMatchObject({ n: 1, nps: 100 });
    expect(await npsOf({ trait: 'constructor', exists: false })).toMatchObject({ n: 5 });
    expect(await npsOf({ trait: '__proto__', eq: 'p' })).toMatchObject({ n: 1, nps: 100 });
    expect(await npsOf({ trait: 'toString', exists: true })).toMatchObject({ n: 0 });
    expect(await npsOf({ trait: QUOTED, eq: 'yes' })).toMatchObject({ n: 1, nps: 100 });
    expect(await npsOf({ trait: QUOTED, in: ["'", '"', 'yes'] })).toMatchObject({ n: 1 });
  });

  it('narrows the trend and the comparison too', async () => {
    const { body: segment } = await send('POST', '/v1/segments', { name: 'Enterprise', filter: { trait: 'plan', eq: 'enterprise' } });
    const trend = await send('GET', `/v1/metrics/nps/trend?interval=month&from=2026-01-01&to=2026-03-01&segmentId=${segment.id}`);
    expect(trend.status).toBe(200);
    expect(trend.body.points.map((p: { n: number; nps: number | null }) => [p.n, p.nps])).toEqual([[2, 0], [0, null]]);
    const compare = await send('GET', `/v1/metrics/nps/compare?from=2026-01-01&to=2026-02-01&previousFrom=2025-12-01&previousTo=2026-01-01&segmentId=${segment.id}`);
    expect(compare.body.current).toMatchObject({ n: 2, nps: 0 });
    expect(compare.body.previous).toMatchObject({ n: 0 });
  });

  it('narrows the responses feed and the CSV export, with their other filters', async () => {
    const { body: segment } = await send('POST', '/v1/segments', { name: 'Not enterprise', filter: { not: { trait: 'plan', eq: 'enterprise' } } });
    // c (9), d (7), e (2) and the anonymous answer (10): "not" takes in answers without a person.
    const feed = await send('GET', `/v1/responses?segmentId=${segment.id}`);
    expect(feed.status).toBe(200);
    expect(feed.body.data.map((r: { score: number }) => r.score)).toEqual([10, 2, 7, 9]);
    const paged = await send('GET', `/v1/responses?segmentId=${segment.id}&limit=3`);
    const next = await send('GET', `/v1/responses?segmentId=${segment.id}&limit=3&cursor=${encodeURIComponent(paged.body.nextCursor)}`);
    expect([...paged.body.data, ...next.body.data].map((r: { score: number }) => r.score)).toEqual([10, 2, 7, 9]);
    const detractors = await send('GET', `/v1/responses?segmentId=${segment.id}&category=detractor`);
    expect(detractors.body.data.map((r: { score: number }) => r.score)).toEqual([2]);

    const csv = await api.request('GET', `/v1/responses/export.csv?segmentId=${segment.id}&bom=false`, { key: project.secretKey });
    expect(csv.status).toBe(200);
    const lines = csv.text.trim().split('\n');
    expect(lines).toHaveLength(1 + 4);
    const scoreAt = lines[0]!.split(',').indexOf('score');
    expect(lines.slice(1).map((line) => Number(line.split(',')[scoreAt]))).toEqual([10, 2, 7, 9]);
  });
});

describe('/v1/segments', () => {
  it('creates, lists, reads, changes and deletes a segment', async () => {
    const filter = { all: [{ trait: 'plan', eq: 'enterprise' }, { trait: 'country', in: ['JP', 'KR'] }, { trait: 'seats', gte: 50 }] };
    const created = await send('POST', '/v1/segments', { name: 'Big Asian accounts', filter });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.stringMatching(/^seg_/), name: 'Big Asian accounts', filter });
    expect((await send('GET', `/v1/segments/${created.body.id}`)).body).toEqual(created.body);
    expect((await send('GET', '/v1/segments')).body.data.map((s: { id: string }) => s.id)).toContain(created.body.id);
    const patched = await send('PATCH', `/v1/segments/${created.body.id}`, { filter: { trait: 'plan', eq: 'pro' } });
    expect(patched.body).toMatchObject({ name: 'Big Asian accounts', filter: { trait: 'plan', eq: 'pro' } });
    expect((await send('DELETE', `/v1/segments/${created.body.id}`)).body).toEqual({ id: created.body.id, deleted: true });
    expect((await send('GET', `/v1/segments/${created.body.id}`)).status).toBe(404);
  });

  it('refuses filters outside the language, too deep or too big, and a NUL in a trait name', async () => {
    let deep: unknown = { trait: 'plan', eq: 'x' };
    for (let i = 0; i < 6; i++) deep = { not: deep };
    let veryDeep: unknown = { trait: 'plan', eq: 'x' };
    for (let i = 0; i < 2000; i++) veryDeep = { not: veryDeep };
    const bad = [
      { trait: 'plan' },
      { trait: 'plan', eq: 'x', gte: 1 },
      { trait: 'plan', eq: { $ne: 1 } },
      { trait: '', eq: 'x' },
      { trait: 'seats', gte: true },
      { all: [] },
      { channel: 'carrier-pigeon' },
      { sql: '1=1' },
      deep,
      veryDeep,
      { any: Array.from({ length: 51 }, () => ({ trait: 'plan', eq: 'x' })) },
      { trait: 'pl\u0000an', eq: 'x' },
      'plan = enterprise',
    ];
    for (const filter of bad) {
      const res = await send('POST', '/v1/segments', { name: 'Bad', filter });
      expect(res.status, JSON.stringify(filter).slice(0, 80)).toBe(422);
    }
    expect((await send('POST', '/v1/segments', { name: '', filter: { trait: 'plan', eq: 'x' } })).status).toBe(422);
  });

  it('keeps a segment a goal measures, and measures the goal on the segment', async () => {
    const { body: segment } = await send('POST', '/v1/segments', { name: 'Pro', filter: { trait: 'plan', eq: 'pro' } });
    const goal = await send('POST', '/v1/goals', { name: 'Pro to 60', target: 60, from: '2026-01-01', to: '2026-04-01', segmentId: segment.id });
    expect(goal.status).toBe(201);
    // c (9) and d (7): +50 on 2.
    expect(goal.body.current).toMatchObject({ nps: 50, n: 2 });
    expect((await send('DELETE', `/v1/segments/${segment.id}`)).status).toBe(409);
    await send('DELETE', `/v1/goals/${goal.body.id}`);
    expect((await send('DELETE', `/v1/segments/${segment.id}`)).status).toBe(200);
  });

  it('is 404 to another project, in metrics too, and refused to a publishable key', async () => {
    const { body: segment } = await send('POST', '/v1/segments', { name: 'Ours', filter: { trait: 'plan', eq: 'pro' } });
    const other = await api.createProject('Other');
    expect((await send('GET', `/v1/segments/${segment.id}`, undefined, other.secretKey)).status).toBe(404);
    expect((await send('PATCH', `/v1/segments/${segment.id}`, { name: 'Theirs' }, other.secretKey)).status).toBe(404);
    expect((await send('DELETE', `/v1/segments/${segment.id}`, undefined, other.secretKey)).status).toBe(404);
    expect((await send('GET', `/v1/metrics/nps?segmentId=${segment.id}`, undefined, other.secretKey)).status).toBe(404);
    expect((await send('GET', `/v1/responses?segmentId=${segment.id}`, undefined, other.secretKey)).status).toBe(404);
    expect((await send('GET', `/v1/responses/export.csv?segmentId=${segment.id}`, undefined, other.secretKey)).status).toBe(404);
    expect((await send('POST', '/v1/goals', { name: 'x', target: 1, from: '2026-01-01', to: '2026-02-01', segmentId: segment.id }, other.secretKey)).status).toBe(404);
    expect((await send('GET', '/v1/segments', undefined, other.secretKey)).body.data).toEqual([]);
    expect((await send('GET', '/v1/segments', undefined, project.publishableKey)).status).toBe(403);
    expect((await send('POST', '/v1/segments', { name: 'x', filter: { trait: 'plan', eq: 'x' } }, project.publishableKey)).status).toBe(403);
    expect((await send('GET', `/v1/metrics/nps?segmentId=${segment.id}`, undefined, project.publishableKey)).status).toBe(403);
  });
});

describe('GET /v1/metrics/nps/segments', () => {
  it('gives NPS per value of a trait, and tests each value against the rest', async () => {
    const res = await send('GET', '/v1/metrics/nps/segments?by=trait:plan&from=2026-01-01&to=2026-02-01');
    expect(res.status).toBe(200);
    // enterprise: a (10), b (6); pro: c (9), d (7); free: e (2); no plan: the anonymous 10. Most answered first.
    expect(res.body.data.map((d: { value: string | null; n: number; nps: number }) => [d.value, d.n, d.nps])).toEqual([
      ['enterprise', 2, 0],
      ['pro', 2, 50],
      ['free', 1, -100],
      [null, 1, 100],
    ]);
    expect(res.body.data[1].ci95).toEqual(summarizeNps({ promoters: 1, passives: 1, detractors: 0 }).ci95);
    // enterprise against the other four answers (c 9, d 7, e 2, anonymous 10): the compare endpoint's test.
    const { difference, differenceCi95, pValue, significant } = compareNps(
      { promoters: 1, passives: 0, detractors: 1 },
      { promoters: 2, passives: 1, detractors: 1 },
    );
    expect(res.body.differences[0]).toEqual({ value: 'enterprise', against: 'rest', difference, differenceCi95, pValue, significant });
    expect(res.body.differences.every((d: { significant: boolean }) => d.significant === false)).toBe(true);
    expect(res.body.truncated).toBe(false);
  });

  it('groups by a tricky trait name as data, narrows to a segment, and refuses a bad "by"', async () => {
    const quoted = await send('GET', `/v1/metrics/nps/segments?by=${encodeURIComponent(`trait:${QUOTED}`)}`);
    expect(quoted.body.data.map((d: { value: string | null; n: number }) => [d.value, d.n])).toEqual([[null, 5], ['yes', 1]]);
    const { body: segment } = await send('POST', '/v1/segments', { name: 'Pro', filter: { trait: 'plan', eq: 'pro' } });
    const narrowed = await send('GET', `/v1/metrics/nps/segments?by=trait:country&segmentId=${segment.id}`);
    expect(narrowed.body.data.map((d: { value: string | null; n: number }) => [d.value, d.n])).toEqual([['KR', 1], ['US', 1]]);
    expect((await send('GET', '/v1/metrics/nps/segments?by=plan')).status).toBe(400);
    expect((await send('GET', '/v1/metrics/nps/segments?by=trait:')).status).toBe(400);
    expect((await send('GET', '/v1/metrics/nps/segments?by=trait:pl%00an')).status).toBe(400);
    expect((await send('GET', '/v1/metrics/nps/segments?by=trait:plan', undefined, project.publishableKey)).status).toBe(403);
    const other = await api.createProject('Another');
    expect((await send('GET', '/v1/metrics/nps/segments?by=trait:plan', undefined, other.secretKey)).body.data).toEqual([]);
  });
});
