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

async function setup() {
  const project = await api.createProject();
  const survey = (await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'NPS' } })).body;
  const answer = async (body: Record<string, unknown>, key = project.publishableKey) => {
    const res = await api.request('POST', '/v1/responses', { key, body: { surveyId: survey.id, ...body } });
    expect([200, 201]).toContain(res.status);
    return res.body;
  };
  const cases = async (query = '') => (await api.request('GET', `/v1/followups${query}`, { key: project.secretKey })).body.data as any[];
  return { project, survey, answer, cases };
}

describe('opening cases — happy path', () => {
  it('a new project starts with one rule: detractors open a follow-up due in 48 hours', async () => {
    const { project, answer, cases } = await setup();
    const rules = await api.request('GET', '/v1/followup-rules', { key: project.secretKey });
    expect(rules.body.data).toHaveLength(1);
    expect(rules.body.data[0]).toMatchObject({ name: 'Detractors', enabled: true, conditions: { categories: ['detractor'] }, action: { dueInHours: 48 } });

    const detractor = await answer({ score: 3, person: { id: 'c-1', email: 'kenji@example.jp' }, idempotencyKey: 'a-1' });
    await answer({ score: 10, person: { id: 'c-2' } });
    const list = await cases();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ responseId: detractor.id, personId: detractor.personId, status: 'open', assigneeId: null, overdue: false });
    expect(new Date(list[0].dueAt).getTime() - new Date(list[0].createdAt).getTime()).toBe(48 * 3600_000);

    await answer({ score: 4, idempotencyKey: 'a-1', person: { id: 'c-1' } }); // the same answer, changed
    expect(await cases()).toHaveLength(1);
  });

  it('rules match on person traits and assign round-robin among members', async () => {
    const { project, survey, answer, cases } = await setup();
    const ann = await addMember(api.db.db, project.id, 'Ann', new Date('2026-01-01'));
    const bo = await addMember(api.db.db, project.id, 'Bo', new Date('2026-01-02'));
    const rule = await api.request('POST', '/v1/followup-rules', {
      key: project.secretKey,
      body: { name: 'Enterprise', surveyId: survey.id, conditions: { scoreMax: 8, traits: { plan: 'enterprise' } }, action: { dueInHours: 4, assign: { mode: 'round_robin' } } },
    });
    expect(rule.status).toBe(201);
    const pos = await api.request('PATCH', `/v1/followup-rules/${rule.body.id}`, { key: project.secretKey, body: { position: 0 } });
    expect(pos.status).toBe(200);
    const defaultRule = (await api.request('GET', '/v1/followup-rules', { key: project.secretKey })).body.data.find((r: any) => r.name === 'Detractors');
    await api.request('PATCH', `/v1/followup-rules/${defaultRule.id}`, { key: project.secretKey, body: { position: 1 } });

    for (const id of ['e1', 'e2', 'e3']) {
      clock.advance(1000); // distinct creation times: the list is newest first
      // Traits are stored only from a trusted caller (the publishable key's are kept on the answer alone).
      await answer({ score: 7, person: { id, traits: { plan: 'enterprise' } } }, project.secretKey);
    }
    await answer({ score: 7, person: { id: 'f1', traits: { plan: 'free' } } }, project.secretKey); // passive, not enterprise: no case
    const list = (await cases()).reverse();
    expect(list.map((c) => c.assigneeId)).toEqual([ann, bo, ann]);
    expect(list.every((c) => c.ruleId === rule.body.id)).toBe(true);
    expect(new Date(list[0].dueAt).getTime() - new Date(list[0].createdAt).getTime()).toBe(4 * 3600_000);
  });
});

describe('working a case', () => {
  it('assign, progress, note, resolve: each step in the history; filters find it', async () => {
    const { project, answer, cases } = await setup();
    const ann = await addMember(api.db.db, project.id, 'Ann');
    await answer({ score: 2, person: { id: 'w-1' } });
    const [fresh] = await cases();
    const path = `/v1/followups/${fresh.id}`;

    clock.advance(3600_000);
    const assigned = await api.request('PATCH', path, { key: project.secretKey, body: { assigneeId: ann, status: 'in_progress' } });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ assigneeId: ann, status: 'in_progress', firstActionAt: clock.now().toISOString() });
    expect((await api.request('POST', `${path}/notes`, { key: project.secretKey, body: { text: 'Called, left a voicemail.' } })).status).toBe(201);
    expect(await cases(`?assigneeId=${ann}&status=open,in_progress`)).toHaveLength(1);

    const resolved = await api.request('PATCH', path, { key: project.secretKey, body: { status: 'resolved', resolution: 'Refunded the extra charge.', reaskAfterDays: 30 } });
    expect(resolved.body).toMatchObject({ status: 'resolved', resolution: 'Refunded the extra charge.', resolvedAt: clock.now().toISOString() });
    expect(new Date(resolved.body.reaskAt).getTime() - clock.now().getTime()).toBe(30 * 86_400_000);

    const full = await api.request('GET', path, { key: project.secretKey });
    expect(full.body.response.score).toBe(2);
    expect(full.body.person.externalId).toBe('w-1');
    expect(full.body.events.map((e: any) => e.kind).sort()).toEqual(['assigned', 'note', 'opened', 'resolution', 'resolution', 'status_changed', 'status_changed'].sort());
    expect(full.body.events.find((e: any) => e.kind === 'note')).toMatchObject({ data: { text: 'Called, left a voicemail.' }, actor: expect.stringMatching(/^key:/) });
    expect(await cases('?status=resolved')).toHaveLength(1);
  });

  it('lists overdue cases once the due time passes', async () => {
    const { answer, cases } = await setup();
    await answer({ score: 0 });
    expect(await cases('?overdue=true')).toHaveLength(0);
    clock.advance(49 * 3600_000);
    const overdue = await cases('?overdue=true');
    expect(overdue).toHaveLength(1);
    expect(overdue[0].overdue).toBe(true);
    expect(await cases('?overdue=false')).toHaveLength(0);
  });

  it('lists the work queue soonest due first, the most overdue on top and cases without a due time last, in pages', async () => {
    const { project, answer, cases } = await setup();
    const opened: string[] = [];
    for (let i = 0; i < 5; i++) {
      await answer({ score: i });
      opened.push((await cases('?limit=1'))[0].id); // newest first: the case just opened
      clock.advance(3600_000);
    }
    const patch = (id: string, body: unknown) => api.request('PATCH', `/v1/followups/${id}`, { key: project.secretKey, body });
    await patch(opened[1]!, { dueAt: null }); // no due time: last (two of them, so a page ends between them)
    await patch(opened[4]!, { dueAt: null });
    await patch(opened[3]!, { dueAt: new Date(clock.now().getTime() + 3600_000).toISOString() }); // due in an hour: first
    clock.advance(47 * 3600_000); // now past opened[3]'s hour and opened[0] and opened[2]'s 48 hours

    const seen: any[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: any } = await api.request('GET', `/v1/followups?sort=due&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { key: project.secretKey });
      expect(res.status).toBe(200);
      seen.push(...res.body.data);
      cursor = res.body.nextCursor;
    } while (cursor && seen.length < 10);
    const ids = seen.map((c) => c.id);
    expect(ids.slice(0, 3)).toEqual([opened[3], opened[0], opened[2]]);
    expect(new Set(ids.slice(3))).toEqual(new Set([opened[1], opened[4]])); // no due time: by id, each once
    expect(seen.map((c) => c.overdue)).toEqual([true, true, true, false, false]);
    expect(seen.slice(3).map((c) => c.dueAt)).toEqual([null, null]);
    // Each case carries the answer that opened it (score i for opened[i]), so a queue needs no second request.
    expect(seen.slice(0, 3).map((c) => c.response.score)).toEqual([3, 0, 2]);
    expect(seen[0].response).toMatchObject({ id: seen[0].responseId, category: 'detractor' });
    expect(seen[0].response.projectId).toBeUndefined();

    // A cursor belongs to its order: one of the newest-first list is refused here, and the other way round.
    const newestFirst = await api.request('GET', '/v1/followups?limit=2', { key: project.secretKey });
    const mixed = await api.request('GET', `/v1/followups?sort=due&cursor=${newestFirst.body.nextCursor}`, { key: project.secretKey });
    expect(mixed.status).toBe(400);
    const byDue = await api.request('GET', '/v1/followups?sort=due&limit=2', { key: project.secretKey });
    expect((await api.request('GET', `/v1/followups?cursor=${byDue.body.nextCursor}`, { key: project.secretKey })).status).toBe(400);
    expect((await api.request('GET', '/v1/followups?sort=urgent', { key: project.secretKey })).status).toBe(400);
  });
});

describe('errors', () => {
  it('refuses impossible transitions, non-member assignees and bad input', async () => {
    const { project, answer, cases } = await setup();
    await answer({ score: 1 });
    const [c] = await cases();
    const path = `/v1/followups/${c.id}`;
    await api.request('PATCH', path, { key: project.secretKey, body: { status: 'dismissed' } });
    const back = await api.request('PATCH', path, { key: project.secretKey, body: { status: 'resolved' } });
    expect(back.status).toBe(409);
    expect(back.body.error.code).toBe('conflict');
    const stranger = await api.request('PATCH', path, { key: project.secretKey, body: { assigneeId: 'usr_nobody' } });
    expect(stranger.status).toBe(422);
    expect((await api.request('PATCH', path, { key: project.secretKey, body: { status: 'done' } })).status).toBe(422);
    expect((await api.request('POST', `${path}/notes`, { key: project.secretKey, body: { text: '' } })).status).toBe(422);
    expect((await api.request('GET', '/v1/followups/fup_missing', { key: project.secretKey })).status).toBe(404);
    const badRule = await api.request('POST', '/v1/followup-rules', { key: project.secretKey, body: { name: 'x', conditions: { scoreMin: 9, scoreMax: 2 } } });
    expect(badRule.status).toBe(422);
    const ghost = await api.request('POST', '/v1/followup-rules', { key: project.secretKey, body: { name: 'x', conditions: {}, action: { assign: { mode: 'user', userId: 'usr_nobody' } } } });
    expect(ghost.status).toBe(422);
  });
});

// Keys and other projects: test/security/tenant-isolation.test.ts.
