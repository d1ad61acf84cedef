// Follow-up rules in Settings: listed in words (when, then), created, edited and deleted from the dashboard, with
// what the API stored checked after each change; conditions the form does not show (set through the API) are kept
// on edit; the save button is disabled while its request runs. Both languages, 1280 and 375 px. One browser.
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser } from '../support/browser';
import { projectKey } from './seed';
import { startDashboardServer, type DashboardServer } from './server';
import { signedInPage } from './sign-in';

const run = browserAvailable('follow-up rules');

let server: DashboardServer;
let browser: Browser;
let key: string;
let surveyId: string;
const contexts: BrowserContext[] = [];

const texts = {
  en: {
    email: 'Email', password: 'Password', signIn: 'Sign in', name: 'Rule name', survey: 'Survey', highest: 'Highest score',
    due: 'Due in (hours)', assign: 'Assign to', create: 'Create rule', save: 'Save rule', edit: (n: string) => `Edit ${n}`,
    del: (n: string) => `Delete ${n}`, inTurn: 'Members in turn', active: 'Active',
    when: 'Product NPS · Detractors · score 0–6 · Pricing', then: 'due in 24 h · Members in turn',
    apiWhen: 'Passives · +1 set through the API', apiThen: 'due in 12 h · owner@example.com',
  },
  ja: {
    email: 'メールアドレス', password: 'パスワード', signIn: 'ログイン', name: 'ルール名', survey: 'アンケート', highest: 'スコアの上限',
    due: '期限（時間）', assign: '担当者', create: 'ルールを作成', save: 'ルールを保存', edit: (n: string) => `${n} を編集`,
    del: (n: string) => `${n} を削除`, inTurn: 'メンバーに順番に', active: '有効',
    when: 'Product NPS · 批判者 · スコア 0〜6 · Pricing', then: '期限 24 時間 · メンバーに順番に',
    apiWhen: '中立者 · ほかに API で設定した条件 1 件', apiThen: '期限 12 時間 · owner@example.com',
  },
};

async function signedIn(locale: 'en' | 'ja'): Promise<Page> {
  const page = await signedInPage(browser, server, { locale });
  contexts.push(page.context());
  return page;
}

const rules = async () => (await server.api('GET', '/v1/followup-rules', key)).body.data as any[];

describe.runIf(run)('issue 19: follow-up rules in Settings', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    server = await startDashboardServer();
    browser = await launchBrowser();
    key = await projectKey(server, server.owner.projectId);
    surveyId = (await server.api('POST', '/v1/surveys', key, { name: 'Product NPS' })).body.id;
    expect((await server.api('POST', '/v1/themes', key, { name: 'Pricing', keywords: { en: ['price'] } })).status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  for (const locale of ['en', 'ja'] as const) {
    it(`lists, creates, edits and deletes rules (${locale})`, async () => {
      const t = texts[locale];
      // A rule made through the API, with a condition the form does not show (channels).
      const apiName = `Passives on the web ${locale}`;
      const made = await server.api('POST', '/v1/followup-rules', key, {
        name: apiName,
        conditions: { categories: ['passive'], channels: ['web'] },
        action: { dueInHours: 48, assign: { mode: 'none' } },
      });
      expect(made.status).toBe(201);
      const page = await signedIn(locale);
      await page.goto(`${server.url}/settings`);
      const card = page.locator('.followup-rules');
      await card.locator(`li[data-rule-id="${made.body.id}"]`).waitFor();

      // Create: detractors of one survey scoring 6 or less who mention Pricing, due in a day, members in turn.
      const name = `Detractors ${locale}`;
      const form = card.locator('form.rule-form');
      await form.getByLabel(t.name).fill(name);
      await form.getByLabel(t.survey).selectOption(surveyId);
      await form.getByLabel(t.highest).fill('6');
      await form.getByLabel('Pricing').check();
      await form.getByLabel(t.due).fill('24');
      await form.getByLabel(t.assign).selectOption('round_robin');
      const created = page.waitForResponse((res) => res.request().method() === 'POST' && res.url().endsWith('/v1/followup-rules'));
      await form.getByRole('button', { name: t.create }).click();
      expect((await created).status()).toBe(201);
      const rule = (await rules()).find((r) => r.name === name);
      expect(rule).toMatchObject({
        surveyId,
        enabled: true,
        conditions: { categories: ['detractor'], scoreMax: 6, themes: ['Pricing'] },
        action: { dueInHours: 24, assign: { mode: 'round_robin' } },
      });
      const item = card.locator(`li[data-rule-id="${rule.id}"]`);
      await item.waitFor();
      expect(await item.getByTestId('rule-when').innerText()).toBe(t.when);
      expect(await item.getByTestId('rule-then').innerText()).toBe(t.then);
      expect(await form.getByLabel(t.name).inputValue()).toBe('');

      // Edit the API's rule: its channels condition stays; Save is disabled while the request runs.
      await card.getByRole('button', { name: t.edit(apiName), exact: true }).click();
      expect(await form.getByLabel(t.name).inputValue()).toBe(apiName);
      await form.getByLabel(t.due).fill('12');
      await form.getByLabel(t.assign).selectOption({ label: server.owner.email });
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: 900 });
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${width} px`).toBeLessThanOrEqual(width);
        await card.screenshot({ path: `test-results/followup-rules-${locale}-${width}.png` });
      }
      await page.setViewportSize({ width: 1280, height: 900 });
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let sent!: () => void;
      const left = new Promise<void>((resolve) => (sent = resolve));
      const hold = async (route: Route) => {
        if (route.request().method() !== 'PATCH') return route.fallback();
        sent();
        await released;
        await route.continue();
      };
      await page.route(/\/v1\/followup-rules\//, hold);
      await form.getByRole('button', { name: t.save }).click();
      await left;
      expect(await form.getByRole('button', { name: t.save }).isDisabled()).toBe(true);
      release();
      await form.getByRole('button', { name: t.create }).waitFor();
      await page.unroute(/\/v1\/followup-rules\//, hold);
      const edited = (await rules()).find((r) => r.id === made.body.id);
      expect(edited.conditions).toEqual({ categories: ['passive'], channels: ['web'] });
      expect(edited.action).toEqual({ dueInHours: 12, assign: { mode: 'user', userId: expect.any(String) } });
      const apiItem = card.locator(`li[data-rule-id="${made.body.id}"]`);
      await expect.poll(() => apiItem.getByTestId('rule-then').innerText()).toBe(t.apiThen);
      expect(await apiItem.getByTestId('rule-when').innerText()).toBe(t.apiWhen);

      // Delete, after the confirmation.
      page.once('dialog', (dialog) => void dialog.accept());
      await card.getByRole('button', { name: t.del(name), exact: true }).click();
      await item.waitFor({ state: 'detached' });
      expect((await rules()).some((r) => r.id === rule.id)).toBe(false);
    });
  }
});
