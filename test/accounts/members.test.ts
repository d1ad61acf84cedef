import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';
import { addUser, signIn } from './support';

let api: TestApi;
let project: { id: string; secretKey: string; publishableKey: string };
let other: { id: string; secretKey: string };

beforeAll(async () => {
  api = await startTestApi();
  project = await api.createProject('Team');
  other = await api.createProject('Other');
  await addUser(api, { email: 'admin@example.com', password: 'admin-password-1', projects: [[project.id, 'admin']] });
});
afterAll(() => api.close());

describe('/v1/members', () => {
  it('an admin invites a new member, who sets their own password on accepting', async () => {
    const admin = await signIn(api, 'admin@example.com', 'admin-password-1');
    const invited = await admin.call('POST', '/v1/members', { project: project.id, body: { email: 'New@Example.com' } });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ email: 'new@example.com', role: 'member', inviteUrl: expect.stringMatching(/^\/invite\//) });
    expect(invited.body).not.toHaveProperty('temporaryPassword');
    const token = invited.body.inviteUrl.split('/invite/')[1];
    const accepted = await api.request('POST', '/v1/auth/invites/accept', { body: { token, password: 'nao-password-1', name: 'Nao' } });
    expect(accepted.status).toBe(200);
    const nao = await signIn(api, 'new@example.com', 'nao-password-1');
    expect(nao.projects.map((p) => p.id)).toEqual([project.id]);
  });

  it('inviting an existing account to another project creates no membership until they accept', async () => {
    const invited = await api.request('POST', '/v1/members', { key: other.secretKey, body: { email: 'new@example.com', role: 'admin' } });
    expect(invited.status).toBe(201);
    expect(invited.body).not.toHaveProperty('userId');
    const team = await api.request('GET', '/v1/members', { key: other.secretKey });
    expect(team.body.data).toEqual([]);
  });

  it('lists the team with a secret key too (follow-up assignees)', async () => {
    const res = await api.request('GET', '/v1/members', { key: project.secretKey });
    expect(res.status).toBe(200);
    expect(res.body.data.map((m: { email: string }) => m.email)).toEqual(['admin@example.com', 'new@example.com']);
  });

  it('refuses a duplicate membership and a bad email', async () => {
    const dup = await api.request('POST', '/v1/members', { key: project.secretKey, body: { email: 'admin@example.com' } });
    expect(dup.status).toBe(409);
    const bad = await api.request('POST', '/v1/members', { key: project.secretKey, body: { email: 'not-an-email' } });
    expect(bad.status).toBe(422);
  });

  it('keeps at least one admin and does not let you remove yourself', async () => {
    const list = await api.request('GET', '/v1/members', { key: project.secretKey });
    const adminId = list.body.data[0].userId;
    const demote = await api.request('PATCH', `/v1/members/${adminId}`, { key: project.secretKey, body: { role: 'member' } });
    expect(demote.status).toBe(409);
    const admin = await signIn(api, 'admin@example.com', 'admin-password-1');
    expect((await admin.call('DELETE', `/v1/members/${adminId}`, { project: project.id })).status).toBe(409);
  });

  it('changes a role and removes a member; the removed member loses access', async () => {
    const list = await api.request('GET', '/v1/members', { key: project.secretKey });
    const naoId = list.body.data[1].userId;
    const promoted = await api.request('PATCH', `/v1/members/${naoId}`, { key: project.secretKey, body: { role: 'admin' } });
    expect(promoted.body.role).toBe('admin');
    expect((await api.request('DELETE', `/v1/members/${naoId}`, { key: project.secretKey })).status).toBe(204);
    const after = await api.request('GET', '/v1/members', { key: project.secretKey });
    expect(after.body.data).toHaveLength(1);
  });

  it('security: no key 401, publishable key 403, another project\'s member 404', async () => {
    expect((await api.request('GET', '/v1/members')).status).toBe(401);
    expect((await api.request('GET', '/v1/members', { key: project.publishableKey })).status).toBe(403);
    const list = await api.request('GET', '/v1/members', { key: project.secretKey });
    const adminId = list.body.data[0].userId;
    expect((await api.request('PATCH', `/v1/members/${adminId}`, { key: other.secretKey, body: { role: 'member' } })).status).toBe(404);
  });
});
