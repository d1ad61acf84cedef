// "Forgot password?" on the sign-in page, in English and Japanese at 1280 px and 375 px: without email on the
// instance it names the owner's command; a reset link opens the form for a new password, which then signs in.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mailer } from '../../server/mail/mailer';
import { requestPasswordReset } from '../../server/services/accounts/password-resets';
import { browserAvailable, launchBrowser } from '../support/browser';
import { startDashboardServer, type DashboardServer } from './server';
import { signedInPage } from './sign-in';

const run = browserAvailable('password reset');

let server: DashboardServer;
let browser: Browser;

const words = {
  en: { forgot: 'Forgot password?', noEmail: 'cannot send email', newPassword: 'New password (at least 10 characters)', save: 'Save the password', changed: 'Your password is changed', email: 'Email', password: 'Password', signIn: 'Sign in', dead: 'This link is unknown, expired or already used' },
  ja: { forgot: 'パスワードをお忘れですか？', noEmail: 'メールを送信できません', newPassword: '新しいパスワード（10 文字以上）', save: 'パスワードを保存', changed: 'パスワードを変更し', email: 'メールアドレス', password: 'パスワード', signIn: 'ログイン', dead: 'このリンクは無効か' },
} as const;

async function pageIn(locale: 'en' | 'ja', width: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: width < 500 ? 812 : 900 }, locale: locale === 'ja' ? 'ja-JP' : 'en-GB' });
  return context.newPage();
}

/** A reset link for the email as the server would mail it (this test server has no public URL, so no email). */
async function resetLinkFor(email: string): Promise<string> {
  let text = '';
  const capture: Mailer = { send: async (m) => ((text = m.text), { messageId: 'test' }) };
  await requestPasswordReset(server.db.db, new Date(), email, { publicUrl: server.url, mailer: capture });
  return /(http\S+#reset=\w+)/.exec(text)![1]!;
}

const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= innerWidth);

describe.runIf(run)('password reset on the sign-in page', () => {
  beforeAll(async () => {
    server = await startDashboardServer();
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const locale of ['en', 'ja'] as const) {
    for (const width of [1280, 375]) {
      it(`${locale} ${width} px: without email the page names the owner's command; a link sets a new password once`, async () => {
        const w = words[locale];
        const email = `reset-${locale}-${width}@example.com`;
        await server.addMember(email, 'old-password-1', server.owner.projectId);
        const page = await pageIn(locale, width);
        try {
          await page.goto(`${server.url}/login`);
          await page.getByRole('button', { name: w.forgot }).click();
          const status = page.getByRole('status');
          await status.getByText(w.noEmail).waitFor();
          await expect(status.locator('code').textContent()).resolves.toMatch(/^npm run reset-password -- /);
          expect(await noSidewaysScroll(page)).toBe(true);

          const link = await resetLinkFor(email);
          await page.goto(link);
          await page.getByLabel(w.newPassword).fill('brand-new-password');
          expect(await noSidewaysScroll(page)).toBe(true);
          await page.getByRole('button', { name: w.save }).click();
          await page.getByRole('status').getByText(w.changed).waitFor();
          expect(new URL(page.url()).hash).toBe('');

          await page.getByLabel(w.email, { exact: true }).fill(email);
          await page.getByLabel(w.password, { exact: true }).fill('brand-new-password');
          await page.getByRole('button', { name: w.signIn, exact: true }).click();
          await page.waitForURL(/\/overview/);

          // The used link, opened again in a signed-out browser, is refused.
          const other = await pageIn(locale, width);
          await other.goto(link);
          await other.getByLabel(w.newPassword).fill('another-password-1');
          await other.getByRole('button', { name: w.save }).click();
          await other.getByRole('alert').getByText(w.dead).waitFor();
          await other.context().close();
        } finally {
          await page.context().close();
        }
      }, 60_000);
    }
  }

  for (const locale of ['en', 'ja'] as const) {
    it(`${locale}: a browser signed in as the account opens its reset link on the form, not on the Overview (1280 and 375 px)`, async () => {
      const w = words[locale];
      const email = `signed-in-${locale}@example.com`;
      let password = 'old-password-1';
      await server.addMember(email, password, server.owner.projectId);
      const page = await signedInPage(browser, server, { locale, as: { email, password } });
      try {
        await page.locator('header .lang-switch').waitFor();
        for (const width of [1280, 375]) {
          await page.setViewportSize({ width, height: width < 500 ? 812 : 900 });
          const link = await resetLinkFor(email);
          await page.goto(link);
          await page.getByLabel(w.newPassword).fill(`new-password-${width}`);
          expect(new URL(page.url()).pathname).toBe('/login');
          expect(await noSidewaysScroll(page)).toBe(true);
          await page.getByRole('button', { name: w.save }).click();
          // The new password ended this browser's session too: the sign-in form, saying what happened.
          await page.getByRole('status').getByText(w.changed).waitFor();
          password = `new-password-${width}`;
          await page.getByLabel(w.email, { exact: true }).fill(email);
          await page.getByLabel(w.password, { exact: true }).fill(password);
          await page.getByRole('button', { name: w.signIn, exact: true }).click();
          await page.waitForURL(/\/overview/);
          await page.locator('header .lang-switch').waitFor();
        }
      } finally {
        await page.context().close();
      }
    }, 60_000);
  }

  it('a browser signed in as someone else sets the password from the link and goes back to its own work', async () => {
    const w = words.en;
    const email = 'someone-else@example.com';
    await server.addMember(email, 'old-password-1', server.owner.projectId);
    const page = await signedInPage(browser, server, { locale: 'en' });
    try {
      await page.locator('header .lang-switch').waitFor();
      await page.goto(await resetLinkFor(email));
      await page.getByLabel(w.newPassword).fill('brand-new-password');
      await page.getByRole('button', { name: w.save }).click();
      // The owner's session was not the one reset: back in the dashboard, still signed in as the owner.
      await page.waitForURL(/\/overview/);
      await page.locator('header .lang-switch').waitFor();
      const login = await page.context().request.post(`${server.url}/v1/auth/login`, { data: { email, password: 'brand-new-password' } });
      expect(login.status()).toBe(200);
    } finally {
      await page.context().close();
    }
  }, 60_000);
});
