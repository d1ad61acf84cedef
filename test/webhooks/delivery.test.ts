import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../server/clock';
import { dispatchDueDeliveries } from '../../server/webhooks/dispatcher';
import { startTestApi, type TestApi } from '../support/api';
import { testDispatcherDeps } from './support/dispatcher';
import { startReceiver, type Receiver } from './support/receiver';
import { answer, projectWithEndpoint } from './support/project';
import { verifyDelivery } from './support/verify';

let api: TestApi;
let receiver: Receiver;
const dispatch = () => dispatchDueDeliveries(testDispatcherDeps(api.db.db, systemClock), { limit: 100 });

beforeAll(async () => {
  api = await startTestApi({ config: { allowPrivateWebhooks: true } });
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await api.close();
});

describe('delivering events', () => {
  it('posts response.created signed per Standard Webhooks, with the person, verifiable by the consumer library', async () => {
    receiver.received.length = 0;
    const { project, surveyId, endpoint } = await projectWithEndpoint(api, { url: receiver.url, events: ['response.created'] });
    const stored = await answer(api, project.secretKey, {
      surveyId,
      score: 9,
      comment: 'Great support',
      person: { id: 'cust-1', email: 'ada@example.com', name: 'Ada' },
    });
    const summary = await dispatch();
    expect(summary.delivered).toBe(1);
    expect(receiver.received).toHaveLength(1);
    const event = verifyDelivery(endpoint.secret, receiver.received[0]!);
    expect(event.type).toBe('response.created');
    expect(new Date(event.timestamp).toString()).not.toBe('Invalid Date');
    expect(event.data).toMatchObject({ id: stored.id, score: 9, comment: 'Great support', person: { externalId: 'cust-1', email: 'ada@example.com' } });
    expect(event.data.projectId).toBeUndefined();
    expect(receiver.received[0]!.headers['webhook-id']).toMatch(/^evt_/);
    expect(receiver.received[0]!.headers['content-type']).toBe('application/json');
  });

  it('a detractor produces response.created then followup.opened (the default rule), in commit order', async () => {
    receiver.received.length = 0;
    const { project, surveyId, endpoint } = await projectWithEndpoint(api, { url: receiver.url, events: ['response.created', 'followup.opened'] });
    const stored = await answer(api, project.secretKey, { surveyId, score: 2, person: { id: 'cust-2' } });
    await dispatch();
    const events = receiver.received.map((r) => verifyDelivery(endpoint.secret, r));
    expect(events.map((e) => e.type)).toEqual(['response.created', 'followup.opened']);
    expect(events[1]!.data).toMatchObject({ responseId: stored.id, status: 'open', response: { score: 2 }, person: { externalId: 'cust-2' } });
  });

  it('delivers only what the filters select (detractors of survey X)', async () => {
    receiver.received.length = 0;
    const project = await api.createProject();
    const x = (await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'X' } })).body.id;
    const y = (await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'Y' } })).body.id;
    const hook = await api.request('POST', '/v1/webhooks', {
      key: project.secretKey,
      body: { url: receiver.url, events: ['response.created'], filters: { surveyIds: [x], categories: ['detractor'] } },
    });
    expect(hook.status).toBe(201);
    const wanted = await answer(api, project.secretKey, { surveyId: x, score: 3 });
    await answer(api, project.secretKey, { surveyId: x, score: 9 });
    await answer(api, project.secretKey, { surveyId: y, score: 3 });
    await dispatch();
    expect(receiver.received.map((r) => verifyDelivery(hook.body.secret, r).data.id)).toEqual([wanted.id]);
  });

  it('formats a Slack message for endpoints with format "slack"', async () => {
    receiver.received.length = 0;
    const { project, surveyId } = await projectWithEndpoint(api, { url: receiver.url, events: ['response.created'], format: 'slack' });
    await answer(api, project.secretKey, { surveyId, score: 4, comment: 'Too <slow> & buggy', person: { email: 'ken@example.jp', name: 'Ken' } });
    await dispatch();
    const message = JSON.parse(receiver.received[0]!.body);
    expect(message.text).toContain('*New answer* from Ken');
    expect(message.text).toContain('Score *4/10* (detractor)');
    expect(message.text).toContain('Too &lt;slow&gt; &amp; buggy');
    expect(message.blocks[0]).toMatchObject({ type: 'section', text: { type: 'mrkdwn' } });
  });

  it('records every attempt and lists the delivery log; a test ping goes to the one endpoint', async () => {
    receiver.received.length = 0;
    const { project, endpoint } = await projectWithEndpoint(api, { url: receiver.url, events: ['response.created'] });
    const ping = await api.request('POST', `/v1/webhooks/${endpoint.id}/test`, { key: project.secretKey });
    expect(ping.status).toBe(202);
    expect(ping.body).toMatchObject({ eventType: 'webhook.ping', status: 'pending' });
    await dispatch();
    expect(verifyDelivery(endpoint.secret, receiver.received[0]!).type).toBe('webhook.ping');
    const log = await api.request('GET', `/v1/webhooks/${endpoint.id}/deliveries`, { key: project.secretKey });
    expect(log.status).toBe(200);
    expect(log.body.data).toHaveLength(1);
    expect(log.body.data[0]).toMatchObject({ id: ping.body.id, status: 'delivered', attempts: 1, lastStatusCode: 200 });
    const one = await api.request('GET', `/v1/webhooks/deliveries/${ping.body.id}`, { key: project.secretKey });
    expect(one.body.attempts).toHaveLength(1);
    expect(one.body.attempts[0]).toMatchObject({ statusCode: 200, error: null, responseBody: 'ok' });
    expect(typeof one.body.attempts[0].durationMs).toBe('number');
  });
});
