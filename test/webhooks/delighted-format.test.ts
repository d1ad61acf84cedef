// Endpoints in Delighted's format: the body Delighted's receivers parse ({ event_type, event_id, event_data })
// with its X-Delighted-Webhook-Signature, and the Standard Webhooks headers alongside, to a loopback receiver.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../server/clock';
import { dispatchDueDeliveries } from '../../server/webhooks/dispatcher';
import { startTestApi, type TestApi } from '../support/api';
import { testDispatcherDeps } from './support/dispatcher';
import { startReceiver, type Receiver } from './support/receiver';
import { verifyDelivery } from './support/verify';

let api: TestApi;
let receiver: Receiver;
const dispatch = () => dispatchDueDeliveries(testDispatcherDeps(api.db.db, systemClock), { limit: 100 });
const delighted = (key: string, method: string, path: string, body: unknown) =>
  api.request(method, `/delighted/v1${path}`, { key: null, body, headers: { authorization: `Basic ${btoa(`${key}:`)}` } });

beforeAll(async () => {
  api = await startTestApi({ config: { allowPrivateWebhooks: true } });
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await api.close();
});

describe('format "delighted"', () => {
  it('sends survey_response.created and .updated in Delighted\'s shape, signed both ways', async () => {
    const project = await api.createProject();
    const hook = await api.request('POST', '/v1/webhooks', {
      key: project.secretKey,
      body: { url: receiver.url, events: ['response.created', 'response.updated'], format: 'delighted' },
    });
    expect(hook.status).toBe(201);
    const secret = hook.body.secret as string;

    const person = (await delighted(project.secretKey, 'POST', '/people', { email: 'ada@example.com', name: 'Ada', send: false })).body;
    const created = (await delighted(project.secretKey, 'POST', '/survey_responses', { person: person.id, score: 4, comment: 'Slow' })).body;
    await delighted(project.secretKey, 'PUT', `/survey_responses/${created.id}`, { score: 9 });
    expect((await dispatch()).delivered).toBe(2);
    expect(receiver.received).toHaveLength(2);

    const [first, second] = receiver.received.map((delivery) => {
      const expected = `sha256=${createHmac('sha256', secret).update(delivery.body).digest('hex')}`;
      expect(delivery.headers['x-delighted-webhook-signature']).toBe(expected);
      verifyDelivery(secret, delivery); // Standard Webhooks too: throws if the signature does not verify
      const message = JSON.parse(delivery.body);
      expect(message.event_id).toBe(delivery.headers['webhook-id']);
      return message;
    });
    expect(first).toMatchObject({
      event_type: 'survey_response.created',
      event_data: {
        id: created.id,
        score: 4,
        comment: 'Slow',
        survey_type: 'nps',
        person: { id: person.id, email: 'ada@example.com', name: 'Ada' },
        created_at: created.created_at,
        notes: [],
        tags: [],
        additional_answers: [],
      },
    });
    expect(first.event_data.permalink).toBe(`/people/${person.id}#${created.id}`);
    expect(second).toMatchObject({ event_type: 'survey_response.updated', event_data: { id: created.id, score: 9, comment: 'Slow' } });
  });

  it('takes only the answer events, which are all Delighted had', async () => {
    const project = await api.createProject();
    const refused = await api.request('POST', '/v1/webhooks', {
      key: project.secretKey,
      body: { url: receiver.url, events: ['response.created', 'followup.opened'], format: 'delighted' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details[0]).toMatchObject({ path: 'events', code: 'format_mismatch' });
    const json = await api.request('POST', '/v1/webhooks', { key: project.secretKey, body: { url: receiver.url, events: ['followup.opened'] } });
    const switched = await api.request('PATCH', `/v1/webhooks/${json.body.id}`, { key: project.secretKey, body: { format: 'delighted' } });
    expect(switched.status).toBe(422);
  });
});
