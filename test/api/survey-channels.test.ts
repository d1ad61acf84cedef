// A survey's channels: where it is asked. 'web' puts it in the widget (GET /v1/widget/surveys and the older
// GET /v1/widget/config), 'email' lets links be made for it (POST /v1/surveys/:id/links and the Delighted-compatible
// send). By default both, as every survey was before the setting existed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
let project: Awaited<ReturnType<TestApi['createProject']>>;
beforeAll(async () => {
  api = await startTestApi();
  project = await api.createProject('Channels');
});
afterAll(() => api.close());

async function createSurvey(body: Record<string, unknown>) {
  const res = await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'NPS', ...body } });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; channels: string[] };
}
/** As the browser asks: the key in the URL. */
const publicSurveys = (headers: Record<string, string> = {}) =>
  api.request('GET', `/v1/widget/surveys?key=${project.publishableKey}`, { key: null, headers });
const publicIds = async () => {
  const res = await publicSurveys();
  expect(res.status).toBe(200);
  return (res.body.surveys as { id: string }[]).map((s) => s.id);
};
const configIds = async (key = project.publishableKey) => {
  const res = await api.request('GET', '/v1/widget/config?personId=user-1', { key });
  expect(res.status).toBe(200);
  return (res.body.surveys as { id: string }[]).map((s) => s.id);
};
const contactIds = async (ids: string[]) => {
  const res = await api.request('GET', `/v1/widget/contact?key=${project.publishableKey}&personId=user-1&surveys=${ids.join(',')}`, { key: null });
  expect(res.status).toBe(200);
  return (res.body.surveys as { id: string }[]).map((s) => s.id);
};
const makeLinks = (id: string) =>
  api.request('POST', `/v1/surveys/${id}/links`, { key: project.secretKey, body: { person: { email: 'aiko@example.com' } } });

describe('survey channels in the API', () => {
  it('a survey is asked on the web and by email unless told otherwise, and says so in every reply', async () => {
    const survey = await createSurvey({});
    expect(survey.channels).toEqual(['web', 'email']);
    expect((await api.request('GET', `/v1/surveys/${survey.id}`, { key: project.secretKey })).body.channels).toEqual(['web', 'email']);
    const list = await api.request('GET', '/v1/surveys', { key: project.secretKey });
    expect(list.body.data).toContainEqual(expect.objectContaining({ id: survey.id, channels: ['web', 'email'] }));
    expect(await publicIds()).toContain(survey.id);
    expect((await makeLinks(survey.id)).status).toBe(201);
  });

  it('keeps one of each in one order, and refuses no channel, an unknown one or more than two', async () => {
    expect((await createSurvey({ channels: ['email', 'web'] })).channels).toEqual(['web', 'email']);
    expect((await createSurvey({ channels: ['email', 'email'] })).channels).toEqual(['email']);
    for (const channels of [[], ['sms'], 'web', ['web', 'email', 'web'], null]) {
      const res = await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'Bad', channels } });
      expect(res.status, JSON.stringify(channels)).toBe(422);
      expect(res.body.error.details).toContainEqual(expect.objectContaining({ path: expect.stringMatching(/^channels/) }));
    }
    const survey = await createSurvey({});
    const patched = await api.request('PATCH', `/v1/surveys/${survey.id}`, { key: project.secretKey, body: { channels: [] } });
    expect(patched.status).toBe(422);
  });
});

describe('an email-only survey', () => {
  it('is never offered by the widget, in either of its calls, while links are made for it', async () => {
    const web = await createSurvey({ name: 'On the site' });
    const email = await createSurvey({ name: 'In the newsletter', channels: ['email'] });
    expect(email.channels).toEqual(['email']);

    expect(await publicIds()).toContain(web.id);
    expect(await publicIds()).not.toContain(email.id);
    expect(await configIds()).toContain(web.id);
    expect(await configIds()).not.toContain(email.id);
    // The secret key's config (a targeting rule's debugging) leaves it out too: it is not a widget survey.
    expect(await configIds(project.secretKey)).not.toContain(email.id);
    // Asked about it by id, the contact half does not answer for it either.
    expect(await contactIds([web.id, email.id])).toEqual([web.id]);

    const links = await makeLinks(email.id);
    expect(links.status).toBe(201);
    expect(links.body.links).toHaveLength(11);
  });

  it('leaves the widget the moment its channels change, under a new ETag, and comes back when the web is added', async () => {
    const survey = await createSurvey({ name: 'Moving' });
    const first = await publicSurveys();
    const etag = first.headers.get('etag')!;
    expect((first.body.surveys as { id: string }[]).map((s) => s.id)).toContain(survey.id);
    expect((await publicSurveys({ 'if-none-match': etag })).status).toBe(304);

    const emailOnly = await api.request('PATCH', `/v1/surveys/${survey.id}`, { key: project.secretKey, body: { channels: ['email'] } });
    expect(emailOnly.status).toBe(200);
    expect(emailOnly.body.channels).toEqual(['email']);
    // A browser or CDN holding the old reply revalidates and gets the new one, without the survey.
    const after = await publicSurveys({ 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect((after.body.surveys as { id: string }[]).map((s) => s.id)).not.toContain(survey.id);

    const both = await api.request('PATCH', `/v1/surveys/${survey.id}`, { key: project.secretKey, body: { channels: ['web', 'email'] } });
    expect(both.body.channels).toEqual(['web', 'email']);
    const back = await publicSurveys({ 'if-none-match': after.headers.get('etag')! });
    expect(back.status).toBe(200);
    expect((back.body.surveys as { id: string }[]).map((s) => s.id)).toContain(survey.id);
  });

  it('a PATCH of other fields keeps the channels', async () => {
    const survey = await createSurvey({ channels: ['email'] });
    const res = await api.request('PATCH', `/v1/surveys/${survey.id}`, { key: project.secretKey, body: { name: 'Renamed' } });
    expect(res.body).toMatchObject({ name: 'Renamed', channels: ['email'] });
  });
});

describe('a web-only survey', () => {
  it('is in the widget, and refuses links with a reason the dashboard can say in its own words', async () => {
    const survey = await createSurvey({ name: 'Site only', channels: ['web'] });
    expect(await publicIds()).toContain(survey.id);
    const refused = await makeLinks(survey.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'conflict', reason: 'survey_not_for_email' });
    expect(refused.body.error.message).toMatch(/web only/);
  });

  it('is passed over by the Delighted-compatible send, which mails the oldest survey asked by email', async () => {
    const fresh = await api.createProject('Delighted channels');
    const create = (body: Record<string, unknown>) => api.request('POST', '/v1/surveys', { key: fresh.secretKey, body: { name: 'NPS', ...body } });
    const webOnly = (await create({ name: 'Site', channels: ['web'] })).body as { id: string };
    const byEmail = (await create({ name: 'Mail' })).body as { id: string };
    const basic = { authorization: `Basic ${btoa(`${fresh.secretKey}:`)}` };
    const sent = await api.request('POST', '/delighted/v1/people.json', { key: null, headers: basic, body: { email: 'kenji@example.com' } });
    expect(sent.status, sent.text).toBe(200);
    const link = new URL((sent.body.survey_link.links as { score: number; url: string }[])[9]!.url);
    const click = await api.request('GET', link.pathname + link.search, { key: null });
    expect(click.status).toBe(200);
    const answers = await api.request('GET', '/v1/responses', { key: fresh.secretKey });
    expect(answers.body.data).toEqual([expect.objectContaining({ surveyId: byEmail.id, score: 9 })]);
    expect(answers.body.data[0].surveyId).not.toBe(webOnly.id);
  });
});
