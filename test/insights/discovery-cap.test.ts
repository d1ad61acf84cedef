// Past the comment limit, discovered keyphrases describe the newest comments read, as true proportions of them.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { themeInsights } from '../../server/services/insights/themes';
import { startTestApi, type TestApi } from '../support/api';
import { testClock } from '../support/clock';
import { describeInProcess } from '../support/target';

const clock = testClock(new Date('2026-06-02T00:00:00Z'));
let api: TestApi;
let projectId: string;

beforeAll(async () => {
  api = await startTestApi({ clock });
  const project = await api.createProject('Cap');
  projectId = project.id;
  const surveyId = (await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'NPS' } })).body.id;
  // Oldest first; the newest three all mention the invoice, the older two the delivery.
  for (const [score, comment] of [
    [2, 'The delivery was late'],
    [3, 'Delivery, late again'],
    [9, 'Invoice was clear'],
    [1, 'The invoice is wrong'],
    [10, 'the invoice was fine'],
  ] as const) {
    clock.advance(60_000);
    expect((await api.request('POST', '/v1/responses', { key: project.publishableKey, body: { surveyId, score, comment } })).status).toBe(201);
  }
});
afterAll(() => api.close());

describeInProcess('themeInsights with a comment limit', () => {
  it('reads the newest comments only, says so, and takes shares over what it read', async () => {
    const ctx = { db: api.db.db, projectId, clock };
    const range = { from: new Date('2026-06-01T00:00:00Z'), to: new Date('2026-06-03T00:00:00Z') };
    const result = await themeInsights(ctx, range, { discovered: 10, minCount: 2, commentLimit: 3 });
    expect(result.comments).toMatchObject({ total: 5, detractors: 3, promoters: 2 });
    expect(result.discovery).toEqual({ limit: 3, commentsRead: 3, previousCommentsRead: 0, capped: true });
    expect(result.data.map((t) => t.key)).toEqual(['invoic']);
    expect(result.data[0]).toMatchObject({
      name: 'invoice',
      count: 3,
      share: 100, // of the 3 comments read, not of all 5
      detractorPct: 33.3,
      promoterPct: 66.7,
      mentionRate: { detractors: 100, passives: null, promoters: 100 },
      detractorLift: 1,
    });
    const whole = await themeInsights(ctx, range, { discovered: 10, minCount: 2 });
    expect(whole.discovery.capped).toBe(false);
    expect(whole.data.map((t) => [t.key, t.count, t.share])).toEqual([
      ['invoic', 3, 60],
      ['deliveri', 2, 40],
      ['late', 2, 40],
    ]);
  });
});
