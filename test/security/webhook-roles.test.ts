// Issue 16, item 4: webhook endpoints are admin business. A member's dashboard session used to read an
// endpoint's signing secret (and so could forge signed deliveries) and its full URL (a Slack URL is itself a
// credential). Roles are now checked on each route; these tests also pin the write protection the old
// URL-prefix list gave, so moving it onto the routes lost nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, signIn, type Browserish } from '../accounts/support';
import { startTestApi, type TestApi } from '../support/api';

const SLACK_URL = 'https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX';

let api: TestApi;
let project: { id: string; secretKey: string };
let admin: Browserish;
let member: Browserish;
let memberId: string;
let endpointId: string;

beforeAll(async () => {
  api = await startTestApi();
  project = await api.createProject('Acme');
  await addUser(api, { email: 'ada@example.com', password: 'ada-password-1', projects: [[project.id, 'admin']] });
  memberId = (await addUser(api, { email: 'max@example.com', password: 'max-password-1', projects: [[project.id, 'member']] })).id;
  admin = await signIn(api, 'ada@example.com', 'ada-password-1');
  member = await signIn(api, 'max@example.com', 'max-password-1');
  const created = await api.request('POST', '/v1/webhooks', {
    key: project.secretKey,
    body: { url: SLACK_URL, events: ['response.created'], format: 'slack' },
  });
  expect(created.status).toBe(201);
  endpointId = created.body.id;
});
afterAll(() => api.close());

const asMember = (method: string, path: string, body?: unknown) => member.call(method, path, { project: project.id, body });
const asAdmin = (method: string, path: string, body?: unknown) => admin.call(method, path, { project: project.id, body });

describe('webhook endpoints — a member', () => {
  it('cannot read the signing secret (the attack: 200 with the secret before)', async () => {
    const res = await asMember('GET', `/v1/webhooks/${endpointId}/secret`);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect(JSON.stringify(res.body)).not.toContain('whsec_');
  });

  it('sees a redacted list: scheme and host only, no path, query or secret', async () => {
    const list = await asMember('GET', '/v1/webhooks');
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).toMatchObject({ id: endpointId, url: 'https://hooks.slack.com', events: ['response.created'], format: 'slack' });
    expect(JSON.stringify(list.body)).not.toContain('/services/');
    expect(JSON.stringify(list.body)).not.toContain('whsec_');
    const one = await asMember('GET', `/v1/webhooks/${endpointId}`);
    expect(one.status).toBe(200);
    expect(one.body.url).toBe('https://hooks.slack.com');
  });

  it('cannot create, change, delete, rotate, ping or read deliveries', async () => {
    const tries: [string, string, unknown?][] = [
      ['POST', '/v1/webhooks', { url: 'https://example.com/hook', events: ['response.created'] }],
      ['PATCH', `/v1/webhooks/${endpointId}`, { enabled: false }],
      ['POST', `/v1/webhooks/${endpointId}/rotate-secret`, {}],
      ['POST', `/v1/webhooks/${endpointId}/test`],
      ['GET', `/v1/webhooks/${endpointId}/deliveries`],
      ['GET', '/v1/webhooks/deliveries/whd_any'],
      ['POST', '/v1/webhooks/deliveries/whd_any/retry'],
      ['DELETE', `/v1/webhooks/${endpointId}`],
    ];
    for (const [method, path, body] of tries) {
      expect((await asMember(method, path, body)).status, `${method} ${path}`).toBe(403);
    }
    const still = await api.request('GET', `/v1/webhooks/${endpointId}`, { key: project.secretKey });
    expect(still.body).toMatchObject({ enabled: true, url: SLACK_URL });
  });
});

describe('webhook endpoints — an admin session and a secret key', () => {
  it('an admin reads the full URL and the secret', async () => {
    expect((await asAdmin('GET', '/v1/webhooks')).body.data[0].url).toBe(SLACK_URL);
    expect((await asAdmin('GET', `/v1/webhooks/${endpointId}`)).body.url).toBe(SLACK_URL);
    const secret = await asAdmin('GET', `/v1/webhooks/${endpointId}/secret`);
    expect(secret.status).toBe(200);
    expect(secret.body.secret).toMatch(/^whsec_/);
    expect((await asAdmin('GET', `/v1/webhooks/${endpointId}/deliveries`)).status).toBe(200);
  });

  it('a secret key acts for the whole project, as an admin', async () => {
    const secret = await api.request('GET', `/v1/webhooks/${endpointId}/secret`, { key: project.secretKey });
    expect(secret.status).toBe(200);
    expect(secret.body.secret).toMatch(/^whsec_/);
    expect((await api.request('GET', '/v1/webhooks', { key: project.secretKey })).body.data[0].url).toBe(SLACK_URL);
  });
});

describe('roles on the other admin routes (once a URL-prefix list, now on each route)', () => {
  it('a member cannot change settings, keys, members or follow-up rules', async () => {
    const rule = await api.request('POST', '/v1/followup-rules', {
      key: project.secretKey,
      body: { name: 'Detractors', conditions: { categories: ['detractor'] } },
    });
    expect(rule.status).toBe(201);
    const keys = await api.request('GET', '/v1/project/keys', { key: project.secretKey });
    const keyId = keys.body.data[0].id;
    const tries: [string, string, unknown?][] = [
      ['PATCH', '/v1/project', { name: 'renamed' }],
      ['POST', '/v1/project/keys', { kind: 'secret' }],
      ['DELETE', `/v1/project/keys/${keyId}`],
      ['PATCH', `/v1/members/${memberId}`, { role: 'admin' }],
      ['DELETE', `/v1/members/${memberId}`],
      ['POST', '/v1/followup-rules', { name: 'x', conditions: { categories: ['detractor'] } }],
      ['PATCH', `/v1/followup-rules/${rule.body.id}`, { enabled: false }],
      ['DELETE', `/v1/followup-rules/${rule.body.id}`],
    ];
    for (const [method, path, body] of tries) {
      expect((await asMember(method, path, body)).status, `${method} ${path}`).toBe(403);
    }
    // Before validation: a member learns nothing about a body from a 422.
    expect((await asMember('PATCH', '/v1/project', { name: 42 })).status).toBe(403);
    expect((await api.request('GET', '/v1/project', { key: project.secretKey })).body.name).toBe('Acme');
  });

  it('a member still reads what members read, and works with the data', async () => {
    for (const path of ['/v1/project', '/v1/project/keys', '/v1/members', '/v1/followup-rules']) {
      expect((await asMember('GET', path)).status, path).toBe(200);
    }
    expect((await asMember('POST', '/v1/surveys', { name: 'by a member' })).status).toBe(201);
  });

  it('an admin session may change them', async () => {
    expect((await asAdmin('PATCH', '/v1/project', { name: 'Acme Inc' })).status).toBe(200);
    expect((await asAdmin('PATCH', `/v1/members/${memberId}`, { role: 'member' })).status).toBe(200);
  });
});
