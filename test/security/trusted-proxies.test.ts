// Issue 16, item 5: rate limits believed X-Forwarded-For from anyone, so a client sending a fresh one each
// time was never limited (35 sign-ins in a row, and the ingest route likewise). Forwarding headers now count
// only through the proxies named in KIZUNA_TRUSTED_PROXIES; these tests talk to the app over a real socket.
import { Hono } from 'hono';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clientAddress, noTrustedProxies, parseTrustedProxies, type TrustedProxies } from '../../server/auth/client-address';
import { createRateLimiter } from '../../server/auth/rate-limit';
import { SIGN_IN_ATTEMPTS_PER_CLIENT } from '../../server/auth/sign-in-limits';
import { systemClock } from '../../server/clock';
import { defaultConfig } from '../../server/config';
import type { AppDeps, AppEnv } from '../../server/env';
import { testClock } from '../support/clock';
import { createTestDatabase, startNodeTestServer, type NodeTestServer, type TestDatabase } from './node-server';

// Time stands still during a flood, as it nearly does for one sent in parallel: the sign-in slow-down then
// costs the test nothing, and what limits the flood is the per-client count alone.
const frozenClock = () => ({ ...testClock(), sleep: async () => {} });

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

let server: NodeTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const freshAddress = (i: number) => `198.51.100.${i + 1}`;

// Each attempt runs PBKDF2 (600,000 iterations), so the floods are as short as shows the point.
async function signInFlood(target: NodeTestServer, forwardedFor: (i: number) => string, attempts: number) {
  const statuses: number[] = [];
  for (let i = 0; i < attempts; i++) {
    const res = await target.request('POST', '/v1/auth/login', {
      body: { email: `someone-${i}@example.com`, password: 'a guess at it' },
      headers: { 'x-forwarded-for': forwardedFor(i) },
    });
    statuses.push(res.status);
  }
  return statuses;
}

describe('sign-in from one client with a fresh X-Forwarded-For each time', { timeout: 120_000 }, () => {
  it('is limited when no proxy is trusted: the header is ignored', async () => {
    server = await startNodeTestServer(db, { clock: frozenClock() });
    const statuses = await signInFlood(server, freshAddress, 35);
    expect(statuses.slice(0, SIGN_IN_ATTEMPTS_PER_CLIENT)).toEqual(Array(SIGN_IN_ATTEMPTS_PER_CLIENT).fill(401));
    expect(statuses.slice(SIGN_IN_ATTEMPTS_PER_CLIENT)).toEqual(Array(35 - SIGN_IN_ATTEMPTS_PER_CLIENT).fill(429));
  });

  it('is limited behind a trusted proxy too: only the entry the proxy appended names the client', async () => {
    server = await startNodeTestServer(db, { clock: frozenClock(), config: { trustedProxies: parseTrustedProxies('127.0.0.1/32') } });
    // The proxy appends the address it saw (203.0.113.9) after whatever the client claimed.
    const statuses = await signInFlood(server, (i) => `${freshAddress(i)}, 203.0.113.9`, SIGN_IN_ATTEMPTS_PER_CLIENT + 1);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((s) => s === 401)).toHaveLength(SIGN_IN_ATTEMPTS_PER_CLIENT);
  });

  it('counts clients behind a trusted proxy apart, so one office does not limit another', async () => {
    server = await startNodeTestServer(db, { clock: frozenClock(), config: { trustedProxies: parseTrustedProxies('1') } });
    const statuses = await signInFlood(server, freshAddress, SIGN_IN_ATTEMPTS_PER_CLIENT + 1);
    expect(statuses).toEqual(Array(SIGN_IN_ATTEMPTS_PER_CLIENT + 1).fill(401));
  });
});

describe('the public ingest route from one client with a fresh X-Forwarded-For each time', () => {
  it('is limited per client when no proxy is trusted', async () => {
    server = await startNodeTestServer(db, { clock: frozenClock(), config: { ingestRateLimitPerClient: 5, ingestRateLimitPerKey: 1000 } });
    const project = await server.createProject();
    const survey = await server.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'NPS' } });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await server.request('POST', '/v1/responses', {
        key: project.publishableKey,
        body: { surveyId: survey.body.id, score: 9 },
        headers: { 'x-forwarded-for': freshAddress(i) },
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429, 429]);
  });
});

describe('clientAddress', () => {
  async function addressOf(trusted: TrustedProxies, peer: string | undefined, forwardedFor?: string) {
    const deps = { config: { ...defaultConfig, trustedProxies: trusted }, socketAddress: () => peer, clock: systemClock, rateLimiter: createRateLimiter() };
    const app = new Hono<AppEnv>()
      .use(async (c, next) => {
        c.set('deps', deps as unknown as AppDeps);
        await next();
      })
      .get('/', (c) => c.text(clientAddress(c)));
    const res = await app.request('/', { headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} });
    return res.text();
  }

  it('is the peer when no proxy is trusted, whatever the headers say', async () => {
    expect(await addressOf(noTrustedProxies, '203.0.113.5', '198.51.100.1')).toBe('203.0.113.5');
    expect(await addressOf(noTrustedProxies, undefined, '198.51.100.1')).toBe('unknown');
  });

  it('walks a hop count from the nearest proxy', async () => {
    const twoHops = parseTrustedProxies('2');
    expect(await addressOf(twoHops, '10.0.0.2', 'spoofed, 198.51.100.1, 10.0.0.1')).toBe('198.51.100.1');
    expect(await addressOf(twoHops, '10.0.0.2')).toBe('10.0.0.2');
  });

  it('peels trusted ranges from the right and stops at the first address not trusted', async () => {
    const ranges = parseTrustedProxies('10.0.0.0/8, ::1');
    expect(await addressOf(ranges, '::1', 'spoofed, 198.51.100.1, 10.1.2.3')).toBe('198.51.100.1');
    // A peer outside the ranges is the client itself, and its header is not believed.
    expect(await addressOf(ranges, '203.0.113.5', '198.51.100.1')).toBe('203.0.113.5');
    // Dual-stack sockets report IPv4 peers as ::ffff:a.b.c.d; they still match IPv4 ranges.
    expect(await addressOf(ranges, '::ffff:10.0.0.1', '198.51.100.1')).toBe('198.51.100.1');
  });

  it('counts an IPv6 client per /64, the block one subscriber gets', async () => {
    expect(await addressOf(noTrustedProxies, '2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(await addressOf(noTrustedProxies, '2001:db8:1:2:bbbb::9')).toBe('2001:db8:1:2::/64');
  });

  it('refuses a setting it cannot read', () => {
    expect(() => parseTrustedProxies('10.0.0.0/8, proxy.internal')).toThrow(/KIZUNA_TRUSTED_PROXIES/);
    expect(parseTrustedProxies('')).toEqual(noTrustedProxies);
    expect(parseTrustedProxies('0')).toEqual(noTrustedProxies);
  });
});
