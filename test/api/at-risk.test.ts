import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AT_RISK_WEIGHTS as W } from '../../server/services/people/at-risk-weights';
import { createSmtpMailer } from '../../server/mail/smtp';
import { startFollowUpApi } from '../followups/support/api';
import { startSmtpServer } from '../followups/support/smtp';
import { startTestApi, type TestApi } from '../support/api';
import { testClock } from '../support/clock';
import { describeInProcess } from '../support/target';

// Hand-made customers, each with its own reason(s) to be at risk, seen at NOW. Every detractor answer opens a
// case due 48 hours later (the project's default rule); two cases get another due time by hand.
const NOW = '2026-03-10T12:00:00.000Z';
const clock = testClock(new Date('2026-03-01T00:00:00.000Z'));
let api: TestApi;
let project: Awaited<ReturnType<TestApi['createProject']>>;
let other: Awaited<ReturnType<TestApi['createProject']>>;
let surveyId: string;
const personIds = new Map<string, string>();
const caseIds = new Map<string, string>();

const send = (method: string, path: string, body?: unknown, key = project.secretKey) => api.request(method, path, { key, body });

async function answer(at: string, externalId: string, score: number, traits: Record<string, unknown>, comment?: string) {
  clock.set(at);
  const res = await send('POST', '/v1/responses', { surveyId, score, comment, channel: 'api', person: { id: externalId, name: `Name ${externalId}`, email: `${externalId}@example.com`, traits } });
  if (res.status !== 201) throw new Error(res.text);
}

beforeAll(async () => {
  api = await startTestApi({ clock });
  project = await api.createProject();
  other = await api.createProject();
  surveyId = (await send('POST', '/v1/surveys', { name: 'NPS' })).body.id;
  const enterprise = { plan: 'enterprise' };
  const pro = { plan: 'pro' };
  // alice: 9, then 3 with an angry comment; her case (due 03-07 12:00) is 72 hours overdue and never answered (5 days).
  await answer('2026-03-01T00:00:00.000Z', 'alice', 9, enterprise);
  await answer('2026-03-05T12:00:00.000Z', 'alice', 3, enterprise, 'Terrible support, I hate this product and it is awful.');
  // bob: a detractor since yesterday; his case is not due yet.
  await answer('2026-03-09T12:00:00.000Z', 'bob', 5, pro);
  // carol: 10, then 7 with a mildly negative comment (about -0.23, above the threshold): a drop only.
  await answer('2026-03-02T00:00:00.000Z', 'carol', 10, pro);
  await answer('2026-03-08T00:00:00.000Z', 'carol', 7, pro, 'A bit slow sometimes.');
  // dave: a passive with a clearly negative comment (about -0.64).
  await answer('2026-03-09T00:00:00.000Z', 'dave', 8, enterprise, 'Support was slow and unhelpful.');
  // erin: a promoter with nothing wrong.
  await answer('2026-03-03T00:00:00.000Z', 'erin', 9, enterprise);
  await answer('2026-03-09T00:00:00.000Z', 'erin', 10, enterprise, 'Great product, love it!');
  // frank: a detractor whose case opened 4.5 days ago got a later due time: unanswered, not overdue.
  await answer('2026-03-06T00:00:00.000Z', 'frank', 4, pro);
  // gina: a 2 yesterday morning, then a 9; her case's due time was moved to 12 hours ago: overdue only.
  await answer('2026-03-09T00:00:00.000Z', 'gina', 2, pro);
  await answer('2026-03-09T06:00:00.000Z', 'gina', 9, pro);

  for (const name of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'gina']) {
    const found = await send('GET', `/v1/people?externalId=${name}`);
    personIds.set(found.body.data[0].id, name);
  }
  const cases = await send('GET', '/v1/followups?limit=200');
  for (const c of cases.body.data as { id: string; personId: string }[]) caseIds.set(personIds.get(c.personId)!, c.id);
  clock.set('2026-03-09T12:00:00.000Z');
  for (const [name, dueAt] of [['frank', '2026-03-12T00:00:00.000Z'], ['gina', '2026-03-10T00:00:00.000Z']] as const) {
    const res = await send('PATCH', `/v1/followups/${caseIds.get(name)}`, { dueAt });
    if (res.status !== 200) throw new Error(res.text);
  }
  clock.set(NOW);
});
afterAll(() => api.close());

type Item = { id: string; externalId: string; score: number; reasons: unknown[]; openFollowUpId: string | null; latestAnswer: { score: number } };
const ranking = (body: { data: Item[] }) => body.data.map((item) => [item.externalId, item.score]);

describe('GET /v1/people/at-risk', () => {
  it('ranks each customer by the weights of their reasons, and leaves out a promoter with nothing wrong', async () => {
    const res = await send('GET', '/v1/people/at-risk');
    expect(res.status).toBe(200);
    expect(res.body.weights).toEqual(W);
    expect(res.body.thresholds).toMatchObject({ detractorMaxScore: 6, scoreDropMin: 3, unansweredDays: 3 });
    expect(ranking(res.body)).toEqual([
      ['alice', W.detractor + W.overdue_followup + W.unanswered_followup + W.score_drop + W.negative_comment], // 130
      ['frank', W.detractor + W.unanswered_followup], // 65
      ['bob', W.detractor], // 40
      ['gina', W.overdue_followup], // 30
      ['carol', W.score_drop], // 20
      ['dave', W.negative_comment], // 15
    ]);
    const byName = new Map((res.body.data as Item[]).map((item) => [item.externalId, item]));
    const alice = res.body.data[0];
    expect(alice).toMatchObject({
      name: 'Name alice',
      email: 'alice@example.com',
      latestAnswer: { score: 3, comment: 'Terrible support, I hate this product and it is awful.', createdAt: '2026-03-05T12:00:00.000Z' },
      openFollowUpId: caseIds.get('alice'),
    });
    expect(personIds.get(alice.id)).toBe('alice');
    expect(alice.reasons).toEqual([
      { code: 'detractor', score: 3 },
      { code: 'overdue_followup', followUpId: caseIds.get('alice'), hoursOverdue: 72 },
      { code: 'unanswered_followup', followUpId: caseIds.get('alice'), daysWithoutReply: 5 },
      { code: 'score_drop', score: 3, previousScore: 9 },
      { code: 'negative_comment', sentiment: expect.closeTo(-0.87, 2) },
    ]);
    expect(byName.get('frank')!.reasons).toEqual([
      { code: 'detractor', score: 4 },
      { code: 'unanswered_followup', followUpId: caseIds.get('frank'), daysWithoutReply: 4 },
    ]);
    expect(byName.get('bob')).toMatchObject({ reasons: [{ code: 'detractor', score: 5 }], openFollowUpId: caseIds.get('bob') });
    expect(byName.get('gina')).toMatchObject({
      reasons: [{ code: 'overdue_followup', followUpId: caseIds.get('gina'), hoursOverdue: 12 }],
      latestAnswer: { score: 9 },
      openFollowUpId: caseIds.get('gina'),
    });
    expect(byName.get('carol')).toMatchObject({ reasons: [{ code: 'score_drop', score: 7, previousScore: 10 }], openFollowUpId: null });
    expect(byName.get('dave')!.reasons).toEqual([{ code: 'negative_comment', sentiment: expect.closeTo(-0.64, 2) }]);
  });

  it('limits the list, most at risk first', async () => {
    const res = await send('GET', '/v1/people/at-risk?limit=2');
    expect(ranking(res.body)).toEqual([['alice', 130], ['frank', 65]]);
    for (const limit of ['0', '201', 'x']) expect((await send('GET', `/v1/people/at-risk?limit=${limit}`)).status).toBe(400);
  });

  it('narrows to a segment', async () => {
    const segment = await send('POST', '/v1/segments', { name: 'Enterprise', filter: { trait: 'plan', eq: 'enterprise' } });
    const res = await send('GET', `/v1/people/at-risk?segmentId=${segment.body.id}`);
    expect(res.status).toBe(200);
    expect(ranking(res.body)).toEqual([['alice', 130], ['dave', 15]]);
    // Answer conditions read the latest answer: nobody's latest answer came through email.
    const byEmail = await send('POST', '/v1/segments', { name: 'Email', filter: { channel: 'email' } });
    expect((await send('GET', `/v1/people/at-risk?segmentId=${byEmail.body.id}`)).body.data).toEqual([]);
  });

  it('shows another project nothing, and its segment is a 404', async () => {
    const res = await send('GET', '/v1/people/at-risk', undefined, other.secretKey);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
    const segment = await send('POST', '/v1/segments', { name: 'Pro', filter: { trait: 'plan', eq: 'pro' } });
    expect((await send('GET', `/v1/people/at-risk?segmentId=${segment.body.id}`, undefined, other.secretKey)).status).toBe(404);
  });

  it('refuses the publishable key', async () => {
    expect((await send('GET', '/v1/people/at-risk', undefined, project.publishableKey)).status).toBe(403);
  });

  // Last: it changes the data the tests above read.
  it('stops counting a case once it is resolved, but not while it is in progress', async () => {
    expect((await send('PATCH', `/v1/followups/${caseIds.get('frank')}`, { status: 'in_progress' })).status).toBe(200);
    expect((await send('PATCH', `/v1/followups/${caseIds.get('alice')}`, { status: 'resolved' })).status).toBe(200);
    const res = await send('GET', '/v1/people/at-risk');
    const byName = new Map((res.body.data as Item[]).map((item) => [item.externalId, item]));
    expect(byName.get('alice')).toMatchObject({ score: W.detractor + W.score_drop + W.negative_comment, openFollowUpId: null });
    expect(byName.get('frank')).toMatchObject({ score: W.detractor + W.unanswered_followup, openFollowUpId: caseIds.get('frank') });
  });
});

// Replying needs a mailer, which only the app in this process can be given: a real SMTP server on loopback.
describeInProcess('a reply to the customer answers the case', () => {
  it('takes the case off unanswered_followup, while a case with no reply stays on it', async () => {
    const smtp = await startSmtpServer();
    const mailer = createSmtpMailer({ url: smtp.url, from: 'Support <support@kizuna.test>' });
    const replyClock = testClock(new Date('2026-03-01T00:00:00.000Z'));
    const app = await startFollowUpApi({ clock: replyClock, mailer });
    try {
      const { secretKey: key } = await app.createProject();
      const survey = (await app.request('POST', '/v1/surveys', { key, body: { name: 'NPS' } })).body;
      for (const id of ['replied', 'ignored']) {
        const res = await app.request('POST', '/v1/responses', { key, body: { surveyId: survey.id, score: 2, person: { id, email: `${id}@example.com` } } });
        expect(res.status).toBe(201);
      }
      const cases = (await app.request('GET', '/v1/followups', { key })).body.data as { id: string; personId: string }[];
      const people = await app.request('GET', '/v1/people?externalId=replied', { key });
      const replied = cases.find((c) => c.personId === people.body.data[0].id)!;
      replyClock.set('2026-03-01T01:00:00.000Z');
      expect((await app.request('POST', `/v1/followups/${replied.id}/reply`, { key, body: { text: 'Sorry, we are on it.' } })).status).toBe(201);
      replyClock.set('2026-03-05T00:00:00.000Z'); // 4 days on; both cases (due 03-03) are overdue
      const res = await app.request('GET', '/v1/people/at-risk', { key });
      expect(ranking(res.body)).toEqual([
        ['ignored', W.detractor + W.overdue_followup + W.unanswered_followup],
        ['replied', W.detractor + W.overdue_followup],
      ]);
    } finally {
      mailer.close();
      await smtp.close();
      await app.close();
    }
  });
});
