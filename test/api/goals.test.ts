import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forecastGoal } from '../../server/analytics/goal-forecast';
import { startTestApi, type TestApi } from '../support/api';
import { testClock } from '../support/clock';

// A 90-day quarter (Q1 2026, UTC); the clock stands at its halfway mark, 2026-02-15.
const clock = testClock(new Date('2026-01-10T00:00:00.000Z'));
const halfway = new Date('2026-02-15T00:00:00.000Z');
let api: TestApi;
let project: Awaited<ReturnType<TestApi['createProject']>>;
let surveyId: string;

beforeAll(async () => {
  api = await startTestApi({ clock });
  project = await api.createProject();
  surveyId = (await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'NPS' } })).body.id;
  // 6 promoters, 2 passives, 2 detractors in January → +40 on 10 answers; one answer of December is outside the goal.
  clock.set('2025-12-20T00:00:00.000Z');
  await answer(0);
  for (const [day, score] of [[5, 10], [6, 9], [7, 9], [8, 10], [9, 9], [10, 10], [11, 7], [12, 8], [13, 3], [14, 6]] as const) {
    clock.set(`2026-01-${String(day).padStart(2, '0')}T12:00:00.000Z`);
    await answer(score);
  }
  clock.set(halfway);
});
afterAll(() => api.close());

async function answer(score: number) {
  const res = await api.request('POST', '/v1/responses', { key: project.secretKey, body: { surveyId, score } });
  if (res.status !== 201) throw new Error(res.text);
}

const quarter = { from: '2026-01-01', to: '2026-04-01' };
const send = (method: string, path: string, body?: unknown, key = project.secretKey) => api.request(method, path, { key, body });

describe('NPS goals', () => {
  it('creates a goal and reports where it stands and its forecast', async () => {
    const created = await send('POST', '/v1/goals', { name: 'Raise NPS to 50 this quarter', target: 50, ...quarter, surveyId });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^gol_/),
      name: 'Raise NPS to 50 this quarter',
      target: 50,
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
      surveyId,
      segmentId: null,
      status: 'active',
      current: { nps: 40, n: 10 },
      // 10 answers in 45 of 90 days: 10 more expected by the end.
      expectedAnswersByEnd: 20,
    });
    // The same figures as the pure forecast on the same counts and moment.
    const expected = forecastGoal({ promoters: 6, passives: 2, detractors: 2 }, 50, {
      from: new Date('2026-01-01T00:00:00.000Z'), to: new Date('2026-04-01T00:00:00.000Z'), now: halfway,
    });
    expect(created.body.projected).toEqual(expected.projected);
    expect(created.body.probabilityOfReaching).toBe(expected.probabilityOfReaching);
    expect(created.body.probabilityOfReaching).toBeGreaterThan(0.05);
    expect(created.body.probabilityOfReaching).toBeLessThan(0.5);

    const read = await send('GET', `/v1/goals/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
    const list = await send('GET', '/v1/goals');
    expect(list.body.data.map((g: { id: string }) => g.id)).toContain(created.body.id);
  });

  it('changes and deletes a goal; a finished period is decided', async () => {
    const { body: goal } = await send('POST', '/v1/goals', { name: 'January', target: 0, ...quarter });
    const patched = await send('PATCH', `/v1/goals/${goal.id}`, { to: '2026-02-01', target: 40 });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ status: 'finished', target: 40, current: { nps: 40, n: 10 }, probabilityOfReaching: 1 });
    expect((await send('PATCH', `/v1/goals/${goal.id}`, { target: 40.1 })).body.probabilityOfReaching).toBe(0);
    expect((await send('DELETE', `/v1/goals/${goal.id}`)).body).toEqual({ id: goal.id, deleted: true });
    expect((await send('GET', `/v1/goals/${goal.id}`)).status).toBe(404);
  });

  it('refuses bad input: a period that ends before it starts, a target off the scale, unknown fields', async () => {
    const bad = [
      { name: 'Backwards', target: 50, from: '2026-04-01', to: '2026-01-01' },
      { name: 'Empty', target: 50, from: '2026-01-01', to: '2026-01-01' },
      { name: 'Not a date', target: 50, from: 'soon', to: '2026-01-01' },
    ];
    for (const body of bad) expect((await send('POST', '/v1/goals', body)).status).toBe(400);
    for (const target of [101, -100.5, '50', null]) expect((await send('POST', '/v1/goals', { name: 'x', target, ...quarter })).status).toBe(422);
    expect((await send('POST', '/v1/goals', { name: '  ', target: 50, ...quarter })).status).toBe(422);
    expect((await send('POST', '/v1/goals', { name: 'x', target: 50, ...quarter, owner: 'me' })).status).toBe(422);
    expect((await send('POST', '/v1/goals', { name: 'x', target: 50, ...quarter, surveyId: 'srv_nope' })).status).toBe(404);
    expect((await send('POST', '/v1/goals', { name: 'x', target: 50, ...quarter, segmentId: 'seg_nope' })).status).toBe(404);
    const { body: goal } = await send('POST', '/v1/goals', { name: 'x', target: 50, ...quarter });
    expect((await send('PATCH', `/v1/goals/${goal.id}`, { from: '2026-05-01' })).status).toBe(400);
  });

  it('keeps a name with a NUL or a lone surrogate, made storable', async () => {
    const res = await send('POST', '/v1/goals', { name: 'Q1\u0000 goal \ud800', target: 50, ...quarter });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('Q1\ufffd goal \ufffd');
  });

  it('is 404 to another project and refused to a publishable key', async () => {
    const { body: goal } = await send('POST', '/v1/goals', { name: 'Ours', target: 50, ...quarter });
    const other = await api.createProject('Other');
    expect((await send('GET', `/v1/goals/${goal.id}`, undefined, other.secretKey)).status).toBe(404);
    expect((await send('PATCH', `/v1/goals/${goal.id}`, { target: 10 }, other.secretKey)).status).toBe(404);
    expect((await send('DELETE', `/v1/goals/${goal.id}`, undefined, other.secretKey)).status).toBe(404);
    expect((await send('GET', '/v1/goals', undefined, other.secretKey)).body.data).toEqual([]);
    // Another project's survey cannot be measured either.
    expect((await send('POST', '/v1/goals', { name: 'x', target: 50, ...quarter, surveyId }, other.secretKey)).status).toBe(404);
    expect((await send('GET', '/v1/goals', undefined, project.publishableKey)).status).toBe(403);
    expect((await send('POST', '/v1/goals', { name: 'x', target: 50, ...quarter }, project.publishableKey)).status).toBe(403);
    expect((await api.request('GET', '/v1/goals')).status).toBe(401);
    expect((await send('GET', `/v1/goals/${goal.id}`)).status).toBe(200);
  });
});
