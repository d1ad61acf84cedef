// Screenshots of every dashboard page, desktop and 375 px wide, in English and Japanese, saved under
// docs/screenshots/ for the README. Each page must render its content, not an error state.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser } from '../support/browser';
import { projectKey, seedResponses } from './seed';
import { startDashboardServer, type DashboardServer } from './server';

// A documentation generator more than a test (about five minutes): run it with KIZUNA_SCREENSHOTS=1.
const run = process.env.KIZUNA_SCREENSHOTS === '1' && browserAvailable('dashboard screenshots');
const outDir = new URL('../../docs/screenshots/', import.meta.url).pathname;

let server: DashboardServer;
let browser: Browser;
let surveyId: string;
let personId: string;
let followUpId: string | null = null;

describe.runIf(run)('dashboard screenshots', () => {
  beforeAll(async () => {
    server = await startDashboardServer();
    browser = await launchBrowser();
    const key = await projectKey(server, server.owner.projectId);
    const survey = await server.api('POST', '/v1/surveys', key, { name: 'Customer NPS', question: { en: 'How likely are you to recommend Acme to a friend or colleague?', ja: 'Acme を友人や同僚にすすめる可能性はどのくらいありますか？' } });
    surveyId = survey.body.id;
    await seedResponses(server, key, surveyId, { count: 180, days: 60 });
    const people = await server.api('GET', '/v1/responses?category=detractor&limit=1&hasComment=true', key);
    personId = people.body.data[0].personId;
    const followUps = await server.api('GET', '/v1/followups?limit=1', key);
    followUpId = followUps.body?.data?.[0]?.id ?? null;
    await server.api('POST', '/v1/themes', key, { name: 'Pricing', keywords: { en: ['price', 'expensive', 'billing'], ja: ['料金', '高い'] } });
    await server.api('POST', '/v1/themes', key, { name: 'Login', keywords: { en: ['logging me out', 'log in'], ja: ['ログイン'] } });
    await server.api('POST', '/v1/webhooks', key, { url: `${server.url}/healthz`, events: ['response.created'] });
    mkdirSync(outDir, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedInPage(locale: 'en' | 'ja', width: number): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: width < 500 ? 812 : 900 }, locale: locale === 'ja' ? 'ja-JP' : 'en-GB' });
    await context.addInitScript((l) => localStorage.setItem('kizuna.locale', l), locale);
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel(locale === 'ja' ? 'メールアドレス' : 'Email').fill(server.owner.email);
    await page.getByLabel(locale === 'ja' ? 'パスワード' : 'Password').fill(server.owner.password);
    await page.screenshot({ path: `${outDir}dashboard-login-${locale}-${width < 500 ? 'mobile' : 'desktop'}.png` });
    await page.getByRole('button', { name: locale === 'ja' ? 'ログイン' : 'Sign in' }).click();
    await page.waitForURL(/\/overview/);
    return page;
  }

  /**
   * Every query on the page has answered (nothing loading or refreshing) and every animation, the preview
   * widget's entrance included, has finished: an error state would be showing by now.
   */
  async function settled(page: Page) {
    await page.waitForFunction(() => !document.querySelector('.state-loading, [aria-busy="true"]'));
    for (const frame of page.frames()) await frame.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
  }

  for (const locale of ['en', 'ja'] as const) {
    for (const width of [1280, 375]) {
      it(`every page, ${locale}, ${width}px`, async () => {
        const page = await signedInPage(locale, width);
        const size = width < 500 ? 'mobile' : 'desktop';
        const pages: [string, string, string][] = [
          ['overview', '/overview', '[data-testid="nps-value"]'],
          ['responses', '/responses', '.response'],
          ['person', `/people/${personId}`, '.timeline'],
          ['followups', followUpId ? `/followups?tab=open&case=${followUpId}` : '/followups?tab=open', '.loop-metrics dl'],
          ['themes', '/themes', '.table'],
          ['surveys', '/surveys', '.table'],
          ['survey-editor', `/surveys/${surveyId}`, '.editor'],
          ['webhooks', '/webhooks', '.endpoint'],
          ['settings', '/settings', '.table'],
        ];
        for (const [name, path, ready] of pages) {
          await page.goto(server.url + path);
          await page.locator(ready).first().waitFor({ timeout: 10_000 });
          if (name === 'survey-editor') await page.frameLocator('.preview-frame').getByRole('radio', { name: '9' }).waitFor();
          await settled(page);
          expect(await page.locator('.state-error').count(), `${name} shows an error`).toBe(0);
          await page.screenshot({ path: `${outDir}dashboard-${name}-${locale}-${size}.png`, fullPage: true });
        }
        await page.context().close();
      }, 120_000);
    }
  }
});
