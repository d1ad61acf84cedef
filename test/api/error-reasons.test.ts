// Issue 19, bug 11: an error names its case and its fields well enough for a client to say it in its own
// language. The envelope keeps code and message (clients rely on them) and adds `reason` and, per field,
// a required marker and the limit broken.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
let project: Awaited<ReturnType<TestApi['createProject']>>;
beforeAll(async () => {
  api = await startTestApi();
  project = await api.createProject('Errors');
});
afterAll(() => api.close());

describe('error envelope', () => {
  it('a whitespace-only survey name is a required field, named, not just an invalid body', async () => {
    const res = await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: '   ' } });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'validation_failed', message: 'The request body is not valid.' });
    expect(res.body.error.details).toEqual([{ path: 'name', code: 'too_small', reason: 'required', message: 'Required.', minimum: 1 }]);
  });

  it('a name over its limit says the limit', async () => {
    const res = await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'x'.repeat(201) } });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'name', code: 'too_big', maximum: 200 })]);
    expect(res.body.error.details[0].reason).toBeUndefined();
  });

  it('a conflict names its reason next to its code and message', async () => {
    const theme = { name: 'Billing', keywords: { en: ['invoice'] } };
    expect((await api.request('POST', '/v1/themes', { key: project.secretKey, body: theme })).status).toBe(201);
    const again = await api.request('POST', '/v1/themes', { key: project.secretKey, body: theme });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'conflict', reason: 'theme_name_taken' });
    expect(again.body.error.message).toContain('already exists');

    const draft = await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'Later', status: 'draft' } });
    const links = await api.request('POST', `/v1/surveys/${draft.body.id}/links`, { key: project.secretKey, body: { person: { email: 'a@example.com' } } });
    expect(links.body.error).toMatchObject({ code: 'conflict', reason: 'survey_is_draft' });
  });

  it('an error without a finer case has no reason at all', async () => {
    const res = await api.request('GET', '/v1/surveys/srv_nope', { key: project.secretKey });
    expect(res.status).toBe(404);
    expect(Object.keys(res.body.error).sort()).toEqual(['code', 'message', 'requestId']);
  });
});
