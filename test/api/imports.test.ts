// POST /v1/imports: a Delighted export as its dashboard writes it, imported through the ingest path with
// its original times, idempotent on a re-run, bad rows reported by line; rules can be switched off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
let project: { id: string; secretKey: string; publishableKey: string };
let other: { id: string; secretKey: string; publishableKey: string };

// Line 1 header; line 3 holds a comment with an embedded newline (ends on line 4); line 5 a bad score;
// line 6 no score; line 7 Japanese with a quoted comma.
const DELIGHTED_CSV = [
  'Response ID,Score,Comment,Response timestamp,Email,Name,Tags,Notes,Plan',
  '1001,10,"Great, really ""great""",2024-03-05 09:30:00 UTC,alice@example.com,Alice,"vip, beta",,pro',
  '1002,2,"Slow.',
  'Very slow.",2024-03-06 10:00:00 UTC,bob@example.com,Bob,,called back,free',
  '1003,eleven,meh,2024-03-07 10:00:00 UTC,carol@example.com,Carol,,,free',
  '1004,,no score,2024-03-07 11:00:00 UTC,dan@example.com,Dan,,,free',
  '1005,9,"とても使いやすい、ありがとう",2024-03-08T01:00:00+09:00,hanako@example.jp,山田 花子,,,pro',
].join('\r\n');

const post = (path: string, body: string, type = 'text/csv', key = project.secretKey) =>
  api.request('POST', path, { key, rawBody: body, headers: { 'content-type': type } });

beforeAll(async () => {
  api = await startTestApi();
  project = await api.createProject();
  other = await api.createProject();
});
afterAll(() => api.close());

describe('POST /v1/imports', () => {
  it('imports the good rows of a Delighted export with their original times and reports the bad ones by line', async () => {
    const res = await post('/v1/imports?preset=delighted&noRules=true', DELIGHTED_CSV);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 5, imported: 3, alreadyImported: 0, failed: 2 });
    expect(res.body.failures).toEqual([
      { line: 5, reason: expect.stringContaining('whole number') },
      { line: 6, reason: 'No score.' },
    ]);

    const list = await api.request('GET', '/v1/responses?limit=10', { key: project.secretKey });
    const byComment = new Map((list.body.data as any[]).map((r) => [r.comment, r]));
    expect(byComment.get('Slow.\r\nVery slow.')).toMatchObject({ score: 2, channel: 'import', createdAt: '2024-03-06T10:00:00.000Z' });
    expect(byComment.get('Slow.\r\nVery slow.').properties).toMatchObject({ 'Plan': 'free', notes: 'called back' });
    expect(byComment.get('Great, really "great"')).toMatchObject({ createdAt: '2024-03-05T09:30:00.000Z' });
    expect(byComment.get('Great, really "great"').properties.tags).toEqual(['vip', 'beta']);
    const japanese = byComment.get('とても使いやすい、ありがとう');
    expect(japanese).toMatchObject({ score: 9, createdAt: '2024-03-07T16:00:00.000Z' });

    const metrics = await api.request('GET', '/v1/metrics/nps?from=2024-03-01T00:00:00Z&to=2024-04-01T00:00:00Z', { key: project.secretKey });
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatchObject({ promoters: 2, detractors: 1, n: 3 });
  });

  it('adds nothing when the same file is imported again', async () => {
    const res = await post('/v1/imports?preset=delighted&noRules=true', DELIGHTED_CSV);
    expect(res.body).toMatchObject({ imported: 0, alreadyImported: 3, failed: 2 });
    const list = await api.request('GET', '/v1/responses?limit=10', { key: project.secretKey });
    expect(list.body.data).toHaveLength(3);
  });

  it('opens no follow-up with rules off, and one with rules on (the default rule for detractors)', async () => {
    const none = await api.request('GET', '/v1/followups', { key: project.secretKey });
    expect(none.body.data).toHaveLength(0);
    const lines = ['id,score,comment,created_at', 'g1,1,"broken",2024-05-01T00:00:00Z'].join('\n');
    const res = await post('/v1/imports', lines);
    expect(res.body).toMatchObject({ imported: 1, failed: 0 });
    const cases = await api.request('GET', '/v1/followups', { key: project.secretKey });
    expect(cases.body.data).toHaveLength(1);
  });

  it('reads JSON lines with the generic preset', async () => {
    const body = ['{"id":"j1","score":7,"comment":"ok","created_at":"2024-06-01T12:00:00Z","region":"EU"}', '', '{"id":"j2","score":"x"}', 'not json'].join('\n');
    const res = await post('/v1/imports?noRules=true', body, 'application/x-ndjson');
    expect(res.body).toMatchObject({ rows: 3, imported: 1, failed: 2 });
    expect(res.body.failures.map((f: any) => f.line)).toEqual([3, 4]);
  });

  it('refuses another content type, a publishable key, and imports into the key\'s own project only', async () => {
    expect((await post('/v1/imports', '{}', 'application/json')).status).toBe(415);
    expect((await post('/v1/imports', DELIGHTED_CSV, 'text/csv', project.publishableKey)).status).toBe(403);
    expect((await api.request('POST', '/v1/imports', { key: null, rawBody: 'a', headers: { 'content-type': 'text/csv' } })).status).toBe(401);
    const res = await post('/v1/imports?preset=delighted', DELIGHTED_CSV, 'text/csv', other.secretKey);
    expect(res.body).toMatchObject({ imported: 3 });
    const mine = await api.request('GET', '/v1/responses?limit=50', { key: project.secretKey });
    expect(mine.body.data).toHaveLength(5);
    const survey = await post(`/v1/imports?surveyId=${encodeURIComponent('srv_nope')}`, DELIGHTED_CSV, 'text/csv', other.secretKey);
    expect(survey.status).toBe(422);
  });
});
