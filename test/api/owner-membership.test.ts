// Issue 19, bug 10: projects made with the admin key had no members, so the instance owner could not be assigned
// follow-ups ("Assigned to me" always empty). The owner is an admin member of every project, whoever made it.
import { readFileSync } from 'node:fs';
import { and, eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memberships } from '../../db/schema';
import { ensureFirstAdmin } from '../../server/services/accounts/first-run';
import { createUser } from '../../server/services/accounts/users';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeEach(async () => {
  api = await startTestApi();
});
afterEach(async () => {
  await api.close();
});

const teamOf = async (secretKey: string) => {
  const res = await api.request('GET', '/v1/members', { key: secretKey });
  expect(res.status).toBe(200);
  return (res.body.data as { email: string; role: string }[]).map(({ email, role }) => ({ email, role }));
};

describe('the instance owner in every project', () => {
  it('is an admin member of a project the admin key creates', async () => {
    await createUser(api.db.db, { email: 'owner@example.com', password: 'a long enough password', isOwner: true });
    await createUser(api.db.db, { email: 'someone@example.com', password: 'a long enough password' });
    const project = await api.createProject('Made with the admin key');
    expect(await teamOf(project.secretKey)).toEqual([{ email: 'owner@example.com', role: 'admin' }]);
  });

  it('becomes an admin member of projects made before the first sign-in', async () => {
    const early = await api.createProject('Made before any account');
    const first = await ensureFirstAdmin(api.db.db, { email: 'owner@example.com', password: 'a long enough password' });
    expect(first?.project).toBeNull(); // a project exists, so no "My product"
    expect(await teamOf(early.secretKey)).toEqual([{ email: 'owner@example.com', role: 'admin' }]);
  });

  it('gets admin membership of existing projects from migration 0019, once, keeping roles already given', async () => {
    const owner = (await createUser(api.db.db, { email: 'owner@example.com', password: 'a long enough password', isOwner: true }))!;
    const a = await api.createProject('A');
    const b = await api.createProject('B');
    // As before the fix: A without the owner, B with the owner demoted to member by hand.
    await api.db.db.delete(memberships).where(eq(memberships.projectId, a.id));
    await api.db.db.update(memberships).set({ role: 'member' }).where(and(eq(memberships.projectId, b.id), eq(memberships.userId, owner.id)));
    const migration = readFileSync(new URL('../../db/migrations/0019_owner_memberships.sql', import.meta.url), 'utf8');
    await api.db.db.execute(sql.raw(migration));
    await api.db.db.execute(sql.raw(migration)); // harmless twice
    expect(await teamOf(a.secretKey)).toEqual([{ email: 'owner@example.com', role: 'admin' }]);
    expect(await teamOf(b.secretKey)).toEqual([{ email: 'owner@example.com', role: 'member' }]);
  });
});
