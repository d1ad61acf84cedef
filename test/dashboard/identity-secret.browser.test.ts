// The identity secret on the Settings page (issue 16.2): an admin reveals it (it is not in the page until
// asked), copies it, and rotates it after confirming; a member does not see the card. With
// KIZUNA_SCREENSHOTS=1 the card is saved under docs/screenshots/ in English and Japanese.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser } from '../support/browser';
import { projectKey } from './seed';
import { startDashboardServer, type DashboardServer } from './server';
import { signedInPage } from './sign-in';

const run = browserAvailable('dashboard identity secret');
const shots = process.env.KIZUNA_SCREENSHOTS === '1' ? new URL('../../docs/screenshots/', import.meta.url).pathname : null;

let server: DashboardServer;
let browser: Browser;
let key: string;

async function signedIn(email: string, password: string, locale: 'en' | 'ja' = 'en', width = 1280): Promise<Page> {
  const page = await signedInPage(browser, server, { locale, width, as: { email, password } });
  await page.goto(`${server.url}/settings`);
  return page;
}

const storedSecret = async () => (await server.api('GET', '/v1/project/identity-secret', key)).body.identitySecret as string;

describe.runIf(run)('identity secret in Settings', () => {
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

  it('an admin reveals the secret, then rotates it after confirming', async () => {
    const page = await signedIn(server.owner.email, server.owner.password);
    const card = page.locator('.card', { has: page.getByRole('heading', { name: 'Identity verification' }) });
    await card.waitFor();
    const before = await storedSecret();
    expect(await page.content()).not.toContain(before); // not in the page until asked for

    await card.getByRole('button', { name: 'Reveal' }).click();
    await expect.poll(() => card.getByTestId('identity-secret').textContent()).toBe(before);
    if (shots) await card.screenshot({ path: `${shots}dashboard-identity-secret-en-desktop.png` });

    page.once('dialog', (dialog) => void dialog.accept());
    await card.getByRole('button', { name: 'Rotate secret' }).click();
    await card.getByText('New secret made: update your server.').waitFor();
    const after = await storedSecret();
    expect(after).not.toBe(before);
    expect(after).toMatch(/^idn_[0-9a-f]{64}$/);
    expect((await card.getByTestId('identity-secret').textContent())?.trim()).toBe(after);

    // Declining the confirmation changes nothing.
    page.once('dialog', (dialog) => void dialog.dismiss());
    await card.getByRole('button', { name: 'Rotate secret' }).click();
    expect(await storedSecret()).toBe(after);
    await page.context().close();
  });

  it('speaks Japanese, and the secret wraps on a 375 px phone', async () => {
    const page = await signedIn(server.owner.email, server.owner.password, 'ja', 375);
    const card = page.locator('.card', { has: page.getByRole('heading', { name: '本人確認' }) });
    await card.getByRole('button', { name: '表示' }).click();
    await card.getByTestId('identity-secret').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    if (shots) await card.screenshot({ path: `${shots}dashboard-identity-secret-ja-mobile.png` });
    await page.context().close();
  });

  it('a member does not see the card', async () => {
    await server.addMember('mika@example.com', 'member-password-1', server.owner.projectId);
    const page = await signedIn('mika@example.com', 'member-password-1');
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Identity verification' }).count()).toBe(0);
    await page.context().close();
  });
});
