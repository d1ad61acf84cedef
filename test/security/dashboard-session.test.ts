// A dashboard session on the /v1 API: CSRF (sign-in from another site, state changes without the token),
// tenant isolation (another project answers like one that does not exist) and the admin/member split.
// Moved from test/accounts/auth.test.ts into the security suite (issue 16).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';
import { addUser, signIn } from '../accounts/support';

let api: TestApi;
let projectA: { id: string; secretKey: string };
let projectB: { id: string; secretKey: string };

beforeAll(async () => {
  api = await startTestApi();
  projectA = await api.createProject('Project A');
  projectB = await api.createProject('Project B');
  await addUser(api, { email: 'alice@example.com', password: 'alice-password-1', projects: [[projectA.id, 'admin']] });
  await addUser(api, { email: 'mark@example.com', password: 'mark-password-1', projects: [[projectA.id, 'member']] });
  await addUser(api, { email: 'owner@example.com', password: 'owner-password-1', isOwner: true });
});
afterAll(() => api.close());

describe('POST /v1/auth/login from another site', () => {
  it('refuses a sign-in posted from another site', async () => {
    const res = await api.request('POST', '/v1/auth/login', {
      body: { email: 'alice@example.com', password: 'alice-password-1' },
      headers: { origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
  });
});

describe('a dashboard session on the /v1 API', () => {
  it('acts as a secret key of the chosen project', async () => {
    const alice = await signIn(api, 'alice@example.com', 'alice-password-1');
    const created = await alice.call('POST', '/v1/surveys', { project: projectA.id, body: { name: 'From the dashboard' } });
    expect(created.status).toBe(201);
    const viaKey = await api.request('GET', `/v1/surveys/${created.body.id}`, { key: projectA.secretKey });
    expect(viaKey.body.name).toBe('From the dashboard');
  });

  it('needs the project header', async () => {
    const alice = await signIn(api, 'alice@example.com', 'alice-password-1');
    expect((await alice.call('GET', '/v1/surveys')).status).toBe(400);
  });

  it('refuses state-changing requests without the CSRF token, and reads without it', async () => {
    const alice = await signIn(api, 'alice@example.com', 'alice-password-1');
    const write = await alice.call('POST', '/v1/surveys', { project: projectA.id, body: { name: 'x' }, csrf: false });
    expect(write.status).toBe(403);
    expect((await alice.call('GET', '/v1/surveys', { project: projectA.id, csrf: false })).status).toBe(200);
  });

  it('a member of project A cannot see project B: it answers like a project that does not exist', async () => {
    const alice = await signIn(api, 'alice@example.com', 'alice-password-1');
    const res = await alice.call('GET', '/v1/surveys', { project: projectB.id });
    expect(res.status).toBe(404);
    const missing = await alice.call('GET', '/v1/surveys', { project: 'prj_doesnotexist' });
    expect(missing.body.error.message).toBe(res.body.error.message);
  });

  it('the instance owner sees every project, including ones made with the admin key', async () => {
    const owner = await signIn(api, 'owner@example.com', 'owner-password-1');
    expect(owner.projects.map((p) => p.id)).toEqual([projectA.id, projectB.id]);
    expect((await owner.call('GET', '/v1/project', { project: projectB.id })).body.name).toBe('Project B');
  });

  it('members work with data but cannot change settings, keys or members', async () => {
    const mark = await signIn(api, 'mark@example.com', 'mark-password-1');
    expect((await mark.call('POST', '/v1/surveys', { project: projectA.id, body: { name: 'by a member' } })).status).toBe(201);
    expect((await mark.call('PATCH', '/v1/project', { project: projectA.id, body: { name: 'renamed' } })).status).toBe(403);
    expect((await mark.call('POST', '/v1/project/keys', { project: projectA.id, body: { kind: 'secret' } })).status).toBe(403);
    expect((await mark.call('POST', '/v1/members', { project: projectA.id, body: { email: 'x@example.com' } })).status).toBe(403);
    expect((await mark.call('GET', '/v1/project/keys', { project: projectA.id })).status).toBe(200);
  });

  it('does not reach admin-key routes', async () => {
    const owner = await signIn(api, 'owner@example.com', 'owner-password-1');
    expect((await owner.call('GET', '/v1/projects')).status).toBe(401);
  });

  it('ends at sign-out', async () => {
    const alice = await signIn(api, 'alice@example.com', 'alice-password-1');
    expect((await alice.call('POST', '/v1/auth/logout')).status).toBe(204);
    expect((await alice.call('GET', '/v1/surveys', { project: projectA.id })).status).toBe(401);
    expect((await alice.call('GET', '/v1/auth/session')).status).toBe(401);
  });

  it('an invented or expired cookie is refused', async () => {
    const res = await api.request('GET', '/v1/surveys', { headers: { cookie: 'kizuna_session=forged', 'x-kizuna-project': projectA.id } });
    expect(res.status).toBe(401);
  });
});
