// Dates written one way per dashboard language, in text and in the date fields, whatever the browser's own
// locale (a Japanese dashboard in a US English browser, an English one in a Japanese browser); and the
// Follow-ups page of a server without email: it opens on the tab that has cases and says up front that replies
// cannot be emailed. English and Japanese, 1280 px and 375 px.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatters } from '../../dashboard/i18n/format';
import { browserAvailable, launchBrowser } from '../support/browser';
import { projectKey, seedResponses } from './seed';
import { startDashboardServer, type DashboardServer } from './server';
import { signedInPage } from './sign-in';

const run = browserAvailable('dates and follow-ups');

let server: DashboardServer;
let browser: Browser;
const pages: Page[] = [];

const words = {
  en: {
    browser: 'ja-JP',
    from: 'From',
    to: 'To',
    typed: '20 Nov 2026',
    invalid: 'Not a date',
    open: 'All open',
    mine: 'Assigned to me',
    emailOff: 'This server sends no email',
    // 3 Sept 2026 · 3 Sept 2026, 14:05 · axis: 3 Sept or Sept 2026
    date: /^\d{1,2} [A-Z][a-z]{2,3} \d{4}$/,
    dateTime: /^\d{1,2} [A-Z][a-z]{2,3} \d{4}, \d{2}:\d{2}$/,
    axis: /^(\d{1,2} [A-Z][a-z]{2,3}|[A-Z][a-z]{2,3} \d{4})$/,
    // What a date written the other way would look like here.
    foreign: /\d{4}\/\d{2}\/\d{2}|\d{1,2}\/\d{1,2}\/\d{4}|\d+月\d+日/,
  },
  ja: {
    browser: 'en-US',
    from: '開始日',
    to: '終了日',
    typed: '2026年11月20日',
    invalid: '日付として読めません',
    open: '未完了すべて',
    mine: '自分の担当',
    emailOff: 'このサーバーはメールを送信できない',
    date: /^\d{4}\/\d{2}\/\d{2}$/,
    dateTime: /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}$/,
    axis: /^(\d{2}\/\d{2}|\d{4}\/\d{2})$/,
    foreign: /\d+月\d+日|\d{4}年\d+月|\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b|\d{1,2}\/\d{1,2}\/\d{4}/,
  },
} as const;

const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= innerWidth);

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `/tmp/kizuna-shots/${name}.png`, fullPage: true });
}

describe.runIf(run)('dates in one format per language, and follow-ups on a server without email', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    server = await startDashboardServer({ email: false });
    browser = await launchBrowser();
    const key = await projectKey(server, server.owner.projectId);
    const survey = await server.api('POST', '/v1/surveys', key, { name: 'Product NPS' });
    // Detractors open follow-up cases (the project's default rule), none of them assigned to anyone.
    await seedResponses(server, key, survey.body.id, { count: 60, days: 40 });
  }, 180_000);
  afterAll(async () => {
    for (const page of pages) await page.context().close();
    await browser?.close();
    await server?.close();
  });

  for (const locale of ['en', 'ja'] as const) {
    const w = words[locale];
    it(`${locale} in a ${w.browser} browser: dates in text and in the date fields are written the ${locale} way`, async () => {
      const page = await signedInPage(browser, server, { locale, browserLocale: w.browser });
      pages.push(page);
      const fmt = formatters(locale);
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${server.url}/overview`);
        await page.locator('.trend-chart[data-labels]').waitFor({ state: 'attached' });
        const from = page.getByLabel(w.from, { exact: true });
        const to = page.getByLabel(w.to, { exact: true });
        // The fields show the dashboard language's format (not the browser's mm/dd/yyyy or 2026-11-04).
        expect(await from.inputValue()).toMatch(w.date);
        expect(await to.inputValue()).toMatch(w.date);
        const axis = JSON.parse((await page.locator('.trend-chart').getAttribute('data-labels'))!) as string[];
        expect(axis.filter(Boolean).length).toBeGreaterThan(0);
        for (const label of axis.filter(Boolean)) expect(label).toMatch(w.axis);
        expect(await page.locator('main').innerText()).not.toMatch(w.foreign);
        expect(await noSidewaysScroll(page)).toBe(true);
        await shot(page, `overview-${locale}-${width}`);

        // A date typed the language's way is read, goes into the address as YYYY-MM-DD, and is shown back.
        await from.fill(w.typed);
        await from.press('Enter');
        await page.waitForURL(/from=2026-11-20/);
        expect(await from.inputValue()).toBe(fmt.calendarDate('2026-11-20'));
        // What is no date says so and changes nothing.
        await to.fill('31/02/2026');
        await to.press('Enter');
        await page.getByRole('alert').getByText(w.invalid).waitFor();
        expect(page.url()).not.toMatch(/to=/);
        expect(await noSidewaysScroll(page)).toBe(true);
        if (width === 375) await shot(page, `overview-invalid-${locale}-${width}`);

        // The responses feed: each answer's time, and its optional date fields, empty until chosen.
        await page.goto(`${server.url}/responses`);
        const times = page.locator('.feed time');
        await times.first().waitFor();
        for (const text of await times.allInnerTexts()) expect(text).toMatch(w.dateTime);
        expect(await page.getByLabel(w.from, { exact: true }).inputValue()).toBe('');
        await page.getByLabel(w.to, { exact: true }).fill(fmt.calendarDate('2026-11-20'));
        await page.getByLabel(w.to, { exact: true }).press('Enter');
        await page.waitForURL(/to=2026-11-20/);
        expect(await page.locator('main').innerText()).not.toMatch(w.foreign);
        expect(await noSidewaysScroll(page)).toBe(true);
        await shot(page, `responses-${locale}-${width}`);
      }
    });

    it(`${locale}: Follow-ups open on the tab that has cases, and the reply form says email is not set up`, async () => {
      const page = await signedInPage(browser, server, { locale, browserLocale: w.browser });
      pages.push(page);
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${server.url}/followups`);
        // Nothing is assigned to the owner, and detractors have opened cases: "All open" it is, not an empty "mine".
        await page.locator('[role="tab"][aria-selected="true"]', { hasText: w.open }).waitFor();
        expect(new URL(page.url()).searchParams.get('tab')).toBe('open');
        await expect(page.getByRole('tab', { name: w.mine }).getAttribute('aria-selected')).resolves.toBe('false');
        const cases = page.locator('.case-list .case');
        await cases.first().waitFor();
        for (const due of await page.locator('.case-list .case .muted.small').allInnerTexts()) expect(due).toMatch(/\d{2}:\d{2}/);

        await cases.first().click();
        const notice = page.getByTestId('reply-unavailable');
        await notice.getByText(w.emailOff).waitFor();
        // Up front: no reply form to fill in first.
        expect(await page.locator('.case-detail textarea[name="text"]').count()).toBe(1); // the note's, no reply's
        expect(await page.locator('.case-detail input[name="subject"]').count()).toBe(0);
        expect(await page.locator('main').innerText()).not.toMatch(w.foreign);
        expect(await noSidewaysScroll(page)).toBe(true);
        await shot(page, `followups-${locale}-${width}`);
      }
    });
  }
});
