import { Hono, type MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import { getPath } from 'hono/utils/url';
import { createKeyCache } from './auth/key-cache';
import { createWidgetSurveyCache } from './services/widget/survey-cache';
import { createContactCache } from './services/widget/contact-cache';
import { requestBody } from './body';
import { refuseUnstorableUrl } from './validation';
import type { AppDeps, AppEnv } from './env';
import { ApiError, errorResponse, toApiError } from './errors';
import { loggableError, loggablePath } from './log-redaction';
import { healthRoutes } from './routes/health';
import { metricsRoutes } from './routes/metrics';
import { peopleRoutes } from './routes/people';
import { adminProjectRoutes, projectRoutes } from './routes/projects';
import { identitySecretRoutes } from './routes/identity-secret';
import { responseRoutes } from './routes/responses';
import { importRoutes } from './routes/imports';
import { surveyRoutes } from './routes/surveys';
import { followUpRoutes } from './routes/followups';
import { followUpRuleRoutes } from './routes/followup-rules';
import { followUpMetricsRoutes } from './routes/followup-metrics';
import { webhookRoutes } from './routes/webhooks';
import { linkRoutes } from './routes/links';
import { widgetRoutes } from './routes/widget';
import { authRoutes } from './routes/auth';
import { inviteRoutes } from './routes/invites';
import { memberRoutes } from './routes/members';
import { dashboardNotFound, dashboardRoutes } from './routes/dashboard';
import { themeRoutes } from './routes/themes';
import { insightRoutes } from './routes/insights';
import { delightedRoutes } from './routes/delighted';
import { goalRoutes } from './routes/goals';
import { segmentRoutes } from './routes/segments';

const EXPOSED_HEADERS = ['x-request-id', 'Retry-After'];
const preflight = cors({
  origin: (origin) => origin, // the key's allowed origins are enforced by requireKey, with a clear 403
  allowMethods: ['GET', 'POST', 'OPTIONS'],
  allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
  exposeHeaders: EXPOSED_HEADERS,
  maxAge: 86_400,
});

/**
 * CORS for the routes a browser on a customer's site calls with the publishable key. Preflights are hono's
 * cors. On the request itself the same headers are prepared with c.header() before the handler runs: hono's
 * cors writes them on c.res, and a response that exists before the handler's makes the Node adapter build a
 * full Web Response for every answer (~4 % of the server's CPU per answer in bench/ingest).
 */
const browserCors: MiddlewareHandler = async (c, next) => {
  if (c.req.method === 'OPTIONS') return preflight(c, next);
  const origin = c.req.header('origin');
  if (origin) c.header('Access-Control-Allow-Origin', origin);
  c.header('Access-Control-Expose-Headers', EXPOSED_HEADERS.join(','));
  c.header('Vary', 'Origin', { append: true });
  return next();
};

/**
 * The path routing sees. Delighted's clients and docs put ".json" on the end of its paths (/people.json,
 * /survey_responses/123.json) or leave it off; under /delighted/v1 both route alike (c.req.url keeps it).
 */
function delightedPath(request: Request): string {
  const path = getPath(request);
  return path.startsWith('/delighted/v1/') && path.endsWith('.json') ? path.slice(0, -'.json'.length) : path;
}

/** Builds the HTTP app over its dependencies; it does no I/O of its own, so Node, Workers and tests share it. */
export function createApp(appDeps: AppDeps) {
  const deps: AppDeps = { keyCache: createKeyCache(), widgetSurveys: createWidgetSurveyCache(), widgetContacts: createContactCache(), ...appDeps };
  const app = new Hono<AppEnv>({ getPath: delightedPath });

  app.use(requestId());
  app.use(async (c, next) => {
    c.set('deps', deps);
    const started = performance.now();
    await next();
    deps.logger({
      level: c.res.status >= 500 ? 'error' : 'info',
      msg: 'request',
      requestId: c.var.requestId,
      method: c.req.method,
      path: loggablePath(c.req.path),
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  });
  app.use(refuseUnstorableUrl);
  app.use('/v1/*', requestBody(deps.config.maxBodyBytes, deps.readBody));
  app.use('/delighted/v1/*', requestBody(deps.config.maxBodyBytes, deps.readBody));
  app.use('/v1/responses', browserCors);
  app.use('/v1/widget/*', browserCors);

  app.onError((err, c) => {
    const apiError = toApiError(err);
    if (apiError.status >= 500) {
      deps.logger({ level: 'error', msg: 'unhandled error', requestId: c.var.requestId, error: loggableError(err) });
    }
    return errorResponse(c, apiError);
  });
  app.notFound(
    async (c) => (await dashboardNotFound(c)) ?? errorResponse(c, new ApiError('not_found', `No route for ${c.req.method} ${c.req.path}.`)),
  );

  const routes = app
    .route('/healthz', healthRoutes)
    .route('/v1/projects', adminProjectRoutes)
    .route('/v1/project/identity-secret', identitySecretRoutes) // before /v1/project, whose key check would run twice
    .route('/v1/project', projectRoutes)
    .route('/v1/surveys', surveyRoutes)
    .route('/v1/responses', responseRoutes)
    .route('/v1/imports', importRoutes)
    .route('/v1/people', peopleRoutes)
    .route('/v1/metrics/followups', followUpMetricsRoutes) // before /v1/metrics
    .route('/v1/metrics', metricsRoutes)
    .route('/v1/followups', followUpRoutes)
    .route('/v1/followup-rules', followUpRuleRoutes)
    .route('/v1/webhooks', webhookRoutes)
    .route('/v1/auth/invites', inviteRoutes) // public: the invite link's token is the credential
    .route('/v1/auth', authRoutes)
    .route('/v1/members', memberRoutes)
    .route('/v1/themes', themeRoutes)
    .route('/v1/insights', insightRoutes)
    .route('/delighted/v1', delightedRoutes) // Delighted's API, for its clients (HTTP Basic, secret key)
    .route('/v1/goals', goalRoutes)
    .route('/v1/segments', segmentRoutes)
    // The embeddable widget (/widget.js, /v1/widget/*) and email survey links (/v1/surveys/:id/links, /s/…).
    .route('/', widgetRoutes)
    .route('/', linkRoutes)
    // The dashboard SPA: its pages and /dashboard/* assets (explicit paths, so it shadows nothing above).
    .route('/', dashboardRoutes);
  return routes;
}

export type AppType = ReturnType<typeof createApp>;
