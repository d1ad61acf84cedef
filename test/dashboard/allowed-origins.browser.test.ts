// The project's allowed origins on the Settings page, in real Chromium: an admin sees the list, adds an origin
// (typed loosely, stored as the origin the browser sends), removes one, and is told in their language what is
// wrong with an origin before anything is sent; the buttons are disabled while a change runs. A member sees the
// list read-only, as the API refuses them the change. English and Japanese, each at 1280 and 375 px.
// With KIZUNA_SCREENSHOTS=1 the card is saved under docs/screenshots/.
import { mkdirSync } from 'node:fs';
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser } from '../support/browser';
import { projectKey } from './seed';
import { startDashboardServer, type DashboardServer } from './server';
import { signedInPage } from './sign-in';

const run = browserAvailable('dashboard allowed origins');
const shots = process.env.KIZUNA_SCREENSHOTS === '1' ? new URL('../../docs/screenshots/', import.meta.url).pathname : null;

let server: DashboardServer;
let browser: Browser;
let key: string;

const texts = {
  en: {
    title: 'Allowed origins',
    origin: 'Origin',
    add: 'Add origin',
    remove: (origin: string) => `Remove ${origin}`,
    none: 'No origins listed: the publishable key works on any site.',
    noScheme: 'Start with https:// (or http://), like https://www.example.com.',
    path: 'Only the scheme, host and port: no path, query or #, like https://www.example.com.',
    duplicate: 'https://shop.example is already in the list.',
    required: 'Enter an origin, like https://www.example.com.',
    added: 'https://www.example.com added.',
    removed: 'https://shop.example removed.',
    adminOnly: 'Only project admins can change these settings.',
  },
  ja: {
    title: '許可するオリジン',
    origin: 'オリジン',
    add: 'オリジンを追加',
    remove: (origin: string) => `${origin} を削除`,
    none: 'オリジンは登録されていません。公開キーはどのサイトでも使えます。',
    noScheme: 'https://（または http://）から入力してください。例：https://www.example.com',
    path: 'スキーム・ホスト・ポートだけを入力してください（パス、クエリ、# は不要）。例：https://www.example.com',
    duplicate: 'https://shop.example はすでに登録されています。',
    required: 'https://www.example.com のようにオリジンを入力してください。',
    added: 'https://www.example.com を追加しました。',
    removed: 'https://shop.example を削除しました。',
    adminOnly: 'これらの設定を変更できるのはプロジェクトの管理者だけです。',
  },
};

const storedOrigins = async () => (await server.api('GET', '/v1/project', key)).body.allowedOrigins as string[];
const setOrigins = async (allowedOrigins: string[]) => expect((await server.api('PATCH', '/v1/project', key, { allowedOrigins })).status).toBe(200);
const noSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
const cardOf = (page: Page, title: string) => page.locator('.card', { has: page.getByRole('heading', { name: title }) });

describe.runIf(run)('allowed origins in Settings', { timeout: 120_000 }, () => {
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

  for (const [locale, first, second] of [
    ['en', 1280, 375],
    ['ja', 375, 1280],
  ] as const) {
    it(`an admin adds and removes origins, told what is wrong in their language (${locale}, ${first} and ${second} px)`, async () => {
      const t = texts[locale];
      await setOrigins(['https://shop.example']);
      const page = await signedInPage(browser, server, { locale, width: first });
      await page.goto(`${server.url}/settings`);
      const card = cardOf(page, t.title);
      await card.getByText('https://shop.example', { exact: true }).waitFor();
      const input = card.getByRole('textbox', { name: t.origin });
      const add = card.getByRole('button', { name: t.add });
      const fieldError = card.locator('.field-error');

      // Refused before anything is sent, each with its own words.
      for (const [typed, message] of [
        ['', t.required],
        ['www.example.com', t.noScheme],
        ['https://www.example.com/shop', t.path],
        ['https://SHOP.example/', t.duplicate],
      ] as const) {
        await input.fill(typed);
        await add.click();
        await expect.poll(() => fieldError.textContent()).toBe(message);
        expect(await input.getAttribute('aria-invalid')).toBe('true');
      }
      expect(await storedOrigins()).toEqual(['https://shop.example']);

      // Added as the origin a browser sends (scheme and host in lower case, no default port, no slash). While the
      // request runs, every button of the card is disabled: held here until that is seen.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let patches = 0;
      await page.route('**/v1/project', async (route: Route) => {
        if (route.request().method() === 'PATCH') {
          patches++;
          await held;
        }
        await route.continue();
      });
      await input.fill('HTTPS://WWW.Example.COM:443/');
      await add.click();
      await expect.poll(() => add.isDisabled()).toBe(true);
      expect(await card.getByRole('button', { name: t.remove('https://shop.example') }).isDisabled()).toBe(true);
      await input.press('Enter'); // a second submit while the first runs changes nothing
      release();
      await card.getByText(t.added).waitFor();
      await page.unroute('**/v1/project');
      expect(patches).toBe(1);
      expect(await storedOrigins()).toEqual(['https://shop.example', 'https://www.example.com']);
      expect(await input.inputValue()).toBe('');
      expect(await fieldError.count()).toBe(0);
      expect(await add.isDisabled()).toBe(false);
      if (shots) await card.screenshot({ path: `${shots}dashboard-allowed-origins-${locale}-${first === 375 ? 'mobile' : 'desktop'}.png` });

      await card.getByRole('button', { name: t.remove('https://shop.example') }).click();
      await card.getByText(t.removed).waitFor();
      expect(await storedOrigins()).toEqual(['https://www.example.com']);
      expect(await card.getByText('https://shop.example', { exact: true }).count()).toBe(0);

      // A long origin wraps on a phone; neither width scrolls sideways.
      await input.fill('https://customer-feedback-portal.subsidiary-of-a-long-company-name.example.co.jp');
      await add.click();
      await card.getByText('https://customer-feedback-portal.subsidiary-of-a-long-company-name.example.co.jp', { exact: true }).waitFor();
      expect(await noSideways(page)).toBe(true);
      await page.setViewportSize({ width: second, height: 900 });
      expect(await noSideways(page)).toBe(true);
      if (shots) await card.screenshot({ path: `${shots}dashboard-allowed-origins-${locale}-${second === 375 ? 'mobile' : 'desktop'}.png` });

      // Removing the last ones says that any site may use the key now.
      for (const origin of await storedOrigins()) {
        await card.getByRole('button', { name: t.remove(origin) }).click();
        await expect.poll(() => card.getByRole('button', { name: t.remove(origin) }).count()).toBe(0);
      }
      await card.getByTestId('origins-empty').filter({ hasText: t.none }).waitFor();
      expect(await storedOrigins()).toEqual([]);
      await page.context().close();
    });
  }

  it('a member sees the list read-only, in both languages and widths', async () => {
    await setOrigins(['https://shop.example', 'https://www.example.com']);
    await server.addMember('mika@example.com', 'member-password-1', server.owner.projectId);
    for (const [locale, width] of [
      ['en', 375],
      ['ja', 1280],
    ] as const) {
      const t = texts[locale];
      const page = await signedInPage(browser, server, { locale, width, as: { email: 'mika@example.com', password: 'member-password-1' } });
      await page.goto(`${server.url}/settings`);
      await page.getByText(t.adminOnly).waitFor();
      const card = cardOf(page, t.title);
      await card.getByText('https://www.example.com', { exact: true }).waitFor();
      expect(await card.getByText('https://shop.example', { exact: true }).isVisible()).toBe(true);
      expect(await card.getByRole('textbox', { name: t.origin }).isDisabled()).toBe(true);
      expect(await card.getByRole('button', { name: t.add }).isDisabled()).toBe(true);
      for (const origin of ['https://shop.example', 'https://www.example.com']) {
        expect(await card.getByRole('button', { name: t.remove(origin) }).isDisabled()).toBe(true);
      }
      expect(await noSideways(page)).toBe(true);
      if (shots) await card.screenshot({ path: `${shots}dashboard-allowed-origins-member-${locale}-${width === 375 ? 'mobile' : 'desktop'}.png` });
      await page.context().close();
    }
    // The API agrees: a member's session may not change them.
    expect(await storedOrigins()).toEqual(['https://shop.example', 'https://www.example.com']);
  });
});
