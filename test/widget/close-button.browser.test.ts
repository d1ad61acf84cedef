// Issue 19, bug 6: the close "×" sat on top of the question's last words (the heading's right margin lost to
// the widget's `.kz *{margin:0}` reset). Measured in real Chromium, on a desktop and a phone, in both languages.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';
import { browserAvailable, launchBrowser } from '../support/browser';
import { buildWidgetFile, hostPageHtml, serveApi, serveHostSite } from './support/servers';

const run = browserAvailable('widget close button');

let api: TestApi;
let apiServer: Awaited<ReturnType<typeof serveApi>>;
let site: Awaited<ReturnType<typeof serveHostSite>>;
let browser: Browser;

type Box = { left: number; right: number; top: number; bottom: number };

/** The close button's box and the box of every line of the question, read inside the widget's shadow root. */
const boxes = (page: Page) =>
  page.evaluate(() => {
    const root = document.querySelector('kizuna-survey')!.shadowRoot!;
    const plain = (r: DOMRect) => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom });
    const range = document.createRange();
    range.selectNodeContents(root.querySelector('#kz-q')!);
    return { close: plain(root.querySelector('.x')!.getBoundingClientRect()), lines: [...range.getClientRects()].map(plain) };
  });

const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe.runIf(run)('widget close button', { timeout: 90_000 }, () => {
  beforeAll(async () => {
    await buildWidgetFile();
    api = await startTestApi();
    apiServer = await serveApi(api);
    site = await serveHostSite();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await apiServer?.close();
    await api?.close();
  });

  for (const [width, height] of [
    [1280, 800],
    [375, 700],
  ] as const) {
    for (const locale of ['en', 'ja'] as const) {
      it(`never covers the question at ${width} px in ${locale}`, async () => {
        // A project per case: the widget shows a project's first due survey.
        const project = await api.createProject(`Close ${width} ${locale}`);
        const created = await api.request('POST', '/v1/surveys', {
          key: project.secretKey,
          body: { name: 'NPS', status: 'active', targeting: { delaySeconds: 0 } },
        });
        expect(created.status).toBe(201);
        const url = site.page(`/close-${width}-${locale}`, {
          html: hostPageHtml({ apiOrigin: apiServer.origin, key: project.publishableKey, lang: locale }),
        });
        const context = await browser.newContext({ viewport: { width, height }, locale: locale === 'ja' ? 'ja-JP' : 'en-US' });
        const page = await context.newPage();
        await page.goto(url);
        await page.getByRole('dialog').waitFor({ state: 'visible' });
        await page.getByRole('radio', { name: '10', exact: true }).waitFor({ state: 'visible' });
        // The entrance animation moves the whole card; boxes are compared within it, so it does not matter.
        const { close, lines } = await boxes(page);
        expect(lines.length).toBeGreaterThan(0);
        for (const line of lines) expect(overlaps(close, line), JSON.stringify({ close, line })).toBe(false);
        await page.screenshot({ path: `/tmp/kz/widget-close-${width}-${locale}.png` });
        await context.close();
      });
    }
  }
});
