// Issue 19, "what the API knows and the dashboard does not show": the Themes page shows /v1/insights/themes and
// /v1/insights/matrix — per theme its answers, share, NPS with its interval, sentiment, detractor lift and change
// against the period before, the discovered phrases, the channel × theme matrix — each figure equal to the API's,
// each theme linking to its answers, and nothing scrolling sideways at 375 px. One server and data set for the
// file; one browser context per language, resized from 1280 to 375 px.
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatters } from '../../dashboard/i18n/format';
import { addDays } from '../../dashboard/pages/dates';
import { browserAvailable, launchBrowser } from '../support/browser';
import { projectKey, seedResponses } from './seed';
import { startDashboardServer, type DashboardServer } from './server';
import { signedInPage } from './sign-in';

const run = browserAvailable('themes insights');

let server: DashboardServer;
let browser: Browser;
let key: string;
const contexts: BrowserContext[] = [];

const texts = {
  en: {
    email: 'Email', password: 'Password', signIn: 'Sign in',
    ci: (l: string, h: string) => `95%: ${l} to ${h}`,
    share: (pt: string) => `${pt} pt of share`,
    cell: (n: string, nps: string, s: string) => [`n = ${n}`, `NPS ${nps}`, `sentiment ${s}`],
  },
  ja: {
    email: 'メールアドレス', password: 'パスワード', signIn: 'ログイン',
    ci: (l: string, h: string) => `95%区間 ${l}〜${h}`,
    share: (pt: string) => `割合 ${pt} ポイント`,
    cell: (n: string, nps: string, s: string) => [`${n} 件`, `NPS ${nps}`, `感情 ${s}`],
  },
};

async function signedIn(locale: 'en' | 'ja'): Promise<Page> {
  const page = await signedInPage(browser, server, { locale });
  contexts.push(page.context());
  return page;
}

/** A cell's visible lines; on a phone the first is the column's heading, the figures are the last ones. */
const lines = async (cell: Locator) =>
  (await cell.innerText())
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

describe.runIf(run)('issue 19: theme insights on the Themes page', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    server = await startDashboardServer();
    browser = await launchBrowser();
    key = await projectKey(server, server.owner.projectId);
    const survey = await server.api('POST', '/v1/surveys', key, { name: 'Product NPS' });
    for (const theme of [
      { name: 'Pricing', keywords: { en: ['expensive', 'billing', 'value'], ja: ['料金', '高い'] } },
      { name: 'Support', keywords: { en: ['support'], ja: ['サポート', '対応'] } },
      { name: 'Sync', keywords: { en: ['sync', 'draft'], ja: ['同期'] } },
    ]) {
      expect((await server.api('POST', '/v1/themes', key, theme)).status).toBe(201);
    }
    // 60 days: this period (the last 30) and the one before both have answers, so there is a change to show.
    await seedResponses(server, key, survey.body.id, { count: 140, days: 60 });
  }, 180_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  for (const locale of ['en', 'ja'] as const) {
    it(`shows the API's figures per theme, phrase and channel, links each theme to its answers, and fits 375 px (${locale})`, async () => {
      const fmt = formatters(locale);
      const t = texts[locale];
      const page = await signedIn(locale);
      await page.goto(`${server.url}/themes`);
      await page.locator('tr[data-theme="Pricing"]').waitFor();
      // The page's period, read from its own date fields ("to" inclusive), asked of the API as the page asks it.
      const from = (await page.locator('input[name="from"]').getAttribute('data-date'))!;
      const to = (await page.locator('input[name="to"]').getAttribute('data-date'))!;
      const range = `from=${from}&to=${addDays(to, 1)}&tz=UTC`;
      const themes = (await server.api('GET', `/v1/insights/themes?${range}`, key)).body;
      const matrix = (await server.api('GET', `/v1/insights/matrix?${range}&rows=channel`, key)).body;
      expect(themes.comments.total).toBeGreaterThan(20);
      expect(themes.comments.previousTotal).toBeGreaterThan(20);

      const defined = themes.data.filter((d: any) => d.source === 'defined');
      const discovered = themes.data.filter((d: any) => d.source === 'discovered');
      expect(defined.map((d: any) => d.name).sort()).toEqual(['Pricing', 'Support', 'Sync']);
      expect(defined.filter((d: any) => d.count > 0 && d.detractorLift !== null).length).toBeGreaterThan(0);
      expect(discovered.length).toBeGreaterThan(0);

      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: 900 });
        const rows = [
          ...defined.map((d: any) => ({ d, row: `tr[data-theme="${d.name}"]` })),
          ...discovered.map((d: any) => ({ d, row: `tr[data-phrase="${d.name}"]` })),
        ];
        for (const { d, row } of rows) {
          const cell = async (name: string) => lines(page.locator(`${row} [data-testid="${name}"]`));
          expect((await cell('count')).at(-1)).toBe(fmt.integer(d.count));
          expect((await cell('share')).at(-1)).toBe(d.share === null ? '—' : fmt.percent(d.share));
          if (d.nps === null) expect((await cell('nps')).at(-1)).toBe('—');
          else expect((await cell('nps')).slice(-2)).toEqual([fmt.nps(d.nps), t.ci(fmt.nps(d.ci95.low), fmt.nps(d.ci95.high))]);
          expect((await cell('sentiment')).at(-1)).toBe(d.averageSentiment === null ? '—' : fmt.sentiment(d.averageSentiment));
          expect((await cell('lift')).at(-1)).toBe(d.detractorLift === null ? '—' : fmt.ratio(d.detractorLift));
          const change = await cell('change');
          if (d.change.share === null) expect(change.at(-1)).toBe(fmt.signed(d.change.count));
          else expect(change.slice(-2)).toEqual([fmt.signed(d.change.count), t.share(fmt.signed(d.change.share))]);
        }
        // The matrix: a row per channel, a cell per defined theme, in the API's order, each linking to its answers.
        expect(matrix.data.length).toBeGreaterThan(1);
        for (const row of matrix.data) {
          const tr = page.locator(`[aria-labelledby="matrix-title"] tr[data-channel="${row.key}"]`);
          const total = row.total;
          expect((await lines(tr.locator('[data-testid="total"]'))).slice(-3)).toEqual([
            t.cell(fmt.integer(total.n), '', '')[0],
            fmt.nps(total.nps),
            t.ci(fmt.nps(total.ci95.low), fmt.nps(total.ci95.high)),
          ]);
          const cells = tr.locator('[data-testid="cell"]');
          expect(await cells.count()).toBe(matrix.columns.length);
          for (const [i, cell] of row.cells.entries()) {
            const shown = await lines(cells.nth(i));
            if (cell.n === 0) expect(shown.at(-1)).toBe('—');
            else {
              const sentiment = cell.averageSentiment === null ? '—' : fmt.sentiment(cell.averageSentiment);
              expect(shown.slice(-3)).toEqual(t.cell(fmt.integer(cell.n), fmt.nps(cell.nps), sentiment));
              const href = new URL(await cells.nth(i).locator('a').getAttribute('href') as string, server.url);
              expect([href.pathname, href.searchParams.get('channel'), href.searchParams.get('theme')]).toEqual(['/responses', row.key, cell.theme]);
            }
          }
        }
        const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(sideways, `${width} px`).toBe(0);
        const clipped = await page.evaluate(() =>
          [...document.querySelectorAll('main table')].filter((table) => table.scrollWidth > (table.parentElement as HTMLElement).clientWidth + 1).length,
        );
        expect(clipped, `${width} px: tables wider than their box`).toBe(0);
        await page.screenshot({ path: `test-results/themes-insights-${locale}-${width}.png`, fullPage: true });
        for (const part of ['theme-figures', 'matrix']) {
          await page.locator(`[aria-labelledby="${part}-title"]`).screenshot({ path: `test-results/themes-insights-${locale}-${width}_${part}.png` });
        }
      }

      // A theme's name opens the Responses page on that theme, over the same period: its answers, and only them.
      const pricing = defined.find((d: any) => d.name === 'Pricing');
      expect(pricing.count).toBeGreaterThan(0);
      expect(pricing.count).toBeLessThanOrEqual(50); // one page of the feed
      await page.locator('tr[data-theme="Pricing"] a').click();
      await page.waitForURL(/\/responses\?/);
      const url = new URL(page.url());
      expect([url.searchParams.get('theme'), url.searchParams.get('from'), url.searchParams.get('to')]).toEqual(['Pricing', from, to]);
      await expect.poll(() => page.locator('.feed .response').count()).toBe(pricing.count);
      const feed = (await server.api('GET', `/v1/responses?theme=Pricing&${range}&limit=50`, key)).body;
      const shownIds = await page.locator('.feed .response').evaluateAll((items) => items.map((i) => i.getAttribute('data-response-id')));
      expect(shownIds).toEqual(feed.data.map((r: any) => r.id));
      expect(feed.data.every((r: any) => r.themes.includes('Pricing'))).toBe(true);
    });
  }
});
