// Identity verification (issue 16, item 2). The publishable key sits in the customer's pages, so anyone can
// call POST /v1/responses with it: naming `person: { id: 'user-A', email: 'attacker@evil.test' }` used to
// replace user-A's stored email, and the agent's reply to user-A's follow-up then went to the attacker.
// Now a publishable-key call may create a person (by id only) and add an answer, and changes what is stored
// about a person only with `person.signature` = hex HMAC-SHA256 of the id under the project's identity secret.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { people } from '../../db/schema';
import type { ProjectCtx } from '../../server/services/context';
import { storeInOneStatement } from '../../server/services/responses/one-statement';
import { withPersonTrust } from '../../server/services/responses/person-trust';
import { submitInTransaction, type SubmitResponseInput } from '../../server/services/responses/submit';
import { addUser, signIn } from '../accounts/support';
import { startTestApi, type TestApi } from '../support/api';
import { testClock } from '../support/clock';
import { describeInProcess } from '../support/target';

type Project = { id: string; secretKey: string; publishableKey: string };

const clock = testClock(new Date('2026-12-01T09:00:00Z'));
let api: TestApi;
let project: Project;
let surveyId: string;

beforeAll(async () => {
  api = await startTestApi({ clock, config: { allowPrivateWebhooks: true } });
  ({ project, surveyId } = await setUp('Acme'));
});
afterAll(() => api.close());

async function setUp(name: string) {
  const created = await api.createProject(name);
  const survey = await api.request('POST', '/v1/surveys', { key: created.secretKey, body: { name: 'NPS' } });
  expect(survey.status).toBe(201);
  return { project: created, surveyId: survey.body.id as string };
}

/** As the README tells the customer's server to do it (Node). */
const sign = (secret: string, personId: string) => createHmac('sha256', secret).update(personId).digest('hex');

const secretOf = async (p: Project = project) => {
  const res = await api.request('GET', '/v1/project/identity-secret', { key: p.secretKey });
  expect(res.status).toBe(200);
  return res.body.identitySecret as string;
};

let answers = 0;
const answer = (key: string, person: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  api.request('POST', '/v1/responses', {
    key,
    body: { surveyId, score: 3, idempotencyKey: `idem-${++answers}`, channel: 'web', person, ...extra },
  });

const personNamed = async (externalId: string, p: Project = project) => {
  const res = await api.request('GET', `/v1/people?externalId=${encodeURIComponent(externalId)}`, { key: p.secretKey });
  expect(res.status).toBe(200);
  type Stored = { id: string; email: string | null; name: string | null; locale: string | null; traits: Record<string, unknown>; createdAt: string; updatedAt: string };
  return res.body.data[0] as Stored | undefined;
};

const userA = { id: 'user-A', email: 'a@customer.test', name: 'Aiko', locale: 'ja', traits: { plan: 'pro' } };
const attackerClaim = { id: 'user-A', email: 'attacker@evil.test', name: 'Mallory', locale: 'en', traits: { plan: 'free' } };

describe('POST /v1/responses with the publishable key — the attack', () => {
  it('keeps user-A as stored when an unsigned call names user-A with another email; the answer is kept with the claim', async () => {
    expect((await answer(project.secretKey, userA)).status).toBe(201);
    const before = await personNamed('user-A');

    const res = await answer(project.publishableKey, attackerClaim);
    expect(res.status).toBe(201);

    const after = await personNamed('user-A');
    expect(after).toMatchObject({ email: 'a@customer.test', name: 'Aiko', locale: 'ja', traits: { plan: 'pro' } });
    expect(after!.id).toBe(before!.id);
    // The answer still belongs to user-A (anyone may add an answer), and says what was claimed, as its own.
    expect(res.body.personId).toBe(before!.id);
    expect(res.body.properties.unverifiedPerson).toEqual({ email: 'attacker@evil.test', name: 'Mallory', locale: 'en', traits: { plan: 'free' } });
    expect(res.body.locale).toBe('en'); // the claimed language still says which language the answer is in
  });

  it('creates a new person from an unsigned call with the id only, so nobody can pre-claim user-B with their email', async () => {
    const res = await answer(project.publishableKey, { id: 'user-B', email: 'attacker@evil.test', name: 'Mallory' });
    expect(res.status).toBe(201);
    expect(await personNamed('user-B')).toMatchObject({ email: null, name: null, locale: null, traits: {} });
    expect(res.body.properties.unverifiedPerson).toEqual({ email: 'attacker@evil.test', name: 'Mallory' });

    // When user-B's own page later signs in properly, their email is the one stored.
    const signed = await answer(project.publishableKey, { id: 'user-B', email: 'b@customer.test', signature: sign(await secretOf(), 'user-B') });
    expect(signed.status).toBe(201);
    expect((await personNamed('user-B'))!.email).toBe('b@customer.test');
  });

  it('finds a person named by email alone but changes nothing else about them (there is no id to sign)', async () => {
    expect((await answer(project.secretKey, { id: 'user-E', email: 'e@customer.test', name: 'Emi', traits: { plan: 'pro' } })).status).toBe(201);
    const res = await answer(project.publishableKey, { email: 'e@customer.test', name: 'Mallory', traits: { plan: 'free' } });
    expect(res.status).toBe(201);
    const stored = await personNamed('user-E');
    expect(stored).toMatchObject({ email: 'e@customer.test', name: 'Emi', traits: { plan: 'pro' } });
    expect(res.body.personId).toBe(stored!.id);
    expect(res.body.properties.unverifiedPerson).toEqual({ name: 'Mallory', traits: { plan: 'free' } });
  });

  it('keeps a plain answer (no claim beyond the id) free of unverifiedPerson, and replaces one the caller sent', async () => {
    const plain = await answer(project.publishableKey, { id: 'user-P' }, { properties: { url: 'https://shop.test/' } });
    expect(plain.body.properties).toEqual({ url: 'https://shop.test/' });
    const forged = await answer(project.publishableKey, { id: 'user-P', email: 'x@evil.test' }, { properties: { unverifiedPerson: { email: 'other@x.test' } } });
    expect(forged.body.properties.unverifiedPerson).toEqual({ email: 'x@evil.test' });
    expect(JSON.stringify(forged.body)).not.toContain('signature');
  });
});

describe('POST /v1/responses — signatures', () => {
  it('a valid signature (either case of hex) lets the publishable key update the person', async () => {
    expect((await answer(project.secretKey, { id: 'user-S', email: 'old@customer.test' })).status).toBe(201);
    const signature = sign(await secretOf(), 'user-S').toUpperCase();
    const res = await answer(project.publishableKey, { id: 'user-S', email: 'new@customer.test', name: 'Sora', traits: { seats: 3 }, signature });
    expect(res.status).toBe(201);
    expect(await personNamed('user-S')).toMatchObject({ email: 'new@customer.test', name: 'Sora', traits: { seats: 3 } });
    expect(res.body.properties.unverifiedPerson).toBeUndefined();
  });

  it('a wrong signature, another id\'s signature or another project\'s does not update, and the answer is kept', async () => {
    expect((await answer(project.secretKey, { id: 'user-W', email: 'w@customer.test' })).status).toBe(201);
    const other = await setUp('Other');
    const wrong = [
      '0'.repeat(64),
      sign(await secretOf(), 'user-A'),
      sign(await secretOf(other.project), 'user-W'),
      sign(`${await secretOf()}x`, 'user-W'),
    ];
    for (const signature of wrong) {
      const res = await answer(project.publishableKey, { id: 'user-W', email: 'attacker@evil.test', signature });
      expect(res.status).toBe(201);
      expect(res.body.properties.unverifiedPerson).toEqual({ email: 'attacker@evil.test' });
    }
    expect((await personNamed('user-W'))!.email).toBe('w@customer.test');
  });

  it('refuses a signature that is not 64 hex digits with 422', async () => {
    const res = await answer(project.publishableKey, { id: 'user-W', signature: 'abc' });
    expect(res.status).toBe(422);
  });

  it('the secret key changes the person as before, without a signature', async () => {
    expect((await answer(project.secretKey, { id: 'user-K', email: 'k1@customer.test', traits: { a: 1 } })).status).toBe(201);
    const res = await answer(project.secretKey, { id: 'user-K', email: 'k2@customer.test', name: 'Kei', traits: { b: 2 } });
    expect(res.status).toBe(201);
    expect(await personNamed('user-K')).toMatchObject({ email: 'k2@customer.test', name: 'Kei', traits: { a: 1, b: 2 } });
    expect(res.body.properties.unverifiedPerson).toBeUndefined();
  });

  it('rotation makes a new secret at once; signatures made with the old one stop counting', async () => {
    const old = await secretOf();
    const oldSignature = sign(old, 'user-R');
    expect((await answer(project.publishableKey, { id: 'user-R', email: 'r1@customer.test', signature: oldSignature })).status).toBe(201);
    expect((await personNamed('user-R'))!.email).toBe('r1@customer.test');

    const rotated = await api.request('POST', '/v1/project/identity-secret/rotate', { key: project.secretKey });
    expect(rotated.status).toBe(200);
    expect(rotated.body.identitySecret).toMatch(/^idn_[0-9a-f]{64}$/);
    expect(rotated.body.identitySecret).not.toBe(old);
    expect(await secretOf()).toBe(rotated.body.identitySecret);

    const stale = await answer(project.publishableKey, { id: 'user-R', email: 'r2@customer.test', signature: oldSignature });
    expect(stale.status).toBe(201);
    expect((await personNamed('user-R'))!.email).toBe('r1@customer.test');
    const fresh = await answer(project.publishableKey, { id: 'user-R', email: 'r3@customer.test', signature: sign(rotated.body.identitySecret, 'user-R') });
    expect(fresh.status).toBe(201);
    expect((await personNamed('user-R'))!.email).toBe('r3@customer.test');
  });
});

describe('GET /v1/project/identity-secret and POST …/rotate', () => {
  it('each project has its own secret', async () => {
    const other = await setUp('Another');
    const mine = await secretOf();
    expect(mine).toMatch(/^idn_[0-9a-f]{64}$/);
    expect(await secretOf(other.project)).not.toBe(mine);
  });

  it('is for the secret key and admins: the publishable key, a member and no key are refused; the project settings never carry it', async () => {
    expect((await api.request('GET', '/v1/project/identity-secret', { key: project.publishableKey })).status).toBe(403);
    expect((await api.request('POST', '/v1/project/identity-secret/rotate', { key: project.publishableKey })).status).toBe(403);
    expect((await api.request('GET', '/v1/project/identity-secret')).status).toBe(401);

    await addUser(api, { email: 'admin@acme.test', password: 'correct horse battery', projects: [[project.id, 'admin']] });
    await addUser(api, { email: 'member@acme.test', password: 'correct horse battery', projects: [[project.id, 'member']] });
    const admin = await signIn(api, 'admin@acme.test', 'correct horse battery');
    const member = await signIn(api, 'member@acme.test', 'correct horse battery');
    expect((await admin.call('GET', '/v1/project/identity-secret', { project: project.id })).body.identitySecret).toBe(await secretOf());
    expect((await member.call('GET', '/v1/project/identity-secret', { project: project.id })).status).toBe(403);
    expect((await member.call('POST', '/v1/project/identity-secret/rotate', { project: project.id })).status).toBe(403);
    expect((await admin.call('POST', '/v1/project/identity-secret/rotate', { project: project.id, csrf: false })).status).toBe(403);

    const settings = await api.request('GET', '/v1/project', { key: project.secretKey });
    expect(settings.status).toBe(200);
    expect(JSON.stringify(settings.body)).not.toContain('idn_');
    const patched = await api.request('PATCH', '/v1/project', { key: project.secretKey, body: { name: 'Acme' } });
    expect(JSON.stringify(patched.body)).not.toContain('idn_');
  });
});

describeInProcess('both ingest paths store the same person', () => {
  // The one statement (migration 0015's kizuna_store_answer) and the transaction (people/upsert.ts) each
  // receive the input withPersonTrust made; this holds the two side by side on the same claims.
  const claims: [string, Record<string, unknown>][] = [
    ['an unsigned claim on a stored person', { ...attackerClaim, id: 'path-A' }],
    ['an unsigned claim naming a new person', { id: 'path-new', email: 'attacker@evil.test', name: 'Mallory' }],
    ['a signed claim', { id: 'path-S', email: 'signed@customer.test', name: 'Sora', traits: { seats: 2 } }],
  ];

  it.each(claims)('%s', async (_name, claim) => {
    const results = [];
    for (const path of ['statement', 'transaction'] as const) {
      const { project: p, surveyId: survey } = await setUp(`paths ${path}`);
      const ctx: ProjectCtx = { db: api.db.db, projectId: p.id, clock };
      const personId = claim.id as string;
      if (personId !== 'path-new') {
        const first = { surveyId: survey, score: 9, person: { ...userA, id: personId } };
        expect((await api.request('POST', '/v1/responses', { key: p.secretKey, body: first })).status).toBe(201);
      }
      const signature = personId === 'path-S' ? { signature: sign(await secretOf(p), personId) } : {};
      const input: SubmitResponseInput = { surveyId: survey, score: 2, person: { ...claim, ...signature }, channel: 'web', personTrust: 'untrusted' };
      const checked = await withPersonTrust(ctx, input);
      const stored =
        path === 'statement'
          ? await storeInOneStatement(ctx, checked, null, clock.now())
          : await submitInTransaction(ctx, checked, null, clock.now());
      expect(stored).not.toBeNull(); // the one statement took this answer, rather than handing it on
      const { id: _id, createdAt: _c, updatedAt: _u, ...person } = (await personNamed(personId, p))!;
      results.push({ person, properties: stored!.response.properties, locale: stored!.response.locale, linked: stored!.response.personId !== null });
    }
    expect(results[0]).toEqual(results[1]);
    if (claim.id === 'path-A') expect(results[0]!.person).toMatchObject({ email: 'a@customer.test', name: 'Aiko' });
    if (claim.id === 'path-new') expect(results[0]!.person).toMatchObject({ email: null, name: null });
    if (claim.id === 'path-S') expect(results[0]!.person).toMatchObject({ email: 'signed@customer.test', name: 'Sora' });
  });

  it('through the API as well: a project whose webhook endpoint sends answers down the transaction path', async () => {
    const { project: p, surveyId: survey } = await setUp('with endpoint');
    const endpoint = await api.request('POST', '/v1/webhooks', { key: p.secretKey, body: { url: 'https://hooks.example.com/kizuna', events: ['response.created'] } });
    expect(endpoint.status).toBe(201);
    const call = (key: string, person: Record<string, unknown>) =>
      api.request('POST', '/v1/responses', { key, body: { surveyId: survey, score: 3, person } });
    expect((await call(p.secretKey, userA)).status).toBe(201);
    const res = await call(p.publishableKey, attackerClaim);
    expect(res.status).toBe(201);
    expect(await personNamed('user-A', p)).toMatchObject({ email: 'a@customer.test', name: 'Aiko', traits: { plan: 'pro' } });
    expect(res.body.properties.unverifiedPerson).toMatchObject({ email: 'attacker@evil.test' });
  });
});

describe('widget routes with the publishable key', () => {
  const configFor = async (key: string, personId: string) => {
    const res = await api.request('GET', `/v1/widget/config?personId=${personId}`, { key });
    expect(res.status).toBe(200);
    return (res.body.surveys as { id: string; show: boolean; reason?: string }[]).find((s) => s.id === surveyId)!;
  };

  it('widget/config says "show" or "not now" only; the reason is for the secret key', async () => {
    expect((await answer(project.publishableKey, { id: 'user-C' })).status).toBe(201);
    const publicView = await configFor(project.publishableKey, 'user-C');
    expect(publicView.show).toBe(false);
    expect(publicView).not.toHaveProperty('reason');
    expect(await configFor(project.publishableKey, 'user-never-seen')).not.toHaveProperty('reason');
    expect((await configFor(project.secretKey, 'user-C')).reason).toBe('recontact_period');
  });

  it('widget/dismiss creates no person, and the dismissal still counts for that person on any device', async () => {
    const peopleCount = async () => (await api.db.db.select({ n: count() }).from(people).where(eq(people.projectId, project.id)))[0]!.n;
    const before = await peopleCount();
    const res = await api.request('POST', '/v1/widget/dismiss', {
      key: project.publishableKey,
      body: { surveyId, personId: 'user-D', anonymousId: 'device-1' },
    });
    expect(res.status).toBe(201);
    expect(await peopleCount()).toBe(before);
    expect(await personNamed('user-D')).toBeUndefined();
    expect((await configFor(project.publishableKey, 'user-D')).show).toBe(false);
    expect((await configFor(project.secretKey, 'user-D')).reason).toBe('recontact_period');
  });
});
