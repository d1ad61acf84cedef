// Well-behaved delivery: no redirects, capped bodies, timeouts, 410, disabling, retries. The SSRF guard's
// tests are in test/security/ssrf.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchDueDeliveries } from '../../server/webhooks/dispatcher';
import { createGuardedFetch } from '../../server/webhooks/node-fetch';
import { postWebhook, RESPONSE_BODY_CAP } from '../../server/webhooks/post';
import { RETRY_DELAYS_MS } from '../../server/webhooks/retry-schedule';
import { startTestApi, type TestApi } from '../support/api';
import { testClock } from '../support/clock';
import { testDispatcherDeps } from './support/dispatcher';
import { answer, projectWithEndpoint } from './support/project';
import { startReceiver, type Receiver } from './support/receiver';

describe('delivery behaviour', () => {
  const clock = testClock(new Date());
  let api: TestApi;
  let receiver: Receiver;
  beforeAll(async () => {
    api = await startTestApi({ clock, config: { allowPrivateWebhooks: true } });
    receiver = await startReceiver();
    receiver.clock = clock;
  });
  afterAll(async () => {
    await receiver.close();
    await api.close();
  });
  const reset = () => {
    receiver.received.length = 0;
    receiver.respond = () => ({ status: 200 });
  };
  const lastDelivery = async (key: string, endpointId: string) =>
    (await api.request('GET', `/v1/webhooks/${endpointId}/deliveries?limit=1`, { key })).body.data[0];

  it('the production fetch posts, does not follow redirects and caps the reply like the plain one', async () => {
    reset();
    const guardedFetch = createGuardedFetch();
    const post = (path: string) => postWebhook({ url: `http://127.0.0.1:${receiver.port}${path}`, body: '{"type":"x"}', headers: { 'content-type': 'application/json' }, timeoutMs: 2000, fetch: guardedFetch });
    receiver.respond = (r) => (r.path === '/moved' ? { status: 307, headers: { location: '/hook' } } : { status: 200, body: 'y'.repeat(100_000) });
    const ok = await post('/hook');
    expect(ok).toMatchObject({ statusCode: 200, error: null });
    expect(ok.responseBody).toHaveLength(RESPONSE_BODY_CAP);
    const moved = await post('/moved');
    expect(moved.statusCode).toBe(307);
    expect(receiver.received.map((r) => r.path)).toEqual(['/hook', '/moved']);
    expect(receiver.received[0]!.body).toBe('{"type":"x"}');
  });

  it('does not follow redirects, and reads only the start of a large reply', async () => {
    reset();
    receiver.respond = (r) => (r.path === '/hook' ? { status: 307, headers: { location: '/elsewhere' } } : { status: 200 });
    const { project, surveyId, endpoint } = await projectWithEndpoint(api, { url: receiver.url, events: ['response.created'] });
    await answer(api, project.secretKey, { surveyId, score: 9 });
    await dispatchDueDeliveries(testDispatcherDeps(api.db.db, clock));
    expect(receiver.received.map((r) => r.path)).toEqual(['/hook']);
    expect((await lastDelivery(project.secretKey, endpoint.id)).lastError).toMatch(/Redirect \(307\) not followed/);

    reset();
    receiver.respond = () => ({ status: 200, body: 'x'.repeat(200_000) });
    const second = await projectWithEndpoint(api, { url: receiver.url, events: ['response.created'] });
    await answer(api, second.project.secretKey, { surveyId: second.surveyId, score: 9 });
    await dispatchDueDeliveries(testDispatcherDeps(api.db.db, clock));
    const delivery = await lastDelivery(second.project.secretKey, second.endpoint.id);
    const detail = await api.request('GET', `/v1/webhooks/deliveries/${delivery.id}`, { key: second.project.secretKey });
    expect(detail.body.status).toBe('delivered');
    expect(detail.body.attempts[0].responseBody.length).toBe(RESPONSE_BODY_CAP);
  });

  it('gives up on a receiver that does not answer in time', async () => {
    reset();
    receiver.respond = async () => {
      await new Promise((r) => setTimeout(r, 1500));
      return { status: 200 };
    };
    const { project, surveyId, endpoint } = await projectWithEndpoint(api, { url: receiver.url, events: ['response.created'] });
    await answer(api, project.secretKey, { surveyId, score: 9 });
    await dispatchDueDeliveries(testDispatcherDeps(api.db.db, clock, { timeoutMs: 200 }));
    expect(await lastDelivery(project.secretKey, endpoint.id)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'Timed out after 200 ms' });
    await api.request('DELETE', `/v1/webhooks/${endpoint.id}`, { key: project.secretKey });
  });

  it('410 Gone disables the endpoint with the reason; events stay queued for a re-enable', async () => {
    reset();
    receiver.respond = () => ({ status: 410 });
    const { project, surveyId, endpoint } = await projectWithEndpoint(api, { url: receiver.url, events: ['response.created'] });
    const first = await answer(api, project.secretKey, { surveyId, score: 9 });
    await dispatchDueDeliveries(testDispatcherDeps(api.db.db, clock));
    const disabled = await api.request('GET', `/v1/webhooks/${endpoint.id}`, { key: project.secretKey });
    expect(disabled.body).toMatchObject({ enabled: false, disabledReason: 'The receiver answered 410 Gone.' });
    await answer(api, project.secretKey, { surveyId, score: 8 }); // not queued: the endpoint is disabled
    expect((await dispatchDueDeliveries(testDispatcherDeps(api.db.db, clock))).claimed).toBe(0);

    receiver.respond = () => ({ status: 200 });
    const enabled = await api.request('PATCH', `/v1/webhooks/${endpoint.id}`, { key: project.secretKey, body: { enabled: true } });
    expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null });
    await dispatchDueDeliveries(testDispatcherDeps(api.db.db, clock));
    expect(JSON.parse(receiver.received.at(-1)!.body).data.id).toBe(first.id);
  });

  it('a receiver that rejects one event (4xx) does not hold up the next ones; retries follow the schedule, then give up; manual replay resends', async () => {
    reset();
    const { project, surveyId, endpoint } = await projectWithEndpoint(api, { url: receiver.url, events: ['response.created'] });
    const poison = await answer(api, project.secretKey, { surveyId, score: 1 });
    const fine = await answer(api, project.secretKey, { surveyId, score: 10 });
    receiver.respond = (r) => ({ status: JSON.parse(r.body).data.id === poison.id ? 400 : 200 });
    const deps = testDispatcherDeps(api.db.db, clock);
    await dispatchDueDeliveries(deps);
    expect(receiver.received.map((r) => JSON.parse(r.body).data.id)).toEqual([poison.id, fine.id]);

    for (const delay of RETRY_DELAYS_MS) {
      clock.advance(delay);
      expect((await dispatchDueDeliveries(deps)).failed).toBe(1);
    }
    const log = await api.request('GET', `/v1/webhooks/${endpoint.id}/deliveries?status=failed`, { key: project.secretKey });
    expect(log.body.data).toHaveLength(1);
    expect(log.body.data[0]).toMatchObject({ status: 'failed', attempts: 8, lastStatusCode: 400, nextAttemptAt: null });
    const attempts = await api.request('GET', `/v1/webhooks/deliveries/${log.body.data[0].id}`, { key: project.secretKey });
    expect(attempts.body.attempts).toHaveLength(8);

    receiver.respond = () => ({ status: 200 });
    const replay = await api.request('POST', `/v1/webhooks/deliveries/${log.body.data[0].id}/retry`, { key: project.secretKey });
    expect(replay.status).toBe(202);
    expect(replay.body).toMatchObject({ status: 'pending', attempts: 0 });
    await dispatchDueDeliveries(deps);
    const replayed = receiver.received.at(-1)!;
    expect(replayed.headers['webhook-id']).toBe(receiver.received[0]!.headers['webhook-id']);
    expect((await api.request('GET', `/v1/webhooks/deliveries/${log.body.data[0].id}`, { key: project.secretKey })).body.attempts).toHaveLength(9);
  });

  it('an endpoint failing for too long is disabled, with the reason shown', async () => {
    reset();
    receiver.respond = () => ({ status: 500 });
    const { project, surveyId, endpoint } = await projectWithEndpoint(api, { url: receiver.url, events: ['response.created'] });
    await answer(api, project.secretKey, { surveyId, score: 5 });
    const deps = testDispatcherDeps(api.db.db, clock, { disableAfterMs: 3600_000 });
    const started = clock.now().toISOString();
    await dispatchDueDeliveries(deps);
    for (const delay of RETRY_DELAYS_MS.slice(0, 4)) {
      clock.advance(delay);
      await dispatchDueDeliveries(deps);
    }
    const res = await api.request('GET', `/v1/webhooks/${endpoint.id}`, { key: project.secretKey });
    expect(res.body.enabled).toBe(false);
    expect(res.body.disabledReason).toBe(`Failing since ${started}; last error: HTTP 500`);
  });
});
