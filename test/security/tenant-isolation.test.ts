// Tenant isolation, one describe per project-scoped resource: who may call it at all (no key or a made-up one
// is 401, the publishable key 403 on every secret-only route, the admin key 403 on project routes), and what
// another project's secret key meets on this project's ids — exactly what it meets on an id that does not
// exist (404, same code, same message), with none of this project's rows in its lists.
// Over HTTP only (startTestApi), so `npm run test:worker` runs it against workerd as well.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchDueDeliveries } from '../../server/webhooks/dispatcher';
import { startTestApi, type ApiResponse, type TestApi } from '../support/api';
import { testClock } from '../support/clock';
import { testDispatcherDeps } from '../webhooks/support/dispatcher';
import { projectWithEndpoint } from '../webhooks/support/project';
import { startReceiver, type Receiver } from '../webhooks/support/receiver';

type Project = Awaited<ReturnType<TestApi['createProject']>>;

const clock = testClock();
let api: TestApi;
let receiver: Receiver;

beforeAll(async () => {
  // Private webhook targets: the receiver listens on loopback.
  api = await startTestApi({ clock, config: { allowPrivateWebhooks: true } });
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await api.close();
});

/** An id of the same kind and length that names nothing: `srv_xxxx` becomes `srv_0000`. */
const unknownLike = (id: string) => id.replace(/_(.+)$/, (_, rest: string) => `_${'0'.repeat(rest.length)}`);

/** An answer with its id and request id taken out, so two answers about different ids can be compared. */
const comparable = (res: ApiResponse, id: string) => ({
  status: res.status,
  body: res.text.replaceAll(id, '<id>').replace(/"requestId":"[^"]*"/, '"requestId":"<request>"'),
});

/**
 * `key` calls `path` with `foreignId` (another project's) and with an unknown id of the same shape in place of
 * `:id`; both answers must be the same, and a 404 unless `status` says otherwise (a filter that finds nothing).
 */
async function expectSameAsUnknown(key: string, method: string, path: string, foreignId: string, options: { body?: unknown; status?: number } = {}) {
  const unknownId = unknownLike(foreignId);
  const at = (id: string) => path.replaceAll(':id', encodeURIComponent(id));
  const bodyWith = (id: string) => (options.body === undefined ? undefined : JSON.parse(JSON.stringify(options.body).replaceAll(':id', id)));
  const foreign = await api.request(method, at(foreignId), { key, body: bodyWith(foreignId) });
  const unknown = await api.request(method, at(unknownId), { key, body: bodyWith(unknownId) });
  const label = `${method} ${path}`;
  expect(foreign.status, label).toBe(options.status ?? 404);
  if (foreign.status === 404) expect(foreign.body.error.code, label).toBe('not_found');
  expect(comparable(foreign, foreignId), label).toEqual(comparable(unknown, unknownId));
}

const idsOf = (res: ApiResponse) => (res.body.data as { id: string }[]).map((row) => row.id);

async function surveyOf(project: Project, name = 'NPS') {
  const res = await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name } });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

describe('projects and keys', () => {
  it('needs a key', async () => {
    const res = await api.request('POST', '/v1/projects', { body: { name: 'x' } });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
  });
  it('refuses a wrong key', async () => {
    const res = await api.request('POST', '/v1/projects', { key: 'kz_admin_wrong', body: { name: 'x' } });
    expect(res.status).toBe(401);
  });
  it('refuses project keys', async () => {
    const project = await api.createProject();
    for (const key of [project.secretKey, project.publishableKey]) {
      const res = await api.request('POST', '/v1/projects', { key, body: { name: 'x' } });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
  });
  it('refuses the admin key on project routes', async () => {
    const res = await api.request('GET', '/v1/surveys', { key: api.adminKey });
    expect(res.status).toBe(403);
  });

  it('will not revoke the key making the request, nor another project’s key', async () => {
    const a = await api.createProject();
    const b = await api.createProject();
    const keysOfA = await api.request('GET', '/v1/project/keys', { key: a.secretKey });
    const keysOfB = await api.request('GET', '/v1/project/keys', { key: b.secretKey });
    const ownSecret = keysOfA.body.data.find((k: { kind: string }) => k.kind === 'secret');
    expect((await api.request('DELETE', `/v1/project/keys/${ownSecret.id}`, { key: a.secretKey })).status).toBe(409);
    const otherKey = keysOfB.body.data[0];
    expect((await api.request('DELETE', `/v1/project/keys/${otherKey.id}`, { key: a.secretKey })).status).toBe(404);
  });

  it('refuses a publishable key', async () => {
    const project = await api.createProject();
    expect((await api.request('GET', '/v1/project', { key: project.publishableKey })).status).toBe(403);
  });

  it("another project's key answers for its own project only, and meets this project's keys as unknown ones", async () => {
    const a = await api.createProject('Keys A');
    const b = await api.createProject('Keys B');
    const extra = await api.request('POST', '/v1/project/keys', { key: a.secretKey, body: { kind: 'secret', name: 'CI' } });
    expect(extra.status).toBe(201);
    const keysOfA = idsOf(await api.request('GET', '/v1/project/keys', { key: a.secretKey }));
    expect(keysOfA).toHaveLength(3);
    for (const id of keysOfA) await expectSameAsUnknown(b.secretKey, 'DELETE', '/v1/project/keys/:id', id);
    const keysOfB = idsOf(await api.request('GET', '/v1/project/keys', { key: b.secretKey }));
    expect(keysOfB).toHaveLength(2);
    expect(keysOfB.filter((id) => keysOfA.includes(id))).toEqual([]);
    // B's key reads and changes B, whatever it is asked.
    expect((await api.request('GET', '/v1/project', { key: b.secretKey })).body).toMatchObject({ id: b.id, name: 'Keys B' });
    const renamed = await api.request('PATCH', '/v1/project', { key: b.secretKey, body: { name: 'Keys B renamed' } });
    expect(renamed.body).toMatchObject({ id: b.id, name: 'Keys B renamed' });
    expect((await api.request('GET', '/v1/project', { key: a.secretKey })).body).toMatchObject({ id: a.id, name: 'Keys A' });
    // Every one of A's keys still works.
    expect((await api.request('GET', '/v1/surveys', { key: extra.body.key })).status).toBe(200);
    expect((await api.request('GET', '/v1/project/identity-secret', { key: b.secretKey })).body.identitySecret).not.toBe(
      (await api.request('GET', '/v1/project/identity-secret', { key: a.secretKey })).body.identitySecret,
    );
  });
});

describe('surveys', () => {
  let project: Project;
  let other: Project;
  beforeAll(async () => {
    project = await api.createProject('Surveys A');
    other = await api.createProject('Surveys B');
  });
  const create = (body: unknown, key = project.secretKey) => api.request('POST', '/v1/surveys', { key, body });

  it('needs a secret key', async () => {
    expect((await api.request('GET', '/v1/surveys')).status).toBe(401);
    expect((await api.request('GET', '/v1/surveys', { key: 'sk_wrong' })).status).toBe(401);
    expect((await create({ name: 'x' }, project.publishableKey)).status).toBe(403);
  });

  it('never shows or changes another project’s survey, and answers as if it did not exist', async () => {
    const mine = (await create({ name: 'private' })).body.id;
    const asOther = { key: other.secretKey };
    const get = await api.request('GET', `/v1/surveys/${mine}`, asOther);
    expect(get.status).toBe(404);
    expect(get.body.error.message).toBe('Survey not found');
    expect((await api.request('PATCH', `/v1/surveys/${mine}`, { ...asOther, body: { name: 'hijacked' } })).status).toBe(404);
    expect((await api.request('DELETE', `/v1/surveys/${mine}`, asOther)).status).toBe(404);
    const list = await api.request('GET', '/v1/surveys?limit=100', asOther);
    expect(list.body.data.map((s: { id: string }) => s.id)).not.toContain(mine);
    expect((await api.request('GET', `/v1/surveys/${mine}`, { key: project.secretKey })).body.name).toBe('private');
  });

  it("meets this project's survey exactly as an unknown one, on every survey route", async () => {
    const mine = (await create({ name: 'mine' })).body.id;
    await expectSameAsUnknown(other.secretKey, 'GET', '/v1/surveys/:id', mine);
    await expectSameAsUnknown(other.secretKey, 'PATCH', '/v1/surveys/:id', mine, { body: { status: 'paused' } });
    await expectSameAsUnknown(other.secretKey, 'DELETE', '/v1/surveys/:id', mine);
    await expectSameAsUnknown(other.secretKey, 'POST', '/v1/surveys/:id/links', mine, { body: { person: { id: 'p-1' } } });
    expect((await api.request('GET', `/v1/surveys/${mine}`, { key: project.secretKey })).body).toMatchObject({ name: 'mine', status: 'active' });
  });
});

describe('responses, people and the export', () => {
  let project: Project;
  let other: Project;
  let surveyId: string;
  let otherSurveyId: string;
  beforeAll(async () => {
    project = await api.createProject('Responses A');
    other = await api.createProject('Responses B');
    surveyId = await surveyOf(project);
    otherSurveyId = await surveyOf(other);
  });
  const submit = (body: Record<string, unknown>, key = project.publishableKey) =>
    api.request('POST', '/v1/responses', { key, body: { surveyId, ...body } });

  it('needs a valid key', async () => {
    expect((await submit({ score: 5 }, '')).status).toBe(401);
    expect((await submit({ score: 5 }, 'pk_not_a_real_key')).status).toBe(401);
  });

  it('cannot answer another project’s survey, and learns nothing about it', async () => {
    const res = await submit({ score: 5, surveyId: otherSurveyId });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('Survey not found');
  });

  it('keeps idempotency keys per project', async () => {
    const key = crypto.randomUUID();
    const mine = await submit({ score: 5, idempotencyKey: key });
    const theirs = await api.request('POST', '/v1/responses', {
      key: other.publishableKey,
      body: { surveyId: otherSurveyId, score: 5, idempotencyKey: key },
    });
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('does not let a publishable key read responses', async () => {
    const created = await submit({ score: 5 });
    expect((await api.request('GET', `/v1/responses/${created.body.id}`, { key: project.publishableKey })).status).toBe(403);
    expect((await api.request('GET', '/v1/responses', { key: project.publishableKey })).status).toBe(403);
    expect((await api.request('GET', '/v1/responses/export.csv', { key: project.publishableKey })).status).toBe(403);
    expect((await api.request('GET', `/v1/people/${created.body.personId ?? 'per_x'}`, { key: project.publishableKey })).status).toBe(403);
  });

  it('hides another project’s responses and people behind 404', async () => {
    const created = await submit({ score: 5, person: { id: 'secret-person' } });
    expect((await api.request('GET', `/v1/responses/${created.body.id}`, { key: other.secretKey })).status).toBe(404);
    expect((await api.request('GET', `/v1/people/${created.body.personId}`, { key: other.secretKey })).status).toBe(404);
    const list = await api.request('GET', '/v1/responses?limit=1000', { key: other.secretKey });
    expect(list.body.data.map((r: { id: string }) => r.id)).not.toContain(created.body.id);
    const found = await api.request('GET', '/v1/people?externalId=secret-person', { key: other.secretKey });
    expect(found.body.data).toEqual([]);
  });

  it("meets this project's answers, people and survey filters exactly as unknown ones", async () => {
    const created = await submit({ score: 2, comment: 'Confidential complaint', person: { id: 'vip-7', email: 'vip@example.com' } }, project.secretKey);
    expect(created.status).toBe(201);
    const { id, personId } = created.body as { id: string; personId: string };
    await expectSameAsUnknown(other.secretKey, 'GET', '/v1/responses/:id', id);
    await expectSameAsUnknown(other.secretKey, 'GET', '/v1/people/:id', personId);
    // A filter naming another project's survey or person finds what a filter naming nothing finds.
    await expectSameAsUnknown(other.secretKey, 'GET', '/v1/responses?surveyId=:id', surveyId, { status: 200 });
    await expectSameAsUnknown(other.secretKey, 'GET', '/v1/responses?personId=:id', personId, { status: 200 });
    await expectSameAsUnknown(other.secretKey, 'GET', '/v1/responses/export.csv?surveyId=:id', surveyId, { status: 200 });
    await expectSameAsUnknown(other.secretKey, 'GET', '/v1/responses/export.csv?personId=:id', personId, { status: 200 });

    const theirs = await api.request('GET', '/v1/responses?limit=1000', { key: other.secretKey });
    expect(theirs.body.data.length).toBeGreaterThan(0); // B's own idempotency test answer
    expect(theirs.body.data.every((r: { surveyId: string }) => r.surveyId === otherSurveyId)).toBe(true);
    const csv = await api.request('GET', '/v1/responses/export.csv', { key: other.secretKey });
    expect(csv.status).toBe(200);
    expect(csv.text).toContain(otherSurveyId);
    expect(csv.text).not.toContain(surveyId);
    expect(csv.text).not.toContain('Confidential complaint');
    expect((await api.request('GET', '/v1/responses?q=Confidential', { key: other.secretKey })).body.data).toEqual([]);
    const people = await api.request('GET', '/v1/people?limit=100', { key: other.secretKey });
    expect(idsOf(people)).not.toContain(personId);
    expect((await api.request('GET', '/v1/people?email=vip@example.com', { key: other.secretKey })).body.data).toEqual([]);
    // Answering as B about A's person id makes B a person of its own, never A's.
    const same = await api.request('POST', '/v1/responses', { key: other.secretKey, body: { surveyId: otherSurveyId, score: 9, person: { id: 'vip-7' } } });
    expect(same.status).toBe(201);
    expect(same.body.personId).not.toBe(personId);
    expect((await api.request('GET', `/v1/people/${personId}`, { key: project.secretKey })).body.responses).toHaveLength(1);
  });
});

describe('metrics', () => {
  let project: Project;
  let other: Project;
  let surveyId: string;
  beforeAll(async () => {
    project = await api.createProject('Metrics A');
    other = await api.createProject('Metrics B');
    surveyId = await surveyOf(project);
    const otherSurvey = await surveyOf(other);
    for (const score of [0, 1, 2, 3, 10]) {
      expect((await api.request('POST', '/v1/responses', { key: project.publishableKey, body: { surveyId, score } })).status).toBe(201);
    }
    expect((await api.request('POST', '/v1/responses', { key: other.publishableKey, body: { surveyId: otherSurvey, score: 10 } })).status).toBe(201);
  });

  const RANGE = 'from=2026-01-01&to=2027-01-01';
  it("a filter on this project's survey finds what a filter on an unknown survey finds", async () => {
    for (const path of [
      `/v1/metrics/nps?${RANGE}&surveyId=:id`,
      `/v1/metrics/nps/trend?${RANGE}&interval=month&surveyId=:id`,
      `/v1/metrics/nps/compare?${RANGE}&previousFrom=2025-01-01&previousTo=2026-01-01&surveyId=:id`,
      `/v1/metrics/scores?${RANGE}&surveyId=:id`,
      `/v1/metrics/followups?${RANGE}&surveyId=:id`,
    ]) {
      const res = await api.request('GET', path.replace(':id', surveyId), { key: other.secretKey });
      await expectSameAsUnknown(other.secretKey, 'GET', path, surveyId, { status: res.status });
    }
  });

  it("counts only its own answers: one promoter, none of this project's five", async () => {
    const theirs = await api.request('GET', `/v1/metrics/scores?${RANGE}`, { key: other.secretKey });
    expect(theirs.status).toBe(200);
    const mine = await api.request('GET', `/v1/metrics/scores?${RANGE}`, { key: project.secretKey });
    expect(JSON.stringify(theirs.body)).not.toBe(JSON.stringify(mine.body));
    const nps = await api.request('GET', `/v1/metrics/nps?${RANGE}`, { key: other.secretKey });
    expect(nps.status).toBe(200);
    expect(nps.body).toMatchObject({ nps: 100 });
    expect((await api.request('GET', `/v1/metrics/nps?${RANGE}`, { key: project.secretKey })).body).toMatchObject({ nps: -60 });
  });
});

describe('follow-ups and follow-up rules', () => {
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

  it('needs a secret key of the same project', async () => {
    const { project, answer, cases } = await setup();
    const other = await api.createProject();
    await answer({ score: 1 });
    const [c] = await cases();
    for (const [method, path, body] of [
      ['GET', '/v1/followups', undefined],
      ['GET', `/v1/followups/${c.id}`, undefined],
      ['PATCH', `/v1/followups/${c.id}`, { status: 'in_progress' }],
      ['POST', `/v1/followups/${c.id}/notes`, { text: 'x' }],
      ['GET', '/v1/followup-rules', undefined],
      ['GET', '/v1/metrics/followups', undefined],
    ] as const) {
      expect((await api.request(method, path, { body })).status, `${method} ${path} without key`).toBe(401);
      expect((await api.request(method, path, { key: project.publishableKey, body })).status, `${method} ${path} publishable`).toBe(403);
    }
    expect((await api.request('GET', `/v1/followups/${c.id}`, { key: other.secretKey })).status).toBe(404);
    expect((await api.request('PATCH', `/v1/followups/${c.id}`, { key: other.secretKey, body: { status: 'resolved' } })).status).toBe(404);
    expect((await api.request('POST', `/v1/followups/${c.id}/notes`, { key: other.secretKey, body: { text: 'x' } })).status).toBe(404);
    expect((await api.request('GET', '/v1/followups', { key: other.secretKey })).body.data).toHaveLength(0);
    const rule = (await api.request('GET', '/v1/followup-rules', { key: project.secretKey })).body.data[0];
    expect((await api.request('PATCH', `/v1/followup-rules/${rule.id}`, { key: other.secretKey, body: { enabled: false } })).status).toBe(404);
    expect((await api.request('DELETE', `/v1/followup-rules/${rule.id}`, { key: other.secretKey })).status).toBe(404);
  });

  it("meets this project's cases and rules exactly as unknown ones, and may not point its own at them", async () => {
    const { project, survey, answer, cases } = await setup();
    const { project: other, answer: answerOther } = await setup();
    await answer({ score: 0, person: { id: 'angry-1' } });
    await answerOther({ score: 0 });
    const [c] = await cases();
    const rule = await api.request('POST', '/v1/followup-rules', { key: project.secretKey, body: { name: 'All', surveyId: survey.id, conditions: {} } });
    expect(rule.status).toBe(201);
    const k = other.secretKey;
    await expectSameAsUnknown(k, 'GET', '/v1/followups/:id', c.id);
    await expectSameAsUnknown(k, 'PATCH', '/v1/followups/:id', c.id, { body: { status: 'dismissed' } });
    await expectSameAsUnknown(k, 'POST', '/v1/followups/:id/notes', c.id, { body: { text: 'x' } });
    // No mailer here: a reply is refused (409) before any lookup, for a foreign and an unknown case alike.
    await expectSameAsUnknown(k, 'POST', '/v1/followups/:id/reply', c.id, { body: { text: 'Sorry about that.' }, status: 409 });
    await expectSameAsUnknown(k, 'GET', '/v1/followup-rules/:id', rule.body.id);
    await expectSameAsUnknown(k, 'PATCH', '/v1/followup-rules/:id', rule.body.id, { body: { enabled: false } });
    await expectSameAsUnknown(k, 'DELETE', '/v1/followup-rules/:id', rule.body.id);
    // Filters and references naming this project's survey, person or response find or accept nothing more than unknown ones.
    await expectSameAsUnknown(k, 'GET', '/v1/followups?surveyId=:id', survey.id, { status: 200 });
    await expectSameAsUnknown(k, 'GET', '/v1/followups?personId=:id', c.personId, { status: 200 });
    const ownRule = (await api.request('GET', '/v1/followup-rules', { key: k })).body.data[0];
    const pointed = await api.request('POST', '/v1/followup-rules', { key: k, body: { name: 'Theirs', surveyId: survey.id, conditions: {} } });
    const pointedUnknown = await api.request('POST', '/v1/followup-rules', { key: k, body: { name: 'Theirs', surveyId: unknownLike(survey.id), conditions: {} } });
    expect(pointed.status).toBeGreaterThanOrEqual(400);
    expect(comparable(pointed, survey.id)).toEqual(comparable(pointedUnknown, unknownLike(survey.id)));
    const repointed = await api.request('PATCH', `/v1/followup-rules/${ownRule.id}`, { key: k, body: { surveyId: survey.id } });
    const repointedUnknown = await api.request('PATCH', `/v1/followup-rules/${ownRule.id}`, { key: k, body: { surveyId: unknownLike(survey.id) } });
    expect(repointed.status).toBeGreaterThanOrEqual(400);
    expect(comparable(repointed, survey.id)).toEqual(comparable(repointedUnknown, unknownLike(survey.id)));

    const theirCases = (await api.request('GET', '/v1/followups?limit=200', { key: k })).body.data as { id: string }[];
    expect(theirCases).toHaveLength(1);
    expect(theirCases.map((x) => x.id)).not.toContain(c.id);
    const theirRules = idsOf(await api.request('GET', '/v1/followup-rules', { key: k }));
    expect(theirRules).not.toContain(rule.body.id);
    // This project's case and rule are as they were.
    expect((await api.request('GET', `/v1/followups/${c.id}`, { key: project.secretKey })).body).toMatchObject({ status: 'open' });
    expect((await api.request('GET', `/v1/followup-rules/${rule.body.id}`, { key: project.secretKey })).body).toMatchObject({ enabled: true, surveyId: survey.id });
  });
});

describe('webhooks', () => {
  const dispatch = () => dispatchDueDeliveries(testDispatcherDeps(api.db.db, clock), { limit: 100 });

  it('needs a secret key: none or a wrong one is 401, a publishable or the admin key 403', async () => {
    const { project, endpoint } = await projectWithEndpoint(api, { url: receiver.url, events: ['response.created'] });
    const routes: [string, string, unknown?][] = [
      ['GET', '/v1/webhooks'],
      ['POST', '/v1/webhooks', { url: receiver.url, events: ['response.created'] }],
      ['GET', `/v1/webhooks/${endpoint.id}`],
      ['PATCH', `/v1/webhooks/${endpoint.id}`, { enabled: false }],
      ['DELETE', `/v1/webhooks/${endpoint.id}`],
      ['GET', `/v1/webhooks/${endpoint.id}/secret`],
      ['POST', `/v1/webhooks/${endpoint.id}/rotate-secret`, {}],
      ['POST', `/v1/webhooks/${endpoint.id}/test`],
      ['GET', `/v1/webhooks/${endpoint.id}/deliveries`],
    ];
    for (const [method, path, body] of routes) {
      const label = `${method} ${path}`;
      expect((await api.request(method, path, { key: null, body })).status, label).toBe(401);
      expect((await api.request(method, path, { key: 'sk_wrong_key_0123456789abcdefghij', body })).status, label).toBe(401);
      const publishable = await api.request(method, path, { key: project.publishableKey, body });
      expect(publishable.status, label).toBe(403);
      expect(publishable.body.error.code).toBe('forbidden');
      expect((await api.request(method, path, { key: api.adminKey, body })).status, label).toBe(403);
    }
    // Nothing above changed the endpoint.
    const still = await api.request('GET', `/v1/webhooks/${endpoint.id}`, { key: project.secretKey });
    expect(still.body).toMatchObject({ enabled: true });
    expect((await api.request('GET', `/v1/webhooks/${endpoint.id}/secret`, { key: project.secretKey })).body.secret).toBe(endpoint.secret);
  });

  it("another project's key sees 404 for every endpoint and delivery of this one, and changes nothing", async () => {
    receiver.received.length = 0;
    const { project, endpoint } = await projectWithEndpoint(api, { url: receiver.url, events: ['response.created'] });
    const ping = await api.request('POST', `/v1/webhooks/${endpoint.id}/test`, { key: project.secretKey });
    await dispatch();
    const other = await api.createProject('Someone else');
    const routes: [string, string, unknown?][] = [
      ['GET', `/v1/webhooks/${endpoint.id}`],
      ['PATCH', `/v1/webhooks/${endpoint.id}`, { url: `${receiver.url}/stolen` }],
      ['DELETE', `/v1/webhooks/${endpoint.id}`],
      ['GET', `/v1/webhooks/${endpoint.id}/secret`],
      ['POST', `/v1/webhooks/${endpoint.id}/rotate-secret`, {}],
      ['POST', `/v1/webhooks/${endpoint.id}/test`],
      ['GET', `/v1/webhooks/${endpoint.id}/deliveries`],
      ['GET', `/v1/webhooks/deliveries/${ping.body.id}`],
      ['POST', `/v1/webhooks/deliveries/${ping.body.id}/retry`],
    ];
    for (const [method, path, body] of routes) {
      const res = await api.request(method, path, { key: other.secretKey, body });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.code).toBe('not_found');
      expect(res.text).not.toContain(endpoint.secret);
    }
    expect((await api.request('GET', '/v1/webhooks', { key: other.secretKey })).body.data).toEqual([]);

    const mine = await api.request('GET', `/v1/webhooks/${endpoint.id}`, { key: project.secretKey });
    expect(mine.body).toMatchObject({ url: receiver.url, enabled: true });
    expect((await api.request('GET', `/v1/webhooks/${endpoint.id}/secret`, { key: project.secretKey })).body.secret).toBe(endpoint.secret);
    expect(receiver.received).toHaveLength(1); // the one ping; no retry or ping from the other project
  });

  it("meets this project's endpoints and deliveries exactly as unknown ones", async () => {
    const { project, endpoint } = await projectWithEndpoint(api, { url: receiver.url, events: ['response.created'] });
    const ping = await api.request('POST', `/v1/webhooks/${endpoint.id}/test`, { key: project.secretKey });
    expect(ping.status).toBe(202);
    const { project: other, endpoint: theirs } = await projectWithEndpoint(api, { url: receiver.url, events: ['response.created'] });
    const k = other.secretKey;
    await expectSameAsUnknown(k, 'GET', '/v1/webhooks/:id', endpoint.id);
    await expectSameAsUnknown(k, 'PATCH', '/v1/webhooks/:id', endpoint.id, { body: { enabled: false } });
    await expectSameAsUnknown(k, 'DELETE', '/v1/webhooks/:id', endpoint.id);
    await expectSameAsUnknown(k, 'GET', '/v1/webhooks/:id/secret', endpoint.id);
    await expectSameAsUnknown(k, 'POST', '/v1/webhooks/:id/rotate-secret', endpoint.id, { body: {} });
    await expectSameAsUnknown(k, 'POST', '/v1/webhooks/:id/test', endpoint.id);
    await expectSameAsUnknown(k, 'GET', '/v1/webhooks/:id/deliveries', endpoint.id);
    await expectSameAsUnknown(k, 'GET', '/v1/webhooks/deliveries/:id', ping.body.id);
    await expectSameAsUnknown(k, 'POST', '/v1/webhooks/deliveries/:id/retry', ping.body.id);
    expect(idsOf(await api.request('GET', '/v1/webhooks', { key: k }))).toEqual([theirs.id]);
    expect((await api.request('GET', `/v1/webhooks/${theirs.id}/deliveries`, { key: k })).body.data).toEqual([]);
  });
});

describe('themes', () => {
  let project: Project;
  let other: Project;
  beforeAll(async () => {
    project = await api.createProject('Themes A');
    other = await api.createProject('Themes B');
    const surveyId = await surveyOf(project);
    expect((await createTheme({ name: 'Support', keywords: { en: ['customer support', 'support'] } })).status).toBe(201);
    const answer = await api.request('POST', '/v1/responses', { key: project.publishableKey, body: { surveyId, score: 10, comment: 'Customer support answered within minutes.' } });
    expect(answer.body.themes).toEqual(['Support']);
  });
  const createTheme = (body: unknown, key = project.secretKey) => api.request('POST', '/v1/themes', { key, body });

  it('needs a secret key', async () => {
    expect((await api.request('GET', '/v1/themes')).status).toBe(401);
    expect((await api.request('GET', '/v1/themes', { key: 'sk_wrong' })).status).toBe(401);
    expect((await api.request('GET', '/v1/themes', { key: project.publishableKey })).status).toBe(403);
    expect((await createTheme({ name: 'X', keywords: { en: ['x'] } }, project.publishableKey)).status).toBe(403);
  });
  it("another project's key sees, edits and deletes none of this project's themes", async () => {
    const mine = (await api.request('GET', '/v1/themes', { key: project.secretKey })).body.data[0];
    expect((await api.request('GET', `/v1/themes/${mine.id}`, { key: other.secretKey })).status).toBe(404);
    expect((await api.request('PATCH', `/v1/themes/${mine.id}`, { key: other.secretKey, body: { name: 'Hacked' } })).status).toBe(404);
    expect((await api.request('DELETE', `/v1/themes/${mine.id}`, { key: other.secretKey })).status).toBe(404);
    expect((await api.request('GET', '/v1/themes', { key: other.secretKey })).body.data).toEqual([]);
    expect((await api.request('GET', `/v1/themes/${mine.id}`, { key: project.secretKey })).body.name).toBe(mine.name);
  });
  it("another project's theme of the same name neither conflicts nor touches this project's answers", async () => {
    const res = await createTheme({ name: 'Support', keywords: { en: ['minutes'] } }, other.secretKey);
    expect(res.status).toBe(201);
    expect(res.body.reapplied).toEqual({ scanned: 0, changed: 0 });
    const list = await api.request('GET', '/v1/responses?q=minutes', { key: project.secretKey });
    expect(list.body.data[0].themes).toEqual(['Support']); // "Customer support answered within minutes" via this project's theme
  });
  it("meets this project's themes exactly as unknown ones, and re-applies over its own answers only", async () => {
    const mine = (await api.request('GET', '/v1/themes', { key: project.secretKey })).body.data[0];
    await expectSameAsUnknown(other.secretKey, 'GET', '/v1/themes/:id', mine.id);
    await expectSameAsUnknown(other.secretKey, 'PATCH', '/v1/themes/:id', mine.id, { body: { keywords: { en: ['anything'] } } });
    await expectSameAsUnknown(other.secretKey, 'DELETE', '/v1/themes/:id', mine.id);
    const reapplied = await api.request('POST', '/v1/themes/reapply', { key: other.secretKey });
    expect(reapplied.body.reapplied).toEqual({ scanned: 0, changed: 0 });
    expect((await api.request('GET', '/v1/themes', { key: other.secretKey })).body.data.map((t: { id: string }) => t.id)).not.toContain(mine.id);
    expect((await api.request('GET', '/v1/responses?theme=Support', { key: other.secretKey })).body.data).toEqual([]);
  });
});

describe('insights', () => {
  let project: Project;
  let other: Project;
  let surveyId: string;
  // This project's comments in the period: the words B's key must never see.
  const current: [number, string, string | null][] = [
    [2, 'web', 'The price is too expensive.'],
    [3, 'email', '料金が高すぎます。'],
    [5, 'web', 'Support never answered my tickets.'],
    [7, 'email', 'Price is fine, support is slow.'],
    [9, 'web', 'Great support team, very helpful.'],
    [10, 'email', 'サポートが丁寧でした。'],
    [9, 'web', 'Love the dashboard.'],
    [4, 'web', 'サーバーが重いです'],
    [6, 'email', 'ｻｰﾊﾞｰが遅い'],
  ];
  async function seed(key: string, survey: string, at: string, rows: [number, string, string | null][]) {
    clock.set(at);
    for (const [score, channel, comment] of rows) {
      const res = await api.request('POST', '/v1/responses', { key, body: { surveyId: survey, score, channel, comment } });
      expect(res.status).toBe(201);
    }
  }
  beforeAll(async () => {
    project = await api.createProject('Insights A');
    other = await api.createProject('Insights B');
    surveyId = await surveyOf(project, 'Product NPS');
    const otherSurveyId = await surveyOf(other, 'Other NPS');
    const theme = (key: string, body: unknown) => api.request('POST', '/v1/themes', { key, body });
    expect((await theme(project.secretKey, { name: 'Pricing', keywords: { en: ['price', 'expensive'], ja: ['料金', '高い'] } })).status).toBe(201);
    expect((await theme(project.secretKey, { name: 'Support', keywords: { en: ['support'], ja: ['サポート'] } })).status).toBe(201);
    await seed(project.publishableKey, surveyId, '2026-06-02T10:00:00Z', current);
    // Same theme name, pricing complaints in the same period.
    expect((await theme(other.secretKey, { name: 'Pricing', keywords: { en: ['price'] } })).status).toBe(201);
    await seed(other.publishableKey, otherSurveyId, '2026-06-03T10:00:00Z', [
      [0, 'web', 'The price is outrageous'],
      [1, 'web', 'Price went up, the invoice is wrong'],
      [2, 'web', 'Price again, invoice again'],
    ]);
    clock.set('2026-06-20T00:00:00Z');
  });

  const RANGE = 'from=2026-06-01&to=2026-06-08';
  const insights = (query: string, key = project.secretKey) => api.request('GET', `/v1/insights/themes?${query}`, { key });
  const matrix = (query: string, key = project.secretKey) => api.request('GET', `/v1/insights/matrix?${query}`, { key });

  it('needs a secret key', async () => {
    for (const path of ['/v1/insights/themes', '/v1/insights/matrix']) {
      expect((await api.request('GET', path)).status).toBe(401);
      expect((await api.request('GET', path, { key: 'sk_wrong' })).status).toBe(401);
      expect((await api.request('GET', path, { key: project.publishableKey })).status).toBe(403);
    }
  });
  it("another project's key gets a 404 for this project's survey", async () => {
    expect((await insights(`surveyId=${surveyId}`, other.secretKey)).status).toBe(404);
    expect((await matrix(`surveyId=${surveyId}`, other.secretKey)).status).toBe(404);
  });
  it("another project's key sees only its own themes, comments and keyphrases", async () => {
    const res = await insights(`${RANGE}&minCount=1&discovered=50`, other.secretKey);
    expect(res.status).toBe(200);
    expect(res.body.comments).toMatchObject({ total: 3, detractors: 3, previousTotal: 0 });
    expect(res.body.data.filter((t: any) => t.source === 'defined').map((t: any) => [t.name, t.count])).toEqual([['Pricing', 3]]);
    const text = JSON.stringify(res.body);
    for (const word of ['Support', 'サーバ', 'dashboard', 'team', '料金', 'サポート']) expect(text).not.toContain(word);
    const cells = await matrix(RANGE, other.secretKey);
    expect(cells.body.columns).toEqual(['Pricing']);
    expect(cells.body.data).toMatchObject([{ key: 'web', total: { n: 3 } }]);
  });
  it("meets this project's survey exactly as an unknown one", async () => {
    await expectSameAsUnknown(other.secretKey, 'GET', `/v1/insights/themes?${RANGE}&surveyId=:id`, surveyId);
    await expectSameAsUnknown(other.secretKey, 'GET', `/v1/insights/matrix?${RANGE}&rows=survey&surveyId=:id`, surveyId);
    const bySurvey = await matrix(`rows=survey&${RANGE}`, other.secretKey);
    expect(bySurvey.body.data.map((r: { key: string }) => r.key)).not.toContain(surveyId);
  });
});

describe('email links', () => {
  let project: Project;
  let surveyId: string;
  beforeAll(async () => {
    project = await api.createProject('Links');
    surveyId = await surveyOf(project, 'Email NPS');
  });

  it('refuses to create links with a publishable key', async () => {
    const res = await api.request('POST', `/v1/surveys/${surveyId}/links`, { key: project.publishableKey, body: { person: { id: 'a' } } });
    expect(res.status).toBe(403);
  });
  it("cannot create links for another project's survey", async () => {
    const other = await api.createProject('Other');
    const res = await api.request('POST', `/v1/surveys/${surveyId}/links`, { key: other.secretKey, body: { person: { id: 'a' } } });
    expect(res.status).toBe(404);
  });
  it("meets this project's survey exactly as an unknown one, and makes no person of this project", async () => {
    const other = await api.createProject('Other links');
    await expectSameAsUnknown(other.secretKey, 'POST', '/v1/surveys/:id/links', surveyId, { body: { person: { id: 'link-target' } } });
    expect((await api.request('GET', '/v1/people?externalId=link-target', { key: project.secretKey })).body.data).toEqual([]);
  });
});

describe('widget', () => {
  let project: Project;
  beforeAll(async () => {
    project = await api.createProject('Widget');
  });
  const config = (query: string, key = project.publishableKey) => api.request('GET', `/v1/widget/config?${query}`, { key });
  const createSurvey = async () => {
    const res = await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'NPS' } });
    expect(res.status).toBe(201);
    return res.body as { id: string };
  };

  it('needs a key, and a revoked or made-up one is refused', async () => {
    expect((await config('', null as unknown as string)).status).toBe(401);
    expect((await config('', 'pk_made_up_key_000000000000000000')).status).toBe(401);
  });
  it("never shows another project's surveys", async () => {
    const other = await api.createProject('Other');
    const survey = await createSurvey();
    const res = await config('', other.publishableKey);
    expect(res.status).toBe(200);
    expect(res.body.surveys.map((s: { id: string }) => s.id)).not.toContain(survey.id);
    const dismiss = await api.request('POST', '/v1/widget/dismiss', { key: other.publishableKey, body: { surveyId: survey.id } });
    expect(dismiss.status).toBe(404);
  });
  it("meets this project's survey exactly as an unknown one, with either of its keys", async () => {
    const other = await api.createProject('Other widget');
    const survey = await createSurvey();
    for (const key of [other.publishableKey, other.secretKey]) {
      await expectSameAsUnknown(key, 'POST', '/v1/widget/dismiss', survey.id, { body: { surveyId: ':id', personId: 'p-1' } });
      expect((await config('personId=p-1', key)).body.surveys.map((s: { id: string }) => s.id)).not.toContain(survey.id);
    }
  });
});

describe('members and invitations', () => {
  it("meets this project's members and invitations exactly as unknown ones, and lists none of them", async () => {
    const project = await api.createProject('Team A');
    const other = await api.createProject('Team B');
    const joined = await api.request('POST', '/v1/members', { key: project.secretKey, body: { email: 'joined@example.com', role: 'admin' } });
    expect(joined.status).toBe(201);
    const token = joined.body.inviteUrl.split('/invite/')[1];
    expect((await api.request('POST', '/v1/auth/invites/accept', { body: { token, password: 'joined-password-1', name: 'Joined' } })).status).toBe(200);
    const pending = await api.request('POST', '/v1/members', { key: project.secretKey, body: { email: 'pending@example.com' } });
    expect(pending.status).toBe(201);
    const member = (await api.request('GET', '/v1/members', { key: project.secretKey })).body.data[0];
    expect(member).toMatchObject({ email: 'joined@example.com' });

    const k = other.secretKey;
    await expectSameAsUnknown(k, 'PATCH', '/v1/members/:id', member.userId, { body: { role: 'member' } });
    await expectSameAsUnknown(k, 'DELETE', '/v1/members/:id', member.userId);
    await expectSameAsUnknown(k, 'DELETE', '/v1/members/invites/:id', pending.body.id);
    expect((await api.request('GET', '/v1/members', { key: k })).body.data).toEqual([]);
    expect((await api.request('GET', '/v1/members/invites', { key: k })).body.data).toEqual([]);
    // Inviting this project's member into B makes only an invitation, never a membership.
    const invited = await api.request('POST', '/v1/members', { key: k, body: { email: 'joined@example.com' } });
    expect(invited.status).toBe(201);
    expect((await api.request('GET', '/v1/members', { key: k })).body.data).toEqual([]);
    // A follow-up of B cannot be given to A's member: as if no such user existed.
    const survey = await surveyOf(other);
    await api.request('POST', '/v1/responses', { key: other.publishableKey, body: { surveyId: survey, score: 0 } });
    const [c] = (await api.request('GET', '/v1/followups', { key: k })).body.data;
    const assign = await api.request('PATCH', `/v1/followups/${c.id}`, { key: k, body: { assigneeId: member.userId } });
    const assignUnknown = await api.request('PATCH', `/v1/followups/${c.id}`, { key: k, body: { assigneeId: unknownLike(member.userId) } });
    expect(assign.status).toBe(422);
    expect(comparable(assign, member.userId)).toEqual(comparable(assignUnknown, unknownLike(member.userId)));
    // A's team is untouched.
    const team = await api.request('GET', '/v1/members', { key: project.secretKey });
    expect(team.body.data).toMatchObject([{ userId: member.userId, role: 'admin' }]);
    expect(idsOf(await api.request('GET', '/v1/members/invites', { key: project.secretKey }))).toContain(pending.body.id);
  });
});

describe('the publishable key on secret-only routes', () => {
  it('is refused with 403 on every one of them, and changes nothing', async () => {
    const project = await api.createProject('Everything');
    const k = project.secretKey;
    const surveyId = await surveyOf(project);
    const answer = await api.request('POST', '/v1/responses', { key: k, body: { surveyId, score: 1, comment: 'Slow', person: { id: 'pk-1', email: 'pk@example.com' } } });
    const caseId = (await api.request('GET', '/v1/followups', { key: k })).body.data[0].id;
    const ruleId = (await api.request('GET', '/v1/followup-rules', { key: k })).body.data[0].id;
    const theme = await api.request('POST', '/v1/themes', { key: k, body: { name: 'Speed', keywords: { en: ['slow'] } } });
    const hook = await api.request('POST', '/v1/webhooks', { key: k, body: { url: receiver.url, events: ['response.created'] } });
    const ping = await api.request('POST', `/v1/webhooks/${hook.body.id}/test`, { key: k });
    const invite = await api.request('POST', '/v1/members', { key: k, body: { email: 'someone@example.com' } });
    const keyId = idsOf(await api.request('GET', '/v1/project/keys', { key: k }))[0];
    for (const res of [answer, theme, hook, invite]) expect(res.status).toBe(201);
    expect(ping.status).toBe(202);

    const routes: [string, string, unknown?][] = [
      ['GET', '/v1/project'],
      ['PATCH', '/v1/project', { name: 'Taken' }],
      ['GET', '/v1/project/keys'],
      ['POST', '/v1/project/keys', { kind: 'secret', name: 'Mine now' }],
      ['DELETE', `/v1/project/keys/${keyId}`],
      ['GET', '/v1/project/identity-secret'],
      ['POST', '/v1/project/identity-secret/rotate'],
      ['GET', '/v1/surveys'],
      ['POST', '/v1/surveys', { name: 'x' }],
      ['GET', `/v1/surveys/${surveyId}`],
      ['PATCH', `/v1/surveys/${surveyId}`, { name: 'x' }],
      ['DELETE', `/v1/surveys/${surveyId}`],
      ['POST', `/v1/surveys/${surveyId}/links`, { person: { id: 'a' } }],
      ['GET', '/v1/responses'],
      ['GET', `/v1/responses/${answer.body.id}`],
      ['GET', '/v1/responses/export.csv'],
      ['GET', '/v1/people'],
      ['GET', `/v1/people/${answer.body.personId}`],
      ['GET', '/v1/metrics/nps'],
      ['GET', '/v1/metrics/nps/trend'],
      ['GET', '/v1/metrics/nps/compare?from=2026-01-01&to=2026-02-01&previousFrom=2025-12-01&previousTo=2026-01-01'],
      ['GET', '/v1/metrics/scores'],
      ['GET', '/v1/metrics/followups'],
      ['GET', '/v1/followups'],
      ['GET', `/v1/followups/${caseId}`],
      ['PATCH', `/v1/followups/${caseId}`, { status: 'dismissed' }],
      ['POST', `/v1/followups/${caseId}/notes`, { text: 'x' }],
      ['POST', `/v1/followups/${caseId}/reply`, { text: 'x' }],
      ['GET', '/v1/followup-rules'],
      ['POST', '/v1/followup-rules', { name: 'x', conditions: {} }],
      ['GET', `/v1/followup-rules/${ruleId}`],
      ['PATCH', `/v1/followup-rules/${ruleId}`, { enabled: false }],
      ['DELETE', `/v1/followup-rules/${ruleId}`],
      ['GET', '/v1/webhooks'],
      ['POST', '/v1/webhooks', { url: receiver.url, events: ['response.created'] }],
      ['GET', `/v1/webhooks/${hook.body.id}`],
      ['PATCH', `/v1/webhooks/${hook.body.id}`, { enabled: false }],
      ['DELETE', `/v1/webhooks/${hook.body.id}`],
      ['GET', `/v1/webhooks/${hook.body.id}/secret`],
      ['POST', `/v1/webhooks/${hook.body.id}/rotate-secret`, {}],
      ['POST', `/v1/webhooks/${hook.body.id}/test`],
      ['GET', `/v1/webhooks/${hook.body.id}/deliveries`],
      ['GET', `/v1/webhooks/deliveries/${ping.body.id}`],
      ['POST', `/v1/webhooks/deliveries/${ping.body.id}/retry`],
      ['GET', '/v1/themes'],
      ['POST', '/v1/themes', { name: 'x', keywords: { en: ['x'] } }],
      ['POST', '/v1/themes/reapply'],
      ['GET', `/v1/themes/${theme.body.id}`],
      ['PATCH', `/v1/themes/${theme.body.id}`, { name: 'x' }],
      ['DELETE', `/v1/themes/${theme.body.id}`],
      ['GET', '/v1/insights/themes'],
      ['GET', '/v1/insights/matrix'],
      ['GET', '/v1/members'],
      ['POST', '/v1/members', { email: 'intruder@example.com' }],
      ['GET', '/v1/members/invites'],
      ['DELETE', `/v1/members/invites/${invite.body.id}`],
      ['PATCH', '/v1/members/usr_0000000000000000', { role: 'admin' }],
      ['DELETE', '/v1/members/usr_0000000000000000'],
    ];
    for (const [method, path, body] of routes) {
      const res = await api.request(method, path, { key: project.publishableKey, body });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code, `${method} ${path}`).toBe('forbidden');
    }
    // Nothing above took effect.
    expect((await api.request('GET', '/v1/project', { key: k })).body.name).toBe('Everything');
    expect(idsOf(await api.request('GET', '/v1/surveys', { key: k }))).toEqual([surveyId]);
    expect((await api.request('GET', `/v1/followups/${caseId}`, { key: k })).body.status).toBe('open');
    expect((await api.request('GET', `/v1/followup-rules/${ruleId}`, { key: k })).body.enabled).toBe(true);
    expect(idsOf(await api.request('GET', '/v1/webhooks', { key: k }))).toEqual([hook.body.id]);
    expect((await api.request('GET', `/v1/webhooks/${hook.body.id}/secret`, { key: k })).body.secret).toBe(hook.body.secret);
    expect(idsOf(await api.request('GET', '/v1/themes', { key: k }))).toEqual([theme.body.id]);
    expect(idsOf(await api.request('GET', '/v1/project/keys', { key: k }))).toHaveLength(2);
    expect(idsOf(await api.request('GET', '/v1/members/invites', { key: k }))).toEqual([invite.body.id]);
  });
});
