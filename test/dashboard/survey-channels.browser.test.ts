// Where a survey is asked, in real Chromium: the survey list names a survey asked one way only, and the editor's
// "Asked" choice (site and email, site only, email only) is saved to the API, takes the survey out of the widget
// or out of email links, and the side cards say so. English and Japanese, each at 1280 and 375 px.
// With KIZUNA_SCREENSHOTS=1 the list and the editor are saved under docs/screenshots/.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser } from '../support/browser';
import { projectKey } from './seed';
import { startDashboardServer, type DashboardServer } from './server';
import { signedInPage } from './sign-in';

const run = browserAvailable('dashboard survey channels');
const shots = process.env.KIZUNA_SCREENSHOTS === '1' ? new URL('../../docs/screenshots/', import.meta.url).pathname : null;

let server: DashboardServer;
let browser: Browser;
let key: string;

const texts = {
  en: {
    asked: 'Asked',
    both: 'On your site and by email',
    web: 'On your site only (widget)',
    email: 'By email only (links)',
    siteOnly: 'Site only',
    emailOnly: 'Email only',
    save: 'Save',
    saved: 'Saved',
    makeLinks: 'Make links',
    widgetOff: 'the widget does not show it',
    linksOff: 'This survey is asked on your site only.',
  },
  ja: {
    asked: '配信方法',
    both: 'サイトとメール',
    web: 'サイトのみ（ウィジェット）',
    email: 'メールのみ（リンク）',
    siteOnly: 'サイトのみ',
    emailOnly: 'メールのみ',
    save: '保存',
    saved: '保存しました',
    makeLinks: 'リンクを作成',
    widgetOff: 'ウィジェットには表示されません',
    linksOff: 'このアンケートはサイトのみで配信します。',
  },
};

const widgetSurveyIds = async () => ((await server.api('GET', '/v1/widget/config', key)).body.surveys as { id: string }[]).map((s) => s.id);
const channelsOf = async (id: string) => (await server.api('GET', `/v1/surveys/${id}`, key)).body.channels as string[];
const noSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
const create = async (name: string, channels?: string[]) =>
  (await server.api('POST', '/v1/surveys', key, { name, ...(channels ? { channels } : {}) })).body as { id: string };

describe.runIf(run)('survey channels in the dashboard', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    server = await startDashboardServer();
    browser = await launchBrowser();
    key = await projectKey(server, server.owner.projectId);
    if (shots) mkdirSync(shots, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const [locale, editWidth] of [
    ['en', 1280],
    ['ja', 375],
  ] as const) {
    it(`lists a survey asked one way only, and the editor moves a survey between the widget and email (${locale})`, async () => {
      const t = texts[locale];
      const site = await create(`Site ${locale}`, ['web']);
      const mail = await create(`Newsletter ${locale}`, ['email']);
      const both = await create(`Everywhere ${locale}`);
      const page = await signedInPage(browser, server, { locale, width: 1280 });

      await page.goto(`${server.url}/surveys`);
      const row = (id: string) => page.locator('tr', { has: page.locator(`a[href$="/surveys/${id}"]`) });
      await expect.poll(() => row(site.id).getByTestId('survey-channel').textContent()).toBe(t.siteOnly);
      expect(await row(mail.id).getByTestId('survey-channel').textContent()).toBe(t.emailOnly);
      expect(await row(both.id).getByTestId('survey-channel').count()).toBe(0);
      if (shots) await page.screenshot({ path: `${shots}dashboard-survey-channels-list-${locale}-desktop.png` });
      await page.setViewportSize({ width: 375, height: 900 });
      expect(await row(mail.id).getByTestId('survey-channel').isVisible()).toBe(true);
      expect(await noSideways(page)).toBe(true);
      if (shots) await page.screenshot({ path: `${shots}dashboard-survey-channels-list-${locale}-mobile.png` });

      await page.setViewportSize({ width: editWidth, height: 900 });
      await page.goto(`${server.url}/surveys/${both.id}`);
      const asked = page.getByRole('combobox', { name: t.asked });
      await expect.poll(() => asked.inputValue()).toBe('both');
      expect(await asked.locator('option').allTextContents()).toEqual([t.both, t.web, t.email]);
      const saveAndWait = async () => {
        await page.getByRole('button', { name: t.save, exact: true }).click();
        await page.locator('.saved-note', { hasText: t.saved }).waitFor();
      };

      // Email only: saved, gone from the widget, and the embed card says so.
      await asked.selectOption({ label: t.email });
      await saveAndWait();
      expect(await channelsOf(both.id)).toEqual(['email']);
      expect(await widgetSurveyIds()).not.toContain(both.id);
      await page.getByTestId('widget-off').filter({ hasText: t.widgetOff }).waitFor();
      expect(await page.getByTestId('links-off').count()).toBe(0);

      // Site only: back in the widget; links cannot be made, and the links card says why before anyone tries.
      await asked.selectOption({ label: t.web });
      await saveAndWait();
      expect(await channelsOf(both.id)).toEqual(['web']);
      expect(await widgetSurveyIds()).toContain(both.id);
      await page.getByTestId('links-off').filter({ hasText: t.linksOff }).waitFor();
      expect(await page.getByRole('button', { name: t.makeLinks }).isDisabled()).toBe(true);
      expect(await page.getByTestId('widget-off').count()).toBe(0);
      expect(await noSideways(page)).toBe(true);
      if (shots) {
        await page.getByRole('combobox', { name: t.asked }).scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${shots}dashboard-survey-channels-editor-${locale}-${editWidth === 375 ? 'mobile' : 'desktop'}.png` });
        await page.locator('.card', { has: page.getByTestId('links-off') }).screenshot({ path: `${shots}dashboard-survey-channels-links-${locale}.png` });
      }

      // Both again: the survey reads as it did, and a reload shows the saved choice.
      await asked.selectOption({ label: t.both });
      await saveAndWait();
      expect(await channelsOf(both.id)).toEqual(['web', 'email']);
      await page.reload();
      await expect.poll(() => page.getByRole('combobox', { name: t.asked }).inputValue()).toBe('both');
      expect(await page.getByRole('button', { name: t.makeLinks }).isDisabled()).toBe(false);
      // The editor at the other width too.
      await page.setViewportSize({ width: editWidth === 375 ? 1280 : 375, height: 900 });
      expect(await page.getByRole('combobox', { name: t.asked }).isVisible()).toBe(true);
      expect(await noSideways(page)).toBe(true);
      await page.context().close();
    });
  }
});
