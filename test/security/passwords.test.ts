// Issue 16 (low): passwords were PBKDF2-SHA-256 at 100,000 iterations. They are now 600,000, done in rounds
// of at most 100,000 (the most one PBKDF2 call may do on Cloudflare Workers), and a weaker stored hash is
// replaced at the next successful sign-in.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../db/schema';
import { hashPassword, needsRehash, PASSWORD_ITERATIONS, ROUND_ITERATIONS, verifyPassword } from '../../server/auth/password';
import { addUser } from '../accounts/support';
import { startTestApi, type TestApi } from '../support/api';
import { describeInProcess } from '../support/target';

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

async function pbkdf2(secret: Uint8Array<ArrayBuffer>, salt: Uint8Array<ArrayBuffer>, iterations: number) {
  const key = await crypto.subtle.importKey('raw', secret, 'PBKDF2', false, ['deriveBits']);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256));
}

/** A hash as the old code wrote it: one PBKDF2 call of 100,000 iterations. */
async function oldHash(password: string) {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await pbkdf2(new TextEncoder().encode(password), salt, 100_000);
  return `pbkdf2-sha256$100000$${toBase64(salt)}$${toBase64(hash)}`;
}

describe('password hashes', () => {
  it(`are ${PASSWORD_ITERATIONS} iterations in rounds no larger than Workers allow, each round keyed by the last`, async () => {
    const stored = await hashPassword('correct horse battery');
    const [scheme, iterations, saltText, hashText] = stored.split('$');
    expect(scheme).toBe('pbkdf2-sha256-rounds');
    expect(Number(iterations)).toBe(600_000);
    expect(ROUND_ITERATIONS).toBe(100_000);
    const salt = Uint8Array.from(atob(saltText!), (ch) => ch.charCodeAt(0));
    let secret: Uint8Array<ArrayBuffer> = new TextEncoder().encode('correct horse battery');
    for (let round = 0; round < 6; round++) secret = await pbkdf2(secret, salt, 100_000);
    expect(toBase64(secret)).toBe(hashText);
    expect(needsRehash(stored)).toBe(false);
  });

  it('still verify when written by the old code, and are marked for rehashing', async () => {
    const stored = await oldHash('an old password');
    expect(await verifyPassword('an old password', stored)).toBe(true);
    expect(await verifyPassword('another password', stored)).toBe(false);
    expect(needsRehash(stored)).toBe(true);
    expect(needsRehash(await hashPassword('weaker', 1000))).toBe(true);
  });

  it('refuse a stored single call above what Workers allow, and absurd counts', async () => {
    expect(await verifyPassword('x', 'pbkdf2-sha256$600000$AAAAAAAAAAAAAAAAAAAAAA==$AAAA')).toBe(false);
    expect(await verifyPassword('x', 'pbkdf2-sha256-rounds$999999999$AAAAAAAAAAAAAAAAAAAAAA==$AAAA')).toBe(false);
  });
});

describeInProcess('signing in with a password stored at 100,000 iterations', () => {
  let api: TestApi;
  beforeAll(async () => {
    // The instance's real setting (the suite lowers it for its throw-away accounts).
    api = await startTestApi({ config: { passwordIterations: PASSWORD_ITERATIONS } });
  });
  afterAll(() => api.close());

  it('signs in and replaces the stored hash with the current setting', async () => {
    const user = await addUser(api, { email: 'veteran@example.com', password: 'placeholder-password' });
    await api.db.db.update(users).set({ passwordHash: await oldHash('veteran-password-1') }).where(eq(users.id, user.id));

    const first = await api.request('POST', '/v1/auth/login', { body: { email: 'veteran@example.com', password: 'veteran-password-1' } });
    expect(first.status).toBe(200);
    const [row] = await api.db.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, user.id));
    expect(row!.hash).toMatch(/^pbkdf2-sha256-rounds\$600000\$/);

    const again = await api.request('POST', '/v1/auth/login', { body: { email: 'veteran@example.com', password: 'veteran-password-1' } });
    expect(again.status).toBe(200);
  });
});
