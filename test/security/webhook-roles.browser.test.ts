// Issue 16, item 4, in the dashboard: a member opens Webhooks and sees the redacted list (host only, no secret,
// no admin actions) without an error; the owner, an admin, still sees the full URL and the secret.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser } from '../support/browser';
import { projectKey } from '../dashboard/seed';
import { startDashboardServer, type DashboardServer } from '../dashboard/server';

const run = browserAvailable('dashboard');
const SLACK_URL = 'https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX';

let server: DashboardServer;
let browser: Browser;

async function signIn(p: Page, email: string, password: string) {
  await p.goto(`${server.url}/`);
  await p.getByLabel('Email').fill(email);
  await p.getByLabel('Password').fill(password);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.waitForURL(/\/overview/);
}

describe.runIf(run)('webhooks page by role', () => {
  beforeAll(async () => {
    server = await startDashboardServer();
    browser = await launchBrowser();
    const key = await projectKey(server, server.owner.projectId);
    const created = await server.api('POST', '/v1/webhooks', key, { url: SLACK_URL, events: ['response.created'], format: 'slack' });
    expect(created.status).toBe(201);
    await server.addMember('max@example.com', 'max-password-1', server.owner.projectId);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a member sees the endpoint by its host only, with no secret, no actions and no error', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    const page = await context.newPage();
    try {
      await signIn(page, 'max@example.com', 'max-password-1');
      await page.getByRole('link', { name: 'Webhooks' }).click();
      await page.getByText('https://hooks.slack.com', { exact: true }).waitFor();
      await page.getByRole('note').filter({ hasText: 'Only project admins' }).waitFor();
      const text = await page.locator('main').innerText();
      expect(text).not.toContain('/services/');
      expect(text).not.toContain('whsec_');
      expect(await page.getByRole('alert').count()).toBe(0);
      expect(await page.getByRole('button', { name: /Reveal|Send test ping|Delete|Create/ }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('the owner sees the full URL and can reveal the secret', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    const page = await context.newPage();
    try {
      await signIn(page, server.owner.email, server.owner.password);
      await page.getByRole('link', { name: 'Webhooks' }).click();
      await page.getByText(SLACK_URL, { exact: true }).waitFor();
      await page.getByRole('button', { name: /Reveal/ }).click();
      await page.getByText(/whsec_/).first().waitFor();
    } finally {
      await context.close();
    }
  });
});
