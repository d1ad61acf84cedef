// The webhook endpoint API as a consumer's developer meets it: create, read, change and delete endpoints,
// reveal and rotate the signing secret (checked with the standardwebhooks library), the test ping, the
// delivery log and replay, and who may do any of it.
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../server/clock';
import { dispatchDueDeliveries } from '../../server/webhooks/dispatcher';
import { startTestApi, type TestApi } from '../support/api';
import { testDispatcherDeps } from './support/dispatcher';
import { answer, projectWithEndpoint } from './support/project';
import { startReceiver, type Receiver } from './support/receiver';
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

describe('managing endpoints', () => {
  it('creates an endpoint and shows its secret once; reads never include it', async () => {
    const project = await api.createProject();
    const created = await api.request('POST', '/v1/webhooks', {
      key: project.secretKey,
      body: { url: receiver.url, events: ['response.created', 'followup.opened', 'response.created'], description: 'CRM sync' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^whk_/),
      url: receiver.url,
      description: 'CRM sync',
      events: ['response.created', 'followup.opened'], // duplicates dropped
      filters: {},
      format: 'json',
      enabled: true,
      filtersError: null,
    });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{20,}$/);

    const one = await api.request('GET', `/v1/webhooks/${created.body.id}`, { key: project.secretKey });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: created.body.id, url: receiver.url, events: ['response.created', 'followup.opened'] });
    const list = await api.request('GET', '/v1/webhooks', { key: project.secretKey });
    expect(list.status).toBe(200);
    expect(list.body.data.map((e: { id: string }) => e.id)).toEqual([created.body.id]);
    for (const view of [one.body, list.body.data[0]]) {
      expect(JSON.stringify(view)).not.toContain(created.body.secret);
      expect(view).not.toHaveProperty('secret');
      expect(view).not.toHaveProperty('previousSecret');
      expect(view).not.toHaveProperty('projectId');
    }

    const revealed = await api.request('GET', `/v1/webhooks/${created.body.id}/secret`, { key: project.secretKey });
    expect(revealed.status).toBe(200);
    expect(revealed.body).toEqual({ secret: created.body.secret, previousSecret: null, previousSecretExpiresAt: null });
  });

  it('changes url, events, filters, format and description; disabling and re-enabling are recorded', async () => {
    const { project, endpoint } = await projectWithEndpoint(api, { url: receiver.url, events: ['response.created'] });
    const patched = await api.request('PATCH', `/v1/webhooks/${endpoint.id}`, {
      key: project.secretKey,
      body: {
        url: `${receiver.url}/v2`,
        events: ['followup.opened', 'followup.resolved'],
        filters: { categories: ['detractor'], languages: ['ja'] },
        format: 'slack',
        description: 'Detractors to #cx',
      },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      url: `${receiver.url}/v2`,
      events: ['followup.opened', 'followup.resolved'],
      filters: { categories: ['detractor'], languages: ['ja'] },
      format: 'slack',
      description: 'Detractors to #cx',
      enabled: true,
    });

    const disabled = await api.request('PATCH', `/v1/webhooks/${endpoint.id}`, { key: project.secretKey, body: { enabled: false } });
    expect(disabled.body).toMatchObject({ enabled: false, disabledReason: 'Disabled through the API.' });
    expect(disabled.body.disabledAt).not.toBeNull();
    const ping = await api.request('POST', `/v1/webhooks/${endpoint.id}/test`, { key: project.secretKey });
    expect(ping.status).toBe(409);
    expect(ping.body.error.code).toBe('conflict');

    const enabled = await api.request('PATCH', `/v1/webhooks/${endpoint.id}`, { key: project.secretKey, body: { enabled: true } });
    expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null, disabledAt: null });
    // The secret did not change along the way.
    const revealed = await api.request('GET', `/v1/webhooks/${endpoint.id}/secret`, { key: project.secretKey });
    expect(revealed.body.secret).toBe(endpoint.secret);
  });

  it('deletes an endpoint: gone from reads and no longer sent anything', async () => {
    receiver.received.length = 0;
    const { project, surveyId, endpoint } = await projectWithEndpoint(api, { url: receiver.url, events: ['response.created'] });
    const deleted = await api.request('DELETE', `/v1/webhooks/${endpoint.id}`, { key: project.secretKey });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ id: endpoint.id, deleted: true });

    expect((await api.request('GET', `/v1/webhooks/${endpoint.id}`, { key: project.secretKey })).status).toBe(404);
    expect((await api.request('GET', `/v1/webhooks/${endpoint.id}/secret`, { key: project.secretKey })).status).toBe(404);
    expect((await api.request('DELETE', `/v1/webhooks/${endpoint.id}`, { key: project.secretKey })).status).toBe(404);
    expect((await api.request('GET', '/v1/webhooks', { key: project.secretKey })).body.data).toEqual([]);

    await answer(api, project.secretKey, { surveyId, score: 2 });
    await dispatch();
    expect(receiver.received).toEqual([]);
  });

  it('refuses bad input with a 422 naming the field, and changes nothing', async () => {
    const { project, endpoint } = await projectWithEndpoint(api, { url: receiver.url, events: ['response.created'] });
    const cases: { body: unknown; path: string }[] = [
      { body: { url: 'ftp://example.com/hook', events: ['response.created'] }, path: 'url' },
      { body: { url: 'not a url', events: ['response.created'] }, path: 'url' },
      { body: { url: receiver.url, events: [] }, path: 'events' },
      { body: { url: receiver.url, events: ['response.deleted'] }, path: 'events.0' },
      { body: { url: receiver.url, events: ['response.created'], format: 'xml' }, path: 'format' },
      { body: { url: receiver.url, events: ['response.created'], filters: { scoreMin: 9, scoreMax: 3 } }, path: 'filters.scoreMin' },
      { body: { url: receiver.url, events: ['response.created'], filters: { mood: 'bad' } }, path: 'filters' },
      { body: { url: receiver.url, events: ['response.created'], secret: 'whsec_mine' }, path: '' },
    ];
    for (const { body, path } of cases) {
      const res = await api.request('POST', '/v1/webhooks', { key: project.secretKey, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.map((d: { path: string }) => d.path), JSON.stringify(body)).toContain(path);
    }
    const badPatch = await api.request('PATCH', `/v1/webhooks/${endpoint.id}`, { key: project.secretKey, body: { events: ['nope'] } });
    expect(badPatch.status).toBe(422);
    const malformed = await api.request('POST', '/v1/webhooks', { key: project.secretKey, rawBody: '{"url":', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    const rotate = await api.request('POST', `/v1/webhooks/${endpoint.id}/rotate-secret`, { key: project.secretKey, body: { overlapHours: -1 } });
    expect(rotate.status).toBe(422);

    const list = await api.request('GET', '/v1/webhooks', { key: project.secretKey });
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).toMatchObject({ id: endpoint.id, events: ['response.created'] });
    expect((await api.request('GET', `/v1/webhooks/${endpoint.id}/secret`, { key: project.secretKey })).body.secret).toBe(endpoint.secret);
  });
});

describe('rotating the secret', () => {
  it('signs with both secrets during the overlap, so consumers verify with either', async () => {
    receiver.received.length = 0;
    const { project, endpoint } = await projectWithEndpoint(api, { url: receiver.url, events: ['response.created'] });
    const rotated = await api.request('POST', `/v1/webhooks/${endpoint.id}/rotate-secret`, { key: project.secretKey, body: { overlapHours: 24 } });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    const hoursLeft = (new Date(rotated.body.previousSecretExpiresAt).getTime() - Date.now()) / 3600_000;
    expect(hoursLeft).toBeGreaterThan(23.9);
    expect(hoursLeft).toBeLessThanOrEqual(24);

    const revealed = await api.request('GET', `/v1/webhooks/${endpoint.id}/secret`, { key: project.secretKey });
    expect(revealed.body).toMatchObject({ secret: rotated.body.secret, previousSecret: endpoint.secret });

    await api.request('POST', `/v1/webhooks/${endpoint.id}/test`, { key: project.secretKey });
    await dispatch();
    expect(receiver.received).toHaveLength(1);
    const delivery = receiver.received[0]!;
    expect(delivery.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(verifyDelivery(rotated.body.secret, delivery).type).toBe('webhook.ping');
    expect(verifyDelivery(endpoint.secret, delivery).type).toBe('webhook.ping');
    expect(() => new Webhook('whsec_' + btoa('an unrelated secret of 32 bytes!')).verify(delivery.body, delivery.headers)).toThrow();
  });

  it('without an overlap only the new secret signs', async () => {
    receiver.received.length = 0;
    const { project, endpoint } = await projectWithEndpoint(api, { url: receiver.url, events: ['response.created'] });
    const rotated = await api.request('POST', `/v1/webhooks/${endpoint.id}/rotate-secret`, { key: project.secretKey, body: { overlapHours: 0 } });
    expect(rotated.body.previousSecretExpiresAt).toBeNull();
    expect((await api.request('GET', `/v1/webhooks/${endpoint.id}/secret`, { key: project.secretKey })).body.previousSecret).toBeNull();

    await api.request('POST', `/v1/webhooks/${endpoint.id}/test`, { key: project.secretKey });
    await dispatch();
    const delivery = receiver.received[0]!;
    expect(delivery.headers['webhook-signature']!.split(' ')).toHaveLength(1);
    expect(verifyDelivery(rotated.body.secret, delivery).type).toBe('webhook.ping');
    expect(() => verifyDelivery(endpoint.secret, delivery)).toThrow();
  });
});

describe('delivery log and replay', () => {
  it('lists deliveries newest first with a status filter, and a replay resends the same event', async () => {
    receiver.received.length = 0;
    const { project, surveyId, endpoint } = await projectWithEndpoint(api, { url: receiver.url, events: ['response.created'] });
    const first = await answer(api, project.secretKey, { surveyId, score: 9 });
    const second = await answer(api, project.secretKey, { surveyId, score: 10 });
    await dispatch();
    expect(receiver.received).toHaveLength(2);

    const log = await api.request('GET', `/v1/webhooks/${endpoint.id}/deliveries?limit=1`, { key: project.secretKey });
    expect(log.status).toBe(200);
    expect(log.body.data).toHaveLength(1);
    expect(log.body.data[0].payload.data.id).toBe(second.id);
    const next = await api.request('GET', `/v1/webhooks/${endpoint.id}/deliveries?limit=1&cursor=${encodeURIComponent(log.body.nextCursor)}`, {
      key: project.secretKey,
    });
    expect(next.body.data.map((d: { payload: { data: { id: string } } }) => d.payload.data.id)).toEqual([first.id]);
    expect(next.body.nextCursor).toBeNull();
    const pending = await api.request('GET', `/v1/webhooks/${endpoint.id}/deliveries?status=pending`, { key: project.secretKey });
    expect(pending.body.data).toEqual([]);
    const delivered = await api.request('GET', `/v1/webhooks/${endpoint.id}/deliveries?status=delivered`, { key: project.secretKey });
    expect(delivered.body.data).toHaveLength(2);
    expect(delivered.body.data[0]).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 200, lastError: null });

    const original = next.body.data[0];
    const replay = await api.request('POST', `/v1/webhooks/deliveries/${original.id}/retry`, { key: project.secretKey });
    expect(replay.status).toBe(202);
    expect(replay.body).toMatchObject({ id: original.id, status: 'pending' });
    await dispatch();
    expect(receiver.received).toHaveLength(3);
    const resent = receiver.received[2]!;
    expect(resent.headers['webhook-id']).toBe(original.eventId); // consumers can tell it is the same event
    expect(verifyDelivery(endpoint.secret, resent).data.id).toBe(first.id);
    const detail = await api.request('GET', `/v1/webhooks/deliveries/${original.id}`, { key: project.secretKey });
    expect(detail.body.attempts).toHaveLength(2);
    expect(detail.body.status).toBe('delivered');

    const badCursor = await api.request('GET', `/v1/webhooks/${endpoint.id}/deliveries?cursor=garbage`, { key: project.secretKey });
    expect(badCursor.status).toBe(400);
    const badStatus = await api.request('GET', `/v1/webhooks/${endpoint.id}/deliveries?status=lost`, { key: project.secretKey });
    expect(badStatus.status).toBe(400); // bad query parameters are a 400 naming the parameter
    expect(badStatus.body.error.details.map((d: { path: string }) => d.path)).toContain('status');
    expect((await api.request('GET', '/v1/webhooks/deliveries/dlv_missing', { key: project.secretKey })).status).toBe(404);
  });
});

// Who may call these routes, and another project's key: test/security/tenant-isolation.test.ts.
