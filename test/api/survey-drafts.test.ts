// Issue 19, bug 4: a survey can be a draft — never in the widget, no email links — until it is published;
// archived surveys leave every list. The API's default stays 'active', as documented (README, Surveys).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
let project: Awaited<ReturnType<TestApi['createProject']>>;
beforeAll(async () => {
  api = await startTestApi();
  project = await api.createProject('Drafts');
});
afterAll(() => api.close());

const widgetSurveyIds = async () => {
  const res = await api.request('GET', '/v1/widget/config', { key: project.publishableKey });
  expect(res.status).toBe(200);
  return (res.body.surveys as { id: string }[]).map((s) => s.id);
};
const makeLinks = (id: string) =>
  api.request('POST', `/v1/surveys/${id}/links`, { key: project.secretKey, body: { person: { email: 'aiko@example.com' } } });

describe('draft surveys', () => {
  it('a created survey is still live by default, as the API documents', async () => {
    const res = await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'Live at once' } });
    expect(res.body.status).toBe('active');
    expect(await widgetSurveyIds()).toContain(res.body.id);
  });

  it('a draft is listed but never shown by the widget nor mailed, until it is published', async () => {
    const created = await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'Not ready', status: 'draft' } });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('draft');
    const id = created.body.id as string;

    const list = await api.request('GET', '/v1/surveys', { key: project.secretKey });
    expect(list.body.data).toContainEqual(expect.objectContaining({ id, status: 'draft' }));
    expect(await widgetSurveyIds()).not.toContain(id);
    const refused = await makeLinks(id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('conflict');

    const published = await api.request('PATCH', `/v1/surveys/${id}`, { key: project.secretKey, body: { status: 'active' } });
    expect(published.body.status).toBe('active');
    expect(await widgetSurveyIds()).toContain(id);
    expect((await makeLinks(id)).status).toBe(201);
  });

  it('refuses a status it does not know', async () => {
    const res = await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'x', status: 'archived' } });
    expect(res.status).toBe(422);
  });

  it('an archived survey leaves the list and the widget', async () => {
    const { body } = await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'Old' } });
    expect((await api.request('DELETE', `/v1/surveys/${body.id}`, { key: project.secretKey })).status).toBe(204);
    const list = await api.request('GET', '/v1/surveys', { key: project.secretKey });
    expect((list.body.data as { id: string }[]).map((s) => s.id)).not.toContain(body.id);
    expect(await widgetSurveyIds()).not.toContain(body.id);
  });
});
