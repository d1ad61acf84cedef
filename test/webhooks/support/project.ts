import type { TestApi } from '../../support/api';

/** A project with one survey and one webhook endpoint; returns what the tests need. */
export async function projectWithEndpoint(api: TestApi, endpoint: Record<string, unknown>) {
  const project = await api.createProject();
  const survey = await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'Relationship NPS' } });
  if (survey.status !== 201) throw new Error(`survey: ${survey.status} ${survey.text}`);
  const hook = await api.request('POST', '/v1/webhooks', { key: project.secretKey, body: endpoint });
  if (hook.status !== 201) throw new Error(`webhook: ${hook.status} ${hook.text}`);
  return { project, surveyId: survey.body.id as string, endpoint: hook.body as { id: string; secret: string } };
}

export async function answer(api: TestApi, key: string, body: Record<string, unknown>) {
  const res = await api.request('POST', '/v1/responses', { key, body });
  if (res.status !== 201 && res.status !== 200) throw new Error(`answer: ${res.status} ${res.text}`);
  return res.body as { id: string; score: number };
}
