import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instanceSettings, projects, webhookEndpoints } from '../../db/schema';
import { createApp } from '../../server/app';
import { createRateLimiter } from '../../server/auth/rate-limit';
import { systemClock } from '../../server/clock';
import { configFromEnv, defaultConfig, type AppConfig } from '../../server/config';
import { secretBoxOf } from '../../server/crypto/config-box';
import { createSecretBox, parseEncryptionKey, SecretBoxError } from '../../server/crypto/secret-box';
import { LINK_SECRET_SETTING } from '../../server/services/links/signing';
import { signPersonId } from '../../server/services/projects/identity-secret';
import { dispatchDueDeliveries } from '../../server/webhooks/dispatcher';
import { requestThrough, startTestApi, type TestApi } from '../support/api';
import { testDispatcherDeps } from '../webhooks/support/dispatcher';
import { startReceiver, type Receiver } from '../webhooks/support/receiver';
import { verifyDelivery } from '../webhooks/support/verify';

// Webhook signing secrets and the link-signing secret are sealed (AES-256-GCM) when KIZUNA_ENCRYPTION_KEY is
// set, stored plain when it is not, and values stored plain before a key was set keep working and get sealed.

const KEY_A = 'q8Jx0mC1u6vY0bq9yq0p3l2Z7yU5nS1kR4tW8eH2aDk='; // 32 bytes, base64
const KEY_B = 'a'.repeat(64); // 32 bytes, hex

let api: TestApi;
let receiver: Receiver;

/** The same database under another configuration: a restart of the instance with different settings. */
function instanceWith(config: Partial<AppConfig>) {
  const full = { ...defaultConfig, adminKeyHash: null, allowPrivateWebhooks: true, ...config };
  const app = createApp({ db: api.db.db, config: full, clock: systemClock, logger: () => {}, rateLimiter: createRateLimiter() });
  const request = requestThrough(async (r) => app.fetch(r));
  const dispatch = () => dispatchDueDeliveries(testDispatcherDeps(api.db.db, systemClock, { secretBox: secretBoxOf(full) }));
  return { request, dispatch };
}

const storedEndpoint = async (id: string) => (await api.db.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)))[0]!;
const storedLinkSecret = async () =>
  (await api.db.db.select().from(instanceSettings).where(eq(instanceSettings.key, LINK_SECRET_SETTING)))[0]?.value;

/** A project with a survey and an endpoint created through `instance`; an answer queues one delivery. */
async function endpointThrough(instance: ReturnType<typeof instanceWith>) {
  const project = await api.createProject();
  const survey = await instance.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'NPS' } });
  const hook = await instance.request('POST', '/v1/webhooks', { key: project.secretKey, body: { url: receiver.url, events: ['response.created'] } });
  expect(hook.status).toBe(201);
  return { project, surveyId: survey.body.id as string, endpoint: hook.body as { id: string; secret: string } };
}

/** Answers once, dispatches through `instance`, and verifies the delivery with `secret` as a consumer would. */
async function deliversSignedWith(instance: ReturnType<typeof instanceWith>, target: Awaited<ReturnType<typeof endpointThrough>>, secret: string) {
  receiver.received.length = 0;
  const res = await instance.request('POST', '/v1/responses', { key: target.project.secretKey, body: { surveyId: target.surveyId, score: 9 } });
  expect(res.status).toBe(201);
  expect((await instance.dispatch()).delivered).toBe(1);
  expect(receiver.received).toHaveLength(1);
  expect(verifyDelivery(secret, receiver.received[0]!).data.id).toBe(res.body.id);
}

beforeAll(async () => {
  api = await startTestApi({ config: { allowPrivateWebhooks: true } });
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await api.close();
});

describe('the secret box', () => {
  it('seals with a versioned prefix, opens only in its own context and with a configured key', async () => {
    const box = createSecretBox({ current: KEY_A });
    const sealed = await box.seal('whsec_abc', 'row:1');
    expect(sealed).toMatch(/^enc:v1:[0-9a-f]{8}:[\w-]+$/);
    expect(sealed).not.toContain('abc');
    expect(await box.seal('whsec_abc', 'row:1')).not.toBe(sealed); // a fresh IV each time
    expect(await box.open(sealed, 'row:1')).toBe('whsec_abc');
    expect(await box.open('whsec_plain', 'row:1')).toBe('whsec_plain');
    await expect(box.open(sealed, 'row:2')).rejects.toThrow(SecretBoxError);
    await expect(createSecretBox({ current: KEY_B }).open(sealed, 'row:1')).rejects.toThrow(/not configured/);
    await expect(createSecretBox({ current: null }).open(sealed, 'row:1')).rejects.toThrow(SecretBoxError);
  });

  it('opens values sealed under a previous key and asks for them to be re-sealed', async () => {
    const sealedA = await createSecretBox({ current: KEY_A }).seal('s', 'c');
    const rotated = createSecretBox({ current: KEY_B, previous: [KEY_A] });
    expect(await rotated.open(sealedA, 'c')).toBe('s');
    expect(await rotated.needsResealing(sealedA)).toBe(true);
    expect(await rotated.needsResealing(await rotated.seal('s', 'c'))).toBe(false);
    expect(await rotated.needsResealing('plain')).toBe(true);
    expect(await createSecretBox({ current: null }).needsResealing('plain')).toBe(false);
  });

  it('takes 32-byte keys as base64 or hex, and stops start-up on anything else', () => {
    expect(parseEncryptionKey(KEY_A)).toHaveLength(32);
    expect(parseEncryptionKey(KEY_B)).toHaveLength(32);
    expect(configFromEnv({ KIZUNA_ENCRYPTION_KEY: KEY_A }, null).encryptionKey).toBe(KEY_A);
    expect(configFromEnv({}, null).encryptionKey).toBeNull();
    expect(configFromEnv({ KIZUNA_ENCRYPTION_KEY: KEY_B, KIZUNA_ENCRYPTION_KEY_PREVIOUS: `${KEY_A},` }, null).previousEncryptionKeys).toEqual([KEY_A]);
    for (const bad of ['secret', 'a'.repeat(62), btoa('x'.repeat(16))]) {
      expect(() => configFromEnv({ KIZUNA_ENCRYPTION_KEY: bad }, null), bad).toThrow(/KIZUNA_ENCRYPTION_KEY must be 32 random bytes/);
    }
  });
});

describe('stored secrets', () => {
  it('without a key: stored plain, and signing verifies (as before)', async () => {
    const plain = instanceWith({});
    const target = await endpointThrough(plain);
    expect(target.endpoint.secret).toMatch(/^whsec_/);
    expect((await storedEndpoint(target.endpoint.id)).secret).toBe(target.endpoint.secret);
    await deliversSignedWith(plain, target, target.endpoint.secret);
  });

  it('with a key: the stored column is not the secret, the API still reveals it, and deliveries verify with it', async () => {
    const keyed = instanceWith({ encryptionKey: KEY_A });
    const target = await endpointThrough(keyed);
    const stored = (await storedEndpoint(target.endpoint.id)).secret;
    expect(stored).toMatch(/^enc:v1:/);
    expect(stored).not.toContain(target.endpoint.secret.slice('whsec_'.length));
    const revealed = await keyed.request('GET', `/v1/webhooks/${target.endpoint.id}/secret`, { key: target.project.secretKey });
    expect(revealed.body.secret).toBe(target.endpoint.secret);
    await deliversSignedWith(keyed, target, target.endpoint.secret);

    // Rotation: both the new and the outgoing secret are stored sealed; consumers verify with either.
    const rotated = await keyed.request('POST', `/v1/webhooks/${target.endpoint.id}/rotate-secret`, { key: target.project.secretKey, body: {} });
    expect(rotated.status).toBe(200);
    const row = await storedEndpoint(target.endpoint.id);
    expect(row.secret).toMatch(/^enc:v1:/);
    expect(row.previousSecret).toMatch(/^enc:v1:/);
    await deliversSignedWith(keyed, target, rotated.body.secret);
    await deliversSignedWith(keyed, target, target.endpoint.secret);

    // The same sealed value moved into another endpoint's row does not open there.
    const other = await endpointThrough(keyed);
    await api.db.db.update(webhookEndpoints).set({ secret: row.secret }).where(eq(webhookEndpoints.id, other.endpoint.id));
    receiver.received.length = 0;
    await keyed.request('POST', '/v1/responses', { key: other.project.secretKey, body: { surveyId: other.surveyId, score: 3 } });
    expect((await keyed.dispatch()).failed).toBe(1);
    expect(receiver.received).toHaveLength(0);
  });

  it('a secret stored plain keeps working after a key is set, and is sealed the first time it is read', async () => {
    const before = instanceWith({});
    const target = await endpointThrough(before);
    const after = instanceWith({ encryptionKey: KEY_A });
    await deliversSignedWith(after, target, target.endpoint.secret);
    expect((await storedEndpoint(target.endpoint.id)).secret).toMatch(/^enc:v1:/);
    const revealed = await after.request('GET', `/v1/webhooks/${target.endpoint.id}/secret`, { key: target.project.secretKey });
    expect(revealed.body.secret).toBe(target.endpoint.secret);
  });

  it('after a key rotation, values sealed under the previous key open and move to the new one', async () => {
    const target = await endpointThrough(instanceWith({ encryptionKey: KEY_A }));
    const sealedA = (await storedEndpoint(target.endpoint.id)).secret;
    const rotated = instanceWith({ encryptionKey: KEY_B, previousEncryptionKeys: [KEY_A] });
    await deliversSignedWith(rotated, target, target.endpoint.secret);
    const sealedB = (await storedEndpoint(target.endpoint.id)).secret;
    expect(sealedB).toMatch(/^enc:v1:/);
    expect(sealedB.split(':')[2]).not.toBe(sealedA.split(':')[2]);
    // Without the key a value was sealed with, nothing is sent, and the attempt says why.
    receiver.received.length = 0;
    const lost = instanceWith({ encryptionKey: KEY_A });
    await lost.request('POST', '/v1/responses', { key: target.project.secretKey, body: { surveyId: target.surveyId, score: 5 } });
    const deps = testDispatcherDeps(api.db.db, systemClock, { secretBox: secretBoxOf({ ...defaultConfig, encryptionKey: KEY_A }) });
    expect((await dispatchDueDeliveries(deps)).failed).toBe(1);
    expect(receiver.received).toHaveLength(0);
    expect(JSON.stringify(deps.logs)).toContain('signing secret cannot be read');
    // Revealing it says why; rotating is the way out (with no overlap: the old secret cannot sign).
    const reveal = await lost.request('GET', `/v1/webhooks/${target.endpoint.id}/secret`, { key: target.project.secretKey });
    expect(reveal.status).toBe(409);
    expect(reveal.body.error.message).toContain('KIZUNA_ENCRYPTION_KEY');
    const fresh = await lost.request('POST', `/v1/webhooks/${target.endpoint.id}/rotate-secret`, { key: target.project.secretKey, body: {} });
    expect(fresh.status).toBe(200);
    expect(fresh.body.previousSecretExpiresAt).toBeNull();
    const revealed = await lost.request('GET', `/v1/webhooks/${target.endpoint.id}/secret`, { key: target.project.secretKey });
    expect(revealed.body).toMatchObject({ secret: fresh.body.secret, previousSecret: null });
  });

  it('the link-signing secret: plain without a key, sealed once a key is set, and old links still verify', async () => {
    const plain = instanceWith({});
    const target = await endpointThrough(plain);
    const minted = await plain.request('POST', `/v1/surveys/${target.surveyId}/links`, { key: target.project.secretKey, body: { person: { id: 'p1' } } });
    expect(minted.status).toBe(201);
    const plainValue = await storedLinkSecret();
    expect(plainValue).not.toMatch(/^enc:/);

    const keyed = instanceWith({ encryptionKey: KEY_A });
    const visit = await keyed.request('GET', new URL(minted.body.links[7].url).pathname);
    expect(visit.status).toBe(200);
    const sealed = await storedLinkSecret();
    expect(sealed).toMatch(/^enc:v1:/);
    expect(sealed).not.toContain(plainValue);
    // A fresh process with the key reads the sealed value and verifies the same links.
    const restarted = instanceWith({ encryptionKey: KEY_A });
    expect((await restarted.request('GET', new URL(minted.body.links[8].url).pathname)).status).toBe(200);
  });

  it('the identity secret: made plain by the database, sealed when first read with a key, and signatures still prove ids', async () => {
    const keyed = instanceWith({ encryptionKey: KEY_A });
    const project = await api.createProject();
    const storedIdentity = async () => (await api.db.db.select({ s: projects.identitySecret }).from(projects).where(eq(projects.id, project.id)))[0]!.s;
    expect(await storedIdentity()).toMatch(/^idn_/);
    const shown = await keyed.request('GET', '/v1/project/identity-secret', { key: project.secretKey });
    expect(shown.status).toBe(200);
    const secret = shown.body.identitySecret as string;
    expect(secret).toMatch(/^idn_[0-9a-f]{64}$/);
    expect(await storedIdentity()).toMatch(/^enc:v1:/);
    expect(await storedIdentity()).not.toContain(secret);

    // A signed publishable call proves the id against the sealed secret; a rotation is stored sealed too.
    const survey = await keyed.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'NPS' } });
    const signed = { id: 'user-1', email: 'one@example.com', signature: await signPersonId(secret, 'user-1') };
    const res = await keyed.request('POST', '/v1/responses', { key: project.publishableKey, body: { surveyId: survey.body.id, score: 9, person: signed } });
    expect(res.status).toBe(201);
    const person = await keyed.request('GET', '/v1/people?externalId=user-1', { key: project.secretKey });
    expect(person.body.data[0].email).toBe('one@example.com');
    const rotated = await keyed.request('POST', '/v1/project/identity-secret/rotate', { key: project.secretKey });
    expect(await storedIdentity()).toMatch(/^enc:v1:/);
    expect((await keyed.request('GET', '/v1/project/identity-secret', { key: project.secretKey })).body.identitySecret).toBe(rotated.body.identitySecret);

    // With the key lost, a signed answer is still stored (its claim is just not proven) and reading the secret says why.
    const lost = instanceWith({ encryptionKey: KEY_B });
    const unproven = { id: 'user-1', email: 'other@example.com', signature: await signPersonId(rotated.body.identitySecret, 'user-1') };
    const kept = await lost.request('POST', '/v1/responses', { key: project.publishableKey, body: { surveyId: survey.body.id, score: 3, person: unproven } });
    expect(kept.status).toBe(201);
    expect((await lost.request('GET', '/v1/people?externalId=user-1', { key: project.secretKey })).body.data[0].email).toBe('one@example.com');
    expect((await lost.request('GET', '/v1/project/identity-secret', { key: project.secretKey })).status).toBe(409);
  });
});
