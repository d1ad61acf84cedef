// Issue 19, bug 7: the trend says where each bucket ends and whether the range cuts it, so a chart can mark
// a first or last period that holds only some of its days instead of showing it as a drop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
let project: Awaited<ReturnType<TestApi['createProject']>>;
beforeAll(async () => {
  api = await startTestApi();
  project = await api.createProject('Trend');
});
afterAll(() => api.close());

const trend = async (query: string) => {
  const res = await api.request('GET', `/v1/metrics/nps/trend?${query}`, { key: project.secretKey });
  expect(res.status).toBe(200);
  return res.body as { from: string; to: string; points: { start: string; end: string; partial: boolean }[] };
};

describe('GET /v1/metrics/nps/trend', () => {
  it('marks the weeks the range starts and ends inside as partial, and only those', async () => {
    // Wednesday 2 September to Thursday 1 October 2026 (exclusive), in Tokyo.
    const body = await trend('from=2026-09-02&to=2026-10-01&interval=week&tz=Asia/Tokyo');
    expect(body.from).toBe('2026-09-01T15:00:00.000Z');
    expect(body.to).toBe('2026-09-30T15:00:00.000Z');
    expect(body.points.map((p) => p.partial)).toEqual([true, false, false, false, true]);
    expect(body.points[0]).toMatchObject({ start: '2026-08-30T15:00:00.000Z', end: '2026-09-06T15:00:00.000Z' });
    // Each bucket ends where the next starts.
    for (let i = 1; i < body.points.length; i++) expect(body.points[i]!.start).toBe(body.points[i - 1]!.end);
  });

  it('a range of whole months has no partial bucket', async () => {
    const body = await trend('from=2026-07-01&to=2026-10-01&interval=month');
    expect(body.points.map((p) => [p.start, p.partial])).toEqual([
      ['2026-07-01T00:00:00.000Z', false],
      ['2026-08-01T00:00:00.000Z', false],
      ['2026-09-01T00:00:00.000Z', false],
    ]);
    expect(body.points.at(-1)!.end).toBe('2026-10-01T00:00:00.000Z');
  });
});
