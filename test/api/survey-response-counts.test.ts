// The survey list says how many answers each survey has had (responseCount), all time and every channel and
// language, counting only the project's own answers; a survey nobody answered says 0.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/client';
import { startTestApi, type TestApi } from '../support/api';
import { foldRollups } from '../../server/services/metrics/fold';
import { testClock } from '../support/clock';

const clock = testClock(new Date('2026-05-01T00:00:00.000Z'));
let api: TestApi;
let project: Awaited<ReturnType<TestApi['createProject']>>;
let other: Awaited<ReturnType<TestApi['createProject']>>;
const ids = new Map<string, string>();

async function answer(key: string, surveyId: string, at: string, body: Record<string, unknown> = {}) {
  clock.set(at);
  const res = await api.request('POST', '/v1/responses', { key, body: { surveyId, score: 8, ...body } });
  if (res.status !== 201) throw new Error(res.text);
}

beforeAll(async () => {
  api = await startTestApi({ clock });
  project = await api.createProject('Counts');
  other = await api.createProject('Other');
  for (const name of ['Busy', 'Quiet', 'Unanswered']) {
    clock.set(`2026-04-0${ids.size + 1}T00:00:00.000Z`);
    ids.set(name, (await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name } })).body.id);
  }
  // Busy: five answers over three days, channels and languages; Quiet: one.
  await answer(project.secretKey, ids.get('Busy')!, '2026-04-10T09:15:00.000Z', { score: 10, channel: 'web', locale: 'en' });
  await answer(project.secretKey, ids.get('Busy')!, '2026-04-10T09:45:00.000Z', { score: 3, channel: 'email', locale: 'ja' });
  await answer(project.secretKey, ids.get('Busy')!, '2026-04-11T23:59:59.000Z', { score: 7 });
  await answer(project.secretKey, ids.get('Busy')!, '2026-04-12T00:00:00.000Z', { score: 0, channel: 'link' });
  await answer(project.secretKey, ids.get('Busy')!, '2026-04-12T00:00:00.000Z', { score: 9, channel: 'api', locale: 'ja' });
  await answer(project.secretKey, ids.get('Quiet')!, '2026-04-20T12:00:00.000Z');
  // Another project's answers never count towards these surveys.
  const foreign = (await api.request('POST', '/v1/surveys', { key: other.secretKey, body: { name: 'Elsewhere' } })).body.id;
  await answer(other.secretKey, foreign, '2026-04-10T09:15:00.000Z');
});
afterAll(() => api.close());

describe('GET /v1/surveys — answers per survey', () => {
  it('gives each survey its number of answers', async () => {
    const res = await api.request('GET', '/v1/surveys', { key: project.secretKey });
    expect(res.status).toBe(200);
    const counts = Object.fromEntries(res.body.data.map((s: any) => [s.name, s.responseCount]));
    expect(counts).toEqual({ Busy: 5, Quiet: 1, Unanswered: 0 });
    // The count is the feed's: every answer the responses list has for the survey.
    const feed = await api.request('GET', `/v1/responses?surveyId=${ids.get('Busy')}&limit=100`, { key: project.secretKey });
    expect(feed.body.data).toHaveLength(5);
  });

  it('counts on every page of the list', async () => {
    const seen = new Map<string, number>();
    let cursor: string | null = null;
    do {
      const res: any = await api.request('GET', `/v1/surveys?limit=1${cursor ? `&cursor=${cursor}` : ''}`, { key: project.secretKey });
      for (const s of res.body.data) seen.set(s.name, s.responseCount);
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(Object.fromEntries(seen)).toEqual({ Busy: 5, Quiet: 1, Unanswered: 0 });
  });

  it('counts a new answer at once', async () => {
    await answer(project.secretKey, ids.get('Unanswered')!, '2026-04-30T08:00:00.000Z');
    const res = await api.request('GET', '/v1/surveys', { key: project.secretKey });
    expect(res.body.data.find((s: any) => s.name === 'Unanswered').responseCount).toBe(1);
  });

  it('counts the same once some answers are folded into the rollups and the rest are still the tail', async () => {
    // Busy's April 10–11 answers go into the rollups; its April 12 answers, Quiet's and the new one stay the tail.
    await foldRollups(api.db.db, project.id, new Date('2026-04-12T00:00:00.000Z'));
    const res = await api.request('GET', '/v1/surveys', { key: project.secretKey });
    const counts = Object.fromEntries(res.body.data.map((s: any) => [s.name, s.responseCount]));
    expect(counts).toEqual({ Busy: 5, Quiet: 1, Unanswered: 1 });
    const folded = await api.db.db.execute(sql`select coalesce(sum(promoters + passives + detractors), 0)::int as n from response_rollups where project_id = ${project.id}`);
    expect(rowsOf<{ n: number }>(folded)[0]!.n).toBe(3);
  });
});
