import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { responses } from '../../db/schema';
import { reapplyProjectThemes } from '../../server/services/themes/reapply';
import { startTestApi, type TestApi } from '../support/api';
import { testClock } from '../support/clock';

type Project = Awaited<ReturnType<TestApi['createProject']>>;

let api: TestApi;
let project: Project;
let surveyId: string;

beforeAll(async () => {
  api = await startTestApi();
  project = await api.createProject('Themes A');
  surveyId = (await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'NPS' } })).body.id;
});
afterAll(() => api.close());

const submit = (score: number, comment?: string, idempotencyKey?: string) =>
  api.request('POST', '/v1/responses', { key: project.publishableKey, body: { surveyId, score, comment, idempotencyKey } });
const themesOf = async (id: string) => (await api.request('GET', `/v1/responses/${id}`, { key: project.secretKey })).body.themes;
const createTheme = (body: unknown, key = project.secretKey) => api.request('POST', '/v1/themes', { key, body });

describe('themes — happy path', () => {
  let pricingId: string;
  let earlyIds: { price: string; ja: string; support: string; none: string };

  it('applies a new theme to the answers already stored, in English and Japanese', async () => {
    earlyIds = {
      price: (await submit(3, 'The prices went up again, too expensive for us.')).body.id,
      ja: (await submit(5, '料金が高いと思います。')).body.id,
      support: (await submit(10, 'Customer support answered within minutes.')).body.id,
      none: (await submit(9)).body.id,
    };
    expect(await themesOf(earlyIds.price)).toEqual([]);

    const res = await createTheme({ name: 'Pricing', keywords: { en: ['price', 'expensive'], ja: ['料金', '値段'] } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Pricing', keywords: { en: ['price', 'expensive'], ja: ['料金', '値段'] } });
    expect(res.body.id).toMatch(/^thm_/);
    expect(res.body).not.toHaveProperty('projectId');
    // Three answers have a comment; two of them mention pricing.
    expect(res.body.reapplied).toEqual({ scanned: 3, changed: 2 });
    pricingId = res.body.id;

    expect(await themesOf(earlyIds.price)).toEqual(['Pricing']);
    expect(await themesOf(earlyIds.ja)).toEqual(['Pricing']);
    expect(await themesOf(earlyIds.support)).toEqual([]);
    expect(await themesOf(earlyIds.none)).toEqual([]);
  });

  it('applies themes at ingest, in definition order, and to an edited comment', async () => {
    await createTheme({ name: 'Support', keywords: { en: ['customer support', 'support'], ja: ['サポート', '対応'] } });
    const both = await submit(2, 'Support never replied and the price is a joke.');
    expect(both.body.themes).toEqual(['Pricing', 'Support']);
    const ja = await submit(9, 'サポートの対応が早くて助かりました');
    expect(ja.body.themes).toEqual(['Support']);
    // Half-width katakana still matches.
    const halfWidth = await submit(8, 'ｻﾎﾟｰﾄが丁寧でした');
    expect(halfWidth.body.themes).toEqual(['Support']);

    const key = crypto.randomUUID();
    const first = await submit(4, undefined, key);
    expect(first.body.themes).toEqual([]);
    const withComment = await submit(4, 'Way too expensive', key);
    expect(withComment.body.id).toBe(first.body.id);
    expect(withComment.body.themes).toEqual(['Pricing']);
  });

  it('re-applies an edited theme: new keywords match, a renamed theme leaves no old name behind', async () => {
    const res = await api.request('PATCH', `/v1/themes/${pricingId}`, {
      key: project.secretKey,
      body: { name: 'Cost', keywords: { en: ['expensive'] } },
    });
    expect(res.status).toBe(200);
    // Only the English list was replaced; the Japanese one is kept.
    expect(res.body).toMatchObject({ id: pricingId, name: 'Cost', keywords: { en: ['expensive'], ja: ['料金', '値段'] } });
    expect(await themesOf(earlyIds.price)).toEqual(['Cost']); // "too expensive"
    expect(await themesOf(earlyIds.ja)).toEqual(['Cost']);
    const list = await api.request('GET', '/v1/responses?theme=Pricing', { key: project.secretKey });
    expect(list.body.data).toEqual([]);
    const cost = await api.request('GET', '/v1/responses?theme=Cost&limit=100', { key: project.secretKey });
    expect(cost.body.data.map((r: { id: string }) => r.id)).toContain(earlyIds.price);
    // "the price is a joke" no longer matches without the keyword "price".
    const supportOnly = await api.request('GET', '/v1/responses?q=joke', { key: project.secretKey });
    expect(supportOnly.body.data[0].themes).toEqual(['Support']);
    expect(new Date(res.body.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(res.body.createdAt).getTime());
  });

  it('lists and reads themes in definition order', async () => {
    const list = await api.request('GET', '/v1/themes', { key: project.secretKey });
    expect(list.status).toBe(200);
    expect(list.body.data.map((t: { name: string }) => t.name)).toEqual(['Cost', 'Support']);
    expect(list.body.nextCursor).toBeNull();
    const one = await api.request('GET', `/v1/themes/${pricingId}`, { key: project.secretKey });
    expect(one.status).toBe(200);
    expect(one.body.name).toBe('Cost');
  });

  it('deleting a theme removes its name from every answer', async () => {
    const res = await api.request('DELETE', `/v1/themes/${pricingId}`, { key: project.secretKey });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: pricingId, deleted: true });
    expect(res.body.reapplied.changed).toBe(3); // the two early ones, "Way too expensive"
    const cost = await api.request('GET', '/v1/responses?theme=Cost', { key: project.secretKey });
    expect(cost.body.data).toEqual([]);
    expect(await themesOf(earlyIds.price)).toEqual([]);
    expect((await api.request('GET', `/v1/themes/${pricingId}`, { key: project.secretKey })).status).toBe(404);
  });

  it('POST /v1/themes/reapply re-applies the current definitions and is idempotent', async () => {
    const res = await api.request('POST', '/v1/themes/reapply', { key: project.secretKey });
    expect(res.status).toBe(200);
    expect(res.body.reapplied.changed).toBe(0);
    expect(res.body.reapplied.scanned).toBeGreaterThan(5);
  });
});

describe('themes — errors', () => {
  it('rejects a theme without keywords, or with blank ones only', async () => {
    for (const keywords of [{}, { en: [] }, { en: ['  '], ja: [] }]) {
      const res = await createTheme({ name: 'Empty', keywords });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('validation_failed');
    }
  });
  it('rejects a missing name, unknown fields and keywords in another language', async () => {
    expect((await createTheme({ keywords: { en: ['x'] } })).status).toBe(422);
    expect((await createTheme({ name: 'X', keywords: { en: ['x'] }, color: 'red' })).status).toBe(422);
    expect((await createTheme({ name: 'X', keywords: { de: ['preis'] } })).status).toBe(422);
    expect((await createTheme({ name: 'X', keywords: { en: ['!!!'] } })).status).toBe(422);
  });
  it('refuses a second theme with the same name, whatever its case', async () => {
    const res = await createTheme({ name: 'support', keywords: { en: ['help'] } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    const mine = await createTheme({ name: 'Onboarding', keywords: { en: ['onboarding'] } });
    const rename = await api.request('PATCH', `/v1/themes/${mine.body.id}`, { key: project.secretKey, body: { name: 'SUPPORT' } });
    expect(rename.status).toBe(409);
  });
  it('answers 404 for an unknown theme', async () => {
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const res = await api.request(method, '/v1/themes/thm_unknown', { key: project.secretKey, body: method === 'PATCH' ? { name: 'x' } : undefined });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
  });
  it('rejects malformed JSON', async () => {
    const res = await api.request('POST', '/v1/themes', { key: project.secretKey, rawBody: '{"name":', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
  });
});

// Keys and other projects: test/security/tenant-isolation.test.ts.

describe('themes — re-applying in batches', () => {
  it('visits every answer exactly once across batches, answers of the same instant included', async () => {
    // A stopped clock: all answers share created_at, so only the id carries a batch on to the next.
    const frozen = await startTestApi({ clock: testClock() });
    try {
      const own = await frozen.createProject('Batches');
      const sid = (await frozen.request('POST', '/v1/surveys', { key: own.secretKey, body: { name: 'NPS' } })).body.id;
      await frozen.request('POST', '/v1/themes', { key: own.secretKey, body: { name: 'Pricing', keywords: { en: ['expensive'] } } });
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) {
        ids.push((await frozen.request('POST', '/v1/responses', { key: own.secretKey, body: { surveyId: sid, score: i, comment: `Too expensive (${i})` } })).body.id);
      }
      await frozen.request('POST', '/v1/responses', { key: own.secretKey, body: { surveyId: sid, score: 9 } }); // no comment: not scanned
      await frozen.db.db.update(responses).set({ themes: [] }).where(eq(responses.projectId, own.id)); // as if tagged by older definitions

      expect(await reapplyProjectThemes(frozen.db.db, own.id, { batchSize: 2 })).toEqual({ scanned: 7, changed: 7 });
      for (const id of ids) expect((await frozen.request('GET', `/v1/responses/${id}`, { key: own.secretKey })).body.themes).toEqual(['Pricing']);
      expect(await reapplyProjectThemes(frozen.db.db, own.id, { batchSize: 2 })).toEqual({ scanned: 7, changed: 0 });
    } finally {
      await frozen.close();
    }
  });
});
