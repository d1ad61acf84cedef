import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../support/clock';
import { startFollowUpApi } from './support/api';
import { addMember } from './support/users';

const clock = testClock();
let api: Awaited<ReturnType<typeof startFollowUpApi>>;
beforeAll(async () => {
  api = await startFollowUpApi({ clock });
});
afterAll(() => api.close());

const HOUR = 3600_000;

describe('GET /v1/metrics/followups', () => {
  it('open, overdue, medians, share resolved in time and recovery rate, overall and per assignee', async () => {
    const project = await api.createProject();
    const key = project.secretKey;
    const survey = (await api.request('POST', '/v1/surveys', { key, body: { name: 'NPS' } })).body;
    const ann = await addMember(api.db.db, project.id, 'Ann');
    const bo = await addMember(api.db.db, project.id, 'Bo');
    const answer = (person: string, score: number) => api.request('POST', '/v1/responses', { key, body: { surveyId: survey.id, score, person: { id: person } } });
    const patch = (id: string, body: unknown) => api.request('PATCH', `/v1/followups/${id}`, { key, body });

    const empty = await api.request('GET', '/v1/metrics/followups', { key });
    expect(empty.body).toMatchObject({ total: 0, open: 0, resolvedWithinDueRate: null, recovery: { reanswered: 0, recovered: 0, rate: null } });

    await answer('p-a', 2);
    clock.advance(1000);
    await answer('p-b', 3);
    clock.advance(1000);
    await answer('p-c', 4);
    const [, b, a] = (await api.request('GET', '/v1/followups', { key })).body.data;
    const opened = clock.now().getTime();

    clock.advance(HOUR);
    await patch(a.id, { assigneeId: ann, status: 'in_progress' }); // first action after ~1 h
    await patch(b.id, { assigneeId: bo });
    clock.advance(9 * HOUR);
    await patch(a.id, { status: 'resolved' }); // resolved in time (~10 h, due 48 h)
    clock.advance(40 * HOUR);
    await patch(b.id, { status: 'resolved' }); // resolved late (~50 h)

    // Re-answers after the cases, with the default rule off so they open no new case.
    const rule = (await api.request('GET', '/v1/followup-rules', { key })).body.data[0];
    await api.request('PATCH', `/v1/followup-rules/${rule.id}`, { key, body: { enabled: false } });
    clock.advance(HOUR);
    await answer('p-a', 9); // recovered
    await answer('p-b', 5); // answered again, not recovered

    const res = await api.request('GET', '/v1/metrics/followups', { key });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      total: 3,
      open: 1,
      overdue: 1, // c: open, 51 h after it was opened
      resolved: 2,
      resolvedInTime: 1,
      resolvedWithinDueRate: 0.5,
      recovery: { reanswered: 2, recovered: 1, rate: 0.5 },
    });
    expect(Math.abs(res.body.medianSecondsToFirstAction - 3600)).toBeLessThanOrEqual(2);
    const resolutionSeconds = [(opened + 10 * HOUR - opened) / 1000, (opened + 50 * HOUR - opened) / 1000];
    expect(Math.abs(res.body.medianSecondsToResolution - (resolutionSeconds[0]! + resolutionSeconds[1]!) / 2)).toBeLessThanOrEqual(3);

    expect(res.body.byAssignee).toHaveLength(3); // Ann, Bo and unassigned; the overall figures are not a fourth row
    const byAssignee = Object.fromEntries(res.body.byAssignee.map((r: any) => [r.assigneeId ?? 'none', r]));
    expect(byAssignee[ann]).toMatchObject({ total: 1, resolved: 1, resolvedWithinDueRate: 1, recovery: { reanswered: 1, recovered: 1, rate: 1 } });
    expect(byAssignee[bo]).toMatchObject({ total: 1, resolved: 1, resolvedWithinDueRate: 0, recovery: { reanswered: 1, recovered: 0, rate: 0 } });
    expect(byAssignee.none).toMatchObject({ total: 1, open: 1, overdue: 1, recovery: { rate: null } });

    const filtered = await api.request('GET', `/v1/metrics/followups?surveyId=srv_other`, { key });
    expect(filtered.body).toMatchObject({ total: 0, open: 0, medianSecondsToResolution: null, recovery: { rate: null }, byAssignee: [] });
    expect((await api.request('GET', '/v1/metrics/followups?from=yesterday', { key })).status).toBe(400);
  });
});
