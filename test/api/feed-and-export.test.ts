import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';
import { testClock } from '../support/clock';

const clock = testClock(new Date('2026-03-01T00:00:00.000Z'));
let api: TestApi;
let project: Awaited<ReturnType<TestApi['createProject']>>;
let surveyId: string;
let secondSurveyId: string;

async function answerAt(at: string, body: Record<string, unknown>) {
  clock.set(at);
  const res = await api.request('POST', '/v1/responses', { key: project.secretKey, body: { surveyId, ...body } });
  if (res.status !== 201) throw new Error(res.text);
  return res.body;
}

beforeAll(async () => {
  api = await startTestApi({ clock });
  project = await api.createProject();
  surveyId = (await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'Main' } })).body.id;
  secondSurveyId = (await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'Second' } })).body.id;
  await answerAt('2026-03-01T10:00:00.000Z', { score: 10, comment: 'Great support team', channel: 'web', person: { id: 'u1' } });
  await answerAt('2026-03-02T10:00:00.000Z', { score: 3, comment: 'Price is 100% too high_ouch', channel: 'email' });
  await answerAt('2026-03-03T10:00:00.000Z', { score: 7, channel: 'web' });
  await answerAt('2026-03-04T10:00:00.000Z', { score: 0, comment: '=HYPERLINK("http://evil")', channel: 'api' });
  await answerAt('2026-03-05T10:00:00.000Z', { score: 9, comment: 'サポートがとても親切でした', locale: 'ja', person: { id: 'u2', email: 'hana@example.jp' } });
  clock.set('2026-03-05T12:00:00.000Z');
  await api.request('POST', '/v1/responses', { key: project.secretKey, body: { surveyId: secondSurveyId, score: 1 } });
});
afterAll(() => api.close());

const list = (query: string) => api.request('GET', `/v1/responses?${query}`, { key: project.secretKey });
const scores = (res: { body: { data: { score: number }[] } }) => res.body.data.map((r) => r.score);

describe('GET /v1/responses — filters', () => {
  it('lists newest first', async () => {
    expect(scores(await list(`surveyId=${surveyId}`))).toEqual([9, 0, 7, 3, 10]);
  });
  it('filters by time with from inclusive and to exclusive, bare dates in the request’s time zone', async () => {
    expect(scores(await list(`surveyId=${surveyId}&from=2026-03-02&to=2026-03-04`))).toEqual([7, 3]);
    expect(scores(await list(`surveyId=${surveyId}&from=2026-03-02T10:00:00Z&to=2026-03-03T10:00:00Z`))).toEqual([3]);
    // 2026-03-04 in Tokyo starts at 2026-03-03T15:00Z, so the 10:00Z answer of the 3rd is excluded and that of the 4th included.
    expect(scores(await list(`surveyId=${surveyId}&from=2026-03-04&tz=Asia/Tokyo`))).toEqual([9, 0]);
  });
  it('filters by category, comment presence, channel, person, survey and text', async () => {
    expect(scores(await list(`surveyId=${surveyId}&category=detractor`))).toEqual([0, 3]);
    expect(scores(await list(`surveyId=${surveyId}&hasComment=false`))).toEqual([7]);
    expect(scores(await list(`surveyId=${surveyId}&hasComment=true`))).toEqual([9, 0, 3, 10]);
    expect(scores(await list(`channel=web`))).toEqual([7, 10]);
    expect(scores(await list(`surveyId=${secondSurveyId}`))).toEqual([1]);
    const u2 = (await api.request('GET', '/v1/people?externalId=u2', { key: project.secretKey })).body.data[0].id;
    expect(scores(await list(`personId=${u2}`))).toEqual([9]);
    expect(scores(await list(`q=SUPPORT`))).toEqual([10]);
    expect(scores(await list(`q=${encodeURIComponent('親切')}`))).toEqual([9]);
  });
  it('treats LIKE wildcards in the search text literally', async () => {
    expect(scores(await list(`q=${encodeURIComponent('100%')}`))).toEqual([3]);
    expect(scores(await list(`q=${encodeURIComponent('%')}`))).toEqual([3]);
    expect(scores(await list(`q=${encodeURIComponent('h_o')}`))).toEqual([3]);
    expect(scores(await list(`q=${encodeURIComponent('_')}`))).toEqual([3]);
  });
  it('rejects bad filters with a 400 naming them', async () => {
    for (const query of ['from=yesterday', 'tz=Mars/Base', 'category=fan', 'limit=1001', 'limit=0', 'hasComment=maybe', 'from=2026-03-05&to=2026-03-01']) {
      const res = await list(query);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe('bad_request');
    }
  });
});

describe('GET /v1/responses — pagination', () => {
  it('pages with no gaps or duplicates even while answers arrive', async () => {
    const p = await api.createProject('Paging');
    const sid = (await api.request('POST', '/v1/surveys', { key: p.secretKey, body: { name: 'P' } })).body.id;
    const post = async (score: number, at: string) => {
      clock.set(at);
      return (await api.request('POST', '/v1/responses', { key: p.secretKey, body: { surveyId: sid, score } })).body.id as string;
    };
    const ids: string[] = [];
    // Several answers share a timestamp, so the id breaks ties.
    for (let i = 0; i < 25; i++) ids.push(await post(i % 11, `2026-04-01T00:00:0${Math.floor(i / 5)}.000Z`));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { body: { data: { id: string }[]; nextCursor: string | null } } = await api.request(
        'GET',
        `/v1/responses?limit=4${cursor ? `&cursor=${cursor}` : ''}`,
        { key: p.secretKey },
      );
      seen.push(...res.body.data.map((r) => r.id));
      cursor = res.body.nextCursor;
      if (pages === 1) await post(10, '2026-04-02T00:00:00.000Z'); // arrives mid-way; belongs before page 1
      pages++;
    } while (cursor);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    expect(new Set(seen)).toEqual(new Set(ids));
    expect(pages).toBe(7);
  });
});

describe('GET /v1/responses/export.csv', () => {
  it('streams a UTF-8 CSV with BOM, Japanese intact and formulas neutralised', async () => {
    const res = await api.fetch(
      new Request(`http://kizuna.test/v1/responses/export.csv?surveyId=${surveyId}`, { headers: { authorization: `Bearer ${project.secretKey}` } }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="kizuna-responses-.*\.csv"/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      'id,createdAt,surveyId,score,category,comment,personId,externalId,email,name,channel,locale,language,sentimentScore,sentimentLabel,themes',
    );
    expect(lines).toHaveLength(6);
    expect(text).toContain('サポートがとても親切でした');
    expect(text).toContain('hana@example.jp');
    expect(text).not.toMatch(/,=HYPERLINK/);
    expect(text).toContain(`'=HYPERLINK`);
  });

  it('can leave out the BOM and applies the filters', async () => {
    const res = await api.fetch(
      new Request(`http://kizuna.test/v1/responses/export.csv?bom=false&category=detractor&surveyId=${surveyId}`, {
        headers: { authorization: `Bearer ${project.secretKey}` },
      }),
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(bytes[0]).toBe('i'.charCodeAt(0)); // "id,…": no byte order mark (Response.text() would hide one)
    expect(new TextDecoder().decode(bytes).trim().split('\n')).toHaveLength(3);
  });

  it('needs a secret key of the same project', async () => {
    const other = await api.createProject('Other');
    const res = await api.request('GET', '/v1/responses/export.csv', { key: other.secretKey });
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('Great support team');
    expect((await api.request('GET', '/v1/responses/export.csv')).status).toBe(401);
  });
});
