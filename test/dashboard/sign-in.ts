// A dashboard page already signed in, for the browser tests about what comes after signing in (the login page
// itself is tested in dashboard.browser.test.ts). The session comes from POST /v1/auth/login sent by the
// context's own request client, which shares the context's cookies: the same session a sign-in through the
// form makes, without each test loading and typing into the login page first.
import type { Browser, Page } from 'playwright-core';
import type { DashboardServer } from './server';

export type SignedInOptions = {
  locale?: 'en' | 'ja';
  width?: number;
  height?: number;
  /** Someone else than the instance owner. */
  as?: { email: string; password: string };
  permissions?: string[];
  /** The browser's own locale (Accept-Language, navigator.language, Intl's default); the dashboard language's by default. */
  browserLocale?: string;
};

export async function signedInPage(browser: Browser, server: DashboardServer, options: SignedInOptions = {}): Promise<Page> {
  const { locale = 'en', width = 1280, height = 900 } = options;
  const context = await browser.newContext({ viewport: { width, height }, locale: options.browserLocale ?? (locale === 'ja' ? 'ja-JP' : 'en-GB') });
  context.setDefaultTimeout(10_000);
  if (options.permissions) await context.grantPermissions(options.permissions, { origin: server.url });
  // The dashboard's language as the page's own switch would have left it.
  await context.addInitScript((l) => localStorage.setItem('kizuna.locale', l), locale);
  const who = options.as ?? server.owner;
  const res = await context.request.post(`${server.url}/v1/auth/login`, { data: { email: who.email, password: who.password } });
  if (!res.ok()) throw new Error(`sign-in of ${who.email} failed: ${res.status()} ${await res.text()}`);
  const page = await context.newPage();
  await page.goto(`${server.url}/overview`);
  return page;
}
