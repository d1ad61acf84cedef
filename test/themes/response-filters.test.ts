// The responses list and CSV export filtered by stored theme names and sentiment labels.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';

type Project = Awaited<ReturnType<TestApi['createProject']>>;

let api: TestApi;
let project: Project;
let other: Project;
const ids: Record<string, string> = {};

beforeAll(async () => {
  api = await startTestApi();
  project = await api.createProject('Filters A');
  other = await api.createProject('Filters B');
  const theme = (p: Project, body: unknown) => api.request('POST', '/v1/themes', { key: p.secretKey, body });
  await theme(project, { name: 'Delivery', keywords: { en: ['delivery', 'shipping'], ja: ['配送'] } });
  await theme(project, { name: 'Say "hi"', keywords: { en: ['hello'] } });
  await theme(other, { name: 'Delivery', keywords: { en: ['delivery'] } });
  const answer = async (p: Project, name: string, score: number, comment: string) => {
    const surveyId = (await api.request('POST', '/v1/surveys', { key: p.secretKey, body: { name: 'NPS' } })).body.id;
    const res = await api.request('POST', '/v1/responses', { key: p.publishableKey, body: { surveyId, score, comment } });
    ids[name] = res.body.id;
    return res.body;
  };
  await answer(project, 'lateDelivery', 2, 'The delivery was late and the box was damaged. Terrible.');
  await answer(project, 'goodDelivery', 10, 'Fast shipping, excellent, thank you!');
  await answer(project, 'jaDelivery', 3, '配送が遅くて最悪でした。');
  await answer(project, 'hello', 9, 'Hello team, I love the new app!');
  await answer(project, 'plain', 5, 'The app crashes every day, awful.');
  await answer(other, 'theirs', 1, 'The delivery never arrived. Awful.');
});
afterAll(() => api.close());

const list = async (query: string, key = project.secretKey) => {
  const res = await api.request('GET', `/v1/responses?limit=100&${query}`, { key });
  expect(res.status).toBe(200);
  return res.body.data.map((r: { id: string }) => r.id).sort();
};
const idsOf = (...names: string[]) => names.map((n) => ids[n]).sort();

describe('GET /v1/responses?theme=&sentiment=', () => {
  it('theme= returns the answers whose comment matched the theme, in both languages', async () => {
    expect(await list('theme=Delivery')).toEqual(idsOf('lateDelivery', 'goodDelivery', 'jaDelivery'));
    expect(await list(`theme=${encodeURIComponent('Say "hi"')}`)).toEqual(idsOf('hello'));
  });
  it('theme names match exactly', async () => {
    expect(await list('theme=delivery')).toEqual([]);
    expect(await list('theme=Deliv')).toEqual([]);
    expect(await list(`theme=${encodeURIComponent('"]')}`)).toEqual([]);
  });
  it('sentiment= filters by the stored label, alone and with theme=', async () => {
    expect(await list('theme=Delivery&sentiment=negative')).toEqual(idsOf('lateDelivery', 'jaDelivery'));
    expect(await list('theme=Delivery&sentiment=positive')).toEqual(idsOf('goodDelivery'));
    expect(await list('sentiment=positive')).toEqual(idsOf('goodDelivery', 'hello'));
    expect(await list('sentiment=negative')).toEqual(idsOf('lateDelivery', 'jaDelivery', 'plain'));
    expect(await list('sentiment=neutral')).toEqual([]);
  });
  it('the CSV export takes the same filters', async () => {
    const res = await api.request('GET', '/v1/responses/export.csv?theme=Delivery&sentiment=negative&bom=false', { key: project.secretKey });
    expect(res.status).toBe(200);
    const lines = res.text.trim().split(/\r?\n/);
    expect(lines).toHaveLength(3); // header + 2
    expect(res.text).toContain(ids.lateDelivery);
    expect(res.text).toContain(ids.jaDelivery);
  });
  it('rejects an unknown sentiment and an over-long theme', async () => {
    for (const query of ['sentiment=angry', `theme=${'x'.repeat(201)}`]) {
      const res = await api.request('GET', `/v1/responses?${query}`, { key: project.secretKey });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('bad_request');
    }
  });
  it("never returns another project's answers, even for a theme of the same name", async () => {
    expect(await list('theme=Delivery', other.secretKey)).toEqual(idsOf('theirs'));
    expect(await list('sentiment=negative', other.secretKey)).toEqual(idsOf('theirs'));
    expect((await api.request('GET', '/v1/responses?theme=Delivery', { key: project.publishableKey })).status).toBe(403);
  });
});
