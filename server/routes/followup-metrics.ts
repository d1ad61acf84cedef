import { Hono } from 'hono';
import { z } from 'zod';
import { requireKey } from '../auth/middleware';
import type { AppEnv } from '../env';
import { followUpMetrics } from '../services/followups/metrics';
import { queryParams } from '../validation';
import { projectCtx } from './context';
import { instantParam, resolveRange, timeZoneParam } from './query';

const metricsQuery = z.object({
  from: instantParam.optional(),
  to: instantParam.optional(),
  tz: timeZoneParam,
  surveyId: z.string().max(100).optional(),
});

/** Mounted at /v1/metrics/followups. `from`/`to` select cases by the time they were opened. */
export const followUpMetricsRoutes = new Hono<AppEnv>()
  .use(requireKey('secret'))
  .get('/', queryParams(metricsQuery), async (c) => {
    const { from, to, tz, surveyId } = c.req.valid('query');
    return c.json(await followUpMetrics(projectCtx(c), { surveyId, ...resolveRange({ from, to, tz }) }));
  });
