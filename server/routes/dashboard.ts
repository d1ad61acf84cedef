import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { requireKey } from '../auth/middleware';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { scoreDistribution } from '../services/metrics/score-distribution';
import { queryParams } from '../validation';
import { projectCtx } from './context';
import { instantParam, resolveRange, segmentParams } from './query';

// Serves the dashboard SPA: its pages (all the same index.html; the client routes) and its hashed assets.
// The page list is explicit so the SPA never shadows API, widget or survey-link paths.
export const DASHBOARD_PAGES = [
  '/',
  '/login',
  '/invite/:token',
  '/overview',
  '/responses',
  '/people/:id',
  '/followups',
  '/themes',
  '/surveys',
  '/surveys/:id',
  '/webhooks',
  '/settings',
] as const;

// The dashboard's own code only; the survey preview frame is the one page the dashboard may frame.
const pageSecurityHeaders = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

async function serveFile(c: Context<AppEnv>, name: string) {
  // Imported lazily: on Workers the build is served as static assets and node:fs is never needed.
  const { loadDashboardFile } = await import('../services/accounts/dashboard-files');
  const file = await loadDashboardFile(name);
  if (!file) {
    if (name === 'index.html') throw new ApiError('not_found', 'The dashboard is not built; run "npm run build".');
    throw new ApiError('not_found', 'No such dashboard file.');
  }
  const cacheControl = file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache';
  return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
    ...pageSecurityHeaders,
    'content-type': file.contentType,
    'cache-control': cacheControl,
  });
}

const pages = new Hono<AppEnv>();
for (const path of DASHBOARD_PAGES) pages.get(path, (c) => serveFile(c, 'index.html'));

export const dashboardRoutes = pages
  .get('/dashboard/preview', (c) => serveFile(c, 'preview.html'))
  .get('/dashboard/:file', (c) => serveFile(c, c.req.param('file')));

const distributionQuery = z.object({ ...segmentParams, from: instantParam.optional(), to: instantParam.optional() });

/** /v1/metrics/scores: answers per score 0..10, with the same filters as /v1/metrics/nps (the Overview's distribution). */
export const scoreRoutes = new Hono<AppEnv>()
  .use(requireKey('secret'))
  .get('/', queryParams(distributionQuery), async (c) => {
    const { from, to, tz, ...segment } = c.req.valid('query');
    return c.json(await scoreDistribution(projectCtx(c), { ...segment, ...resolveRange({ from, to, tz }) }));
  });
