import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
let project: Awaited<ReturnType<TestApi['createProject']>>;
let other: Awaited<ReturnType<TestApi['createProject']>>;
beforeAll(async () => {
  api = await startTestApi();
  project = await api.createProject('Surveys A');
  other = await api.createProject('Surveys B');
});
afterAll(() => api.close());

const create = (body: unknown, key = project.secretKey) => api.request('POST', '/v1/surveys', { key, body });

describe('surveys — happy path', () => {
  it('creates an NPS survey with default texts in English and Japanese', async () => {
    const res = await create({ name: 'Onboarding', kind: 'nps' });
    expect(res.status).toBe(201);
    expect(res.body.id).toMatch(/^srv_/);
    expect(res.body).toMatchObject({ name: 'Onboarding', kind: 'nps', status: 'active', defaultLocale: 'en' });
    expect(res.body.question.en).toMatch(/recommend/);
    expect(res.body.question.ja).toMatch(/すすめ/);
    expect(res.body.followUpQuestion.en).toBeTruthy();
    expect(res.body.followUpQuestion.ja).toBeTruthy();
    expect(res.body.targeting).toMatchObject({ recontactDays: 90, sampleRate: 1 });
    expect(res.body).not.toHaveProperty('projectId');
  });

  it('keeps given texts and fills only the missing language', async () => {
    const res = await create({ name: 'Support', question: { ja: 'サポートをすすめますか？' }, followUpQuestion: { detractor: { en: 'What went wrong?' } } });
    expect(res.body.question).toEqual({ en: expect.stringMatching(/recommend/), ja: 'サポートをすすめますか？' });
    expect(res.body.followUpQuestion.detractor).toEqual({ en: 'What went wrong?' });
  });

  it('reads, lists newest first with a cursor, patches and archives', async () => {
    const ids: string[] = [];
    for (const name of ['s1', 's2', 's3']) ids.push((await create({ name }, other.secretKey)).body.id);
    const got = await api.request('GET', `/v1/surveys/${ids[0]}`, { key: other.secretKey });
    expect(got.body.name).toBe('s1');

    const page1 = await api.request('GET', '/v1/surveys?limit=2', { key: other.secretKey });
    expect(page1.body.data.map((s: { name: string }) => s.name)).toEqual(['s3', 's2']);
    expect(page1.body.nextCursor).toBeTruthy();
    const page2 = await api.request('GET', `/v1/surveys?limit=2&cursor=${page1.body.nextCursor}`, { key: other.secretKey });
    expect(page2.body.data.map((s: { name: string }) => s.name)).toEqual(['s1']);
    expect(page2.body.nextCursor).toBeNull();

    const patched = await api.request('PATCH', `/v1/surveys/${ids[0]}`, {
      key: other.secretKey,
      body: { status: 'paused', targeting: { delaySeconds: 12 }, appearance: { brandColor: '#ff0066' }, question: { en: 'Would you recommend Acme?' } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.status).toBe('paused');
    expect(patched.body.targeting).toMatchObject({ delaySeconds: 12, recontactDays: 90 });
    expect(patched.body.appearance.brandColor).toBe('#ff0066');
    expect(patched.body.question).toMatchObject({ en: 'Would you recommend Acme?', ja: expect.any(String) });

    expect((await api.request('DELETE', `/v1/surveys/${ids[0]}`, { key: other.secretKey })).status).toBe(204);
    expect((await api.request('GET', `/v1/surveys/${ids[0]}`, { key: other.secretKey })).status).toBe(404);
    const list = await api.request('GET', '/v1/surveys', { key: other.secretKey });
    expect(list.body.data.map((s: { id: string }) => s.id)).not.toContain(ids[0]);
  });
});

describe('surveys — errors', () => {
  it.each([
    [{}, 'name'],
    [{ name: '' }, 'name'],
    [{ name: 'x', kind: 'csat' }, 'kind'],
    [{ name: 'x', appearance: { brandColor: 'red' } }, 'appearance.brandColor'],
    [{ name: 'x', targeting: { sampleRate: 2 } }, 'targeting.sampleRate'],
    [{ name: 'x', defaultLocale: 'fr' }, 'defaultLocale'],
    [{ name: 'x', question: { en: 'a'.repeat(501) } }, 'question.en'],
  ])('rejects %j with a 422 naming %s', async (body, path) => {
    const res = await create(body);
    expect(res.status).toBe(422);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it('rejects a bad cursor and a limit over 100', async () => {
    expect((await api.request('GET', '/v1/surveys?cursor=garbage', { key: project.secretKey })).status).toBe(400);
    expect((await api.request('GET', '/v1/surveys?limit=101', { key: project.secretKey })).status).toBe(400);
  });

  it('answers 404 for an unknown survey', async () => {
    expect((await api.request('GET', '/v1/surveys/srv_nope', { key: project.secretKey })).status).toBe(404);
    expect((await api.request('PATCH', '/v1/surveys/srv_nope', { key: project.secretKey, body: { name: 'x' } })).status).toBe(404);
    expect((await api.request('DELETE', '/v1/surveys/srv_nope', { key: project.secretKey })).status).toBe(404);
  });
});

// Keys and other projects: test/security/tenant-isolation.test.ts.
