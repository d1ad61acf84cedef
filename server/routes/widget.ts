import { Hono } from 'hono';
import { z } from 'zod';
import { limitPublicIngest } from '../auth/ingest-limit';
import { requireKey } from '../auth/middleware';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { widgetConfig } from '../services/widget/config';
import { recordDismissal } from '../services/widget/dismiss';
import { jsonBody, queryParams } from '../validation';
import { projectCtx } from './context';
import { sendStaticFile } from './static-file';

const configQuery = z.object({
  personId: z.string().trim().min(1).max(255).optional(),
  anonymousId: z.string().min(1).max(100).optional(),
  url: z.string().max(2000).optional(),
});

const dismissBody = z.object({
  surveyId: z.string().min(1).max(100),
  personId: z.string().trim().min(1).max(255).optional(),
  anonymousId: z.string().min(1).max(100).optional(),
});

// Imported lazily (on Workers /widget.js is a static asset and node:fs is never needed), and once: a dynamic
// import() on every request went through the module loader each time, which made a 304 cost more CPU than
// the widget's config (bench/page-view).
let scriptModule: Promise<typeof import('../services/widget/script-file')> | undefined;
const scriptFile = () => (scriptModule ??= import('../services/widget/script-file'));

/**
 * What the embedded widget calls (mounted at the root: /widget.js and /v1/widget/*).
 * CORS for /v1/widget/* comes from app.ts (browserCors).
 */
export const widgetRoutes = new Hono<AppEnv>()
  .get('/v1/widget/config', requireKey('publishable', 'secret'), queryParams(configQuery), async (c) => {
    // Per person and page: never cached by a browser or a proxy.
    c.header('cache-control', 'no-store');
    return c.json(await widgetConfig(projectCtx(c), c.req.valid('query'), { reasons: c.var.auth.kind === 'secret' }));
  })
  .post('/v1/widget/dismiss', requireKey('publishable', 'secret'), limitPublicIngest, jsonBody(dismissBody), async (c) =>
    c.json(await recordDismissal(projectCtx(c), c.req.valid('json')), 201),
  )
  .get('/widget.js', async (c) => {
    const script = await (await scriptFile()).loadWidgetScript();
    if (!script) throw new ApiError('not_found', 'The widget is not built; run "npm run build:widget".');
    return sendStaticFile(c, script, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      // Not versioned in the URL, so short freshness plus cheap ETag revalidation.
      'cache-control': 'public, max-age=300, stale-while-revalidate=86400',
      // Embedded by other sites, including ones that send Cross-Origin-Embedder-Policy.
      'cross-origin-resource-policy': 'cross-origin',
      'access-control-allow-origin': '*',
      'x-content-type-options': 'nosniff',
    });
  });
