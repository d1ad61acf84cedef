import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';
import { testClock } from '../support/clock';

// GET /v1/widget/config and POST /v1/widget/dismiss, in-process.

let api: TestApi;
let project: { id: string; secretKey: string; publishableKey: string };
const clock = testClock();
const DAY = 86_400_000;

async function createSurvey(body: Record<string, unknown> = {}) {
  const res = await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'NPS', ...body } });
  expect(res.status).toBe(201);
  return res.body as { id: string };
}

const config = (query: string, key = project.publishableKey) => api.request('GET', `/v1/widget/config?${query}`, { key });
// The reason behind a decision is told to the secret key only (the publishable key hears show / not now).
const decision = async (query: string, surveyId: string) =>
  ((await config(query, project.secretKey)).body.surveys as { id: string; show: boolean; reason: string }[]).find((s) => s.id === surveyId);

beforeAll(async () => {
  api = await startTestApi({ clock });
  project = await api.createProject();
});
afterAll(() => api.close());

describe('GET /v1/widget/config — happy path', () => {
  it('lists active surveys with texts, appearance and a decision, and is never cached', async () => {
    const survey = await createSurvey({ question: { en: 'Recommend Acme?' }, appearance: { brandColor: '#0a7d38' } });
    const paused = await createSurvey({ status: 'paused' });
    const res = await config('url=https://shop.example/home');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const ids = res.body.surveys.map((s: { id: string }) => s.id);
    expect(ids).toContain(survey.id);
    expect(ids).not.toContain(paused.id);
    const mine = res.body.surveys.find((s: { id: string }) => s.id === survey.id);
    expect(mine).toMatchObject({
      question: { en: 'Recommend Acme?', ja: expect.any(String) },
      followUpQuestion: { en: expect.any(String), ja: expect.any(String) },
      appearance: { brandColor: '#0a7d38', position: 'bottom-right' },
      targeting: { delaySeconds: 5, recontactDays: 90, maxDismissals: 3 },
      show: true,
    });
    expect(mine).not.toHaveProperty('reason');
  });

  it('applies URL rules and sampling', async () => {
    const survey = await createSurvey({ targeting: { urlInclude: ['/app/*'], urlExclude: ['/app/admin'] } });
    expect((await decision('url=https://x.example/app/home', survey.id))?.show).toBe(false); // "/app/*" must match the whole URL
    const full = await createSurvey({ targeting: { urlInclude: ['https://x.example/app/*'], urlExclude: ['/admin'] } });
    expect((await decision('url=https://x.example/app/home', full.id))?.reason).toBe('ok');
    expect((await decision('url=https://x.example/app/admin/users', full.id))?.reason).toBe('url');
    const never = await createSurvey({ targeting: { sampleRate: 0 } });
    expect((await decision('anonymousId=a1', never.id))?.reason).toBe('sampled_out');
  });

  it('keeps an identified person out for the recontact period after they answered, on any device', async () => {
    const survey = await createSurvey();
    expect((await decision('personId=user-1', survey.id))?.show).toBe(true);
    const answer = await api.request('POST', '/v1/responses', {
      key: project.publishableKey,
      body: { surveyId: survey.id, score: 9, person: { id: 'user-1' }, channel: 'web' },
    });
    expect(answer.status).toBe(201);
    expect((await decision('personId=user-1', survey.id))?.reason).toBe('recontact_period');
    expect((await decision('personId=user-2', survey.id))?.show).toBe(true);
    clock.advance(91 * DAY);
    expect((await decision('personId=user-1', survey.id))?.show).toBe(true);
  });

  it('counts dismissals across devices and stops at the maximum', async () => {
    const survey = await createSurvey({ targeting: { recontactDays: 1, maxDismissals: 2 } });
    for (let i = 0; i < 2; i++) {
      const res = await api.request('POST', '/v1/widget/dismiss', {
        key: project.publishableKey,
        body: { surveyId: survey.id, personId: 'user-9', anonymousId: 'device-a' },
      });
      expect(res.status).toBe(201);
      expect((await decision('personId=user-9', survey.id))?.reason).toBe('recontact_period');
      clock.advance(2 * DAY);
    }
    expect((await decision('personId=user-9', survey.id))?.reason).toBe('dismissed_too_often');
  });
});

describe('widget routes — errors', () => {
  it('rejects a dismissal of an unknown survey with 404 and a bad body with 422', async () => {
    const unknown = await api.request('POST', '/v1/widget/dismiss', { key: project.publishableKey, body: { surveyId: 'srv_nope' } });
    expect(unknown.status).toBe(404);
    const bad = await api.request('POST', '/v1/widget/dismiss', { key: project.publishableKey, body: { personId: 'x' } });
    expect(bad.status).toBe(422);
  });
});

// Keys and other projects: test/security/tenant-isolation.test.ts.
describe('widget routes — CORS', () => {
  it('answers the CORS preflight for any origin (origins are checked by the key)', async () => {
    const res = await api.fetch(
      new Request('http://kizuna.test/v1/widget/config', {
        method: 'OPTIONS',
        headers: { origin: 'https://shop.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      }),
    );
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
  });
});
