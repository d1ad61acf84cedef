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
