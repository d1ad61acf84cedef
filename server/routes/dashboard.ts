import { Hono, type Context } from 'hono';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { DASHBOARD_PAGES } from './dashboard-pages';
import { sendStaticFile } from './static-file';

// Serves the dashboard SPA: its pages (all the same index.html; the client routes) and its hashed assets.
// The page list is explicit so the SPA never shadows API, widget or survey-link paths.

// The dashboard's own code only; the survey preview frame is the one page the dashboard may frame.
const pageSecurityHeaders = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

// Imported lazily (on Workers the build is served as static assets and node:fs is never needed), and once.
let filesModule: Promise<typeof import('../services/accounts/dashboard-files')> | undefined;
const dashboardFiles = () => (filesModule ??= import('../services/accounts/dashboard-files'));

async function serveFile(c: Context<AppEnv>, name: string, status: 200 | 404 = 200) {
  const file = await (await dashboardFiles()).loadDashboardFile(name);
  if (!file) {
    if (name === 'index.html') throw new ApiError('not_found', 'The dashboard is not built; run "npm run build".');
    throw new ApiError('not_found', 'No such dashboard file.');
  }
  const cacheControl = file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache';
  return sendStaticFile(c, file.file, status, {
    ...pageSecurityHeaders,
    'content-type': file.contentType,
    'cache-control': cacheControl,
  });
}

const pages = new Hono<AppEnv>();
for (const path of DASHBOARD_PAGES) pages.get(path, (c) => serveFile(c, 'index.html'));

export const dashboardRoutes = pages
  .get('/dashboard/preview', (c) => serveFile(c, 'preview.html'))
  // Browsers ask for /favicon.ico on pages that name no icon (API answers, survey links).
  .get('/favicon.ico', (c) => c.redirect('/dashboard/favicon.svg', 301))
  .get('/dashboard/:file', (c) => serveFile(c, c.req.param('file')));

/**
 * An address nothing serves, asked for by a browser: the dashboard's page with status 404, which shows a
 * "page not found" in the user's language. API paths keep the JSON error envelope integrations parse.
 */
export async function dashboardNotFound(c: Context<AppEnv>): Promise<Response | null> {
  const method = c.req.method;
  if (method !== 'GET' && method !== 'HEAD') return null;
  const path = c.req.path;
  if (path.startsWith('/v1/') || path === '/v1' || path.startsWith('/dashboard/') || path === '/healthz') return null;
  // Without a build there is no page to show: the JSON answer says what is missing.
  return serveFile(c, 'index.html', 404).catch(() => null);
}
