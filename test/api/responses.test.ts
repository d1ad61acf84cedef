import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';
import { testClock } from '../support/clock';

let api: TestApi;
let project: Awaited<ReturnType<TestApi['createProject']>>;
let surveyId: string;

beforeAll(async () => {
  api = await startTestApi();
  project = await api.createProject('Responses A');
  surveyId = (await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'NPS' } })).body.id;
});
afterAll(() => api.close());

const submit = (body: Record<string, unknown>, key = project.publishableKey, headers?: Record<string, string>) =>
  api.request('POST', '/v1/responses', { key, body: { surveyId, ...body }, headers });

describe('POST /v1/responses — happy path', () => {
  it('stores an answer with its category, from a publishable key', async () => {
    const res = await submit({ score: 9, comment: '  Love it  ', channel: 'web', locale: 'en' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ surveyId, score: 9, category: 'promoter', comment: 'Love it', channel: 'web', locale: 'en' });
    expect(res.body.id).toMatch(/^rsp_/);
    expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);
  });

  it.each([
    [0, 'detractor'],
    [6, 'detractor'],
    [7, 'passive'],
    [8, 'passive'],
    [10, 'promoter'],
  ])('score %i is a %s', async (score, category) => {
    const res = await submit({ score });
    expect(res.body.category).toBe(category);
  });

  it('is idempotent: a repeat returns the same answer with 200 and stores nothing new', async () => {
    const key = crypto.randomUUID();
    const first = await submit({ score: 3, idempotencyKey: key });
    const again = await submit({ score: 3, idempotencyKey: key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const list = await api.request('GET', `/v1/responses?limit=1000`, { key: project.secretKey });
    expect(list.body.data.filter((r: { idempotencyKey: string }) => r.idempotencyKey === key)).toHaveLength(1);
  });

  it('merges a later comment under the same key (score first, comment after)', async () => {
    const key = crypto.randomUUID();
    const scored = await submit({ score: 4, idempotencyKey: key });
    const commented = await submit({ score: 4, idempotencyKey: key, comment: 'Too slow' });
    expect(commented.status).toBe(200);
    expect(commented.body).toMatchObject({ id: scored.body.id, comment: 'Too slow', revision: 1 });
    const changed = await submit({ score: 4, idempotencyKey: key, comment: 'Too slow, and support never answered' });
    expect(changed.body).toMatchObject({ id: scored.body.id, comment: 'Too slow, and support never answered', revision: 2 });
    // A retry of the score alone does not wipe the comment.
    const retried = await submit({ score: 4, idempotencyKey: key });
    expect(retried.body.comment).toBe('Too slow, and support never answered');
  });

  it('accepts the idempotency key as a header too', async () => {
    const key = crypto.randomUUID();
    const a = await submit({ score: 8 }, project.publishableKey, { 'Idempotency-Key': key });
    const b = await submit({ score: 8 }, project.publishableKey, { 'Idempotency-Key': key });
    expect(b.body.id).toBe(a.body.id);
  });

  it('stores concurrent repeats of one key exactly once', async () => {
    const key = crypto.randomUUID();
    const results = await Promise.all(Array.from({ length: 8 }, () => submit({ score: 10, idempotencyKey: key })));
    expect(results.every((r) => r.status === 200 || r.status === 201)).toBe(true);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
  });

  it('creates the person from the caller’s id and updates them on later answers', async () => {
    // With the secret key: the publishable key changes a stored person only with a signature (test/security/identity-verification.test.ts).
    const first = await submit({ score: 2, person: { id: 'user-42', email: 'aiko@example.com', name: 'Aiko', traits: { plan: 'pro' } } }, project.secretKey);
    const second = await submit({ score: 9, person: { id: 'user-42', traits: { seats: 12 } } }, project.secretKey);
    expect(second.body.personId).toBe(first.body.personId);
    const person = await api.request('GET', `/v1/people/${first.body.personId}`, { key: project.secretKey });
    expect(person.status).toBe(200);
    expect(person.body).toMatchObject({ externalId: 'user-42', email: 'aiko@example.com', name: 'Aiko', traits: { plan: 'pro', seats: 12 } });
    expect(person.body.responses.map((r: { score: number }) => r.score)).toEqual([9, 2]);
    const found = await api.request('GET', '/v1/people?externalId=user-42', { key: project.secretKey });
    expect(found.body.data.map((p: { id: string }) => p.id)).toEqual([first.body.personId]);
    const byEmail = await api.request('GET', '/v1/people?email=AIKO@example.com', { key: project.secretKey });
    expect(byEmail.body.data.map((p: { id: string }) => p.id)).toEqual([first.body.personId]);
  });

  it('lists everyone oldest first, in pages with no gaps or duplicates, even when they arrived in the same instant', async () => {
    // A stopped clock: every person has the same created_at, so only the id can order them across pages.
    const frozen = await startTestApi({ clock: testClock() });
    try {
      const own = await frozen.createProject('People pages');
      const ownSurvey = (await frozen.request('POST', '/v1/surveys', { key: own.secretKey, body: { name: 'NPS' } })).body.id;
      const made: string[] = [];
      for (let i = 1; i <= 5; i++) {
        const res = await frozen.request('POST', '/v1/responses', { key: own.publishableKey, body: { surveyId: ownSurvey, score: i, person: { id: `p-${i}` } } });
        made.push(res.body.personId);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: { status: number; body: any } = await frozen.request('GET', `/v1/people?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { key: own.secretKey });
        expect(res.status).toBe(200);
        seen.push(...res.body.data.map((p: { id: string }) => p.id));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(pages).toBe(3); // 2 + 2 + 1, and the last page says there is no more
      // Same instant: ordered by id (in the database's collation), each person exactly once.
      expect(seen).toHaveLength(5);
      expect([...seen].sort()).toEqual([...made].sort());
    } finally {
      await frozen.close();
    }
  });

  it('recognises a person by email alone', async () => {
    const a = await submit({ score: 5, person: { email: 'ken@example.jp' } });
    const b = await submit({ score: 6, person: { email: 'Ken@Example.jp', name: 'Ken' } });
    expect(b.body.personId).toBe(a.body.personId);
  });

  it('stores the comment’s language and sentiment at ingest, and re-scores a changed comment', async () => {
    const key = crypto.randomUUID();
    const en = await submit({ score: 10, comment: 'The support team was wonderful, thank you!', idempotencyKey: key });
    expect(en.body).toMatchObject({ language: 'en', sentimentLabel: 'positive', sentimentVersion: expect.any(String) });
    expect(en.body.sentimentScore).toBeGreaterThan(0.05);
    const changed = await submit({ score: 10, comment: 'Actually the app keeps crashing and nobody helps.', idempotencyKey: key });
    expect(changed.body).toMatchObject({ language: 'en', sentimentLabel: 'negative' });
    const ja = await submit({ score: 2, comment: '画面が使いにくいし、サポートの対応も最悪でした。' });
    expect(ja.body).toMatchObject({ language: 'ja', sentimentLabel: 'negative' });
    const none = await submit({ score: 9 });
    expect(none.body).toMatchObject({ language: null, sentimentScore: null, sentimentLabel: null });
    const negatives = await api.request('GET', '/v1/responses?sentiment=negative&limit=1000', { key: project.secretKey });
    const ids = negatives.body.data.map((r: { id: string }) => r.id);
    expect(ids).toEqual(expect.arrayContaining([en.body.id, ja.body.id]));
    expect(negatives.body.data.every((r: { sentimentLabel: string }) => r.sentimentLabel === 'negative')).toBe(true);
  });

  it('gets one response with a secret key', async () => {
    const created = await submit({ score: 7, comment: 'ok' });
    const res = await api.request('GET', `/v1/responses/${created.body.id}`, { key: project.secretKey });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: created.body.id, score: 7, comment: 'ok' });
  });
});

describe('POST /v1/responses — errors', () => {
  it.each([
    [{ score: 11 }, 'score'],
    [{ score: 7.5 }, 'score'],
    [{ score: -1 }, 'score'],
    [{ score: '7' }, 'score'],
    [{}, 'score'],
    [{ score: 5, comment: 'x'.repeat(10_001) }, 'comment'],
    [{ score: 5, channel: 'fax' }, 'channel'],
    [{ score: 5, person: { email: 'not-an-email' } }, 'person.email'],
    [{ score: 5, locale: 'en_US!' }, 'locale'],
  ])('rejects %j with a 422 naming %s', async (body, path) => {
    const res = await submit(body as Record<string, unknown>);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it('accepts a comment of exactly 10,000 characters', async () => {
    expect((await submit({ score: 5, comment: 'あ'.repeat(10_000) })).status).toBe(201);
  });

  it('answers 404 for an unknown survey', async () => {
    const res = await submit({ score: 5, surveyId: 'srv_unknown' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('refuses a 1 MB body with 413 and stores nothing', async () => {
    const before = await api.request('GET', '/v1/responses?limit=1000', { key: project.secretKey });
    const res = await submit({ score: 5, comment: 'x'.repeat(1024 * 1024) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    const after = await api.request('GET', '/v1/responses?limit=1000', { key: project.secretKey });
    expect(after.body.data.length).toBe(before.body.data.length);
  });

  it('refuses malformed JSON with 400', async () => {
    const res = await api.request('POST', '/v1/responses', {
      key: project.publishableKey,
      rawBody: '{"surveyId": "x", "score": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_json');
  });

  it('refuses reusing an idempotency key for another survey with 409', async () => {
    const second = (await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'Second' } })).body.id;
    const key = crypto.randomUUID();
    await submit({ score: 5, idempotencyKey: key });
    const res = await submit({ score: 5, idempotencyKey: key, surveyId: second });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
  });

  it('never answers with a stack trace', async () => {
    const res = await submit({ score: 5, properties: { nested: { deep: [1, 2, 3] } }, person: { traits: { a: 'b' } } });
    expect(res.status).toBe(201);
    expect(res.text).not.toMatch(/at .*\.ts:\d+/);
  });
});

// Keys and other projects: test/security/tenant-isolation.test.ts.
describe('POST /v1/responses — origins and CORS', () => {
  it('enforces a publishable key’s allowed origins', async () => {
    const shop = await api.createProject('Shop');
    const sid = (await api.request('POST', '/v1/surveys', { key: shop.secretKey, body: { name: 'NPS' } })).body.id;
    await api.request('PATCH', '/v1/project', { key: shop.secretKey, body: { allowedOrigins: ['https://shop.example.com'] } });
    const post = (origin?: string) =>
      api.request('POST', '/v1/responses', {
        key: shop.publishableKey,
        body: { surveyId: sid, score: 9 },
        headers: origin ? { origin } : {},
      });
    expect((await post('https://shop.example.com')).status).toBe(201);
    expect((await post('https://evil.example.net')).status).toBe(403);
    expect((await post()).status).toBe(403);
    // The secret key is for servers and is not bound to origins.
    const server = await api.request('POST', '/v1/responses', { key: shop.secretKey, body: { surveyId: sid, score: 9 } });
    expect(server.status).toBe(201);
  });

  it('answers CORS preflight for the widget', async () => {
    const res = await api.fetch(
      new Request('http://kizuna.test/v1/responses', {
        method: 'OPTIONS',
        headers: { origin: 'https://shop.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      }),
    );
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
  });

  it('lets the widget read answers and errors across origins: the CORS headers are on both', async () => {
    const project = await api.createProject('CORS answers');
    const sid = (await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'NPS' } })).body.id;
    const origin = 'https://shop.example.com';
    for (const [surveyId, status] of [[sid, 201], ['srv_unknown', 404]] as const) {
      const res = await api.request('POST', '/v1/responses', { key: project.publishableKey, headers: { origin }, body: { surveyId, score: 8 } });
      expect(res.status).toBe(status);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('x-request-id');
      expect(res.headers.get('vary')).toMatch(/origin/i);
      expect(res.headers.get('x-request-id')).toBeTruthy();
    }
  });
});

describe('rate limiting of the public ingest route', () => {
  it('answers 429 with Retry-After past the per-client limit, and does not limit secret keys', async () => {
    const limited = await startTestApi({ config: { ingestRateLimitPerClient: 3, ingestRateLimitPerKey: 1000 } });
    try {
      const p = await limited.createProject();
      const sid = (await limited.request('POST', '/v1/surveys', { key: p.secretKey, body: { name: 'NPS' } })).body.id;
      const post = (key: string, ip: string) =>
        limited.request('POST', '/v1/responses', { key, body: { surveyId: sid, score: 9 }, headers: { 'x-forwarded-for': ip } });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await post(p.publishableKey, '203.0.113.7')).status);
      expect(statuses).toEqual([201, 201, 201, 429]);
      const blocked = await post(p.publishableKey, '203.0.113.7');
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(blocked.body.error.code).toBe('rate_limited');
      expect((await post(p.publishableKey, '198.51.100.1')).status).toBe(201);
      expect((await post(p.secretKey, '203.0.113.7')).status).toBe(201);
    } finally {
      await limited.close();
    }
  });
});
