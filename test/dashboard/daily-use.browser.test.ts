// Issue 19, bugs 1, 2, 3, 9 and 12: what a team using the dashboard every day tripped over. The dashboard in
// headless Chromium against a real Kizuna over HTTP.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createProject } from '../../server/services/projects/create';
import { browserAvailable, launchBrowser } from '../support/browser';
import { projectKey } from './seed';
import { startDashboardServer, type DashboardServer } from './server';

const run = browserAvailable('dashboard daily use');

let server: DashboardServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let second: { id: string; key: string };

async function signIn(p: Page) {
  await p.goto(`${server.url}/overview`);
  await p.locator('input[type="email"]').fill(server.owner.email);
  await p.locator('input[type="password"]').fill(server.owner.password);
  await p.locator('button[type="submit"]').click();
  // Signed in once the app's header is there (the address was /overview all along).
  await p.locator('header .lang-switch').waitFor();
}

describe.runIf(run)('the dashboard, used daily', () => {
  beforeAll(async () => {
    server = await startDashboardServer();
    const acme = await createProject(server.db.db, { name: 'Acme Cloud' });
    second = { id: acme.id, key: await projectKey(server, acme.id) };
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    // A step that cannot happen fails with its own locator, well inside the test's time.
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    await signIn(page);
  }, 120_000);
  // Each test starts on the Overview of "Acme Cloud" in English, whatever the one before it left behind.
  beforeEach(async () => {
    await page.goto(`${server.url}/overview`);
    await page.locator('header button[lang="en"]').click();
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
    await page.getByLabel('Project').selectOption(second.id);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('bug 1: the survey preview never touches the dashboard’s storage, so the chosen project stays chosen', async () => {
    await page.getByRole('link', { name: 'Surveys', exact: true }).click();
    await page.getByRole('button', { name: 'New survey' }).click();
    await page.waitForURL(/\/surveys\/srv_/);
    // The preview's widget is up (it has run its storage code) before looking at the dashboard's keys.
    await page.frameLocator('.preview-frame').getByRole('radio', { name: '9' }).waitFor();
    const stored = await page.evaluate(() => ({ ...localStorage }));
    expect(stored['kizuna.project']).toBe(second.id);
    // The widget in the preview kept its memory to itself: nothing of it landed in the dashboard's storage.
    expect(Object.keys(stored).filter((k) => k.startsWith('kizuna:'))).toEqual([]);

    await page.reload();
    await page.getByLabel('Name', { exact: true }).waitFor();
    await expect.poll(() => page.getByLabel('Project').inputValue()).toBe(second.id);
    const surveys = await server.api('GET', '/v1/surveys', second.key);
    expect(surveys.body.data).toHaveLength(1);
  });

  it('bug 2: the language saved on the account is applied in a fresh browser', async () => {
    await page.locator('header button[lang="ja"]').click();
    await page.locator('html[lang="ja"]').waitFor({ state: 'attached' });
    // The account now says Japanese; a new browser (English, nothing remembered) signs in.
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    fresh.setDefaultTimeout(10_000);
    try {
      const p = await fresh.newPage();
      await signIn(p);
      await p.getByRole('link', { name: '概要' }).first().waitFor();
      expect(await p.locator('html').getAttribute('lang')).toBe('ja');
      await expect.poll(() => p.title()).toBe('概要 · Kizuna');
    } finally {
      await fresh.close();
    }
  });

  it('bug 3: a double-click creates one survey, one theme, one webhook endpoint', async () => {
    const count = async (path: string) => (await server.api('GET', path, second.key)).body.data.length as number;
    const surveysBefore = await count('/v1/surveys');
    await page.getByRole('link', { name: 'Surveys', exact: true }).click();
    await page.getByRole('button', { name: 'New survey' }).dblclick();
    await page.waitForURL(/\/surveys\/srv_/);
    await page.getByLabel('Name', { exact: true }).waitFor();
    expect(await count('/v1/surveys')).toBe(surveysBefore + 1);

    await page.getByRole('link', { name: 'Themes' }).click();
    await page.getByLabel('Theme', { exact: true }).fill('Billing');
    await page.getByLabel('Keywords (English)').fill('invoice, billing');
    await page.getByRole('button', { name: 'Create theme' }).dblclick();
    await page.locator('td strong', { hasText: 'Billing' }).waitFor();
    expect(await count('/v1/themes')).toBe(1);
    // The second click no longer gets a "this name already exists" for the theme the first click made.
    expect(await page.getByRole('alert').count(), await page.locator('main').innerText()).toBe(0);

    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByLabel('Endpoint URL').fill('https://hooks.example.com/kizuna');
    await page.getByRole('button', { name: 'Create', exact: true }).dblclick();
    await page.locator('.endpoint').first().waitFor();
    expect(await count('/v1/webhooks')).toBe(1);
  });

  it('bug 9: resolving a case updates the follow-up tiles at once', async () => {
    const surveyId = (await server.api('GET', '/v1/surveys', second.key)).body.data[0].id;
    for (const comment of ['Slow sync again.', 'Billing is confusing.']) {
      expect((await server.api('POST', '/v1/responses', second.key, { surveyId, score: 1, comment, channel: 'api' })).status).toBe(201);
    }
    await page.getByRole('link', { name: 'Follow-ups' }).click();
    const openTile = page.locator('.loop-metrics .stats > div').filter({ hasText: 'Open' }).locator('dd').first();
    await expect.poll(() => openTile.textContent()).toBe('2');
    await page.getByRole('tab', { name: 'All open' }).click();
    await page.locator('.case', { hasText: 'Slow sync again.' }).click();
    await page.getByLabel('Resolution').fill('Fixed in 2.3.');
    await page.getByRole('button', { name: 'Resolve' }).click();
    await page.locator('.tl-resolution').waitFor();
    await expect.poll(() => openTile.textContent()).toBe('1');
  });

  it('bug 12: every page has its own title, an unknown address is a real 404 page, and there is a favicon', async () => {
    const titles: [string, string][] = [
      ['/overview', 'Overview · Kizuna'],
      ['/responses', 'Responses · Kizuna'],
      ['/followups', 'Follow-ups · Kizuna'],
      ['/themes', 'Themes · Kizuna'],
      ['/surveys', 'Surveys · Kizuna'],
      ['/webhooks', 'Webhooks · Kizuna'],
      ['/settings', 'Settings · Kizuna'],
    ];
    const missing: string[] = [];
    page.on('response', (res) => res.status() === 404 && missing.push(res.url()));
    for (const [path, title] of titles) {
      await page.goto(server.url + path);
      await expect.poll(() => page.title()).toBe(title);
    }
    // Every page loaded its icon, and nothing a page asked for was missing.
    expect(missing).toEqual([]);
    const icon = await page.request.get(`${server.url}/dashboard/favicon.svg`);
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toBe('image/svg+xml');
    expect(await icon.text()).toContain('<svg');

    const res = await page.goto(`${server.url}/no/such/page`);
    expect(res!.status()).toBe(404);
    expect(res!.headers()['content-type']).toMatch(/text\/html/);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await expect.poll(() => page.title()).toBe('Page not found · Kizuna');
    await page.getByRole('link', { name: 'Go to the overview' }).click();
    await page.waitForURL(/\/overview$/);

    await page.locator('header button[lang="ja"]').click();
    await expect.poll(() => page.title()).toBe('概要 · Kizuna');
    await page.goto(`${server.url}/nope`);
    await page.getByRole('heading', { name: 'ページが見つかりません' }).waitFor();
    await expect.poll(() => page.title()).toBe('ページが見つかりません · Kizuna');
  }, 60_000);
});
