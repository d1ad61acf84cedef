// The Responses page says what it lists: who answered each answer (name, else email, linking to their page; an
// anonymous answer says so) and to which survey; the count and NPS of the filtered set above the list, equal to
// what the listed scores give; a theme filter fed by the project's themes; long comments folded behind an
// accessible "Show more"; and the survey list says how many answers each survey has. Both languages, 1280 and 375 px, nothing scrolling sideways. One server, one browser.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizeNps } from '../../server/analytics/nps';
import { formatters } from '../../dashboard/i18n/format';
import { browserAvailable, launchBrowser } from '../support/browser';
import { projectKey, seedResponses } from './seed';
import { startDashboardServer, type DashboardServer } from './server';
import { signedInPage } from './sign-in';

const run = browserAvailable('responses feed');

let server: DashboardServer;
let browser: Browser;
let key: string;
const contexts: BrowserContext[] = [];

const LONG_EN =
  'The new editor is fast and I like the layout, but exporting to PDF still breaks tables that span two pages. ' +
  'We send these reports to our board every month, so each time someone has to fix the page breaks by hand, ' +
  'which takes most of an afternoon. If that were fixed I would recommend Kizuna to every team I know.';
const LONG_JA =
  '新しいエディタは速くてとても使いやすいのですが、二ページにまたがる表を PDF に書き出すと崩れてしまいます。' +
  '毎月この報告書を役員会に送っているので、そのたびに誰かが手で改ページを直さなければならず、半日近くかかります。' +
  'サポートの方はいつも丁寧に対応してくださるので、その点はとても感謝しています。' +
  'ここが直れば、知っているチームすべてに勧めたいと思います。';

const texts = {
  en: {
    email: 'Email', password: 'Password', signIn: 'Sign in', theme: 'Theme', anonymous: 'Anonymous',
    more: 'Show more', less: 'Show less', count: (n: string) => `${n} responses`, archived: 'Archived survey',
  },
  ja: {
    email: 'メールアドレス', password: 'パスワード', signIn: 'ログイン', theme: 'テーマ', anonymous: '匿名',
    more: 'もっと見る', less: '閉じる', count: (n: string) => `${n} 件の回答`, archived: 'アーカイブ済みのアンケート',
  },
};

async function signedIn(locale: 'en' | 'ja'): Promise<Page> {
  const page = await signedInPage(browser, server, { locale });
  contexts.push(page.context());
  return page;
}

/** What the page lists: per answer its id, score, who (text and link) and survey, as shown. */
const shownItems = (page: Page) =>
  page.locator('.feed .response').evaluateAll((items) =>
    items.map((item) => ({
      id: item.getAttribute('data-response-id'),
      score: Number(item.querySelector('.score')?.textContent),
      who: (item.querySelector('.response-head > :first-child') as HTMLElement | null)?.innerText ?? null,
      href: item.querySelector('.response-head a')?.getAttribute('href') ?? null,
      survey: (item.querySelector('.survey-name') as HTMLElement | null)?.innerText ?? null,
    })),
  );

/** The summary the listed scores give, as the page should print it. */
function expectedSummary(scores: number[], locale: 'en' | 'ja') {
  const fmt = formatters(locale);
  const counts = { promoters: 0, passives: 0, detractors: 0 };
  for (const s of scores) counts[s >= 9 ? 'promoters' : s >= 7 ? 'passives' : 'detractors']++;
  const { nps, n } = summarizeNps(counts);
  return { count: texts[locale].count(fmt.integer(n)), nps: `NPS ${nps === null ? '—' : fmt.nps(nps)}` };
}

const summaryShown = async (page: Page) => ({
  count: await page.getByTestId('feed-count').innerText(),
  nps: await page.getByTestId('feed-nps').innerText(),
});

describe.runIf(run)('issue 19: the responses feed says who, which survey, how many and what NPS', { timeout: 180_000 }, () => {
  let product: string;
  let archived: string;

  beforeAll(async () => {
    server = await startDashboardServer();
    browser = await launchBrowser();
    key = await projectKey(server, server.owner.projectId);
    product = (await server.api('POST', '/v1/surveys', key, { name: 'Product NPS' })).body.id;
    archived = (await server.api('POST', '/v1/surveys', key, { name: 'Old pulse' })).body.id;
    for (const theme of [
      { name: 'Pricing', keywords: { en: ['expensive', 'billing', 'value'], ja: ['料金', '高い'] } },
      { name: 'Support', keywords: { en: ['support'], ja: ['サポート', '対応'] } },
    ]) {
      expect((await server.api('POST', '/v1/themes', key, theme)).status).toBe(201);
    }
    await seedResponses(server, key, product, { count: 36, days: 20 });
    // Newest: an anonymous answer to a survey archived since, and two long comments from named people.
    await server.api('POST', '/v1/responses', key, { surveyId: archived, score: 6, comment: 'Billing page is too expensive to read.' });
    expect((await server.api('DELETE', `/v1/surveys/${archived}`, key)).status).toBe(204);
    for (const [comment, person] of [
      [LONG_EN, { id: 'long-en', email: 'only.email@example.com' }],
      [LONG_JA, { id: 'long-ja', name: '山田 花子', email: 'hanako@example.jp' }],
    ] as const) {
      expect((await server.api('POST', '/v1/responses', key, { surveyId: product, score: 8, comment, person })).status).toBe(201);
    }
  }, 180_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  for (const locale of ['en', 'ja'] as const) {
    it(`names person and survey, counts the filtered set, filters by theme and folds long comments (${locale})`, async () => {
      const t = texts[locale];
      const page = await signedIn(locale);
      await page.goto(`${server.url}/responses`);
      await page.getByTestId('feed-count').waitFor();
      await page.locator('.survey-name').first().waitFor();

      // Every answer of the API's first page, each with its person and survey as the API knows them.
      const api = (await server.api('GET', '/v1/responses?limit=50', key)).body.data as any[];
      expect(api.length).toBe(39);
      const shown = await shownItems(page);
      expect(shown.map((s) => s.id)).toEqual(api.map((r) => r.id));
      for (const [i, r] of api.entries()) {
        const s = shown[i]!;
        if (r.personId) {
          expect(s.who).toBe(r.person.name ?? r.person.email);
          expect(s.href).toBe(`/people/${r.personId}`);
        } else {
          expect([s.who, s.href]).toEqual([t.anonymous, null]);
        }
        expect(s.survey).toBe(r.surveyId === product ? 'Product NPS' : t.archived);
      }
      expect(shown.find((s) => s.who === 'only.email@example.com')).toBeDefined();
      expect(shown.find((s) => s.who === '山田 花子')).toBeDefined();
      expect(await summaryShown(page)).toEqual(expectedSummary(shown.map((s) => s.score), locale));

      // Long comments fold; the button says what it does and whether the text is open.
      for (const full of [LONG_EN, LONG_JA]) {
        const item = page.locator('.feed .response', { hasText: full === LONG_EN ? 'only.email@example.com' : '山田 花子' });
        const comment = item.locator('.comment');
        const toggle = item.getByRole('button', { name: t.more });
        expect(await toggle.getAttribute('aria-expanded')).toBe('false');
        expect(await toggle.getAttribute('aria-controls')).toBe(await comment.getAttribute('id'));
        const folded = await comment.innerText();
        expect(folded.endsWith('…')).toBe(true);
        expect(full.startsWith(folded.slice(0, -1))).toBe(true);
        expect(folded.length).toBeLessThan(full.length * 0.8);
        await toggle.click();
        const open = item.getByRole('button', { name: t.less });
        expect(await open.getAttribute('aria-expanded')).toBe('true');
        expect(await comment.innerText()).toBe(full);
        await open.click();
        expect(await item.getByRole('button', { name: t.more }).getAttribute('aria-expanded')).toBe('false');
      }
      // Short comments are whole, with no button.
      expect(await page.locator('.feed .response', { hasText: 'Billing page is too expensive' }).getByRole('button').count()).toBe(0);
      // Leave the English one open for the screenshots.
      await page.locator('.feed .response', { hasText: 'only.email@example.com' }).getByRole('button', { name: t.more }).click();

      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: 900 });
        const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(sideways, `${width} px`).toBe(0);
        await page.screenshot({ path: `test-results/responses-feed-${locale}-${width}.png` });
      }
      await page.setViewportSize({ width: 1280, height: 900 });

      // The theme menu lists the project's themes; choosing one narrows the list and the summary to it.
      const menu = page.getByLabel(t.theme);
      expect(await menu.locator('option').allInnerTexts()).toEqual(expect.arrayContaining(['Pricing', 'Support']));
      const listed = page.waitForResponse((res) => res.url().includes('/v1/responses?') && res.url().includes('theme=Pricing'));
      await menu.selectOption('Pricing');
      await listed;
      await page.waitForURL(/theme=Pricing/);
      const pricing = (await server.api('GET', '/v1/responses?theme=Pricing&limit=50', key)).body.data as any[];
      expect(pricing.length).toBeGreaterThan(2);
      expect(pricing.length).toBeLessThan(api.length);
      await expect.poll(async () => (await shownItems(page)).map((s) => s.id)).toEqual(pricing.map((r) => r.id));
      await expect.poll(() => summaryShown(page)).toEqual(expectedSummary(pricing.map((r) => r.score), locale));
      expect(await menu.inputValue()).toBe('Pricing');
      await page.setViewportSize({ width: 375, height: 900 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await page.screenshot({ path: `test-results/responses-feed-${locale}-375_theme.png`, fullPage: true });

      // The survey list says how many answers each survey has had, linking to them.
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${server.url}/surveys`);
      const surveys = (await server.api('GET', '/v1/surveys', key)).body.data as any[];
      expect(surveys.map((s) => [s.name, s.responseCount])).toEqual([['Product NPS', 38]]);
      const cell = page.locator(`tr[data-survey-id="${product}"] [data-testid="response-count"]`);
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: 900 });
        expect(await cell.getByRole('link').innerText()).toBe(formatters(locale).integer(38));
        expect(await cell.locator('.stack-label').isVisible(), `${width} px: the figure's label`).toBe(width < 760);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${width} px`).toBeLessThanOrEqual(width);
        await page.screenshot({ path: `test-results/surveys-counts-${locale}-${width}.png` });
      }
      await cell.getByRole('link').click();
      await page.waitForURL((url) => url.pathname === '/responses' && url.searchParams.get('survey') === product);
      await expect.poll(() => page.getByTestId('feed-count').innerText().catch(() => '')).toBe(t.count('38'));
    });
  }
});
