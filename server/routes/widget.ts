import { Hono } from 'hono';
import { z } from 'zod';
import { limitPublicIngest } from '../auth/ingest-limit';
import { requireKey, requirePublishableKeyInQuery } from '../auth/middleware';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { WIDGET_LABELS, WIDGET_LABELS_TAG } from '../services/widget/labels';
import { contactDecisions, publicSurvey, publicWidgetSurveys, widgetConfig } from '../services/widget/config';
import { recordDismissal } from '../services/widget/dismiss';
import { jsonBody, queryParams } from '../validation';
import { projectCtx } from './context';
import { sendStaticFile } from './static-file';

const configQuery = z.object({
  personId: z.string().trim().min(1).max(255).optional(),
  anonymousId: z.string().min(1).max(100).optional(),
  url: z.string().max(2000).optional(),
});

const contactQuery = z.object({
  personId: z.string().trim().min(1).max(255),
  /** Comma-separated survey ids: the ones that passed the page's URL and the sample in the browser. */
  surveys: z
    .string()
    .max(2000)
    .transform((list) => list.split(',').filter(Boolean))
    .pipe(z.array(z.string().max(100)).min(1).max(50)),
});

/** Fresh for a minute, then served while revalidated (a 304 with no query while the version stands). */
const PUBLIC_SURVEYS_CACHE = 'public, max-age=60, stale-while-revalidate=600';
/** Bumped when publicSurvey()'s shape changes, so caches holding the old shape revalidate to the new. */
const PUBLIC_SURVEYS_FORMAT = 1;

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
  // The widget's page view in two halves: what every visitor of the project's sites gets (cacheable by browsers
  // and CDNs; no Authorization header, so no CORS preflight either), and, only when a survey would show to an
  // identified customer, whether that customer may be asked now.
  .get('/v1/widget/surveys', requirePublishableKeyInQuery(), async (c) => {
    const live = await publicWidgetSurveys(projectCtx(c));
    if (!live) throw new ApiError('not_found', 'No such project.');
    // The reply's shape, the widget's labels and the project's settings version name it: the bytes change only with one of them.
    const etag = `W/"surveys-${PUBLIC_SURVEYS_FORMAT}-${await WIDGET_LABELS_TAG}-${live.version}"`;
    c.header('cache-control', PUBLIC_SURVEYS_CACHE);
    c.header('etag', etag);
    const known = c.req.header('if-none-match')?.split(',').map((tag) => tag.trim()) ?? [];
    if (known.includes(etag)) return c.body(null, 304);
    return c.json({ labels: WIDGET_LABELS, surveys: live.surveys.map(publicSurvey) });
  })
  .get('/v1/widget/contact', requirePublishableKeyInQuery(), queryParams(contactQuery), async (c) => {
    // About one person: never kept by a shared cache, nor by the browser (an answer changes it).
    c.header('cache-control', 'private, no-store');
    const { personId, surveys } = c.req.valid('query');
    return c.json(await contactDecisions(projectCtx(c), personId, surveys));
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
