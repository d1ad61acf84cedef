// Issue 16 (low): after ten wrong passwords the right one got 429 for a minute, so anyone who knew an email
// could keep its owner out. Sign-in now slows down per account and per client instead, hard-limiting only
// the client address; and POST /v1/auth/password is limited per user and per client.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FREE_FAILURES, MAX_DELAY_MS, PASSWORD_CHANGES_PER_USER, signInDelayMs } from '../../server/auth/sign-in-limits';
import { addUser, signIn } from '../accounts/support';
import { startTestApi, type TestApi } from '../support/api';
import { testClock } from '../support/clock';
import { describeInProcess } from '../support/target';

// The test clock's sleep moves its time, so the slow-down is measured, not waited for. In process only: the
// Worker target sleeps on a real timer, and its clock follows the test's only at each request's start.
const clock = testClock();
let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ clock });
  await addUser(api, { email: 'owner@example.com', password: 'owner-password-1', isOwner: true });
  await addUser(api, { email: 'typist@example.com', password: 'typist-password-1' });
  await addUser(api, { email: 'changer@example.com', password: 'changer-password-1' });
});
afterAll(() => api.close());

const signInFrom = (address: string, email: string, password: string) =>
  api.request('POST', '/v1/auth/login', { body: { email, password }, headers: { 'x-forwarded-for': address } });

/** How long the attempt was held before it was answered, on the test clock. */
async function timed<T>(attempt: () => Promise<T>): Promise<{ result: T; waitedMs: number }> {
  const before = clock.now().getTime();
  const result = await attempt();
  return { result, waitedMs: clock.now().getTime() - before };
}

describeInProcess('signing in while strangers guess at the account', () => {
  it('lets the owner in with the right password, a few seconds late at most', async () => {
    clock.advance(120_000); // fresh windows
    for (let i = 0; i < 12; i++) {
      const guess = await signInFrom(`198.51.100.${i + 1}`, 'owner@example.com', `guess-${i}`);
      expect(guess.status).toBe(401);
    }
    const owner = await timed(() => signInFrom('203.0.113.50', 'owner@example.com', 'owner-password-1'));
    expect(owner.result.status).toBe(200);
    expect(owner.waitedMs).toBeGreaterThan(0);
    expect(owner.waitedMs).toBeLessThanOrEqual(MAX_DELAY_MS);
  });
});

describeInProcess('failures slow further attempts down', () => {
  it('costs nothing for a few typos, then waits longer each time up to the cap', async () => {
    clock.advance(120_000);
    const waits: number[] = [];
    for (let i = 0; i < FREE_FAILURES + 5; i++) {
      const attempt = await timed(() => signInFrom('192.0.2.10', 'typist@example.com', `typo-${i}`));
      expect(attempt.result.status).toBe(401);
      waits.push(attempt.waitedMs);
    }
    expect(waits).toEqual([0, 0, 0, 0, 0, 500, 1000, 2000, 4000, 4000]);
    expect(waits).toEqual(waits.map((_, failures) => signInDelayMs(failures)));
    // The right password still works, after the same wait.
    const right = await timed(() => signInFrom('192.0.2.10', 'typist@example.com', 'typist-password-1'));
    expect(right.result.status).toBe(200);
    expect(right.waitedMs).toBe(MAX_DELAY_MS);
  });

  it('slows one client guessing many accounts, not just each account', async () => {
    clock.advance(120_000);
    const waits: number[] = [];
    for (let i = 0; i < FREE_FAILURES + 2; i++) {
      waits.push((await timed(() => signInFrom('192.0.2.20', `nobody-${i}@example.com`, 'guess'))).waitedMs);
    }
    expect(waits.slice(FREE_FAILURES)).toEqual([500, 1000]);
  });
});

describeInProcess('POST /v1/auth/password', () => {
  it(`refuses more than ${PASSWORD_CHANGES_PER_USER} tries a minute for one account, even with the right password`, async () => {
    clock.advance(120_000);
    const session = await signIn(api, 'changer@example.com', 'changer-password-1');
    const statuses: number[] = [];
    for (let i = 0; i < PASSWORD_CHANGES_PER_USER; i++) {
      const res = await session.call('POST', '/v1/auth/password', { body: { currentPassword: `guess-${i}`, newPassword: 'new-password-123' } });
      statuses.push(res.status);
    }
    expect(statuses).toEqual(Array(PASSWORD_CHANGES_PER_USER).fill(403));
    const blocked = await session.call('POST', '/v1/auth/password', {
      body: { currentPassword: 'changer-password-1', newPassword: 'new-password-123' },
    });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('rate_limited');

    clock.advance(60_000);
    const later = await session.call('POST', '/v1/auth/password', { body: { currentPassword: 'changer-password-1', newPassword: 'new-password-123' } });
    expect(later.status).toBe(200);
  });
});
