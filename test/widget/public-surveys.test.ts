import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';
import { testClock } from '../support/clock';

// A page view in two halves: GET /v1/widget/surveys (the same for every visitor, cacheable by browsers and
// CDNs) and GET /v1/widget/contact (one identified customer, asked only when a survey would show).

let api: TestApi;
let project: { id: string; secretKey: string; publishableKey: string };
const clock = testClock();
const DAY = 86_400_000;

async function createSurvey(body: Record<string, unknown> = {}) {
  const res = await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'NPS', ...body } });
  expect(res.status).toBe(201);
  return res.body as { id: string };
}

/** As a browser sends it: the key in the URL, no Authorization header (a simple request, no preflight). */
const get = (path: string, headers: Record<string, string> = {}) => api.request('GET', path, { key: null, headers });
const surveysOf = (key = project.publishableKey, headers: Record<string, string> = {}) => get(`/v1/widget/surveys?key=${key}`, headers);
const contact = async (personId: string, surveyIds: string[]) => {
  const res = await get(`/v1/widget/contact?key=${project.publishableKey}&personId=${encodeURIComponent(personId)}&surveys=${surveyIds.join(',')}`);
  // In the project's order of surveys, which a frozen test clock leaves to the ids: compared as a set.
  if (res.status === 200) res.body.surveys.sort((a: { id: string }, b: { id: string }) => surveyIds.indexOf(a.id) - surveyIds.indexOf(b.id));
  return res;
};

beforeAll(async () => {
  api = await startTestApi({ clock });
  project = await api.createProject('Two halves');
});
afterAll(() => api.close());

describe('GET /v1/widget/surveys — what every visitor gets', () => {
  it('lists the live surveys with texts, looks and every targeting rule, and may be cached by anyone', async () => {
    const survey = await createSurvey({
      question: { en: 'Recommend Acme?' },
      targeting: { urlInclude: ['https://shop.example/*'], urlExclude: ['/admin'], sampleRate: 0.25, delaySeconds: 3 },
    });
    const paused = await createSurvey({ status: 'paused' });
    const res = await surveysOf(project.publishableKey, { origin: 'https://shop.example' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=600');
    expect(res.headers.get('etag')).toMatch(/^W\/"surveys-\d+-[0-9a-f]{8}-\d+"$/);
    // The widget's words in both languages come with the surveys.
    expect(res.body.labels.ja).toMatchObject({ send: '送信', low: 'まったく思わない' });
    expect(res.body.labels.en).toMatchObject({ send: 'Send', close: 'Close' });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(res.headers.get('vary')).toContain('Origin');
    const ids = res.body.surveys.map((s: { id: string }) => s.id);
    expect(ids).toContain(survey.id);
    expect(ids).not.toContain(paused.id);
    const mine = res.body.surveys.find((s: { id: string }) => s.id === survey.id);
    expect(mine).toMatchObject({
      question: { en: 'Recommend Acme?' },
      targeting: { urlInclude: ['https://shop.example/*'], urlExclude: ['/admin'], sampleRate: 0.25, delaySeconds: 3, recontactDays: 90, maxDismissals: 3 },
    });
    // Nothing about the visitor: no decision, no reason.
    expect(mine).not.toHaveProperty('show');
    expect(mine).not.toHaveProperty('reason');
  });

  it('revalidates with a 304 and no body while nothing changed, and names a new reply once a survey changes', async () => {
    const survey = await createSurvey();
    const first = await surveysOf();
    const etag = first.headers.get('etag')!;
    const again = await surveysOf(project.publishableKey, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('cache-control')).toContain('public');
    // One tag among several, as browsers and CDNs may send.
    expect((await surveysOf(project.publishableKey, { 'if-none-match': `W/"other", ${etag}` })).status).toBe(304);

    const edit = await api.request('PATCH', `/v1/surveys/${survey.id}`, { key: project.secretKey, body: { question: { en: 'Changed?' } } });
    expect(edit.status).toBe(200);
    const changed = await surveysOf(project.publishableKey, { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(changed.body.surveys.find((s: { id: string }) => s.id === survey.id).question.en).toBe('Changed?');
  });

  it('takes only the publishable key, and only from an allowed origin', async () => {
    expect((await get('/v1/widget/surveys')).status).toBe(401);
    expect((await surveysOf('pk_not_a_real_key_0000000000000000')).status).toBe(401);
    // A secret key is refused even though it is valid: it does not belong in a URL.
    expect((await surveysOf(project.secretKey)).status).toBe(403);

    const guarded = await api.createProject('Guarded');
    const origins = await api.request('PATCH', '/v1/project', {
      key: guarded.secretKey,
      body: { allowedOrigins: ['https://shop.example'] },
    });
    expect(origins.status).toBe(200);
    expect((await surveysOf(guarded.publishableKey, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await surveysOf(guarded.publishableKey)).status).toBe(403);
    expect((await surveysOf(guarded.publishableKey, { origin: 'https://shop.example' })).status).toBe(200);
  });

  it("never lists another project's surveys", async () => {
    const other = await api.createProject('Other');
    const theirs = await api.request('POST', '/v1/surveys', { key: other.secretKey, body: { name: 'Theirs' } });
    expect(theirs.status).toBe(201);
    const ids = (await surveysOf()).body.surveys.map((s: { id: string }) => s.id);
    expect(ids).not.toContain(theirs.body.id);
  });
});

describe('GET /v1/widget/contact — may this customer be asked now', () => {
  it('says not now during the recontact period after an answer, per survey, and is never cached', async () => {
    const asked = await createSurvey({ targeting: { recontactDays: 30 } });
    const other = await createSurvey();
    const before = await contact('cus_contact', [asked.id, other.id]);
    expect(before.status).toBe(200);
    expect(before.headers.get('cache-control')).toBe('private, no-store');
    expect(before.body.surveys).toEqual([
      { id: asked.id, show: true },
      { id: other.id, show: true },
    ]);
    const answer = await api.request('POST', '/v1/responses', {
      key: project.publishableKey,
      body: { surveyId: asked.id, score: 8, person: { id: 'cus_contact' }, channel: 'web' },
    });
    expect(answer.status).toBe(201);
    const after = await contact('cus_contact', [asked.id, other.id]);
    expect(after.body.surveys).toEqual([
      { id: asked.id, show: false },
      { id: other.id, show: true },
    ]);
    // Someone else is not affected, and the period ends.
    expect((await contact('cus_someone_else', [asked.id])).body.surveys).toEqual([{ id: asked.id, show: true }]);
    clock.advance(31 * DAY);
    expect((await contact('cus_contact', [asked.id])).body.surveys).toEqual([{ id: asked.id, show: true }]);
  });

  it('counts dismissals across devices up to the limit', async () => {
    const survey = await createSurvey({ targeting: { recontactDays: 1, maxDismissals: 2 } });
    for (let i = 0; i < 2; i++) {
      const res = await api.request('POST', '/v1/widget/dismiss', {
        key: project.publishableKey,
        body: { surveyId: survey.id, personId: 'cus_dismisser', anonymousId: `device-${i}` },
      });
      expect(res.status).toBe(201);
      expect((await contact('cus_dismisser', [survey.id])).body.surveys).toEqual([{ id: survey.id, show: false }]);
      clock.advance(2 * DAY);
    }
    expect((await contact('cus_dismisser', [survey.id])).body.surveys).toEqual([{ id: survey.id, show: false }]);
  });

  it("leaves out ids that are not the project's live surveys, and refuses a request without a person or surveys", async () => {
    const live = await createSurvey();
    const paused = await createSurvey({ status: 'paused' });
    const other = await api.createProject('Elsewhere');
    const theirs = await api.request('POST', '/v1/surveys', { key: other.secretKey, body: { name: 'Theirs' } });
    const res = await contact('cus_x', [live.id, paused.id, theirs.body.id, 'srv_nope']);
    expect(res.status).toBe(200);
    expect(res.body.surveys).toEqual([{ id: live.id, show: true }]);
    expect((await get(`/v1/widget/contact?key=${project.publishableKey}&surveys=${live.id}`)).status).toBe(400);
    expect((await get(`/v1/widget/contact?key=${project.publishableKey}&personId=cus_x`)).status).toBe(400);
    expect((await get(`/v1/widget/contact?key=${project.secretKey}&personId=cus_x&surveys=${live.id}`)).status).toBe(403);
  });
});
