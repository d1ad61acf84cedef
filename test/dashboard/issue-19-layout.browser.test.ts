// Issue 19, bugs 7, 8 and 11, in real Chromium against a real Kizuna: long names never make a phone scroll
// sideways nor cut a table off; the trend chart labels each bucket once, keeps its bars whole and apart from
// the NPS, marks partial periods and shows a figure before anything is hovered; server errors read in the UI's
// language, with the field they are about. One server and data set for the file; one context per language/width.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatters } from '../../dashboard/i18n/format';
import { browserAvailable, launchBrowser } from '../support/browser';
import { projectKey, seedResponses } from './seed';
import { startDashboardServer, type DashboardServer } from './server';
import { signedInPage } from './sign-in';

const run = browserAvailable('dashboard layout, trend chart and messages');

// 77 characters with spaces, and the longest name a survey may have (200; the 300 were cut by the
// form) with a run no browser can break at a space.
const NAME_77 = 'Customer satisfaction after onboarding — enterprise accounts in Japan, Q3 2026';
const NAME_LONG = `Quarterly NPS ${'Onboarding'.repeat(14)} ${'x'.repeat(200)}`.slice(0, 200);
const LONG_EMAIL = `customer-success-operations-lead-${'a'.repeat(30)}@example-enterprise-customer.co.jp`;

let server: DashboardServer;
let browser: Browser;
let key: string;
let longSurveyId: string;
let personId: string;
const contexts: BrowserContext[] = [];

const texts = {
  en: { email: 'Email', password: 'Password', signIn: 'Sign in' },
  ja: { email: 'メールアドレス', password: 'パスワード', signIn: 'ログイン' },
};

async function signedIn(locale: 'en' | 'ja', width: number): Promise<Page> {
  const page = await signedInPage(browser, server, { locale, width, height: 800 });
  contexts.push(page.context());
  return page;
}

/** How far the page reaches past the screen, and every table wider than the box that shows it. */
const overflow = (page: Page) =>
  page.evaluate(() => ({
    sideways: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    clippedTables: [...document.querySelectorAll('table')]
      .filter((table) => table.offsetParent !== null && table.closest('details:not([open])') === null)
      .filter((table) => table.scrollWidth > (table.parentElement as HTMLElement).clientWidth + 1)
      .map((table) => `${table.className || 'table'}: ${table.scrollWidth} > ${(table.parentElement as HTMLElement).clientWidth}`),
  }));

/** Waits for the page's content (not its loading state) before measuring. */
async function settle(page: Page) {
  await page.locator('main h1').first().waitFor();
  await expect.poll(() => page.locator('.spinner, [aria-busy="true"]').count()).toBe(0);
}

describe.runIf(run)('issue 19: layout, trend chart and messages', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    server = await startDashboardServer();
    browser = await launchBrowser();
    key = await projectKey(server, server.owner.projectId);
    const long = await server.api('POST', '/v1/surveys', key, { name: NAME_LONG });
    longSurveyId = long.body.id;
    const other = await server.api('POST', '/v1/surveys', key, { name: NAME_77 });
    await server.addMember(LONG_EMAIL, 'member-password-1', server.owner.projectId);
    await server.api('POST', '/v1/themes', key, { name: `Onboarding and setup ${'experience '.repeat(6)}`.trim().slice(0, 100), keywords: { en: ['onboarding', 'setup', 'getting-started-with-the-enterprise-plan'] } });
    // A webhook that cannot be reached: its deliveries fill the log with failures.
    await server.api('POST', '/v1/webhooks', key, { url: `http://127.0.0.1:9/${'hooks/'.repeat(20)}kizuna`, events: ['response.created'], description: NAME_77 });
    await seedResponses(server, key, longSurveyId, { count: 70, days: 95 });
    await seedResponses(server, key, other.body.id, { count: 20, days: 20 });
    const responses = await server.api('GET', '/v1/responses?limit=1', key);
    personId = responses.body.data[0].personId;
    const cases = await server.api('GET', '/v1/followups?limit=6', key);
    for (const c of cases.body.data.slice(0, 3)) {
      await server.api('PATCH', `/v1/followups/${c.id}`, key, { status: 'resolved', resolution: `Called back. ${'Explained the invoice line by line. '.repeat(8)}` });
    }
  }, 180_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  for (const locale of ['en', 'ja'] as const) {
    it(`bug 8: at 375 px no page scrolls sideways and no table is cut off, with long names (${locale})`, async () => {
      const page = await signedIn(locale, 375);
      const paths = [
        '/overview',
        `/overview?survey=${longSurveyId}`,
        '/responses',
        `/responses?survey=${longSurveyId}`,
        `/people/${personId}`,
        '/followups?tab=open',
        '/followups?tab=closed',
        '/themes',
        '/surveys',
        `/surveys/${longSurveyId}`,
        '/webhooks',
        '/settings',
      ];
      const problems: string[] = [];
      for (const path of paths) {
        await page.goto(server.url + path);
        await settle(page);
        if (path === '/webhooks') await page.locator('.deliveries').first().waitFor();
        if (path.startsWith('/followups')) {
          await page.locator('.loop-metrics table').first().waitFor();
          // Every tab, "Closed" included, is inside the screen, not on a strip scrolled out of sight.
          for (const tab of await page.getByRole('tab').all()) {
            const box = (await tab.boundingBox())!;
            if (box.x < 0 || box.x + box.width > 375) problems.push(`${path}: tab "${await tab.textContent()}" cut off`);
          }
        }
        const { sideways, clippedTables } = await overflow(page);
        if (sideways > 0) problems.push(`${path}: ${sideways} px sideways`);
        for (const table of clippedTables) problems.push(`${path}: ${table}`);
        await page.screenshot({ path: `test-results/issue19-${locale}-375${path.replace(/[a-z]{3}_\w+/g, 'id').replace(/[/?=&]/g, '_')}.png`, fullPage: true });
      }
      expect(problems).toEqual([]);
    });
  }

  it('bug 8: at 1280 px the surveys table keeps every column inside its card with a 200-character name', async () => {
    const page = await signedIn('en', 1280);
    await page.goto(`${server.url}/surveys`);
    await settle(page);
    const { sideways, clippedTables } = await overflow(page);
    expect(sideways).toBe(0);
    expect(clippedTables).toEqual([]);
    // The status and creation date columns are on screen, right of the name.
    const status = page.locator('table tbody tr', { hasText: 'Quarterly NPS' }).locator('td').nth(1);
    const box = await status.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(1280);
    await page.screenshot({ path: 'test-results/issue19-en-1280_surveys.png', fullPage: true });
  });

  for (const [locale, width] of [
    ['en', 1280],
    ['ja', 375],
    ['ja', 1280],
    ['en', 375],
  ] as const) {
    it(`bug 7: the trend names each bucket once, marks partial periods and shows the latest figures unhovered (${locale}, ${width} px)`, async () => {
      const page = await signedIn(locale, width);
      const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
      // A range that starts and ends inside a week and a month (not a Monday or a 1st; not a Sunday or a month's
      // last day), whatever today is.
      const cuts = (date: string, edge: 'from' | 'to') => {
        const d = new Date(`${date}T12:00:00Z`);
        const next = new Date(d.getTime() + 86_400_000);
        return edge === 'from' ? d.getUTCDay() !== 1 && d.getUTCDate() !== 1 : d.getUTCDay() !== 0 && next.getUTCDate() !== 1;
      };
      const from = [-94, -93, -92].map(day).find((d) => cuts(d, 'from'))!;
      const to = [0, -1, -2].map(day).find((d) => cuts(d, 'to'))!;
      // Written as the dashboard writes dates in this language (Dec 2026 / 2026/12, 3 Dec / 12/03).
      const fmt = formatters(locale);
      const monthName = { format: (d: Date) => fmt.month(d) };
      const dayName = { format: (d: Date) => fmt.shortDate(d) };
      const chart = page.locator('[aria-labelledby="trend-title"] .trend-chart');
      const legend = page.getByTestId('trend-legend');
      const starts = () => page.locator('[aria-labelledby="trend-title"] tr[data-start]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-start')!));
      const drawn = async () => JSON.parse((await chart.getAttribute('data-labels')) ?? '[]') as string[];

      for (const interval of ['month', 'week'] as const) {
        await page.goto(`${server.url}/overview?from=${from}&to=${to}&interval=${interval}`);
        await chart.locator('canvas').waitFor();
        await expect.poll(async () => (await drawn()).length).toBeGreaterThan(0);
        const buckets = await starts();
        const names = buckets.map((iso) => (interval === 'month' ? monthName : dayName).format(new Date(iso)));
        const labels = await drawn();
        // Every label names a bucket, at the bucket's own granularity, and none twice.
        expect(new Set(labels).size).toBe(labels.length);
        for (const label of labels) expect(names).toContain(label);
        // On a wide screen every month is named; on a phone labels may be thinned, but the latest is always named.
        if (interval === 'month' && width === 1280) expect(labels).toEqual(names);
        expect(labels.at(-1)).toBe(names.at(-1));

        // The range starts and ends inside a bucket: those two are partial, marked in the table and the note.
        const partial = await page.locator('[aria-labelledby="trend-title"] tr[data-start]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-partial') === 'true'));
        expect(partial[0]).toBe(true);
        expect(partial.at(-1)).toBe(true);
        expect(partial.slice(1, -1).every((p) => !p)).toBe(true);
        await page.locator('.trend-partial-note').waitFor();

        // Unhovered, the legend shows the latest bucket's figures, not "NPS: – n: 0".
        const latest = await legend.textContent();
        expect(latest).toContain(locale === 'en' ? 'Latest:' : '最新：');
        expect(latest).toContain(names.at(-1)!);
        expect(latest).toMatch(/NPS [+−]?\d/);
        expect(latest).not.toMatch(/n 0$/);
      }

      // Hovering the first bar names the first (partial) week in the legend.
      await chart.scrollIntoViewIfNeeded();
      const box = (await chart.locator('.u-over').boundingBox())!;
      await page.mouse.move(box.x + 4, box.y + box.height - 6, { steps: 5 });
      const first = dayName.format(new Date((await starts())[0]!));
      await expect.poll(() => legend.textContent()).toContain(first);
      expect(await legend.textContent()).toContain(locale === 'en' ? '(partial)' : '(一部のみ)');
      await page.mouse.move(0, 0);
      await page.locator('[aria-labelledby="trend-title"]').screenshot({ path: `test-results/issue19-${locale}-${width}_trend-week.png` });
      await page.goto(`${server.url}/overview?from=${from}&to=${to}&interval=month`);
      await chart.locator('canvas').waitFor();
      await page.locator('[aria-labelledby="trend-title"]').screenshot({ path: `test-results/issue19-${locale}-${width}_trend-month.png` });
    });
  }

  it('bug 11: a whitespace-only survey name is a field-level "required", in the UI\'s language', async () => {
    for (const [locale, required] of [
      ['en', 'Name is required.'],
      ['ja', '名前を入力してください。'],
    ] as const) {
      const page = await signedIn(locale, 1280);
      await page.goto(`${server.url}/surveys/${longSurveyId}`);
      const name = page.getByLabel(locale === 'en' ? 'Name' : '名前', { exact: true });
      await name.fill('   ');
      await page.getByRole('button', { name: locale === 'en' ? 'Save' : '保存' }).click();
      await expect.poll(() => page.locator('#survey-name-error').textContent()).toBe(required);
      expect(await name.getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByRole('alert').textContent()).toBe(required);
      await page.screenshot({ path: `test-results/issue19-${locale}-1280_name-required.png` });
    }
  });

  // Last: it spends this client's sign-in allowance for the minute.
  it('bug 11: "too many sign-in attempts" reads in Japanese in the Japanese UI', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, locale: 'ja-JP' });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    // Thirty sign-ins a minute per client; right passwords, so no slow-down, until the limit answers 429. They
    // come from another context of the same client: sharing this page's cookies, a sign-in that lands before the
    // page's own session check would take the page to the Overview.
    const flood = await browser.newContext();
    contexts.push(flood);
    let status = 200;
    for (let i = 0; i < 40 && status !== 429; i++) {
      const res = await flood.request.post(`${server.url}/v1/auth/login`, {
        data: { email: server.owner.email, password: server.owner.password },
        headers: { origin: server.url },
      });
      status = res.status();
    }
    expect(status).toBe(429);
    await page.getByLabel('メールアドレス').fill(server.owner.email);
    await page.getByLabel('パスワード').fill(server.owner.password);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('サインインの試行回数が多すぎます。1分待ってからもう一度お試しください。');
    await page.screenshot({ path: 'test-results/issue19-ja-375_sign-in-limit.png' });
  });
});
