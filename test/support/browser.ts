// Headless Chromium for the browser tests (widget, dashboard), driven by playwright-core.
// Where Chromium is missing the suites skip with a loud banner — except in CI, where they fail:
// a green CI run must mean the browser tests ran.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const args = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * The browser tests run in the suite's PostgreSQL run (DATABASE_URL set, as CI's first run and production have
 * it), not again in the run on the embedded PGlite: a page reaches the database only through the HTTP API,
 * whose own tests run on both drivers, and the pages were about 70 % of each run's time. KIZUNA_BROWSER_TESTS=1
 * runs them on PGlite too (for a machine without PostgreSQL).
 */
export const browserTestsInThisRun = Boolean(process.env.DATABASE_URL) || process.env.KIZUNA_BROWSER_TESTS === '1';

let toldWhyNot = false;

/**
 * True when the browser suites can run. Call it at the top of a browser test file and pass the result to
 * describe.runIf. Throws in CI (process.env.CI) when Chromium is missing, so a missing browser can never pass
 * as a green run.
 */
export function browserAvailable(suite: string): boolean {
  if (!browserTestsInThisRun) {
    if (!toldWhyNot) {
      toldWhyNot = true;
      console.warn('\n!! The browser tests run with DATABASE_URL set (CI runs them there); KIZUNA_BROWSER_TESTS=1 runs them on PGlite.\n');
    }
    return false;
  }
  if (existsSync(chromiumPath)) return true;
  const message = `Chromium not found at ${chromiumPath}: the "${suite}" browser tests did not run.`;
  if (process.env.CI) throw new Error(`${message} Browser tests may not be skipped in CI.`);
  const bar = '!'.repeat(Math.min(100, message.length + 8));
  console.warn(`\n${bar}\n!!! ${message}\n!!! Install it (apt-get install chromium) or set CHROMIUM_PATH.\n${bar}\n`);
  return false;
}

/**
 * Launches Chromium. Playwright gives every launch a fresh temporary profile (its own mkdtemp
 * --user-data-dir, removed on close), so no state leaks between runs; it refuses an explicit one.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args });
}
