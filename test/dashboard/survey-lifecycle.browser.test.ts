// Issue 19, bugs 4 and 5, in real Chromium: "New survey" makes a draft the widget never shows until it is
// published, a survey can be archived (after confirming) and leaves the list; the embed snippet is safe to paste
// (identification only in a comment, no fixed locale) and a key created for it is shown whole and copied.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser } from '../support/browser';
import { projectKey } from './seed';
import { startDashboardServer, type DashboardServer } from './server';
import { signedInPage } from './sign-in';

const run = browserAvailable('dashboard survey lifecycle');

let server: DashboardServer;
let browser: Browser;
let key: string;

const texts = {
  en: { email: 'Email', password: 'Password', signIn: 'Sign in', new: 'New survey', draft: 'Draft', active: 'Active', publish: 'Publish', archive: 'Archive', copy: 'Copy', copied: 'Copied', createKey: 'Create a publishable key for this snippet' },
  ja: { email: 'メールアドレス', password: 'パスワード', signIn: 'ログイン', new: '新しいアンケート', draft: '下書き', active: '公開中', publish: '公開する', archive: 'アーカイブ', copy: 'コピー', copied: 'コピーしました', createKey: 'このスニペット用に公開キーを作成' },
};

async function signedIn(locale: 'en' | 'ja' = 'en', width = 1280): Promise<Page> {
  return signedInPage(browser, server, { locale, width, permissions: ['clipboard-read', 'clipboard-write'] });
}

const widgetSurveyIds = async () =>
  ((await server.api('GET', '/v1/widget/config', key)).body.surveys as { id: string }[]).map((s) => s.id);
const surveyIdOf = (page: Page) => new URL(page.url()).pathname.split('/').pop()!;
const noSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe.runIf(run)('survey lifecycle and embed snippet', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    server = await startDashboardServer();
    browser = await launchBrowser();
    key = await projectKey(server, server.owner.projectId);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const [locale, width] of [
    ['en', 1280],
    ['ja', 375],
  ] as const) {
    it(`"New survey" makes a draft the widget never shows, until published; archiving hides it (${locale}, ${width} px)`, async () => {
      const t = texts[locale];
      const page = await signedIn(locale, width);
      await page.goto(`${server.url}/surveys`);
      await page.getByRole('button', { name: t.new }).click();
      await page.waitForURL(/\/surveys\/srv_/);
      const id = surveyIdOf(page);
      const status = page.getByTestId('survey-status');
      await expect.poll(() => status.textContent()).toBe(t.draft);
      expect((await server.api('GET', `/v1/surveys/${id}`, key)).body.status).toBe('draft');
      expect(await widgetSurveyIds()).not.toContain(id);
      expect(await noSideways(page)).toBe(true);
      await page.screenshot({ path: `/tmp/kz/survey-draft-${locale}-${width}.png`, fullPage: false });

      await page.getByRole('button', { name: t.publish, exact: true }).click();
      await expect.poll(() => status.textContent()).toBe(t.active);
      expect(await page.getByRole('button', { name: t.publish, exact: true }).count()).toBe(0);
      expect(await widgetSurveyIds()).toContain(id);

      // The list shows each survey's status; a draft made through the API reads "Draft" there.
      const apiDraft = (await server.api('POST', '/v1/surveys', key, { name: `API draft ${locale}`, status: 'draft' })).body;
      await page.goto(`${server.url}/surveys`);
      const row = (surveyId: string) => page.locator('tr', { has: page.locator(`a[href$="/surveys/${surveyId}"]`) });
      await expect.poll(() => row(id).locator('.chip').textContent()).toBe(t.active);
      expect(await row(apiDraft.id).locator('.chip').textContent()).toBe(t.draft);
      expect(await noSideways(page)).toBe(true);
      await page.screenshot({ path: `/tmp/kz/survey-list-${locale}-${width}.png` });

      // Archive asks first; declining keeps it, accepting removes it from the list (its data stays).
      await page.goto(`${server.url}/surveys/${id}`);
      page.once('dialog', (dialog) => void dialog.dismiss());
      await page.getByRole('button', { name: t.archive, exact: true }).click();
      expect((await server.api('GET', `/v1/surveys/${id}`, key)).status).toBe(200);
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByRole('button', { name: t.archive, exact: true }).click();
      await page.waitForURL(/\/surveys$/);
      await row(apiDraft.id).waitFor();
      expect(await row(id).count()).toBe(0);
      expect((await server.api('GET', `/v1/surveys/${id}`, key)).status).toBe(404);
      expect(await widgetSurveyIds()).not.toContain(id);
      await page.context().close();
    });
  }

  for (const [locale, width] of [
    ['en', 1280],
    ['en', 375],
    ['ja', 1280],
    ['ja', 375],
  ] as const) {
    it(`the embed snippet identifies nobody by itself, and a created key is shown whole and copied (${locale}, ${width} px)`, async () => {
      const t = texts[locale];
      const survey = (await server.api('POST', '/v1/surveys', key, { name: `Snippet ${locale} ${width}` })).body;
      const page = await signedIn(locale, width);
      await page.goto(`${server.url}/surveys/${survey.id}`);
      const snippet = page.getByTestId('embed-snippet');
      await snippet.waitFor();
      const code = (await snippet.textContent())!;
      const lines = code.split('\n').map((l) => l.trim());
      // Nothing identifies or fixes a language unless the site owner writes it: every such line is a comment.
      for (const line of lines.filter((l) => /identify|locale|USER_ID|@example\.com/.test(l))) expect(line.startsWith('//'), line).toBe(true);
      expect(code).toContain('signature');
      expect(code).not.toContain('USER_ID');

      const card = page.locator('.card', { has: snippet });
      const copyButton = card.getByRole('button', { name: new RegExp(`^(${t.copy}|${t.copied})$`) });
      await copyButton.click();
      await expect.poll(() => copyButton.textContent()).toBe(t.copied);
      expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('pk_YOUR_PUBLISHABLE_KEY');

      await card.getByRole('button', { name: t.createKey }).click();
      const newKey = card.getByTestId('new-key');
      await newKey.waitFor();
      const created = (await newKey.textContent())!.trim();
      expect(created).toMatch(/^pk_/);
      // The snippet changed, so it is not "Copied" any more; copying now puts the new key on the clipboard.
      expect(await copyButton.textContent()).toBe(t.copy);
      expect(await snippet.textContent()).toContain(created);
      await copyButton.click();
      await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain(created);
      // The key is readable whole: its box and the snippet wrap rather than hiding the end; no sideways scrolling.
      expect(await newKey.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
      expect(await snippet.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
      expect(await noSideways(page)).toBe(true);
      await card.screenshot({ path: `/tmp/kz/embed-${locale}-${width}.png` });
      await page.context().close();
    });
  }
});
