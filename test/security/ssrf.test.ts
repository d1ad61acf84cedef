// The server-side request forgery guard: a webhook URL must not make this server call into its own network,
// not when saved, not at delivery (DNS rebinding), not at the socket; and the delivery log, which the project
// reads, says "not a public address" without naming the internal address a name resolved to (issue 16).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchDueDeliveries } from '../../server/webhooks/dispatcher';
import { createGuardedFetch } from '../../server/webhooks/node-fetch';
import { checkTargetAtDelivery, checkTargetUrl, isPublicAddress } from '../../server/webhooks/target-safety';
import { startTestApi, type TestApi } from '../support/api';
import { testClock } from '../support/clock';
import { testDispatcherDeps } from '../webhooks/support/dispatcher';
import { answer, projectWithEndpoint } from '../webhooks/support/project';
import { startReceiver, type Receiver } from '../webhooks/support/receiver';

describe('target addresses', () => {
  it('only globally routable unicast addresses are public', () => {
    for (const internal of ['127.0.0.1', '10.0.0.8', '172.16.3.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00:ec2::254', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '224.0.0.1']) {
      expect(isPublicAddress(internal), internal).toBe(false);
    }
    for (const external of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111']) expect(isPublicAddress(external), external).toBe(true);
    expect(isPublicAddress('not-an-ip')).toBe(false);
  });

  it('refuses internal URLs when saved unless private webhooks are allowed', () => {
    for (const url of ['http://127.0.0.1:8080/x', 'http://[::1]/x', 'http://169.254.169.254/latest/meta-data', 'http://localhost:3000', 'http://metadata.google.internal/', 'ftp://example.com/', 'https://user:pw@example.com/']) {
      expect(checkTargetUrl(url, false).ok, url).toBe(false);
    }
    expect(checkTargetUrl('https://hooks.example.com/kizuna', false).ok).toBe(true);
    expect(checkTargetUrl('http://127.0.0.1:8080/x', true).ok).toBe(true);
    expect(checkTargetUrl('ftp://example.com/', true).ok).toBe(false);
  });

  it('checks the address a name resolves to at delivery time (DNS rebinding)', async () => {
    const resolvesTo = (address: string) => async () => [address];
    expect(await checkTargetAtDelivery('https://hooks.example.com/x', { allowPrivate: false, resolveHost: resolvesTo('93.184.216.34') })).toEqual({ ok: true });
    const rebound = await checkTargetAtDelivery('https://hooks.example.com/x', { allowPrivate: false, resolveHost: resolvesTo('127.0.0.1') });
    expect(rebound).toEqual({ ok: false, reason: 'not a public address' }); // which address stays unsaid
    const failing = await checkTargetAtDelivery('https://hooks.example.com/x', { allowPrivate: false, resolveHost: async () => { throw new Error('ENOTFOUND'); } });
    expect(failing.ok).toBe(false);
  });
});

describe('delivery to a name that resolves inside', () => {
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

  it('never posts to a name that resolves inside, even when it was public at save time', async () => {
    reset();
    const { project, surveyId, endpoint } = await projectWithEndpoint(api, { url: `http://rebind.example:${receiver.port}/hook`, events: ['response.created'] });
    await answer(api, project.secretKey, { surveyId, score: 9 });
    const deps = testDispatcherDeps(api.db.db, clock, { allowPrivateTargets: false, resolveHost: async () => ['127.0.0.1'] });
    expect((await dispatchDueDeliveries(deps)).failed).toBe(1);
    expect(receiver.received).toHaveLength(0);
    // The project reads this log: it learns the refusal, not what the name resolves to inside.
    expect((await lastDelivery(project.secretKey, endpoint.id)).lastError).toBe('Refused: not a public address');
    await api.request('DELETE', `/v1/webhooks/${endpoint.id}`, { key: project.secretKey }); // keep later tests' queues to themselves
  });

  it('connects only to addresses it has checked: a DNS answer that changes after the check is refused by the socket', async () => {
    reset();
    const { project, surveyId, endpoint } = await projectWithEndpoint(api, { url: `http://rebind.example:${receiver.port}/hook`, events: ['response.created'] });
    await answer(api, project.secretKey, { surveyId, score: 9 });
    // A rebinding DNS server: the check before the attempt is told a public address, the connection loopback.
    const lookups: string[] = [];
    const guardedFetch = createGuardedFetch({
      lookup: (hostname, _options, callback) => {
        lookups.push(hostname);
        callback(null, [{ address: '127.0.0.1', family: 4 }]);
      },
    });
    const deps = testDispatcherDeps(api.db.db, clock, { allowPrivateTargets: false, resolveHost: async () => ['93.184.216.34'], fetch: guardedFetch });
    expect((await dispatchDueDeliveries(deps)).failed).toBe(1);
    expect(lookups).toEqual(['rebind.example']);
    expect(receiver.received).toHaveLength(0);
    expect((await lastDelivery(project.secretKey, endpoint.id)).lastError).toBe('Refused: not a public address');
    await api.request('DELETE', `/v1/webhooks/${endpoint.id}`, { key: project.secretKey });
  });

  it('the API refuses internal targets unless KIZUNA_ALLOW_PRIVATE_WEBHOOKS is set', async () => {
    const strict = await startTestApi({ config: { allowPrivateWebhooks: false } });
    try {
      const project = await strict.createProject();
      const res = await strict.request('POST', '/v1/webhooks', { key: project.secretKey, body: { url: 'http://169.254.169.254/latest', events: ['response.created'] } });
      expect(res.status).toBe(422);
      expect(res.body.error.details[0]).toMatchObject({ path: 'url', code: 'unsafe_target' });
    } finally {
      await strict.close();
    }
  });
});
