// Every answer kept: text a respondent can type is stored (made storable where PostgreSQL cannot hold it),
// identifiers and absurd shapes get a 4xx naming the field, and no request anyone sends answers 5xx. Runs on
// the driver the suite runs on (PGlite by default, PostgreSQL with DATABASE_URL; CI runs both).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type ApiResponse, type TestApi } from '../support/api';
import { describeInProcess } from '../support/target';

let api: TestApi;
let project: Awaited<ReturnType<TestApi['createProject']>>;
let surveyId: string;
/** Answers that got 201, by id, as the server returned them: the end of the file checks none has changed. */
const stored = new Map<string, Record<string, unknown>>();

beforeAll(async () => {
  api = await startTestApi();
  project = await api.createProject('Bad input');
  surveyId = (await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'NPS' } })).body.id;
});
afterAll(() => api.close());

const FFFD = '\ufffd';

async function answer(body: Record<string, unknown>, key = project.publishableKey, headers?: Record<string, string>) {
  const res = await api.request('POST', '/v1/responses', { key, body: { surveyId, score: 5, ...body }, headers });
  expectNoServerError(res);
  if (res.status === 201) stored.set(res.body.id, res.body);
  return res;
}

function expectNoServerError(res: ApiResponse) {
  expect(res.status, res.text.slice(0, 500)).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  }
}

async function readBack(id: string) {
  const res = await api.request('GET', `/v1/responses/${id}`, { key: project.secretKey });
  expect(res.status).toBe(200);
  return res.body;
}

describe('text a respondent types is kept', () => {
  it('keeps a comment with the word "constructor" (and other names of Object.prototype)', async () => {
    for (const comment of ['the constructor is bad', 'toString valueOf __proto__ hasOwnProperty', 'Constructor!', 'prototype __defineGetter__']) {
      const res = await answer({ comment });
      expect(res.status).toBe(201);
      expect((await readBack(res.body.id)).comment).toBe(comment);
    }
  });

  it('stores NUL and lone surrogates in text as U+FFFD, and everything else exactly', async () => {
    const res = await answer(
      {
        comment: 'pasted\u0000from a PDF \udfff and \ud83d alone, 😀 e\u0301 \u202eRTL\u202c zero\u200bwidth\r\nline',
        properties: { page: 'a\u0000b', ['k\u0000ey']: 'v', nested: { lone: '\ud800x', list: ['\u0000', 1, true, null] } },
      },
      project.secretKey,
    );
    expect(res.status).toBe(201);
    const back = await readBack(res.body.id);
    expect(back.comment).toBe(`pasted${FFFD}from a PDF ${FFFD} and ${FFFD} alone, 😀 e\u0301 \u202eRTL\u202c zero\u200bwidth\r\nline`);
    expect(back.properties).toEqual({ page: `a${FFFD}b`, [`k${FFFD}ey`]: 'v', nested: { lone: `${FFFD}x`, list: [FFFD, 1, true, null] } });
  });

  it('stores a person\'s name and trait values with NUL as U+FFFD', async () => {
    const res = await answer(
      { person: { id: 'nul-person', name: 'Ann\u0000Lee', traits: { plan: 'pro\u0000', ['t\udfff']: 'x' } } },
      project.secretKey,
    );
    expect(res.status).toBe(201);
    const people = await api.request('GET', '/v1/people?externalId=nul-person', { key: project.secretKey });
    expect(people.body.data[0]).toMatchObject({ name: `Ann${FFFD}Lee`, traits: { plan: `pro${FFFD}`, [`t${FFFD}`]: 'x' } });
  });

  it('keeps a 5,000-character comment exactly', async () => {
    const comment = 'とても良い😀 '.repeat(625).trim();
    const res = await answer({ comment });
    expect(res.status).toBe(201);
    expect((await readBack(res.body.id)).comment).toBe(comment);
  });
});

describe('identifiers that cannot be stored are a 4xx naming the field', () => {
  it.each([
    ['idempotencyKey', { idempotencyKey: 'k\u0000' }],
    ['surveyId', { surveyId: 'srv\u0000' }],
    ['person.id', { person: { id: 'user\udfff' } }],
    ['person.id', { person: { id: 'user\u0000' } }],
  ])('%s', async (field, body) => {
    const res = await answer(body);
    expect(res.status).toBe(422);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
  });

  it('an email with a NUL is refused', async () => {
    const res = await answer({ person: { id: 'p-mail', email: 'a\u0000@example.com' } }, project.secretKey);
    expect(res.status).toBe(422);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain('person.email');
  });

  it.each([
    ['GET', '/v1/surveys/%00'],
    ['PATCH', '/v1/surveys/%00'],
    ['DELETE', '/v1/surveys/%00'],
    ['GET', '/v1/responses/abc%00'],
    ['GET', '/v1/people/%00'],
    ['GET', '/v1/webhooks/%00'],
    ['GET', '/v1/followups/%00'],
    ['GET', '/v1/themes/%00'],
  ])('%s %s is a 400', async (method, path) => {
    const res = await api.request(method, path, { key: project.secretKey, body: method === 'PATCH' ? { name: 'x' } : undefined });
    expectNoServerError(res);
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('path');
  });

  it.each([
    ['/v1/responses?q=%00', 'q', 'secret'],
    ['/v1/responses?personId=a%00', 'personId', 'secret'],
    ['/v1/people?email=%00', 'email', 'secret'],
    ['/v1/people?externalId=%00', 'externalId', 'secret'],
    ['/v1/widget/config?personId=%00', 'personId', 'publishable'],
    ['/v1/metrics/nps?surveyId=%00', 'surveyId', 'secret'],
  ])('GET %s is a 400 naming %s', async (path, field, kind) => {
    const key = kind === 'secret' ? project.secretKey : project.publishableKey;
    const res = await api.request('GET', path, { key });
    expectNoServerError(res);
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
  });
});

describe('reads with odd parameters are a 400, never a 500', () => {
  it.each([
    '/v1/responses?from=0000-01-01',
    '/v1/responses?to=9999-12-31T23:59:59Z&from=0001-01-01',
    '/v1/responses?from=275760-09-13',
    '/v1/metrics/nps?from=0000-01-01',
    '/v1/metrics/nps/trend?from=0000-01-01&to=2026-01-01',
    '/v1/responses/export.csv?from=0000-01-01',
  ])('%s', async (path) => {
    const res = await api.request('GET', path, { key: project.secretKey });
    expectNoServerError(res);
    expect(res.status).toBe(400);
  });

  const tampered = [
    'not-base64!',
    btoa(JSON.stringify(['+275760-09-13T00:00:00.000Z', 'x'])),
    btoa(JSON.stringify(['0000-01-01T00:00:00.000Z', 'x'])),
    btoa(JSON.stringify(['2026-01-01T00:00:00.000Z', 'x\u0000'])),
    btoa(JSON.stringify(['2026-01-01T00:00:00.000Z', 42])),
    btoa(JSON.stringify([1, 'x'])),
    btoa(JSON.stringify({ at: 1 })),
    btoa(JSON.stringify(['due', '0000-01-01T00:00:00.000Z', 'x'])),
    btoa(JSON.stringify(['due', 'x\u0000', 'x'])),
  ].map((c) => encodeURIComponent(c));
  it.each(['/v1/responses', '/v1/surveys', '/v1/people', '/v1/followups', '/v1/followups?sort=due', '/v1/webhooks'])(
    'tampered cursors on %s',
    async (path) => {
      for (const cursor of tampered) {
        const res = await api.request('GET', `${path}${path.includes('?') ? '&' : '?'}cursor=${cursor}`, { key: project.secretKey });
        expectNoServerError(res);
        expect(res.status, `${path} ${decodeURIComponent(cursor)}`).toBe(400);
      }
    },
  );
});

describe('shapes are bounded before anything serialises or stores them', () => {
  const nest = (depth: number): unknown => {
    let value: unknown = 'leaf';
    for (let i = 0; i < depth; i++) value = { a: value };
    return value;
  };

  it('properties nested deeper than 8 levels are a 422 with the path', async () => {
    const ok = await answer({ properties: nest(8) as Record<string, unknown> });
    expect(ok.status).toBe(201);
    const deep = await answer({ properties: nest(9) as Record<string, unknown> });
    expect(deep.status).toBe(422);
    expect(deep.body.error.details[0].path).toBe('properties.a.a.a.a.a.a.a.a');
  });

  /** Sent as text: JSON.stringify itself gives up on a value 10,000 deep. */
  const answerRaw = async (properties: string) => {
    const rawBody = `{"surveyId":${JSON.stringify(surveyId)},"score":5,"properties":${properties}}`;
    const res = await api.request('POST', '/v1/responses', { key: project.publishableKey, rawBody, headers: { 'content-type': 'application/json' } });
    expectNoServerError(res);
    return res;
  };

  it.each([1_000, 10_000])('properties nested %i deep (objects and arrays) are a 422, and the server goes on', async (depth) => {
    expect((await answerRaw(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`)).status).toBe(422);
    expect((await answerRaw(`{"list":${'['.repeat(depth)}1${']'.repeat(depth)}}`)).status).toBe(422);
    expect((await answer({ score: 9, comment: 'still here' })).status).toBe(201);
    expect((await api.request('GET', '/healthz')).status).toBe(200);
  });

  it('more than 200 keys in properties or traits is a 422', async () => {
    const many = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`k${i}`, i]));
    expect((await answer({ properties: many })).status).toBe(422);
    expect((await answer({ properties: { list: Array.from({ length: 201 }, (_, i) => i) } })).status).toBe(422);
    expect((await answer({ person: { id: 'many-traits', traits: many } }, project.secretKey)).status).toBe(422);
    const fine = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, i]));
    expect((await answer({ properties: fine })).status).toBe(201);
  });
});

describeInProcess('enrichment never costs an answer (an analyzer that throws is injected in process)', () => {
  it('stores the answer when the analyzer throws, unscored and marked for rescore, and logs it with the request id', async () => {
    const failing = await startTestApi({
      analyzer: () => {
        throw new Error('analyzer exploded');
      },
    });
    try {
      const own = await failing.createProject('Failing analysis');
      const sid = (await failing.request('POST', '/v1/surveys', { key: own.secretKey, body: { name: 'NPS' } })).body.id;
      const theme = await failing.request('POST', '/v1/themes', { key: own.secretKey, body: { name: 'Speed', keywords: { en: ['slow'] } } });
      expect(theme.status).toBe(201);
      for (const [key, body] of [
        [own.publishableKey, { surveyId: sid, score: 2, comment: 'slow and broken' }],
        [own.secretKey, { surveyId: sid, score: 3, comment: 'slow', person: { id: 'p1', traits: { plan: 'pro' } } }],
      ] as const) {
        const res = await failing.request('POST', '/v1/responses', { key, body });
        expect(res.status).toBe(201);
        const back = (await failing.request('GET', `/v1/responses/${res.body.id}`, { key: own.secretKey })).body;
        expect(back).toMatchObject({ comment: body.comment, sentimentScore: null, sentimentLabel: null, themes: [] });
        const line = failing.logs.find((l) => String(l.msg).startsWith('comment analysis failed') && l.requestId === res.headers.get('x-request-id'));
        expect(line).toMatchObject({ level: 'error', error: 'Error: analyzer exploded' });
      }
      const nps = await failing.request('GET', `/v1/metrics/nps?surveyId=${sid}`, { key: own.secretKey });
      expect(nps.body.n).toBe(2);
      // A comment with no analyzer version is what `npm run rescore` picks up.
      const { rescoreStaleResponses } = await import('../../server/services/insights/rescore');
      {
        const result = await rescoreStaleResponses(failing.db.db);
        expect(result.rescored).toBe(2);
        const list = await failing.request('GET', `/v1/responses?surveyId=${sid}`, { key: own.secretKey });
        for (const r of list.body.data) expect(r.sentimentLabel).toBe('negative');
      }
    } finally {
      await failing.close();
    }
  });
});

describe('afterwards', () => {
  it('every stored answer reads back unchanged, and the NPS counts exactly the 201s', async () => {
    for (const [id, body] of stored) expect(await readBack(id)).toEqual(body);
    const nps = await api.request('GET', `/v1/metrics/nps?surveyId=${surveyId}`, { key: project.secretKey });
    expect(nps.body.n).toBe(stored.size);
    expect((await api.request('GET', '/healthz')).status).toBe(200);
  });
});
