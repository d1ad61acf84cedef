import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../server/auth/password';
import { ensureFirstAdmin } from '../../server/services/accounts/first-run';
import { startTestApi, type TestApi } from '../support/api';
import { addUser, signIn } from './support';

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

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct horse battery', 1000);
    expect(hash).toMatch(/^pbkdf2-sha256-rounds\$1000\$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(await verifyPassword('anything', 'garbage')).toBe(false);
  });

  it('salts: the same password hashes differently twice', async () => {
    expect(await hashPassword('same-password', 1000)).not.toBe(await hashPassword('same-password', 1000));
  });
});

describe('POST /v1/auth/login', () => {
  it('sets an HttpOnly SameSite session cookie and returns the CSRF token and projects', async () => {
    const res = await api.request('POST', '/v1/auth/login', { body: { email: 'Alice@Example.com', password: 'alice-password-1' } });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^kizuna_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(res.body.csrfToken).toMatch(/^\w{32}$/);
    expect(res.body.user.email).toBe('alice@example.com');
    expect(res.body.projects.map((p: { id: string }) => p.id)).toEqual([projectA.id]);
  });

  it('refuses a wrong password and an unknown email with the same answer', async () => {
    const wrong = await api.request('POST', '/v1/auth/login', { body: { email: 'alice@example.com', password: 'nope' } });
    const unknown = await api.request('POST', '/v1/auth/login', { body: { email: 'nobody@example.com', password: 'nope' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });
});

describe('GET /v1/auth/session', () => {
  it('describes the signed-in user', async () => {
    const alice = await signIn(api, 'alice@example.com', 'alice-password-1');
    const res = await alice.call('GET', '/v1/auth/session');
    expect(res.status).toBe(200);
    expect(res.body.user.email).toBe('alice@example.com');
    expect(res.body.csrfToken).toBe(alice.csrfToken);
  });
});

describe('POST /v1/auth/projects', () => {
  it('lets the owner create a project and refuses everyone else', async () => {
    const owner = await signIn(api, 'owner@example.com', 'owner-password-1');
    const created = await owner.call('POST', '/v1/auth/projects', { body: { name: 'Project C', timeZone: 'Asia/Tokyo' } });
    expect(created.status).toBe(201);
    expect(created.body.secretKey).toMatch(/^sk_/);
    const alice = await signIn(api, 'alice@example.com', 'alice-password-1');
    expect((await alice.call('POST', '/v1/auth/projects', { body: { name: 'Nope' } })).status).toBe(403);
  });
});

describe('POST /v1/auth/password', () => {
  it('changes the password and ends other sessions', async () => {
    await addUser(api, { email: 'pat@example.com', password: 'pat-password-1', projects: [[projectA.id, 'member']] });
    const first = await signIn(api, 'pat@example.com', 'pat-password-1');
    const second = await signIn(api, 'pat@example.com', 'pat-password-1');
    const wrong = await second.call('POST', '/v1/auth/password', { body: { currentPassword: 'nope', newPassword: 'pat-password-2' } });
    expect(wrong.status).toBe(403);
    const ok = await second.call('POST', '/v1/auth/password', { body: { currentPassword: 'pat-password-1', newPassword: 'pat-password-2' } });
    expect(ok.status).toBe(200);
    expect((await first.call('GET', '/v1/auth/session')).status).toBe(401);
    await expect(signIn(api, 'pat@example.com', 'pat-password-1')).rejects.toThrow(/401/);
    await signIn(api, 'pat@example.com', 'pat-password-2');
  });
});

describe('first start', () => {
  it('creates the owner and a first project once, with a generated password that signs in', async () => {
    const fresh = await startTestApi();
    try {
      const first = await ensureFirstAdmin(fresh.db.db, { email: 'boss@example.com' });
      expect(first?.generatedPassword).toMatch(/^\w{16}$/);
      expect(first?.project?.name).toBe('My product');
      expect(await ensureFirstAdmin(fresh.db.db, { email: 'boss@example.com' })).toBeNull();
      const boss = await signIn(fresh, 'boss@example.com', first!.generatedPassword!);
      expect(boss.projects).toEqual([expect.objectContaining({ id: first!.project!.id, role: 'admin' })]);
    } finally {
      await fresh.close();
    }
  });

  it('refuses a too-short KIZUNA_ADMIN_PASSWORD', async () => {
    const fresh = await startTestApi();
    try {
      await expect(ensureFirstAdmin(fresh.db.db, { email: 'a@example.com', password: 'short' })).rejects.toThrow(/at least/);
    } finally {
      await fresh.close();
    }
  });
});
