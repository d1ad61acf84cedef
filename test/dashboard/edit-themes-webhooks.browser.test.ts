// Themes and webhook endpoints are edited in the dashboard, not only created and deleted: a theme's name and
// keywords (PATCH /v1/themes/:id), an endpoint's URL, events, filters, format and active flag (PATCH
// /v1/webhooks/:id). The save button is disabled while its request runs (the request is held until that is
// seen), and what the page then shows is what the API stored. Both languages, 1280 and 375 px. One browser.
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser } from '../support/browser';
import { projectKey } from './seed';
import { startDashboardServer, type DashboardServer } from './server';
import { signedInPage } from './sign-in';

const run = browserAvailable('edit themes and webhooks');

let server: DashboardServer;
let browser: Browser;
let key: string;
const contexts: BrowserContext[] = [];

const texts = {
  en: {
    email: 'Email', password: 'Password', signIn: 'Sign in', themeName: 'Theme', kwEn: 'Keywords (English)', kwJa: 'Keywords（日本語）',
    editTheme: (name: string) => `Edit ${name}`, editTitle: (name: string) => `Edit theme “${name}”`, saveTheme: 'Save theme',
    newTheme: 'New theme', edit: 'Edit', url: 'Endpoint URL', saveEndpoint: 'Save endpoint', detractor: 'Detractors', japanese: 'Japanese',
    format: 'Format', enabled: 'Enabled', disabled: 'Disabled', cancel: 'Cancel',
  },
  ja: {
    email: 'メールアドレス', password: 'パスワード', signIn: 'ログイン', themeName: 'テーマ', kwEn: 'キーワード (English)', kwJa: 'キーワード（日本語）',
    editTheme: (name: string) => `${name} を編集`, editTitle: (name: string) => `テーマ「${name}」を編集`, saveTheme: 'テーマを保存',
    newTheme: '新しいテーマ', edit: '編集', url: 'エンドポイント URL', saveEndpoint: 'エンドポイントを保存', detractor: '批判者', japanese: '日本語',
    format: '形式', enabled: '有効', disabled: '無効', cancel: 'キャンセル',
  },
};

async function signedIn(locale: 'en' | 'ja'): Promise<Page> {
  const page = await signedInPage(browser, server, { locale });
  contexts.push(page.context());
  return page;
}

/**
 * Holds the next `method` request to a path matching `pattern` until `release()` is called, so a test can see the
 * page while the request runs; `sent` resolves once the request has left the page.
 */
async function holdNext(page: Page, method: string, pattern: RegExp) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let sent!: () => void;
  const left = new Promise<void>((resolve) => (sent = resolve));
  const handler = async (route: Route) => {
    if (route.request().method() !== method) return route.fallback();
    sent();
    await released;
    await route.continue();
    await page.unroute(pattern, handler);
  };
  await page.route(pattern, handler);
  return { sent: left, release };
}

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe.runIf(run)('issue 19: editing themes and webhook endpoints', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    server = await startDashboardServer();
    browser = await launchBrowser();
    key = await projectKey(server, server.owner.projectId);
  }, 120_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  for (const locale of ['en', 'ja'] as const) {
    it(`edits a theme's name and keywords, and an endpoint's URL, events, filters, format and active flag (${locale})`, async () => {
      const t = texts[locale];
      const name = `Pricing ${locale}`;
      const theme = await server.api('POST', '/v1/themes', key, { name, keywords: { en: ['price'], ja: ['料金'] } });
      expect(theme.status).toBe(201);
      const hook = await server.api('POST', '/v1/webhooks', key, {
        url: `http://127.0.0.1:9/${locale}/old`,
        events: ['response.created'],
        // A filter the form does not show: editing must keep it.
        filters: { scoreMax: 6 },
      });
      expect(hook.status).toBe(201);
      const page = await signedIn(locale);

      // The theme: Edit fills the form with it; Save sends the change and is disabled until the reply.
      await page.goto(`${server.url}/themes`);
      await page.getByRole('button', { name: t.editTheme(name), exact: true }).click();
      const form = page.locator('.theme-form');
      await form.getByRole('heading', { name: t.editTitle(name) }).waitFor();
      expect(await page.getByLabel(t.themeName, { exact: true }).inputValue()).toBe(name);
      expect(await page.getByLabel(t.kwEn).inputValue()).toBe('price');
      expect(await page.getByLabel(t.kwJa).inputValue()).toBe('料金');
      const renamed = `Price & billing ${locale}`;
      await page.getByLabel(t.themeName, { exact: true }).fill(renamed);
      await page.getByLabel(t.kwEn).fill('price, invoice');
      await page.getByLabel(t.kwJa).fill('料金、請求書');
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: 900 });
        expect(await sideways(page), `${width} px`).toBe(0);
        await form.screenshot({ path: `test-results/edit-theme-${locale}-${width}.png` });
      }
      await page.setViewportSize({ width: 1280, height: 900 });
      const patch = await holdNext(page, 'PATCH', /\/v1\/themes\//);
      await page.getByRole('button', { name: t.saveTheme }).click();
      await patch.sent;
      expect(await page.getByRole('button', { name: t.saveTheme }).isDisabled()).toBe(true);
      patch.release();
      await form.getByRole('heading', { name: t.newTheme }).waitFor();
      const stored = (await server.api('GET', `/v1/themes/${theme.body.id}`, key)).body;
      expect([stored.name, stored.keywords]).toEqual([renamed, { en: ['price', 'invoice'], ja: ['料金', '請求書'] }]);
      const row = page.locator(`tr[data-theme-id="${theme.body.id}"]`);
      await row.getByText(renamed, { exact: true }).waitFor();
      expect(await row.locator('td[lang="en"]').innerText()).toBe('price, invoice');
      expect(await row.locator('td[lang="ja"]').innerText()).toBe('料金、請求書');
      expect(await page.getByLabel(t.themeName, { exact: true }).inputValue()).toBe('');
      await page.setViewportSize({ width: 375, height: 900 });
      expect(await sideways(page), '375 px, theme list').toBe(0);
      await page.locator('.table-card', { has: row }).screenshot({ path: `test-results/edit-theme-${locale}-375_list.png` });
      await page.setViewportSize({ width: 1280, height: 900 });

      // The endpoint: Edit opens its form, filled in from it.
      await page.goto(`${server.url}/webhooks`);
      const card = page.locator('.endpoint', { hasText: `/${locale}/old` });
      await card.getByRole('button', { name: t.edit, exact: true }).click();
      const edit = card.locator('form.endpoint-edit');
      expect(await edit.getByLabel(t.url).inputValue()).toBe(`http://127.0.0.1:9/${locale}/old`);
      expect(await edit.getByLabel('response.created').isChecked()).toBe(true);
      expect(await edit.getByLabel('followup.opened').isChecked()).toBe(false);
      expect(await edit.getByLabel(t.format).inputValue()).toBe('json');
      await edit.getByLabel(t.url).fill(`http://127.0.0.1:9/${locale}/new`);
      await edit.getByLabel('response.created').uncheck();
      await edit.getByLabel('followup.opened').check();
      await edit.getByLabel(t.detractor).check();
      await edit.getByLabel(t.japanese).check();
      await edit.getByLabel(t.format).selectOption('slack');
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: 900 });
        expect(await sideways(page), `${width} px`).toBe(0);
        await card.screenshot({ path: `test-results/edit-webhook-${locale}-${width}.png` });
      }
      await page.setViewportSize({ width: 1280, height: 900 });
      const save = await holdNext(page, 'PATCH', /\/v1\/webhooks\//);
      await edit.getByRole('button', { name: t.saveEndpoint }).click();
      await save.sent;
      expect(await edit.getByRole('button', { name: t.saveEndpoint }).isDisabled()).toBe(true);
      save.release();
      const saved = page.locator('.endpoint', { hasText: `/${locale}/new` });
      await saved.locator('.endpoint-url').waitFor();
      await edit.waitFor({ state: 'detached' });
      const endpoint = (await server.api('GET', `/v1/webhooks/${hook.body.id}`, key)).body;
      expect(endpoint).toMatchObject({
        url: `http://127.0.0.1:9/${locale}/new`,
        events: ['followup.opened'],
        format: 'slack',
        enabled: true,
        filters: { scoreMax: 6, categories: ['detractor'], languages: ['ja'] },
      });

      // The active flag: unchecking disables the endpoint at once on the page and in the API; checking enables it again.
      const patched = () => page.waitForResponse((res) => res.request().method() === 'PATCH' && res.url().includes(`/v1/webhooks/${hook.body.id}`));
      for (const [from, to, stored] of [[t.enabled, t.disabled, false], [t.disabled, t.enabled, true]] as const) {
        const reply = patched();
        await saved.getByLabel(from).click();
        await saved.getByLabel(to).waitFor();
        expect((await reply).status()).toBe(200);
        expect((await server.api('GET', `/v1/webhooks/${hook.body.id}`, key)).body.enabled).toBe(stored);
      }

      // A refused edit says why in the form and keeps what was typed.
      await saved.getByRole('button', { name: t.edit, exact: true }).click();
      const again = saved.locator('form.endpoint-edit');
      await again.getByLabel('followup.opened').uncheck();
      await again.getByRole('button', { name: t.saveEndpoint }).click();
      await again.getByRole('alert').waitFor();
      expect(await again.getByLabel(t.url).inputValue()).toBe(`http://127.0.0.1:9/${locale}/new`);
      await again.getByRole('button', { name: t.cancel }).click();
      await again.waitFor({ state: 'detached' });
    });
  }
});
