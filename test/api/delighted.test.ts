// The Delighted-compatible API (/delighted/v1) over plain HTTP: authentication, tenancy, input errors,
// pagination, the shapes and filters Delighted's clients rely on. The official client itself drives a real
// server in test/api/delighted-client.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type RequestOptions, type TestApi } from '../support/api';
import { testClock } from '../support/clock';

const clock = testClock(new Date('2026-07-01T00:00:00.000Z'));
let api: TestApi;
let project: Awaited<ReturnType<TestApi['createProject']>>;
let other: Awaited<ReturnType<TestApi['createProject']>>;

const basic = (key: string) => ({ authorization: `Basic ${btoa(`${key}:`)}` });
const call = (method: string, path: string, key: string, options: Omit<RequestOptions, 'key'> = {}) =>
  api.request(method, `/delighted/v1${path}`, { ...options, key: null, headers: { ...basic(key), ...options.headers } });
const unix = (iso: string) => Date.parse(iso) / 1000;

async function personWith(email: string, key = project.secretKey) {
  const res = await call('POST', '/people.json', key, { body: { email, send: false } });
  expect(res.status).toBe(200);
  return res.body as { id: string; email: string };
}

async function answer(person: string, score: number, at: string, extra: Record<string, unknown> = {}) {
  clock.set(at);
  const res = await call('POST', '/survey_responses.json', project.secretKey, { body: { person, score, ...extra } });
  expect(res.status, res.text).toBe(201);
  return res.body as Record<string, any>;
}

beforeAll(async () => {
  api = await startTestApi({ clock });
  project = await api.createProject('Delighted orphans');
  other = await api.createProject('Someone else');
});
afterAll(() => api.close());

describe('authentication', () => {
  it('answers 401 in Delighted\'s shape without a key, with a wrong one, and with the publishable key', async () => {
    const none = await api.request('GET', '/delighted/v1/metrics.json', { key: null });
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ status: 401, message: expect.any(String) });
    expect((await call('GET', '/metrics.json', 'sk_live_not_a_real_key')).status).toBe(401);
    expect((await call('GET', '/metrics.json', project.publishableKey)).status).toBe(401);
    expect((await call('GET', '/metrics.json', project.secretKey)).status).toBe(200);
  });

  it('routes with and without the .json suffix alike, and answers unknown paths 404 in its shape', async () => {
    const a = await call('GET', '/bounces', project.secretKey);
    const b = await call('GET', '/bounces.json', project.secretKey);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body).toEqual([]); // Kizuna records no bounces
    const missing = await call('GET', '/surveys.json', project.secretKey);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ status: 404, message: expect.any(String) });
  });
});

describe('people', () => {
  it('creates a person, then updates the same person when the email comes again', async () => {
    const created = await call('POST', '/people', project.secretKey, {
      body: { email: 'Ada@example.com', name: 'Ada', properties: { plan: 'pro', locale: 'ja' } },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ email: 'Ada@example.com', name: 'Ada', created_at: unix('2026-07-01T00:00:00Z'), properties: { plan: 'pro' } });
    // No mail configured here: the send is minted (its eleven links returned) but not emailed.
    expect(created.body.survey_scheduled_at).toBeNull();
    expect(created.body.survey_link).toMatchObject({ emailed: false });
    expect(created.body.survey_link.links).toHaveLength(11);
    expect(created.body.survey_link.links[10].url).toMatch(/\/s\/lnk_\w+\/10\//);

    const again = await call('POST', '/people.json', project.secretKey, { body: { email: 'ada@EXAMPLE.com', name: 'Ada L.', properties: { seats: 3 }, send: false } });
    expect(again.body).toMatchObject({ id: created.body.id, name: 'Ada L.', properties: { plan: 'pro', seats: 3 } });
    expect(again.body.survey_link).toBeNull();

    const byId = await call('GET', `/people/${created.body.id}.json`, project.secretKey);
    expect(byId.body).toMatchObject({ id: created.body.id, name: 'Ada L.' });
    expect((await call('GET', '/people/email:ADA@example.com', project.secretKey)).body.id).toBe(created.body.id);
    expect((await call('GET', `/people/${created.body.id}`, other.secretKey)).status).toBe(404);
  });

  it('refuses what it cannot store or do with 422 and the field', async () => {
    const bad = await call('POST', '/people.json', project.secretKey, { body: { email: 'not an email' } });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ status: 422, errors: [{ field: 'email' }] });
    const sms = await call('POST', '/people.json', project.secretKey, { body: { email: 'sms@example.com', channel: 'sms' } });
    expect(sms.status).toBe(422);
    expect(sms.body.errors[0].field).toBe('channel');
    const notJson = await call('POST', '/people.json', project.secretKey, { rawBody: '{', headers: { 'content-type': 'application/json' } });
    expect(notJson.status).toBe(400);
  });

  it('pages through everyone oldest first with an absolute Link header', async () => {
    const fresh = await api.createProject('Paging');
    for (const n of [1, 2, 3]) {
      clock.set(`2026-07-0${n}T12:00:00.000Z`);
      await personWith(`p${n}@example.com`, fresh.secretKey);
    }
    const first = await call('GET', '/people.json?per_page=2', fresh.secretKey);
    expect(first.body.map((p: { email: string }) => p.email)).toEqual(['p1@example.com', 'p2@example.com']);
    const link = /^<([^>]+)>; rel="next"$/.exec(first.headers.get('link') ?? '')?.[1];
    expect(link).toMatch(/^https?:\/\/[^/]+\/delighted\/v1\/people\.json\?per_page=2&page_info=/);
    const url = new URL(link!);
    const second = await call('GET', `${url.pathname.replace('/delighted/v1', '')}${url.search}`, fresh.secretKey);
    expect(second.body.map((p: { email: string }) => p.email)).toEqual(['p3@example.com']);
    expect(second.headers.get('link')).toBeNull();
  });

  it('deletes a person by id or by email; their answers stay, without them; another project\'s key gets 404', async () => {
    const person = await personWith('leaving@example.com');
    const kept = await answer(person.id, 4, '2026-07-02T00:00:00.000Z', { comment: 'Too slow' });
    expect((await call('DELETE', `/people/${person.id}`, other.secretKey)).status).toBe(404);
    const gone = await call('DELETE', `/people/${encodeURIComponent('email:Leaving@example.com')}`, project.secretKey);
    expect(gone.status).toBe(202);
    expect(gone.body).toEqual({ ok: true });
    expect((await call('DELETE', `/people/${person.id}`, project.secretKey)).status).toBe(404);
    const stored = await call('GET', `/survey_responses/${kept.id}.json`, project.secretKey);
    expect(stored.body).toMatchObject({ score: 4, comment: 'Too slow', person: null });
  });
});

describe('survey responses', () => {
  let alice: { id: string };
  let bob: { id: string };
  const ids: string[] = [];

  beforeAll(async () => {
    alice = await personWith('alice@example.com');
    bob = await personWith('bob@example.com');
    ids.push((await answer(alice.id, 10, '2026-08-01T10:00:00.000Z', { comment: 'Love it', person_properties: { plan: 'pro' } })).id);
    ids.push((await answer(bob.id, 6, '2026-08-02T10:00:00.000Z', { comment: 'Slow support' })).id);
    ids.push((await answer(alice.id, 8, '2026-08-03T10:00:00.000Z')).id);
  });

  it('stores an answer through the ingest path and shows it in Delighted\'s shape', async () => {
    const res = await call('GET', `/survey_responses/${ids[0]}`, project.secretKey);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: ids[0],
      person: alice.id,
      survey_type: 'nps',
      score: 10,
      comment: 'Love it',
      created_at: unix('2026-08-01T10:00:00Z'),
      updated_at: unix('2026-08-01T10:00:00Z'),
      person_properties: { plan: 'pro' },
      notes: [],
      additional_answers: [],
    });
    expect(res.body.permalink).toMatch(new RegExp(`/people/${alice.id}#${ids[0]}$`));
    // The same answer as Kizuna's own API sees it, analysed at ingest.
    const kizuna = await api.request('GET', `/v1/responses/${ids[1]}`, { key: project.secretKey });
    expect(kizuna.body).toMatchObject({ channel: 'api', sentimentLabel: 'negative' });
  });

  it('refuses bad answers with 422 and names the field', async () => {
    const score = await call('POST', '/survey_responses', project.secretKey, { body: { person: alice.id, score: 11 } });
    expect(score.status).toBe(422);
    expect(score.body.errors[0].field).toBe('score');
    const nobody = await call('POST', '/survey_responses', project.secretKey, { body: { person: 'per_nobody', score: 5 } });
    expect(nobody.status).toBe(422);
    expect(nobody.body.errors[0].field).toBe('person');
    // Another project's person is nobody here.
    const theirs = await personWith('theirs@example.com', other.secretKey);
    expect((await call('POST', '/survey_responses', project.secretKey, { body: { person: theirs.id, score: 5 } })).status).toBe(422);
  });

  it('lists oldest first, filters by time (since inclusive, until exclusive), person and order, and expands', async () => {
    const list = async (query: string) => (await call('GET', `/survey_responses.json?${query}`, project.secretKey)).body.map((r: { id: string }) => r.id);
    const window = `since=${unix('2026-08-01T10:00:00Z')}&until=${unix('2026-08-03T10:00:00Z')}`;
    expect(await list(window)).toEqual([ids[0], ids[1]]);
    expect(await list(`${window}&order=desc`)).toEqual([ids[1], ids[0]]);
    expect(await list(`since=${unix('2026-08-01T00:00:00Z')}&person_id=${alice.id}`)).toEqual([ids[0], ids[2]]);
    expect(await list(`since=${unix('2026-08-01T00:00:00Z')}&person_email=BOB@example.com`)).toEqual([ids[1]]);

    const expanded = await call('GET', `/survey_responses.json?${window}&expand[]=person&expand[]=notes`, project.secretKey);
    expect(expanded.body[0].person).toMatchObject({ id: alice.id, email: 'alice@example.com' });
    const plain = await call('GET', `/survey_responses/${ids[1]}?expand=person`, project.secretKey);
    expect(plain.body.person).toMatchObject({ id: bob.id, email: 'bob@example.com' });

    // Bob's 6 opened a follow-up (the default rule); the team's note on it is the answer's note.
    const cases = await api.request('GET', `/v1/followups?personId=${bob.id}`, { key: project.secretKey });
    const note = await api.request('POST', `/v1/followups/${cases.body.data[0].id}/notes`, { key: project.secretKey, body: { text: 'Called him back' } });
    expect(note.status).toBe(201);
    const withNotes = await call('GET', `/survey_responses/${ids[1]}?expand[]=notes`, project.secretKey);
    expect(withNotes.body.notes).toEqual([{ id: expect.any(String), text: 'Called him back', user_email: null, created_at: expect.any(Number) }]);
    expect(withNotes.body.person).toBe(bob.id);
  });

  it('pages with per_page and page, with an absolute Link to the next page', async () => {
    const since = `since=${unix('2026-08-01T00:00:00Z')}`;
    const first = await call('GET', `/survey_responses?${since}&per_page=2`, project.secretKey);
    expect(first.body.map((r: { id: string }) => r.id)).toEqual([ids[0], ids[1]]);
    const link = /^<([^>]+)>; rel="next"$/.exec(first.headers.get('link') ?? '')?.[1];
    expect(link).toMatch(/^https?:\/\/[^/]+\/delighted\/v1\/survey_responses\?since=\d+&per_page=2&page=2$/);
    const second = await call('GET', `/survey_responses?${since}&per_page=2&page=2`, project.secretKey);
    expect(second.body.map((r: { id: string }) => r.id)).toEqual([ids[2]]);
    expect((await call('GET', '/survey_responses?per_page=101', project.secretKey)).status).toBe(422);
  });

  it('changes an answer by PUT, with the id in the path or in the body', async () => {
    clock.set('2026-08-05T00:00:00.000Z');
    const byPath = await call('PUT', `/survey_responses/${ids[2]}`, project.secretKey, { body: { score: 9, comment: 'Better now' } });
    expect(byPath.status).toBe(200);
    expect(byPath.body).toMatchObject({ id: ids[2], score: 9, comment: 'Better now', updated_at: unix('2026-08-05T00:00:00Z') });
    const byBody = await call('PUT', '/survey_responses.json', project.secretKey, { body: { id: ids[2], score: 7, person_properties: { seen: 'yes' } } });
    expect(byBody.body).toMatchObject({ score: 7, comment: 'Better now', person_properties: { seen: 'yes' } });
    const changed = await call('GET', `/survey_responses?updated_since=${unix('2026-08-05T00:00:00Z')}&updated_until=${unix('2026-08-06T00:00:00Z')}`, project.secretKey);
    expect(changed.body.map((r: { id: string }) => r.id)).toEqual([ids[2]]);
    const byUpdate = await call('GET', `/survey_responses?since=${unix('2026-08-01T00:00:00Z')}&order=desc:updated_at`, project.secretKey);
    expect(byUpdate.body[0].id).toBe(ids[2]);
    expect((await call('PUT', '/survey_responses', project.secretKey, { body: { score: 7 } })).status).toBe(422);
    expect((await call('PUT', `/survey_responses/${ids[2]}`, other.secretKey, { body: { score: 1 } })).status).toBe(404);
    expect((await call('GET', `/survey_responses/${ids[2]}`, other.secretKey)).status).toBe(404);
  });
});

describe('which survey', () => {
  it('answers go to the oldest published survey, or to the one named by trend; without one, a paused one is made', async () => {
    clock.set('2026-11-01T00:00:00.000Z');
    const fresh = await api.createProject('Surveys');
    const key = fresh.secretKey;
    const p = await personWith('s@example.com', key);
    const made = await call('POST', '/survey_responses', key, { body: { person: p.id, score: 9 } });
    const surveys = (await api.request('GET', '/v1/surveys', { key })).body.data;
    expect(surveys).toMatchObject([{ id: made.body.survey_id, name: 'Delighted API', status: 'paused' }]);

    clock.advance(60_000); // the made survey stays the oldest
    const second = (await api.request('POST', '/v1/surveys', { key, body: { name: 'Onboarding' } })).body;
    const byTrend = await call('POST', '/survey_responses', key, { body: { person: p.id, score: 7, trend: second.id } });
    expect(byTrend.body.survey_id).toBe(second.id);
    expect((await call('POST', '/survey_responses', key, { body: { person: p.id, score: 7 } })).body.survey_id).toBe(made.body.survey_id);
    const unknown = await call('POST', '/survey_responses', key, { body: { person: p.id, score: 7, trend: 'srv_unknown' } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].field).toBe('trend');
    const listed = await call('GET', `/survey_responses?trend=${second.id}`, key);
    expect(listed.body.map((r: { id: string }) => r.id)).toEqual([byTrend.body.id]);
  });

  it('refuses to change the score of an answer stored without an idempotency key', async () => {
    const fresh = await api.createProject('No key');
    const key = fresh.secretKey;
    const survey = (await api.request('POST', '/v1/surveys', { key, body: { name: 'NPS' } })).body;
    const stored = (await api.request('POST', '/v1/responses', { key, body: { surveyId: survey.id, score: 5 } })).body;
    const res = await call('PUT', `/survey_responses/${stored.id}`, key, { body: { score: 6 } });
    expect(res.status).toBe(422);
    expect((await call('GET', `/survey_responses/${stored.id}`, key)).body.score).toBe(5);
  });
});

describe('metrics', () => {
  it('computes NPS over the last 30 days by default, or over since/until', async () => {
    const fresh = await api.createProject('Metrics');
    const key = fresh.secretKey;
    const p = await personWith('m@example.com', key);
    for (const [at, score] of [['2026-09-01', 10], ['2026-09-02', 9], ['2026-09-03', 7], ['2026-09-04', 3], ['2026-06-01', 0]] as const) {
      clock.set(`${at}T00:00:00.000Z`);
      expect((await call('POST', '/survey_responses', key, { body: { person: p.id, score } })).status).toBe(201);
    }
    clock.set('2026-09-10T00:00:00.000Z');
    const recent = await call('GET', '/metrics.json', key);
    expect(recent.body).toEqual({
      nps: 25,
      promoter_count: 2,
      promoter_percent: 50,
      passive_count: 1,
      passive_percent: 25,
      detractor_count: 1,
      detractor_percent: 25,
      response_count: 4,
    });
    const june = await call('GET', `/metrics?since=${unix('2026-06-01T00:00:00Z')}&until=${unix('2026-06-02T00:00:00Z')}`, key);
    expect(june.body).toMatchObject({ nps: -100, detractor_count: 1, response_count: 1 });
  });
});

describe('unsubscribes', () => {
  it('records an unsubscribe, lists it with its person, and sends that address no survey', async () => {
    const fresh = await api.createProject('Unsubscribes');
    const key = fresh.secretKey;
    clock.set('2026-10-01T00:00:00.000Z');
    const person = await personWith('quiet@example.com', key);
    const res = await call('POST', '/unsubscribes.json', key, { body: { person_email: 'Quiet@example.com' } });
    expect(res.body).toEqual({ ok: true });
    expect((await call('POST', '/unsubscribes.json', key, { body: { person_email: 'nope' } })).status).toBe(422);
    const list = await call('GET', '/unsubscribes', key);
    expect(list.body).toEqual([{ person_id: person.id, email: 'Quiet@example.com', name: null, unsubscribed_at: unix('2026-10-01T00:00:00Z') }]);
    const resend = await call('POST', '/people', key, { body: { email: 'quiet@example.com' } });
    expect(resend.body).toMatchObject({ id: person.id, survey_link: null, survey_scheduled_at: null });
    expect((await call('GET', '/unsubscribes', other.secretKey)).body).toEqual([]);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After once a key is over its limit', async () => {
    const limited = await startTestApi({ config: { delightedRateLimitPerKey: 2 } });
    try {
      const mine = await limited.createProject();
      const hit = () => limited.request('GET', '/delighted/v1/bounces.json', { key: null, headers: basic(mine.secretKey) });
      expect((await hit()).status).toBe(200);
      expect((await hit()).status).toBe(200);
      const over = await hit();
      expect(over.status).toBe(429);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(over.body).toMatchObject({ status: 429 });
    } finally {
      await limited.close();
    }
  });
});
