// The widget in real headless Chromium, embedded in a page on another origin than the API.
import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';
import { browserAvailable, launchBrowser } from '../support/browser';
import { buildWidgetFile, hostPageHtml, NONCE, serveApi, serveHostSite } from './support/servers';

const run = browserAvailable('widget');
// Screenshots for the README are refreshed on demand: UPDATE_SCREENSHOTS=1 npx vitest run test/widget
const screenshots = process.env.UPDATE_SCREENSHOTS ? new URL('../../docs/screenshots/', import.meta.url).pathname : null;

let api: TestApi;
let project: { secretKey: string; publishableKey: string };
let apiServer: Awaited<ReturnType<typeof serveApi>>;
let site: Awaited<ReturnType<typeof serveHostSite>>;
let browser: Browser;

type Survey = { id: string };

async function createSurvey(body: Record<string, unknown> = {}): Promise<Survey> {
  const res = await api.request('POST', '/v1/surveys', {
    key: project.secretKey,
    body: { name: 'Product NPS', appearance: { brandColor: '#4f46e5' }, ...body },
  });
  expect(res.status).toBe(201);
  return res.body;
}

async function responsesOf(surveyId: string) {
  const res = await api.request('GET', `/v1/responses?surveyId=${surveyId}`, { key: project.secretKey });
  return res.body.data as { score: number; comment: string | null; channel: string; locale: string; personId: string | null; properties: Record<string, unknown> }[];
}

async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A page in a fresh context (its own storage, like another device) that records console noise. */
async function openPage(url: string, options: { context?: BrowserContext; viewport?: { width: number; height: number }; locale?: string } = {}) {
  const context =
    options.context ?? (await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 }, locale: options.locale ?? 'en-US' }));
  const page = await context.newPage();
  const noise: string[] = [];
  page.on('console', (msg: ConsoleMessage) => {
    if (msg.type() === 'error' || msg.type() === 'warning') noise.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => noise.push(`pageerror: ${err.message}`));
  const configLoaded = page.waitForResponse((res) => res.url().includes('/v1/widget/surveys') && res.request().method() === 'GET');
  configLoaded.catch(() => {}); // pages without the widget (email links) never load it
  await page.goto(url);
  return { page, context, noise, configLoaded };
}

/** The widget's decisions so far ('ready' events): which survey it scheduled, or null for none. */
const decided = async (page: Page) => {
  await page.waitForFunction(() => (window as unknown as { kizunaDecisions: unknown[] }).kizunaDecisions.length > 0);
  return page.evaluate(() => (window as unknown as { kizunaDecisions: { surveyId: string | null }[] }).kizunaDecisions);
};
const events = (page: Page) => page.evaluate(() => (window as unknown as { kizunaEvents: { name: string; detail: Record<string, unknown>; at: number }[] }).kizunaEvents);
const radio = (p: Page, name: string) => p.getByRole('radio', { name, exact: true });
const surveyVisible = (page: Page) => page.getByRole('dialog').waitFor({ state: 'visible', timeout: 10_000 });

/** The focused element, looking inside the widget's shadow root. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const outer = document.activeElement;
    const inner = outer?.shadowRoot?.activeElement ?? outer;
    return { tag: inner?.tagName.toLowerCase(), role: inner?.getAttribute('role'), text: inner?.textContent?.trim() };
  });

function page(path: string, opts: Parameters<typeof hostPageHtml>[0] extends infer O ? Partial<O> & { headers?: Record<string, string> } : never) {
  const { headers, ...html } = opts;
  return site.page(path, { html: hostPageHtml({ apiOrigin: apiServer.origin, key: project.publishableKey, ...html }), headers });
}

async function shoot(p: Page, name: string) {
  if (!screenshots) return;
  mkdirSync(screenshots, { recursive: true });
  // The entrance animation finished (animations inside the widget's shadow root count too).
  await p.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
  await p.screenshot({ path: `${screenshots}widget-${name}.png` });
}

// Generous: a loaded CI machine runs a real browser slowly, and no assertion here is about speed.
describe.runIf(run)('widget in Chromium', { timeout: 90_000 }, () => {
  beforeAll(async () => {
    await buildWidgetFile();
    api = await startTestApi();
    project = await api.createProject('Acme');
    apiServer = await serveApi(api);
    site = await serveHostSite();
    browser = await launchBrowser();
  });
  // A project per test: the widget shows a project's first due survey, so tests must not see each other's.
  beforeEach(async () => {
    project = await api.createProject('Acme');
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await apiServer?.close();
    await api?.close();
  });

  it('serves /widget.js with caching and cross-origin headers', async () => {
    const res = await fetch(`${apiServer.origin}/widget.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('cache-control')).toContain('max-age=');
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await fetch(`${apiServer.origin}/widget.js`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
  });

  it('appears after its delay, is answered with the keyboard only, and stores score then comment', async () => {
    const survey = await createSurvey({ targeting: { delaySeconds: 1.5 } });
    // Signed as the customer's server would (README, identity verification): only then does the email stick.
    const { identitySecret } = (await api.request('GET', '/v1/project/identity-secret', { key: project.secretKey })).body;
    const signature = createHmac('sha256', identitySecret).update('user-42').digest('hex');
    const url = page('/keyboard', {
      setup: `Kizuna('identify', { id: 'user-42', email: 'aiko@example.com', name: 'Aiko', traits: { plan: 'pro' }, signature: '${signature}' });`,
    });
    const { page: p, noise, context } = await openPage(url);
    await surveyVisible(p);
    const [shown] = await events(p);
    expect(shown).toMatchObject({ name: 'shown', detail: { surveyId: survey.id, locale: 'en' } });
    expect(shown!.at).toBeGreaterThanOrEqual(1500); // not before its delay, counted from page load

    // It does not steal focus; Tab reaches it after the page's own controls. The radios are named 0 … 10.
    expect(await focused(p)).toMatchObject({ tag: 'body' });
    await shoot(p, 'en-desktop');
    for (let i = 0; i < 10 && (await focused(p)).role !== 'radio'; i++) await p.keyboard.press('Tab');
    expect(await focused(p)).toEqual({ tag: 'button', role: 'radio', text: '0' });
    for (let i = 0; i < 9; i++) await p.keyboard.press('ArrowRight');
    expect(await focused(p)).toMatchObject({ role: 'radio', text: '9' });
    expect(await radio(p, '9').getAttribute('aria-checked')).toBe('true');
    expect(await responsesOf(survey.id)).toHaveLength(0); // arrows select; they do not send
    await p.keyboard.press('Enter');

    // The score is stored the moment it is picked, before any comment.
    const [stored] = await eventually(async () => {
      const rows = await responsesOf(survey.id);
      return rows.length > 0 && rows;
    }, 'the score');
    expect(stored).toMatchObject({ score: 9, comment: null, channel: 'web', locale: 'en' });
    expect(stored!.properties.url).toBe(url);

    expect(await focused(p)).toMatchObject({ tag: 'textarea' });
    await p.keyboard.type('Fast and reliable reports.');
    await shoot(p, 'en-comment-desktop');
    await p.keyboard.press('Tab');
    expect(await focused(p)).toMatchObject({ tag: 'button', text: 'Send' });
    await p.keyboard.press('Enter');
    await p.getByText('Thank you for your feedback!').waitFor();

    const withComment = await eventually(async () => {
      const rows = await responsesOf(survey.id);
      return rows[0]?.comment ? rows : undefined;
    }, 'the comment');
    expect(withComment).toHaveLength(1);
    expect(withComment[0]).toMatchObject({ score: 9, comment: 'Fast and reliable reports.' });
    const person = await api.request('GET', '/v1/people?externalId=user-42', { key: project.secretKey });
    expect(person.body.data[0]).toMatchObject({ email: 'aiko@example.com', name: 'Aiko', traits: { plan: 'pro' } });
    expect((await events(p)).map((e) => e.name)).toEqual(['shown', 'answered']);
    expect(await decided(p)).toEqual([{ surveyId: survey.id }]); // one decision, naming the survey it showed
    // Cumulative Layout Shift as browsers score it: the survey appearing moved nothing. (Its own
    // resizing between steps follows the person's input, which CLS rightly does not count.)
    // The shifts so far are read at once: observe() with `buffered` queues every earlier entry on the observer,
    // and takeRecords() hands them over without waiting for a callback (which never comes when there are none).
    const cls = await p.evaluate(() => {
      type Shift = PerformanceEntry & { value: number; hadRecentInput: boolean };
      const observer = new PerformanceObserver(() => {});
      observer.observe({ type: 'layout-shift', buffered: true });
      const shifts = observer.takeRecords() as Shift[];
      observer.disconnect();
      return shifts.filter((e) => !e.hadRecentInput).reduce((sum, e) => sum + e.value, 0);
    });
    expect(cls).toBe(0);
    expect(noise).toEqual([]);
    await context.close();

    // Second visit within the recontact period, on another device: the server says no.
    const again = await openPage(url);
    expect(await decided(again.page)).toEqual([{ surveyId: null }]); // nothing scheduled, so nothing will show
    expect(await events(again.page)).toEqual([]);
    expect(await again.page.locator('kizuna-survey').count()).toBe(0);
    expect(again.noise).toEqual([]);
    await again.context.close();
  });

  it('remembers an anonymous answer in the browser: no survey on the next visit', async () => {
    const survey = await createSurvey({ targeting: { delaySeconds: 0 } });
    const url = page('/anonymous', {});
    const { page: p, context } = await openPage(url);
    await surveyVisible(p);
    await radio(p, '4').click();
    await eventually(async () => (await responsesOf(survey.id)).length === 1, 'the score');
    await p.getByRole('button', { name: 'Close' }).click();
    // The reload's decision ('ready'), made whether the surveys came from the browser's cache or the server.
    await p.reload();
    expect(await decided(p)).toEqual([{ surveyId: null }]);
    expect(await events(p)).toEqual([]);
    await context.close();
  });

  it('asks for a customer\'s history only where a survey would show, and never sends a CORS preflight', async () => {
    await createSurvey({ targeting: { delaySeconds: 0, urlInclude: ['/checkout'] } });
    const asked = async (path: string) => {
      const url = page(path, { setup: `Kizuna('identify', { id: 'user-halves' });` });
      const context = await browser.newContext();
      const p = await context.newPage();
      const requests: string[] = [];
      p.on('request', (req) => {
        if (req.url().startsWith(apiServer.origin)) requests.push(`${req.method()} ${new URL(req.url()).pathname}`);
      });
      await p.goto(url);
      const decision = await decided(p);
      await context.close();
      return { decision, requests };
    };
    // Elsewhere on the site: the public half only, and nothing about the customer leaves the browser.
    const home = await asked('/home');
    expect(home.decision).toEqual([{ surveyId: null }]);
    expect(home.requests.filter((r) => r.includes('/v1/'))).toEqual(['GET /v1/widget/surveys']);
    // On the checkout page the survey is in the running: then, and only then, the private half.
    const checkout = await asked('/checkout');
    expect(checkout.decision).toEqual([{ surveyId: expect.any(String) }]);
    expect(checkout.requests.filter((r) => r.includes('/v1/'))).toEqual(['GET /v1/widget/surveys', 'GET /v1/widget/contact']);
    expect([...home.requests, ...checkout.requests].filter((r) => r.startsWith('OPTIONS'))).toEqual([]);
  });

  it('Esc dismisses, and the dismissal counts for the person on the server', async () => {
    const survey = await createSurvey({ targeting: { delaySeconds: 0 } });
    const url = page('/dismiss', { setup: `Kizuna('identify', { id: 'user-esc' });` });
    const { page: p, context, noise } = await openPage(url);
    await surveyVisible(p);
    // Esc belongs to the page until focus is in the survey (the page may use Esc for its own dialogs).
    await p.keyboard.press('Escape');
    expect(await p.getByRole('dialog').isVisible()).toBe(true);
    for (let i = 0; i < 10 && (await focused(p)).role !== 'radio'; i++) await p.keyboard.press('Tab');
    await p.keyboard.press('Escape');
    await p.getByRole('dialog').waitFor({ state: 'detached' });
    expect((await events(p)).map((e) => e.name)).toEqual(['shown', 'dismissed']);
    const decision = await eventually(async () => {
      const res = await api.request('GET', '/v1/widget/config?personId=user-esc', { key: project.secretKey }); // the reason is told to the secret key only
      const mine = res.body.surveys.find((s: Survey) => s.id === survey.id);
      return mine.reason === 'recontact_period' && mine;
    }, 'the dismissal');
    expect(decision.show).toBe(false);
    expect(await responsesOf(survey.id)).toHaveLength(0);
    expect(noise).toEqual([]);
    await context.close();
  });

  it('works on a page with a strict Content-Security-Policy (no unsafe-inline)', async () => {
    const survey = await createSurvey({ targeting: { delaySeconds: 0, sampleRate: 0 } }); // only forced
    const csp = `default-src 'none'; script-src 'nonce-${NONCE}' ${apiServer.origin}; connect-src ${apiServer.origin}; style-src 'self'; base-uri 'none'`;
    const url = page('/csp', {
      headers: { 'content-security-policy': csp },
      setup: `Kizuna('show', '${survey.id}', { force: true });
        window.cspViolations = [];
        document.addEventListener('securitypolicyviolation', function (e) { cspViolations.push(e.violatedDirective + ' ' + e.blockedURI) });`,
    });
    const { page: p, context, noise } = await openPage(url);
    await surveyVisible(p);
    // Styled, which proves the constructable stylesheet applied under the CSP.
    const radius = await p.getByRole('dialog').evaluate((el) => getComputedStyle(el).borderRadius);
    expect(radius).toBe('12px');
    await radio(p, '10').click();
    await p.getByRole('dialog').getByRole('textbox').fill('Works with our CSP.');
    await p.getByRole('button', { name: 'Send' }).click();
    const rows = await eventually(async () => {
      const r = await responsesOf(survey.id);
      return r[0]?.comment ? r : undefined;
    }, 'the answer');
    expect(rows).toMatchObject([{ score: 10, comment: 'Works with our CSP.' }]);
    expect(await p.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    expect(noise).toEqual([]);
    await context.close();
  });

  it('is not broken by hostile page CSS, and its CSS does not leak into the page', async () => {
    const survey = await createSurvey({ targeting: { delaySeconds: 0 } });
    const hostile = `<style>
      * { font-family: "Comic Sans MS", cursive !important; line-height: 3 !important; letter-spacing: 4px !important; color: red !important; box-sizing: content-box !important; }
      div, p, h2, span, button, textarea, kizuna-survey { display: inline !important; padding: 30px !important; margin: 20px !important; background: hotpink !important; border: 5px dashed lime !important; opacity: .2 !important; visibility: hidden !important; position: static !important; }
      html { font-size: 5px !important; }
    </style>`;
    const url = page('/hostile', { extraHead: hostile });
    const { page: p, context } = await openPage(url);
    const h2Before = await p.locator('main h2').evaluate((el) => getComputedStyle(el).fontSize);
    await surveyVisible(p);
    const box = await p.getByRole('dialog').boundingBox();
    expect(box).not.toBeNull();
    expect(box!.width).toBeGreaterThan(300);
    expect(box!.x + box!.width).toBeLessThanOrEqual(1280);
    const five = await radio(p, '5').evaluate((el) => {
      const s = getComputedStyle(el);
      return { height: s.height, padding: s.padding, font: s.fontFamily, visibility: s.visibility };
    });
    expect(five).toEqual({ height: '40px', padding: '0px', font: expect.not.stringContaining('Comic'), visibility: 'visible' });
    const host = await p.locator('kizuna-survey').evaluate((el) => ({ position: getComputedStyle(el).position, opacity: getComputedStyle(el).opacity }));
    expect(host).toEqual({ position: 'fixed', opacity: '1' });
    expect(await p.locator('main h2').evaluate((el) => getComputedStyle(el).fontSize)).toBe(h2Before);
    await radio(p, '5').click();
    await eventually(async () => (await responsesOf(survey.id)).length === 1, 'the score');
    await context.close();
  });

  it('offline, then online: the answer is queued and arrives exactly once', async () => {
    const survey = await createSurvey({ targeting: { delaySeconds: 0 } });
    const url = page('/offline', { setup: `Kizuna('identify', { id: 'user-offline' });` });
    const { page: p, context } = await openPage(url);
    await surveyVisible(p);
    await context.setOffline(true);
    await radio(p, '6').click();
    await p.getByRole('dialog').getByRole('textbox').fill('Was offline on the train.');
    await p.getByRole('button', { name: 'Send' }).click();
    await p.getByText('Thank you for your feedback!').waitFor();
    const queued = await p.evaluate(() => Object.entries(localStorage).filter(([k]) => k.endsWith(':outbox')).map(([, v]) => JSON.parse(v)));
    expect(queued[0]).toHaveLength(1); // score and comment merged under one idempotency key
    expect(await responsesOf(survey.id)).toHaveLength(0);

    await context.setOffline(false); // fires "online": the queue is flushed
    const rows = await eventually(async () => {
      const r = await responsesOf(survey.id);
      return r.length > 0 && r;
    }, 'the queued answer');
    expect(rows).toMatchObject([{ score: 6, comment: 'Was offline on the train.' }]);
    // A reload (the next page load also flushes) must not add a second response.
    await p.reload();
    await eventually(async () => {
      const left = await p.evaluate(() => Object.entries(localStorage).filter(([k]) => k.endsWith(':outbox')).map(([, v]) => JSON.parse(v)));
      return left[0]?.length === 0;
    }, 'an empty outbox');
    expect(await responsesOf(survey.id)).toHaveLength(1);
    await context.close();
  });

  it('an answer queued when the tab was closed is sent on the next page load', async () => {
    const survey = await createSurvey({ targeting: { delaySeconds: 0 } });
    const url = page('/next-load', { setup: `Kizuna('identify', { id: 'user-next-load' });` });
    const first = await openPage(url);
    await surveyVisible(first.page);
    await first.context.setOffline(true);
    await radio(first.page, '2').click();
    await first.page.close(); // gone before it could send
    await first.context.setOffline(false);
    expect(await responsesOf(survey.id)).toHaveLength(0);
    const next = await openPage(url, { context: first.context });
    const rows = await eventually(async () => {
      const r = await responsesOf(survey.id);
      return r.length > 0 && r;
    }, 'the queued answer');
    expect(rows).toMatchObject([{ score: 2, channel: 'web' }]);
    expect(await next.page.locator('kizuna-survey').count()).toBe(0); // answered: not asked again
    await first.context.close();
  });

  it('reset() on logout: the next person on the same browser is asked, with their own identity', async () => {
    const survey = await createSurvey({ targeting: { delaySeconds: 0 } });
    const url = page('/shared-device', { setup: `Kizuna('identify', { id: 'user-a' });` });
    const { page: p, context, noise } = await openPage(url);
    await surveyVisible(p);
    await radio(p, '8').click();
    await p.getByRole('button', { name: 'Close' }).click();
    await p.evaluate(() => {
      const k = (window as unknown as { Kizuna: (...args: unknown[]) => void }).Kizuna;
      k('reset');
      k('identify', { id: 'user-b' });
    });
    await surveyVisible(p);
    await radio(p, '3').click();
    const rows = await eventually(async () => {
      const r = await responsesOf(survey.id);
      return r.length === 2 && r;
    }, 'both answers');
    const people = await Promise.all(
      ['user-a', 'user-b'].map(async (id) => (await api.request('GET', `/v1/people?externalId=${id}`, { key: project.secretKey })).body.data[0].id),
    );
    expect(rows.map((r) => [r.personId, r.score]).sort()).toEqual([[people[0], 8], [people[1], 3]].sort());
    expect(noise).toEqual([]);
    await context.close();
  });

  it('speaks Japanese when identify says so, and fits a 375 px phone', async () => {
    const survey = await createSurvey({
      targeting: { delaySeconds: 0 },
      followUpQuestion: { ja: 'そのように評価された一番の理由を教えてください。', promoter: { ja: '特に気に入っている点は何ですか？' } },
    });
    const url = page('/ja', { lang: 'ja', setup: `Kizuna('identify', { id: 'user-ja', locale: 'ja' });`, title: 'Acme 分析' });
    for (const [name, viewport] of [
      ['ja-desktop', { width: 1280, height: 800 }],
      ['ja-375', { width: 375, height: 740 }],
    ] as const) {
      const { page: p, context, noise } = await openPage(url, { viewport });
      await surveyVisible(p);
      await p.getByText('友人や同僚に私たちをすすめる可能性はどのくらいありますか？').waitFor();
      await p.getByText('まったく思わない').waitFor();
      await p.getByText('非常にそう思う').waitFor();
      expect(await p.getByRole('dialog').getAttribute('lang')).toBe('ja');
      const box = (await p.getByRole('dialog').boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
      for (const n of ['0', '10']) {
        const r = (await radio(p, n).boundingBox())!;
        expect(r.width).toBeGreaterThanOrEqual(24); // WCAG 2.5.8 target size
      }
      await shoot(p, name);
      if (name === 'ja-375') {
        await radio(p, '10').click();
        await p.getByText('特に気に入っている点は何ですか？').waitFor();
        await shoot(p, 'ja-comment-375');
      }
      expect(noise).toEqual([]);
      await context.close();
    }
    const rows = await eventually(async () => {
      const r = await responsesOf(survey.id);
      return r.length > 0 && r;
    }, 'the answer');
    expect(rows[0]).toMatchObject({ score: 10, locale: 'ja' });
  });

  it('picks the browser language when identify gives none, and looks right at 375 px in English and dark mode', async () => {
    await createSurvey({ targeting: { delaySeconds: 0 }, appearance: { theme: 'dark', brandColor: '#0f766e', position: 'bottom-left' } });
    const url = page('/browser-language', {});
    const ja = await openPage(url, { locale: 'ja-JP' });
    await ja.page.getByText('まったく思わない').waitFor();
    await ja.context.close();
    const { page: p, context } = await openPage(url, { viewport: { width: 375, height: 740 } });
    await p.getByText('Not at all likely').waitFor();
    const bg = await p.getByRole('dialog').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(bg).toBe('rgb(29, 33, 39)');
    await shoot(p, 'en-375-dark');
    await context.close();
  });

  it('email links end to end: click a score, add a comment on the hosted page', async () => {
    const survey = await createSurvey({ status: 'active', targeting: { sampleRate: 0 } });
    const created = await api.request('POST', `/v1/surveys/${survey.id}/links`, {
      key: project.secretKey,
      body: { person: { id: 'mail-1', email: 'ken@example.com', name: 'Ken' }, locale: 'ja' },
    });
    expect(created.status).toBe(201);
    const link = (score: number) => created.body.links[score].url.replace(/^https?:\/\/[^/]+/, apiServer.origin);
    const { page: p, context, noise } = await openPage(link(8), { viewport: { width: 375, height: 740 } });
    await p.getByText('スコア 8 を記録しました').waitFor();
    await eventually(async () => (await responsesOf(survey.id)).length === 1, 'the score');
    await shoot(p, 'email-page-ja-375');
    await p.getByRole('link', { name: '9' }).click(); // changed their mind
    await p.getByText('スコア 9 を記録しました').waitFor();
    await p.getByRole('textbox').fill('サポートが丁寧でした。');
    await p.getByRole('button', { name: '送信' }).click();
    await p.getByText('ご回答ありがとうございました！').waitFor();
    const rows = await responsesOf(survey.id);
    expect(rows).toMatchObject([{ score: 9, comment: 'サポートが丁寧でした。', channel: 'email', locale: 'ja' }]);
    const tampered = await p.goto(link(3).replace(/.$/, (c: string) => (c === 'x' ? 'y' : 'x')));
    expect(tampered!.status()).toBe(404);
    await p.getByText('このリンクは無効です').waitFor();
    expect(noise.filter((n) => !n.includes('404'))).toEqual([]);
    await context.close();
  });
});
