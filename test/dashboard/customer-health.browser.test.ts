// Customer health on the dashboard: the At-risk page shows /v1/people/at-risk — the ranking, each customer
// linking to their timeline, their reasons in words with the weight each adds, their latest score, a segment
// picker — and the Overview shows /v1/goals with the forecast and its uncertainty; a project with neither shows
// an empty state and no goals panel. Both languages, at 1280 and 375 px, nothing scrolling sideways.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatters } from '../../dashboard/i18n/format';
import { chancePercent } from '../../dashboard/pages/goal-chance';
import { createProject } from '../../server/services/projects/create';
import { browserAvailable, launchBrowser } from '../support/browser';
import { projectKey, seedResponses } from './seed';
import { startDashboardServer, type DashboardServer } from './server';
import { signedInPage } from './sign-in';

const run = browserAvailable('customer health');
const DAY = 86_400_000;

let server: DashboardServer;
let browser: Browser;
let key: string;
let emptyProjectId: string;
const segments: Record<'enterprise' | 'nobody', string> = { enterprise: '', nobody: '' };
const contexts: BrowserContext[] = [];

type Fmt = ReturnType<typeof formatters>;
const texts = {
  en: {
    reason: (r: any, fmt: Fmt): string =>
      r.code === 'detractor'
        ? `Detractor: scored ${r.score}`
        : r.code === 'score_drop'
          ? `Score dropped from ${r.previousScore} to ${r.score}`
          : r.code === 'negative_comment'
            ? `Negative comment (sentiment ${fmt.sentiment(r.sentiment)})`
            : r.code === 'overdue_followup'
              ? r.hoursOverdue < 1 ? 'Follow-up just overdue' : `Follow-up overdue by ${fmt.duration(r.hoursOverdue * 3_600_000)}`
              : r.code === 'unanswered_followup'
                ? `A detractor’s case without a reply for ${fmt.duration(r.daysWithoutReply * DAY)}`
                : `(${r.code})`,
    allCustomers: 'All customers',
    noneInSegment: 'Nobody in this segment needs attention right now.',
    none: 'No customer needs attention right now',
    target: (v: string) => `Target ${v}`,
    goalLine: (name: string, v: string) => `Goal “${name}”: ${v}`,
    current: (nps: string, low: string, high: string, n: string) => `${nps} (95%: ${low} to ${high}, n = ${n})`,
    projected: (nps: string, low: string, high: string, n: string) => `${nps} (80% likely between ${low} and ${high}, about ${n} answers)`,
    chance: (c: string, target: string, date: string) => `About ${c} chance of reaching ${target} by ${date}`,
    reached: (nps: string) => `Reached: the period ended at ${nps}`,
    missed: (nps: string) => `Not reached: the period ended at ${nps}`,
  },
  ja: {
    reason: (r: any, fmt: Fmt): string =>
      r.code === 'detractor'
        ? `批判者（${r.score} 点）`
        : r.code === 'score_drop'
          ? `スコアが ${r.previousScore} から ${r.score} に低下`
          : r.code === 'negative_comment'
            ? `否定的なコメント（感情 ${fmt.sentiment(r.sentiment)}）`
            : r.code === 'overdue_followup'
              ? r.hoursOverdue < 1 ? 'フォローアップが期限切れ' : `フォローアップが期限を${fmt.duration(r.hoursOverdue * 3_600_000)}超過`
              : r.code === 'unanswered_followup'
                ? `批判者のケースに${fmt.duration(r.daysWithoutReply * DAY)}返信なし`
                : `(${r.code})`,
    allCustomers: 'すべての顧客',
    noneInSegment: 'このセグメントには、いま対応が必要な顧客はいません。',
    none: 'いま対応が必要な顧客はいません',
    target: (v: string) => `目標 ${v}`,
    goalLine: (name: string, v: string) => `目標「${name}」: ${v}`,
    current: (nps: string, low: string, high: string, n: string) => `${nps}（95%区間 ${low}〜${high}、回答 ${n} 件）`,
    projected: (nps: string, low: string, high: string, n: string) => `${nps}（80% の確率で ${low}〜${high}、回答 約 ${n} 件）`,
    chance: (c: string, target: string, date: string) => `${date}までに ${target} に届く確率は約 ${c}`,
    reached: (nps: string) => `達成：期間終了時 ${nps}`,
    missed: (nps: string) => `未達成：期間終了時 ${nps}`,
  },
};

async function signedIn(locale: 'en' | 'ja'): Promise<Page> {
  const page = await signedInPage(browser, server, { locale });
  contexts.push(page.context());
  return page;
}

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

/** The rows the page shows, in order, against the API's ranking for the same segment. */
async function expectRanking(page: Page, locale: 'en' | 'ja', segmentId?: string) {
  const fmt = formatters(locale);
  const t = texts[locale];
  const api = (await server.api('GET', `/v1/people/at-risk?limit=100${segmentId ? `&segmentId=${segmentId}` : ''}`, key)).body;
  expect(api.data.length).toBeGreaterThan(0);
  await expect.poll(() => page.locator('tr[data-person]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-person')))).toEqual(
    api.data.map((p: any) => p.id),
  );
  for (const person of api.data) {
    const row = page.locator(`tr[data-person="${person.id}"]`);
    const link = row.locator('[data-testid="person-link"]');
    expect(await link.innerText()).toBe(person.name || person.email || person.externalId);
    expect(await link.getAttribute('href')).toBe(`/people/${person.id}`);
    // The score is the sum of the weights beside the reasons, and both are the API's.
    const weights = person.reasons.map((r: any) => api.weights[r.code]);
    expect(weights.reduce((a: number, b: number) => a + b, 0)).toBe(person.score);
    const items = row.locator('[data-testid="reasons"] li');
    expect(await items.count()).toBe(person.reasons.length);
    for (const [i, reason] of person.reasons.entries()) {
      const text = (await items.nth(i).innerText()).replace(/\s+/g, ' ').trim();
      expect(text).toBe(`${t.reason(reason, fmt)} +${api.weights[reason.code]}`);
    }
    expect(await row.locator('[data-testid="risk"]').innerText()).toBe(fmt.integer(person.score));
    expect(await row.locator('.score').innerText()).toBe(String(person.latestAnswer.score));
    expect(await row.locator('[data-testid="latest-date"]').innerText()).toBe(fmt.date(person.latestAnswer.createdAt, 'UTC'));
    if (person.openFollowUpId) expect(await row.locator('[data-testid="case-link"]').getAttribute('href')).toBe(`/followups?tab=open&case=${person.openFollowUpId}`);
    else expect(await row.locator('[data-testid="case-link"]').count()).toBe(0);
  }
  return api.data;
}

describe.runIf(run)('customer health: the At-risk page and goals on the Overview', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    server = await startDashboardServer();
    browser = await launchBrowser();
    key = await projectKey(server, server.owner.projectId);
    const survey = await server.api('POST', '/v1/surveys', key, { name: 'Product NPS' });
    await seedResponses(server, key, survey.body.id, { count: 120, days: 60 });
    for (const [name, plan] of [['enterprise', 'enterprise'], ['nobody', 'no-such-plan']] as const) {
      const res = await server.api('POST', '/v1/segments', key, { name: `Plan ${plan}`, filter: { all: [{ trait: 'plan', eq: plan }] } });
      expect(res.status).toBe(201);
      segments[name] = res.body.id;
    }
    const now = Date.now();
    const goals = [
      // Running: a forecast with its range and a chance strictly between 0 and 1.
      { name: 'NPS +30 this quarter', target: 30, from: new Date(now - 30 * DAY).toISOString(), to: new Date(now + 30 * DAY).toISOString() },
      // Over: the period's own NPS decides, exactly.
      { name: 'Last month above zero', target: 0, from: new Date(now - 60 * DAY).toISOString(), to: new Date(now - 30 * DAY).toISOString() },
    ];
    for (const goal of goals) expect((await server.api('POST', '/v1/goals', key, goal)).status).toBe(201);
    emptyProjectId = (await createProject(server.db.db, { name: 'Quiet product' })).id;
    // The server's clock stands still from here: "overdue by 34.8 days" is computed from now, and the page and the
    // test's own call to the API must read the same now (an hour boundary between them made them differ).
    server.clock.set(new Date());
  }, 180_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  for (const locale of ['en', 'ja'] as const) {
    it(`ranks the customers at risk as the API does, with their reasons in words, links and a segment picker (${locale})`, async () => {
      const page = await signedIn(locale);
      await page.goto(`${server.url}/at-risk`);
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: 900 });
        const ranked = await expectRanking(page, locale);
        expect(ranked.some((p: any) => p.reasons.some((r: any) => r.code === 'score_drop'))).toBe(true);
        expect(await sideways(page), `${width} px`).toBeLessThanOrEqual(width);
        await page.screenshot({ path: `test-results/at-risk-${locale}-${width}.png`, fullPage: true });
        await page.screenshot({ path: `test-results/at-risk-${locale}-${width}_top.png` });
      }

      // The segment picker narrows the ranking to the segment, as the API narrows it; an empty segment says so.
      const picker = page.locator('select').filter({ has: page.locator(`option[value="${segments.enterprise}"]`) });
      expect(await picker.locator('option').first().innerText()).toBe(texts[locale].allCustomers);
      await picker.selectOption(segments.enterprise);
      await page.waitForURL(new RegExp(`segment=${segments.enterprise}`));
      const enterprise = await expectRanking(page, locale, segments.enterprise);
      expect(enterprise.length).toBeLessThan((await server.api('GET', '/v1/people/at-risk?limit=100', key)).body.data.length);
      await picker.selectOption(segments.nobody);
      await page.locator('.state-empty').getByText(texts[locale].noneInSegment).waitFor();
      expect(await page.locator('tr[data-person]').count()).toBe(0);
      await picker.selectOption('');

      // A customer's name opens their timeline.
      const first = page.locator('tr[data-person] [data-testid="person-link"]').first();
      const name = await first.innerText();
      const id = await page.locator('tr[data-person]').first().getAttribute('data-person');
      await first.click();
      await page.waitForURL(`**/people/${id}`);
      await page.locator('h1').getByText(name, { exact: true }).waitFor();

      // The nav names the page, and a project where nobody is at risk says so.
      await page.goto(`${server.url}/at-risk?project=${emptyProjectId}`);
      await page.locator('.state-empty').getByText(texts[locale].none).waitFor();
      await page.setViewportSize({ width: 375, height: 900 });
      expect(await sideways(page)).toBeLessThanOrEqual(375);
      await page.screenshot({ path: `test-results/at-risk-empty-${locale}-375.png`, fullPage: true });
    });

    it(`shows each goal's target, NPS so far and forecast as the API gives them, and no panel without goals (${locale})`, async () => {
      const fmt = formatters(locale);
      const t = texts[locale];
      const page = await signedIn(locale);
      await page.goto(`${server.url}/overview?project=${server.owner.projectId}`);
      const goals = (await server.api('GET', '/v1/goals', key)).body.data;
      expect(goals.map((g: any) => g.status).sort()).toEqual(['active', 'finished']);
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: 900 });
        await expect.poll(() => page.locator('li[data-goal]').evaluateAll((items) => items.map((i) => i.getAttribute('data-goal')))).toEqual(
          goals.map((g: any) => g.id),
        );
        for (const g of goals) {
          const item = page.locator(`li[data-goal="${g.id}"]`);
          const text = async (testid: string) => (await item.locator(`[data-testid="${testid}"]`).innerText()).trim();
          expect(await item.locator('.goal-name').innerText()).toBe(g.name);
          expect(await text('goal-target')).toBe(t.target(fmt.nps(g.target)));
          expect(await text('goal-current')).toBe(t.current(fmt.nps(g.current.nps), fmt.nps(g.current.ci95.low), fmt.nps(g.current.ci95.high), fmt.integer(g.current.n)));
          if (g.status === 'active') {
            expect(g.probabilityOfReaching).toBeGreaterThan(0);
            expect(g.probabilityOfReaching).toBeLessThan(1);
            const p = g.projected;
            expect(await text('goal-projected')).toBe(t.projected(fmt.nps(p.nps), fmt.nps(p.ci80.low), fmt.nps(p.ci80.high), fmt.integer(g.expectedAnswersByEnd)));
            const lastDay = fmt.date(new Date(new Date(g.to).getTime() - 1), 'UTC');
            expect(await text('goal-chance')).toBe(t.chance(fmt.percent(chancePercent(g.probabilityOfReaching)), fmt.nps(g.target), lastDay));
          } else {
            expect(await item.locator('[data-testid="goal-projected"]').count()).toBe(0);
            expect(await text('goal-chance')).toBe(g.probabilityOfReaching === 1 ? t.reached(fmt.nps(g.current.nps)) : t.missed(fmt.nps(g.current.nps)));
          }
        }
        expect(await sideways(page), `${width} px`).toBeLessThanOrEqual(width);
        await page.screenshot({ path: `test-results/overview-goals-${locale}-${width}.png` });
        await page.locator('[aria-labelledby="goals-title"]').screenshot({ path: `test-results/overview-goals-${locale}-${width}_card.png` });
      }

      // The trend draws the goals running over the range it shows, named under it: the last ten days hold only the
      // running goal; ninety days hold both.
      const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
      const targetsShown = () => page.locator('[data-testid="trend-target"]').evaluateAll((items) => items.map((i) => [i.getAttribute('data-target'), i.textContent?.trim()]));
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${server.url}/overview?project=${server.owner.projectId}&from=${day(-10)}&to=${day(0)}`);
      const running = goals.find((g: any) => g.status === 'active');
      const finished = goals.find((g: any) => g.status === 'finished');
      await expect.poll(targetsShown).toEqual([['30', t.goalLine(running.name, fmt.nps(30))]]);
      await page.locator('[aria-labelledby="trend-title"]').screenshot({ path: `test-results/overview-trend-goal-${locale}-1280.png` });
      await page.goto(`${server.url}/overview?project=${server.owner.projectId}&from=${day(-89)}&to=${day(0)}`);
      await expect.poll(async () => (await targetsShown()).map(([target]) => target).sort()).toEqual(['0', '30']);
      expect((await targetsShown()).find(([target]) => target === '0')?.[1]).toBe(t.goalLine(finished.name, fmt.nps(0)));
      await page.setViewportSize({ width: 375, height: 900 });
      expect(await sideways(page), '375 px with goal lines').toBeLessThanOrEqual(375);
      await page.locator('[aria-labelledby="trend-title"]').screenshot({ path: `test-results/overview-trend-goal-${locale}-375.png` });

      // No goals, no panel: the Overview of a project without goals shows its NPS card and nothing about goals.
      const goalsAnswered = page.waitForResponse((res) => new URL(res.url()).pathname === '/v1/goals');
      await page.goto(`${server.url}/overview?project=${emptyProjectId}`);
      expect((await (await goalsAnswered).json()).data).toEqual([]);
      await page.locator('[aria-labelledby="nps-title"]').waitFor();
      // Two frames after the answer arrived: the page has rendered what it does with it.
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      expect(await page.locator('[aria-labelledby="goals-title"]').count()).toBe(0);
    });
  }
});
