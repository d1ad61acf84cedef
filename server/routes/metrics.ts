import { Hono } from 'hono';
import { z } from 'zod';
import { bucketStarts } from '../analytics/time';
import { requireKey } from '../auth/middleware';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { npsComparison, npsSummary, npsTrend } from '../services/metrics/nps';
import { queryParams } from '../validation';
import { projectCtx } from './context';
import { instantParam, resolveRange, segmentParams } from './query';

const MAX_TREND_POINTS = 1000;

const npsQuery = z.object({ ...segmentParams, from: instantParam.optional(), to: instantParam.optional() });
const trendQuery = npsQuery.extend({ interval: z.enum(['day', 'week', 'month']).default('week') });
const compareQuery = z.object({
  ...segmentParams,
  from: instantParam,
  to: instantParam,
  previousFrom: instantParam,
  previousTo: instantParam,
});

/** Without an explicit range a trend shows a sensible recent window: 30 days, 12 weeks or 12 months. */
const defaultSpanDays = { day: 30, week: 7 * 12, month: 365 } as const;

export const metricsRoutes = new Hono<AppEnv>()
  .use(requireKey('secret'))
  .get('/nps', queryParams(npsQuery), async (c) => {
    const { from, to, tz, ...segment } = c.req.valid('query');
    return c.json(await npsSummary(projectCtx(c), { ...segment, ...resolveRange({ from, to, tz }) }));
  })
  .get('/nps/trend', queryParams(trendQuery), async (c) => {
    const { from, to, tz, interval, ...segment } = c.req.valid('query');
    const range = resolveRange({ from, to, tz });
    const end = range.to ?? c.var.deps.clock.now();
    const start = range.from ?? new Date(end.getTime() - defaultSpanDays[interval] * 86_400_000);
    if (start.getTime() >= end.getTime()) throw new ApiError('bad_request', '"from" must be before "to".');
    if (bucketStarts(start, end, interval, tz).length > MAX_TREND_POINTS) {
      throw new ApiError('bad_request', `That range has more than ${MAX_TREND_POINTS} ${interval} buckets; pick a wider interval.`);
    }
    return c.json(await npsTrend(projectCtx(c), { ...segment, from: start, to: end }, interval, tz));
  })
  .get('/nps/compare', queryParams(compareQuery), async (c) => {
    const { from, to, previousFrom, previousTo, tz, ...segment } = c.req.valid('query');
    const current = resolveRange({ from, to, tz });
    const previous = resolveRange({ from: previousFrom, to: previousTo, tz }, { from: 'previousFrom', to: 'previousTo' });
    return c.json(await npsComparison(projectCtx(c), { ...segment, ...current }, { ...segment, ...previous }));
  });
