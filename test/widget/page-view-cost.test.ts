// What a page view of a customer's site costs the database: nothing once the project's live surveys are held
// (issue 18). Queries are counted by drizzle's logger on an app of its own over the test database.
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import * as schema from '../../db/schema';
import { createApp } from '../../server/app';
import { createRateLimiter } from '../../server/auth/rate-limit';
import { defaultConfig } from '../../server/config';
import { silentLogger } from '../../server/logger';
import { createWidgetSurveyCache } from '../../server/services/widget/survey-cache';
import { requestThrough, startTestApi, type TestApi } from '../support/api';
import { testClock } from '../support/clock';
import { describeInProcess } from '../support/target';

const clock = testClock();
let api: TestApi;
let project: { id: string; secretKey: string; publishableKey: string };
beforeAll(async () => {
  api = await startTestApi({ clock });
  project = await api.createProject('Page views');
});
afterAll(() => api.close());

/** Another process on the same database, whose every statement is counted. */
function countingProcess(freshMs?: number) {
  const statements: string[] = [];
  const logger = { logQuery: (query: string) => void statements.push(query) };
  const client = (api.db.db as unknown as { $client: never }).$client;
  const db = (api.db.driver === 'pglite' ? drizzlePglite(client, { schema, logger }) : drizzlePostgres(client, { schema, logger })) as unknown as Database;
  const app = createApp({
    db,
    config: defaultConfig,
    clock,
    logger: silentLogger,
    rateLimiter: createRateLimiter(),
    ...(freshMs === undefined ? {} : { widgetSurveys: createWidgetSurveyCache(freshMs) }),
  });
  const request = requestThrough(async (req) => app.fetch(req));
  const config = async (query: string) => {
    statements.length = 0;
    const res = await request('GET', `/v1/widget/config?${query}`, { key: project.publishableKey });
    expect(res.status).toBe(200);
    return { surveys: res.body.surveys as { id: string; show: boolean; question: { en: string } }[], statements: [...statements] };
  };
  /** GET with the key in the URL, as the widget's two halves are asked for; the statements it cost. */
  const counted = async (path: string, headers: Record<string, string> = {}) => {
    statements.length = 0;
    const res = await request('GET', path, { key: null, headers });
    return { res, statements: [...statements] };
  };
  return { config, request, counted, statements };
}

describeInProcess('a page view of a customer site', () => {
  it('costs no query once the live surveys are held: anonymous, and identified when no survey is in the running', async () => {
    const survey = await api.request('POST', '/v1/surveys', {
      key: project.secretKey,
      body: { name: 'Checkout NPS', targeting: { urlInclude: ['https://shop.example/checkout*'] } },
    });
    const site = countingProcess();
    // The key and the surveys are read once (the cold page view)…
    const cold = await site.config('anonymousId=a1&url=https://shop.example/checkout');
    expect(cold.statements.length).toBeGreaterThan(0);
    expect(cold.surveys.map((s) => [s.id, s.show])).toEqual([[survey.body.id, true]]);
    // …and never again for anyone's page view while they are fresh.
    for (const query of ['anonymousId=a2&url=https://shop.example/checkout', 'anonymousId=a3&url=https://shop.example/home']) {
      const warm = await site.config(query);
      expect(warm.statements).toEqual([]);
      expect(warm.surveys).toHaveLength(1);
    }
    // An identified customer on a page where no survey may show needs no history either.
    const elsewhere = await site.config('personId=cus_1&url=https://shop.example/home');
    expect(elsewhere.statements).toEqual([]);
    expect(elsewhere.surveys[0]!.show).toBe(false);
    // Where a survey could show, one statement reads the person's answers and dismissals.
    const checkout = await site.config('personId=cus_1&url=https://shop.example/checkout');
    expect(checkout.statements).toHaveLength(1);
    expect(checkout.surveys[0]!.show).toBe(true);
    // Browsing on: the customer's history is held for a few seconds, so the next pages cost nothing…
    const next = await site.config('personId=cus_1&url=https://shop.example/checkout/pay');
    expect(next.statements).toEqual([]);
    expect(next.surveys[0]!.show).toBe(true);
    // …until they answer through this process, which forgets it: the next page view reads it again, and says not now.
    const answer = await site.request('POST', '/v1/responses', {
      key: project.publishableKey,
      body: { surveyId: survey.body.id, score: 8, person: { id: 'cus_1' } },
    });
    expect(answer.status).toBe(201);
    const after = await site.config('personId=cus_1&url=https://shop.example/checkout');
    expect(after.statements).toHaveLength(1);
    expect(after.surveys[0]!.show).toBe(false);
    // Another customer's history was never read for it.
    expect((await site.config('personId=cus_2&url=https://shop.example/checkout')).statements).toHaveLength(1);
  });

  it("sees another process's answer once the customer's history is 10 seconds old", async () => {
    const survey = await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'Elsewhere' } });
    const site = countingProcess();
    const shown = (res: Awaited<ReturnType<typeof site.config>>) => res.surveys.find((s) => s.id === survey.body.id)!.show;
    expect(shown(await site.config('personId=cus_9'))).toBe(true);
    await api.request('POST', '/v1/responses', { key: project.publishableKey, body: { surveyId: survey.body.id, score: 3, person: { id: 'cus_9' } } });
    clock.advance(9_000);
    expect(shown(await site.config('personId=cus_9'))).toBe(true); // this process has not heard of it yet
    clock.advance(2_000);
    expect(shown(await site.config('personId=cus_9'))).toBe(false);
  });

  it("sees a survey changed in this process at once, and one changed by another process by the settings version", async () => {
    const survey = await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'Changing' } });
    const site = countingProcess(0); // revalidates on every page view: shows exactly what that costs
    const held = await site.config('anonymousId=v1');
    expect(held.surveys.find((s) => s.id === survey.body.id)).toBeDefined();
    // Unchanged: one statement, the project's version, and not the surveys.
    const unchanged = await site.config('anonymousId=v1');
    expect(unchanged.statements).toHaveLength(1);
    expect(unchanged.statements[0]).toMatch(/settings_version/);
    expect(unchanged.statements[0]).not.toMatch(/"surveys"/);
    // Changed through another process (the test's own app): the version moved, the surveys are read again.
    await api.request('PATCH', `/v1/surveys/${survey.body.id}`, { key: project.secretKey, body: { question: { en: 'How likely now?' } } });
    const changed = await site.config('anonymousId=v1');
    expect(changed.surveys.find((s) => s.id === survey.body.id)!.question.en).toBe('How likely now?');
    // Archived elsewhere: gone from the next revalidated page view.
    await api.request('DELETE', `/v1/surveys/${survey.body.id}`, { key: project.secretKey });
    expect((await site.config('anonymousId=v1')).surveys.find((s) => s.id === survey.body.id)).toBeUndefined();

    // In the process that makes the change, the next page view sees it even while the entry is fresh.
    const sameProcess = countingProcess();
    const before = await sameProcess.config('anonymousId=v2');
    const added = await sameProcess.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'Added here' } });
    expect(added.status).toBe(201);
    const after = await sameProcess.config('anonymousId=v2');
    expect(after.surveys.map((s) => s.id).sort()).toEqual([...before.surveys.map((s) => s.id), added.body.id].sort());
  });

  it('a process that holds the surveys sees another process’s change once its entry is 5 seconds old', async () => {
    const site = countingProcess();
    const before = await site.config('anonymousId=t1');
    const added = await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'Later' } });
    clock.advance(4_000);
    expect((await site.config('anonymousId=t1')).surveys.map((s) => s.id)).toEqual(before.surveys.map((s) => s.id));
    clock.advance(2_000);
    expect((await site.config('anonymousId=t1')).surveys.map((s) => s.id)).toContain(added.body.id);
  });

  it('the public half costs no query once held, a revalidation neither; the private half one, only when asked', async () => {
    const survey = await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'Two halves' } });
    const site = countingProcess();
    const publicHalf = `/v1/widget/surveys?key=${project.publishableKey}`;
    const cold = await site.counted(publicHalf);
    expect(cold.res.status).toBe(200);
    expect(cold.statements.length).toBeGreaterThan(0);
    const warm = await site.counted(publicHalf);
    expect(warm.res.status).toBe(200);
    expect(warm.statements).toEqual([]);
    const revalidated = await site.counted(publicHalf, { 'if-none-match': warm.res.headers.get('etag')! });
    expect(revalidated.res.status).toBe(304);
    expect(revalidated.statements).toEqual([]);

    const privateHalf = `/v1/widget/contact?key=${project.publishableKey}&personId=cus_halves&surveys=${survey.body.id}`;
    const first = await site.counted(privateHalf);
    expect(first.res.body.surveys).toEqual([{ id: survey.body.id, show: true }]);
    expect(first.statements).toHaveLength(1);
    expect(first.statements[0]).toMatch(/kizuna_contact_histories/);
    // Held for the customer's next pages, like the combined config's.
    expect((await site.counted(privateHalf)).statements).toEqual([]);
  });

  it("new customers' first page views arriving together share one statement, each with its own answer", async () => {
    const survey = await api.request('POST', '/v1/surveys', { key: project.secretKey, body: { name: 'Busy site', targeting: { recontactDays: 30, maxDismissals: 1 } } });
    // One customer answered, one dismissed, the rest never met the survey.
    await api.request('POST', '/v1/responses', { key: project.publishableKey, body: { surveyId: survey.body.id, score: 9, person: { id: 'cus_answered' } } });
    await api.request('POST', '/v1/widget/dismiss', { key: project.publishableKey, body: { surveyId: survey.body.id, personId: 'cus_dismissed' } });
    const site = countingProcess();
    await site.counted(`/v1/widget/surveys?key=${project.publishableKey}`); // the live surveys held
    const customers = ['cus_answered', 'cus_dismissed', 'cus_new_1', 'cus_new_2', 'cus_new_3', 'cus_new_1'];
    const contact = (id: string) => `/v1/widget/contact?key=${project.publishableKey}&personId=${id}&surveys=${survey.body.id}`;
    site.statements.length = 0;
    const replies = await Promise.all(customers.map(async (id) => {
      const res = await site.request('GET', contact(id), { key: null });
      return [id, res.status, res.body.surveys] as const;
    }));
    expect(replies).toEqual(customers.map((id) => [id, 200, [{ id: survey.body.id, show: id.startsWith('cus_new') }]]));
    expect(site.statements.filter((statement) => /kizuna_contact_histories/.test(statement))).toHaveLength(1);
  });
});
