// Issue 16.1: one project could take over accounts that another project invited later. POST /v1/members with
// { email, password } made an instance-wide account with a password of the first project's choosing, and a
// later invite from another project attached that account, so the first project signed in to the second as
// admin. It also told the caller whether an email had an account (id and name). Now members are invited by a
// one-time link; accepting creates an account only where none exists, and an existing account joins only
// from its own session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { users } from '../../db/schema';
import { addUser, signIn } from '../accounts/support';
import { startTestApi, type ApiResponse, type TestApi } from '../support/api';
import { testClock } from '../support/clock';

const clock = testClock();
let api: TestApi;
let projectA: { id: string; secretKey: string; publishableKey: string };
let projectB: { id: string; secretKey: string; publishableKey: string };

beforeAll(async () => {
  api = await startTestApi({ clock });
  projectA = await api.createProject('Project A');
  projectB = await api.createProject('Project B');
  await addUser(api, { email: 'bea@example.com', password: 'bea-password-1', projects: [[projectB.id, 'admin']] });
  await addUser(api, { email: 'ken@example.com', password: 'ken-password-1', projects: [[projectB.id, 'member']] });
  // Has an account (through another project), and is the kind of person project A would like to learn about.
  await addUser(api, { email: 'known@example.com', password: 'known-password-1', projects: [[projectB.id, 'member']] });
});
afterAll(() => api.close());

let client = 0;
/** Each caller comes from its own address, so the per-client limits only bite where a test means them to. */
const fromNewClient = () => {
  client += 1;
  return { 'x-forwarded-for': `10.9.${client >> 8}.${client & 255}` };
};

const tokenOf = (inviteUrl: string) => inviteUrl.split('/invite/')[1]!;

async function invite(key: string, email: string, role: 'admin' | 'member' = 'member') {
  const res = await api.request('POST', '/v1/members', { key, body: { email, role } });
  expect(res.status).toBe(201);
  return res.body as { id: string; email: string; role: string; inviteUrl: string; expiresAt: string; emailed: boolean };
}

const accept = (body: Record<string, unknown>, headers: Record<string, string> = fromNewClient()) =>
  api.request('POST', '/v1/auth/invites/accept', { body, headers });

const sessionCookieOf = (res: ApiResponse) => res.headers.get('set-cookie')?.split(';')[0] ?? null;

async function canSignIn(email: string, password: string) {
  const res = await api.request('POST', '/v1/auth/login', { body: { email, password }, headers: fromNewClient() });
  return res.status === 200;
}

describe('the takeover of issue 16.1', () => {
  it("the attack as reported: A sets a password, B invites the email, A's password does not open B", async () => {
    const byA = await api.request('POST', '/v1/members', {
      key: projectA.secretKey,
      body: { email: 'victim@example.com', password: 'chosen-by-project-a', role: 'member' },
    });
    await api.request('POST', '/v1/members', { key: projectB.secretKey, body: { email: 'victim@example.com', role: 'admin' } });
    const login = await api.request('POST', '/v1/auth/login', {
      body: { email: 'victim@example.com', password: 'chosen-by-project-a' },
      headers: fromNewClient(),
    });
    const projectsOfHolder = (login.body?.projects ?? []).map((p: { id: string }) => p.id);
    // The consequence first (on the old code: signed in, B among the projects), then the causes.
    expect(projectsOfHolder).not.toContain(projectB.id);
    expect(login.status).toBe(401);
    expect(byA.status).toBe(422);
    expect(await api.db.db.select().from(users).where(eq(users.email, 'victim@example.com'))).toEqual([]);
  });

  it("when project B invites the same email, A's chosen password does not sign in to B", async () => {
    // A invites the email too (the only way left), and uses its own copy of the link to set a password.
    const fromA = await invite(projectA.secretKey, 'victim2@example.com');
    const aAccepts = await accept({ token: tokenOf(fromA.inviteUrl), password: 'chosen-by-project-a' });
    expect(aAccepts.status).toBe(200);
    // B's invite now finds an account A holds the password of; attaching it needs B's link AND that
    // account's session: A has the session but not B's link, and the link alone is refused.
    const fromB = await invite(projectB.secretKey, 'victim2@example.com', 'admin');
    const withLinkOnly = await accept({ token: tokenOf(fromB.inviteUrl), password: 'anything-at-all-1' });
    expect(withLinkOnly.status).toBe(409);
    expect(withLinkOnly.body.error.code).toBe('sign_in_to_accept');
    const holderOfA = await signIn(api, 'victim2@example.com', 'chosen-by-project-a');
    expect(holderOfA.projects.map((p) => p.id)).toEqual([projectA.id]);
    expect((await holderOfA.call('GET', '/v1/members', { project: projectB.id })).status).toBe(404);
  });

  it('an existing account is never attached by an invite: its holder accepts from their own session', async () => {
    const fromA = await invite(projectA.secretKey, 'known@example.com', 'admin');
    expect((await accept({ token: tokenOf(fromA.inviteUrl), password: 'a-new-password-by-a' })).status).toBe(409);
    expect(await canSignIn('known@example.com', 'a-new-password-by-a')).toBe(false);
    const known = await signIn(api, 'known@example.com', 'known-password-1');
    expect(known.projects.map((p) => p.id)).toEqual([projectB.id]);
  });
});

describe('replies to the inviting project reveal nothing about other projects', () => {
  it('answers the same shape whether the email has an account elsewhere or not', async () => {
    const known = await api.request('POST', '/v1/members', { key: projectA.secretKey, body: { email: 'Ken@Example.com' } });
    const unknown = await api.request('POST', '/v1/members', { key: projectA.secretKey, body: { email: 'nobody@example.com' } });
    expect(known.status).toBe(201);
    expect(unknown.status).toBe(201);
    expect(Object.keys(known.body).sort()).toEqual(Object.keys(unknown.body).sort());
    expect(Object.keys(known.body).sort()).toEqual(['email', 'emailed', 'expiresAt', 'id', 'inviteUrl', 'role']);
    expect(known.body).toMatchObject({ email: 'ken@example.com', role: 'member', emailed: false });
    expect(JSON.stringify(known.body)).not.toMatch(/usr_|Ken\b|temporaryPassword/);
    const listed = await api.request('GET', '/v1/members/invites', { key: projectA.secretKey });
    const rows = listed.body.data.filter((r: { email: string }) => ['ken@example.com', 'nobody@example.com'].includes(r.email));
    expect(rows).toHaveLength(2);
    expect(Object.keys(rows[0]).sort()).toEqual(Object.keys(rows[1]).sort());
    expect(Object.keys(rows[0]).sort()).toEqual(['createdAt', 'email', 'expiresAt', 'id', 'role']);
  });

  it('the invite page says the same for both, unless the caller is signed in as the invitee', async () => {
    const known = await invite(projectA.secretKey, 'ken@example.com');
    const unknown = await invite(projectA.secretKey, 'nobody@example.com');
    const a = await api.request('GET', `/v1/auth/invites/${tokenOf(known.inviteUrl)}`, { headers: fromNewClient() });
    const b = await api.request('GET', `/v1/auth/invites/${tokenOf(unknown.inviteUrl)}`, { headers: fromNewClient() });
    expect(a.status).toBe(200);
    expect({ ...a.body, email: null }).toEqual({ ...b.body, email: null });
    expect(a.body).toMatchObject({ projectName: 'Project A', email: 'ken@example.com', role: 'member', signedIn: false, signedInAsInvitee: false });
    const ken = await signIn(api, 'ken@example.com', 'ken-password-1');
    const asKen = await api.request('GET', `/v1/auth/invites/${tokenOf(known.inviteUrl)}`, { headers: { cookie: ken.cookie, ...fromNewClient() } });
    expect(asKen.body).toMatchObject({ signedIn: true, signedInAsInvitee: true });
  });

  it('refuses only people already on THIS team (409), and a password in the body (422)', async () => {
    expect((await api.request('POST', '/v1/members', { key: projectB.secretKey, body: { email: 'bea@example.com' } })).status).toBe(409);
    expect((await api.request('POST', '/v1/members', { key: projectA.secretKey, body: { email: 'bea@example.com' } })).status).toBe(201);
    const withName = await api.request('POST', '/v1/members', { key: projectA.secretKey, body: { email: 'x@example.com', name: 'X' } });
    expect(withName.status).toBe(422);
  });
});

describe('accepting an invitation', () => {
  it('a new account: sets the password, signs in, and joins with the invited role', async () => {
    const made = await invite(projectB.secretKey, 'newbie@example.com', 'admin');
    expect(made.inviteUrl).toMatch(/^\/invite\/\w{40}$/); // no KIZUNA_PUBLIC_URL in this test: the path alone
    expect(new Date(made.expiresAt).getTime() - clock.now().getTime()).toBe(7 * 24 * 3600 * 1000);
    const res = await accept({ token: tokenOf(made.inviteUrl), password: 'newbie-password-1', name: 'Nia' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ project: { id: projectB.id, name: 'Project B' }, role: 'admin', accountCreated: true });
    const cookie = sessionCookieOf(res)!;
    expect(cookie).toMatch(/^kizuna_session=/);
    const session = await api.request('GET', '/v1/auth/session', { headers: { cookie } });
    expect(session.body.user).toMatchObject({ email: 'newbie@example.com', name: 'Nia' });
    expect(session.body.projects).toEqual([expect.objectContaining({ id: projectB.id, role: 'admin' })]);
    expect(await canSignIn('newbie@example.com', 'newbie-password-1')).toBe(true);
  });

  it('a new account needs a password of the usual length; a refused try leaves the link usable', async () => {
    const made = await invite(projectB.secretKey, 'short@example.com');
    expect((await accept({ token: tokenOf(made.inviteUrl), password: 'short' })).status).toBe(422);
    expect((await accept({ token: tokenOf(made.inviteUrl) })).status).toBe(422);
    expect((await accept({ token: tokenOf(made.inviteUrl), password: 'long-enough-pw' })).status).toBe(200);
  });

  it('an existing account: 409 without its session or with another account\'s, 200 with its own', async () => {
    const made = await invite(projectA.secretKey, 'ken@example.com', 'admin');
    const token = tokenOf(made.inviteUrl);
    const without = await accept({ token });
    expect(without.status).toBe(409);
    expect(without.body.error.code).toBe('sign_in_to_accept');
    const bea = await signIn(api, 'bea@example.com', 'bea-password-1');
    const asBea = await accept({ token }, { cookie: bea.cookie, 'x-kizuna-csrf': bea.csrfToken, ...fromNewClient() });
    expect(asBea.status).toBe(409);
    const ken = await signIn(api, 'ken@example.com', 'ken-password-1');
    const noCsrf = await accept({ token }, { cookie: ken.cookie, ...fromNewClient() });
    expect(noCsrf.status).toBe(403);
    const ok = await accept({ token, password: 'ignored-for-existing' }, { cookie: ken.cookie, 'x-kizuna-csrf': ken.csrfToken, ...fromNewClient() });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ project: { id: projectA.id }, role: 'admin', accountCreated: false });
    expect(sessionCookieOf(ok)).toBeNull(); // already signed in
    expect(await canSignIn('ken@example.com', 'ignored-for-existing')).toBe(false);
    const members = await api.request('GET', '/v1/members', { key: projectA.secretKey });
    expect(members.body.data).toContainEqual(expect.objectContaining({ email: 'ken@example.com', role: 'admin' }));
  });

  it('is single use', async () => {
    const made = await invite(projectB.secretKey, 'once@example.com');
    const token = tokenOf(made.inviteUrl);
    expect((await accept({ token, password: 'once-password-1' })).status).toBe(200);
    const again = await accept({ token, password: 'twice-password-1' });
    expect(again.status).toBe(404);
    expect((await api.request('GET', `/v1/auth/invites/${token}`, { headers: fromNewClient() })).status).toBe(404);
    expect(await canSignIn('once@example.com', 'twice-password-1')).toBe(false);
  });

  it('expires after 7 days', async () => {
    const made = await invite(projectB.secretKey, 'late@example.com');
    const token = tokenOf(made.inviteUrl);
    clock.advance(7 * 24 * 3600 * 1000 - 1000);
    expect((await api.request('GET', `/v1/auth/invites/${token}`, { headers: fromNewClient() })).status).toBe(200);
    clock.advance(1000);
    const expired = await accept({ token, password: 'late-password-1' });
    expect(expired.status).toBe(404);
    const pending = await api.request('GET', '/v1/members/invites', { key: projectB.secretKey });
    expect(pending.body.data.map((r: { email: string }) => r.email)).not.toContain('late@example.com');
  });

  it('a revoked invite and a replaced one stop working; revoking is per project', async () => {
    const first = await invite(projectB.secretKey, 'gone@example.com');
    const second = await invite(projectB.secretKey, 'gone@example.com');
    expect((await accept({ token: tokenOf(first.inviteUrl), password: 'gone-password-1' })).status).toBe(404);
    expect((await api.request('DELETE', `/v1/members/invites/${second.id}`, { key: projectA.secretKey })).status).toBe(404);
    expect((await api.request('DELETE', `/v1/members/invites/${second.id}`, { key: projectB.secretKey })).status).toBe(204);
    expect((await api.request('DELETE', `/v1/members/invites/${second.id}`, { key: projectB.secretKey })).status).toBe(404);
    expect((await accept({ token: tokenOf(second.inviteUrl), password: 'gone-password-1' })).status).toBe(404);
    expect(await api.db.db.select().from(users).where(eq(users.email, 'gone@example.com'))).toEqual([]);
  });

  it('the token never reaches the request log', async () => {
    const made = await invite(projectB.secretKey, 'logged@example.com');
    const token = tokenOf(made.inviteUrl);
    expect((await api.request('GET', `/v1/auth/invites/${token}`, { headers: fromNewClient() })).status).toBe(200);
    expect((await accept({ token, password: 'logged-password-1' })).status).toBe(200);
    const lines = JSON.stringify(api.logs);
    expect(lines).toContain('/v1/auth/invites/[redacted]');
    expect(lines).toContain('/v1/auth/invites/accept');
    expect(lines).not.toContain(token);
  });

  it('an unknown or malformed token is a 404', async () => {
    expect((await accept({ token: 'x'.repeat(40), password: 'whatever-pass-1' })).status).toBe(404);
    expect((await api.request('GET', '/v1/auth/invites/short', { headers: fromNewClient() })).status).toBe(404);
  });

  it('is rate-limited per client, like sign-in', async () => {
    const headers = fromNewClient();
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await accept({ token: 'y'.repeat(40), password: 'whatever-pass-1' }, headers)).status);
    expect(statuses.slice(0, 30).every((s) => s === 404)).toBe(true);
    expect(statuses[30]).toBe(429);
  });
});

describe('who may invite', () => {
  it('no key 401, publishable 403, a member\'s session 403; an admin\'s session invites', async () => {
    expect((await api.request('POST', '/v1/members', { body: { email: 'p@example.com' } })).status).toBe(401);
    expect((await api.request('POST', '/v1/members', { key: projectB.publishableKey, body: { email: 'p@example.com' } })).status).toBe(403);
    const ken = await signIn(api, 'ken@example.com', 'ken-password-1');
    expect((await ken.call('POST', '/v1/members', { project: projectB.id, body: { email: 'p@example.com' } })).status).toBe(403);
    expect((await ken.call('GET', '/v1/members/invites', { project: projectB.id })).status).toBe(403);
    const bea = await signIn(api, 'bea@example.com', 'bea-password-1');
    const made = await bea.call('POST', '/v1/members', { project: projectB.id, body: { email: 'p@example.com' } });
    expect(made.status).toBe(201);
    const listed = await bea.call('GET', '/v1/members/invites', { project: projectB.id });
    expect(listed.body.data.map((r: { email: string }) => r.email)).toContain('p@example.com');
    expect((await ken.call('DELETE', `/v1/members/invites/${made.body.id}`, { project: projectB.id })).status).toBe(403);
  });

  it('the link is absolute when the instance knows its public URL', async () => {
    const other = await startTestApi({ config: { publicUrl: 'https://kizuna.example' } });
    try {
      const project = await other.createProject('P');
      const res = await other.request('POST', '/v1/members', { key: project.secretKey, body: { email: 'abs@example.com' } });
      expect(res.body.inviteUrl).toMatch(/^https:\/\/kizuna\.example\/invite\/\w{40}$/);
    } finally {
      await other.close();
    }
  });
});
